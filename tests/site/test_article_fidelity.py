"""The article's text in the chapters is the article's text, word for word.

These tests read the sources only (no build). They parse the seed themselves, with no
help from ``book/_ext/article_text.py``, so that a bug in the extension's parser cannot
hide a bug in the chapters.

Whitespace: paragraphs are compared byte for byte, with no stripping. Paragraph 7 of
the seed ends in a space and a no-break space (``"others. \\xa0"``); the chapter copy
keeps both, so an editor that trims trailing whitespace makes these tests fail.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "seeds" / "rahimov-2023-no-silver-bullet-iip-blog.txt"
SEED_SHA256 = "635b2b9f3427627e5a703c045f71f4727526da5532f3612fd1786c12fbf60f00"
CHAPTERS = ROOT / "book" / "chapters"
AUTHOR_NOTE = "author-note"

TITLE = "No silver bullet for peace between Armenia and Azerbaijan"
HEADINGS = [
    "The first direct Armenian-Azerbaijani deal",
    "Mutual distrust is a major obstacle to peace",
    "Conflict transformation is indispensable to achieving a lasting peace",
    "A peace treaty is not a panacea",
]
# How each body paragraph begins, read off the seed by eye: the parser below must find
# the same twelve paragraphs in the same order.
OPENINGS = {
    1: "Baku and Yerevan have failed",
    2: "The Office of the Prime Minister",
    3: "This joint statement is considered",
    4: "Mutual distrust, which has been reinforced",
    5: "Armenian Minister of Foreign Affairs",
    6: "The Armenian-Azerbaijani direct deal raised",
    7: "Such an attitude arises",
    8: "Academia has also remained",
    9: "Negative or skeptical reactions",
    10: "Confidence-building is indispensable",
    11: "On December 13",
    12: "Yes, it is a slow, intricate process",
}
# The course's thematic split, keeping article order within each chapter.
CHAPTER_MAP: dict[str, list[int | str]] = {
    "01-no-silver-bullet.md": [1, AUTHOR_NOTE],
    "02-distrust.md": [4, 5],
    "03-confidence-building.md": [2, 3, 11],
    "04-societal-engagement.md": [6, 7, 8, 9, 10],
    "05-not-a-panacea.md": [12],
}

DIRECTIVE = re.compile(r"^```\{article-paragraph\} (\S+)\n(.*?)\n```$", re.S | re.M)


def _seed_parts() -> tuple[str, list[str], dict[int | str, str]]:
    """Title, headings and paragraphs (1-12 and the author note) of the seed."""
    text = SEED.read_text(encoding="utf-8")
    blocks = [block.lstrip("\n") for block in text.split("\n\n") if block.strip()]
    title, *middle, note = blocks
    headings = [b for b in middle if not b.rstrip().endswith(".")]
    body = [b for b in middle if b.rstrip().endswith(".")]
    paragraphs: dict[int | str, str] = {n: p for n, p in enumerate(body, start=1)}
    paragraphs[AUTHOR_NOTE] = note
    return title, headings, paragraphs


@pytest.fixture(scope="module")
def paragraphs() -> dict[int | str, str]:
    return _seed_parts()[2]


@pytest.fixture(scope="module")
def chapter_sources() -> dict[str, str]:
    return {path.name: path.read_text(encoding="utf-8") for path in sorted(CHAPTERS.glob("*.md"))}


def test_seed_is_the_published_text():
    assert hashlib.sha256(SEED.read_bytes()).hexdigest() == SEED_SHA256


def test_seed_parses_into_title_four_headings_twelve_paragraphs_and_a_note(paragraphs):
    title, headings, _ = _seed_parts()
    assert title == TITLE
    assert headings == HEADINGS
    assert sorted(k for k in paragraphs if k != AUTHOR_NOTE) == list(range(1, 13))
    for number, opening in OPENINGS.items():
        assert paragraphs[number].startswith(opening), number
    assert paragraphs[AUTHOR_NOTE].startswith("Rahim Rahimov is a board member")
    assert paragraphs[7].endswith("others. \xa0"), "paragraph 7 keeps its trailing spaces"


def test_the_five_chapters_exist(chapter_sources):
    assert sorted(chapter_sources) == sorted(CHAPTER_MAP)


@pytest.mark.parametrize("which", [*range(1, 13), AUTHOR_NOTE])
def test_each_paragraph_appears_verbatim_exactly_once_on_its_own_lines(
    which, paragraphs, chapter_sources
):
    line = "\n" + paragraphs[which] + "\n"
    hits = {name: src.count(line) for name, src in chapter_sources.items() if line in src}
    assert sum(hits.values()) == 1, f"paragraph {which} found {hits or 'nowhere'}"


def test_chapters_hold_the_expected_paragraphs_in_article_order(paragraphs, chapter_sources):
    for name, expected in CHAPTER_MAP.items():
        source = chapter_sources[name]
        found = [k for k, text in paragraphs.items() if "\n" + text + "\n" in source]
        found.sort(key=lambda k: source.index("\n" + paragraphs[k] + "\n"))
        assert found == expected, name


def test_every_article_block_holds_its_own_paragraph_and_nothing_else(paragraphs, chapter_sources):
    """The directive's number and its text agree, and no block is left over."""
    seen = []
    for name, source in chapter_sources.items():
        for which, body in DIRECTIVE.findall(source):
            key: int | str = which if which == AUTHOR_NOTE else int(which)
            assert body == paragraphs[key], f"{name}: block {which} is not paragraph {which}"
            seen.append(key)
    assert sorted(map(str, seen)) == sorted(map(str, paragraphs))


def test_no_markup_inside_the_article_text(chapter_sources):
    for name, source in chapter_sources.items():
        for which, body in DIRECTIVE.findall(source):
            assert "\n" not in body, f"{name}: block {which} spans several lines"
            assert not re.search(r"[*`\[\]{}<>]|\b_\w", body), f"{name}: markup in {which}"


def test_no_other_book_page_copies_a_paragraph(paragraphs):
    """The appendix renders the seed at build time; no page may hold a second copy."""
    others = [p for p in (ROOT / "book").rglob("*.md") if p.parent != CHAPTERS]
    assert others, "the front and back matter should exist"
    for path in others:
        source = path.read_text(encoding="utf-8")
        for which, text in paragraphs.items():
            assert text.strip() not in source, f"{path.name} copies paragraph {which}"
    appendix = (ROOT / "book" / "back" / "article.md").read_text(encoding="utf-8")
    assert "```{article-full}" in appendix
