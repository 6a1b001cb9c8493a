"""Every page a knowledge check cites is on the built site, at the section it names.

The questions cite the book as ``book/....html#anchor`` links (see the header of
``peacekit/data/knowledge_checks.yaml``). Anchors come from headings, glossary terms and
the timeline's dated entries, so a renamed heading would silently break a citation;
this test reads the built site (the session's ``built_site``) and finds every one.
"""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup

from peacekit.scenarios.questions import load_checks

pytestmark = pytest.mark.build

LINK = re.compile(r"\]\(((?:book|exercises)/[^)#\s]+)#([^)\s]+)\)")
QUESTIONS = [q for c in load_checks() for q in c.questions]


def test_every_cited_section_exists_on_the_built_site(built_site):
    ids: dict[str, set[str]] = {}
    cited = 0
    for question in QUESTIONS:
        for page, anchor in LINK.findall(question.source):
            if page not in ids:
                path = built_site / page
                assert path.is_file(), f"{question.id}: {page} is not on the site"
                soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
                ids[page] = {tag["id"] for tag in soup.select("[id]")}
            assert anchor in ids[page], f"{question.id}: {page} has no #{anchor}"
            cited += 1
    assert cited >= len(QUESTIONS)
