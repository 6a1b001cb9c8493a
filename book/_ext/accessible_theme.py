"""Fix the accessibility faults that the theme and docutils put on every page.

The site is checked with axe-core (WCAG 2.1 A and AA, see ``tests/site/test_site_pages.py``),
and a university's accessibility review would find the same faults. They come from
the tools, not from the course's text, so they are fixed here, at the point where the
HTML is made, rather than by switching rules off:

* The sidebar's collapsible sections (pydata-sphinx-theme) open with a ``<summary>``
  that holds only a chevron icon, so a screen reader announces an unnamed control
  (axe ``summary-name``). Each one is named after the page it belongs to.
* docutils writes a bibliography as ``role="list"`` holding entries with the
  deprecated DPUB role ``doc-biblioentry``; a list must hold list items (axe
  ``aria-required-children``, ``aria-deprecated-role``). Entries get ``listitem``.

The search and colour-mode buttons are fixed by the templates in ``book/_templates``.
"""

from __future__ import annotations

import html
import re

from sphinx.application import Sphinx
from sphinx.writers.html5 import HTML5Translator

__version__ = "1.0"

# <a class="reference internal" href="...">Title</a><details><summary><span class="toctree-toggle"
_UNNAMED_SUMMARY = re.compile(
    r'(<a class="[^"]*reference[^"]*" href="[^"]*">(?P<title>.*?)</a>'
    r"<details(?: open=\"open\")?>)<summary>(?=<span class=\"toctree-toggle\")"
)
_TAG = re.compile(r"<[^>]+>")


def name_summaries(toctree_html: str) -> str:
    """Give every chevron-only ``<summary>`` an accessible name from its page title."""

    def named(match: re.Match) -> str:
        title = html.unescape(_TAG.sub("", match["title"])).strip()
        label = html.escape(f"Sections of {title}", quote=True)
        return f'{match[1]}<summary aria-label="{label}">'

    return _UNNAMED_SUMMARY.sub(named, toctree_html)


def wrap_toctree(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    generate = context.get("generate_toctree_html")
    if generate is None or getattr(generate, "names_summaries", False):
        return

    def generate_named(*args, **kwargs):
        return name_summaries(str(generate(*args, **kwargs)))

    generate_named.names_summaries = True
    context["generate_toctree_html"] = generate_named


class CourseHTMLTranslator(HTML5Translator):
    """Sphinx's HTML5 translator with bibliography entries as plain list items."""

    def visit_citation(self, node) -> None:
        super().visit_citation(node)
        self.body[-1] = self.body[-1].replace('role="doc-biblioentry"', 'role="listitem"')


def setup(app: Sphinx) -> dict:
    # pydata-sphinx-theme mixes its Bootstrap rules into whatever translator is set here.
    app.set_translator("html", CourseHTMLTranslator, override=True)
    # After the theme's own html-page-context handler has put generate_toctree_html in.
    app.connect("html-page-context", wrap_toctree, priority=900)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
