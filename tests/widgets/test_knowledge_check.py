import pytest

from peacekit.scenarios.questions import load_checks
from peacekit.widgets.knowledge_check import KnowledgeCheckExercise

from .tree import text_of, visible

COUNT = {c.id: len(c.questions) for c in load_checks()}
THESIS = "book/chapters/01-no-silver-bullet.html#the-thesis"


@pytest.fixture
def ex():
    return KnowledgeCheckExercise(site=None)


def test_shows_one_chapter_at_a_time(ex):
    assert [visible(p) for p in ex.pages.values()] == [True, False, False, False, False]
    ex.chapter.value = "distrust"
    assert visible(ex.pages["distrust"]) and not visible(ex.pages["no_silver_bullet"])
    assert text_of(ex.score.value) == f"Distrust: 0 of {COUNT['distrust']} answered, 0 right."


def test_choosing_an_answer_gives_feedback_and_counts_it(ex):
    panel = ex.panel("two_issues")
    panel.choice.value = "no_will"
    feedback = text_of(panel.feedback.value)
    assert feedback.startswith("Not quite. No. The article says both sides have voiced")
    assert f"Source: Chapter 1, The thesis (on the course site: {THESIS} )" in feedback
    assert "<a " not in panel.feedback.value  # no site to link to: the path as text
    panel.choice.value = "silver_bullet"
    assert text_of(panel.feedback.value).startswith("Correct. Right.")
    n = COUNT["no_silver_bullet"]
    assert text_of(ex.score.value) == f"No silver bullet: 1 of {n} answered, 1 right."


def test_answers_are_kept_when_switching_chapters(ex):
    ex.panel("two_issues").choice.value = "silver_bullet"
    ex.chapter.value = "not_a_panacea"
    ex.chapter.value = "no_silver_bullet"
    assert ex.panel("two_issues").choice.value == "silver_bullet"
    assert f"1 of {COUNT['no_silver_bullet']} answered" in text_of(ex.score.value)


def test_ordering_the_december_events(ex):
    ex.chapter.value = "confidence_building"
    panel = ex.panel("december_order")
    panel.check_button.click()
    assert "Not yet:" in text_of(panel.feedback.value)
    assert "is not placed yet" in text_of(panel.feedback.value)
    for dropdown, event in zip(
        panel.positions, ["blinken", "obrien", "statement", "exchange", "brussels"], strict=True
    ):
        dropdown.value = event
    panel.check_button.click()
    text = text_of(panel.feedback.value)
    assert text.startswith("3 of 5 events are in the right place. The right order:")
    n = COUNT["confidence_building"]
    assert text_of(ex.score.value) == f"Confidence-building: 1 of {n} answered, 0 right."
    panel.positions[3].value, panel.positions[4].value = "brussels", "exchange"
    panel.check_button.click()
    assert text_of(panel.feedback.value).startswith("Correct: every event is in the right place.")


def test_a_duplicate_event_is_explained_not_judged(ex):
    ex.chapter.value = "confidence_building"
    panel = ex.panel("december_order")
    for dropdown in panel.positions:
        dropdown.value = "obrien"
    panel.check_button.click()
    assert "is placed more than once; use each event exactly once" in text_of(panel.feedback.value)
    assert ex.results["confidence_building"] == {}


def test_values_that_are_not_choices_are_refused(ex):
    ex.panel("two_issues").choice.value = "z"
    assert ex.panel("two_issues").choice.value is None
    assert "'z' is not a choice for Your answer" in text_of(ex.message.value)
    ex.chapter.value = "chapter_9"
    assert ex.chapter.value == "no_silver_bullet"


def test_can_start_at_a_chapter_for_embedding_in_that_chapter():
    ex = KnowledgeCheckExercise("societal_engagement")
    assert visible(ex.pages["societal_engagement"])
    n = COUNT["societal_engagement"]
    assert text_of(ex.score.value).startswith(f"Societal engagement: 0 of {n}")
    assert len(ex.panels["societal_engagement"]) == len(load_checks()[3].questions)


@pytest.mark.parametrize(
    ("site", "href"),
    [
        ("../", f"../{THESIS}"),  # the book's exercise page, exercises/06-knowledge-checks.html
        ("https://example.org/course/", f"https://example.org/course/{THESIS}"),  # JupyterLite
    ],
)
def test_the_source_is_a_link_from_the_page_that_shows_it(site, href):
    ex = KnowledgeCheckExercise(site=site)
    panel = ex.panel("two_issues")
    panel.choice.value = "silver_bullet"
    assert (
        f'<a href="{href}" target="_blank" rel="noopener" title="Opens in a new tab" '
        'style="color:#0072B2;text-decoration:underline">Chapter 1, The thesis</a>'
    ) in panel.feedback.value


def test_the_site_root_is_found_once_for_the_whole_exercise(monkeypatch):
    monkeypatch.setenv("PEACEKIT_SITE_ROOT", "../")
    ex = KnowledgeCheckExercise()
    assert ex.site == "../"
    assert {p.site for ps in ex.panels.values() for p in ps} == {"../"}
