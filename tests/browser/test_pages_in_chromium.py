"""Key pages in a real headless Chromium (Debian's package), against `liaison serve` on loopback.

The server runs as `make run` does (gunicorn, bundled data loaded by `liaison load`) on a
fresh SQLite file, whatever database the rest of the suite uses.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]

if CHROMIUM is None and os.environ.get("CI") != "true":
    pytest.skip("Debian's chromium is not installed (make browser installs it)", allow_module_level=True)


def port_free() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    assert CHROMIUM, "chromium is required under CI"
    tmp = tmp_path_factory.mktemp("served")
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp / 'liaison.sqlite3'}", "LIAISON_VAR_DIR": str(tmp),
           "DJANGO_SETTINGS_MODULE": "liaison.config.settings.dev", "LIAISON_DEMO": "1"}
    load = subprocess.run([sys.executable, "-m", "liaison", "load", "--quiet"], env=env, capture_output=True,
                          text=True, timeout=600)
    assert load.returncode == 0, load.stderr
    port = port_free()
    proc = subprocess.Popen([sys.executable, "-m", "liaison", "serve", "--port", str(port), "--workers", "2"],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    for _ in range(120):
        try:
            urllib.request.urlopen(base + "/", timeout=2)
            break
        except OSError:
            time.sleep(0.5)
    else:
        proc.kill()
        pytest.fail("liaison serve did not answer: " + proc.stderr.read().decode()[-2000:])
    yield base, tmp
    proc.terminate()
    proc.wait(timeout=20)


def chromium_dom(url: str, profile: Path) -> str:
    """Return the DOM after scripts ran."""
    out = subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={profile}", "--virtual-time-budget=3000",
                          "--dump-dom", url], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    return out.stdout


def chromium_screenshot(url: str, profile: Path, target: Path, width: int = 1280) -> None:
    subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={profile}", f"--screenshot={target}",
                    f"--window-size={width},1000", "--hide-scrollbars", url], capture_output=True, timeout=120)


@pytest.mark.parametrize("path,expected", [
    ("/", "Liaison"),
    ("/conventions/", "Convention on Biological Diversity"),
    ("/conventions/CMS/", "Kenya"),
    ("/countries/KEN/", "Convention on Biological Diversity"),
    ("/mandates/", "Biodiversity Liaison Group"),
    ("/conventions/CMS/in-effect/", "10.21"),
    ("/about/data/", "IEADB"),
    ("/meetings/", "Sharm El-Sheikh"),
    ("/meetings/cms-cop12/", "Synergies and Partnerships"),
])
def test_key_pages_render_with_real_data(server, path, expected, tmp_path):
    base, _ = server
    dom = chromium_dom(base + path, tmp_path / "profile")
    assert expected in dom
    assert "Page not found" not in dom and "Something went wrong" not in dom


def test_sortable_tables_are_wired_by_the_script(server, tmp_path):
    base, _ = server
    dom = chromium_dom(base + "/conventions/", tmp_path / "profile")
    assert 'aria-sort="none"' in dom  # set by tables.js once it ran
    assert 'data-count-for="conventions">20 / 20<' in dom or "/ 20<" in dom


def test_decision_page_shows_mandate_chips_and_repeal_links(server, tmp_path):
    base, _ = server
    dom = chromium_dom(base + "/decisions/?convention=CMS&q=11.10", tmp_path / "p1")
    assert "Synergies and Partnerships" in dom or "SYNERGIES AND PARTNERSHIPS" in dom
    decision_url = re.search(r'href="(/decisions/\d+/)"', dom).group(1)
    page = chromium_dom(base + decision_url, tmp_path / "p2")
    assert 'class="chip actor"' in page and "Repeals" in page


def test_screenshots_for_people_to_look_at(server, tmp_path):
    base, tmp = server
    shots = Path(os.environ.get("LIAISON_SCREENSHOTS", tmp / "screenshots"))
    shots.mkdir(parents=True, exist_ok=True)
    chromium_screenshot(base + "/conventions/CMS/", tmp_path / "p", shots / "convention.png")
    chromium_screenshot(base + "/mandates/", tmp_path / "p", shots / "mandates-phone.png", width=390)
    assert (shots / "convention.png").stat().st_size > 10_000
    assert (shots / "mandates-phone.png").stat().st_size > 5_000


def test_analysis_page_draws_its_chart_and_map_at_desktop_and_phone_widths(server, tmp_path):
    base, tmp = server
    questionnaire = chromium_dom(base + "/reporting/questionnaires/cbd-nr7-gbf/", tmp_path / "p1")
    url = re.search(r'href="(/analysis/questions/\d+/)"', questionnaire).group(1)
    dom = chromium_dom(base + url, tmp_path / "p2")
    # both drawn by the vendored Vega-Lite under the site's CSP (set by analysis.js once a chart is drawn)
    assert dom.count('data-rendered="true"') == 2, re.findall(r'data-rendered="\w+"[^<]{0,300}', dom)
    assert "Kenya" in dom and "<svg" in dom
    shots = Path(os.environ.get("LIAISON_SCREENSHOTS", tmp / "screenshots"))
    shots.mkdir(parents=True, exist_ok=True)
    chromium_screenshot(base + url, tmp_path / "p3", shots / "analysis.png")
    chromium_screenshot(base + url, tmp_path / "p4", shots / "analysis-phone.png", width=390)
    assert (shots / "analysis.png").stat().st_size > 10_000
    assert (shots / "analysis-phone.png").stat().st_size > 5_000


@pytest.mark.parametrize(("lang", "html", "word"), [
    ("ar", '<html lang="ar" dir="rtl">', "المقررات"),
    ("zh-CN,zh", '<html lang="zh-hans" dir="ltr">', "决定"),
    ("ru", '<html lang="ru" dir="ltr">', "Решения"),
])
def test_a_browser_in_arabic_chinese_or_russian_gets_the_site_in_its_language(server, tmp_path, lang, html, word):
    # The browser's own language (Accept-Language) chooses the site's; Arabic is laid out right to left.
    base, _ = server
    out = subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={tmp_path / 'p'}", f"--accept-lang={lang}",
                          "--virtual-time-budget=3000", "--dump-dom", base + "/mandates/"],
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    assert html in out.stdout
    assert word in out.stdout
