// peacekit: draw the widgets a page embeds (the widget state saved when the book was
// built), and keep the manager, its models and its views for the live runtime.
//
// This replaces @jupyter-widgets/html-manager's libembed-amd renderer: it draws the same
// views with the same HTMLManager, but loads no module from a CDN, skips the JSON-schema
// validation of the site's own state, and hands what it drew to pk-live.js, which swaps
// each view for a live one once Python runs in the page. Loaded on every page with
// widgets, after require.js and jupyter-widgets.js (see nb_ipywidgets_js in _config.yml).
(function () {
  "use strict";
  var STATE = 'script[type="application/vnd.jupyter.widget-state+json"]';
  var VIEW = 'script[type="application/vnd.jupyter.widget-view+json"]';

  var api = {
    views: [], // {tag, area, model, view}, in page order
    initialState: {}, // model id -> the embedded state of that model
    manager: null,
    htmlManager: null, // the @jupyter-widgets/html-manager module
    ready: null,
  };
  window.pkWidgets = api;

  // Only the site's own widget modules exist: the page never asks another host for one.
  api.loader = function (name, version) {
    return Promise.reject(new Error("the widget module " + name + "@" + version +
                                    " is not served by this site"));
  };

  function domReady() {
    if (document.readyState !== "loading") { return Promise.resolve(); }
    return new Promise(function (resolve) {
      document.addEventListener("DOMContentLoaded", resolve, { once: true });
    });
  }

  async function render(htmlManager) {
    api.htmlManager = htmlManager;
    await domReady();
    var tags = document.querySelectorAll(STATE);
    for (var i = 0; i < tags.length; i++) {
      var state = JSON.parse(tags[i].textContent);
      Object.assign(api.initialState, state.state);
      var manager = new htmlManager.HTMLManager({ loader: api.loader });
      api.manager = api.manager || manager;
      var models = await manager.set_state(state);
      var byId = new Map(models.map(function (m) { return [m.model_id, m]; }));
      var views = Array.from(document.querySelectorAll(VIEW));
      await Promise.all(views.map(async function (tag) {
        var model = byId.get(JSON.parse(tag.textContent).model_id);
        if (!model || !tag.parentElement) { return; }
        var area = document.createElement("div");
        area.className = "widget-subarea";
        tag.parentElement.insertBefore(area, tag);
        var view = await manager.create_view(model);
        await manager.display_view(view, area);
        api.views.push({ tag: tag, area: area, model: model, view: view });
      }));
    }
    api.views.sort(function (a, b) {
      return a.area.compareDocumentPosition(b.area) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1;
    });
    return api;
  }

  api.ready = new Promise(function (resolve, reject) {
    // require.js calls only plain functions back (not async ones).
    window.require(["@jupyter-widgets/html-manager"], function (htmlManager) {
      render(htmlManager).then(resolve, function (err) {
        console.error("peacekit: the widgets could not be drawn", err);
        reject(err);
      });
    }, reject);
  });
})();
