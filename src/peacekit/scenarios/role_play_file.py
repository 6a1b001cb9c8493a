"""Reading a scenario's ``classroom`` section: the role play, checked line by line.

The section is mostly prose that an instructor writes by hand: briefs, team
sheets, event cards, the facilitator guide's text. Two kinds of mistake matter
beyond a wrong key or type. One breaks a sheet: a placeholder that names
nothing, a party without instructions, an event card after the end of the
negotiation. The other leaks: a sentence of one delegation's confidential text,
or of the real outcome, copied into what every participant reads before the
talks. Both are errors, reported as ``FILE:LINE: message`` like every other
problem in the file. What an instructor may mean to do (unequal depth for the
delegations, an event set that presses one side more, too few debrief
questions) is a warning.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from ..model.role_play import (
    BACKGROUND_WORDS,
    BASES,
    CARD_RECIPIENTS,
    MINUTES_RANGE,
    MODEL_PLACEHOLDERS,
    PARTY_PLACEHOLDERS,
    SECTIONS,
    TEAM_SHEET_WORDS,
    THEMES,
    THESIS_THEMES,
    THIRD_ROLES,
    CitedSource,
    DebriefQuestion,
    FacilitatorProse,
    FollowUp,
    Inject,
    Paragraph,
    Paragraphs,
    PlaceholderError,
    PrivateNumber,
    RolePlay,
    TeamRole,
    TeamSheet,
    TermRow,
    ThirdRole,
    TimelineEntry,
    VariantBounds,
    instructions_words,
    placeholder_names,
    pressure,
    prose_words,
    sentences,
    team_sheet_words,
)
from ..model.scenario import Party
from .yaml_reader import IDENTIFIER, Reader, describe_type

KEYS = (
    "scene",
    "minutes",
    "sources",
    "general_brief",
    "background",
    "timeline",
    "terminology",
    "confidential",
    "private_numbers",
    "team",
    "third_roles",
    "without_third_role",
    "injects",
    "facilitator",
    "variants",
)
REQUIRED = ("scene", "general_brief")

#: Delegations' prose of comparable depth: within this share of the longest.
MIRROR_TOLERANCE = 0.15
#: A section at least this share of the same section for another delegation.
SECTION_TOLERANCE = 2 / 3
#: A sentence this long, found in two places, is one text copied, not a coincidence.
LEAK_WORDS = 6
DEBRIEF_QUESTIONS = 8

_POINTS = re.compile(r"\b\d+(?:[.,]\d+)? points\b")
_NO_PLACEHOLDERS = "this text takes no placeholders"
_MODEL_ONLY = "the model's figures are printed only in facilitator.typical_results"


@dataclass(frozen=True)
class _Allowed:
    """The placeholders one text may use, and why the others may not be used there."""

    names: tuple[str, ...] = ()
    reason: str = _NO_PLACEHOLDERS
    party: str = ""


@dataclass
class _Texts:
    """Where every paragraph was found, for the checks that compare texts."""

    public: list[tuple[str, int, str]] = field(default_factory=list)
    confidential: list[tuple[str, int, str]] = field(default_factory=list)
    outcome: list[tuple[str, int, str]] = field(default_factory=list)
    cited: set[str] = field(default_factory=set)


def read_role_play(r: Reader, top: Mapping, parties: tuple[Party, ...]) -> RolePlay | None:
    """Read a scenario's ``classroom`` section, or report every problem in it."""
    return _RolePlayReader(r, top, parties).read()


def _kind(value: Any) -> str:
    """A value's type for a paragraph message: 'a number', not 'a number (5)'."""
    if isinstance(value, bool):
        return "yes/no"
    if isinstance(value, (int, float)):
        return "a number"
    return describe_type(value)


def _shown(value: Any) -> str:
    return f"'{value}'" if isinstance(value, str) else describe_type(value)


