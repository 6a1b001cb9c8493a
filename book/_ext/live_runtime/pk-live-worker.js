// peacekit: the live runtime of an exercise page, in a Web Worker (started by pk-live.js).
//
// It starts the site's own Pyodide with only what the exercises need (pk-live-lock.json:
// peacekit, ipywidgets, traitlets, comm, pygal, ruamel.yaml), imports pk_live.py (the
// Python side: comms, cells, errors, files), copies the exercise's files (the journal,
// results) from the browser storage JupyterLite uses, runs the notebook's code cells and
// then relays widget messages between Python and the page. Files the exercise writes go
// back to that storage, so they survive a reload and show in "Open in JupyterLab" too.
//
// Messages from the page: {type: "start", config} once, then {type: "comm", message,
// buffers} and {type: "run", cell}. Messages to the page: {kind, payload (JSON text),
// buffers}; kinds: progress, comm, display, clear_output, stream, error, log, idle,
// files (handled here and then passed on), ready, failed.

const FOLDER = "/drive"; // JupyterLite's kernel works in /drive too
const FILES_STORE = "files"; // JupyterLite's contents, in its localforage database
const TEXT_TYPES = {
  ".json": "application/json", ".md": "text/markdown", ".html": "text/html",
  ".csv": "text/csv", ".txt": "text/plain", ".yaml": "text/x-yaml", ".yml": "text/x-yaml",
};

let py = null;
let pk = null;
let storage = null; // Promise<IDBDatabase | null>
let config = null;
let chain = Promise.resolve(); // every message is handled after the previous one

function send(kind, payload, buffers) {
  const list = buffers || [];
  self.postMessage({ kind, payload, buffers: list }, list.map((b) => b.buffer));
}

function progress(step, detail) {
  send("progress", JSON.stringify({ step, detail: detail || "", ms: Math.round(performance.now()) }));
}

// ---------------------------------------------------------------- browser storage

