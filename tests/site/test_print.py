"""The role play on paper: every sheet printed to PDF by Debian's chromium, page by page.

One browser prints every sheet of the December 2023 packet twice: the published
packet on A4 and classroom variant 7 on Letter. ``pdftotext`` (poppler-utils) reads
each page back. Checked: the paper size; every sheet's first page opens with its
title; every page of a confidential or team sheet carries its CONFIDENTIAL running
head; a variant's pages say so; no page is blank; each team sheet is one page; each
event card has a page of its own, and no card's text runs onto another card's page.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from peacekit.classroom.role_sheets import role_sheets, write_role_sheets
from peacekit.model.role_play import role_play_of, scaled_minute
from peacekit.model.variants import derive_variant
from peacekit.scenarios.scenario_file import load_builtin

pytestmark = pytest.mark.browser

SIZES = {"a4": (595.28, 841.89), "letter": (612.0, 792.0)}


def pdf_pages(pdf: Path) -> list[str]:
    """The text of each page, in reading order (pdftotext separates pages by form feeds)."""
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    pages = text.split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages


def page_size(pdf: Path) -> tuple[float, float]:
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True)
    line = next(ln for ln in info.stdout.splitlines() if ln.startswith("Page size:"))
    width, _x, height = line.split(":", 1)[1].split()[:3]
    return float(width), float(height)


def words(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def printed(browser, tmp_path_factory):
    """{paper: (sheets, {stem: [page texts]}, {stem: pdf path})} for both packets."""
    if shutil.which("pdftotext") is None:
        pytest.fail("pdftotext is missing: apt-get install -y poppler-utils (.ci/run does)")
    scenario = load_builtin("december-2023")
    packets = {
        "a4": role_sheets(scenario),
        "letter": role_sheets(derive_variant(scenario, 7), paper="letter"),
    }
    out = {}
    page = browser.new_page()
    for paper, sheets in packets.items():
        folder = tmp_path_factory.mktemp(paper)
        write_role_sheets(sheets, folder)
        texts, pdfs = {}, {}
        for stem in sheets.files():
            pdf = folder / f"{stem}.pdf"
            page.goto((folder / f"{stem}.html").as_uri())
            page.pdf(path=str(pdf), prefer_css_page_size=True)
            texts[stem], pdfs[stem] = pdf_pages(pdf), pdf
        out[paper] = (sheets, texts, pdfs)
    page.close()
    return out


@pytest.mark.parametrize("paper", sorted(SIZES))
def test_every_sheet_prints_on_its_paper_and_opens_with_its_title(printed, paper):
    sheets, texts, pdfs = printed[paper]
    for stem, handout in sheets.files().items():
        width, height = page_size(pdfs[stem])
        assert abs(width - SIZES[paper][0]) < 1 and abs(height - SIZES[paper][1]) < 1, stem
        first = words(texts[stem][0])
        # The running head, the kicker, then the title: all within the page's first lines.
        opening = words(" ".join(texts[stem][0].strip().splitlines()[:8]))
        assert words(handout.title) in opening, (paper, stem, opening[:200])
        pages = texts[stem]
        for n, text in enumerate(pages, 1):
            body = [ln for ln in text.splitlines() if ln.strip()]
            assert len(body) > 3, f"{paper} {stem}: page {n} is blank"
            assert f"page {n} of {len(pages)}" in words(text), (paper, stem, n)
        assert first


@pytest.mark.parametrize("paper", sorted(SIZES))
def test_confidential_pages_carry_their_head_on_every_page(printed, paper):
    sheets, texts, _pdfs = printed[paper]
    variant = sheets.scenario.variant
    for stem, pages in texts.items():
        for n, text in enumerate(pages, 1):
            head = words(text.strip().splitlines()[0])
            if stem.startswith(("confidential-", "team-")):
                party = sheets.scenario.party(stem.split("-")[1])
                assert head.startswith(f"CONFIDENTIAL · {party.name}"), (paper, stem, n, head)
            if variant:
                assert head.endswith(f"variant {variant}"), (paper, stem, n, head)
            else:
                assert "variant" not in head, (paper, stem, n)


@pytest.mark.parametrize("paper", sorted(SIZES))
def test_each_team_sheet_is_one_page(printed, paper):
    sheets, texts, _pdfs = printed[paper]
    assert sheets.team
    for stem in sheets.team:
        assert len(texts[stem]) == 1, (paper, stem, len(texts[stem]))


@pytest.mark.parametrize("paper", sorted(SIZES))
def test_each_event_card_has_a_page_of_its_own(printed, paper):
    sheets, texts, _pdfs = printed[paper]
    scenario = sheets.scenario
    rp = role_play_of(scenario)
    cards = []
    for inject in rp.injects:
        for minute, recipients in [(inject.minute, inject.cards)] + (
            [(inject.follow_up.minute, inject.follow_up.cards)] if inject.follow_up else []
        ):
            at = scaled_minute(minute, rp.minutes, sheets.minutes)
            for key, paragraphs in recipients.items():
                cards.append((at, inject.title, key, paragraphs))
    pages = texts["injects"]
    assert len(pages) == len(cards), (paper, len(pages), len(cards))
    titles = [f"Minute {at}: {title}" for at, title, _k, _p in cards]
    for n, text in enumerate(pages):
        on_page = [t for t in set(titles) if t in words(text)]
        assert len(on_page) == 1, (paper, n + 1, on_page)
    # Each card's text is on exactly one page, the page of its title.
    for at, title, _key, paragraphs in cards:
        opening = " ".join(words(paragraphs[0].text).split()[:12])
        where = [n for n, text in enumerate(pages) if opening in words(text)]
        assert where, (paper, title, opening)
        for n in where:
            assert f"Minute {at}: {title}" in words(pages[n]), (paper, title, n)
