"""The Pareto frontier of any number of parties, in time that grows with the answer.

An outcome is on the frontier when no other outcome is at least as good for every
party and better for one. Checking every outcome against every frontier outcome
costs outcomes × frontier comparisons: fine for two parties, hopeless for three
when every package is efficient (a purely distributive split, where 15,625 outcomes
took minutes). The classic remedy (Kung, Luccio and Preparata 1975) is a sweep:

* visit the distinct points from the best for the first party down (ties broken by
  the next party, and so on), so that a point can only be dominated by one already
  visited;
* keep the visited undominated points in a structure that answers "does any of them
  beat this point on every other party?" without looking at all of them.

For two parties the structure is one number (the best second value so far). For
three it is a staircase of (second, third) values kept in two sorted lists, so a
query is one binary search. For four or more it is a Fenwick tree over the ranks of
the second party's values whose nodes hold the structure for the remaining parties,
so a query visits O(log n) nodes per extra party. Everything is pure Python, because
the same code runs in the student's browser (Pyodide).

Two outcomes with the same values are both kept or both dropped: neither beats the
other. That is the definition :mod:`peacekit.model.analysis` has always used.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from operator import ge

Point = tuple[float, ...]


def pareto_frontier(columns: Sequence[Sequence[float]]) -> list[int]:
    """Indices of the undominated outcomes, sorted by their values (then by index).

    ``columns`` holds one list of values per party, each with one value per outcome.
    Every copy of an undominated point is kept.
    """
    points: list[Point] = list(zip(*columns, strict=True))
    # The maximal points come in descending order: file each outcome under its point,
    # in ascending order of points, and read the buckets out.
    buckets: dict[Point, list[int]] = {p: [] for p in reversed(maximal_points(points))}
    for i, p in enumerate(points):
        bucket = buckets.get(p)
        if bucket is not None:
            bucket.append(i)
    return [i for bucket in buckets.values() for i in bucket]


def maximal_points(points: Sequence[Point]) -> list[Point]:
    """The distinct points that no other point weakly beats on every coordinate, from the
    largest down (in the order of :func:`sorted`, reversed)."""
    distinct = sorted(set(points), reverse=True)
    if not distinct:
        return []
    dims = len(distinct[0])
    if dims == 1:
        return distinct[:1]
    if dims == 2:
        return _maximal_2d(distinct)
    rest = [p[1:] for p in distinct]
    ranks = _ranks(rest, dims - 3)
    structure = _RankTree(ranks, 0) if ranks else _Staircase()
    kept = []
    for p, q in zip(distinct, rest, strict=True):
        # Everything visited before p is at least as good on the first coordinate and,
        # being distinct and visited in descending order, never equal to p.
        if not structure.beats(q):
            structure.add(q)
            kept.append(p)
    return kept


def _maximal_2d(distinct: list[Point]) -> list[Point]:
    kept = []
    running = None
    for p in distinct:  # descending first value; for equal first values, descending second
        if running is None or p[1] > running:
            kept.append(p)
            running = p[1]
    return kept


def _ranks(points: list[Point], count: int) -> list[dict[float, int]]:
    """For each of the first ``count`` coordinates, value -> its 1-based rank from the largest
    (the last two coordinates go to a staircase and need no ranks)."""
    ranks = []
    for k in range(count):
        values = sorted({p[k] for p in points}, reverse=True)
        ranks.append({v: n for n, v in enumerate(values, 1)})
    return ranks


class _Staircase:
    """Undominated (y, z) points: y ascending, z descending, in two parallel lists."""

    __slots__ = ("ys", "zs")

    def __init__(self) -> None:
        self.ys: list[float] = []
        self.zs: list[float] = []

    def beats(self, p: Point) -> bool:
        """True when a stored point is at least as good as ``p`` on both coordinates."""
        y, z = p[-2], p[-1]
        k = bisect_left(self.ys, y)
        return k < len(self.ys) and self.zs[k] >= z

    def add(self, p: Point) -> None:
        """Store ``p`` unless a stored point beats it, dropping the points it beats."""
        y, z = p[-2], p[-1]
        ys, zs = self.ys, self.zs
        k = bisect_left(ys, y)
        if k < len(ys) and zs[k] >= z:
            return
        high = k + 1 if k < len(ys) and ys[k] == y else k
        low = k
        while low > 0 and zs[low - 1] <= z:
            low -= 1
        ys[low:high] = [y]
        zs[low:high] = [z]


class _RankTree:
    """A Fenwick tree over the ranks of one coordinate (rank 1 = the largest value).

    Node ``n`` covers a block of ranks ending at ``n`` and holds the structure of the
    remaining coordinates for the points added with a rank in that block. The points
    with a value at least ``v`` are the ranks 1..rank(v): a prefix, which the tree
    splits into O(log n) blocks.
    """

    __slots__ = ("level", "nodes", "ranks", "size")

    def __init__(self, ranks: list[dict[float, int]], level: int):
        self.ranks = ranks
        self.level = level  # which coordinate of the stored points this tree ranks
        self.size = len(ranks[level])
        self.nodes: dict[int, _Staircase | _RankTree | _Few] = {}

    def beats(self, p: Point) -> bool:
        n = self.ranks[self.level][p[self.level]]
        nodes = self.nodes
        while n > 0:
            node = nodes.get(n)
            if node is not None and node.beats(p):
                return True
            n -= n & -n
        return False

    def add(self, p: Point) -> None:
        n = self.ranks[self.level][p[self.level]]
        last = self.level == len(self.ranks) - 1  # the nodes then hold staircases
        nodes = self.nodes
        while n <= self.size:
            node = nodes.get(n)
            if node is None:
                node = nodes[n] = _Staircase() if last else _Few(self.level + 1)
            node.add(p)
            if isinstance(node, _Few) and len(node.points) > _FEW:
                nodes[n] = node.grown(self.ranks)
            n += n & -n


#: A node of a tree holds up to this many points in a plain list: most nodes of the
#: deeper trees hold only a handful, and a list is cheaper to build and to ask.
_FEW = 64


class _Few:
    """A few points, compared one by one on the coordinates from ``level`` on."""

    __slots__ = ("level", "points")

    def __init__(self, level: int):
        self.level = level
        self.points: list[Point] = []

    def beats(self, p: Point) -> bool:
        tail = p[self.level :]
        return any(all(map(ge, q, tail)) for q in self.points)

    def add(self, p: Point) -> None:
        if not self.beats(p):
            self.points.append(p[self.level :])

    def grown(self, ranks: list[dict[float, int]]) -> _RankTree:
        """The same points in a tree, once there are too many to compare one by one."""
        tree = _RankTree(ranks, self.level)
        for tail in self.points:
            tree.add((0.0,) * self.level + tail)
        return tree