function request(req) {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

// Open JupyterLite's database (creating its "files" store if needed, as localforage would).
async function openStorage(name) {
  if (typeof indexedDB === "undefined") { return null; }
  try {
    let db = await new Promise((resolve, reject) => {
      const req = indexedDB.open(name);
      req.onupgradeneeded = () => req.result.createObjectStore(FILES_STORE);
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    if (!db.objectStoreNames.contains(FILES_STORE)) {
      const version = db.version + 1;
      db.close();
      db = await new Promise((resolve, reject) => {
        const req = indexedDB.open(name, version);
        req.onupgradeneeded = () => req.result.createObjectStore(FILES_STORE);
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => reject(req.error);
      });
    }
    // Let JupyterLite upgrade the database (it adds its other stores) while this page is open.
    db.onversionchange = () => { db.close(); storage = openStorage(name); };
    return db;
  } catch (err) {
    console.warn("peacekit: the browser's storage is not available; files are not kept", err);
    return null;
  }
}

function decode(model) {
  if (model.format === "base64") {
    return Uint8Array.from(atob(model.content || ""), (c) => c.charCodeAt(0));
  }
  const text = model.format === "json" ? JSON.stringify(model.content) : String(model.content ?? "");
  return new TextEncoder().encode(text);
}

// The files at the top of JupyterLite's drive (where the notebooks are), not notebooks.
async function readFiles() {
  const db = await storage;
  if (!db) { return []; }
  const tx = db.transaction(FILES_STORE, "readonly");
  const store = tx.objectStore(FILES_STORE);
  const [keys, values] = await Promise.all([request(store.getAllKeys()), request(store.getAll())]);
  const files = [];
  keys.forEach((key, i) => {
    const model = values[i];
    if (typeof key === "string" && !key.includes("/") && model && model.type === "file") {
      files.push([key, decode(model)]);
    }
  });
  return files;
}

function fileModel(name, bytes, old) {
  const now = new Date().toISOString();
  const ext = name.includes(".") ? name.slice(name.lastIndexOf(".")).toLowerCase() : "";
  let content;
  let format = "text";
  try {
    content = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch (err) {
    format = "base64";
    content = btoa(Array.from(bytes, (b) => String.fromCharCode(b)).join(""));
  }
  return {
    ...(old || {}),
    name, path: name, type: "file", writable: true, format, content,
    mimetype: TEXT_TYPES[ext] || (format === "text" ? "text/plain" : "application/octet-stream"),
    size: bytes.length, created: (old && old.created) || now, last_modified: now,
  };
}

async function writeFiles(changed, removed, buffers) {
  const db = await storage;
  if (!db) { return; }
  const tx = db.transaction(FILES_STORE, "readwrite");
  const store = tx.objectStore(FILES_STORE);
  for (let i = 0; i < changed.length; i++) {
    const old = await request(store.get(changed[i]));
    store.put(fileModel(changed[i], buffers[i], old), changed[i]);
  }
  for (const name of removed) { store.delete(name); }
  await new Promise((resolve, reject) => {
    tx.oncomplete = resolve;
    tx.onerror = () => reject(tx.error);
  });
}

// ---------------------------------------------------------------- Python

// What pk_live.py sends: (kind, payload as JSON text, list of bytes).
function fromPython(kind, payload, buffers) {
  const list = buffers ? buffers.toJs() : [];
  if (kind === "files") {
    const { changed, removed } = JSON.parse(payload);
    // Copies: the buffers are transferred to the page below.
    writeFiles(changed, removed, list.map((b) => b.slice())).catch((err) => {
      console.error("peacekit: could not keep the exercise's files in this browser", err);
    });
  }
  send(kind, payload, list);
}

async function start(cfg) {
  config = cfg;
  progress("download", "Downloading Python");
  storage = openStorage(cfg.storage);
  const runtime = fetch(cfg.runtime + "pk_live.py").then((r) => {
    if (!r.ok) { throw new Error(`pk_live.py: HTTP ${r.status}`); }
    return r.text();
  });
  const files = readFiles();
  const { loadPyodide } = await import(cfg.pyodide + "pyodide.mjs");
  py = await loadPyodide({
    indexURL: cfg.pyodide,
    lockFileURL: cfg.lock,
    packages: cfg.packages,
    env: { JUPYTER_WIDGETS_ECHO: "0" },
    stdout: (text) => console.log(text),
    stderr: (text) => console.warn(text),
  });
  progress("python", "Starting the exercise");
  py.FS.mkdirTree("/home/pyodide/.pk-live");
  py.FS.writeFile("/home/pyodide/.pk-live/pk_live.py", await runtime);
  py.FS.mkdirTree(FOLDER);
  for (const [name, bytes] of await files) {
    py.FS.writeFile(`${FOLDER}/${name}`, bytes);
  }
  py.runPython("import sys; sys.path.insert(0, '/home/pyodide/.pk-live')");
  pk = py.pyimport("pk_live");
  pk.start(fromPython, FOLDER);
  for (const cell of cfg.cells) {
    progress("cell", `Running cell ${cell.index}`);
    pk.run_cell(cell.index, cell.source);
  }
  send("ready", JSON.stringify({ ms: Math.round(performance.now()) }));
}

function onMessage(data) {
  if (data.type === "start") {
    return start(data.config).catch((err) => {
      send("failed", JSON.stringify({ message: String(err && err.message || err) }));
      throw err;
    });
  }
  if (!pk) { return undefined; }
  if (data.type === "comm") {
    pk.handle(data.message, py.toPy(data.buffers || []));
  } else if (data.type === "run") {
    const cell = config.cells.find((c) => c.index === data.cell);
    if (cell) { pk.run_cell(cell.index, cell.source); }
  }
  return undefined;
}

self.onmessage = (event) => {
  chain = chain.then(() => onMessage(event.data)).catch((err) => {
    console.error("peacekit: the live runtime failed", err);
  });
};
