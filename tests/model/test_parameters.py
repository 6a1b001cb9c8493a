"""The parameter registry: every number has a name, a default, a range and a reason."""

from __future__ import annotations

import dataclasses

import pytest

from peacekit.model.parameters import Parameter, markdown_table, param, parameters_of
from peacekit.model.stakeholders import EngagementRules, StakeholderGroup
from peacekit.model.trust_ladder import TrustRules
from peacekit.model.two_level import PublicProfile

REGISTRIES = [TrustRules, PublicProfile, EngagementRules, StakeholderGroup]


@pytest.mark.parametrize("cls", REGISTRIES)
def test_every_number_is_a_documented_parameter(cls):
    params = parameters_of(cls)
    numeric = [f.name for f in dataclasses.fields(cls) if f.type in ("float", float)]
    assert [p.name for p in params] == numeric
    for p in params:
        assert p.low <= p.default <= p.high, p.name
        assert len(p.reason.split()) >= 8, f"{p.name}: give a reason"
        assert p.symbol and p.label, p.name


def test_symbols_are_unique_within_a_model():
    for cls in REGISTRIES:
        symbols = [p.symbol for p in parameters_of(cls)]
        assert len(symbols) == len(set(symbols)), cls.__name__


def test_a_default_outside_its_range_is_a_programming_error():
    with pytest.raises(ValueError, match="outside its range"):
        param(2, 0, 1, "reason")


def test_check_names_the_parameter_and_its_range():
    p = Parameter("asymmetry", 2, 1, 5, "why")
    assert p.check(3) == 3.0
    with pytest.raises(ValueError, match="asymmetry must be between 1 and 5, got 6"):
        p.check(6)
    with pytest.raises(ValueError, match="asymmetry must be a number, got 'x'"):
        p.check("x")
    with pytest.raises(ValueError, match="asymmetry must be a number, got True"):
        p.check(True)


def test_the_book_table_has_one_row_per_parameter():
    table = markdown_table(parameters_of(TrustRules), values={"asymmetry": 3})
    rows = table.splitlines()
    assert len(rows) == 2 + len(parameters_of(TrustRules))
    asym = next(r for r in rows if "`asymmetry`" in r)
    assert "| $\\lambda$ |" in asym and "| 3 | 1 to 5 |" in asym
