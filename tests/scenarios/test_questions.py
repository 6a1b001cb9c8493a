import re
from pathlib import Path

import pytest

from peacekit.scenarios.problems import ScenarioError
from peacekit.scenarios.questions import (
    CHOICE,
    FORMAT,
    MIN_FEEDBACK_WORDS,
    ORDER,
    SITE_PAGE,
    builtin_check_file,
    builtin_path,
    builtin_reflection_questions,
    load_check_file,
    load_checks,
    load_reflection_questions,
    source_links,
)

ROOT = Path(__file__).resolve().parents[2]
ARTICLE = (ROOT / "seeds" / "rahimov-2023-no-silver-bullet-iip-blog.txt").read_text("utf-8")
CHAPTERS = load_checks()
QUESTIONS = [q for c in CHAPTERS for q in c.questions]
REFLECTION = builtin_reflection_questions()

# Quoted phrases in the questions that are not the article's words, with where they come from.
NOT_FROM_THE_ARTICLE = {
    "peace deal signed": "headlines, per the course fact sheet (section 3)",
    "Agreement on Establishment of Peace and Inter-State Relations": "fact sheet, section 3",
    "Peace Bridge Initiative": "fact sheet, section 3",
    "Violence, Peace, and Peace Research": "the title of Galtung (1969)",
    "the 2020 Nagorno-Karabakh war": "fact sheet, section 5",
    "the six-week war": "fact sheet, section 5",
    "44-day Patriotic War": "fact sheet, section 5",
    "the 2020 (Second) Nagorno-Karabakh war": "fact sheet, section 5",
    "the article quotes him as requiring…": "chapter 2 of the course",
    "All": "a word quoted from the article's 'all universities'",
    "all": "a word quoted from the article's 'all universities'",
    # Invented examples in the application questions, quoted as the invented text.
    "Azerbaijan's anti-terrorist measures ended after one day.": "an invented news sentence",
    "The two foreign ministers met in Geneva on 3 May.": "an invented paragraph",
    "The meeting failed because neither side trusts the other.": "an invented paragraph",
    "They should begin with a joint water commission.": "an invented paragraph",
    # Each side's and third parties' words, as the book's glossary and timeline give them.
    "Karabakh movement": "Armenian usage, timeline 1988 (fact sheet 7 A1)",
    "made territorial claims": "Azerbaijani official usage, timeline 1988 (7 A1)",
    "more than 100,000": "UN OCHA and UNHCR, glossary (7 B2)",
    "over 600,000": "a phrase no UNHCR text was found to use (fact sheet 7, NOT VERIFIED 1)",
    "forcibly displaced persons": "the Armenian government's term (7 B2)",
    "refugees": "the UN's term (7 B2)",
    "may mark the first time": "OC Media, 7-8 December 2023 (7 F)",
    "international mechanisms to guarantee": "Pashinyan, 18 April 2023, via TASS (section 2)",
    "military servicemen": "the joint statement of 7 December 2023 (section 2)",
    "soldiers and civilians": "later press copy (section 2)",
    "per Baku's readout": "the course's attribution, chapter 3",
    "constantly pass through the road unhindered": "AzerNews, 22 January 2023 (7 C)",
    "neither passenger cars nor even ambulances can pass through": "News.am (7 C)",
    "disrupted": "the ICJ order of 22 February 2023 (7 C)",
    "more than half a million": "Armenian Public TV, official data (7 A3)",
    "the Artsakh war": "Armenian usage (section 5)",
    "Karabakh (economic) region": "Azerbaijani official usage (section 5)",
    "Artsakh": "Armenian usage (section 5)",
    "local anti-terrorist measures": "Azerbaijan's Ministry of Defence (section 2)",
    "large-scale aggression": "Yerevan, via TASS (section 2)",
    "Lighting": "the article's typo, quoted by the course",
    "lightning operation": "media usage (section 5)",
    "lightning": "the word behind the article's typo (section 2)",
}


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("’", "'")).strip()


def test_the_builtin_file_covers_the_five_chapters_of_the_book():
    assert [c.book_file for c in CHAPTERS] == [
        "01-no-silver-bullet",
        "02-distrust",
        "03-confidence-building",
        "04-societal-engagement",
        "05-not-a-panacea",
    ]
    assert all(3 <= len(c.questions) <= 12 for c in CHAPTERS)
    assert {q.kind for q in QUESTIONS} == {CHOICE, ORDER}


@pytest.mark.parametrize("question", QUESTIONS, ids=lambda q: q.id)
def test_every_quote_is_the_articles_words_verbatim(question):
    article = _flat(ARTICLE)
    texts = [question.prompt, question.explanation, *(i.text for i in question.items)]
    texts += [i.feedback for i in question.items]
    for text in texts:
        for quote in re.findall(r'"([^"]+)"', text):
            if quote in NOT_FROM_THE_ARTICLE:
                continue
            for part in quote.split("[...]"):
                part = _flat(part)
                assert part in article, f"{question.id}: not in the article: {part!r}"


