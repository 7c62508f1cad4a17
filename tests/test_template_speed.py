"""Shared theme fragments (fireportal.mkdocs_plugin.fragments) change no page.

The theme renders the nav, the tabs, most of the header, the footer and the
head's and body's fixed scripts once per build and key instead of once per
page (overrides/main.html, `fp_fragment`).  A small portal (the repo's
site over generated sources) is rendered page by page through mkdocs' own
steps and the plugin's hooks, every page twice: with the plugin's
`fp_shared` and without it (the theme's fallback, as an engine without the
plugin renders it).  Every page must be byte-identical, in the portal's
configuration (the offline plugin: `doc/x.html`, pages in the nav sharing
folders with pages out of it) and with directory URLs (every document its
own folder).  Pages are rendered in mkdocs' order, which mixes folders and
puts pages in the nav after pages out of it in the same folder.

Pages rendered in forked workers carry markers for the fragments they
share (the build process puts the fragments back): expanded, they are the
same pages.

The same for Material's translations (`fp_translate`, read by
overrides/partials/language.html): once per build and key, or Material's
own macros for every word.

The comparison must be able to fail: a key that leaves out the link folder,
or that shares fragments with pages in the nav, makes pages differ.
"""

from __future__ import annotations

import gc
from pathlib import Path

import pytest
from mkdocs.commands.build import _populate_page, get_context
from mkdocs.config import load_config
from mkdocs.structure.files import InclusionLevel, get_files, set_exclusions
from mkdocs.structure.nav import get_navigation
from mkdocs.structure.pages import Page

from fireportal.mkdocs_plugin import fragments, parallel

from generated_project import REPO, generated_project


# -- the key, on plain objects ----------------------------------------------------------


class Item:
    def __init__(self, children=(), active=False):
        self.children = list(children)
        self.active = active


class Nav:
    def __init__(self, *items):
        self.items = list(items)


class FakePage(Item):
    def __init__(self, url, active=False):
        super().__init__(active=active)
        self.url = url
        self.previous_page = self.next_page = None


def test_link_base_is_the_folder_mkdocs_resolves_links_from():
    assert fragments.link_base("doc/a.html") == "doc"
    assert fragments.link_base("doc/a/") == "doc/a/"
    assert fragments.link_base("index.html") == ""
    assert fragments.link_base("") == ""
    assert fragments.link_base("years/2024/index.html") == "years/2024"


def test_pages_in_the_nav_or_with_an_active_item_share_nothing():
    listed = FakePage("years/index.html")
    nav = Nav(FakePage("index.html"), Item([listed]))
    assert fragments.page_key(listed, nav) is None
    outside = FakePage("years/2024.html")
    assert fragments.page_key(outside, nav) == "years"
    listed.active = True  # a page of the nav is being rendered
    assert fragments.page_key(outside, nav) is None
    listed.active = False
    outside.next_page = listed
    assert fragments.page_key(outside, nav) is None


def test_a_fragment_is_rendered_once_per_folder_and_value():
    store = fragments.Fragments()
    nav = Nav(FakePage("index.html"))
    calls = []

    def render(name, extra=None, page=None):
        def caller():
            calls.append((name, extra, page.url))
            return f"<{name} {extra} {page.url}>"
        return store.for_page(page, nav)(name, extra, caller=caller)

    a, b, c = FakePage("doc/a.html"), FakePage("doc/b.html"), FakePage("years/2024.html")
    assert render("nav", page=a) == "<nav None doc/a.html>"
    assert render("nav", page=b) == "<nav None doc/a.html>"  # same folder: shared
    assert render("nav", page=c) == "<nav None years/2024.html>"
    assert render("tabs", "years/index.md", page=a) == "<tabs years/index.md doc/a.html>"
    assert render("tabs", "units/index.md", page=b) == "<tabs units/index.md doc/b.html>"
    # Values equal in Python but printed apart are kept apart; lists and dicts are keys too.
    assert render("x", True, page=a) != render("x", 1, page=a)
    side = [{"title": "本文所属", "links": [{"label": "2017年", "here": True}]}]
    assert render("side", side, page=a) == render("side", [dict(d) for d in side], page=b)
    assert len(calls) == 7
    # A page of the nav renders every time.
    home = nav.items[0]
    render("nav", page=home)
    render("nav", page=home)
    assert len(calls) == 9


def test_the_store_is_bounded(monkeypatch):
    monkeypatch.setattr(fragments, "MAX_STORED", 3)
    store = fragments.Fragments()
    nav = Nav()
    for n in range(10):
        shared = store.for_page(FakePage(f"doc/{n}/"), nav)
        assert shared("nav", caller=lambda n=n: str(n)) == str(n)
    assert len(store._html) == 3


def test_first_page_of_each_folder():
    urls = ["index.html", "doc/a.html", "doc/b.html", "years/index.html", "doc/c/", "about.html", "units/x.html"]
    assert fragments.first_per_folder(urls, 8) == [0, 1, 3, 4, 6]
    assert fragments.first_per_folder(urls, 2) == [0, 1]


