"""Script and event-handler payloads in a chapter or case file are removed on render."""
import pytest

from app.content.rendering import render_markdown
from tests.content.tree import CASE, CHAPTER_ONE

PAYLOADS = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    '<a href="javascript:alert(1)">点我</a>',
    "[点我](javascript:alert(1))",
    '<svg onload="alert(1)"><circle r="5"/></svg>',
    '<iframe src="https://evil.example"></iframe>',
    '<div style="background:url(javascript:alert(1))">x</div>',
    '<p onclick="alert(1)">段落</p>',
    '[数据](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
    '<object data="x.swf"></object>',
    "## 标题 {#x onclick=alert(1)}",
    '<form action="https://evil.example"><input name=a></form>',
]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_payload_is_inert(payload):
    html = str(render_markdown("正文\n\n" + payload + "\n\n结尾"))
    lowered = html.lower()
    for bad in ("<script", "onerror", "onload", "onclick", "javascript:", "<iframe", "<svg", "style=", "<object",
                "<form", "data:text"):
        assert bad not in lowered, (payload, html)


@pytest.mark.parametrize("payload", [p for p in PAYLOADS if p.startswith("<")])
def test_payload_in_synced_chapter_and_case_pages(client, login_as, app, tmp_path, payload):
    from app.content.sync import sync_content
    from tests.content.tree import write_tree

    content, cases = write_tree(tmp_path, **{
        "chapters/01-alpha.md": CHAPTER_ONE.replace("最基本的特性。", "最基本的特性。\n\n" + payload),
        "../cases/card.md": CASE.replace("吞了客户的卡。", "吞了客户的卡。\n\n" + payload)})
    sync_content(content, cases)
    login_as()
    for url in ("/chapters/alpha", "/cases/card"):
        body = client.get(url).get_data(as_text=True).lower()
        assert "alert(1)" not in body and "evil.example" not in body, url


def test_markdown_link_to_javascript_stops_the_sync(app, tmp_path):
    from app.content.sync import sync_content
    from app.problems import ProblemsFound
    from tests.content.tree import write_tree

    content, cases = write_tree(tmp_path, **{"chapters/01-alpha.md": CHAPTER_ONE.replace("最基本的特性。", "[点我](javascript:alert(1))")})
    with pytest.raises(ProblemsFound, match="链接只能指向"):
        sync_content(content, cases)
