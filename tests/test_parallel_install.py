"""What the build process does with a worker's result (fireportal.mkdocs_plugin.parallel.install_markdown).

tests/test_parallel_render.py shows whole sites come out the same; this
shows the shortcut is taken (the front matter is not read again) and is
left when the page's text is no longer what the worker read.
"""

from __future__ import annotations

import pytest
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.utils import meta as mkdocs_meta

from fireportal.mkdocs_plugin import parallel

TEXT = "---\ntitle: 标题\nfp_side:\n- label: 2024年\n---\n\n# 标题\n\n正文。\n"


@pytest.fixture
def config(tmp_path):
    config = MkDocsConfig()
    config.load_dict({"site_name": "测试", "docs_dir": str(tmp_path / "docs"), "site_dir": str(tmp_path / "site")})
    (tmp_path / "docs").mkdir()
    errors, _ = config.validate()
    assert not errors
    config.plugins._current_plugin = None  # set by mkdocs while a plugin's event runs
    return config


def worker_result(config, text: str) -> tuple[parallel.Rendered, Files]:
    """What a worker returns for a page of this text, made the way _markdown_task makes it."""
    file = File.generated(config, "a.md", content=text)
    files = Files([file])
    page = Page(None, file, config)
    parallel._JOB = ([page], config, files)
    parallel._Collect.current = parallel._Collect()
    try:
        return parallel._markdown_task(range(1))["a.md"], files
    finally:
        parallel._JOB = None


def fresh_page(config, text: str) -> tuple[Page, Files]:
    file = File.generated(config, "a.md", content=text)
    return Page(None, file, config), Files([file])


def test_the_front_matter_is_not_read_again(config, monkeypatch):
    rendered, _ = worker_result(config, TEXT)
    page, files = fresh_page(config, TEXT)
    parallel.install_markdown(page, rendered, files)

    def no_yaml(doc):
        raise AssertionError("the front matter was parsed again")

    monkeypatch.setattr(mkdocs_meta, "get_data", no_yaml)
    page.read_source(config)
    assert page.meta == {"title": "标题", "fp_side": [{"label": "2024年"}]}
    assert page.markdown == "# 标题\n\n正文。\n"
    page.render(config, files)
    assert "正文。" in page.content
    assert "read_source" not in vars(page) and "render" not in vars(page)  # back to mkdocs' own


def test_a_page_whose_text_changed_is_read_and_rendered_by_mkdocs(config):
    rendered, _ = worker_result(config, TEXT)
    changed = TEXT.replace("正文。", "改过的正文。")
    page, files = fresh_page(config, changed)
    parallel.install_markdown(page, rendered, files)
    page.read_source(config)
    assert page.markdown == "# 标题\n\n改过的正文。\n"
    page.render(config, files)
    assert "改过的正文。" in page.content


def test_the_meta_a_plugin_changes_later_is_not_what_the_worker_hands_over(config):
    class ChangesMeta:
        def on_page_markdown(self, markdown, page, config, files):
            page.meta["added"] = True
            return markdown

    config.plugins["changes-meta"] = ChangesMeta()
    rendered, _ = worker_result(config, TEXT)
    assert "added" not in rendered.meta
