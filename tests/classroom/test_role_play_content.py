"""The built-in role plays' content: the issue's numbers, and the course's rules on facts,
fiction, balance and privacy.

These tests read each built-in scenario's ``classroom`` section as plain YAML, apart
from peacekit's own reader, and hold it to more than ``peacekit validate`` warns
about: 1,200 to 1,800 words of confidential prose per delegation (at least 800 for
the single-issue venue warm-up), mirrored within 15%; team sheets of 250 to 500
words; event cards pressing each side equally; eight or more debrief questions
with all three of the article's thesis themes; every quotation of the article
verbatim; nothing marked NOT VERIFIED; no real person in fiction; and no word of
the outcome in what a participant reads before the talks. ``test_role_play_sheets``
checks the printed sheets.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from peacekit.model.role_play import SECTIONS

ROOT = Path(__file__).resolve().parents[2]
BUILTIN = ROOT / "src" / "peacekit" / "scenarios"
ARTICLE = ROOT / "seeds" / "rahimov-2023-no-silver-bullet-iip-blog.txt"
NAMES = ("december-2023", "comprehensive-treaty", "choosing-a-venue")

#: Prose words of each delegation's confidential instructions, per scenario. The issue
#: sets 1,200-1,800 for the December 2023 scenario; the other two follow "at the depth
#: their subject supports": the treaty as deep, the single-issue venue warm-up shorter.
CONFIDENTIAL_WORDS = {
    "december-2023": (1200, 1800),
    "comprehensive-treaty": (1200, 1800),
    "choosing-a-venue": (800, 1800),
}
TEAM_WORDS = (250, 500)
MIRROR = 0.15
THESIS_THEMES = {"small_steps", "venue", "societal"}
PARTY_PLACEHOLDERS = {"reservation", "minutes", "trust"}
MODEL_PLACEHOLDERS = {"zone_size", "outcomes", "frontier_size", "nash", "reference_position"}

#: Words that would give away how the real negotiation ended, per scenario. None may
#: appear in anything a student reads before the talks.
OUTCOME_TERMS = {
    "december-2023": [
        r"\b32\b",
        r"\b34\b",
        r"withdr[ae]w",
        r"\bsupport",
        # the days of December 2023 that matter (a date in another year is fine)
        r"\b(?:6|7|9|11|13) Dec(?:ember)?\b(?!\s*(?:19\d\d|20[01]\d|202[0-24-9]))",
        r"joint statement",
        r"win-win",
        r"Gazakh",
    ],
    "comprehensive-treaty": [
        r"\b17 articles\b",
        r"initial(l)?ed",
        r"Washington summit",
        r"\bTRIPP\b",
        r"Joint Declaration",
        r"March 2025",
        r"August 2025",
        r"third-party forces",
        r"within one month",
        r"Abu Dhabi",
        r"constitution",
    ],
    "choosing-a-venue": [
        r"Abu Dhabi",
        r"\bUAE\b",
        r"White House",
        r"\bTRIPP\b",
        r"2024",
        r"2025",
        r"Minsk (Group|Process)\b.*(dissolved|closed|closure)",
        r"initial(l)?ed",
    ],
}
#: Claims that the fact sheet marks NOT VERIFIED (or typos it says not to repeat).
NOT_VERIFIED = [
    r"firm guarantees",
    r"over 600,000",
    r"42 ?km",
    r"all universities",
    r"lighting operation",
    r"\b(treaty|peace agreement) (was|has been) signed",
    r"signed the (peace )?(treaty|agreement)",
]
#: American spellings the course does not use (checked outside quotations).
AMERICAN = [
    r"\bfavor",
    r"\bcenter\b",
    r"\bdefense\b",
    r"\borganiz",
    r"\brecogniz",
    r"\bneighbor",
    r"\bbehavior",
    r"\bcolor\b",
    r"\banalyz",
    r"\bprogram\b",
    r"\bjudgment\b",
]
QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"'})


def read(path: Path):
    return YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module", params=NAMES)
def built_in(request) -> tuple[str, dict, dict]:
    """(name, its classroom section, the whole scenario file), as plain YAML."""
    name = request.param
    data = read(BUILTIN / f"{name}.yaml")
    return name, data["classroom"], data


# -- reading paragraphs ----------------------------------------------------------------------


def paragraphs(items) -> list[dict]:
    """A list of paragraphs: plain text, or a mapping with text, fiction and sources."""
    assert isinstance(items, list) and items, f"expected a list of paragraphs, found {items!r}"
    out = []
    for item in items:
        if isinstance(item, str):
            out.append({"text": item})
        else:
            assert isinstance(item, dict) and set(item) <= {"text", "fiction", "sources"}, item
            assert isinstance(item["text"], str) and item["text"].strip(), item
            assert isinstance(item.get("fiction", False), bool), item
            out.append(item)
    return out


def words(items) -> int:
    return sum(len(p["text"].split()) for p in paragraphs(items))


def all_paragraphs(room: dict) -> list[tuple[str, dict]]:
    """Every paragraph of the section with where it is, for the rules that apply to all."""
    found: list[tuple[str, list]] = [
        ("general_brief", room["general_brief"]),
        ("background", room["background"]),
        ("without_third_role", room["without_third_role"]),
        ("facilitator.typical_results", room["facilitator"]["typical_results"]),
        ("facilitator.reveal", room["facilitator"]["reveal"]),
    ]
    for party, sections in room["confidential"].items():
        found += [(f"confidential.{party}.{k}", v) for k, v in sections.items()]
    for party, sheets in room["team"]["sheets"].items():
        for role, sheet in sheets.items():
            found += [(f"team.{party}.{role}.{k}", v) for k, v in sheet.items()]
    for kind, sheet in room["third_roles"].items():
        found += [
            (f"third_roles.{kind}.{k}", sheet[k]) for k in ("brief", "private_goal") if k in sheet
        ]
    for inject in room["injects"]:
        where = f"injects.{inject['id']}"
        found += [(f"{where}.cards.{k}", v) for k, v in inject["cards"].items()]
        found.append((f"{where}.facilitator_note", inject["facilitator_note"]))
        if "follow_up" in inject:
            found += [
                (f"{where}.follow_up.{k}", v) for k, v in inject["follow_up"]["cards"].items()
            ]
    return [(where, p) for where, items in found for p in paragraphs(items)]


def student_packet(room: dict) -> list[str]:
    """Everything a participant reads before the talks: general brief, background,
    the timeline up to the scene, the terminology rows and the sources they cite."""
    texts = [room["scene"]]
    texts += [p["text"] for p in paragraphs(room["general_brief"])]
    texts += [p["text"] for p in paragraphs(room["background"])]
    cited: set[str] = set()
    for p in paragraphs(room["general_brief"]) + paragraphs(room["background"]):
        cited.update(p.get("sources", []))
    for entry in room["timeline"]:
        if not entry.get("after_scene", False):
            texts += [entry["date"], entry["event"]]
            cited.update(entry["sources"])
    for row in room["terminology"]:
        texts += [row["topic"], row["usages"], row["course_usage"]]
        cited.update(row.get("sources", []))
    for sid in sorted(cited):
        source = room["sources"][sid]
        if not source.get("after_scene", False):
            texts += [source["label"], source["url"]]
    return texts


def sentences(text: str) -> list[str]:
    return [s.strip() for s in re.split(r"(?<=[.!?])\s+", " ".join(text.split())) if s.strip()]


# -- structure -------------------------------------------------------------------------------


def test_parties_match_the_builtin_scenario(built_in):
    name, room, scenario = built_in
    party_ids = [p["id"] for p in scenario["parties"]]
    assert list(room["confidential"]) == party_ids, name
    assert list(room["team"]["sheets"]) == party_ids, name
    assert isinstance(room["minutes"], int) and 15 <= room["minutes"] <= 90


def test_confidential_instructions_have_the_same_sections_and_mirrored_length(built_in):
    name, room, _ = built_in
    low, high = CONFIDENTIAL_WORDS[name]
    counts = {}
    for party, sections in room["confidential"].items():
        assert tuple(sections) == SECTIONS, f"{name}: {party} sections {list(sections)}"
        counts[party] = sum(words(v) for v in sections.values())
        assert low <= counts[party] <= high, f"{name}: {party} has {counts[party]} words"
    assert min(counts.values()) >= (1 - MIRROR) * max(counts.values()), (name, counts)
    # Each section, too, is of comparable depth on both sides (within a third).
    for section in SECTIONS:
        lengths = [words(s[section]) for s in room["confidential"].values()]
        assert min(lengths) >= max(lengths) * 2 / 3, (name, section, lengths)


def test_team_roles_are_the_same_on_every_side_and_sized_for_one_person(built_in):
    name, room, _ = built_in
    roles = [r["id"] for r in room["team"]["roles"]]
    assert len(roles) >= 3 and len(set(roles)) == len(roles), roles
    for party, sheets in room["team"]["sheets"].items():
        assert list(sheets) == roles, (name, party, list(sheets))
        for role, sheet in sheets.items():
            assert set(sheet) == {"job", "private_goal"}, (name, party, role)
            count = words(sheet["job"]) + words(sheet["private_goal"])
            assert TEAM_WORDS[0] <= count <= TEAM_WORDS[1], f"{name}: {party}/{role}: {count}"
    for role in roles:
        counts = [
            words(s[role]["job"]) + words(s[role]["private_goal"])
            for s in room["team"]["sheets"].values()
        ]
        assert min(counts) >= (1 - MIRROR) * max(counts), (name, role, counts)


def test_a_third_role_and_notes_for_running_without_one(built_in):
    name, room, _ = built_in
    assert set(room["third_roles"]) <= {"mediator", "observer"} and room["third_roles"], name
    for kind, sheet in room["third_roles"].items():
        assert sheet["title"] and words(sheet["brief"]) >= 80, (name, kind)
        assert len(sheet["checklist"]) >= 4, (name, kind)
    assert words(room["without_third_role"]) >= 60, name


def test_injects_press_each_side_equally_and_say_what_they_are(built_in):
    name, room, scenario = built_in
    party_ids = [p["id"] for p in scenario["parties"]]
    injects = room["injects"]
    assert len(injects) >= 3, name
    pressed = dict.fromkeys(party_ids, 0)
    for inject in injects:
        where = f"{name}: inject {inject['id']}"
        assert 0 <= inject["minute"] <= room["minutes"], where
        assert inject["basis"] in {"fiction", "fact", "task"}, where
        if inject["basis"] == "fact":
            assert any(p.get("sources") for p in paragraphs(inject["facilitator_note"])), where
        for party in inject["presses"]:
            pressed[party] += 1
            assert party in inject["cards"] or "all" in inject["cards"], where
        assert set(inject["cards"]) <= {*party_ids, "all", "mediator", "observer"}, where
        if "follow_up" in inject:
            assert inject["minute"] < inject["follow_up"]["minute"] <= room["minutes"], where
        # Cards to the two delegations are mirrored in length (within a quarter).
        sides = [words(inject["cards"][p]) for p in party_ids if p in inject["cards"]]
        if len(sides) > 1:
            assert min(sides) >= 0.75 * max(sides), (where, sides)
    assert len(set(pressed.values())) == 1, f"{name}: injects press the sides unequally: {pressed}"
    assert sum(1 for i in injects if i.get("short_session")) >= 2, name


def test_facilitator_guide(built_in):
    name, room, _ = built_in
    guide = room["facilitator"]
    assert len(guide["objectives"]) >= 4, name
    for line in guide["objectives"] + guide["pitfalls"]:
        assert isinstance(line, str) and line.strip(), (name, line)
    assert len(guide["debrief"]) >= 8, name
    themes = {q["theme"] for q in guide["debrief"]}
    assert themes >= THESIS_THEMES, (name, themes)
    assert sum(1 for q in guide["debrief"] if q["theme"] in THESIS_THEMES) >= 3, name
    assert guide["debrief"][-1]["theme"] == "out_of_role", name
    assert len(guide["pitfalls"]) >= 4, name
    assert words(guide["reveal"]) >= 80, name
    assert all(p.get("sources") for p in paragraphs(guide["reveal"])), name


def test_background_fits_on_a_page_and_every_fact_has_a_source(built_in):
    name, room, _ = built_in
    assert 250 <= words(room["background"]) <= 550, (name, words(room["background"]))
    assert room["timeline"] and room["terminology"], name
    assert any(not e.get("after_scene") for e in room["timeline"]), name
    assert any(e.get("after_scene") for e in room["timeline"]), name
    for entry in room["timeline"]:
        assert entry["sources"], (name, entry["date"])
        assert "fiction" not in entry, "the timeline is never fiction"


def test_sources_are_declared_used_and_web_addresses(built_in):
    name, room, _ = built_in
    declared = room["sources"]
    used: set[str] = set()
    for _, p in all_paragraphs(room):
        used.update(p.get("sources", []))
    for entry in room["timeline"]:
        used.update(entry["sources"])
    for row in room["terminology"]:
        used.update(row.get("sources", []))
    assert used <= set(declared), (name, sorted(used - set(declared)))
    assert set(declared) <= used, (name, sorted(set(declared) - used))
    for sid, source in declared.items():
        assert source["label"] and source["url"].startswith(("https://", "http://")), (name, sid)


# -- facts, fiction, balance and privacy ------------------------------------------------------


def test_every_article_quotation_is_verbatim(built_in):
    """A text that cites the article quotes only the article, word for word; a text that
    quotes "the article" cites it. Debrief questions quote nothing but the article."""
    name, room, _ = built_in
    article = " ".join(ARTICLE.read_text(encoding="utf-8").translate(QUOTES).split())
    texts = [(w, p["text"], p.get("sources", [])) for w, p in all_paragraphs(room)]
    texts += [(f"timeline {e['date']}", e["event"], e["sources"]) for e in room["timeline"]]
    texts += [
        (f"debrief[{n}]", q["question"], ["article"])
        for n, q in enumerate(room["facilitator"]["debrief"])
    ]
    checked = 0
    for where, text, cited in texts:
        text = " ".join(text.translate(QUOTES).split())
        found = re.findall(r'"([^"]+)"', text)
        if "article" in cited:
            for quote in found:
                checked += 1
                assert quote.rstrip(".,;") in article, (
                    f"{name}: {where}: not in the article: {quote!r}"
                )
        elif found:
            assert "the article" not in text.lower(), (
                f"{name}: {where}: quotes the article without citing it"
            )
    assert checked >= 3, name


def test_no_unverified_claim_and_no_real_person_in_fiction(built_in):
    name, room, _ = built_in
    people = [
        "Aliyev", "Pashinyan", "Putin", "Blinken", "O'Brien", "Grigoryan", "Amirbayov",
        "Mirzoyan", "Bayramov", "Trump", "Rubio", "Michel", "Borrell",
    ]  # fmt: skip
    everything = [p["text"] for _, p in all_paragraphs(room)]
    everything += [e["event"] for e in room["timeline"]] + [
        q["question"] for q in room["facilitator"]["debrief"]
    ]
    for text in everything:
        for pattern in NOT_VERIFIED:
            assert not re.search(pattern, text, re.IGNORECASE), (name, pattern, text[:80])
    for where, p in all_paragraphs(room):
        if p.get("fiction"):
            named = [who for who in people if who in p["text"]]
            assert not named, f"{name}: {where}: fiction names a real person: {named}"
            assert not p.get("sources") or where.startswith("injects"), (name, where)


def test_fiction_is_marked_where_events_are_invented(built_in):
    """Invented events and intelligence are marked; each side gets as much of it."""
    name, room, _ = built_in
    marked = {}
    for party, sections in room["confidential"].items():
        marked[party] = sum(1 for v in sections.values() for p in paragraphs(v) if p.get("fiction"))
        private = paragraphs(sections["private_information"])
        assert any(p.get("fiction") for p in private), (name, party)
        assert all(p.get("fiction") or not p.get("sources") for p in private), (name, party)
    assert len(set(marked.values())) == 1, (name, marked)


def test_general_brief_does_not_reveal_the_outcome(built_in):
    name, room, _ = built_in
    packet = student_packet(room)
    for text in packet:
        for pattern in OUTCOME_TERMS[name]:
            assert not re.search(pattern, text, re.IGNORECASE), (
                f"{name}: {pattern!r} in: {text[:100]}"
            )


def test_no_confidential_sentence_reaches_the_general_packet(built_in):
    name, room, _ = built_in
    public = " ".join(" ".join(t.split()) for t in student_packet(room))
    private = [
        p for w, p in all_paragraphs(room) if w.startswith(("confidential", "team", "third_roles"))
    ]
    for p in private:
        for sentence in sentences(p["text"]):
            if len(sentence.split()) >= 6:
                assert sentence not in public, f"{name}: leaked: {sentence}"


def test_prose_never_states_points_so_variants_stay_true(built_in):
    name, room, _ = built_in
    for where, p in all_paragraphs(room):
        assert not re.search(r"\b\d+ points\b", p["text"]), (name, where)
        for key in re.findall(r"(?<!\{)\{([a-z_]+)\}(?!\})", p["text"]):
            allowed = (
                MODEL_PLACEHOLDERS if where == "facilitator.typical_results" else PARTY_PLACEHOLDERS
            )
            assert key in allowed, f"{name}: {where}: unknown placeholder {{{key}}}"
            if key == "trust":
                assert "trust" in built_in[2], (
                    f"{name}: {{trust}} needs the scenario's trust section"
                )


def test_british_spelling(built_in):
    name, room, _ = built_in
    texts = [p["text"] for _, p in all_paragraphs(room)] + [
        q["question"] for q in room["facilitator"]["debrief"]
    ]
    texts += room["facilitator"]["objectives"] + room["facilitator"]["pitfalls"]
    for text in texts:
        unquoted = re.sub(r'"[^"]*"', "", text.translate(QUOTES))
        for pattern in AMERICAN:
            assert not re.search(pattern, unquoted, re.IGNORECASE), (name, pattern, text[:80])


def test_the_documented_example_has_the_same_shape():
    """The annotated example on the scenario-format page follows the same rules, at its
    own small size: it is what instructors copy."""
    book = ROOT / "book" / "instructor"
    room = read(book / "example-classroom.yaml")["classroom"]
    scenario = read(book / "example-scenario.yaml")
    party_ids = [p["id"] for p in scenario["parties"]]
    assert list(room["confidential"]) == party_ids
    for sections in room["confidential"].values():
        assert tuple(sections) == SECTIONS
    roles = [r["id"] for r in room["team"]["roles"]]
    assert all(list(sheets) == roles for sheets in room["team"]["sheets"].values())
    pressed = dict.fromkeys(party_ids, 0)
    for inject in room["injects"]:
        for party in inject["presses"]:
            pressed[party] += 1
    assert len(set(pressed.values())) == 1, pressed
    used = {s for _, p in all_paragraphs(room) for s in p.get("sources", [])}
    used |= {s for e in room["timeline"] for s in e["sources"]}
    assert used == set(room["sources"])
    for where, p in all_paragraphs(room):
        for key in re.findall(r"(?<!\{)\{([a-z_]+)\}(?!\})", p["text"]):
            allowed = (
                MODEL_PLACEHOLDERS if where == "facilitator.typical_results" else PARTY_PLACEHOLDERS
            )
            assert key in allowed, (where, key)
            assert key != "reference_position" or "reference" in scenario, where
