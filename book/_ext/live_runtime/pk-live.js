// peacekit: make an exercise page's own widgets live, with Python running in the page.
//
// As soon as the page starts loading, this script starts pk-live-worker.js, which runs
// the notebook's code in the site's own Pyodide (unless the browser asks to save data:
// then a button starts it). Meanwhile the page shows the widgets drawn from the state
// saved at build time (pk-widgets.js). When Python has run a cell, each of its widgets
// replaces the drawn one in place: a live view of a widget manager whose comms talk to
// the worker. What the student changed in the meantime (a choice, a slider) is carried
// over and buttons pressed are pressed again; text boxes wait, read-only, so that nothing
// typed there can overwrite a saved journal. An exception in Python shows in the exercise.
//
// The page holds <script id="pk-live-config" type="application/json"> (written by
// book/_ext/live_exercises.py) with the URLs, the cells' code and the download size.
// window.pkLive exposes the state and timings (the browser tests and `make bench` use it).
(function () {
  "use strict";
  var WIDGET_VIEW = "application/vnd.jupyter.widget-view+json";
  var USER_KEYS = ["value", "index", "selected_index"]; // what a student changes on a control
  var TEXT_MODELS = ["TextModel", "TextareaModel", "PasswordModel", "ComboboxModel"];
  var configTag = document.getElementById("pk-live-config");
  if (!configTag) { return; }
  var config = JSON.parse(configTag.textContent);
  var page = document.baseURI;
  function url(rel) { return new URL(rel, page).href; }

  var live = {
    state: "off", // off | loading | live | failed
    marks: { navigation: 0 }, // ms since navigation start
    stats: [], // per message from a control: {sent, python, idle} in ms
    errors: [],
    ready: null,
  };
  window.pkLive = live;
  var readyResolve;
  live.ready = new Promise(function (resolve) { readyResolve = resolve; });
  function mark(name) { if (!(name in live.marks)) { live.marks[name] = performance.now(); } }

  var worker = null;
  var manager = null; // the live widget manager
  var inbox = []; // worker messages that arrived before the manager
  var comms = new Map(); // comm id -> PageComm
  var models = new Map(); // model id -> Promise<model>
  var modelCell = new Map(); // model id -> cell index
  var shown = {}; // cell index -> number of widget views shown live
  var pending = new Map(); // message id -> {callbacks, sent}
  var queuedClicks = []; // {area, index}
  var lastCell = null;
  var counter = 0;

  // ---------------------------------------------------------------- the page's text

  var MB = Math.round((config.bytes || 15e6) / 1e6);
  var TEXT = {
    loading: "Live version loading: Python is starting in your browser (about " + MB +
      " MB the first time, from this site). You can already use the controls; text boxes " +
      "open when it is ready.",
    live: "Live: the controls run the exercise\u2019s Python in your browser. Nothing you do " +
      "leaves your computer.",
    off: "The live version does not start by itself here (your browser asks to save data, " +
      "or you turned it off). Until you start it, the controls only show the exercise\u2019s " +
      "starting state.",
    failed: "The live version could not start, so the controls only show the starting " +
      "state. Reload the page, or open the exercise in JupyterLab. (",
  };

  function ui(selector) { return document.querySelector(".pk-live-block " + selector); }

  function showState() {
    var status = ui(".pk-live-status");
    if (!status) { return; }
    var text = TEXT[live.state] || "";
    if (live.state === "failed") { text += (live.failure || "unknown error") + ")"; }
    status.textContent = text;
    status.setAttribute("data-state", live.state);
    var startButton = ui(".pk-live-start");
    if (startButton) { startButton.hidden = live.state !== "off"; }
    document.querySelectorAll(".pk-live-rerun").forEach(function (button) {
      button.disabled = live.state !== "live";
    });
  }

  function setState(state) {
    live.state = state;
    showState();
  }

  function cellContainer(cell) { return document.querySelector(".pk-cell-" + cell); }

  function problem(cell, message) {
    var container = cell === null || cell === undefined ? null : cellContainer(cell);
    var where = container || document.querySelector(".pk-live-block");
    if (!where) { return; }
    var box = where.querySelector(":scope > .pk-live-error");
    if (!box) {
      box = document.createElement("div");
      box.className = "pk-live-error";
      box.setAttribute("role", "alert");
      where.insertBefore(box, container ? where.querySelector(".cell_output") : null);
    }
    var text = String(message).trim();
    box.textContent = "Something went wrong in this exercise: " + text +
      (/[.!?\u2026]$/.test(text) ? " " : ". ") + "What you wrote is kept. If the exercise " +
      "stops answering, reload the page or open it in JupyterLab.";
  }

  // ---------------------------------------------------------------- the worker

  function start() {
    if (worker) { return; }
    setState("loading");
    mark("start");
    worker = new Worker(url(config.runtime + "pk-live-worker.js"), { type: "module" });
    worker.onmessage = function (event) {
      if (manager) { receive(event.data); } else { inbox.push(event.data); }
    };
    worker.onerror = function (event) {
      fail(event.message || "the worker could not start");
    };
    worker.postMessage({ type: "start", config: workerConfig() });
  }

  function workerConfig() {
    return {
      pyodide: url(config.pyodide),
      lock: url(config.lock),
      runtime: url(config.runtime),
      packages: config.packages,
      cells: config.cells,
      siteRoot: config.site_root,
      storage: "JupyterLite Storage - " + new URL(config.lite, page).pathname,
      snapshot: config.snapshot ? url(config.runtime + "snapshot/" + config.snapshot) : null,
    };
  }

  // Once the page is live and idle: a second worker keeps a Python snapshot for next time.
  function scheduleSnapshot() {
    var idle = window.requestIdleCallback || function (fn) { return setTimeout(fn, 1000); };
    var later = function (fn) { setTimeout(function () { idle(fn, { timeout: 5000 }); }, 3000); };
    later(function () {
      var helper = new Worker(url(config.runtime + "pk-live-worker.js"), { type: "module" });
      helper.onmessage = function (event) {
        if (event.data.kind !== "snapshot") { return; }
        live.snapshot = JSON.parse(event.data.payload);
        helper.terminate();
      };
      helper.postMessage({ type: "snapshot", config: workerConfig() });
    });
  }

  function fail(message) {
    message = String(message && message.message || message);
    live.failure = message;
    console.error("peacekit: the live version of this exercise failed: " + message);
    setState("failed");
  }

  function toWorker(msgType, commId, data, callbacks, metadata, buffers) {
    var msgId = "pk-" + (++counter);
    var copies = (buffers || []).map(function (b) {
      var view = ArrayBuffer.isView(b) ? b : new Uint8Array(b);
      return new Uint8Array(view.buffer.slice(view.byteOffset, view.byteOffset + view.byteLength));
    });
    pending.set(msgId, { callbacks: callbacks, sent: performance.now() });
    worker.postMessage({
      type: "comm",
      message: JSON.stringify({
        msg_type: msgType, msg_id: msgId, metadata: metadata || {},
        content: { comm_id: commId, data: data || {} },
      }),
      buffers: copies,
    }, copies.map(function (c) { return c.buffer; }));
    return msgId;
  }

  // A comm whose other end is pk_live.PageComm in the worker.
  function PageComm(id, target) {
    this.comm_id = id;
    this.target_name = target;
    this._onMsg = null;
    this._onClose = null;
    this._queue = [];
  }
  PageComm.prototype.open = function () {
    throw new Error("peacekit: widgets are created by Python on this page");
  };
  PageComm.prototype.send = function (data, callbacks, metadata, buffers) {
    return toWorker("comm_msg", this.comm_id, data, callbacks, metadata, buffers);
  };
  PageComm.prototype.close = function (data, callbacks, metadata, buffers) {
    comms.delete(this.comm_id);
    return toWorker("comm_close", this.comm_id, data, callbacks, metadata, buffers);
  };
  PageComm.prototype.on_msg = function (callback) {
    this._onMsg = callback;
    var queue = this._queue;
    this._queue = [];
    queue.forEach(callback); // messages that came before the model existed
  };
  PageComm.prototype.on_close = function (callback) { this._onClose = callback; };
  PageComm.prototype.deliver = function (msg) {
    if (this._onMsg) { this._onMsg(msg); } else { this._queue.push(msg); }
  };

  function kernelMessage(payload, buffers) {
    return {
      header: { msg_type: payload.msg_type, msg_id: "py-" + (++counter) },
      parent_header: payload.parent ? { msg_id: payload.parent } : {},
      metadata: payload.metadata || {},
      content: payload.content,
      buffers: (buffers || []).map(function (b) {
        return new DataView(b.buffer, b.byteOffset, b.byteLength);
      }),
    };
  }

  function receive(message) {
    var payload = message.payload ? JSON.parse(message.payload) : {};
    switch (message.kind) {
      case "comm": {
        var msg = kernelMessage(payload, message.buffers);
        var id = payload.content.comm_id;
        if (payload.msg_type === "comm_open") {
          var comm = new PageComm(id, payload.content.target_name);
          comms.set(id, comm);
          models.set(id, manager.handle_comm_open(comm, msg));
        } else if (payload.msg_type === "comm_msg") {
          if (comms.has(id)) { comms.get(id).deliver(msg); }
        } else if (comms.has(id)) {
          var closing = comms.get(id);
          comms.delete(id);
          if (closing._onClose) { closing._onClose(msg); }
        }
        break;
      }
      case "display": display(payload); break;
      case "idle": idle(payload); break;
      case "error": {
        live.errors.push(payload);
        console.error("peacekit: an exception in " + payload.where + "\n" + payload.traceback);
        var cell = payload.cell;
        if (cell === null || cell === undefined) {
          cell = modelCell.has(payload.comm_id) ? modelCell.get(payload.comm_id) : lastCell;
        }
        if (!payload.shown) { problem(cell, payload.message); } // else the exercise says it
        break;
      }
      case "stream": {
        (payload.name === "stderr" ? console.warn : console.log)(payload.text);
        break;
      }
      case "log": console.warn("peacekit (Python " + payload.level + "): " + payload.message); break;
      case "progress": mark(payload.step); break;
      case "ready":
        mark("ready");
        live.restored = !!payload.restored;
        Promise.all(displays).then(function () {
          mark("live");
          setState("live");
          readyResolve(live);
          if (config.snapshot && !payload.restored) { scheduleSnapshot(); }
        });
        break;
      case "failed": fail(payload.message); break;
      default: break;
    }
  }

  function idle(payload) {
    var entry = pending.get(payload.msg_id);
    if (!entry) { return; }
    pending.delete(payload.msg_id);
    var now = performance.now();
    live.stats.push({ sent: entry.sent, python: payload.python_ms, idle: now - entry.sent });
    if (live.stats.length > 500) { live.stats.shift(); }
    var status = entry.callbacks && entry.callbacks.iopub && entry.callbacks.iopub.status;
    if (status) {
      status({
        header: { msg_type: "status" }, parent_header: { msg_id: payload.msg_id },
        metadata: {}, content: { execution_state: "idle" },
      });
    }
  }

  // ---------------------------------------------------------------- live views

  var displays = [];

  function display(payload) {
    var work = showOutput(payload).catch(function (err) {
      console.error("peacekit: could not show a live widget", err);
      problem(payload.cell, String(err && err.message || err));
    });
    displays.push(work);
  }

  function staticViews(container) {
    var drawn = window.pkWidgets ? window.pkWidgets.views : [];
    return drawn.filter(function (v) { return container.contains(v.area); });
  }

  function outputArea(container) {
    var area = container.querySelector(".cell_output");
    if (!area) {
      area = document.createElement("div");
      area.className = "cell_output docutils container";
      container.appendChild(area);
    }
    return area;
  }

  async function showOutput(payload) {
    var container = cellContainer(payload.cell);
    if (!container) { return; }
    var data = payload.data || {};
    if (!data[WIDGET_VIEW]) {
      var out = document.createElement(data["text/html"] ? "div" : "pre");
      out.className = "pk-live-output";
      if (data["text/html"]) { out.innerHTML = data["text/html"]; } else { out.textContent = data["text/plain"] || ""; }
      outputArea(container).appendChild(out);
      return;
    }
    var k = shown[payload.cell] = (shown[payload.cell] || 0) + 1;
    var old = staticViews(container).filter(function (v) { return !v.replaced; })[0];
    var model = await models.get(data[WIDGET_VIEW].model_id);
    var area = document.createElement("div");
    area.className = "widget-subarea pk-live-area";
    area.setAttribute("data-pk-display", String(k));
    if (old) {
      old.replaced = true;
      area.classList.add("pk-live-pending");
      old.area.after(area);
    } else {
      outputArea(container).appendChild(area);
    }
    var view = await manager.create_view(model);
    await manager.display_view(view, area);
    await whenRendered(view);
    mapModels(model, payload.cell, new Set());
    if (old) {
      carryOver(old.model, model);
      var focus = focusPath(old.area);
      old.view.remove();
      old.area.remove();
      area.classList.remove("pk-live-pending");
      restoreFocus(area, focus);
      replayClicks(old.area, area);
    }
    mark("firstLiveView");
  }

  // A box draws its children's views asynchronously: wait for the whole tree.
  async function whenRendered(view) {
    var list = view && view.children_views;
    if (list && Array.isArray(list.views)) {
      var children = await Promise.all(list.views);
      await Promise.all(children.map(whenRendered));
    }
  }

  function mapModels(model, cell, seen) {
    if (!model || !model.model_id || seen.has(model.model_id)) { return; }
    seen.add(model.model_id);
    modelCell.set(model.model_id, cell);
    ["children", "layout", "style"].forEach(function (key) {
      var value = model.get(key);
      (Array.isArray(value) ? value : [value]).forEach(function (child) {
        if (child && child.model_id) { mapModels(child, cell, seen); }
      });
    });
  }

  // What the student changed on the drawn controls goes to the live ones (and to Python).
  function carryOver(drawn, liveModel) {
    if (!drawn || !liveModel || drawn.get("_model_name") !== liveModel.get("_model_name")) {
      return;
    }
    if (TEXT_MODELS.indexOf(drawn.get("_model_name")) < 0) {
      var initial = (window.pkWidgets.initialState[drawn.model_id] || {}).state || {};
      var changes = {};
      USER_KEYS.forEach(function (key) {
        if (!(key in initial)) { return; }
        var now = drawn.get(key);
        if (JSON.stringify(now) !== JSON.stringify(initial[key])) { changes[key] = now; }
      });
      if (Object.keys(changes).length) {
        liveModel.set(changes);
        liveModel.save_changes();
      }
    }
    var a = drawn.get("children");
    var b = liveModel.get("children");
    if (Array.isArray(a) && Array.isArray(b)) {
      for (var i = 0; i < Math.min(a.length, b.length); i++) { carryOver(a[i], b[i]); }
    }
  }

  function pathOf(root, element) {
    var path = [];
    while (element && element !== root) {
      path.unshift(Array.prototype.indexOf.call(element.parentNode.children, element));
      element = element.parentNode;
    }
    return element === root ? path : null;
  }

  function focusPath(root) {
    var active = document.activeElement;
    if (!active || !root.contains(active)) { return null; }
    return { path: pathOf(root, active) };
  }

  function restoreFocus(root, focus) {
    if (!focus || !focus.path) { return; }
    var element = root;
    focus.path.forEach(function (i) { element = element && element.children[i]; });
    if (element && element.focus) { element.focus(); }
  }

  function buttonsIn(root) {
    return Array.from(root.querySelectorAll("button"));
  }

  function replayClicks(oldArea, area) {
    var mine = queuedClicks.filter(function (c) { return c.area === oldArea; });
    queuedClicks = queuedClicks.filter(function (c) { return c.area !== oldArea; });
    var buttons = buttonsIn(area);
    mine.forEach(function (c) { if (buttons[c.index]) { buttons[c.index].click(); } });
  }

  // Before the page is live: remember the buttons pressed on the drawn widgets (from the
  // first moment they are drawn), to press them again on the live ones.
  function rememberClick(event) {
    var button = event.target.closest && event.target.closest("button");
    var area = button && button.closest(".widget-subarea");
    if (!area || area.classList.contains("pk-live-area")) { return; }
    var index = buttonsIn(area).indexOf(button);
    if (index >= 0) { queuedClicks.push({ area: area, index: index }); }
  }

  // And keep their text boxes read-only, so that nothing typed there can overwrite a
  // saved journal: they open when the live widget replaces the drawn one.
  function watchDrawnViews(views) {
    views.forEach(function (v) {
      v.area.querySelectorAll("input[type=text], textarea").forEach(function (box) {
        box.readOnly = true;
        box.setAttribute("aria-busy", "true");
        box.classList.add("pk-live-waiting");
      });
    });
  }

  function trackCell(event) {
    var cell = event.target.closest && event.target.closest("[class*='pk-cell-']");
    if (!cell) { return; }
    var match = /pk-cell-(\d+)/.exec(cell.className);
    if (match) { lastCell = Number(match[1]); }
  }

  function rerun(event) {
    var button = event.target.closest && event.target.closest(".pk-live-rerun");
    if (!button || live.state !== "live") { return; }
    var cell = Number(button.getAttribute("data-cell"));
    var container = cellContainer(cell);
    if (container) {
      container.querySelectorAll(".pk-live-area, .pk-live-output, .pk-live-error").forEach(
        function (el) { el.remove(); });
    }
    shown[cell] = 0;
    worker.postMessage({ type: "run", cell: cell });
  }

  function makeManager(htmlManager) {
    class LiveManager extends htmlManager.HTMLManager {
      _create_comm() {
        return Promise.reject(new Error("peacekit: widgets are created by Python on this page"));
      }
      _get_comm_info() { return Promise.resolve({}); }
    }
    return new LiveManager({ loader: window.pkWidgets.loader });
  }

  async function connectPage() {
    showState();
    document.addEventListener("click", rerun);
    ["input", "change", "click", "keydown"].forEach(function (type) {
      document.addEventListener(type, trackCell, true);
    });
    var startButton = ui(".pk-live-start");
    if (startButton) { startButton.addEventListener("click", start); }
    var auto = ui(".pk-live-auto input");
    if (auto) {
      auto.checked = !autostartOff();
      auto.addEventListener("change", function () {
        try {
          if (auto.checked) { window.localStorage.removeItem(AUTOSTART); } else { window.localStorage.setItem(AUTOSTART, "off"); }
        } catch (err) { console.warn("peacekit: this browser does not keep the setting", err); }
      });
    }
    if (!window.pkWidgets) { fail("the widget scripts did not load"); return; }
    var drawn = await window.pkWidgets.ready;
    mark("drawn");
    watchDrawnViews(drawn.views);
    manager = makeManager(drawn.htmlManager);
    var early = inbox;
    inbox = [];
    early.forEach(receive);
  }

  // ---------------------------------------------------------------- go

  var AUTOSTART = "pk-live-autostart"; // localStorage: "off" = the student turned it off

  function autostartOff() {
    try { return window.localStorage.getItem(AUTOSTART) === "off"; } catch (err) { return false; }
  }

  function wantsLessData() {
    var connection = navigator.connection;
    if (connection && connection.saveData) { return true; }
    if (window.matchMedia && window.matchMedia("(prefers-reduced-data: reduce)").matches) {
      return true;
    }
    return autostartOff();
  }

  document.addEventListener("click", rememberClick, true);
  if (typeof Worker === "undefined") {
    live.failure = "this browser cannot run it";
    live.state = "failed";
  } else if (wantsLessData()) {
    live.state = "off";
  } else {
    start(); // now, while the page is still loading
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { connectPage().catch(fail); });
  } else {
    connectPage().catch(fail);
  }
})();
