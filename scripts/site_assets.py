#!/usr/bin/env python3
"""Fetch and assemble the web assets the course site serves itself.

The published site must make no request to any host but its own, so nothing
is loaded from a CDN at read time. Instead, at build time, this script:

* fetches pinned npm packages with the ordinary ``npm pack`` and checks each
  tarball against the sha512 integrity pinned below (and the one npm reports):
  ``requirejs``, ``@jupyter-widgets/html-manager`` (widgets) and ``mathjax``
  (equations). They go to ``_build/site-assets/html/_static/pk-vendor``, which
  ``_config.yml`` lists in ``html_extra_path`` (not ``html_static_path``: Jupyter
  Book would add every ``.js`` there to every page). Of the widget manager's
  ``embed-amd.js`` only the modules the site uses are served (see
  ``WIDGET_MODULES``);
* assembles a self-hosted Pyodide in ``lite/static/pyodide`` (JupyterLite's
  well-known location; the live exercise pages use the same files): the npm
  ``pyodide`` core runtime, the pure-Python wheels the kernel and ``peacekit``
  need (from PyPI via ``pip download``, their sha256 rewritten in
  ``pyodide-lock.json`` because Pyodide checks it), and a wheel of ``peacekit``
  built from this repository. Packages missing from Pyodide's lock are resolved
  for Pyodide (Python 3.14, emscripten markers) and pinned to ``constraints.txt``.
  The standard library and the wheels are compiled to Pyodide's bytecode
  (``scripts/pyodide_bytecode.py``), and a second, smaller lock file
  (``LIVE_LOCK``) lists what an exercise page's own live runtime loads.

Nothing here is committed; downloads are cached in ``_build/.downloads``. The
script is idempotent: it skips work whose inputs have not changed.

Set ``PEACEKIT_PYODIDE=cdn`` to skip the self-hosted Pyodide (a much smaller
site; the live exercises then load Pyodide from jsDelivr, but ``peacekit`` and
its dependencies are still served by the site). Standard library only, plus
``packaging`` for environment markers (always present where pip is).
"""

from __future__ import annotations

import base64
import hashlib
import itertools
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from email.parser import Parser
from pathlib import Path

from pyodide_bytecode import RECIPE, BytecodeError, compile_for_pyodide

try:
    from packaging.requirements import Requirement
    from packaging.specifiers import SpecifierSet
    from packaging.utils import canonicalize_name
except ImportError:  # pragma: no cover - pip always vendors it
    from pip._vendor.packaging.requirements import Requirement
    from pip._vendor.packaging.specifiers import SpecifierSet
    from pip._vendor.packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
BUILD = ROOT / "_build"
DOWNLOADS = BUILD / ".downloads"
EXTRA = BUILD / "site-assets" / "html"  # html_extra_path
VENDOR = EXTRA / "_static" / "pk-vendor"  # not "vendor": the theme has _static/vendor
LITE_DIR = ROOT / "lite"
PYODIDE_OUT = LITE_DIR / "static" / "pyodide"
# PEACEKIT_PYODIDE=cdn only: our wheels and a lock whose Pyodide entries point at
# Pyodide's CDN, served at <site>/lite-wheels/ (the lite build copies no extra files).
CDN_WHEELS_OUT = EXTRA / "lite-wheels"

# name -> (version, npm integrity). Bump both together; `npm view NAME@VER dist.integrity`.
NPM_PINS = {
    "requirejs": (
        "2.3.8",
        "sha512-7/cTSLOdYkNBNJcDMWf+luFvMriVm7eYxp4BcFCsAX0wF421Vyce5SXP17c+Jd5otXKGNehIonFlyQXSowL6Mw==",
    ),
    # 1.0.x matches ipywidgets 8.1 (its __html_manager_version__ is ^1.0.1).
    "@jupyter-widgets/html-manager": (
        "1.0.15",
        "sha512-5thBIV6ymNgmPVOHvzx+gGy8ZSKmSazhtGw4/c4xJDVzRhG9PTeQsRjF3FUTopvFi//SABeNz1yp47bCrJ3CQA==",
    ),
    "mathjax": (
        "3.2.2",
        "sha512-Bt+SSVU8eBG27zChVewOicYs7Xsdt40qm4+UpHyX7k0/O9NliPc+x77k1/FEsPsjKPZGJvtRZM1vO+geW0OhGw==",
    ),
    # The version jupyterlite-pyodide-kernel pins (checked in pyodide_version()).
    "pyodide": (
        "314.0.6",
        "sha512-BKDTJyIqFxC4BExLqeRS3f5xvXZIjOt8C3zGLN/Cc7tFxSwvKVhVkchQQ2AGLOtR4YrVOIFxbV8poyDOOmWwxQ==",
    ),
}

