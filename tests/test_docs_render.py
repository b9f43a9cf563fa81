"""The built pages as a reader sees them, in headless Chromium at common desktop widths:
no error banner, and every table fits the content column (nothing behind a scrollbar).

Sphinx's ``-W`` cannot see either: Furo draws its "ERROR: Adding a table of contents"
banner with CSS, and a table's width exists only once a browser lays it out.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

pytestmark = pytest.mark.backend_independent

PROBE = (Path(__file__).parent / "render_probe.js").read_text(encoding="utf-8")
WIDTHS = (1280, 1920)
# A handful, not all: the pages with generated tables, the API reference, and guides.
PAGES = (
    "index.html",
    "getting-started.html",
    "whole-api.html",
    "reference/models.html",
    "reference/api.html",
)
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)


@pytest.fixture(scope="session")
def browser() -> str:
    """Chromium's path; asked before the docs are built, so a skip costs no build."""
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found:
        return found
    reason = "chromium is not installed (Debian: apt-get install -y chromium)"
    if os.environ.get("ECR_ATTRS_REQUIRE_CHROMIUM") == "1":  # set by .ci/run
        pytest.fail(f"{reason}, and ECR_ATTRS_REQUIRE_CHROMIUM=1 requires it")
    pytest.skip(reason)


def probed(site: Path, name: str, into: Path) -> Path:
    """A copy of page ``name`` that resolves its links as the original does and ends with the probe."""
    page = site / name
    text = page.read_text(encoding="utf-8")
    text = text.replace("<head>", f'<head><base href="{page.as_uri()}">', 1)
    text = text.replace("</body>", f"<script>{PROBE}</script></body>", 1)
    copy = into / name.replace("/", "_")
    copy.write_text(text, encoding="utf-8")
    return copy


def measure(browser: str, page: Path, width: int) -> dict:
    with tempfile.TemporaryDirectory() as profile:
        done = subprocess.run(
            [
                browser,
                *FLAGS,
                f"--user-data-dir={profile}",
                f"--window-size={width},900",
                "--dump-dom",
                page.as_uri(),
            ],
            capture_output=True,
            text=True,
            timeout=120,
        )
    found = re.search(r'<pre id="probe">(.*?)</pre>', done.stdout, flags=re.DOTALL)
    assert found, f"no measurement from {page.name} at {width} px: {done.stderr[-2000:]}"
    return json.loads(html.unescape(found.group(1)))


@pytest.fixture(scope="module")
def rendered(browser, site, tmp_path_factory) -> dict[tuple[str, int], dict]:
    into = tmp_path_factory.mktemp("probed")
    jobs = [(name, width, probed(site, name, into)) for name in PAGES for width in WIDTHS]
    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda job: measure(browser, job[2], job[1]), jobs))
    print(f"\n{len(jobs)} pages rendered in {time.perf_counter() - start:.1f} s")
    return {(name, width): result for (name, width, _), result in zip(jobs, results, strict=True)}


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", PAGES)
def test_the_page_is_laid_out_at_the_width(rendered, name, width):
    assert width == rendered[name, width]["viewport"]
    assert rendered[name, width]["column"] > 600


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", PAGES)
def test_no_page_shows_an_error(rendered, name, width):
    assert [] == rendered[name, width]["errors"]


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", PAGES)
def test_every_table_fits_the_content_column(rendered, name, width):
    assert [] == rendered[name, width]["wide"]


def test_the_model_reference_has_a_table_per_class(rendered):
    from ecr_attrs.models import CLASS_NAMES

    assert len(CLASS_NAMES) == rendered["reference/models.html", 1280]["tables"]
