"""Two editions: the public site carries no confidential brief; the instructor edition does."""

from __future__ import annotations

import html
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from ruamel.yaml import YAML

from peacekit.charts.numbers import signed_points_text
from peacekit.classroom.role_play_text import values
from peacekit.classroom.role_sheets import role_sheets
from peacekit.model.role_play import fill, role_play_of
from peacekit.model.variants import derive_variant
from peacekit.scenarios.scenario_file import (
    builtin_scenario_names,
    builtin_scenario_path,
    load_builtin,
)

ROOT = Path(__file__).resolve().parents[2]
INSTRUCTOR = ROOT / "_build" / "instructor" / "_build" / "html"
QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"'})
TEXT_SUFFIXES = {".html", ".txt", ".md", ".js", ".json", ".ipynb", ".csv", ".yaml", ".yml", ".xml"}


def confidential_texts(scenario) -> list[str]:
    """What only a delegation or one member may read, as printed: the role play's
    instructions and private goals; without a role play, the confidential briefs and
    reservation texts. (What really happened is public history: the chapters tell it too;
    tests/classroom/test_role_play_sheets.py keeps it off the participants' sheets.)"""
    rp = role_play_of(scenario)
    if rp is None:
        return [
            t for p in scenario.parties for t in (p.confidential_brief, p.reservation_description)
        ]
    texts = []
    for party, sections in rp.instructions.items():
        filled = values(scenario, rp.minutes, party)
        texts += [fill(p.text, filled) for ps in sections.values() for p in ps]
    for (party, _role), sheet in rp.team_sheets.items():
        filled = values(scenario, rp.minutes, party)
        texts += [fill(p.text, filled) for p in sheet.private_goal]
    return texts


def confidential_sentences() -> dict[str, list[str]]:
    """Each built-in scenario's confidential sentences of six words or more."""
    found = {}
    for name in builtin_scenario_names():
        scenario = load_builtin(name)
        public = " ".join(p.public_brief for p in scenario.parties)
        sentences = []
        for text in confidential_texts(scenario):
            for s in re.split(r"(?<=[.!?])\s+", " ".join(text.split())):
                if len(s.split()) >= 6 and s not in public:
                    sentences.append(s.rstrip(".").translate(QUOTES))
        found[name] = sentences
    return found


def site_text(folder: Path) -> dict[Path, str]:
    """Every text file of a built site, unescaped, with whitespace collapsed."""
    out = {}
    for path in folder.rglob("*"):
        if path.is_file() and path.suffix in TEXT_SUFFIXES:
            raw = path.read_text(encoding="utf-8", errors="replace")
            text = html.unescape(raw).replace("\\n", " ")
            # Sphinx turns ' and " into typographic quotes: compare the words, not the quotes.
            text = text.translate(QUOTES)
            out[path] = " ".join(text.split())
    return out


