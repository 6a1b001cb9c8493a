"""Author-year citations in round brackets, and bibliography labels that match them.

The book cites in author-year form. sphinxcontrib-bibtex's ``author_year`` style puts
the year in square brackets, "Osgood [1962]", which reads like a numeric reference in a
humanities text; and with pybtex's stock styles the bibliography shows numeric labels,
"[7]", which a reader cannot match to the citation by eye. This extension registers:

- a referencing style, ``author_year_round``: "Osgood (1962)" and "(Osgood, 1962)";
  select it with ``bibtex_reference_style: author_year_round``;
- a pybtex style, ``course``: the ``plain`` style (sorted by author, year, title) with
  "Osgood 1962"-style labels; select it with ``bibtex_default_style: course``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from pybtex.database import Entry
from pybtex.plugin import register_plugin
from pybtex.richtext import Text
from pybtex.style.formatting.plain import Style as PlainStyle
from pybtex.style.labels import BaseLabelStyle
from sphinx.application import Sphinx
from sphinxcontrib.bibtex.plugin import register_plugin as register_bibtex_plugin
from sphinxcontrib.bibtex.style.referencing import BracketStyle
from sphinxcontrib.bibtex.style.referencing.author_year import AuthorYearReferenceStyle

__version__ = "1.0"


def _surname(person) -> str:
    """A surname such as "de Waal", not "deWaal": each part rendered, joined with spaces."""
    parts = [*person.rich_prelast_names, *person.rich_last_names]
    return " ".join(Text(part).render_as("text") for part in parts)


class AuthorYearLabelStyle(BaseLabelStyle):
    """Osgood 1962; Fisher & Ury 1981; Faratin et al. 1998."""

    def format_labels(self, sorted_entries: Iterable[Entry]) -> Iterator[str]:
        for entry in sorted_entries:
            people = entry.persons.get("author") or entry.persons.get("editor") or []
            names = [_surname(person) for person in people]
            if len(names) > 2:
                who = f"{names[0]} et al."
            elif names:
                who = " & ".join(names)
            else:
                who = entry.fields.get("key", entry.key)
            yield f"{who} {entry.fields.get('year', 'n.d.')}"


class CourseStyle(PlainStyle):
    default_label_style = "authoryear"


def _round() -> BracketStyle:
    return BracketStyle(left="(", right=")")


@dataclass
class RoundAuthorYearReferenceStyle(AuthorYearReferenceStyle):
    """The stock author-year style with round brackets everywhere."""

    bracket_parenthetical: BracketStyle = field(default_factory=_round)
    bracket_textual: BracketStyle = field(default_factory=_round)
    bracket_author: BracketStyle = field(default_factory=_round)
    bracket_label: BracketStyle = field(default_factory=_round)
    bracket_year: BracketStyle = field(default_factory=_round)


def setup(app: Sphinx) -> dict[str, object]:
    register_plugin("pybtex.style.labels", "authoryear", AuthorYearLabelStyle)
    register_plugin("pybtex.style.formatting", "course", CourseStyle)
    register_bibtex_plugin(
        "sphinxcontrib.bibtex.style.referencing",
        "author_year_round",
        RoundAuthorYearReferenceStyle,
    )
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
