import re
from pathlib import Path

import pytest

from peacekit.scenarios.problems import ScenarioError
from peacekit.scenarios.questions import (
    CHOICE,
    ORDER,
    builtin_path,
    builtin_reflection_questions,
    load_checks,
    load_reflection_questions,
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
            "format: peacekit-knowledge-checks/1",
            "format: quiz/9",
            9,
            "format: 'quiz/9' is not known",
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
    with pytest.raises(ScenarioError) as err:
        load_checks(builtin_path(), text=GOOD.replace(old, new, 1))
    text = str(err.value)
    assert text.startswith("knowledge_checks.yaml:")
    assert message in text
    if line is not None:
        assert text.startswith(f"knowledge_checks.yaml:{line}:")


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
