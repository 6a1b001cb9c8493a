"""Safe YAML reading with line numbers, for files that people write by hand.

Scenario files and results files come from instructors and students, so this
module assumes the worst: bytes that are not UTF-8, an empty file, a file that
is not YAML at all, duplicate keys, and YAML aliases used to blow up memory
(the "billion laughs" file). Each is turned into a :class:`Problem` that names
the file and line, never a traceback.

:class:`Reader` then walks the parsed mapping with a small set of typed getters
(``text``, ``number``, ``identifier`` …) that report a problem and return
``None`` instead of raising, so one pass finds every problem in a file.
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Callable, Iterable, Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import (
    AliasEvent,
    CollectionEndEvent,
    CollectionStartEvent,
    MappingStartEvent,
    ScalarEvent,
)
from ruamel.yaml.parser import RoundTripParser
from ruamel.yaml.reader import ReaderError

from .problems import Problem, ScenarioError
from .safe_files import FileProblem, read_limited

#: Larger files are refused before parsing; a real scenario is a few kilobytes, and one
#: with a full classroom section about 100 kilobytes.
MAX_FILE_BYTES = 500_000
#: Longer lines are refused before parsing: hand-written text breaks its lines.
MAX_LINE_CHARS = 20_000
#: More values (keys, items, texts and numbers) than this are refused while parsing, at
#: the line where the limit is passed: a scenario has a few hundred, a full classroom
#: scenario under 2,000.
MAX_NODES = 10_000
#: Deeper nesting is refused while parsing: a scenario needs six levels at most.
MAX_DEPTH = 32
#: A number written with more characters than this is refused (no score needs it, and
#: turning thousands of digits into a number takes time and can overflow).
MAX_NUMBER_CHARS = 40

IDENTIFIER = re.compile(r"^[a-z][a-z0-9_]*$")
#: Ids become file names (``confidential-am.html``), so they are kept short and never a
#: name that Windows reserves for a device.
MAX_ID_CHARS = 40
RESERVED_NAMES = frozenset(
    ["con", "prn", "aux", "nul", *(f"com{n}" for n in range(10)), *(f"lpt{n}" for n in range(10))]
)

DEPTH_MESSAGE = (
    f"nested more than {MAX_DEPTH} levels deep; expected a few levels (no peacekit file "
    "needs more than six)"
)
_BRACKET_RUN = re.compile(r"(?:[\[{][ \t\r\n]*)" + "{" + str(MAX_DEPTH + 1) + "}")
_NUMBER = re.compile(
    r"[-+]?(?:0x[0-9a-fA-F_]+|0o[0-7_]+|0b[01_]+|[0-9][0-9_]*(?:\.[0-9_]*)?"
    r"(?:[eE][-+]?[0-9]+)?|\.[0-9_]+(?:[eE][-+]?[0-9]+)?)"
)
_DATE = re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})(?:[Tt ].*)?")
_PLAIN_TAGS = {"tag:yaml.org,2002:" + name for name in ("str", "seq", "map")}


def read_yaml(
    path: str | Path,
    *,
    name: str | None = None,
    text: str | None = None,
    expected: str = "a YAML file",
    size_hint: str = " (a scenario is a few kilobytes)",
    root: str = "the file",
    root_hint: str = "",
) -> Any:
    """Parse one YAML file into ruamel round-trip objects (which remember lines).

    ``name`` is how the file is named in messages (default: the path as given).
    ``text`` parses a string instead of reading ``path``. Raises
    :class:`ScenarioError` with a one-line problem for every failure, including a file
    that holds a single text or number (named ``root`` in the message, at its line)
    rather than a mapping or a list.

    The text is read once, bounded (:func:`read_file_bytes`), checked line by line for
    length, and parsed once: every event of the parser is checked as it comes (size,
    depth, anchors, aliases, tags, merge keys, overlong numbers, impossible dates), so a
    hostile file is refused at its first offending line before anything is built.
    """
    label = name or str(path)
    if text is None:
        raw = read_file_bytes(path, label, expected=expected, size_hint=size_hint)
        text = decode_utf8(raw, label)
    _check_lines(text, label)
    if not text.strip() or all(
        not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()
    ):
        raise ScenarioError([Problem(label, 1, "the file is empty; expected a YAML mapping")])

    yaml = YAML(typ="rt", pure=True)
    yaml.allow_duplicate_keys = False
    yaml.Parser = _GuardedParser
    guard = yaml.peacekit_guard = _Guard(label)
    try:
        data = yaml.load(text)
        if not isinstance(data, (dict, list)):
            raise ScenarioError(
                [
                    Problem(
                        label,
                        guard.first_line,
                        f"{root}: expected a mapping of keys{root_hint}, found "
                        f"{describe_type(data)}",
                    )
                ]
            )
        return data
    except ScenarioError:
        raise
    except MarkedYAMLError as exc:
        raise ScenarioError([_marked_problem(exc, label)]) from None
    except ReaderError as exc:
        line = text[: exc.position].count("\n") + 1
        code = exc.character if isinstance(exc.character, int) else ord(exc.character)
        raise ScenarioError(
            [
                Problem(
                    label,
                    line,
                    f"character U+{code:04X} is not allowed in a YAML file (a control "
                    "character); remove it, or save the file as plain text",
                )
            ]
        ) from None
    except (YAMLError, ValueError, OverflowError, TypeError) as exc:
        # Guarded above; left as a last line of defence, still one line.
        raise ScenarioError([Problem(label, 1, f"not valid YAML ({exc})")]) from None


def read_file_bytes(
    path: str | Path, label: str, *, expected: str = "a YAML file", size_hint: str = ""
) -> bytes:
    """The bytes of a file someone wrote by hand, or one line saying why it cannot be used.

    Scenario, knowledge-check and results files all come through here, so a missing,
    unreadable, special or oversized file reads the same way whichever command met it.
    ``expected`` names the kind of file (for a folder given instead); ``size_hint``
    follows the size limit in its message. At most ``MAX_FILE_BYTES + 1`` bytes are read.
    """
    try:
        raw = read_limited(path, MAX_FILE_BYTES, expected=expected)
    except FileProblem as exc:
        raise ScenarioError([Problem(label, exc.line, exc.reason)]) from None
    if len(raw) > MAX_FILE_BYTES:
        raise ScenarioError(
            [
                Problem(
                    label,
                    raw.count(b"\n", 0, MAX_FILE_BYTES) + 1,  # the line of the first byte over
                    f"the file is longer than {MAX_FILE_BYTES:,} bytes (the limit is passed on "
                    f"this line); expected at most {MAX_FILE_BYTES:,}{size_hint}",
                )
            ]
        )
    return raw


def decode_utf8(raw: bytes, label: str) -> str:
    """Decode strictly, naming the line of the first bad byte."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        byte = raw[exc.start : exc.start + 1].hex()
        raise ScenarioError(
            [
                Problem(
                    label,
                    line,
                    f"byte 0x{byte} is not UTF-8 text; save the file as UTF-8",
                )
            ]
        ) from None


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def refuse_control_characters(text: str, label: str) -> None:
    """A control character (a NUL byte, a bell) is never part of a name or a note; YAML
    refuses them, and so does every other reader, at the line of the first."""
    found = _CONTROL.search(text)
    if found:
        raise ScenarioError(
            [
                Problem(
                    label,
                    text.count("\n", 0, found.start()) + 1,
                    f"character U+{ord(found.group()):04X} is not allowed (a control "
                    "character); remove it, or save the file as plain text",
                )
            ]
        )