@pytest.fixture(scope="session")
def instructor_site() -> Path:
    proc = subprocess.run(
        [
            sys.executable,
            str(ROOT / "scripts" / "instructor_edition.py"),
            "-W",
            "-n",
            "--keep-going",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    log = proc.stdout + proc.stderr
    assert proc.returncode == 0, f"the instructor edition failed to build:\n{log[-6000:]}"
    warnings = [line for line in log.splitlines() if "WARNING:" in line]
    assert not warnings, "the instructor build printed warnings:\n" + "\n".join(warnings)
    return INSTRUCTOR


@pytest.mark.build
def test_public_site_carries_no_confidential_brief(built_site):
    texts = site_text(built_site)
    assert texts, "the public site has no text files"
    for name, sentences in confidential_sentences().items():
        assert sentences, name
        for sentence in sentences:
            leaks = [str(p.relative_to(built_site)) for p, t in texts.items() if sentence in t]
            assert not leaks, (
                f"{name}: '{sentence}' is on the public site in {leaks}. Confidential briefs "
                "belong to the instructor edition (book/instructor/index.md); a public page "
                "may show one only in a live kernel, not in its built HTML."
            )
    # None of the instructor edition's own pages is built (the public "For instructors"
    # part holds only the scenario-format and JupyterHub pages).
    for page in instructor_pages():
        assert not (built_site / f"{page}.html").exists(), page
    assert not (built_site / "book" / "instructor" / "role-sheets").exists()
    assert not any("Answer key" in t or "What tables typically reach" in t for t in texts.values())


def instructor_pages() -> list[str]:
    pages = YAML(typ="safe").load((ROOT / "book" / "instructor" / "pages.yml").read_text())
    found = [c["file"] for c in pages["chapters"]]
    assert "book/instructor/mixed-classroom" in found
    return found


@pytest.mark.build
def test_instructor_site_carries_every_role_sheet_and_answer_key(instructor_site):
    texts = site_text(instructor_site)
    for name, sentences in confidential_sentences().items():
        page = instructor_site / "book" / "instructor" / "role-sheets" / f"{name}.html"
        assert page.is_file(), name
        text = texts[page]
        for sentence in sentences:
            assert sentence in text, f"{name}: '{sentence}' missing from {page.name}"
        assert "What tables typically reach" in text and "Debrief questions" in text
        # The print-ready files are downloadable, one delegation per file.
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        links = {a.get_text(strip=True): a["href"] for a in soup.select("a.download")}
        scenario = load_builtin(name)
        for party in scenario.parties:
            href = links[f"confidential-{party.id}.html"]
            target = (page.parent / href).resolve()
            sheet = target.read_text(encoding="utf-8")
            assert f'data-party="{party.id}"' in sheet
        assert "results-template.csv" in links


@pytest.mark.build
def test_instructor_site_has_the_guide_and_the_debrief_notebook(instructor_site):
    folder = instructor_site / "book" / "instructor"
    pages = ["index", "running-a-session", "mixed-classroom", "results-files"]
    for page in [*pages, "classroom-scenarios", "scenario-format"]:
        assert (folder / f"{page}.html").is_file(), page
    soup = BeautifulSoup((folder / "class-debrief.html").read_text(encoding="utf-8"), "html.parser")
    chart = soup.find("svg", attrs={"role": "img"})
    assert chart is not None and chart.find("title") is not None
    assert "10 pairs reported: 8 agreed (80%), 2 reached no deal." in soup.get_text(" ")
    index = (instructor_site / "book" / "intro.html").read_text(encoding="utf-8")
    assert "Instructor edition" in index  # the announcement banner on every page


@pytest.mark.build
def test_instructor_site_links_every_file_of_each_packet(instructor_site):
    for name in builtin_scenario_names():
        page = instructor_site / "book" / "instructor" / "role-sheets" / f"{name}.html"
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        links = {a.get_text(strip=True) for a in soup.select("a.download")}
        for stem in role_sheets(load_builtin(name)).files():
            assert f"{stem}.html" in links, (name, stem)


def score_text(scenario, party: str) -> str:
    """A party's points in table order, as the sheets write them: '0 +12 +22 +36 …'."""
    return " ".join(
        signed_points_text(scenario.scores[party][i.id][o.id])
        for i in scenario.issues
        for o in i.options
    )


@pytest.mark.build
def test_no_classroom_variant_reaches_either_site(built_site, instructor_site):
    """Variants exist only where an instructor writes them: neither build passes --variant,
    and the wheel the public site serves holds the published scenario files, byte for byte
    (a variant is computed from them on request and never stored)."""
    wheels = list(built_site.rglob("peacekit-*.whl"))
    assert wheels, "the public site serves no peacekit wheel"
    for wheel in wheels:
        with zipfile.ZipFile(wheel) as zf:
            for name in builtin_scenario_names():
                packed = zf.read(f"peacekit/scenarios/{name}.yaml")
                assert packed == builtin_scenario_path(name).read_bytes(), (wheel.name, name)
    for site in (built_site, instructor_site):
        for path, text in site_text(site).items():
            assert "data-variant" not in text, path
            assert not re.search(r"classroom variant \d", text), path
    # The instructor edition's confidential sheets print the published tables, which no
    # variant keeps (each changes every delegation's points).
    for name in builtin_scenario_names():
        page = instructor_site / "book" / "instructor" / "role-sheets" / f"{name}.html"
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        links = {a.get_text(strip=True): a["href"] for a in soup.select("a.download")}
        scenario = load_builtin(name)
        variants = [derive_variant(scenario, n) for n in range(1, 21)]
        for party in scenario.party_ids:
            sheet = (page.parent / links[f"confidential-{party}.html"]).resolve()
            cells = BeautifulSoup(sheet.read_text(encoding="utf-8"), "html.parser").select(
                "table.score td.num"
            )
            printed = " ".join(c.get_text(strip=True) for c in cells)
            assert printed == score_text(scenario, party), (name, party)
            assert all(printed != score_text(v, party) for v in variants), (name, party)