def test_workers_print_markers_handed_over_once():
    store = fragments.Fragments()
    nav = Nav(FakePage("index.html"))
    store.marking = True
    a, b, c = FakePage("doc/a.html"), FakePage("doc/b.html"), FakePage("doc/c.html")
    # The first page prints the fragment: no other page may ever share it.
    assert store.for_page(a, nav)("nav", caller=lambda: "<nav>a</nav>") == "<nav>a</nav>"
    assert store.take_unsent() == {}
    mark = store.for_page(b, nav)("nav", caller=lambda: "<nav>b</nav>")
    assert "<nav>" not in mark and mark.startswith("\x00")
    texts = store.take_unsent()
    assert list(texts.values()) == ["<nav>a</nav>"]
    assert store.for_page(c, nav)("nav", caller=lambda: "<nav>c</nav>") == mark  # shared: the same marker
    assert store.take_unsent() == {}
    # A page in the nav is rendered for itself, as without markers.
    assert store.for_page(nav.items[0], nav)("nav", caller=lambda: "<nav>home</nav>") == "<nav>home</nav>"
    page = f"<html>{mark}<main>\x00 text</main>{mark}</html>"
    assert store.expand(page) is None  # not received: the page is rendered again, never printed with a marker
    store.receive(texts)
    assert store.expand(page) == "<html><nav>a</nav><main>\x00 text</main><nav>a</nav></html>"
    # A fragment inside another holds the inner one's HTML, never its marker.
    inner = lambda: store.for_page(c, nav)("nav", caller=lambda: "<nav>c</nav>")  # noqa: E731
    outer = store.for_page(c, nav)("header", caller=lambda: f"<header>{inner()}</header>")
    assert outer == "<header><nav>a</nav></header>"
    # Another build's marker is text, not a fragment of this one.
    other = fragments.Fragments()
    assert other.expand(page) == page


# -- a real portal, rendered with and without sharing ---------------------------------------


def populate(root: Path, *, offline: bool):
    """mkdocs' build up to the page templates (mkdocs.commands.build.build), with the plugins' hooks."""
    text = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    assert "      per_page: 50\n" in text and "  - offline\n" in text
    # One process, no cache folder: the pages are rendered here, one by one.
    text = text.replace("      per_page: 50\n", "      per_page: 10\n      jobs: 1\n      cache_dir: ''\n")
    if not offline:
        text = text.replace("  - offline\n", "")
    config_file = root / f"mkdocs-{offline}.yml"
    config_file.write_text(text, encoding="utf-8")
    config = load_config(config_file=str(config_file))
    config.plugins.on_startup(command="build", dirty=False)
    config = config.plugins.on_config(config)
    files = get_files(config)
    env = config.theme.get_env()
    files.add_files_from_theme(env, config)
    files = config.plugins.on_files(files, config=config)
    gc.unfreeze()  # the plugin keeps its objects frozen until on_post_build, which is not run here
    set_exclusions(files, config)
    nav = get_navigation(files, config)
    for file in files.documentation_pages(inclusion=InclusionLevel.is_included):
        if file.page is None:
            Page(None, file, config)
        _populate_page(file.page, config, files)
    env = config.plugins.on_env(env, config=config, files=files)
    return config, files, nav, env


def render_all(site, *, share: bool, backwards: bool = False) -> dict[str, str]:
    config, files, nav, env = site
    config.plugins.on_env(env, config=config, files=files)  # a fresh store, as for a new build
    doc_files = files.documentation_pages(inclusion=InclusionLevel.is_included)
    pages = {}
    for file in reversed(doc_files) if backwards else doc_files:
        page = file.page
        page.active = True
        try:
            context = get_context(nav, doc_files, config, page)
            template = env.get_template(page.meta.get("template", "main.html"))
            context = config.plugins.on_page_context(context, page=page, config=config, nav=nav)
            assert "fp_shared" in context and "fp_translate" in context
            if not share:  # the theme alone, as an engine without the plugin renders it
                del context["fp_shared"], context["fp_translate"]
            pages[file.src_uri] = template.render(context)
        finally:
            page.active = False
    return pages


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    return generated_project(tmp_path_factory.mktemp("fragments"), 30, site=True)


@pytest.fixture(scope="module", params=[True, False], ids=["offline", "directory-urls"])
def site(request, project):
    return populate(project, offline=request.param)


def differing(a: dict[str, str], b: dict[str, str]) -> list[str]:
    assert sorted(a) == sorted(b)
    return [uri for uri in a if a[uri] != b[uri]]


def test_every_page_is_byte_identical_with_shared_fragments(site):
    alone = render_all(site, share=False)
    shared = render_all(site, share=True)
    assert len(alone) > 40
    assert not differing(alone, shared)
    # Whichever page fills the store first: the same.
    assert not differing(alone, render_all(site, share=True, backwards=True))


