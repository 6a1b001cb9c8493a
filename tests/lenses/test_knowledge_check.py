"""Judging a knowledge-check answer: only the keyed answer is right; every answer explains."""

import pytest

from peacekit.lenses.knowledge_check import chapter_score, check_answer
from peacekit.scenarios.questions import CHOICE, load_checks

CHAPTERS = load_checks()
QUESTIONS = [q for c in CHAPTERS for q in c.questions]


@pytest.mark.parametrize("question", QUESTIONS, ids=lambda q: q.id)
def test_exactly_the_keyed_answer_is_correct_and_every_answer_explains_itself(question):
    assert question.source and question.explanation
    if question.kind == CHOICE:
        verdicts = {i.id: check_answer(question, i.id) for i in question.items}
        assert [i for i, f in verdicts.items() if f.correct] == list(question.answer)
        for item_id, feedback in verdicts.items():
            assert feedback.detail == question.item(item_id).feedback != ""
            assert feedback.detail.startswith("Right" if feedback.correct else "No")
    else:
        assert check_answer(question, question.answer).correct
        wrong = list(reversed(question.answer))
        feedback = check_answer(question, wrong)
        assert not feedback.correct
        assert feedback.right_order == tuple(question.item(i).text for i in question.answer)


def test_ordering_feedback_counts_the_events_in_the_right_place():
    q = next(q for q in QUESTIONS if q.id == "december_order")
    assert q.answer == ("blinken", "obrien", "statement", "brussels", "exchange")
    swapped = ["blinken", "obrien", "statement", "exchange", "brussels"]
    assert check_answer(q, swapped).verdict == "3 of 5 events are in the right place."


def test_an_ordering_answer_must_place_every_event_once():
    q = next(q for q in QUESTIONS if q.id == "december_order")
    with pytest.raises(ValueError, match="is placed more than once"):
        check_answer(q, ["obrien", "obrien", "statement", "brussels", "exchange"])
    with pytest.raises(
        ValueError, match=r"“US Secretary of State Antony Blinken phones Pre.*” is not placed"
    ):
        check_answer(q, ["obrien", "", "statement", "brussels", "exchange"])
    with pytest.raises(ValueError, match="'cop29' is not one of the events"):
        check_answer(q, ["cop29"])


def test_a_choice_that_does_not_exist_is_refused():
    q = QUESTIONS[0]
    with pytest.raises(ValueError, match="'z' is not one of the answers; expected one of"):
        check_answer(q, "z")


def test_chapter_score_counts_answered_and_right():
    c = CHAPTERS[1]
    assert chapter_score(c, {}) == f"Distrust: 0 of {len(c.questions)} answered, 0 right."
    ids = [q.id for q in c.questions]
    n = len(c.questions)
    assert chapter_score(c, {ids[0]: True, ids[1]: False}).endswith(f"2 of {n} answered, 1 right.")