# Test-only npm packages: fetched and checked like the others, never copied into the site.
# axe-core runs the accessibility checks in tests/site/test_site_pages.py. Versions disagree on
# the same page (see the tooling notes), so one is pinned.
TEST_NPM_PINS = {
    "axe-core": (
        "4.14.1",
        "sha512-FHfa+lmNjQZfJz1q8wKqIDwC6DExcHt/pkjNQb09a3NPjCKg2rhu5qb2S4r76ASyFNNtuFooJpZe37OgudVGtQ==",
    ),
}

# Pyodide core files the browser loads (no source maps, no type stubs or demos).
PYODIDE_CORE = {
    "pyodide.mjs",
    "pyodide.js",
    "pyodide.asm.mjs",
    "pyodide.asm.wasm",
    "python_stdlib.zip",
    "package.json",
}

# An exercise page's own live runtime (book/_ext/live_runtime/) loads what this lock file,
# next to pyodide-lock.json, lists: peacekit and its dependencies, without the packages
# only JupyterLab needs: IPython (the page's runtime has a small stand-in for the few names
# ipywidgets imports from it) and JupyterLab's widget extension.
LIVE_LOCK = "pk-live-lock.json"
LIVE_WITHOUT = {"ipython", "jupyterlab-widgets", "widgetsnbextension"}

# What the kernel installs at start (see its worker's initKernel), plus peacekit.
# The same list is preloaded through loadPyodideOptions.packages in lite/jupyter-lite.json.
KERNEL_PACKAGES = ["micropip", "piplite", "pyodide-kernel", "ipykernel", "comm", "jedi", "ipython"]
ROOT_PACKAGE = "peacekit"

# Markers as Pyodide 314 (Python 3.14 on emscripten) evaluates them.
PYODIDE_ENV = {
    "python_version": "3.14",
    "python_full_version": "3.14.2",
    "sys_platform": "emscripten",
    "platform_system": "Emscripten",
    "platform_machine": "wasm32",
    "platform_release": "",
    "platform_version": "",
    "os_name": "posix",
    "implementation_name": "cpython",
    "implementation_version": "3.14.2",
    "platform_python_implementation": "CPython",
    "extra": "",
}


class AssetError(SystemExit):
    """A failure that must stop the build, with a message a maintainer can act on."""

    def __init__(self, message: str):
        super().__init__(f"site_assets: {message}")


def log(message: str) -> None:
    print(f"[site-assets] {message}", flush=True)


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def npm_integrity(path: Path) -> str:
    return "sha512-" + base64.b64encode(hashlib.sha512(path.read_bytes()).digest()).decode()


def recipe_hash(*parts: object) -> str:
    digest = hashlib.sha256()
    for part in parts:
        if isinstance(part, Path):
            files = sorted(p for p in part.rglob("*") if p.is_file()) if part.is_dir() else [part]
            for f in files:
                if "__pycache__" in f.parts or any(p.endswith(".egg-info") for p in f.parts):
                    continue
                digest.update(str(f.relative_to(ROOT) if f.is_relative_to(ROOT) else f).encode())
                digest.update(f.read_bytes())
        else:
            digest.update(json.dumps(part, sort_keys=True, default=str).encode())
    return digest.hexdigest()


STAMPS = BUILD / "site-assets" / "stamps"  # what each output was made from (not served)


def stamp_for(output: Path) -> Path:
    return STAMPS / (output.relative_to(ROOT).as_posix().replace("/", "_") + ".recipe")


def up_to_date(output: Path, recipe: str) -> bool:
    stamp = stamp_for(output)
    return output.is_dir() and stamp.is_file() and stamp.read_text() == recipe


def mark_done(output: Path, recipe: str) -> None:
    STAMPS.mkdir(parents=True, exist_ok=True)
    stamp_for(output).write_text(recipe)


# ---------------------------------------------------------------- npm


