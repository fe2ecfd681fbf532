"""The README's commands exist: every ``rashomon`` line it shows names a real command and real options."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rashomon.cli import app

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"


def _commands() -> list[list[str]]:
    """Argument lists of the ``rashomon ...`` commands in the README's shell blocks (comments dropped)."""
    text = README.read_text(encoding="utf-8")
    found = []
    for block in re.findall(r"```bash\n(.*?)```", text, flags=re.S):
        for line in block.splitlines():
            for part in line.split("#", 1)[0].split("&&"):
                words = shlex.split(part)
                if words and words[0].endswith("rashomon"):
                    found.append(words[1:])
    return found


def _help(words: list[str]) -> str:
    result = CliRunner().invoke(app, [*words, "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, (words, result.output)
    return result.output


def _has_option(help_text: str, option: str) -> bool:
    return re.search(rf"(?<![\w-]){re.escape(option)}(?![\w-])", help_text) is not None


def test_options_named_in_the_prose_exist() -> None:
    """Options the README names in running text (`-j N`, `--dask local:4`, `--upload-token`...) belong to some command."""
    prose = re.sub(r"```.*?```", "", README.read_text(encoding="utf-8"), flags=re.S)
    options = {m.split()[0] for m in re.findall(r"`(-{1,2}[a-z][\w-]*[^`]*)`", prose)}
    assert {"-j", "--dask", "--upload-token", "--published", "--source"} <= options
    helps = "\n".join(_help(words) for words in (["analyze"], ["serve"], ["export"], ["extract"], ["demo"], ["bench"]))
    assert [o for o in sorted(options) if not _has_option(helps, o)] == []


def test_readme_shows_the_quick_start_and_the_main_commands() -> None:
    commands = _commands()
    assert ["demo"] in commands
    assert {"analyze", "serve", "export", "extract", "eval", "bench", "gazetteer"} <= {c[0] for c in commands if c}


@pytest.mark.parametrize("words", _commands(), ids=lambda w: " ".join(w) or "rashomon")
def test_readme_command_and_its_options_exist(words: list[str]) -> None:
    # the command path: the command, and for `gazetteer` its subcommand
    path = [words[0]] if words else []
    if words[:1] == ["gazetteer"] and len(words) > 1:
        path.append(words[1])
    text = _help(path)
    for word in words:
        if word.startswith("-") and word != "-":
            option = word.split("=", 1)[0]
            assert _has_option(text, option), f"{option} not in 'rashomon {' '.join(path)} --help'"


def test_eval_help_says_how_to_list_the_tasks() -> None:
    assert "'list'" in _help(["eval"])
    result = CliRunner().invoke(app, ["eval", "list"])
    assert result.exit_code == 0 and '"demo"' in result.output
