"""The documentation's examples run as written."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from townpaths.cases.towns import load_velenje
from townpaths.storage import Database

REPO = Path(__file__).resolve().parents[1]


def test_readme_python_example(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("TOWNPATHS_DATABASE_URL", raising=False)
    load_velenje(Database())  # ./townpaths.sqlite3, as `townpaths demo` leaves it
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```python\n(.*?)```", readme, re.S).group(1)
    namespace: dict = {}
    lines = block.strip().splitlines()
    for line in lines:
        code, _, expected = line.partition("#")
        if not code.strip():
            continue
        if expected.strip().startswith("'"):
            assert eval(code, namespace) == eval(expected.strip())  # noqa: S307 - our own README
        else:
            exec(code, namespace)  # noqa: S102 - our own README
    columns = list(namespace["case"].dataframe("innovations").columns)
    assert columns[:3] == ["no", "type_en", "type_sl"] and "id" in columns and "town_id" not in columns


def test_readme_names_the_commands_ci_runs() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert "bash scripts/test.sh" in readme and "bash scripts/test.sh" in ci
    assert "bash scripts/demo.sh" in readme


def test_every_command_in_the_readme_exists() -> None:
    from typer.testing import CliRunner

    from townpaths.cli.main import app

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    commands = set()
    for block in re.findall(r"```bash\n(.*?)```", readme, re.S):
        for line in block.splitlines():
            for part in line.split("#")[0].split("&&"):
                words = part.split()
                if "townpaths" not in [w.rsplit("/", 1)[-1] for w in words[:1]]:
                    continue
                cmd = []
                for w in words[1:]:
                    if not re.fullmatch(r"[a-z][a-z-]*", w):
                        break
                    cmd.append(w)
                commands.add(tuple(cmd[:2]))
    assert len(commands) >= 20
    runner = CliRunner()
    failing = [c for c in sorted(commands) if runner.invoke(app, [*c, "--help"]).exit_code != 0]
    assert failing == []