def npm_tarball(name: str) -> Path:
    """Return the cached, integrity-checked tarball of a pinned npm package."""
    version, pinned = {**NPM_PINS, **TEST_NPM_PINS}[name]
    cache = DOWNLOADS / "npm"
    cache.mkdir(parents=True, exist_ok=True)
    target = cache / f"{name.replace('@', '').replace('/', '-')}-{version}.tgz"
    if target.is_file() and npm_integrity(target) == pinned:
        return target
    if shutil.which("npm") is None:
        raise AssetError("npm is needed to fetch the site's web assets (install Node.js).")
    log(f"npm pack {name}@{version}")
    with tempfile.TemporaryDirectory() as tmp:
        proc = subprocess.run(
            ["npm", "pack", f"{name}@{version}", "--json", "--pack-destination", tmp],
            capture_output=True,
            text=True,
            cwd=tmp,
        )
        if proc.returncode != 0:
            raise AssetError(f"npm pack {name}@{version} failed:\n{proc.stderr[-2000:]}")
        info = json.loads(proc.stdout)[0]
        got = Path(tmp) / info["filename"]
        actual = npm_integrity(got)
        if actual != pinned or info.get("integrity") != pinned:
            raise AssetError(
                f"{name}@{version}: integrity mismatch\n  pinned {pinned}\n"
                f"  npm    {info.get('integrity')}\n  bytes  {actual}"
            )
        shutil.move(got, target)
    return target


def extract(tgz: Path, dest: Path, keep) -> int:
    """Extract members of an npm tarball for which keep(relative_path) is true."""
    count = 0
    with tarfile.open(tgz) as tar:
        for member in tar.getmembers():
            if not member.isfile():
                continue
            rel = member.name.split("/", 1)[1]  # drop the leading "package/"
            if ".." in Path(rel).parts or not keep(rel):
                continue
            out = dest / rel
            out.parent.mkdir(parents=True, exist_ok=True)
            with tar.extractfile(member) as src, out.open("wb") as fh:
                shutil.copyfileobj(src, fh)
            count += 1
    return count


def axe_core_script() -> Path:
    """The pinned axe-core's ``axe.min.js`` (for the tests; not part of the site)."""
    version, _ = TEST_NPM_PINS["axe-core"]
    script = DOWNLOADS / "npm" / f"axe-core-{version}" / "axe.min.js"
    if not script.is_file():
        extract(npm_tarball("axe-core"), script.parent, lambda rel: rel == "axe.min.js")
    if not script.is_file():
        raise AssetError(f"axe-core {version}: axe.min.js is not in the npm package")
    return script


# Sets require.js's baseUrl to this folder. The widget manager then asks for its icon
# fonts at <baseUrl>/@jupyter-widgets/html-manager/dist/, where they are served.
REQUIRE_BASEURL_SHIM = """\
// peacekit: resolve the widget manager's modules and fonts from this folder (no CDN).
(function () {
  var src = document.currentScript && document.currentScript.src;
  if (!src || !window.require || !window.require.config) { return; }
  window.require.config({ baseUrl: src.substring(0, src.lastIndexOf("/") + 1) });
})();
"""

# The HTML widget manager typesets widget labels with MathJax 2's API
# (MathJax.Hub.Queue); the site runs MathJax 3, so a page with both math and
# widgets throws "Cannot read properties of undefined (reading 'Queue')".
# Bridge that one call to MathJax 3. Runs before the widgets are drawn.
MATHJAX_HUB_BRIDGE = """\
// peacekit: let the widget manager's MathJax 2 call (MathJax.Hub.Queue) use MathJax 3.
(function () {
  function bridge() {
    var mj = window.MathJax;
    if (!mj || mj.Hub) { return; }
    mj.Hub = {
      Queue: function (job) {
        var node = job && job[2];
        var ready = mj.startup && mj.startup.promise ? mj.startup.promise : Promise.resolve();
        ready.then(function () {
          if (mj.typesetPromise) { return mj.typesetPromise(node ? [node] : undefined); }
        }).catch(function (err) { console.warn("MathJax typeset failed", err); });
      }
    };
  }
  bridge();
  document.addEventListener("DOMContentLoaded", bridge);
})();
"""


