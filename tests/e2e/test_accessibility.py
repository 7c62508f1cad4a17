"""axe-core on every page type, light and dark: no serious or critical violation.

WCAG 2.1 AA is the basis of GB/T 37668-2019. axe-core comes from the npm
registry into tests/e2e/node_modules (`bash tests/e2e/install-tools.sh`,
which .ci/run calls) and is injected into the page by the test: never from a
CDN, and the page itself makes no outside request (checked as everywhere).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

AXE = Path(__file__).resolve().parent / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
FAILING = ("serious", "critical")


def _pick(site: Path, folder: str) -> str:
    found = sorted(p for p in site.glob(f"{folder}/*.html") if p.name != "index.html")
    assert found, f"no page under {folder}/"
    return found[-1].relative_to(site).as_posix()


def _pages(site: Path) -> dict[str, str]:
    return {
        "home": "",
        "year": _pick(site, "years"),
        "unit": _pick(site, "units"),
        "campaign": _pick(site, "campaigns"),
        "document": _pick(site, "doc"),
        "search": "",  # home with the search open and results shown
        "search-filters": "",  # the same with the filter panel open and a unit chosen
        "404": "no-such-page.html",  # the server answers with 404.html
    }


@pytest.fixture(scope="session")
def axe_source() -> str:
    if not AXE.is_file():
        message = f"{AXE} is missing: run `bash tests/e2e/install-tools.sh` (npm install axe-core)"
        if os.environ.get("CI"):
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    return AXE.read_text(encoding="utf-8")


def _scan(page, axe_source: str) -> list[dict]:
    page.add_script_tag(content=axe_source)
    result = page.evaluate(
        # preload: false - axe would re-fetch the stylesheets with XHR, which
        # file:// refuses (the page itself loaded them fine).
        """tags => axe.run(document, {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"],
                                      preload: false})
             .then(r => r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
               nodes: v.nodes.slice(0, 3).map(n => n.target.join(" ") + " :: " + n.failureSummary)})))""",
        TAGS,
    )
    return [v for v in result if v["impact"] in FAILING]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("kind", ["home", "year", "unit", "campaign", "document", "search", "search-filters", "404"])
def test_no_serious_or_critical_violations(kind, scheme, browser, portal, axe_source):
    from conftest import Watch, wait_settled, watched_context

    if kind == "404" and portal.mode == "file":
        pytest.skip("404.html is served by a web server; from file:// a missing page is the browser's own")
    watch = Watch()
    ctx = watched_context(browser, portal, watch, color_scheme=scheme)
    try:
        page = ctx.new_page()
        page.goto(portal.url(_pages(portal.site_dir)[kind]))
        actual = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
        assert actual == ("slate" if scheme == "dark" else "default"), actual
        if kind.startswith("search"):
            box = page.locator("[data-fp-search-input]").first
            box.click()
            box.press_sequentially("约谈", delay=20)
            done = ("() => document.querySelector('[data-fp-search]').getAttribute('data-fp-search-state') === 'done'"
                    " && document.querySelector('[data-fp-search]').getAttribute('data-fp-search-query') === '约谈'")
            page.wait_for_function(done, timeout=15_000)
            if kind == "search-filters":
                page.locator("[data-fp-search-filter-toggle]").click()
                unit = page.locator("[data-fp-search-filter=unit]")
                page.wait_for_function("document.querySelectorAll('[data-fp-search-filter=unit] option').length > 1")
                unit.select_option(index=1)
                page.wait_for_function(done + " && document.querySelector('[data-fp-search-meta]')"
                                       ".textContent.includes('已筛选')", timeout=15_000)
        wait_settled(page)
        bad = _scan(page, axe_source)
        assert not bad, f"{kind} ({scheme}):\n" + json.dumps(bad, ensure_ascii=False, indent=1)
    finally:
        ctx.close()
    # The 404 page's own status is logged as a console error by Chromium.
    problems = [p for p in watch.problems() if not (kind == "404" and "status of 404" in p)]
    assert not problems, "\n".join(problems)
