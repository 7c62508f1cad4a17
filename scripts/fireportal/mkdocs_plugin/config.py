"""Options of the fireportal mkdocs plugin (`plugins: - fireportal:` in mkdocs.yml)."""

from __future__ import annotations

from urllib.parse import urlsplit

from mkdocs.config.base import Config
from mkdocs.config.config_options import Optional, Type


class FirePortalConfig(Config):
    enabled = Type(bool, default=True)

    # Settings for sources: paths are relative to mkdocs.yml.
    sources = Type(str, default="sources")
    # Stop the build on error-level problems even without --strict, for
    # deployments that must never publish a half-converted document.
    strict_sources = Type(bool, default=False)

    # Settings for the taxonomy: unset means taxonomy.yml next to mkdocs.yml
    # when it exists, else only the packaged default.
    taxonomy = Optional(Type(str))

    # Settings for listing pages
    per_page = Type(int, default=50)

    # Settings for conversion speed: the persistent ingest cache's folder,
    # relative to mkdocs.yml (unset: .cache/fireportal; "" switches it off),
    # and how many processes convert sources and render pages (unset: every
    # core; 1: all in the build process).
    cache_dir = Optional(Type(str))
    jobs = Optional(Type(int))


# The portal's identity, set under `extra: fireportal: footer:` in mkdocs.yml
# (under `extra` because the theme prints it; an engine that runs no mkdocs
# plugins still reads `extra`).  Checked here, shown by
# overrides/partials/fireportal-footer.html; each is shown only when set.
FOOTER_FIELDS = (
    "主办单位", "承办单位", "联系电话", "电子邮箱", "地址",
    "ICP备案号", "ICP备案链接", "公安备案号", "公安备案链接", "网站标识码",
)
FOOTER_LINKS = ("ICP备案链接", "公安备案链接")
# A site published for real must say who runs it.
FOOTER_REQUIRED = ("主办单位", "网站标识码")
_EXAMPLE_HOSTS = ("example.org", "example.com", "example.net", "localhost", "127.0.0.1")


def is_production(site_url: str) -> bool:
    """A real deployment: site_url names a host that is not an example or local one."""
    host = (urlsplit(site_url).hostname or "").lower()
    return bool(host) and not any(host == h or host.endswith("." + h) for h in _EXAMPLE_HOSTS)


def check_identity(extra: object, *, site_url: str) -> list[str]:
    """Problems with `extra.fireportal` (ValueError for a wrong shape or name,
    warnings as a list for a production site lacking required fields)."""
    if extra is None:
        extra = {}
    if not isinstance(extra, dict):
        raise ValueError("`extra: fireportal:` in mkdocs.yml must be a mapping (footer: …).")
    unknown = set(extra) - {"footer"}
    if unknown:
        raise ValueError(
            f"`extra: fireportal:` has unknown key(s) {', '.join(sorted(map(str, unknown)))}.\n"
            f"Only `footer:` is read; check the spelling."
        )
    footer = extra.get("footer") or {}
    if not isinstance(footer, dict):
        raise ValueError("`extra: fireportal: footer:` in mkdocs.yml must be a mapping of 名称: 值.")
    for key, value in footer.items():
        if key not in FOOTER_FIELDS:
            raise ValueError(
                f"`extra: fireportal: footer:` 不认识 {key!r}。\n"
                f"可用的名称：{'、'.join(FOOTER_FIELDS)}。"
            )
        if value is not None and not isinstance(value, str):
            raise ValueError(f"`extra: fireportal: footer: {key}` 应是一行文字，现在是 {value!r}。")
        if key in FOOTER_LINKS and value and not str(value).startswith(("https://", "http://")):
            raise ValueError(f"`extra: fireportal: footer: {key}` 应是以 https:// 开头的网址，现在是 {value!r}。")
    warnings = []
    if is_production(site_url):
        missing = [k for k in FOOTER_REQUIRED if not footer.get(k)]
        if missing:
            warnings.append(
                f"正式站点（site_url {site_url}）的页脚缺少 {'、'.join(missing)}：\n"
                f"请在 mkdocs.yml 的 extra: fireportal: footer: 下填写。"
            )
        examples = [k for k, v in footer.items() if v and "示例" in str(v)]
        if examples:
            warnings.append(
                f"正式站点（site_url {site_url}）的页脚仍是示例值：{'、'.join(examples)}。\n"
                f"请在 mkdocs.yml 的 extra: fireportal: footer: 下换成本单位的真实信息。"
            )
    return warnings