def _check_lines(text: str, label: str) -> None:
    """Refuse overlong lines and runs of opening brackets before the parser sees them
    (C-speed passes). The parser looks up to 1,024 characters ahead at every bracket, so
    ``[[[[…`` would cost it a second before the depth check stopped it."""
    run = _BRACKET_RUN.search(text)
    if run:
        raise ScenarioError([Problem(label, text.count("\n", 0, run.start()) + 1, DEPTH_MESSAGE)])
    lines = text.split("\n")
    if max(map(len, lines)) <= MAX_LINE_CHARS:
        return
    for n, line in enumerate(lines, 1):
        if len(line) > MAX_LINE_CHARS:
            raise ScenarioError(
                [
                    Problem(
                        label,
                        n,
                        f"the line is {len(line):,} characters long; expected at most "
                        f"{MAX_LINE_CHARS:,} (break long text over several lines)",
                    )
                ]
            )


class _Guard:
    """Checks each parser event as it is produced, so nothing is built from a bad file.

    Anchors, aliases and explicit tags have no use in these files and can be abused (a
    few lines of aliases can expand to gigabytes); a merge key (``<<:``) would let one
    key stand for many, although a key may appear once; size and depth are bounded so
    that parsing stays fast and shallow whatever the file holds.
    """

    def __init__(self, label: str):
        self.label = label
        self.nodes = 0
        self.first_line = 1  # of the document's root node
        #: One entry per open collection: for a mapping, whether its next node is a key.
        self.open: list[bool | None] = []

    def refuse(self, event: Any, message: str) -> None:
        raise ScenarioError([Problem(self.label, event.start_mark.line + 1, message)])

    def see(self, event: Any) -> None:
        if isinstance(event, CollectionEndEvent):
            self.open.pop()
            return
        if not isinstance(event, (ScalarEvent, CollectionStartEvent, AliasEvent)):
            return
        is_key = bool(self.open) and self.open[-1] is True
        if self.open and self.open[-1] is not None:
            self.open[-1] = not self.open[-1]  # a mapping alternates keys and values
        self.nodes += 1
        if self.nodes == 1:
            self.first_line = event.start_mark.line + 1
        if self.nodes > MAX_NODES:
            self.refuse(
                event,
                f"more than {MAX_NODES:,} values (keys, texts, numbers, lists and mappings "
                "together); expected far fewer (a scenario has a few hundred, a result a few "
                "dozen)",
            )
        if isinstance(event, AliasEvent) or event.anchor:
            sign = "*" if isinstance(event, AliasEvent) else "&"
            self.refuse(
                event,
                f"YAML anchors and aliases are not allowed ('{sign}{event.anchor}'); "
                "write each value out in full",
            )
        tag = getattr(event, "tag", None)
        if tag and str(tag) not in _PLAIN_TAGS:
            self.refuse(event, f"YAML tag '{tag}' is not allowed; remove it")
        if isinstance(event, CollectionStartEvent):
            if is_key:
                self.refuse(
                    event,
                    "a list or a mapping is used as a key; expected a name (write 'key: value')",
                )
            self.open.append(True if isinstance(event, MappingStartEvent) else None)
            if len(self.open) > MAX_DEPTH:
                self.refuse(event, DEPTH_MESSAGE)
        elif event.style is None:  # a plain scalar: the only kind YAML reads as a value
            self._plain(event, is_key)

    def _plain(self, event: ScalarEvent, is_key: bool) -> None:
        value = event.value
        if value == "<<":
            self.refuse(
                event,
                "YAML merge keys ('<<') are not allowed; write each key out in full "
                "(a key may appear once)"
                if is_key
                else "'<<' means a YAML merge key; to write it as text, put it in quotes",
            )
        if len(value) > MAX_NUMBER_CHARS and _NUMBER.fullmatch(value):
            self.refuse(
                event,
                f"the number '{value[:12]}…' has {len(value):,} characters; expected at "
                f"most {MAX_NUMBER_CHARS} (write a smaller number, or text in quotes)",
            )
        when = _DATE.fullmatch(value)
        if when:
            try:
                date(*(int(part) for part in when.groups()))
            except ValueError:
                self.refuse(
                    event,
                    f"'{value}' looks like a date but is not one; write a real date "
                    "(YYYY-MM-DD), or text in quotes",
                )


