"""``peacekit hub-link``: the nbgitpuller link on standard output, or one line and status 2."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from peacekit.classroom.hub_link import hub_link
from peacekit.cli import main

ROOT = Path(__file__).resolve().parents[2]
GUIDE = ROOT / "book" / "instructor" / "jupyterhub.md"
# A ```bash block with one `peacekit hub-link` command, then a ```text block with its output.
GUIDE_EXAMPLE = re.compile(r"```bash\n(peacekit hub-link [^\n]*)\n```\n\n```text\n([^\n]*)\n```")


def test_the_link_is_printed_alone_on_standard_output(capsys):
    assert main(["hub-link", "--hub", "https://hub.example.edu"]) == 0
    out, err = capsys.readouterr()
    assert out == hub_link("https://hub.example.edu").url + "\n"
    assert err == ""


def test_every_option_reaches_the_link(capsys):
    argv = ["hub-link", "--hub", "https://example.edu/jupyter/hub/home",
            "--repo", "https://github.com/my-university/peace-course.git",
            "--branch", "spring-2027", "--open", "exercises/02-negotiate.ipynb",
            "--interface", "notebook"]  # fmt: skip
    assert main(argv) == 0
    expected = hub_link(
        "https://example.edu/jupyter",
        repository="https://github.com/my-university/peace-course.git",
        branch="spring-2027",
        open_path="exercises/02-negotiate.ipynb",
        interface="notebook",
    )
    assert capsys.readouterr().out == expected.url + "\n"


def test_the_instructor_guides_examples_are_what_the_command_prints(capsys):
    examples = GUIDE_EXAMPLE.findall(GUIDE.read_text(encoding="utf-8"))
    assert len(examples) >= 2
    for command, printed in examples:
        assert main(shlex.split(command)[1:]) == 0, command
        assert capsys.readouterr().out == printed + "\n", command


@pytest.mark.parametrize(
    ("option", "value"),
    [("--hub", "hub.example.edu"), ("--repo", "git@github.com:x/y.git"),
     ("--branch", "two words"), ("--open", "../elsewhere"), ("--interface", "classic")],
)  # fmt: skip
def test_a_bad_value_is_one_line_and_status_2(capsys, option, value):
    argv = ["hub-link", "--hub", "https://hub.example.edu", option, value]
    assert main(argv) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith("peacekit hub-link: ") and err.count("\n") == 1


def test_the_installed_command_never_shows_a_traceback():
    command = Path(sys.executable).with_name("peacekit")
    proc = subprocess.run(
        [command, "hub-link", "--hub", "ftp://hub.example.edu"], capture_output=True, text=True
    )
    assert proc.returncode == 2 and proc.stdout == ""
    assert proc.stderr.startswith("peacekit hub-link: ") and proc.stderr.count("\n") == 1
    assert "Traceback" not in proc.stderr


def test_without_a_hub_the_usage_is_shown_with_status_2(capsys):
    with pytest.raises(SystemExit) as caught:
        main(["hub-link"])
    assert caught.value.code == 2
    assert "--hub" in capsys.readouterr().err
