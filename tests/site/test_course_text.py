"""The course's text against the fact sheet's December 2026 check (issue 15), from the sources.

These read the Markdown, the bibliography and the knowledge checks as files (no build),
so they run in the quick suite. They check what can be checked in text: that every link
to a source is one the fact sheet gives, that dated statuses carry the date of the last
check, that both sides' evidence appears together, and that the knowledge checks cite
what a reader can open and explain every wrong answer.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from peacekit.scenarios.questions import CHOICE, builtin_path, load_check_file, load_checks

ROOT = Path(__file__).resolve().parents[2]
BOOK = ROOT / "book"
FACT_SHEET = (ROOT / "seeds" / "fact-sheet.md").read_text(encoding="utf-8")
# The course's own pages; the role sheets that `make instructor` generates into
# book/instructor/role-sheets (git-ignored) are the scenarios' text, checked by
# tests/classroom/test_role_play_content.py, and exist only after that build.
PAGES = sorted(p for p in BOOK.rglob("*.md") if "role-sheets" not in p.parts)
BIB = BOOK / "references.bib"
CHECKS_FILE = builtin_path()
CHAPTERS = load_checks()
QUESTIONS = {q.id: q for c in CHAPTERS for q in c.questions}

# Links that are not sources of facts: the tool the book is built with, and the
# course's own repository (where the fact sheet itself lives).
NOT_FACT_SOURCES = (
    "https://jupyterbook.org",
    "https://github.com/peacekit-course/no-silver-bullet",
)
MARKDOWN_LINK = re.compile(r"\[([^\]]+)\]\(([^)\s]+)\)")
URL = re.compile(r"\]\((https?://[^)\s]+)\)|<(https?://[^>\s]+)>|url = \{([^}]+)\}")
CHECK_DATE = re.search(r"## 7\. Addendum, checked (\w+ \d{4})", FACT_SHEET).group(1)


def _text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def _rel(path: Path) -> str:
    return str(path.relative_to(ROOT))


def test_the_fact_sheet_has_the_december_2026_check():
    assert CHECK_DATE == "December 2026"


@pytest.mark.parametrize("path", [*PAGES, BIB, CHECKS_FILE], ids=_rel)
def test_every_source_link_is_one_the_fact_sheet_gives(path):
    """A fact's link must be the source the fact sheet names for it, not a look-alike."""
    for match in URL.finditer(_text(path)):
        url = next(group for group in match.groups() if group)
        if url.startswith(NOT_FACT_SOURCES):
            continue
        assert url in FACT_SHEET, f"{_rel(path)}: {url} is not on the fact sheet"


@pytest.mark.parametrize("path", PAGES, ids=_rel)
def test_dated_statuses_carry_the_date_of_the_last_check(path):
    text = re.sub(r"\s+", " ", _text(path))
    for date in re.findall(r"as of the latest sources checked \(([^)]+)\)", text):
        assert date == CHECK_DATE, f"{_rel(path)}: status dated {date}"


@pytest.mark.parametrize("path", [*PAGES, CHECKS_FILE], ids=_rel)
def test_no_leftover_process_words(path):
    text = re.sub(r"\s+", " ", _text(path))
    for pattern in [
        r"\bnot yet\b",
        r"\bplanned (interactive )?exercises?\b",
        r"the planned \"",
        r"elections?, expected",
        r"expected in June 2026",
        r"exact date is not verified",
        r"rather than from the course's fact sheet",
    ]:
        assert not re.search(pattern, text, re.I), f"{_rel(path)}: {pattern!r}"


@pytest.mark.parametrize("path", [*PAGES, CHECKS_FILE], ids=_rel)
def test_nothing_cites_the_course_fact_sheet_as_a_source(path):
    """Readers cannot open the fact sheet on the site; the book links the sources instead.

    Only the about page may describe the sheet, as the method behind the book.
    """
    if path.name == "about-the-article.md":
        return
    assert not re.search(r"fact sheet", _text(path), re.I), _rel(path)


@pytest.mark.parametrize("path", [*PAGES, CHECKS_FILE], ids=_rel)
def test_both_icj_cases_appear_together(path):
    text = _text(path)
    named = {"Armenia v. Azerbaijan" in text, "Azerbaijan v. Armenia" in text}
    assert len(named) == 1, f"{_rel(path)} names one ICJ case without the other"


@pytest.mark.parametrize("path", PAGES, ids=_rel)
def test_displacement_on_one_side_is_given_with_the_other(path):
    text = _text(path)
    armenians = "exodus of Karabakh Armenians" in text
    azerbaijanis = "displacement of Azerbaijanis" in text
    assert armenians == azerbaijanis, f"{_rel(path)} gives one side's displacement only"


