"""The project's commands refuse with CommandError; on the command line that is the Danish
message alone on stderr and the exit code, no class name and no traceback (DESIGN.md)."""

import pytest
from django.core.management.base import CommandError

from helhedsplan.cli import main


def test_a_refusal_on_the_command_line_is_the_plain_message_and_exit_code_1(tmp_path, capsys):
    missing = tmp_path / "findes-ikke.yaml"
    with pytest.raises(SystemExit) as exit_:
        main(["plan", "validate", str(missing)])
    assert exit_.value.code == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err == f"Filen findes ikke: {missing}\n"


def test_with_traceback_the_command_error_itself_is_raised(tmp_path):
    missing = tmp_path / "findes-ikke.yaml"
    with pytest.raises(CommandError, match="Filen findes ikke"):
        main(["plan", "--traceback", "validate", str(missing)])


def test_the_rows_errors_come_before_the_refusal_on_stderr(tmp_path, capsys):
    path = tmp_path / "plan.yaml"
    path.write_text("slug: x\nresidents: 1\nresidents: 2\n", encoding="utf-8")
    with pytest.raises(SystemExit) as exit_:
        main(["plan", "validate", str(path)])
    assert exit_.value.code == 1
    lines = capsys.readouterr().err.splitlines()
    assert "residents: nøglen står der to gange" in lines[0]
    assert lines[-1].startswith("Planfilen er ikke gyldig: ")
    assert lines[-1].endswith(" Intet er gemt.")
    assert not any("CommandError" in line or "Traceback" in line for line in lines)