# Two faults of the widget manager's labels, fixed where it draws them:
# * a slider's handle (noUiSlider, role="slider") sits beside the widget's <label> but is
#   not tied to it, so a screen reader announces an unnamed slider (WCAG 4.1.2; axe:
#   aria-input-field-name). Each handle is named by its label, or by the widget's tooltip
#   when the description is empty (peacekit's labelled_slider puts the visible label on
#   the number box beside the slider and repeats it as the slider's tooltip). A slider
#   with neither stays unnamed, and the site test says so;
# * a widget without a tooltip gets title="null" on its label, which a mouse shows as a
#   "null" tooltip. The attribute is removed.
WIDGET_LABELS = """\
// peacekit: name widget sliders after their labels; drop the manager's title="null".
(function () {
  var made = 0;
  function tidy() {
    document.querySelectorAll('.widget-label[title="null"]').forEach(function (label) {
      label.removeAttribute("title");
    });
    document.querySelectorAll(".widget-slider .noUi-handle").forEach(function (handle) {
      if (handle.hasAttribute("aria-labelledby") || handle.hasAttribute("aria-label")) { return; }
      var slider = handle.closest(".widget-slider");
      var label = slider && slider.querySelector(".widget-label");
      if (label && label.textContent.trim()) {
        if (!label.id) { label.id = "pk-slider-label-" + (++made); }
        handle.setAttribute("aria-labelledby", label.id);
        return;
      }
      var tooltip = (label && label.title) || (slider && slider.title);
      if (tooltip) { handle.setAttribute("aria-label", tooltip); }
    });
  }
  var pending = false;
  new MutationObserver(function () {
    if (pending) { return; }
    pending = true;
    window.requestAnimationFrame(function () { pending = false; tidy(); });
  }).observe(document.documentElement, { childList: true, subtree: true, attributes: true,
                                          attributeFilter: ["title"] });
})();
"""


# The AMD modules of the widget manager's ``dist/embed-amd.js`` that the site serves, as
# ``_static/pk-vendor/widgets/jupyter-widgets.js``. The file also holds ipywidgets 7 copies
# of base and controls (for widgets written for ipywidgets 7; the html-manager module
# bundles its own copies anyway) and ``libembed-amd``, whose page renderer and JSON-schema
# validator are replaced by the site's own ``pk-widgets.js`` (book/_ext/live_runtime/).
# Together 1.2 MB that every exercise page downloaded and parsed for nothing.
WIDGET_MODULES = [
    "@jupyter-widgets/base",
    "@jupyter-widgets/controls",
    "@jupyter-widgets/html-manager",
]
AMD_DEFINE = re.compile(r'define\("([^"]+)"')


def amd_modules(bundle: str) -> dict[str, str]:
    """Split a concatenation of named AMD modules into {name: source} (licence banners kept)."""
    starts = []
    for match in AMD_DEFINE.finditer(bundle):
        start = match.start()
        banner = bundle.rfind("/*!", 0, start)
        if banner >= 0 and re.fullmatch(r"/\*![^\n]*\*/\n", bundle[banner:start]):
            start = banner
        starts.append((start, match.group(1)))
    starts.append((len(bundle), ""))
    return {
        name: re.sub(r"\n//# sourceMappingURL=\S*", "", bundle[a:b]).strip() + "\n"
        for (a, name), (b, _) in itertools.pairwise(starts)
    }


