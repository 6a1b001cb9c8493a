import pytest

from peacekit.lenses.small_steps import (
    COMPARISON_SEEDS,
    Comparisons,
    check_seed,
    check_strategy,
    headline,
    names,
    round_rows,
)
from peacekit.model.trust_ladder import run_many, simulate
from peacekit.scenarios.scenario_file import load_builtin

TREATY = load_builtin("comprehensive-treaty")


def test_names_are_the_delegations_short_names():
    assert names(TREATY) == {"am": "Yerevan", "az": "Baku"}


def test_headline_names_both_sides_their_strategies_and_the_opening():
    never = simulate(TREATY, ("silver_bullet", "silver_bullet"), seed=0)
    assert never.first_open is None
    assert headline(never, TREATY) == (
        "Yerevan plays Silver bullet, Baku plays Silver bullet (seed 0): the agreement zone "
        "never opens in 30 rounds."
    )
    opens = simulate(TREATY, ("grit", "grit"), seed=0)
    assert opens.first_open is not None and opens.first_open > 0
    assert headline(opens, TREATY).endswith(
        f"the agreement zone first opens after round {opens.first_open}."
    )


def test_round_rows_follow_the_run():
    run = simulate(TREATY, ("grit", "silver_bullet"), seed=2)
    rows = round_rows(run)
    assert [r.round for r in rows] == list(range(1, 31))
    for row, rec in zip(rows, run.rounds, strict=True):
        assert row.trust == (rec.trust["am"], rec.trust["az"])
        assert row.zone_size == rec.zone_size
        assert row.moves[0].startswith("a small verifiable step") or row.moves[0].startswith(
            "a large step"
        )
        kept = "kept" if rec.honoured["az"] else "broken"
        assert row.moves[1] == f"a promise about the future, {kept}"


def test_comparisons_use_the_same_seeds_and_are_computed_once():
    c = Comparisons(TREATY, seeds=20)
    first = c.with_references(("grit", "tit_for_tat"))
    assert [s.strategies for s in first] == [
        ("grit", "tit_for_tat"),
        ("silver_bullet", "silver_bullet"),
        ("grit", "grit"),
    ]
    assert first[0] == run_many(TREATY, ("grit", "tit_for_tat"), seeds=range(20))
    assert c.with_references(("grit", "grit"))[0] is first[2]  # cached, not recomputed
    assert [s.strategies for s in c.with_references(("grit", "grit"))] == [
        ("grit", "grit"),
        ("silver_bullet", "silver_bullet"),
    ]
    assert Comparisons(TREATY).seeds.stop == COMPARISON_SEEDS


@pytest.mark.parametrize("bad", [-1, 10_000, 1.5, "3", True, None])
def test_a_seed_must_be_a_whole_number_in_range(bad):
    with pytest.raises(ValueError, match="the seed must be a whole number from 0 to 9999"):
        check_seed(bad)


def test_an_unknown_strategy_is_refused():
    assert check_strategy("grit") == "grit"
    with pytest.raises(ValueError, match="'bluff' is not a strategy; expected one of: "):
        check_strategy("bluff")
