// peacekit: the live runtime of an exercise page, in a Web Worker (started by pk-live.js).
//
// It starts the site's own Pyodide with only what the exercises need (pk-live-lock.json:
// peacekit, ipywidgets, traitlets, comm, pygal, ruamel.yaml), imports pk_live.py (the
// Python side: comms, cells, errors, files), copies the exercise's files (the journal,
// results) from the browser storage JupyterLite uses, runs the notebook's code cells and
// then relays widget messages between Python and the page. Files the exercise writes go
// back to that storage, so they survive a reload and show in "Open in JupyterLab" too.
//
// With config.snapshot on, once the first page is live, a second worker ({type:
// "snapshot"}) starts Python afresh, imports every exercise's modules and keeps a Pyodide
// memory snapshot of that in the browser's Cache Storage; later pages restore it instead
// of starting Python and importing again. Pyodide 314.0.6
// restores a snapshot into the WebAssembly module's own initial memory (480 pages,
// 31.5 MB), because the module exports its memory and Pyodide's INITIAL_MEMORY setting
// does not reach it: a larger snapshot fails with "RangeError: offset is out of bounds".
// growHeap() grows the memory first (docs/live-exercises.md has a reproduction).
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

// ---------------------------------------------------------------- memory snapshot

const SNAPSHOTS = "pk-live-snapshot"; // the Cache Storage cache

async function cachedSnapshot(key) {
  if (!key || typeof caches === "undefined") { return null; }
  try {
    const found = await (await caches.open(SNAPSHOTS)).match(key);
    return found ? new Uint8Array(await found.arrayBuffer()) : null;
  } catch (err) {
    return null;
  }
}

async function keepSnapshot(key, bytes) {
  const cache = await caches.open(SNAPSHOTS);
  for (const old of await cache.keys()) {
    if (old.url !== key) { await cache.delete(old); } // one per site: the current one
  }
  await cache.put(key, new Response(bytes, { headers: { "content-type": "application/octet-stream" } }));
}

// Pyodide's createPyodideModule, with the memory grown to hold the snapshot (see above).
function growHeap(create, bytes) {
  return async (settings) => {
    const module = await create(settings);
    if (module.HEAP8.length < bytes) { module._emscripten_resize_heap(bytes); }
    return module;
  };
}

// ---------------------------------------------------------------- start

const runtimeText = (cfg) => fetch(cfg.runtime + "pk_live.py").then((r) => {
  if (!r.ok) { throw new Error(`pk_live.py: HTTP ${r.status}`); }
  return r.text();
});

// JUPYTER_WIDGETS_ECHO: one front end, so no echo of each update; PEACEKIT_SITE_ROOT: where
// the knowledge checks' links to the site start, as in the book's build.
function pythonEnv(cfg) {
  return { JUPYTER_WIDGETS_ECHO: "0", PEACEKIT_SITE_ROOT: cfg.siteRoot || "" };
}

function pythonOptions(cfg) {
  return {
    indexURL: cfg.pyodide,
    lockFileURL: cfg.lock,
    stdout: (text) => console.log(text),
    stderr: (text) => console.warn(text),
  };
}

// A restored snapshot, with the packages' files (a snapshot holds memory, not files), or null.
async function restorePython(cfg, loadPyodide) {
  const snapshot = await cachedSnapshot(cfg.snapshot);
  if (!snapshot) { return null; }
  try {
    const create = (await import(cfg.pyodide + "pyodide.asm.mjs")).default;
    const restored = await loadPyodide({
      ...pythonOptions(cfg), _loadSnapshot: snapshot,
      createPyodideModule: growHeap(create, snapshot.length),
    });
    progress("restored", "Python restored from this browser's snapshot");
    await restored.loadPackage(cfg.packages, { messageCallback: () => {} });
    return restored;
  } catch (err) {
    console.warn("peacekit: the saved Python snapshot did not restore; starting afresh", err);
    return null;
  }
}

function usePkLive(python, source) {
  python.FS.mkdirTree("/home/pyodide/.pk-live");
  python.FS.writeFile("/home/pyodide/.pk-live/pk_live.py", source);
  python.runPython("import sys; sys.path.insert(0, '/home/pyodide/.pk-live')");
  return python.pyimport("pk_live");
}

async function start(cfg) {
  config = cfg;
  progress("download", "Downloading Python");
  storage = openStorage(cfg.storage);
  const runtime = runtimeText(cfg);
  const files = readFiles();
  const { loadPyodide } = await import(cfg.pyodide + "pyodide.mjs");
  py = await restorePython(cfg, loadPyodide);
  const restored = py !== null;
  if (!restored) {
    py = await loadPyodide({ ...pythonOptions(cfg), packages: cfg.packages, env: pythonEnv(cfg) });
  }
  progress("python", "Starting the exercise");
  pk = usePkLive(py, await runtime);
  py.FS.mkdirTree(FOLDER);
  for (const [name, bytes] of await files) {
    py.FS.writeFile(`${FOLDER}/${name}`, bytes);
  }
  pk.start(fromPython, FOLDER);
  for (const cell of cfg.cells) {
    progress("cell", `Running cell ${cell.index}`);
    pk.run_cell(cell.index, cell.source);
  }
  send("ready", JSON.stringify({ ms: Math.round(performance.now()), restored }));
}

// In a second worker, once the page is live: start Python afresh, import what every
// exercise needs, and keep a memory snapshot of that for the next exercise page.
async function makeSnapshot(cfg) {
  const started = performance.now();
  const { loadPyodide } = await import(cfg.pyodide + "pyodide.mjs");
  const python = await loadPyodide({
    ...pythonOptions(cfg), packages: cfg.packages, env: pythonEnv(cfg),
    _makeSnapshot: true,
  });
  usePkLive(python, await runtimeText(cfg)).prepare();
  // Pyodide expects its record of loaded packages to be empty in a snapshot (a restored
  // Python gets the packages' files again from loadPackage).
  for (const name of Object.keys(python.loadedPackages)) { delete python.loadedPackages[name]; }
  const bytes = python.makeMemorySnapshot();
  await keepSnapshot(cfg.snapshot, bytes);
  send("snapshot", JSON.stringify({ bytes: bytes.length, ms: Math.round(performance.now() - started) }));
}

function onMessage(data) {
  if (data.type === "start") {
    return start(data.config).catch((err) => {
      send("failed", JSON.stringify({ message: String(err && err.message || err) }));
      throw err;
    });
  }
  if (data.type === "snapshot") {
    return makeSnapshot(data.config).catch((err) => {
      send("snapshot", JSON.stringify({ failed: String(err && err.message || err) }));
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
