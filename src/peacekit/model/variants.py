"""Classroom variants: the same negotiation with private numbers a class has not seen.

The built-in scenarios are public: their files are in the repository and in the
``peacekit`` wheel that the course site serves, and Exercise 1 shows both
delegations' points. A negotiation game lives on what each side does not know,
so ``peacekit roles SCENARIO --variant N`` prints a packet whose points,
reservation values and private numbers differ from the published ones, within
the bounds the scenario declares (:class:`~peacekit.model.role_play.VariantBounds`).

A variant must teach the same lesson, so a draw is kept only if it keeps
(checked on the whole analysis, not assumed from the draw):

1. every sign, and the order of each delegation's options on each issue;
2. the order of each delegation's issues by how much they can swing its total
   ("what matters most to each side");
3. the natural trades: which delegation each issue matters clearly more to;
4. an agreement zone of similar size (within ``zone_size`` times the published);
5. where the reference package sits: in the zone or not, on the frontier or not;
6. with a ``trust`` section, whether the zone is open at the starting trust,
   without a guarantor and with each guarantor every delegation accepts;
7. and it must change at least one of every delegation's points.

Equal numbers stay equal: issues with the same range share one weight, and
options worth the same to a delegation move together, so ties survive. The
same scenario and N give the same variant everywhere (the seed is a hash, and
only ``Random.random`` is used), in CPython and in the browser's Pyodide.
"""

from __future__ import annotations

import hashlib
import math
import random
from collections import Counter
from dataclasses import dataclass, replace
from types import MappingProxyType

from .analysis import Analysis, analyse
from .role_play import PrivateNumber, RolePlay, VariantBounds, role_play_of
from .scenario import Scenario
from .trust_ladder import trust_setting

#: Variant numbers an instructor may choose; 0 means the published numbers.
VARIANT_RANGE = (1, 9999)
#: Draws tried before giving up.
MAX_DRAWS = 10_000
#: An issue is a natural trade when its share of one delegation's total range of points
#: exceeds its share of every other delegation's by at least this much.
TRADE_GAP = 0.10


class VariantError(ValueError):
    """No draw within the scenario's bounds keeps what the exercise teaches."""


@dataclass(frozen=True)
class Structure:
    """What a variant must keep, read off a scenario's numbers."""

    option_order: tuple
    issue_order: tuple
    trades: tuple
    zone_size: int
    reference: tuple[bool, bool] | None
    trust_open: tuple[bool, ...]


def variant_seed(scenario: Scenario, number: int) -> int:
    digest = hashlib.sha256(f"peacekit-variant/1:{scenario.id}:{number}".encode()).digest()
    return int.from_bytes(digest[:8], "big")


def derive_variant(scenario: Scenario, number: int) -> Scenario:
    """Classroom variant ``number`` of ``scenario`` (see the module's docstring)."""
    low, high = VARIANT_RANGE
    if isinstance(number, bool) or not isinstance(number, int) or not low <= number <= high:
        raise VariantError(f"variant {number!r}: expected a whole number from {low} to {high}")
    role_play = role_play_of(scenario)
    bounds = role_play.variants if role_play else VariantBounds()
    published = structure(scenario)
    zone = zone_range(published.zone_size, bounds)
    rng = random.Random(variant_seed(scenario, number))
    failures: Counter[str] = Counter()
    for _draw in range(MAX_DRAWS):
        candidate = _draw_variant(scenario, role_play, bounds, rng, number)
        problem = _compare(scenario, published, candidate, zone)
        if problem is None:
            return candidate
        failures[problem] += 1
    reason = failures.most_common(1)[0][0]
    raise VariantError(
        f"variant {number}: no draw within the bounds {_reason_text(reason, bounds, zone)} "
        f"after {MAX_DRAWS:,} draws; widen {_widen(reason)}"
    )


def zone_range(size: int, bounds: VariantBounds) -> tuple[int, int]:
    """The sizes a variant's agreement zone may have: the bounds rounded inwards, and at
    least one package when the published zone has one."""
    lo, hi = bounds.zone_size
    least = math.ceil(lo * size - 1e-9)
    most = math.floor(hi * size + 1e-9)
    if size > 0:
        least = max(least, 1)
    return least, most


# -- the structure a variant keeps ------------------------------------------------------------


def _ranges(scenario: Scenario, party: str) -> list[float]:
    table = scenario.scores[party]
    return [max(table[i.id].values()) - min(table[i.id].values()) for i in scenario.issues]


def _order(values: list[float]) -> tuple[tuple[int, int], ...]:
    """Every pair's comparison (-1, 0, 1): the full ranking, ties included."""
    return tuple(
        (values[a] > values[b]) - (values[a] < values[b])
        for a in range(len(values))
        for b in range(a + 1, len(values))
    )


def natural_trades(scenario: Scenario) -> tuple[tuple[str, str], ...]:
    """(issue id, party id) for each issue that matters clearly more to one delegation: its
    share of that delegation's total range beats every other's by :data:`TRADE_GAP`."""
    shares = {}
    for party in scenario.party_ids:
        ranges = _ranges(scenario, party)
        total = sum(ranges) or 1.0
        shares[party] = [r / total for r in ranges]
    found = []
    for k, issue in enumerate(scenario.issues):
        ranked = sorted(scenario.party_ids, key=lambda p: -shares[p][k])
        top, rest = ranked[0], ranked[1:]
        if all(shares[top][k] - shares[p][k] >= TRADE_GAP - 1e-12 for p in rest):
            found.append((issue.id, top))
    return tuple(found)