def build_widgets_and_mathjax() -> None:
    recipe = recipe_hash(
        NPM_PINS, REQUIRE_BASEURL_SHIM, MATHJAX_HUB_BRIDGE, WIDGET_LABELS, WIDGET_MODULES,
        Path(__file__),
    )  # fmt: skip
    if up_to_date(VENDOR, recipe):
        log("widgets and MathJax: up to date")
        return
    if VENDOR.exists():
        shutil.rmtree(VENDOR)
    widgets = VENDOR / "widgets"
    widgets.mkdir(parents=True)
    extract(npm_tarball("requirejs"), widgets, lambda rel: rel == "require.js")
    (widgets / "require-baseurl.js").write_text(REQUIRE_BASEURL_SHIM)
    (widgets / "mathjax-hub-bridge.js").write_text(MATHJAX_HUB_BRIDGE)
    (widgets / "widget-labels.js").write_text(WIDGET_LABELS)
    font = re.compile(r"dist/[^/]+\.(woff2?|ttf|eot|svg)$")
    manager = widgets / "@jupyter-widgets" / "html-manager"
    n = extract(
        npm_tarball("@jupyter-widgets/html-manager"),
        manager,
        lambda rel: rel == "dist/embed-amd.js" or bool(font.match(rel)),
    )
    bundle = manager / "dist" / "embed-amd.js"
    if not bundle.is_file() or n < 2:
        raise AssetError("embed-amd.js or its fonts not found in @jupyter-widgets/html-manager")
    modules = amd_modules(bundle.read_text(encoding="utf-8"))
    missing = [name for name in WIDGET_MODULES if name not in modules]
    if missing:
        raise AssetError(f"embed-amd.js no longer defines {missing}: check WIDGET_MODULES")
    (widgets / "jupyter-widgets.js").write_text(
        "".join(modules[name] for name in WIDGET_MODULES), encoding="utf-8"
    )
    bundle.unlink()
    # Some of the manager's Font Awesome 5 faces resolve one folder higher, at
    # <baseUrl>/@jupyter-widgets/<file>; a page whose theme uses FA5 classes (the launch
    # buttons' "fas"/"fab") makes the browser fetch them. Serve them there too.
    for f in (manager / "dist").iterdir():
        if f.suffix in (".woff2", ".woff", ".ttf", ".eot", ".svg"):
            shutil.copyfile(f, widgets / "@jupyter-widgets" / f.name)

    mathjax = VENDOR / "mathjax"
    bundles = re.compile(r"es5/[^/]+\.js$")

    def keep_mathjax(rel: str) -> bool:
        if not rel.startswith("es5/") or "svg" in rel:
            return False
        if bundles.match(rel):  # one combined bundle (Sphinx's default) + the loader pieces
            return rel in {"es5/tex-mml-chtml.js", "es5/core.js", "es5/loader.js", "es5/startup.js"}
        return not rel.startswith("es5/adaptors/")

    extract(npm_tarball("mathjax"), mathjax, keep_mathjax)
    for f in (mathjax / "es5").iterdir():
        f.rename(mathjax / f.name)
    (mathjax / "es5").rmdir()
    if not (mathjax / "tex-mml-chtml.js").is_file():
        raise AssetError("MathJax bundle tex-mml-chtml.js missing")
    mark_done(VENDOR, recipe)
    log(f"widgets and MathJax written to {VENDOR.relative_to(ROOT)}")


# ---------------------------------------------------------------- Pyodide


def kernel_extension_dir() -> Path:
    """The installed @jupyterlite/pyodide-kernel-extension (its wheels and settings)."""
    for base in [Path(sys.prefix), Path(sys.base_prefix)]:
        d = base / "share/jupyter/labextensions/@jupyterlite/pyodide-kernel-extension"
        if d.is_dir():
            return d
    raise AssetError("jupyterlite-pyodide-kernel is not installed in this environment")


def pyodide_version() -> str:
    """Check that the npm pin matches the Pyodide the installed kernel expects."""
    from jupyterlite_pyodide_kernel.constants import PYODIDE_VERSION

    if NPM_PINS["pyodide"][0] != PYODIDE_VERSION:
        raise AssetError(
            f"jupyterlite-pyodide-kernel expects Pyodide {PYODIDE_VERSION}, "
            f"NPM_PINS has {NPM_PINS['pyodide'][0]}: update the pin and its integrity"
        )
    return PYODIDE_VERSION


def constraint_pins() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "constraints.txt").read_text().splitlines():
        m = re.match(r"^([A-Za-z0-9_.\-]+)==([^\s;#]+)", line)
        if m:
            pins[canonicalize_name(m.group(1))] = m.group(2)
    return pins


def wheel_metadata(whl: Path) -> tuple[dict, list[str]]:
    """(parsed METADATA headers, top-level import names) of a wheel."""
    with zipfile.ZipFile(whl) as zf:
        names = zf.namelist()
        meta_name = next(
            n for n in names if n.endswith(".dist-info/METADATA") and n.count("/") == 1
        )
        meta = Parser().parsestr(zf.read(meta_name).decode())
        top = [n for n in names if n.endswith(".dist-info/top_level.txt") and n.count("/") == 1]
        if top:
            imports = [s for s in zf.read(top[0]).decode().split() if s]
        else:
            imports = sorted(
                {
                    n.split("/")[0].removesuffix(".py")
                    for n in names
                    if not n.split("/")[0].endswith((".dist-info", ".data"))
                    and (n.count("/") >= 1 or n.endswith(".py"))
                }
            )
    return meta, imports


def requirements_for_pyodide(meta) -> list[Requirement]:
    reqs = []
    for raw in meta.get_all("Requires-Dist") or []:
        req = Requirement(raw)
        if req.marker is None or req.marker.evaluate(PYODIDE_ENV):
            reqs.append(req)
    return reqs


