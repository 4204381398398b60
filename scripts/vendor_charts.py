"""Re-fetch the chart libraries the analysis pages serve from the app's own static files (nothing at run time).

    python scripts/vendor_charts.py            # fetch the pinned versions with `npm pack`, copy, write VENDOR.md
    python scripts/vendor_charts.py --check    # only check the committed files against VENDOR.md's sha256

The files are committed; this script is how they were made and how a version bump is made.
"""

from __future__ import annotations

import argparse
import hashlib
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

VENDOR = Path(__file__).resolve().parent.parent / "src/liaison/indicators/static/indicators/vendor"
# (npm package, exact version, licence, file in the package, file here)
PINNED = [
    ("vega", "6.4.0", "BSD-3-Clause", "build/vega.min.js", "vega.min.js"),
    ("vega-lite", "6.5.0", "BSD-3-Clause", "build/vega-lite.min.js", "vega-lite.min.js"),
    ("vega-embed", "7.3.0", "BSD-3-Clause", "build/vega-embed.min.js", "vega-embed.min.js"),
    # Vega's expression interpreter, so that charts draw under the site's CSP (no 'unsafe-eval'); an ES module
    # importing vega-util, wrapped (see `interpreter_wrap`) to run on the `vega` global vega.min.js defines.
    ("vega-interpreter", "2.3.2", "BSD-3-Clause", "build/vega-interpreter.js", "vega-interpreter.module.js"),
    ("world-atlas", "2.0.2", "ISC (boundaries: Natural Earth, public domain)", "countries-110m.json",
     "countries-110m.json"),
]


INTERPRETER_WRAPPED = "vega-interpreter.js"
IMPORT = "import { ascending, isString, DisallowedObjectProperties } from 'vega-util';"
EXPORT = "export { expression as expressionInterpreter };"


def interpreter_wrap(module: str) -> str:
    """Return vega-interpreter's ES module as a plain script: its vega-util imports read from `window.vega`
    (vega.min.js exports them) and its one export set as `window.vegaInterpreter.expressionInterpreter`."""
    assert module.count(IMPORT) == 1 and module.count(EXPORT) == 1, "vega-interpreter changed: check the wrap"
    body = module.replace(IMPORT, "").replace(EXPORT, "")
    return ("// vega-interpreter, wrapped by scripts/vendor_charts.py from vega-interpreter.module.js\n"
            "(function (vega) {\nconst { ascending, isString, DisallowedObjectProperties } = vega;\n"
            + body + "\nwindow.vegaInterpreter = { expressionInterpreter: expression };\n})(window.vega);\n")


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def fetch() -> None:
    VENDOR.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        for package, version, _licence, inner, name in PINNED:
            out = subprocess.run(["npm", "pack", f"{package}@{version}", "--silent"], cwd=tmp, check=True,
                                 capture_output=True, text=True).stdout.strip().splitlines()[-1]
            with tarfile.open(Path(tmp) / out) as archive:
                for member, target in ((f"package/{inner}", name), ("package/LICENSE", f"{package}.LICENSE")):
                    data = archive.extractfile(member)
                    assert data is not None, member
                    (VENDOR / target).write_bytes(data.read())
    module = (VENDOR / "vega-interpreter.module.js").read_text(encoding="utf-8")
    (VENDOR / INTERPRETER_WRAPPED).write_text(interpreter_wrap(module), encoding="utf-8")
    lines = ["# Vendored chart libraries (served as static files; nothing is downloaded at run time)", "",
             "Fetched from the npm registry by `python scripts/vendor_charts.py` (`npm pack <package>@<version>`).",
             "Each package's licence file is kept next to it as `<package>.LICENSE`.", "",
             "| file | npm package | version | licence | sha256 |", "|---|---|---|---|---|"]
    for package, version, licence, inner, name in PINNED:
        lines.append(f"| {name} | {package} (`{inner}`) | {version} | {licence} | {sha256(VENDOR / name)} |")
    lines.append(f"| {INTERPRETER_WRAPPED} | made here from vega-interpreter.module.js by `interpreter_wrap` | "
                 f"2.3.2 | BSD-3-Clause | {sha256(VENDOR / INTERPRETER_WRAPPED)} |")
    (VENDOR / "VENDOR.md").write_text("\n".join(lines) + "\n")


def check() -> int:
    text = (VENDOR / "VENDOR.md").read_text()
    names = [name for *_rest, name in PINNED] + [INTERPRETER_WRAPPED]
    bad = [name for name in names if sha256(VENDOR / name) not in text]
    for name in bad:
        print(f"{name}: sha256 differs from VENDOR.md", file=sys.stderr)
    return 1 if bad else 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true")
    if parser.parse_args().check:
        sys.exit(check())
    fetch()
    sys.exit(check())
