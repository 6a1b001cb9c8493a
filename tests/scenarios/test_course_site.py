"""The published site's address, from the book's _config.yml."""

import pytest

from peacekit.scenarios.course_site import published_site_url

TOC = "format: jb-book\nroot: book/intro\n"


def _book(folder, config: str, toc: bool = True):
    (folder / "_config.yml").write_text(config, "utf-8")
    if toc:
        (folder / "_toc.yml").write_text(TOC, "utf-8")
    (folder / "exercises").mkdir()
    return folder / "exercises"


@pytest.mark.parametrize(
    ("config", "url"),
    [
        ("html:\n  baseurl: https://a.github.io/course\n", "https://a.github.io/course/"),
        ("html:\n  baseurl: https://a.github.io/course/\n", "https://a.github.io/course/"),
        ("html:\n  baseurl: ''\n", None),
        ("html:\n  use_repository_button: true\n", None),
        ("html:\n  baseurl: /course/\n", None),  # not an address a notebook can open
        ("title: x\n", None),
        ("html: [not, a, mapping]\n", None),
        ("html: {baseurl: https://x.org/\n", None),  # not valid YAML: nothing to link
    ],
)
def test_the_address_is_html_baseurl(tmp_path, config, url):
    assert published_site_url(_book(tmp_path, config)) == url


def test_a_config_without_a_table_of_contents_is_not_the_book(tmp_path):
    (tmp_path / "_config.yml").write_text("html:\n  baseurl: https://x.org/\n", "utf-8")
    nested = tmp_path / "other"
    nested.mkdir()
    exercises = _book(nested, "html:\n  baseurl: https://y.org/\n", toc=False)
    assert published_site_url(exercises) is None
