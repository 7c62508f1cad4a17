"""Screenshots of every page type, for a person to look at.

    .venv/bin/python tests/e2e/shoot.py SITE_DIR OUT_DIR [NAME ...]

Opens the built site from file:// in Debian's Chromium at 1280×800 and
390×844, light and dark, and writes OUT_DIR/<page>-<width>-<scheme>.png
(the first viewport only; `full` in NAME's place takes whole pages).
"""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

PAGES = {
    "home": "index.html",
    "year": "years/2024.html",
    "undated": "years/undated.html",
    "unit": "units/panjin-zhidui.html",
    "campaign": "campaigns/chuhuan-gongjian.html",
    "doc": "doc/2024-003-a0327b19cb06463e.html",
    "sitemap": "sitemap.html",
    "about": "about.html",
    "404": "404.html",
    "search": "index.html#search",
    "menu": "doc/2024-003-a0327b19cb06463e.html#menu",
}
SIZES = {"desktop": (1280, 800), "phone": (390, 844)}


def main() -> None:
    site, out = Path(sys.argv[1]).resolve(), Path(sys.argv[2])
    names = [n for n in sys.argv[3:] if n != "full"] or list(PAGES)
    full = "full" in sys.argv[3:]
    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        for size, (w, h) in SIZES.items():
            for scheme in ("light", "dark"):
                ctx = browser.new_context(viewport={"width": w, "height": h},
                                          color_scheme=scheme, locale="zh-CN")
                page = ctx.new_page()
                for name in names:
                    rel = PAGES[name]
                    search = rel.endswith("#search")
                    menu = rel.endswith("#menu")
                    rel = rel.removesuffix("#search").removesuffix("#menu")
                    if menu and w >= 1220:
                        continue
                    if not (site / rel).is_file():
                        continue
                    page.goto((site / rel).as_uri())
                    if search:
                        if w < 1220:
                            page.locator("label.md-header__button[for=__search]:visible").first.click()
                        else:
                            page.locator("[data-fp-search-input]").first.click()
                        page.keyboard.type("约谈", delay=30)
                        page.wait_for_timeout(800)
                    if menu:
                        page.locator("label.md-header__button[for=__drawer]").first.click()
                        page.wait_for_timeout(400)
                    page.wait_for_timeout(200)
                    page.screenshot(path=str(out / f"{name}-{size}-{scheme}.png"), full_page=full)
                ctx.close()
        browser.close()


if __name__ == "__main__":
    main()
