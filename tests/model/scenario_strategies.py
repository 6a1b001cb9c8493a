"""Hypothesis strategies for random, valid scenarios (shared by the property tests)."""

from __future__ import annotations

from types import MappingProxyType

from hypothesis import strategies as st

from peacekit.model.scenario import ACT, PROMISE, Issue, Option, Party, Scenario, ThirdParty


def party(pid: str, reservation: float) -> Party:
    return Party(
        id=pid,
        name=f"Party {pid}",
        public_brief="public",
        confidential_brief="confidential",
        reservation=reservation,
        reservation_description="no deal",
    )


POINTS = st.integers(-20, 40)
RESERVATIONS = st.integers(-10, 60)


@st.composite
def scenarios(
    draw,
    parties: int = 2,
    max_issues: int = 4,
    max_options: int = 4,
    with_guarantor: bool = False,
    points: st.SearchStrategy[int] = POINTS,
    reservations: st.SearchStrategy[int] = RESERVATIONS,
) -> Scenario:
    """A random scenario: integer points, mixed acts and promises, random reservations.

    Narrow ``points`` and ``reservations`` make ties and equal outcomes common."""
    party_ids = [f"p{k}" for k in range(parties)]
    n_issues = draw(st.integers(1, max_issues))
    issues = []
    for i in range(n_issues):
        n_options = draw(st.integers(2, max_options))
        options = []
        for o in range(n_options):
            kind = draw(st.sampled_from([ACT, PROMISE]))
            by = tuple(sorted(draw(st.sets(st.sampled_from(party_ids), min_size=1))))
            options.append(
                Option(id=f"o{o}", label=f"option {o}", kind=kind, by=by if kind == PROMISE else ())
            )
        issues.append(Issue(id=f"i{i}", label=f"issue {i}", options=tuple(options)))
    scores = {
        p: {iss.id: {opt.id: float(draw(points)) for opt in iss.options} for iss in issues}
        for p in party_ids
    }
    reserve = {p: float(draw(reservations)) for p in party_ids}
    third = ()
    if with_guarantor:
        third = (
            ThirdParty(
                id="g",
                name="Guarantor",
                role="guarantor",
                capacity=draw(st.floats(0, 1)),
                acceptance=MappingProxyType(
                    {p: draw(st.sampled_from([0.2, 0.8])) for p in party_ids}
                ),
            ),
        )
    return Scenario(
        id="random",
        title="Random scenario",
        summary="generated",
        illustrative_note="illustrative",
        sources=(),
        parties=tuple(party(p, reserve[p]) for p in party_ids),
        issues=tuple(issues),
        scores=scores,
        third_parties=third,
    )


trust_levels = st.floats(0, 1, allow_nan=False)
