"""Documentation that cannot rot: the CLI reference and the README follow the code."""

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_cli_reference_is_up_to_date():
    env = {**os.environ, "COLUMNS": "100"}
    code = "import sys; sys.path.insert(0, 'scripts'); from cli_docs import cli_reference; print(cli_reference(), end='')"
    generated = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                               check=True).stdout
    assert (ROOT / "docs" / "cli.md").read_text(encoding="utf-8") == generated, (
        "docs/cli.md is stale: run `COLUMNS=100 .venv/bin/python scripts/cli_docs.py`")


def test_every_subcommand_is_in_the_readme():
    sys.path.insert(0, str(ROOT / "scripts"))
    from cli_docs import cli_reference

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in re.findall(r"^## liaison (\S+)", cli_reference(), re.M):
        assert f"liaison {name}" in readme, f"README.md does not mention `liaison {name}`"


def test_every_setting_read_from_the_environment_is_documented():
    settings_dir = ROOT / "src" / "liaison" / "config" / "settings"
    names = set()
    for path in settings_dir.glob("*.py"):
        names |= set(re.findall(r'env(?:iron\.get|_bool)\(\s*"([A-Z_]+)"', path.read_text()))
        names |= set(re.findall(r'os\.environ\.get\("([A-Z_]+)"', path.read_text()))
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = sorted(n for n in names if f"`{n}`" not in readme)
    assert not missing, f"settings missing from README.md: {missing}"