GOOD = builtin_path().read_text("utf-8")


@pytest.mark.parametrize(
    ("old", "new", "line", "message"),
    [
        (
            "        answer: silver_bullet\n",
            "        answer: maybe\n",
            None,
            "answer: 'maybe' is not a choice; expected one of: silver_bullet, no_will",
        ),
        (
            f"format: {FORMAT}",
            "format: quiz/9",
            None,
            "format: 'quiz/9' is not known",
        ),
        (
            f"format: {FORMAT}",
            "format: peacekit-knowledge-checks/1",
            None,
            "format: 'peacekit-knowledge-checks/1' is not known; expected "
            "'peacekit-knowledge-checks/2'",
        ),
        (
            "            feedback: Right. These are the article's words.\n",
            "",
            None,
            "every choice needs 'feedback'",
        ),
        (
            "        answer: [blinken, obrien, statement, brussels, exchange]",
            "        answer: [blinken, obrien, statement, brussels, brussels]",
            None,
            "expected every item id exactly once",
        ),
        (
            "        kind: order\n",
            "        kind: essay\n",
            None,
            "kind: 'essay' is not allowed; expected one of: choice, order",
        ),
    ],
)
def test_a_broken_file_is_reported_with_file_line_and_field(old, new, line, message):
    assert old in GOOD
    text = _refusal(GOOD.replace(old, new, 1))
    assert message in text
    if new:  # reported at the changed line (a deleted line: at its choice)
        assert text.startswith(f"knowledge_checks.yaml:{line or _line_of(old)}:"), text
    else:
        assert text.startswith(f"knowledge_checks.yaml:{_line_of('- id: small_steps')}:"), text


def _refusal(text: str) -> str:
    with pytest.raises(ScenarioError) as err:
        load_checks(builtin_path(), text=text)
    assert len(err.value.problems) == 1, err.value.problems
    return str(err.value)


def _line_of(fragment: str, text: str = GOOD) -> int:
    """The line of a fragment's first occurrence, or of the line after a deleted one."""
    return text[: text.index(fragment)].count("\n") + 1


# -- format 2: sources a reader can open, wrong choices that explain, the pre/post test --------
THESIS = "[Chapter 1, The thesis](book/chapters/01-no-silver-bullet.html#the-thesis)"
SHORT_NO = (
    "              No. The article says both sides have voiced their desire for peace, and it"
    " lists\n              many capitals as possible mediators. The problem is what they"
    " expected and where\n              they looked.\n"
)


@pytest.mark.parametrize(
    ("new_source", "message"),
    [
        ("Chapter 1, The thesis", "source: names no link; expected a Markdown link"),
        ("course fact sheet, section 3", "source: names no link"),
        (
            "[Chapter 1](../book/chapters/01-no-silver-bullet.md)",
            "source: '../book/chapters/01-no-silver-bullet.md' cannot be opened",
        ),
        ("[Fact sheet](seeds/fact-sheet.md)", "source: 'seeds/fact-sheet.md' cannot be opened"),
        ("[Thesis](#the-thesis)", "'#the-thesis' cannot be opened"),
        ("[A site](ftp://example.org/x)", "'ftp://example.org/x' cannot be opened"),
    ],
)
def test_a_source_must_be_a_link_a_reader_can_open(new_source, message):
    text = _refusal(GOOD.replace(THESIS, new_source, 1))
    assert message in text
    assert text.startswith(f"knowledge_checks.yaml:{_line_of(THESIS) - 1}:")  # the source: line


@pytest.mark.parametrize(
    "source",
    [
        "[Glossary, GRIT](book/back/glossary.html#term-GRIT)",
        "[Exercise 6](exercises/06-knowledge-checks.html)",
        "[UN OCHA](https://www.unocha.org/news/x); [Chapter 1](book/chapters/01-x.html#a-b)",
    ],
)
def test_sources_a_reader_can_open_are_accepted(source):
    checks = load_checks(builtin_path(), text=GOOD.replace(THESIS, source, 1))
    assert checks[0].questions[0].source == source
    assert all(SITE_PAGE.match(t) or t.startswith("https://") for _, t in source_links(source))


@pytest.mark.parametrize(
    ("feedback", "accepted"),
    [
        ("No.", False),
        ("No, this is wrong.", False),  # four words
        ("No. Both sides said they wanted peace", False),  # no full stop
        ("No. Both sides said they wanted peace.", True),
        ('No. The article says "both sides".', True),  # six words, ending in a quotation
    ],
)
def test_every_wrong_choice_explains_itself_in_a_sentence(feedback, accepted):
    text = GOOD.replace(SHORT_NO, f"              {feedback}\n", 1)
    if accepted:
        assert load_checks(builtin_path(), text=text)[0].questions[0].item("no_will").feedback
        return
    refusal = _refusal(text)
    assert "chapter 'no_silver_bullet', questions[0].choices[1].feedback:" in refusal
    assert "does not explain why 'no_will' is wrong" in refusal
    assert f"({MIN_FEEDBACK_WORDS} words or more, ending with a full stop)" in refusal
    assert refusal.startswith(f"knowledge_checks.yaml:{_line_of(SHORT_NO) - 1}:")