def test_the_portal_pages_really_share(site, monkeypatch):
    counts = {"rendered": 0, "pages": 0}
    real = fragments.Fragments.for_page

    def counting(self, page, nav):
        shared = real(self, page, nav)
        counts["pages"] += 1

        def wrapped(name, extra=None, *, caller):
            def count():
                counts["rendered"] += 1
                return caller()
            return shared(name, extra, caller=count)
        return wrapped

    monkeypatch.setattr(fragments.Fragments, "for_page", counting)
    render_all(site, share=True)
    config = site[0]
    # Eight fragments a page; with offline pages, a handful of folders.
    if not config.use_directory_urls:
        assert counts["rendered"] < counts["pages"] * 8 / 4, counts


def test_active_state_and_links_per_page(site):
    config, files, nav, env = site
    pages = render_all(site, share=True)
    ext = "/" if config.use_directory_urls else ".html"
    years = pages["years/index.md"]
    # The nav page: its own nav entry and its tab are marked.
    assert 'class="md-tabs__item md-tabs__item--active"' in years
    assert "md-nav__link md-nav__link--active" in years
    doc_uri = next(uri for uri in pages if uri.startswith("doc/"))
    doc = pages[doc_uri]
    # A document: its section's tab (fp_tab) is marked, no nav entry is.
    tab = doc.split('class="md-tabs__item md-tabs__item--active"', 1)[1].split("</li>", 1)[0]
    assert "years/" in tab
    nav_html = doc.split('data-md-level="0"', 1)[1].split("</nav>", 1)[0]
    assert "md-nav__link--active" not in nav_html
    # Links resolve from each page's own folder.
    home = pages["index.md"]
    if ext == ".html":
        assert 'href="years/index.html" class="md-nav__link"' in home
        assert 'href="../years/index.html" class="md-nav__link"' in doc
        assert 'href="index.html" class="md-nav__link' in years  # itself, from years/
    else:
        assert 'href="years/" class="md-nav__link"' in home
        assert 'href="../../years/" class="md-nav__link"' in doc


@pytest.mark.parametrize("wrong_key", ["ignores the folder", "shares with nav pages"])
def test_the_comparison_catches_a_wrong_key(site, monkeypatch, wrong_key):
    if wrong_key == "shares with nav pages" and site[0].use_directory_urls:
        pytest.skip("with directory URLs every page of the nav has a folder of its own")
    alone = render_all(site, share=False)
    real = fragments.page_key
    if wrong_key == "ignores the folder":
        monkeypatch.setattr(fragments, "page_key", lambda page, nav: None if real(page, nav) is None else "")
    else:
        monkeypatch.setattr(fragments, "page_key", lambda page, nav: fragments.link_base(page.url))
    assert differing(alone, render_all(site, share=True))


def test_translations_are_materials(site, monkeypatch):
    config, files, nav, env = site
    translate = fragments.translator(env, config.theme["language"])
    material = env.get_template("partials/languages/zh.html").module
    english = env.get_template("partials/languages/en.html").module
    keys = ["language", "direction", "toc", "top", "action.skip", "search.result.none", "no.such.key"]
    for key in keys:
        assert translate(key) == (material.t(key) or english.t(key) or key)
    assert translate("language") == "zh" and translate("no.such.key") == "no.such.key"


def test_pages_use_the_translations_and_a_wrong_one_shows(site, monkeypatch):
    alone = render_all(site, share=False)
    real = fragments.translator
    asked = []

    def wrong(env, language):
        translate = real(env, language)

        def ask(key):
            asked.append(key)
            return translate(key) + ("!" if key == "toc" else "")
        return ask

    monkeypatch.setattr(fragments, "translator", wrong)
    pages = render_all(site, share=True)
    assert "toc" in asked and "language" in asked
    assert differing(alone, pages)


def test_pages_from_workers_expand_to_the_pages_of_the_theme_alone(site):
    config, files, nav, env = site
    alone = render_all(site, share=False)
    config.plugins.on_env(env, config=config, files=files)  # a fresh store, as for a new build
    store = config.plugins["fireportal"]._fragments
    doc_files = files.documentation_pages(inclusion=InclusionLevel.is_included)
    rendered = parallel.render_templates([f.page for f in doc_files], config, nav, env, doc_files, 2, store)
    assert sorted(rendered) == sorted(alone) and not store.marking
    # The first page of each folder was rendered here, before the workers forked: its fragments are here.
    assert store._html
    for html, records, texts in rendered.values():
        store.receive(texts)
    marked = 0
    for uri, (html, records, texts) in rendered.items():
        text = parallel.html_of(html)
        marked += "\x00fp" in text
        assert store.expand(text) == alone[uri], uri
    if config.use_directory_urls:
        return  # every page its own folder: nothing shared, nothing marked
    assert marked > len(alone) / 2  # most pages share a folder: most carry markers
    # A fragment the build never received: the page is not printed from the worker's HTML.
    store._received.clear()
    assert any(store.expand(parallel.html_of(html)) is None for html, _, _ in rendered.values())
