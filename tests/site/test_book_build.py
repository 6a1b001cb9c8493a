"""The built site: every page there, every link and citation resolved, article text marked.

All tests use the session fixture ``built_site`` (tests/conftest.py), which builds the
book through the real ``jupyter-book`` CLI with ``-W -n --keep-going`` and fails on any
warning. The tests then read the HTML with BeautifulSoup.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from .test_article_fidelity import AUTHOR_NOTE, CHAPTER_MAP, HEADINGS, TITLE, _seed_parts

pytestmark = pytest.mark.build

ROOT = Path(__file__).resolve().parents[2]
CHAPTER_PAGES = [f"book/chapters/{name.removesuffix('.md')}.html" for name in CHAPTER_MAP]
FRONT_PAGES = [
    "book/intro.html",
    "book/front/using-this-book.html",
    "book/front/about-the-article.html",
    "book/front/terminology.html",
]
BACK_PAGES = [
    "book/back/timeline.html",
    "book/back/glossary.html",
    "book/back/bibliography.html",
    "book/back/article.html",
]
ALL_PAGES = FRONT_PAGES + CHAPTER_PAGES + BACK_PAGES

# Concepts the brief requires in the glossary, and contested names from facts.md section 5.
REQUIRED_TERMS = [
    "commitment problem",
    "third-party guarantee",
    "confidence-building measure",
    "reciprocity",
    "GRIT",
    "package deal",
    "BATNA",
    "reservation value",
    "Pareto frontier",
    "Nash bargaining solution",
    "conflict transformation",
    "multi-track diplomacy",
    "Track Two",
    "contact hypothesis",
    "two-level game",
    "win-set",
    "negative peace",
    "positive peace",
    "Nagorno-Karabakh",
    "Artsakh",
    "Stepanakert/Khankendi",
    "2020 war",
    "September 2023 military operation",
    "Lachin road",
    "exodus of Karabakh Armenians",
    "prisoners",
    "TRIPP",
    "Zangezur corridor",
    "occupied territories",
    "liberated territories",
    "initialed",
    "signed",
]
# Surnames of the works the course must cite (fact sheet section 4, plus Putnam and
# Kalai & Smorodinsky), as they appear in the rendered bibliography.
REQUIRED_REFERENCES = [
    "Osgood",
    "Lederach",
    "Fisher",
    "Axelrod",
    "Raiffa",
    "Kelman",
    "Diamond",
    "OSCE",
    "Galtung",
    "Allport",
    "Nash",
    "Faratin",
    "Putnam",
    "Kalai",
]
PLACEHOLDERS = re.compile(r"\b(TODO|FIXME|XXX|TBD|lorem ipsum|placeholder)\b", re.I)


@cache
def _soup(site: Path, page: str) -> BeautifulSoup:
    return BeautifulSoup((site / page).read_text(encoding="utf-8"), "html.parser")


def _main(site: Path, page: str):
    main = _soup(site, page).select_one("article.bd-article")
    assert main is not None, f"{page} has no article body"
    return main


@pytest.mark.parametrize("page", ALL_PAGES)
def test_page_exists_with_a_title_and_one_h1(built_site, page):
    assert (built_site / page).is_file(), page
    soup = _soup(built_site, page)
    assert soup.title and soup.title.get_text(strip=True), f"{page}: empty <title>"
    h1s = _main(built_site, page).find_all("h1")
    assert len(h1s) == 1 and h1s[0].get_text(strip=True).strip("#"), f"{page}: h1 {h1s}"


def test_every_glossary_term_link_resolves_to_a_glossary_anchor(built_site):
    glossary = _soup(built_site, "book/back/glossary.html")
    anchors = {dt["id"] for dt in glossary.select("dl.glossary dt[id]")}
    assert anchors, "the glossary has no terms"
    links = 0
    for page in ALL_PAGES:
        for span in _main(built_site, page).select("span.std-term"):
            link = span.find_parent("a")
            assert link is not None, f"{page}: unresolved term {span.get_text()!r}"
            target, _, anchor = link["href"].partition("#")
            assert target.endswith("glossary.html") or page.endswith("glossary.html"), (
                f"{page}: term {span.get_text()!r} links to {link['href']}"
            )
            assert anchor in anchors, f"{page}: {link['href']} has no glossary anchor"
            links += 1
    assert links > 100, f"only {links} term links in the whole book"


@pytest.mark.parametrize("page", CHAPTER_PAGES)
def test_each_chapter_links_key_concepts_to_the_glossary(built_site, page):
    assert len(_main(built_site, page).select("a span.std-term")) >= 5


def test_glossary_defines_the_required_terms(built_site):
    glossary = _soup(built_site, "book/back/glossary.html")
    defined = {dt.get_text(" ", strip=True).rstrip("#").strip().lower() for dt in glossary("dt")}
    missing = [term for term in REQUIRED_TERMS if term.lower() not in defined]
    assert not missing, f"not in the glossary: {missing}"


def test_citations_link_to_bibliography_entries(built_site):
    bibliography = _soup(built_site, "book/back/bibliography.html")
    entries = {div["id"] for div in bibliography.select("div.citation[id]")}
    assert entries, "the bibliography is empty"
    cited = 0
    for page in ALL_PAGES:
        for span in _main(built_site, page).select("span.bibtex-citation"):
            links = span.select("a[href]")
            assert links, f"{page}: citation without a link: {span.get_text()!r}"
            for link in links:
                target, _, anchor = link["href"].partition("#")
                assert target.endswith("bibliography.html") or not target, link["href"]
                assert anchor in entries, f"{page}: {link['href']} is not a bibliography entry"
                cited += 1
    assert cited > 50, f"only {cited} citations in the whole book"


def test_bibliography_holds_the_required_references_once(built_site):
    bibliography = _soup(built_site, "book/back/bibliography.html")
    text = " ".join(div.get_text(" ", strip=True) for div in bibliography.select("div.citation"))
    missing = [name for name in REQUIRED_REFERENCES if name not in text]
    assert not missing, f"not in the bibliography: {missing}"
    assert text.count("not checked against a copy of the work") == 2, "Putnam and Kalai"
    sources = [p.read_text(encoding="utf-8") for p in (ROOT / "book").rglob("*.md")]
    assert sum(s.count("```{bibliography}") for s in sources) == 1


@pytest.mark.parametrize("page", ALL_PAGES)
def test_no_placeholder_text(built_site, page):
    text = _main(built_site, page).get_text(" ")
    found = PLACEHOLDERS.findall(text)
    assert not found, f"{page}: {found}"


@pytest.mark.parametrize("name", list(CHAPTER_MAP))
def test_article_blocks_carry_the_class_the_text_and_an_attribution(built_site, name):
    _, _, paragraphs = _seed_parts()
    page = f"book/chapters/{name.removesuffix('.md')}.html"
    blocks = _main(built_site, page).select("blockquote.article-text")
    assert len(blocks) == len(CHAPTER_MAP[name])
    for block, which in zip(blocks, CHAPTER_MAP[name], strict=True):
        assert block.select_one("p.article-text__para").get_text() == paragraphs[which]
        attribution = block.select_one("p.article-text__attribution")
        assert attribution is not None, f"{page}: block {which} has no attribution"
        assert "Rahimov" in attribution.get_text()
        anchor = "article-author-note" if which == AUTHOR_NOTE else f"article-p{which}"
        assert attribution.select_one(f'a[href$="back/article.html#{anchor}"]'), (
            f"{page}: block {which} does not link to its place in the appendix"
        )


def test_appendix_renders_the_whole_article_from_the_seed(built_site):
    _, _, paragraphs = _seed_parts()
    main = _main(built_site, "book/back/article.html")
    full = main.select_one("section.article-full")
    assert full is not None
    assert full.find("h2").get_text(strip=True).rstrip("#") == TITLE
    assert [h.get_text(strip=True).rstrip("#") for h in full("h3")] == HEADINGS
    for which, text in paragraphs.items():
        anchor = "article-author-note" if which == AUTHOR_NOTE else f"article-p{which}"
        para = full.find(id=anchor)
        assert para is not None and para.get_text() == text, f"appendix paragraph {which}"


@pytest.mark.parametrize("page", CHAPTER_PAGES)
def test_chapter_has_the_course_layer(built_site, page):
    main = _main(built_site, page)
    objectives = main.select_one("div.admonition.objectives")
    assert objectives and "Learning objectives" in objectives.get_text()
    headings = {h.get_text(strip=True).rstrip("#") for h in main.find_all("h2")}
    for section in [
        "Key concepts",
        "Discussion questions",
        "Exercises",
        "Practise it",
        "Further reading",
    ]:
        assert section in headings, f"{page}: no '{section}' section"
    assert main.select("div.exercise"), f"{page}: no exercise"
    solutions = main.select("div.solution")
    assert solutions and all("dropdown" in s["class"] for s in solutions), page


@pytest.mark.parametrize("page", CHAPTER_PAGES)
def test_discussion_questions_are_levelled_from_recall_to_evaluation(built_site, page):
    section = _main(built_site, page).find(id="discussion-questions")
    levels = [badge.get_text(strip=True) for badge in section.select("ol > li span.sd-badge")]
    assert len(levels) >= 3, f"{page}: {levels}"
    assert levels[0] == "Recall" and "Evaluation" in levels, f"{page}: {levels}"


@pytest.mark.parametrize("page", ALL_PAGES)
def test_course_stylesheet_is_linked(built_site, page):
    hrefs = [link.get("href", "") for link in _soup(built_site, page)("link")]
    assert any("_static/course.css" in href for href in hrefs), page
    assert (built_site / "_static" / "course.css").is_file()


def test_treaty_status_is_stated_precisely(built_site):
    text = " ".join(_main(built_site, "book/back/timeline.html").get_text(" ").split())
    assert "as of the latest sources checked (December 2026)" in text
    assert "initialed" in text and "not been signed or ratified" in text
