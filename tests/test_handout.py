"""Handouts: one block model, rendered to HTML and Markdown, with every scenario text escaped."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from hypothesis import given
from hypothesis import strategies as st
from markdown_it.renderer import RendererHTML
from myst_parser.config.main import MdParserConfig
from myst_parser.parsers.mdit import create_md_parser

from peacekit.handout import (
    Box,
    Break,
    Bullets,
    GroupRow,
    Handout,
    Heading,
    Para,
    Strong,
    Table,
    WriteLines,
    css_string,
    md_escape,
    md_paragraph,
    md_runs,
    plain_text,
    runs,
    to_html,
    to_markdown,
)

# The book's MyST settings (_config.yml): the generated instructor pages are parsed with them.
MYST = create_md_parser(
    MdParserConfig(
        enable_extensions={"colon_fence", "deflist", "dollarmath", "amsmath", "substitution"}
    ),
    RendererHTML,
)


@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc"))))
def test_escaped_text_renders_literally_in_myst(text):
    """Whatever a scenario says, MyST shows those words: no maths, markup, roles or HTML."""
    html_out = MYST.render(md_paragraph(md_escape(text)))
    soup = BeautifulSoup(html_out, "html.parser")
    tags = ["span", "em", "strong", "code", "a", "img", "script", "h1", "li", "b", "i", "div"]
    assert not soup.find_all(tags)
    assert " ".join(soup.get_text().split()) == " ".join(text.split())


@pytest.mark.parametrize("start", ["1. not a list", "- not a list", "+ nor this", "> no quote"])
def test_a_paragraph_cannot_start_a_block(start):
    soup = BeautifulSoup(MYST.render(md_paragraph(md_escape(start))), "html.parser")
    assert [t.name for t in soup.find_all(True)] == ["p"]
    assert soup.get_text().strip() == start


def test_css_string_cannot_escape_the_style_element():
    value = css_string('a "quoted" </style><script>x()</script> \\ end')
    assert value.startswith('"') and value.endswith('"')
    inner = value[1:-1]
    assert '"' not in inner and "<" not in inner and ">" not in inner
    assert "\\22 " in inner and "\\3c " in inner and "\\5c " in inner


SAMPLE = Handout(
    title="Title <1>",
    subtitle="Sub & title",
    blocks=(
        Box("Note", (Para(runs("Inside ", Strong("bold"), Break(), "next")),), kind="warning"),
        Heading(2, "Section"),
        Bullets((runs("one"), runs("two")), ordered=True),
        Table(
            ("Option", "Points"),
            (GroupRow("Issue | one"), (runs("A"), runs("+3")), (runs("B"), ())),
            numeric=(1,),
        ),
        WriteLines(runs("Write here:"), 2),
    ),
    running_head="Head",
    kind="confidential",
    meta={"party": "am"},
)


def test_html_rendering_of_every_block():
    soup = BeautifulSoup(to_html(SAMPLE), "html.parser")
    assert soup.title.get_text() == "Title <1>"
    assert soup.body["class"] == ["handout", "handout-confidential"]
    assert soup.body["data-party"] == "am"
    assert soup.find("aside", class_="box-warning").find("br") is not None
    assert [li.get_text() for li in soup.find("ol").find_all("li")] == ["one", "two"]
    group = soup.find("tr", class_="group").find("th")
    assert group["colspan"] == "2" and group.get_text() == "Issue | one"
    assert soup.find("td", class_="num").get_text() == "+3"
    assert len(soup.find("div", class_="write").find_all("span", class_="line")) == 2


def test_markdown_rendering_of_every_block():
    md = to_markdown(SAMPLE)
    assert md.startswith("# Title \\<1\\>\n\n*Sub \\& title*\n")
    assert "> **Note**" in md
    assert "1. one\n2. two" in md
    assert "| **Issue \\| one** |   |" in md
    assert "| ---: |" in md
    soup = BeautifulSoup(MYST.render(md), "html.parser")
    assert soup.find("table") is not None
    assert soup.find("h1").get_text() == "Title <1>"
    shifted = to_markdown(SAMPLE, heading_offset=1, title=False)
    assert shifted.startswith("> **Note**") and "\n### Section\n" in shifted


def test_plain_text_counts_every_word_once():
    text = plain_text(SAMPLE)
    for word in ["Title", "Inside", "bold", "Section", "one", "two", "Issue", "A", "+3", "Write"]:
        assert word in text
    assert text.count("Section") == 1


def test_spaces_between_runs_survive_in_markdown():
    md = md_runs(runs("Issue: ", Strong("+20 points. "), "No deal."), paragraph=True)
    assert md == "Issue: **+20 points.** No deal."
    soup = BeautifulSoup(MYST.render(md), "html.parser")
    assert soup.find("strong").get_text() == "+20 points."
    assert soup.get_text().strip() == "Issue: +20 points. No deal."
