"""Run the real ``townpaths`` command in process (Typer's runner), as the console script does."""

from __future__ import annotations

from click.testing import Result
from typer.testing import CliRunner

from townpaths.cli.main import app

runner = CliRunner()


def run(*args: object, code: int = 0) -> Result:
    """``townpaths ARGS...``; asserts the exit code (0 unless given)."""
    result = runner.invoke(app, [str(a) for a in args])
    assert result.exit_code == code, (result.exit_code, result.output, result.exception)
    return result