class _GuardedParser(RoundTripParser):
    """ruamel's round-trip parser, with every event shown to the loader's :class:`_Guard`
    before the composer can use it."""

    def _next(self) -> None:
        if self.current_event is None and self.state:
            event = self.state()
            self.loader.peacekit_guard.see(event)
            self.current_event = event

    def check_event(self, *choices: Any) -> bool:
        self._next()
        return super().check_event(*choices)

    def peek_event(self) -> Any:
        self._next()
        return super().peek_event()

    def get_event(self) -> Any:
        self._next()
        return super().get_event()


def _marked_problem(exc: MarkedYAMLError, label: str) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    if exc.context_mark is not None and "end of stream" in (exc.problem or ""):
        mark = exc.context_mark  # where the unclosed quote or bracket began
    line = mark.line + 1 if mark is not None else 1
    problem = (exc.problem or exc.context or "not valid YAML").strip()
    if "duplicate key" in problem:
        match = re.search(r'duplicate key "([^"]*)"', problem)
        key = match.group(1) if match else "?"
        first = exc.context_mark.line + 1 if exc.context_mark is not None else None
        where = f" (the mapping starts at line {first})" if first else ""
        return Problem(label, line, f"duplicate key '{key}'{where}; each key may appear once")
    if exc.context and exc.problem and problem.startswith("but "):
        text = f"{exc.context.strip()}, {problem}"  # "expected …, but found …"
    else:
        text = problem + (f" {exc.context}" if exc.context and exc.problem else "")
    return Problem(
        label,
        line,
        f"not valid YAML: {text}; check indentation, colons and quotes",
    )