def _trust_open(scenario: Scenario) -> tuple[bool, ...]:
    """Whether the zone is open at the starting trust: with no guarantor, then with each
    third party that every delegation accepts. Empty without a ``trust`` section."""
    if "trust" not in scenario.sections:
        return ()
    start = dict(trust_setting(scenario).initial)
    guarantors = [None] + [
        t.id for t in scenario.third_parties if not t.vetoed_by(scenario.party_ids)
    ]
    return tuple(analyse(scenario, start, g).zone_size > 0 for g in guarantors)


def _option_order(scenario: Scenario) -> tuple:
    return tuple(
        (
            tuple((v > 0) - (v < 0) for v in scenario.scores[p][i.id].values()),
            _order(list(scenario.scores[p][i.id].values())),
        )
        for p in scenario.party_ids
        for i in scenario.issues
    )


def _issue_order(scenario: Scenario) -> tuple:
    return tuple(_order(_ranges(scenario, p)) for p in scenario.party_ids)


def _reference(scenario: Scenario, a: Analysis) -> tuple[bool, bool] | None:
    if scenario.reference is None:
        return None
    index = a.index(scenario.reference.outcome)
    return a.in_zone(index), a.on_frontier(index)


def structure(scenario: Scenario) -> Structure:
    a = Analysis(scenario)
    return Structure(
        option_order=_option_order(scenario),
        issue_order=_issue_order(scenario),
        trades=natural_trades(scenario),
        zone_size=a.zone_size,
        reference=_reference(scenario, a),
        trust_open=_trust_open(scenario),
    )


def _compare(
    scenario: Scenario, published: Structure, candidate: Scenario, zone: tuple[int, int]
) -> str | None:
    """The first thing ``candidate`` fails to keep, or ``None``. The cheap checks come
    first, so that most rejected draws cost no analysis."""
    for party in scenario.party_ids:
        if candidate.scores[party] == scenario.scores[party]:
            return "changed"
    if _option_order(candidate) != published.option_order:
        return "options"
    if _issue_order(candidate) != published.issue_order:
        return "issues"
    if natural_trades(candidate) != published.trades:
        return "trades"
    a = Analysis(candidate)
    if not zone[0] <= a.zone_size <= zone[1]:
        return "zone"
    if _reference(candidate, a) != published.reference:
        return "reference"
    if _trust_open(candidate) != published.trust_open:
        return "trust"
    return None


def _reason_text(reason: str, bounds: VariantBounds, zone: tuple[int, int]) -> str:
    lo, hi = bounds.zone_size
    return {
        "changed": "changes every delegation's points",
        "options": "keeps the order of every delegation's options",
        "issues": "keeps the order of what matters most to each delegation",
        "trades": "keeps the natural trades between issues",
        "zone": f"keeps the agreement zone between {lo:g} and {hi:g} times its published size "
        f"({zone[0]} to {zone[1]} packages)",
        "reference": "keeps the reference package's place in the zone and on the frontier",
        "trust": "keeps the agreement zone open or closed at the starting trust",
    }[reason]


def _widen(reason: str) -> str:
    return {
        "zone": "zone_size or issue_weight",
        "changed": "issue_weight or option_jitter",
    }.get(reason, "issue_weight or reservation, or narrow option_jitter")


# -- one draw -----------------------------------------------------------------------------


def _draw_variant(
    scenario: Scenario,
    role_play: RolePlay | None,
    bounds: VariantBounds,
    rng: random.Random,
    number: int,
) -> Scenario:
    """Draw every number once, in a fixed order: parties' tables (issues, then options, in
    file order), reservation values, private numbers."""

    def uniform(low: float, high: float) -> float:
        return low + (high - low) * rng.random()

    scores = {}
    for party in scenario.party_ids:
        table = scenario.scores[party]
        weights: dict[float, float] = {}
        jitters: dict[float, float] = {}
        new = {}
        for issue, spread in zip(scenario.issues, _ranges(scenario, party), strict=True):
            if spread not in weights:
                weights[spread] = uniform(*bounds.issue_weight)
            row = {}
            for option_id, points in table[issue.id].items():
                if points not in jitters and points != 0:
                    jitters[points] = uniform(-bounds.option_jitter, bounds.option_jitter)
                row[option_id] = (
                    0 if points == 0 else _whole(points * weights[spread] * (1 + jitters[points]))
                )
            new[issue.id] = MappingProxyType(row)
        scores[party] = MappingProxyType(new)
    parties = tuple(
        replace(p, reservation=_whole(p.reservation * uniform(*bounds.reservation)))
        for p in scenario.parties
    )
    sections = dict(scenario.sections)
    if role_play is not None and role_play.private_numbers:
        drawn = tuple(_draw_number(n, rng) for n in role_play.private_numbers)
        sections["classroom"] = replace(role_play, private_numbers=drawn)
    return replace(
        scenario,
        scores=MappingProxyType(scores),
        parties=parties,
        sections=MappingProxyType(sections),
        variant=number,
    )


def _draw_number(number: PrivateNumber, rng: random.Random) -> PrivateNumber:
    grid = number.grid()
    return replace(number, value=grid[min(int(rng.random() * len(grid)), len(grid) - 1)])


def _whole(value: float) -> int:
    """The nearest whole number, halves away from zero (the same on every platform)."""
    return int(math.copysign(math.floor(abs(value) + 0.5), value))
