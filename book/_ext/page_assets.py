"""Each page loads only the scripts, stylesheets and fonts it uses.

Jupyter Book 1 gives every page the assets of every extension it enables, whether
the page uses them or not, and the theme adds more. Measured in chromium on first load
(uncompressed), a text chapter downloaded 2.65 MB, more than a stock Jupyter Book page,
of which these did nothing for it:

* the theme's ``fontawesome.js`` (1.49 MB), which pydata-sphinx-theme loads "so that
  users can add custom icons" as SVG. The theme's stylesheet already draws every icon
  it uses from the Font Awesome web fonts, so the icons look the same without it;
* Sphinx's search index with its tools (``searchindex.js``, ``searchtools.js``,
  ``language_data.js``: 113 kB and growing with the book). The theme loads them on every
  page for search-as-you-type, which is off here; the search page still loads them;
* sphinx-thebe's script, stylesheet and inline configuration (thebe is not used; the
  inline script, written twice, also logged a console error on every page), and
  jupyterlite-sphinx's script and stylesheet (its directives are not used; the live
  exercises link to the JupyterLite app instead);
* sphinx-design, sphinx-togglebutton, sphinx-copybutton, myst-nb and sphinx-exercise
  assets on pages without a design element, a toggle, a code block, a notebook cell or
  an exercise admonition;
* MathJax (1.2 MB with its fonts) on pages without math. Sphinx loads it on a page when
  any page in its table of contents has math; here it loads only where the page itself
  has math, or a widget label with ``$...$`` that the widget manager typesets.

The fonts and the icons' look were checked against screenshots of the pages before and
after. The book's own course and live-exercise assets are added where they are used.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from sphinx.application import Sphinx

# Filename fragment -> test on the page's body HTML: keep the asset only if true.
# A fragment not listed here is always kept.
USES: dict[str, Callable[[str], bool]] = {
    "sphinx-thebe": lambda body: False,
    "jupyterlite_sphinx": lambda body: "jupyterlite_sphinx" in body,
    "sphinx-design": lambda body: 'class="sd-' in body or " sd-" in body,
    "design-tabs": lambda body: "sd-tab" in body,
    "togglebutton": lambda body: bool(
        re.search(r'class="[^"]*\b(toggle|dropdown|tag_hide[-_]\w+)\b', body)
    ),
    "clipboard.min": lambda body: "<pre" in body,
    "copybutton": lambda body: "<pre" in body,
    "mystnb.": lambda body: "cell_output" in body or 'class="cell ' in body,
    "exercise.css": lambda body: bool(re.search(r'class="[^"]*\b(exercise|solution)\b', body)),
}
# Inline scripts (no file): a fragment of their text -> the asset they configure.
INLINE = {
    "THEBE_JS_URL": "sphinx-thebe",
    "kernelName": "sphinx-thebe",
    "toggleHint": "togglebutton",
    "toggleOpenOnPrint": "togglebutton",
    "togglebuttonSelector": "togglebutton",
    "sphinx-design-tab-id": "design-tabs",
}
FONTAWESOME_JS = re.compile(r'\s*<script defer src="[^"]*/fontawesome\.js[^"]*"></script>')
SEARCH_TOOLS = re.compile(
    r'\s*<script src="[^"]*(searchtools\.js|language_data\.js|searchindex\.js)"></script>'
)
WIDGET_LABEL_MATH = re.compile(r'"description": "[^"]*\$[^"$]+\$')


def _asset_name(asset) -> str:
    return str(getattr(asset, "filename", asset) or "")


def _inline_body(asset) -> str:
    return str(getattr(asset, "attributes", {}).get("body", ""))


def page_uses(name: str, body: str) -> bool:
    for fragment, used in USES.items():
        if fragment in name:
            return used(body)
    return True


def has_math(app: Sphinx, pagename: str, body: str) -> bool:
    """Math of the page's own (not of pages in its table of contents), or a widget label's."""
    own = app.env.get_domain("math").data["has_equations"].get(pagename, False)
    return bool(own or WIDGET_LABEL_MATH.search(body))


def keep_used_assets(app: Sphinx, pagename: str, templatename: str, context: dict, doctree):
    if app.builder.format != "html" or "script_files" not in context:
        return
    body = context.get("body", "")
    math_path = app.config.mathjax_path or ""

    def keep_script(asset) -> bool:
        name = _asset_name(asset)
        if not name:
            text = _inline_body(asset)
            owner = next((o for f, o in INLINE.items() if f in text), None)
            if owner is not None:
                return page_uses(owner, body)
            if "MathJax" in text and math_path:
                return has_math(app, pagename, body)
            return True
        if math_path and name.endswith(math_path.split("/")[-1]) and "mathjax" in name:
            return has_math(app, pagename, body)
        return page_uses(name, body)

    context["script_files"] = [a for a in context["script_files"] if keep_script(a)]
    context["css_files"] = [a for a in context["css_files"] if page_uses(_asset_name(a), body)]


def without_fontawesome_js(html) -> str:
    """Jinja filter for the theme's asset macro (book/_templates/static/webpack-macros.html)."""
    return FONTAWESOME_JS.sub("", str(html))


def without_search_tools(html, pagename: str, search_as_you_type: bool = False) -> str:
    """Jinja filter for the theme's extrahead block (book/_templates/layout.html)."""
    if pagename == "search" or search_as_you_type:
        return str(html)
    return SEARCH_TOOLS.sub("", str(html))


def add_filters(app: Sphinx) -> None:
    if app.builder.format != "html":
        return
    filters = app.builder.templates.environment.filters
    filters["pk_without_fontawesome_js"] = without_fontawesome_js
    filters["pk_without_search_tools"] = without_search_tools


def setup(app: Sphinx) -> dict:
    app.connect("builder-inited", add_filters)
    # After the extensions that add per-page assets (myst-nb, mathjax: priority 500).
    app.connect("html-page-context", keep_used_assets, priority=900)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