def id_problem(value: str) -> str:
    """Why ``value`` cannot be an id, or "" when it can.

    Ids name files (``confidential-<party>.html``, results files), so they must work as
    file names on Windows, macOS and Linux: lower-case ASCII (no two ids differ only in
    case), short, and never a device name that Windows reserves.
    """
    shown = value if len(value) <= 30 else value[:27] + "..."
    if not IDENTIFIER.match(value):
        return (
            f"'{shown}' is not a valid id; expected lower-case letters, digits and '_', "
            "starting with a letter (e.g. 'cop29_bid')"
        )
    if len(value) > MAX_ID_CHARS:
        return (
            f"'{shown}' has {len(value)} characters; expected an id of at most "
            f"{MAX_ID_CHARS} (ids become parts of file names)"
        )
    if value in RESERVED_NAMES:
        return (
            f"'{value}' is a name Windows reserves for a device; expected another id "
            "(ids become parts of file names)"
        )
    return ""


def describe_type(value: Any) -> str:
    """How a value's type is named to a non-programmer."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"yes/no ({str(value).lower()})"
    if isinstance(value, (int, float)):
        return f"a number ({value})"
    if isinstance(value, str):
        shown = value if len(value) <= 30 else value[:27] + "..."
        return f"text '{shown}'"
    if isinstance(value, (date, datetime)):
        return f"a date ({value})"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return type(value).__name__


_NO_KEY = object()


def key_text(key: Any) -> str:
    """A mapping key as written: ``'titel'``, ``'true'``, or ``~ (an empty key)``."""
    if key is None:
        return "~ (an empty key)"
    if isinstance(key, bool):
        return f"'{str(key).lower()}'"
    return f"'{key}'"


class Reader:
    """Walks parsed YAML, collecting problems instead of raising.

    Every getter takes the containing mapping and a key, looks up the line of
    that key, and returns ``None`` (after recording a problem) when the value
    is missing or of the wrong kind. ``where`` strings such as
    ``parties[1].reservation`` tell the reader of a message which value is meant.
    """

    def __init__(self, label: str):
        self.label = label
        self.problems: list[Problem] = []
        #: Set to False when an earlier mistake (such as a malformed id) would make
        #: every cross-reference check repeat it.
        self.references_checked = True

    # -- reporting -----------------------------------------------------------------
    def error(self, line: int, message: str) -> None:
        self.problems.append(Problem(self.label, line, message))

    def warn(self, line: int, message: str) -> None:
        self.problems.append(Problem(self.label, line, message, warning=True))

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if not p.warning]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.warning]

    # -- lines ---------------------------------------------------------------------
    @staticmethod
    def line_of(container: Any, key: Any = _NO_KEY, default: int = 1) -> int:
        """1-based line of ``key`` in a mapping, of item ``key`` in a list, or of the container."""
        try:
            if isinstance(container, CommentedMap):
                if key is not _NO_KEY and key in container:
                    return container.lc.key(key)[0] + 1
                return container.lc.line + 1
            if isinstance(container, CommentedSeq):
                if isinstance(key, int) and 0 <= key < len(container):
                    return container.lc.item(key)[0] + 1
                return container.lc.line + 1
        except (AttributeError, KeyError, TypeError, IndexError):
            pass
        return default

    # -- structure -----------------------------------------------------------------
    def mapping(
        self,
        value: Any,
        where: str,
        line: int,
        *,
        required: Iterable[str] = (),
        optional: Iterable[str] = (),
        free_keys: bool = False,
    ) -> CommentedMap | None:
        """Check that ``value`` is a mapping with the expected keys.

        Unknown keys are errors (with a did-you-mean hint) unless ``free_keys``;
        missing required keys are errors reported at the mapping's own line.
        """
        if not isinstance(value, dict):
            self.error(line, f"{where}: expected a mapping of keys, found {describe_type(value)}")
            return None
        required = list(required)
        allowed = required + list(optional)
        missing = [k for k in required if k not in value]
        if not free_keys:
            for key in value:
                if key not in allowed:
                    hint = difflib.get_close_matches(
                        str(key), missing, n=1
                    ) or difflib.get_close_matches(str(key), allowed, n=1)
                    did = f" (did you mean '{hint[0]}'?)" if hint else ""
                    if hint and hint[0] in missing:
                        missing.remove(hint[0])  # one problem, one line
                    self.error(
                        self.line_of(value, key, line),
                        f"{where}: unknown key {key_text(key)}{did}; expected one of: "
                        + ", ".join(allowed),
                    )
        for key in missing:
            self.error(self.line_of(value, None, line), f"{where}: missing key '{key}'")
        return value  # type: ignore[return-value]

    def sequence(
        self, container: Any, key: Any, where: str, *, min_items: int = 0
    ) -> CommentedSeq | None:
        if not isinstance(container, dict) or key not in container:
            return None
        value = container[key]
        line = self.line_of(container, key)
        if not isinstance(value, list):
            self.error(line, f"{where}: expected a list, found {describe_type(value)}")
            return None
        if len(value) < min_items:
            noun = "item" if min_items == 1 else "items"
            self.error(
                line,
                f"{where}: has {len(value)} item{'s' if len(value) != 1 else ''}; "
                f"expected at least {min_items} {noun}",
            )
        return value  # type: ignore[return-value]

    def entries(
        self,
        items: Any,
        where: str,
        *,
        required: Iterable[str] = (),
        optional: Iterable[str] = (),
        name: Callable[[Any, int], str] | None = None,
    ) -> Iterator[tuple[str, int, CommentedMap]]:
        """Each item of a list (from :meth:`sequence`; ``None`` is no items) that is a
        mapping, as ``(where, line, mapping)``, its keys checked as :meth:`mapping` does.

        ``where`` names the item as ``WHERE[n]``, or ``name(item, n)`` gives its name;
        an item that is not a mapping is reported at its line and skipped.
        """
        for n, item in enumerate(items or ()):
            at = name(item, n) if name else f"{where}[{n}]"
            line = self.line_of(items, n)
            m = self.mapping(item, at, line, required=required, optional=optional)
            if m is not None:
                yield at, line, m

    # -- scalars -------------------------------------------------------------------
    def text(
        self, container: Any, key: str, where: str, *, required: bool = True, default: str = ""
    ) -> str | None:
        if not isinstance(container, dict) or key not in container:
            return None if required else default
        value = container[key]
        line = self.line_of(container, key)
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            self.error(line, f"{where}: expected text, found {describe_type(value)}")
            return None
        if isinstance(value, float) and not math.isfinite(value):
            self.error(
                line,
                f"{where}: expected text, found a number that is not finite ({value}); "
                "put the text in quotes",
            )
            return None
        if isinstance(value, (int, float)):
            # A bare number where text is expected (e.g. a title "1991") is fine.
            value = str(value)
        value = str(value).strip()
        if required and not value:
            self.error(line, f"{where}: is empty; expected some text")
            return None
        return value

    def identifier(self, container: Any, key: str, where: str) -> str | None:
        value = self.text(container, key, where)
        if value is None:
            return None
        problem = id_problem(value)
        if problem:
            self.error(self.line_of(container, key), f"{where}: {problem}")
            return None
        return value

    def unique_identifier(
        self,
        container: Any,
        key: str,
        where: str,
        seen: set[str],
        *,
        line: int = 1,
        within: str = "",
    ) -> str | None:
        """:meth:`identifier`, reporting an id that ``seen`` already holds (then adding it).

        ``line`` is where to report when the key's own line is unknown; ``within``
        ends the message (e.g. " in this chapter").
        """
        value = self.identifier(container, key, where)
        if value in seen:
            self.error(
                self.line_of(container, key, line), f"{where}: '{value}' is used twice{within}"
            )
        seen.add(value or "")
        return value

    def first_use(self, seen: dict[str, int], value: str | None, where: str, line: int) -> bool:
        """True for an id's first use (recorded in ``seen`` with its line); a repeat is
        reported with the line of the first. ``None`` (an id already reported) is False."""
        if value is None:
            return False
        if value in seen:
            self.error(
                line,
                f"{where}: id '{value}' is used twice (first at line {seen[value]}); "
                "expected each id once",
            )
            return False
        seen[value] = line
        return True

    def known_format(self, container: Any, expected: str) -> None:
        """Report a ``format`` other than ``expected``: a file meant for another reader."""
        found = self.text(container, "format", "format")
        if found is not None and found != expected:
            self.error(
                self.line_of(container, "format"),
                f"format: '{found}' is not known; expected '{expected}'",
            )

    def number(
        self,
        container: Any,
        key: Any,
        where: str,
        *,
        low: float | None = None,
        high: float | None = None,
        required: bool = True,
        default: float | None = None,
    ) -> float | None:
        if not isinstance(container, (dict, list)) or (
            isinstance(container, dict) and key not in container
        ):
            if required:
                return None
            return default
        value = container[key]
        line = self.line_of(container, key)
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            self.error(line, f"{where}: expected a number, found {describe_type(value)}")
            return None
        try:
            value = float(value)
        except OverflowError:  # an integer beyond any float
            value = math.copysign(math.inf, value)
        if not math.isfinite(value):
            self.error(line, f"{where}: expected a finite number, found {value}")
            return None
        if (low is not None and value < low) or (high is not None and value > high):
            lo = "" if low is None else f"{low:g}"
            hi = "" if high is None else f"{high:g}"
            if low is not None and high is not None:
                span = f"between {lo} and {hi}"
            elif low is not None:
                span = f"at least {lo}"
            else:
                span = f"at most {hi}"
            self.error(line, f"{where}: {value:g} is out of range; expected a number {span}")
            return None
        return value

    def choice(
        self, container: Any, key: str, where: str, choices: Iterable[str], *, default: str
    ) -> str | None:
        if not isinstance(container, dict) or key not in container:
            return default
        value = self.text(container, key, where)
        if value is None:
            return None
        choices = list(choices)
        if value not in choices:
            self.error(
                self.line_of(container, key),
                f"{where}: '{value}' is not allowed; expected one of: {', '.join(choices)}",
            )
            return None
        return value
