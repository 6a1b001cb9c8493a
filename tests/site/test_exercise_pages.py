"""The exercise pages of the built site carry each widget in its starting state.

The book build executes the notebooks (myst-nb) and embeds the widget state, so a
reader without a kernel still sees every control. These tests read that state.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

pytestmark = pytest.mark.build

ROOT = Path(__file__).resolve().parents[2]
PAGES = sorted(f"exercises/{p.stem}.html" for p in (ROOT / "exercises").glob("*.ipynb"))
STATE = "application/vnd.jupyter.widget-state+json"
# The result line each page starts with, as the model computes it for the starting state.
STARTING_RESULT = {
    "exercises/00-pre-test.html": "Pre-test: 0 of 10 questions answered.",
    "exercises/01-package-deal.html": "Both delegations would reject this package.",
    "exercises/02-negotiate.html": "Round 1 of 8. Make your opening offer",
    "exercises/03-choosing-a-venue.html": "Highest score: Moscow (0.57), tied with",
    "exercises/04-small-steps.html": "Yerevan plays GRIT (small steps), Baku plays Silver bullet",
    "exercises/05-two-publics.html": "In this model, with the course's chosen numbers, both",
    "exercises/06-knowledge-checks.html": "No silver bullet: 0 of",
    "exercises/07-reflection-journal.html": "No export yet.",
    "exercises/08-post-test.html": "Post-test: 0 of 10 questions answered. Your pre-test: not",
}


def _models(site: Path, page: str) -> tuple[BeautifulSoup, dict]:
    soup = BeautifulSoup((site / page).read_text("utf-8"), "html.parser")
    scripts = soup.find_all("script", type=STATE)
    assert len(scripts) == 1, f"{page}: expected one embedded widget state"
    return soup, json.loads(scripts[0].string)["state"]


@pytest.mark.parametrize("page", PAGES)
def test_each_exercise_page_embeds_its_widgets_with_probe_and_result(built_site, page):
    soup, models = _models(built_site, page)
    main = soup.select_one("article.bd-article")
    assert len(main.find_all("h1")) == 1
    assert "importlib" not in main.get_text()  # the Colab setup cell is removed
    assert main.find("details") is not None  # the debrief is folded away
    classes = [m["state"].get("_dom_classes", []) for m in models.values()]
    assert sum("pk-probe" in c for c in classes) == 1
    results = [
        m["state"]["value"]
        for m in models.values()
        if "pk-result" in m["state"].get("_dom_classes", [])
    ]
    assert len(results) == 1
    assert STARTING_RESULT[page] in BeautifulSoup(results[0], "html.parser").get_text()
    views = main.find_all("script", type="application/vnd.jupyter.widget-view+json")
    assert views and all(json.loads(v.string)["model_id"] in models for v in views)


@pytest.mark.parametrize("page", PAGES)
def test_charts_in_the_embedded_state_are_accessible_svg(built_site, page):
    _, models = _models(built_site, page)
    for m in models.values():
        value = m["state"].get("value")
        if isinstance(value, str) and "<svg" in value:
            assert 'role="img"' in value
            assert re.search(r"<title[ >]", value) and re.search(r"<desc[ >]", value)
