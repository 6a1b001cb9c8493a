"""Judging a knowledge-check answer: only the keyed answer is right; every answer explains."""

import pytest

from peacekit.lenses.knowledge_check import chapter_score, check_answer, source_html
from peacekit.scenarios.questions import CHOICE, load_checks, source_links

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


# -- sources as links --------------------------------------------------------------------------
THESIS = "book/chapters/01-no-silver-bullet.html#the-thesis"
OCHA = "https://www.unocha.org/armenia"


def test_a_site_page_is_linked_from_the_site_root_and_a_web_page_as_it_is():
    source = f"[Chapter 1, The thesis]({THESIS}); [UN OCHA]({OCHA})"
    html = source_html(source, "../")
    attributes = (
        'target="_blank" rel="noopener" title="Opens in a new tab" '
        'style="color:#0072B2;text-decoration:underline"'
    )
    assert html == (
        f'<a href="../{THESIS}" {attributes}>Chapter 1, The thesis</a>; '
        f'<a href="{OCHA}" {attributes}>UN OCHA</a>'
    )
    lite = source_html(source, "https://example.org/course/")
    assert f'href="https://example.org/course/{THESIS}"' in lite


def test_with_no_site_a_site_page_is_shown_as_its_path_and_a_web_page_still_linked():
    html = source_html(f"[Chapter 1, The thesis]({THESIS}); [UN OCHA]({OCHA})", None)
    assert html.startswith(f"Chapter 1, The thesis (on the course site: <code>{THESIS}</code>);")
    assert f'<a href="{OCHA}"' in html and html.count("<a ") == 1


@pytest.mark.parametrize(
    "root", ["javascript:alert(1)//", "/", "book/", "https://x.org", "../x/", "https://a b/"]
)
def test_a_site_root_that_is_not_a_site_address_links_nothing(root):
    html = source_html(f"[Chapter 1]({THESIS})", root)
    assert "<a " not in html and f"<code>{THESIS}</code>" in html


@pytest.mark.parametrize(
    ("source", "never"),
    [
        ("<script>alert(1)</script> [A](https://x.org/a)", "<script>"),
        ("[<b>bold</b>](https://x.org/a)", "<b>"),
        ('[A](https://x.org/"onmouseover="alert`1`)', '"onmouseover="'),
        ("[A](javascript:alert`1`)", "href"),
        ("[A](data:text/html,x)", "href"),
        ("[A](../../etc/passwd.html)", "href"),
    ],
)
def test_everything_is_escaped_and_only_site_and_web_pages_become_links(source, never):
    html = source_html(source, "../")
    assert never not in html
    assert "<" not in html.replace("<a ", "").replace("</a>", "").replace("<code>", "").replace(
        "</code>", ""
    )


def test_every_builtin_source_has_a_link_on_the_book_page():
    for q in QUESTIONS:
        html = source_html(q.source, "../")
        assert html.count("<a ") == len(source_links(q.source)) >= 1, q.id
        assert "](" not in html, q.id