def test_the_displacement_figures_are_the_comparable_un_ones():
    glossary = _text(BOOK / "back" / "glossary.md")
    assert "650,000" in glossary and "40,000–48,000" in glossary
    assert "185,000–220,000" in glossary and "300,000–360,000" in glossary
    assert "100,417" in glossary and "115,183" in glossary
    everywhere = " ".join(_text(p) for p in PAGES)
    assert "600,000" not in everywhere, "the opinion piece's figure was replaced (7 B1)"


def test_the_timeline_starts_in_1988_with_anchored_entries():
    timeline = _text(BOOK / "back" / "timeline.md")
    anchors = re.findall(r"\]\{#(tl-[\w-]+)\}", timeline)
    assert anchors[0] == "tl-1988-02-20"
    assert len(anchors) == len(set(anchors)) >= 40
    assert "Karabakh movement" in timeline and "territorial claims" in timeline
    assert "7 June 2026" in timeline


def test_every_reference_says_where_its_details_come_from():
    entries = re.split(r"\n@", _text(BIB))[1:]
    assert len(entries) >= 20
    for entry in entries:
        key = entry.split("{", 1)[1].split(",", 1)[0]
        assert re.search(r"^\s*note = \{.+\}", entry, re.M), f"{key} has no note"


# -- the knowledge checks ------------------------------------------------------------------
def _links(question):
    return MARKDOWN_LINK.findall(question.source)


@pytest.mark.parametrize("question", QUESTIONS.values(), ids=lambda q: q.id)
def test_every_question_cites_something_a_reader_can_open(question):
    links = _links(question)
    assert links, f"{question.id}: no link in its source"
    for _, target in links:
        if target.startswith(("https://", "http://")):
            assert target in FACT_SHEET, f"{question.id}: {target} is not on the fact sheet"
            continue
        page, _, anchor = target.partition("#")
        assert re.fullmatch(r"(book|exercises)/[\w/-]+\.html", page), target
        source = ROOT / page.replace(".html", ".md")
        assert source.is_file(), f"{question.id}: {page} is not a page of the book"
        assert anchor, f"{question.id}: {target} names no section"


@pytest.mark.parametrize(
    "question", [q for q in QUESTIONS.values() if q.kind == CHOICE], ids=lambda q: q.id
)
def test_every_wrong_choice_says_why_it_is_wrong(question):
    for item in question.items:
        if item.id == question.answer[0]:
            continue
        reason = re.sub(r"^No\.\s*", "", item.feedback)
        sentences = [s for s in re.split(r"(?<=[.;:])\s+", reason) if len(s.split()) >= 6]
        assert sentences, f"{question.id}/{item.id}: {item.feedback!r} does not say why"


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda c: c.id)
def test_each_chapter_has_two_application_items_on_invented_cases(chapter):
    applied = [q for q in chapter.questions if q.id.startswith("apply_")]
    assert len(applied) >= 2, chapter.id
    for question in applied:
        assert "invented" in question.prompt, f"{question.id}: mark the case as invented"


# Items that mirror each other across the two sides, each pair in one chapter.
MIRRORED = [
    ("term_second_karabakh_war", "term_artsakh_war"),  # each side's name for the war
    ("displaced_azerbaijanis", "exodus_figures"),  # each side's displacement
    ("source_official_refugee_figure", "source_baku_readout"),  # each side's sources
    ("check_all_universities", "check_diaspora"),  # each side's resource in paragraph 8
    ("icj_order_az_case", "icj_order_am_case"),  # each side's case at the ICJ
]


@pytest.mark.parametrize(("first", "second"), MIRRORED)
def test_mirrored_items_exist_for_both_sides(first, second):
    assert first in QUESTIONS and second in QUESTIONS
    assert len(QUESTIONS[first].items) == len(QUESTIONS[second].items)


def test_the_pre_and_post_test_names_two_existing_items_per_chapter():
    """The pre-test and post-test list is data the loader checks (format 2); the course's
    design is two questions per chapter, one of them an application question."""
    items = load_check_file(CHECKS_FILE).pre_post_test
    by_chapter = {c.id: [i.question for i in items if i.chapter == c.id] for c in CHAPTERS}
    assert all(len(questions) == 2 for questions in by_chapter.values()), by_chapter
    assert all(sum(q.startswith("apply_") for q in qs) == 1 for qs in by_chapter.values())
