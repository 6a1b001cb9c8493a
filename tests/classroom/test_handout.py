"""Handouts: one block model, rendered to HTML and Markdown, with every scenario text escaped."""

from __future__ import annotations

from bs4 import BeautifulSoup

from peacekit.classroom.handout import (
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
    md_runs,
    plain_text,
    runs,
    to_html,
    to_markdown,
)


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
    assert soup.body["class"] == ["handout", "handout-confidential", "paper-a4"]
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
