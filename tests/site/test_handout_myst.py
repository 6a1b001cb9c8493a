"""Handouts in Markdown render as meant in the book (its MyST settings, as in _config.yml).

The instructor edition pastes generated role sheets into MyST pages, and a scenario is a
file anyone can write, so its text must come out as words: no maths, markup, roles or
HTML. myst_parser is imported here only, so the quick suite never loads it.
"""

import pytest
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from peacekit.classroom.handout import Strong, md_escape, md_paragraph, md_runs, runs, to_markdown

from ..classroom.test_handout import SAMPLE

pytestmark = pytest.mark.build


@pytest.fixture(scope="module")
def myst():
    from markdown_it.renderer import RendererHTML
    from myst_parser.config.main import MdParserConfig
    from myst_parser.parsers.mdit import create_md_parser

    return create_md_parser(
        MdParserConfig(
            enable_extensions={"colon_fence", "deflist", "dollarmath", "amsmath", "substitution"}
        ),
        RendererHTML,
    )


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc"))))
def test_escaped_text_renders_literally_in_myst(myst, text):
    """Whatever a scenario says, MyST shows those words: no maths, markup, roles or HTML."""
    html_out = myst.render(md_paragraph(md_escape(text)))
    soup = BeautifulSoup(html_out, "html.parser")
    tags = ["span", "em", "strong", "code", "a", "img", "script", "h1", "li", "b", "i", "div"]
    assert not soup.find_all(tags)
    assert " ".join(soup.get_text().split()) == " ".join(text.split())


@pytest.mark.parametrize("start", ["1. not a list", "- not a list", "+ nor this", "> no quote"])
def test_a_paragraph_cannot_start_a_block(myst, start):
    soup = BeautifulSoup(myst.render(md_paragraph(md_escape(start))), "html.parser")
    assert [t.name for t in soup.find_all(True)] == ["p"]
    assert soup.get_text().strip() == start


def test_every_block_renders_in_myst(myst):
    soup = BeautifulSoup(myst.render(to_markdown(SAMPLE)), "html.parser")
    assert soup.find("table") is not None
    assert soup.find("h1").get_text() == "Title <1>"


def test_spaces_between_runs_survive_in_myst(myst):
    md = md_runs(runs("Issue: ", Strong("+20 points. "), "No deal."), paragraph=True)
    soup = BeautifulSoup(myst.render(md), "html.parser")
    assert soup.find("strong").get_text() == "+20 points."
    assert soup.get_text().strip() == "Issue: +20 points. No deal."
