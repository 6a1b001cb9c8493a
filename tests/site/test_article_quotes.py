"""Every quotation the lenses attribute to the article is the article's text, word for word.

The model pages quote the article in block quotes, and the parameter registries quote
it in their reasons (in single quotes). Both must match the seed exactly, so that
students from both societies can trust that a quoted phrase is the author's and not
the course's paraphrase.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from peacekit.model.parameters import parameters_of
from peacekit.model.stakeholders import DEFAULT_GROUPS, EngagementRules
from peacekit.model.trust_ladder import TrustRules
from peacekit.model.two_level import PublicProfile

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "seeds" / "rahimov-2023-no-silver-bullet-iip-blog.txt"
PAGES = [
    ROOT / "book" / "models" / "confidence-building-model.md",
    ROOT / "book" / "models" / "societal-engagement-model.md",
]


def normal(text: str) -> str:
    text = text.replace("\u2019", "'").replace("\u201c", '"').replace("\u201d", '"')
    return " ".join(text.split())


ARTICLE = normal(SEED.read_text(encoding="utf-8"))


def block_quotes(page: Path) -> list[str]:
    quotes, current = [], []
    for line in page.read_text(encoding="utf-8").splitlines():
        if line.startswith(">"):
            current.append(line.lstrip("> "))
        elif current:
            quotes.append(" ".join(current))
            current = []
    return [q.strip().strip('"') for q in quotes]


def registry_quotes() -> list[str]:
    reasons = [
        p.reason for cls in (TrustRules, PublicProfile, EngagementRules) for p in parameters_of(cls)
    ]
    reasons += [g.reason for g in DEFAULT_GROUPS]
    # A quotation opens with a quote mark that does not follow a letter (so "side's" is
    # not one) and closes with one that no letter follows.
    return [q for r in reasons for q in re.findall(r"(?<![A-Za-z])'([^']{12,}?)'(?![A-Za-z])", r)]


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_block_quotes_on_the_model_pages_are_verbatim(page):
    quotes = block_quotes(page)
    assert quotes
    for quote in quotes:
        assert normal(quote) in ARTICLE, quote


def test_quotes_in_parameter_reasons_are_verbatim():
    quotes = registry_quotes()
    assert len(quotes) >= 5
    for quote in quotes:
        assert normal(quote) in ARTICLE, quote