def pip_download(name: str, version: str, expect_file: str | None = None) -> Path:
    """A pure-Python wheel from PyPI (through pip), cached in _build/.downloads/pypi."""
    cache = DOWNLOADS / "pypi"
    cache.mkdir(parents=True, exist_ok=True)
    if expect_file and (cache / expect_file).is_file():
        return cache / expect_file
    stem = f"{canonicalize_name(name).replace('-', '_')}-{version}-"
    for f in cache.glob("*.whl"):
        same = f.name.lower().replace(".", "_").startswith(stem.lower().replace(".", "_"))
        if same and (expect_file is None or f.name == expect_file):
            return f
    log(f"pip download {name}=={version}")
    with tempfile.TemporaryDirectory() as tmp:
        proc = subprocess.run(
            [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps",
             "--only-binary=:all:", "--platform", "any", "--python-version", "3.14",
             "--implementation", "py", "--abi", "none", "-d", tmp, f"{name}=={version}"],
            capture_output=True,
            text=True,
        )  # fmt: skip
        got = list(Path(tmp).glob("*.whl"))
        if proc.returncode != 0 or len(got) != 1:
            raise AssetError(
                f"no pure-Python wheel of {name}=={version} for Pyodide:\n{proc.stderr[-2000:]}"
            )
        if expect_file and got[0].name != expect_file:
            raise AssetError(f"PyPI's wheel is {got[0].name}, Pyodide's lock expects {expect_file}")
        shutil.move(got[0], cache / got[0].name)
        return cache / got[0].name


def build_peacekit_wheel() -> Path:
    out = DOWNLOADS / "peacekit-wheel"
    recipe = recipe_hash(ROOT / "pyproject.toml", ROOT / "src")
    wheels = list(out.glob("peacekit-*.whl"))
    if up_to_date(out, recipe) and len(wheels) == 1:
        return wheels[0]
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    log("pip wheel --no-deps . (peacekit for the browser)")
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000"}
    proc = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(out), str(ROOT)],
        capture_output=True,
        text=True,
        env=env,
    )
    wheels = list(out.glob("peacekit-*-py3-none-any.whl"))
    if proc.returncode != 0 or len(wheels) != 1:
        raise AssetError(f"building the peacekit wheel failed:\n{proc.stderr[-3000:]}")
    shutil.rmtree(ROOT / "build", ignore_errors=True)
    mark_done(out, recipe)
    return wheels[0]


def kernel_stub_wheels() -> dict[str, list[Path]]:
    """The wheels the kernel extension ships (piplite, pyodide-kernel, stubs)."""
    stubs: dict[str, list[Path]] = {}
    for whl in sorted((kernel_extension_dir() / "static" / "pypi").glob("*.whl")):
        meta, _ = wheel_metadata(whl)
        stubs.setdefault(canonicalize_name(meta["Name"]), []).append(whl)
    return stubs


def resolve(pyodide_lock: dict, fetch_curated: bool = True) -> dict[str, dict]:
    """Everything the kernel and peacekit need, as lock entries with a local wheel.

    Returns {normalized name: {"entry": lock entry, "wheel": Path}}. Packages in
    Pyodide's own lock keep Pyodide's version (wheel bytes from PyPI); the
    kernel's own wheels (piplite, pyodide-kernel and its ipykernel and
    widgetsnbextension stubs) come from the kernel extension; everything else is
    pinned to constraints.txt and must have a pure-Python wheel.
    """
    lock_pkgs = {canonicalize_name(k): v for k, v in pyodide_lock["packages"].items()}
    stubs = kernel_stub_wheels()
    pins = constraint_pins()
    chosen: dict[str, dict] = {}
    queue: list[tuple[str, SpecifierSet, str]] = [
        (canonicalize_name(n), SpecifierSet(), "kernel start") for n in KERNEL_PACKAGES
    ]
    queue.append((ROOT_PACKAGE, SpecifierSet(), "the exercises"))

    while queue:
        name, spec, why = queue.pop(0)
        if name in chosen:
            version = chosen[name]["entry"]["version"]
            if version not in spec:  # pragma: no cover - a real conflict
                raise AssetError(f"{name} {version} does not satisfy {spec} (needed by {why})")
            continue
        if name == ROOT_PACKAGE:
            whl = build_peacekit_wheel()
            entry, deps = local_entry(whl)
        elif name in stubs:
            candidates = [w for w in stubs[name] if wheel_metadata(w)[0]["Version"] in spec]
            if not candidates:
                raise AssetError(f"the kernel's {name} stubs do not satisfy {spec} ({why})")
            entry, deps = local_entry(candidates[-1])
            whl = candidates[-1]
        elif name in lock_pkgs:
            entry = dict(lock_pkgs[name])
            if not entry["file_name"].endswith("-none-any.whl"):
                raise AssetError(f"{name} is compiled in Pyodide; only pure wheels are served")
            if entry["version"] not in spec:
                raise AssetError(
                    f"Pyodide ships {name} {entry['version']}, but {why} needs {name}{spec}"
                )
            whl = None
            if fetch_curated:  # else the browser fetches Pyodide's own bytes from its CDN
                whl = pip_download(entry["name"], entry["version"], entry["file_name"])
                entry["sha256"] = sha256_file(whl)
            deps = [(canonicalize_name(d), SpecifierSet()) for d in entry["depends"]]
        else:
            version = pins.get(name)
            if version is None:
                raise AssetError(f"{name} (needed by {why}) has no pin in constraints.txt")
            if version not in spec:
                raise AssetError(f"constraints.txt pins {name}=={version}; {why} needs {spec}")
            whl = pip_download(name, version)
            entry, deps = local_entry(whl)
        chosen[name] = {"entry": entry, "wheel": whl}
        queue.extend((dep, dep_spec, name) for dep, dep_spec in deps)

    for item in chosen.values():  # depends lists only what is served
        item["entry"]["depends"] = sorted(
            canonicalize_name(d) for d in item["entry"]["depends"] if canonicalize_name(d) in chosen
        )
    return chosen


