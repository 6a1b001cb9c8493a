"""The built-in strategies do what the book says they do."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from peacekit.model.trust_strategies import LARGE, PROMISE, SMALL, STALL, View, strategies, strategy

BIB = Path(__file__).resolve().parents[2] / "book" / "references.bib"


def view(round_=2, own=0.3, own_last=SMALL, other_last=SMALL, honoured=True, escalation=0.6):
    return View(round_, own, own_last, other_last, honoured, escalation)


def test_grit_keeps_stepping_when_not_reciprocated():
    # Osgood: GRIT steps are carried out even if the other side does not reciprocate.
    grit = strategy("grit")
    assert grit.choose(view(other_last=STALL, honoured=None)) == SMALL
    assert grit.choose(view(other_last=PROMISE, honoured=False)) == SMALL
    assert grit.choose(view(round_=1, own_last=None, other_last=None, honoured=None)) == SMALL


def test_grit_graduates_only_after_reciprocation_and_enough_trust():
    grit = strategy("grit")
    assert grit.choose(view(own=0.6, other_last=SMALL, honoured=True)) == LARGE
    assert grit.choose(view(own=0.59, other_last=SMALL, honoured=True)) == SMALL
    assert grit.choose(view(own=0.9, other_last=STALL, honoured=None)) == SMALL
    assert grit.choose(view(own=0.9, other_last=LARGE, honoured=False)) == SMALL


def test_tit_for_tat_opens_with_a_step_then_copies():
    tft = strategy("tit_for_tat")
    assert tft.choose(view(round_=1, own_last=None, other_last=None, honoured=None)) == SMALL
    assert tft.choose(view(other_last=SMALL, honoured=True)) == SMALL
    assert tft.choose(view(other_last=PROMISE, honoured=True)) == SMALL
    assert tft.choose(view(other_last=SMALL, honoured=False)) == STALL
    assert tft.choose(view(other_last=STALL, honoured=None)) == STALL


def test_silver_bullet_and_always_stall_ignore_the_other_side():
    for v in (view(), view(other_last=STALL, honoured=None), view(own=1.0)):
        assert strategy("silver_bullet").choose(v) == PROMISE
        assert strategy("always_stall").choose(v) == STALL


def test_unknown_strategy_is_named_with_the_choices():
    with pytest.raises(
        ValueError, match=r"unknown strategy 'grits'; expected one of: silver_bullet"
    ):
        strategy("grits")


def test_every_cited_source_is_in_the_bibliography():
    keys = set(re.findall(r"@\w+\{([^,]+),", BIB.read_text(encoding="utf-8")))
    for s in strategies().values():
        assert s.source == "" or s.source in keys, s.id
        assert s.label and s.description


def test_the_silver_bullet_is_labelled_as_the_courses_reading_not_the_articles():
    """The article criticises the search for a silver bullet; the strategy is the course's."""
    s = strategy("silver_bullet")
    assert s.source == ""  # the book's table then names "the course" as its source
    assert "the course's reading of the article's “silver bullet”" in s.description
    assert "the article describes no such strategy" in s.description