def test_the_right_choice_may_have_short_feedback():
    assert builtin_check_file().chapters[0].question("where_it_lies").item("small_steps").feedback
    short = GOOD.replace("feedback: Right. These are the article's words.", "feedback: Right.", 1)
    assert load_checks(builtin_path(), text=short)


def test_every_wrong_choice_in_the_builtin_file_explains_itself():
    for q in QUESTIONS:
        for item in q.items:
            if q.kind == CHOICE and item.id != q.answer[0]:
                assert len(item.feedback.split()) >= MIN_FEEDBACK_WORDS, (q.id, item.id)


PRE_POST = GOOD[GOOD.index("pre_post_test:") :]


def test_the_builtin_pre_post_test_has_two_choice_questions_per_chapter():
    checks = builtin_check_file()
    items = checks.pre_post_test
    assert len(items) == 2 * len(checks.chapters) == 10
    for chapter in checks.chapters:
        mine = [i for i in items if i.chapter == chapter.id]
        assert len(mine) == 2
        assert sum(i.question.startswith("apply_") for i in mine) == 1  # one applies the idea
    assert all(checks.question(i).kind == CHOICE for i in items)
    assert len({i.key for i in items}) == len(items)


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "{chapter: distrust, question: promises}",
            "{chapter: trust, question: promises}",
            "pre_post_test[2].chapter: 'trust' is not a chapter; expected one of: "
            "no_silver_bullet, distrust",
        ),
        (
            "{chapter: distrust, question: promises}",
            "{chapter: distrust, question: grit}",
            "pre_post_test[2].question: chapter 'distrust' has no question 'grit'",
        ),
        (
            "{chapter: confidence_building, question: grit}",
            "{chapter: confidence_building, question: december_order}",
            "pre_post_test[4].question: 'december_order' is an ordering question",
        ),
        (
            "{chapter: distrust, question: promises}",
            "{chapter: distrust, question: apply_discount}",
            "pre_post_test[3]: id 'distrust.apply_discount' is used twice (first at line",
        ),
        (
            "{chapter: distrust, question: promises}",
            "{chapter: distrust}",
            "pre_post_test[2]: missing key 'question'",
        ),
    ],
)
def test_a_broken_pre_post_test_names_the_line_and_the_entry(old, new, message):
    text = GOOD.replace(old, new, 1)
    refusal = _refusal(text)
    assert message in refusal
    # The entry's own line; for a repeat, the second entry's line.
    entry = text.index(new) if "twice" not in message else text.rindex(new)
    assert refusal.startswith(f"knowledge_checks.yaml:{text[:entry].count(chr(10)) + 1}: ")


def test_every_chapter_needs_the_same_number_of_pre_post_questions():
    line = "  - {chapter: distrust, question: promises}\n"
    text = _refusal(GOOD.replace(line, "", 1))
    assert text.startswith(f"knowledge_checks.yaml:{_line_of('pre_post_test:')}: pre_post_test:")
    assert "every chapter needs the same number of questions" in text
    assert "no_silver_bullet 2, distrust 1, confidence_building 2" in text


def test_a_file_without_a_pre_post_test_is_refused():
    text = _refusal(GOOD[: GOOD.index("pre_post_test:")])
    assert "the file: missing key 'pre_post_test'" in text
    assert PRE_POST.startswith("pre_post_test:\n  - {chapter: no_silver_bullet")


def test_load_checks_and_load_check_file_agree():
    assert load_check_file().chapters == load_checks() == CHAPTERS


def test_yaml_syntax_errors_name_the_line():
    with pytest.raises(ScenarioError, match=r"knowledge_checks.yaml:\d+: not valid YAML"):
        load_checks(builtin_path(), text=GOOD.replace("feedback: Right.", "feedback: Right: x", 1))


# -- reflection questions (the journal) --------------------------------------------
def test_reflection_questions_have_unique_keys():
    keys = [q.key for e in REFLECTION for q in e.questions]
    assert len(keys) == len(set(keys))
    assert all(e.where.startswith(("book/chapters/", "exercises/")) for e in REFLECTION)


def test_a_broken_questions_file_names_file_line_and_field(tmp_path):
    bad = tmp_path / "q.yaml"
    bad.write_text(
        "format: peacekit-reflection-questions/2\nsections:\n"
        "  - id: a\n    title: A\n    where: n\n    questions:\n      - {id: x}\n"
    )
    with pytest.raises(
        ScenarioError, match=r"q.yaml:7: sections\[0\].questions\[0\]: missing key 'text'"
    ):
        load_reflection_questions(bad)