def local_entry(whl: Path) -> tuple[dict, list[tuple[str, SpecifierSet]]]:
    meta, imports = wheel_metadata(whl)
    reqs = requirements_for_pyodide(meta)
    entry = {
        "name": meta["Name"],
        "version": meta["Version"],
        "file_name": whl.name,
        "install_dir": "site",
        "sha256": sha256_file(whl),
        "package_type": "package",
        "imports": imports,
        "depends": [canonicalize_name(r.name) for r in reqs],
        "unvendored_tests": False,
    }
    return entry, [(canonicalize_name(r.name), r.specifier) for r in reqs]


def live_lock(lock: dict) -> dict:
    """The lock an exercise page's own runtime loads: ``peacekit`` and what it needs there."""
    packages = lock["packages"]
    keep: dict[str, dict] = {}
    queue = [ROOT_PACKAGE]
    while queue:
        name = queue.pop()
        if name in keep or name in LIVE_WITHOUT:
            continue
        entry = {**packages[name]}
        entry["depends"] = [d for d in entry["depends"] if d not in LIVE_WITHOUT]
        keep[name] = entry
        queue.extend(entry["depends"])
    return {**lock, "packages": dict(sorted(keep.items()))}


# The exercise pages' runtime, whose imports decide which standard-library modules are
# compiled: Pyodide's start-up, pk_live.py, ipywidgets and every peacekit module.
LIVE_RUNTIME = ROOT / "book" / "_ext" / "live_runtime"
WARM_UP = """\
import sys
sys.path.insert(0, "/pk-live")
import pk_live
pk_live.prepare(("ipywidgets", "peacekit.widgets"))
"""


def compile_served(out: Path, packages: dict[str, dict], live: dict) -> None:
    """Swap the served standard library and the exercise pages' third-party wheels for
    Pyodide-bytecode builds of them.

    Only the packages of the exercise pages' lock are compiled, and not ``peacekit``
    (see ``scripts/pyodide_bytecode.py``). The packages only
    JupyterLite's kernel loads (IPython, jedi, pygments, prompt_toolkit, ...) keep PyPI's
    source wheels: compiled, they made a JupyterLite session download 3.7 MB more
    (gzipped) for about a second less of imports. Each wheel is cached in
    ``_build/.downloads/pyodide-bytecode`` under a key made of its sha256, the Pyodide
    version and the compiler's recipe, so Node.js compiles only what changed. The
    standard library is compiled every time (which modules depends on what the exercises
    import). The lock entries get the new sha256 values.
    """
    cache = DOWNLOADS / "pyodide-bytecode"
    cache.mkdir(parents=True, exist_ok=True)
    items = [("stdlib", out / "python_stdlib.zip", None)]
    for name, entry in packages.items():
        if name in live["packages"] and name != ROOT_PACKAGE:  # peacekit: as built, sources
            items.append(("wheel", out / entry["file_name"], entry))
    planned, jobs = [], []
    for kind, served, entry in items:
        key = hashlib.sha256(
            f"{RECIPE}|{NPM_PINS['pyodide'][0]}|{kind}|{sha256_file(served)}".encode()
        ).hexdigest()[:20]
        cached = cache / f"{key}-{served.name}"
        if kind == "stdlib" or not cached.is_file():
            jobs.append((kind, served, cached))
        planned.append((served, cached, entry))
    log(f"compiling {len(jobs)} file(s) to Pyodide bytecode (Node.js)")
    live_lock_file = out / LIVE_LOCK
    live_lock_file.write_text(json.dumps(live) + "\n")  # the uncompiled wheels, for the warm-up
    try:
        compile_for_pyodide(
            out,
            jobs,
            lock=live_lock_file,
            packages=[ROOT_PACKAGE],
            mounts={LIVE_RUNTIME: "/pk-live"},
            warm_up=WARM_UP,
        )
    except BytecodeError as exc:
        raise AssetError(str(exc)) from exc
    for served, cached, entry in planned:
        shutil.copyfile(cached, served)
        if entry is not None:
            entry["sha256"] = sha256_file(served)