class _RolePlayReader:
    def __init__(self, r: Reader, top: Mapping, parties: tuple[Party, ...]):
        self.r = r
        self.top = top
        self.party_ids = tuple(p.id for p in parties)
        self.has_trust = "trust" in top
        self.has_reference = "reference" in top
        self.sources: dict[str, CitedSource] = {}
        self.source_lines: dict[str, int] = {}
        self.private: dict[str, dict[str, PrivateNumber]] = {}
        self.minutes = 30
        self.texts = _Texts()

    # -- the section ---------------------------------------------------------------------
    def read(self) -> RolePlay | None:
        r = self.r
        line = r.line_of(self.top, "classroom")
        m = r.mapping(
            self.top["classroom"],
            "classroom",
            line,
            required=REQUIRED,
            optional=tuple(k for k in KEYS if k not in REQUIRED),
        )
        if m is None:
            return None
        before = len(r.errors)
        self.m = m
        scene = r.text(m, "scene", "classroom.scene")
        if scene:
            self.texts.public.append(("classroom.scene", r.line_of(m, "scene"), scene))
        self.minutes = self._minutes(m)
        self._read_sources(m)
        private_numbers = self._private_numbers(m)
        shared = _Allowed(("minutes",), "this text is the same for every delegation")
        general = self._paragraphs(
            m,
            "general_brief",
            "classroom.general_brief",
            _Allowed(("minutes",), "the general brief is the same for every delegation"),
            kind="public",
        )
        background = self._paragraphs(m, "background", "classroom.background", kind="public")
        timeline = self._timeline(m)
        terminology = self._terminology(m)
        instructions = self._instructions(m)
        roles, sheets = self._team(m)
        third = self._third_roles(m, shared)
        without = self._paragraphs(m, "without_third_role", "classroom.without_third_role")
        if third and "without_third_role" not in m:
            r.error(
                r.line_of(m),
                "classroom: missing key 'without_third_role' (a scenario with third_roles "
                "also says how to run the session without them)",
            )
        injects = self._injects(m, shared)
        facilitator = self._facilitator(m)
        variants = self._variants(m)
        if len(r.errors) > before or scene is None or general is None:
            return None
        self._leaks()
        if len(r.errors) > before:
            return None
        role_play = RolePlay(
            scene=scene,
            general_brief=general,
            minutes=self.minutes,
            sources=MappingProxyType(self.sources),
            background=background or (),
            timeline=timeline,
            terminology=terminology,
            instructions=MappingProxyType(instructions),
            private_numbers=private_numbers,
            team_roles=roles,
            team_sheets=MappingProxyType(sheets),
            third_roles=MappingProxyType(third),
            without_third_role=without or (),
            injects=injects,
            facilitator=facilitator,
            variants=variants,
        )
        self._warnings(role_play)
        return role_play

    def _minutes(self, m: Mapping) -> int:
        low, high = MINUTES_RANGE
        value = self._whole(m, "minutes", "classroom.minutes", low, high, "minutes")
        return 30 if value is None else value

    def _whole(
        self, m: Mapping, key: str, where: str, low: float, high: float, noun: str
    ) -> int | None:
        """A whole number in a range, or ``None`` (reported) when it is not one."""
        if key not in m:
            return None
        value = self.r.number(m, key, where, low=low, high=high)
        if value is None:
            return None
        if value != int(value):
            self.r.error(
                self.r.line_of(m, key), f"{where}: {value:g} is not a whole number of {noun}"
            )
            return None
        return int(value)

    # -- sources -------------------------------------------------------------------------
    def _read_sources(self, m: Mapping) -> None:
        r = self.r
        if "sources" not in m:
            return
        line = r.line_of(m, "sources")
        table = r.mapping(m["sources"], "classroom.sources", line, free_keys=True)
        for key in table or {}:
            where = f"classroom.sources.{key}"
            kline = r.line_of(table, key, line)
            if not isinstance(key, str) or not IDENTIFIER.match(key):
                r.error(
                    kline,
                    f"classroom.sources: '{key}' is not a valid id; expected lower-case "
                    "letters, digits and '_', starting with a letter (e.g. 'joint_statement')",
                )
                continue
            s = r.mapping(
                table[key], where, kline, required=("label", "url"), optional=("after_scene",)
            )
            if s is None:
                continue
            label = r.text(s, "label", f"{where}.label")
            url = r.text(s, "url", f"{where}.url")
            if url and not url.startswith(("http://", "https://")):
                r.error(
                    r.line_of(s, "url", kline),
                    f"{where}.url: '{url}' is not a web address; expected one starting with "
                    "https://",
                )
                url = None
            after = self._flag(s, "after_scene", f"{where}.after_scene")
            self.source_lines[key] = kline
            if label and url and after is not None:
                self.sources[key] = CitedSource(key, label, url, after)

    def _cited(self, m: Mapping, key: str, where: str, *, min_items: int = 0) -> tuple[str, ...]:
        r = self.r
        items = r.sequence(m, key, where, min_items=min_items)
        found = []
        for n, sid in enumerate(items or []):
            if isinstance(sid, str) and sid in self.source_lines:
                found.append(sid)
                self.texts.cited.add(sid)
                continue
            declared = ", ".join(self.source_lines) or "(none declared)"
            r.error(
                r.line_of(items, n, r.line_of(m, key)),
                f"{where}: {_shown(sid)} is not a source; expected one of the ids under "
                f"classroom.sources: {declared}",
            )
        return tuple(found)

    def _flag(self, m: Mapping, key: str, where: str, default: bool = False) -> bool | None:
        if not isinstance(m, dict) or key not in m:
            return default
        value = m[key]
        if isinstance(value, bool):
            return value
        self.r.error(
            self.r.line_of(m, key), f"{where}: expected true or false, found {_shown(value)}"
        )
        return None

    # -- paragraphs ----------------------------------------------------------------------
    def _paragraphs(
        self,
        m: Mapping,
        key: str,
        where: str,
        allowed: _Allowed = _Allowed(),
        *,
        kind: str = "",
    ) -> Paragraphs | None:
        """A list of paragraphs; ``kind`` files them for the leak check (``public``,
        ``confidential`` or ``outcome``). ``None`` when the key is absent or unusable."""
        r = self.r
        if not isinstance(m, dict) or key not in m:
            return None
        items = r.sequence(m, key, where, min_items=1)
        if items is None:
            return None
        result = []
        for n, item in enumerate(items):
            w = f"{where}[{n}]"
            line = r.line_of(items, n, r.line_of(m, key))
            paragraph = self._paragraph(item, w, line)
            if paragraph is None:
                continue
            self._placeholders(line, w, paragraph.text, allowed)
            if kind:
                getattr(self.texts, kind).append((w, line, paragraph.text))
            result.append(paragraph)
        return tuple(result)

    def _paragraph(self, item: Any, where: str, line: int) -> Paragraph | None:
        r = self.r
        if isinstance(item, str):
            if not item.strip():
                r.error(line, f"{where}: is empty; expected some text")
                return None
            return Paragraph(item.strip(), line=line)
        if not isinstance(item, dict):
            r.error(
                line,
                f"{where}: expected text, or a mapping with 'text' and optional 'fiction' and "
                f"'sources', found {_kind(item)}",
            )
            return None
        p = r.mapping(item, where, line, required=("text",), optional=("fiction", "sources"))
        text = r.text(p, "text", f"{where}.text")
        fiction = self._flag(p, "fiction", f"{where}.fiction")
        sources = self._cited(p, "sources", f"{where}.sources")
        if text is None or fiction is None:
            return None
        return Paragraph(text, fiction, sources, line)

    def _lines(self, m: Mapping, key: str, where: str) -> tuple[str, ...]:
        """A list of short texts (objectives, a checklist)."""
        r = self.r
        items = r.sequence(m, key, where, min_items=1)
        found = []
        for n, item in enumerate(items or []):
            if isinstance(item, str) and item.strip():
                found.append(" ".join(item.split()))
            else:
                r.error(
                    r.line_of(items, n, r.line_of(m, key)),
                    f"{where}[{n}]: expected text, found {_kind(item)}",
                )
        return tuple(found)

    def _placeholders(self, line: int, where: str, text: str, allowed: _Allowed) -> None:
        r = self.r
        try:
            names = placeholder_names(text)
        except PlaceholderError as exc:
            brace, other = (("{", "}"), ("}", "{"))[str(exc) == "}"]
            r.error(
                line,
                f"{where}: '{brace}' without a matching '{other}'; write '{brace}{brace}' for a "
                "literal brace",
            )
            return
        owners = {name: party for party, numbers in self.private.items() for name in numbers}
        for name in names:
            if name in allowed.names:
                self._needs(line, where, name)
            elif name in MODEL_PLACEHOLDERS:
                r.error(
                    line, f"{where}: placeholder '{{{name}}}' cannot be used here; {_MODEL_ONLY}"
                )
            elif name in owners and allowed.party:
                r.error(
                    line,
                    f"{where}: placeholder '{{{name}}}' cannot be used here; it is a private "
                    f"number of party '{owners[name]}'",
                )
            elif name in PARTY_PLACEHOLDERS or name in owners:
                r.error(
                    line, f"{where}: placeholder '{{{name}}}' cannot be used here; {allowed.reason}"
                )
            else:
                hint = difflib.get_close_matches(name, allowed.names, n=1)
                did = f" (did you mean '{{{hint[0]}}}'?)" if hint else ""
                expected = (
                    "expected one of: " + ", ".join(f"{{{a}}}" for a in allowed.names)
                    if allowed.names
                    else "expected plain text here; write '{{' and '}}' for literal braces"
                )
                r.error(line, f"{where}: unknown placeholder '{{{name}}}'{did}; {expected}")

    def _needs(self, line: int, where: str, name: str) -> None:
        if name == "trust" and not self.has_trust:
            self.r.error(
                line,
                f"{where}: placeholder '{{trust}}' needs the scenario's trust section "
                "(trust.initial)",
            )
        if name == "reference_position" and not self.has_reference:
            self.r.error(
                line,
                f"{where}: placeholder '{{reference_position}}' needs the scenario's reference "
                "package",
            )

    def _party_allowed(self, party: str) -> _Allowed:
        return _Allowed(
            (*PARTY_PLACEHOLDERS, *self.private.get(party, {})),
            "this text is the same for every delegation",
            party,
        )

    # -- per-party mappings ---------------------------------------------------------------
    def _per_party(self, m: Mapping, key: str, where: str, missing: str) -> dict[str, Any]:
        """``key``'s mapping of party id -> value, reporting unknown and missing parties."""
        r = self.r
        line = r.line_of(m, key)
        table = r.mapping(m[key], where, line, free_keys=True)
        if table is None:
            return {}
        for k in table:
            if k not in self.party_ids:
                r.error(
                    r.line_of(table, k, line),
                    f"{where}: '{k}' is not a party; expected one of: " + ", ".join(self.party_ids),
                )
        for party in self.party_ids:
            if party not in table:
                r.error(
                    line,
                    f"{where}: no {missing} for party '{party}'; expected one entry per party: "
                    + ", ".join(self.party_ids),
                )
        return {p: table[p] for p in self.party_ids if p in table}

    def _private_numbers(self, m: Mapping) -> tuple[PrivateNumber, ...]:
        r = self.r
        if "private_numbers" not in m:
            return ()
        where = "classroom.private_numbers"
        line = r.line_of(m, "private_numbers")
        table = r.mapping(m["private_numbers"], where, line, free_keys=True)
        found: list[PrivateNumber] = []
        for party in table or {}:
            pline = r.line_of(table, party, line)
            if party not in self.party_ids:
                r.error(
                    pline,
                    f"{where}: '{party}' is not a party; expected one of: "
                    + ", ".join(self.party_ids),
                )
                continue
            names = r.mapping(table[party], f"{where}.{party}", pline, free_keys=True)
            for name in names or {}:
                number = self._private_number(names, party, name, f"{where}.{party}", pline)
                if number is not None:
                    found.append(number)
                    self.private.setdefault(party, {})[name] = number
        return tuple(found)

    def _private_number(
        self, names: Mapping, party: str, name: Any, where: str, pline: int
    ) -> PrivateNumber | None:
        r = self.r
        nline = r.line_of(names, name, pline)
        if not isinstance(name, str) or not IDENTIFIER.match(name):
            r.error(
                nline,
                f"{where}: '{name}' is not a valid id; expected lower-case letters, digits and "
                "'_', starting with a letter",
            )
            return None
        if name in (*PARTY_PLACEHOLDERS, *MODEL_PLACEHOLDERS):
            r.error(nline, f"{where}: '{name}' is a built-in placeholder; choose another name")
            return None
        w = f"{where}.{name}"
        n = r.mapping(names[name], w, nline, required=("value", "low", "high"), optional=("step",))
        if n is None:
            return None
        low = r.number(n, "low", f"{w}.low")
        high = r.number(n, "high", f"{w}.high")
        step = r.number(n, "step", f"{w}.step", required=False, default=1.0)
        value = r.number(n, "value", f"{w}.value")
        if None in (low, high, step, value):
            return None
        if high < low or step <= 0:
            r.error(
                r.line_of(n, "high", nline),
                f"{w}: low {low:g}, high {high:g} and step {step:g}; expected low <= high and a "
                "positive step",
            )
            return None
        if not low <= value <= high:
            r.error(
                r.line_of(n, "value", nline),
                f"{w}.value: {value:g} is out of range; expected a number between {low:g} and "
                f"{high:g} (its low and high)",
            )
            return None
        return PrivateNumber(party, name, value, low, high, step)

    # -- the shared packet ----------------------------------------------------------------
    def _timeline(self, m: Mapping) -> tuple[TimelineEntry, ...]:
        r = self.r
        items = r.sequence(m, "timeline", "classroom.timeline", min_items=1)
        found = []
        for where, line, e in r.entries(
            items,
            "classroom.timeline",
            required=("date", "event", "sources"),
            optional=("after_scene",),
        ):
            date = r.text(e, "date", f"{where}.date")
            event = r.text(e, "event", f"{where}.event")
            sources = self._cited(e, "sources", f"{where}.sources", min_items=1)
            after = self._flag(e, "after_scene", f"{where}.after_scene")
            if date is None or event is None or after is None:
                continue
            self._placeholders(line, where, event, _Allowed())
            kind = self.texts.outcome if after else self.texts.public
            kind.append((where, line, f"{date}: {event}" if not after else event))
            found.append(TimelineEntry(date, " ".join(event.split()), sources, after))
        return tuple(found)

    def _terminology(self, m: Mapping) -> tuple[TermRow, ...]:
        r = self.r
        items = r.sequence(m, "terminology", "classroom.terminology", min_items=1)
        found = []
        keys = ("topic", "usages", "course_usage")
        for where, line, t in r.entries(
            items, "classroom.terminology", required=keys, optional=("sources",)
        ):
            texts = [r.text(t, k, f"{where}.{k}") for k in keys]
            sources = self._cited(t, "sources", f"{where}.sources")
            if None in texts:
                continue
            for text in texts:
                self._placeholders(line, where, text, _Allowed())
            self.texts.public.append((where, line, " ".join(texts)))
            found.append(TermRow(*(" ".join(text.split()) for text in texts), sources))
        return tuple(found)

    # -- the delegations ------------------------------------------------------------------
    def _instructions(self, m: Mapping) -> dict[str, dict[str, Paragraphs]]:
        r = self.r
        if "confidential" not in m:
            return {}
        where = "classroom.confidential"
        found = {}
        for party, value in self._per_party(m, "confidential", where, "instructions").items():
            w = f"{where}.{party}"
            pline = r.line_of(m["confidential"], party)
            sections = r.mapping(value, w, pline, required=SECTIONS)
            if sections is None:
                continue
            allowed = self._party_allowed(party)
            read = {
                s: self._paragraphs(sections, s, f"{w}.{s}", allowed, kind="confidential")
                for s in SECTIONS
            }
            if all(v is not None for v in read.values()):
                found[party] = MappingProxyType(read)
        return found

    def _team(self, m: Mapping) -> tuple[tuple[TeamRole, ...], dict[tuple[str, str], TeamSheet]]:
        r = self.r
        if "team" not in m:
            return (), {}
        line = r.line_of(m, "team")
        team = r.mapping(m["team"], "classroom.team", line, required=("roles", "sheets"))
        if team is None:
            return (), {}
        roles = self._roles(team)
        role_ids = [role.id for role in roles]
        sheets: dict[tuple[str, str], TeamSheet] = {}
        if "sheets" not in team:
            return roles, sheets
        where = "classroom.team.sheets"
        for party, value in self._per_party(team, "sheets", where, "sheets").items():
            w = f"{where}.{party}"
            pline = r.line_of(team["sheets"], party)
            table = r.mapping(value, w, pline, free_keys=True)
            for k in table or {}:
                if k not in role_ids:
                    r.error(
                        r.line_of(table, k, pline),
                        f"{w}: '{k}' is not a role; expected one of: " + ", ".join(role_ids),
                    )
            for role in role_ids:
                if table is not None and role not in table:
                    r.error(
                        pline,
                        f"{w}: no sheet for role '{role}'; expected one sheet per role on every "
                        "side: " + ", ".join(role_ids),
                    )
                elif table is not None:
                    sheet = self._team_sheet(table, role, f"{w}.{role}", party)
                    if sheet is not None:
                        sheets[(party, role)] = sheet
        return roles, sheets

    def _roles(self, team: Mapping) -> tuple[TeamRole, ...]:
        r = self.r
        items = r.sequence(team, "roles", "classroom.team.roles", min_items=1)
        seen: dict[str, int] = {}
        found = []
        for where, line, role in r.entries(
            items, "classroom.team.roles", required=("id", "title"), optional=("from_team_size",)
        ):
            rid = r.identifier(role, "id", f"{where}.id")
            title = r.text(role, "title", f"{where}.title")
            size = self._whole(role, "from_team_size", f"{where}.from_team_size", 2, 6, "students")
            ok = r.first_use(seen, rid, f"{where}.id", r.line_of(role, "id", line))
            if ok and title:
                # A bad team size is reported above; the role still exists, so that its
                # sheets are not reported as belonging to no role.
                found.append(TeamRole(rid, title, size or 1))
        return tuple(found)

    def _team_sheet(self, table: Mapping, role: str, where: str, party: str) -> TeamSheet | None:
        r = self.r
        line = r.line_of(table, role)
        sheet = r.mapping(table[role], where, line, required=("job", "private_goal"))
        if sheet is None:
            return None
        allowed = self._party_allowed(party)
        job = self._paragraphs(sheet, "job", f"{where}.job", allowed, kind="confidential")
        goal = self._paragraphs(
            sheet, "private_goal", f"{where}.private_goal", allowed, kind="confidential"
        )
        if job is None or goal is None:
            return None
        return TeamSheet(job, goal)

    def _third_roles(self, m: Mapping, shared: _Allowed) -> dict[str, ThirdRole]:
        r = self.r
        if "third_roles" not in m:
            return {}
        line = r.line_of(m, "third_roles")
        table = r.mapping(m["third_roles"], "classroom.third_roles", line, optional=THIRD_ROLES)
        found = {}
        for kind in THIRD_ROLES:
            if table is None or kind not in table:
                continue
            where = f"classroom.third_roles.{kind}"
            kline = r.line_of(table, kind, line)
            role = r.mapping(
                table[kind],
                where,
                kline,
                required=("title", "brief", "checklist"),
                optional=("private_goal",),
            )
            if role is None:
                continue
            title = r.text(role, "title", f"{where}.title")
            brief = self._paragraphs(role, "brief", f"{where}.brief", shared)
            goal = self._paragraphs(
                role, "private_goal", f"{where}.private_goal", shared, kind="confidential"
            )
            checklist = self._lines(role, "checklist", f"{where}.checklist")
            if title and brief is not None and checklist:
                found[kind] = ThirdRole(kind, title, brief, checklist, goal or ())
        return found

    # -- event cards ----------------------------------------------------------------------
    def _injects(self, m: Mapping, shared: _Allowed) -> tuple[Inject, ...]:
        r = self.r
        items = r.sequence(m, "injects", "classroom.injects", min_items=1)
        seen: dict[str, int] = {}
        found = []
        for n, item in enumerate(items or []):
            inject = self._inject(
                item, f"classroom.injects[{n}]", r.line_of(items, n), shared, seen
            )
            if inject is not None:
                found.append(inject)
        return tuple(found)

    def _inject(
        self, item: Any, where: str, line: int, shared: _Allowed, seen: dict[str, int]
    ) -> Inject | None:
        r = self.r
        i = r.mapping(
            item,
            where,
            line,
            required=("id", "minute", "title", "basis", "presses", "cards", "facilitator_note"),
            optional=("short_session", "optional", "follow_up"),
        )
        if i is None:
            return None
        before = len(r.errors)
        iid = r.identifier(i, "id", f"{where}.id")
        r.first_use(seen, iid, f"{where}.id", r.line_of(i, "id", line))
        minute = self._whole(i, "minute", f"{where}.minute", 0, self.minutes, "minutes")
        title = r.text(i, "title", f"{where}.title")
        basis = r.choice(i, "basis", f"{where}.basis", BASES, default="fiction")
        presses = self._presses(i, where)
        cards = self._cards(i, "cards", f"{where}.cards", shared)
        for party in presses:
            if cards is not None and party not in cards and "all" not in cards:
                r.error(
                    r.line_of(i, "cards", line),
                    f"{where}.cards: no card for '{party}', which this inject presses; expected "
                    f"a card under '{party}' or 'all'",
                )
        note = self._paragraphs(i, "facilitator_note", f"{where}.facilitator_note")
        short = self._flag(i, "short_session", f"{where}.short_session")
        optional = self._flag(i, "optional", f"{where}.optional")
        follow_up = self._follow_up(i, where, line, minute, shared)
        if basis == "fact" and cards is not None and note is not None:
            texts = [p for ps in cards.values() for p in ps] + list(note)
            if follow_up is not None:
                texts += [p for ps in follow_up.cards.values() for p in ps]
            if not any(p.sources for p in texts):
                r.error(
                    line, f"{where}: basis 'fact' needs a source in its cards or facilitator_note"
                )
        if len(r.errors) > before or None in (iid, minute, title, basis, cards, note):
            return None
        return Inject(
            id=iid,
            minute=minute,
            title=title,
            basis=basis,
            presses=presses,
            cards=cards,
            facilitator_note=note,
            short_session=bool(short),
            optional=bool(optional),
            follow_up=follow_up,
        )

    def _presses(self, i: Mapping, where: str) -> tuple[str, ...]:
        r = self.r
        items = r.sequence(i, "presses", f"{where}.presses", min_items=1)
        found = []
        for n, party in enumerate(items or []):
            if party in self.party_ids:
                if party not in found:
                    found.append(party)
                continue
            r.error(
                r.line_of(items, n, r.line_of(i, "presses")),
                f"{where}.presses: {_shown(party)} is not a party; expected one of: "
                + ", ".join(self.party_ids),
            )
        return tuple(found)

    def _cards(
        self, i: Mapping, key: str, where: str, shared: _Allowed
    ) -> Mapping[str, Paragraphs] | None:
        r = self.r
        if key not in i:
            return None
        line = r.line_of(i, key)
        table = r.mapping(i[key], where, line, free_keys=True)
        if table is None:
            return None
        recipients = (*self.party_ids, *CARD_RECIPIENTS)
        found = {}
        for k in table:
            if k not in recipients:
                r.error(
                    r.line_of(table, k, line),
                    f"{where}: '{k}' is not a recipient; expected a party ("
                    + ", ".join(self.party_ids)
                    + "), all, mediator or observer",
                )
                continue
            paragraphs = self._paragraphs(table, k, f"{where}.{k}", shared)
            if paragraphs is not None:
                found[k] = paragraphs
        if not table:
            r.error(line, f"{where}: no card; expected a card under a party or 'all'")
        return MappingProxyType(found)

    def _follow_up(
        self, i: Mapping, where: str, line: int, minute: int | None, shared: _Allowed
    ) -> FollowUp | None:
        r = self.r
        if "follow_up" not in i:
            return None
        w = f"{where}.follow_up"
        fline = r.line_of(i, "follow_up", line)
        f = r.mapping(i["follow_up"], w, fline, required=("minute", "cards"))
        if f is None or "minute" not in f:
            return None
        after = (minute if minute is not None else -1) + 1
        value = self._whole(f, "minute", f"{w}.minute", -1e9, 1e9, "minutes")
        cards = self._cards(f, "cards", f"{w}.cards", shared)
        if value is None or cards is None:
            return None
        if not after <= value <= self.minutes:
            problem = (
                f"is not after the inject's minute {minute}"
                if minute is not None and value < after
                else "is out of range"
            )
            r.error(
                r.line_of(f, "minute", fline),
                f"{w}.minute: {value} {problem}; expected a minute from {after} to {self.minutes}",
            )
            return None
        return FollowUp(value, cards)

    # -- the facilitator ------------------------------------------------------------------
    def _facilitator(self, m: Mapping) -> FacilitatorProse:
        r = self.r
        if "facilitator" not in m:
            return FacilitatorProse()
        where = "classroom.facilitator"
        line = r.line_of(m, "facilitator")
        keys = ("objectives", "typical_results", "reveal", "debrief", "pitfalls")
        f = r.mapping(m["facilitator"], where, line, optional=keys)
        if f is None:
            return FacilitatorProse()
        model = _Allowed(MODEL_PLACEHOLDERS, _MODEL_ONLY)
        return FacilitatorProse(
            objectives=self._lines(f, "objectives", f"{where}.objectives"),
            typical_results=self._paragraphs(
                f, "typical_results", f"{where}.typical_results", model
            )
            or (),
            reveal=self._paragraphs(f, "reveal", f"{where}.reveal", kind="outcome") or (),
            debrief=self._debrief(f, f"{where}.debrief"),
            pitfalls=self._lines(f, "pitfalls", f"{where}.pitfalls"),
        )

    def _debrief(self, f: Mapping, where: str) -> tuple[DebriefQuestion, ...]:
        r = self.r
        items = r.sequence(f, "debrief", where, min_items=1)
        found = []
        for w, _line, q in r.entries(items, where, required=("question", "theme")):
            question = r.text(q, "question", f"{w}.question")
            theme = r.choice(q, "theme", f"{w}.theme", THEMES, default="process")
            if question and theme:
                found.append(DebriefQuestion(" ".join(question.split()), theme))
        return tuple(found)

    def _variants(self, m: Mapping) -> VariantBounds:
        r = self.r
        if "variants" not in m:
            return VariantBounds()
        where = "classroom.variants"
        line = r.line_of(m, "variants")
        keys = ("issue_weight", "option_jitter", "reservation", "zone_size")
        v = r.mapping(m["variants"], where, line, optional=keys)
        if v is None:
            return VariantBounds()
        default = VariantBounds()
        jitter = r.number(
            v, "option_jitter", f"{where}.option_jitter", low=0, high=0.5, required=False
        )
        return VariantBounds(
            issue_weight=self._bounds(v, "issue_weight", where, 2.0) or default.issue_weight,
            option_jitter=default.option_jitter if jitter is None else jitter,
            reservation=self._bounds(v, "reservation", where, 2.0) or default.reservation,
            zone_size=self._bounds(v, "zone_size", where, None) or default.zone_size,
        )

    def _bounds(
        self, v: Mapping, key: str, where: str, top: float | None
    ) -> tuple[float, float] | None:
        if key not in v:
            return None
        value = v[key]
        pair = (
            list(value)
            if isinstance(value, list)
            and len(value) == 2
            and all(isinstance(x, (int, float)) and not isinstance(x, bool) for x in value)
            else None
        )
        if pair is not None and 0 < pair[0] <= 1 <= pair[1] and (top is None or pair[1] <= top):
            return float(pair[0]), float(pair[1])
        shown = (
            "["
            + ", ".join(f"{x:g}" if isinstance(x, (int, float)) else str(x) for x in value)
            + "]"
            if isinstance(value, list)
            else describe_type(value)
        )
        limit = f" <= {top:g}" if top is not None else ""
        self.r.error(
            self.r.line_of(v, key),
            f"{where}.{key}: expected two numbers [low, high] with 0 < low <= 1 <= high"
            f"{limit}, found {shown}",
        )
        return None

    # -- checks across the section --------------------------------------------------------
    def _leaks(self) -> None:
        """No sentence of a private text, or of the outcome, in what everyone reads first."""
        private = [
            (w, line, s, "what every participant reads must not hold confidential text")
            for w, line, text in self.texts.confidential
            for s in _long(text)
        ]
        private += [
            (w, line, s, "the outcome belongs in the debrief")
            for w, line, text in self.texts.outcome
            for s in _long(text)
        ]
        for where, line, text in self.texts.public:
            public = " ".join(text.split())
            for source, source_line, sentence, why in private:
                if sentence in public:
                    self.r.error(
                        line,
                        f"{where}: repeats a sentence of {source} (line {source_line}); {why}",
                    )
                    break

    def _warnings(self, rp: RolePlay) -> None:
        r, m = self.r, self.m
        self._depth_warnings(rp)
        for (party, role), sheet in rp.team_sheets.items():
            count = team_sheet_words(sheet)
            if count > TEAM_SHEET_WORDS:
                line = r.line_of(m["team"]["sheets"][party], role)
                r.warn(
                    line,
                    f"classroom.team.sheets.{party}.{role}: {count:,} words; expected at most "
                    f"{TEAM_SHEET_WORDS} (one printed page holds about 350)",
                )
        count = prose_words(rp.background)
        if count > BACKGROUND_WORDS:
            r.warn(
                r.line_of(m, "background"),
                f"classroom.background: {count:,} words; expected at most {BACKGROUND_WORDS}, "
                "one printed page",
            )
        pressed = pressure(rp.injects, self.party_ids)
        if rp.injects and len(set(pressed.values())) > 1:
            times = [f"'{p}' {c} time{'s' if c != 1 else ''}" for p, c in pressed.items()]
            listed = ", ".join(times[:-1]) + " and " + times[-1]
            r.warn(
                r.line_of(m, "injects"),
                f"classroom.injects: press {listed}; expected every delegation pressed equally "
                "across the set",
            )
        if "facilitator" in m:
            self._debrief_warnings(rp)
        for sid, line in self.source_lines.items():
            if sid not in self.texts.cited:
                r.warn(line, f"classroom.sources.{sid}: never cited")
        for where, line, text in self.texts.confidential:
            if where.startswith("classroom.third_roles"):
                continue
            stated = _POINTS.search(text)
            if stated:
                r.warn(
                    line,
                    f"{where}: states '{stated.group(0)}'; write {{reservation}} so that "
                    "classroom variants stay true",
                )

    def _depth_warnings(self, rp: RolePlay) -> None:
        r, m = self.r, self.m
        if len(rp.instructions) < 2:
            return
        counts = {p: instructions_words(s) for p, s in rp.instructions.items()}
        top = max(counts, key=counts.get)
        table = m["confidential"]
        for party, count in counts.items():
            if count < (1 - MIRROR_TOLERANCE) * counts[top]:
                r.warn(
                    r.line_of(table, party),
                    f"classroom.confidential.{party}: {count:,} words of prose against "
                    f"{counts[top]:,} for '{top}'; expected comparable depth for every delegation "
                    "(within 15%)",
                )
        for section in SECTIONS:
            lengths = {p: prose_words(s[section]) for p, s in rp.instructions.items()}
            longest = max(lengths, key=lengths.get)
            for party, count in lengths.items():
                if count < SECTION_TOLERANCE * lengths[longest]:
                    r.warn(
                        r.line_of(table[party], section),
                        f"classroom.confidential.{party}.{section}: {count:,} words against "
                        f"{lengths[longest]:,} for '{longest}'; expected sections of comparable "
                        "depth (within a third)",
                    )

    def _debrief_warnings(self, rp: RolePlay) -> None:
        r = self.r
        f = self.m["facilitator"]
        line = r.line_of(f, "debrief", r.line_of(self.m, "facilitator"))
        questions = rp.facilitator.debrief
        if len(questions) < DEBRIEF_QUESTIONS:
            r.warn(
                line,
                f"classroom.facilitator.debrief: {len(questions)} question"
                f"{'s' if len(questions) != 1 else ''}; expected at least {DEBRIEF_QUESTIONS}",
            )
        themes = {q.theme for q in questions}
        for theme in THESIS_THEMES:
            if theme not in themes:
                r.warn(
                    line,
                    f"classroom.facilitator.debrief: no question with theme '{theme}'; expected "
                    "at least one each on "
                    + ", ".join(THESIS_THEMES[:-1])
                    + f" and {THESIS_THEMES[-1]}",
                )


def _long(text: str) -> Iterable[str]:
    return (s for s in sentences(text) if len(s.split()) >= LEAK_WORDS)