def build_pyodide(mode: str) -> None:
    version = pyodide_version()
    tgz = npm_tarball("pyodide")
    recipe = recipe_hash(
        mode, NPM_PINS, KERNEL_PACKAGES, Path(__file__), ROOT / "constraints.txt",
        ROOT / "pyproject.toml", ROOT / "src", kernel_extension_dir() / "static" / "pypi",
        Path(__file__).with_name("pyodide_bytecode.py"), sorted(LIVE_WITHOUT),
        LIVE_RUNTIME / "pk_live.py",
    )  # fmt: skip
    out = PYODIDE_OUT if mode == "self" else CDN_WHEELS_OUT
    stale = CDN_WHEELS_OUT if mode == "self" else PYODIDE_OUT
    if stale.exists():  # the two modes must never be mixed
        shutil.rmtree(stale)
    if up_to_date(out, recipe):
        log(f"Pyodide ({mode}): up to date")
        return

    with tempfile.TemporaryDirectory() as tmp:
        extract(tgz, Path(tmp), lambda rel: rel == "pyodide-lock.json")
        lock = json.loads((Path(tmp) / "pyodide-lock.json").read_text())
    chosen = resolve(lock, fetch_curated=mode == "self")

    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    packages = {}
    cdn = f"https://cdn.jsdelivr.net/pyodide/v{version}/full/"
    original = {canonicalize_name(k): v for k, v in lock["packages"].items()}
    for name, item in sorted(chosen.items()):
        entry = item["entry"]
        if mode == "cdn" and name in original:
            # Pyodide's own bytes from its CDN, with Pyodide's own hashes.
            entry = {**original[name], "file_name": cdn + original[name]["file_name"]}
            entry["depends"] = item["entry"]["depends"]
        else:
            shutil.copy2(item["wheel"], out / entry["file_name"])
        packages[name] = entry
    lock["packages"] = packages
    if mode == "self":
        n = extract(tgz, out, lambda rel: rel in PYODIDE_CORE | {"pyodide-lock.json"})
        if n != len(PYODIDE_CORE) + 1:
            raise AssetError(f"the pyodide npm package lacks some of {PYODIDE_CORE}")
        compile_served(out, packages, live_lock(lock))  # starts the Pyodide in `out`
    for name, data in [("pyodide-lock.json", lock), (LIVE_LOCK, live_lock(lock))]:
        (out / name).write_text(json.dumps(data, indent=1, sort_keys=True) + "\n")
    mark_done(out, recipe)
    size = sum(f.stat().st_size for f in out.iterdir()) / 1e6
    log(f"Pyodide ({mode}): {len(packages)} packages, {size:.1f} MB in {out.relative_to(ROOT)}")


def main() -> None:
    mode = os.environ.get("PEACEKIT_PYODIDE", "self").strip().lower() or "self"
    if mode not in {"self", "cdn"}:
        raise AssetError(f"PEACEKIT_PYODIDE must be 'self' or 'cdn', not {mode!r}")
    for stale in [EXTRA / "_static" / "vendor"]:  # earlier layouts of this script
        shutil.rmtree(stale, ignore_errors=True)
    build_widgets_and_mathjax()
    build_pyodide(mode)


if __name__ == "__main__":
    main()
