"""The XSS table: hostile text posted as a thread and as a comment through the real views never
comes back as executable markup — not in the stored HTML, not on the thread page, not in the
live broadcast of the comment.

Each check parses HTML with html.parser and judges it the way a browser would: which elements
and attributes exist, and what scheme each link's address has once the browser has stripped
the whitespace and control characters it ignores.
"""
from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from sqlalchemy import select

from community.content import render_markdown
from community.extensions import db, socketio
from community.threads.models import Post
from tests.factories import make_space
from tests.support import Page, add_member, in_app, signed_in

# What user content may contain (the allowlist), and the attributes each may carry.
ALLOWED = {"p": set(), "br": set(), "em": set(), "strong": set(), "ul": set(), "ol": set(),
           "li": set(), "blockquote": set(), "code": set(), "pre": set(), "h3": set(), "h4": set(),
           "table": set(), "thead": set(), "tbody": set(), "tr": set(), "th": {"align"},
           "td": {"align"}, "hr": set(), "a": {"href", "title", "rel", "class"}}
NEVER = {"script", "iframe", "object", "embed", "svg", "math", "style", "form", "base", "meta",
         "img", "link", "frame", "frameset", "applet", "input", "button", "textarea", "select",
         "video", "audio", "source", "template", "details", "marquee", "body", "html", "xmp"}
SAFE_SCHEMES = {"http", "https", "mailto"}
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+\-.]*):")

PAYLOADS = [
    # script tags
    ("script", "<script>alert(1)</script>"),
    ("script-src", "<SCRIPT SRC=//evil.example/x.js></SCRIPT>"),
    ("script-mixed-case", "<ScRiPt>alert(1)</sCrIpT>"),
    ("script-slash", '<script/xss src="//evil.example/x.js"></script>'),
    ("script-nested-lt", "<<script>alert(1)//<</script>"),
    ("script-unclosed", "<script>alert(1)"),
    ("script-split", "<scr<script>ipt>alert(1)</scr</script>ipt>"),
    ("script-after-close-p", "</p><script>alert(1)</script><p>"),
    ("script-in-heading", "# <script>alert(1)</script>"),
    ("script-in-code-span", "`<script>alert(1)</script>`"),
    ("fence-info-injection", '```"><script>alert(1)</script>\ncode\n```'),
    # event handlers
    ("img-onerror", "<img src=x onerror=alert(1)>"),
    ("body-onload", "<body onload=alert(1)>"),
    ("div-onmouseover", '<div onmouseover="alert(1)">hover</div>'),
    ("p-onclick", "<p onclick=alert(1)>click</p>"),
    ("a-onclick", '<a href="https://example.org" onclick="alert(1)">x</a>'),
    ("input-autofocus", "<input autofocus onfocus=alert(1)>"),
    ("details-ontoggle", "<details open ontoggle=alert(1)>x</details>"),
    ("source-onerror", '<video><source onerror="alert(1)"></video>'),
    ("marquee-onstart", "<marquee onstart=alert(1)>x</marquee>"),
    # javascript:, data:, vbscript: addresses
    ("md-javascript", "[x](javascript:alert(1))"),
    ("md-javascript-mixed-case", "[x](JaVaScRiPt:alert(1))"),
    ("md-javascript-spaces", "[x](  javascript:alert(1)  )"),
    ("md-javascript-angle", "[x](<javascript:alert(1)>)"),
    ("md-javascript-comment", "[x](javascript://%0Aalert(1))"),
    ("md-data-html", "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)"),
    ("md-vbscript", "[x](vbscript:msgbox(1))"),
    ("md-file", "[x](file:///etc/passwd)"),
    ("raw-a-javascript", '<a href="javascript:alert(1)">x</a>'),
    ("raw-a-control-chars", '<a href=" &#14;  javascript:alert(1)">x</a>'),
    # entity- and URL-encoded
    ("md-entity-j", "[x](&#106;avascript:alert(1))"),
    ("md-entity-colon", "[x](javascript&colon;alert(1))"),
    ("md-entity-colon-decimal", "[x](javascript&#58;alert(1))"),
    ("md-entity-colon-padded", "[x](javascript&#0000058alert(1))"),
    ("md-entity-all-hex", "[x](&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;alert(1))"),
    ("md-entity-tab", "[x](java&#x09;script:alert(1))"),
    ("md-entity-newline", "[x](jav&#x0A;ascript:alert(1))"),
    ("md-url-encoded-j", "[x](%6Aavascript:alert(1))"),
    ("entities-as-text", "&lt;script&gt;alert(1)&lt;/script&gt;"),
    ("decimal-entities-as-text", "&#60;script&#62;alert(1)&#60;/script&#62;"),
    ("url-encoded-as-text", "%3Cscript%3Ealert(1)%3C/script%3E"),
    # Markdown link, image, autolink and reference tricks
    ("autolink-javascript", "<javascript:alert(1)>"),
    ("autolink-quote-break", '<https://example.org/"onmouseover="alert(1)>'),
    ("autolink-mailto", "<mailto:x@example.org?subject=<script>alert(1)</script>>"),
    ("reference-javascript", "[click][x]\n\n[x]: javascript:alert(1)"),
    ("reference-data", "[click][ref]\n\n[ref]: data:text/html,<script>alert(1)</script>"),
    ("image", "![pic](https://example.org/x.png)"),
    ("image-javascript", "![x](javascript:alert(1))"),
    ("image-svg-data", "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)"),
    ("image-in-link", "[![x](https://example.org/x.png)](javascript:alert(1))"),
    ("title-attribute-break", '[x](https://example.org "t\\" onmouseover=\\"alert(1)")'),
    ("title-single-quote-break", "[x](https://example.org 'a\" onclick=\"alert(1)')"),
    ("href-quote-break", '[x](https://example.org/"onclick=alert(1)//)'),
    ("linkify-quote-break", 'http://example.org/?q="><script>alert(1)</script>'),
    ("linkify-www-tag", "www.example.org/<script>alert(1)</script>"),
    ("table-cells", "| a | b |\n|---|---|\n| <script>alert(1)</script> | [x](javascript:alert(1)) |"),
    ("mention-label-script", "@[<script>alert(1)</script>](1)"),
    ("mention-label-quote", '@[x" onmouseover="alert(1)](1)'),
    # SVG and MathML
    ("svg-onload", "<svg onload=alert(1)>"),
    ("svg-script", "<svg><script>alert(1)</script></svg>"),
    ("svg-xlink", '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>'),
    ("mathml-mxss", "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>"),
    ("math-href", '<math href="javascript:alert(1)">x</math>'),
    # HTML comments
    ("comment-script", "<!--<script>alert(1)</script>-->"),
    ("comment-break", "<!--><img src=x onerror=alert(1)>-->"),
    ("bogus-comment", '<! foo="><script>alert(1)</script>">'),
    ("comment-after-link", "[x](https://example.org)<!-- --><script>alert(1)</script>"),
    # style, iframe, object, embed, form, meta, base, link
    ("style-tag", "<style>body{background:url(javascript:alert(1))}</style>"),
    ("style-attribute", '<p style="background:url(javascript:alert(1))">x</p>'),
    ("iframe-javascript", '<iframe src="javascript:alert(1)"></iframe>'),
    ("iframe-srcdoc", '<iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;"></iframe>'),
    ("object-data", '<object data="javascript:alert(1)"></object>'),
    ("embed-src", '<embed src="javascript:alert(1)">'),
    ("form-action", '<form action="javascript:alert(1)"><button>go</button></form>'),
    ("meta-refresh", '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">'),
    ("base-href", '<base href="javascript:alert(1)//">'),
    ("link-stylesheet", "<link rel=stylesheet href=javascript:alert(1)>"),
    # broken and unclosed markup
    ("unclosed-attribute", '<img src="x onerror=alert(1)//'),
    ("unclosed-href", '<a href="https://example.org>x</a> <b onmouseover=alert(1)>y</b>'),
    ("table-script", "<table><tr><td><script>alert(1)</script></td></tr></table>"),
    ("half-tag", "<a href=javascript:alert(1)"),
    # unicode tricks
    ("fullwidth-scheme", "[x](ｊａｖａｓｃｒｉｐｔ:alert(1))"),
    ("zero-width-in-scheme", "[x](java\u200bscript:alert(1))"),
    ("rtl-override", "[x](\u202ejavascript:alert(1))"),
    ("fullwidth-angle-brackets", "＜script＞alert(1)＜/script＞"),
    ("dotless-i", "<scrıpt>alert(1)</scrıpt>"),
    ("escaped-unicode-as-text", "\\u003cscript\\u003ealert(1)\\u003c/script\\u003e"),
]


@pytest.fixture
def app_config():
    return {"NEW_MEMBER_POSTS_PER_HOUR": 0, "POSTS_PER_HOUR": 0}


def test_the_table_is_big_enough_and_has_no_repeats():
    assert len(PAYLOADS) + len(CONTROL_PAYLOADS) >= 50 and len(PAYLOADS) >= 50
    assert len({name for name, _ in PAYLOADS}) == len(PAYLOADS)
    assert len({payload for _, payload in PAYLOADS}) == len(PAYLOADS)


class _Elements(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, {name: value or "" for name, value in attrs}))

    handle_startendtag = handle_starttag


def elements(html: str) -> list[tuple[str, dict[str, str]]]:
    parser = _Elements()
    parser.feed(html)
    parser.close()
    return parser.found


def scheme_of(url: str) -> str | None:
    """The scheme a browser would see: it strips leading/trailing C0 controls and spaces, and
    removes tabs and newlines anywhere, before parsing (WHATWG URL)."""
    url = re.sub(r"[\t\n\r]", "", url).strip("".join(map(chr, range(0x21))))
    match = _SCHEME.match(url)
    return match.group(1).lower() if match else None


def problems_in_user_content(found: list[tuple[str, dict[str, str]]]) -> list[str]:
    problems = []
    for tag, attrs in found:
        if tag in NEVER or tag not in ALLOWED:
            problems.append(f"<{tag}> element")
            continue
        for name, value in attrs.items():
            if name.startswith("on"):
                problems.append(f"{name} handler on <{tag}>")
            elif name not in ALLOWED[tag]:
                problems.append(f"{name} attribute on <{tag}>")
            elif name == "class" and value != "community-mention":
                problems.append(f"class {value!r} on <{tag}>")
        if tag == "a":
            scheme = scheme_of(attrs.get("href", ""))
            if scheme is not None and scheme not in SAFE_SCHEMES:
                problems.append(f"{scheme}: link {attrs.get('href')!r}")
            if attrs.get("rel") not in (None, "nofollow noopener ugc") and attrs.get("class") != "community-mention":
                problems.append(f"rel {attrs.get('rel')!r}")
    return problems


def problems_on_page(page: Page) -> list[str]:
    """The whole page: user content is held to the allowlist; around it, nothing runs inline."""
    problems = []
    for prose in page.all(cls="community-prose"):
        problems += problems_in_user_content([(e.tag, e.attrs) for e in prose.iter()])
    for element in page.root.iter():
        for name in element.attrs:
            if name.startswith("on"):
                problems.append(f"{name} handler on <{element.tag}> outside user content")
        if element.tag == "script" and (not element.attrs.get("src", "").startswith("/static/")
                                        or element.text.strip()):
            problems.append(f"script {element.attrs} {element.text[:40]!r}")
        if element.tag in {"iframe", "object", "embed", "svg", "math", "style", "base", "img"}:
            problems.append(f"<{element.tag}> on the page")
        if element.tag == "a" and scheme_of(element.attrs.get("href", "")) not in (None, *SAFE_SCHEMES):
            problems.append(f"link {element.attrs.get('href')!r} on the page")
        if element.tag == "form" and not element.attrs.get("action", "/").startswith("/"):
            problems.append(f"form posting to {element.attrs.get('action')!r}")
    for heading in page.all("h1"):
        if any(True for _ in heading.iter()):
            problems.append("markup inside the thread's title")
    return problems


def _stored(app, thread_id: int) -> list[Post]:
    with in_app(app):
        posts = db.session.scalars(select(Post).where(Post.thread_id == thread_id)
                                   .order_by(Post.number)).all()
        for post in posts:
            db.session.expunge(post)
        return posts


@pytest.mark.parametrize("name, payload", PAYLOADS, ids=[name for name, _ in PAYLOADS])
def test_hostile_text_never_comes_back_as_executable_markup(app, client, name, payload):
    with in_app(app):
        make_space()
    writer = add_member(app, name="Wren Writer")
    signed_in(client, writer)
    token = client.csrf_token()

    started = client.post("/threads/new", data={"title": payload[:200], "body": payload,
                                                "space": "quality-improvement", "csrf_token": token})
    assert started.status_code == 302, started.get_data(as_text=True)[:300]
    thread_url = started.headers["Location"]
    thread_id = int(re.search(r"/threads/(\d+)", thread_url).group(1))

    live = socketio.test_client(app, namespace="/threads", flask_test_client=client)
    assert live.emit("join", {"thread": thread_id}, namespace="/threads", callback=True)["ok"]
    commented = client.post(f"/threads/{thread_id}/comments", data={"body": payload, "csrf_token": token})
    assert commented.status_code == 302

    opening, comment = _stored(app, thread_id)
    for post in (opening, comment):
        assert post.body_source.strip(), "the text was kept as typed"
        assert problems_in_user_content(elements(post.body_html)) == [], post.body_html

    page = Page(client.get(f"/threads/{thread_id}"))
    assert page.status == 200
    assert len(page.all(cls="community-prose")) == 2
    assert problems_on_page(page) == []

    [broadcast] = [e["args"][0] for e in live.get_received("/threads") if e["name"] == "comment"]
    assert problems_in_user_content(elements(broadcast["html"].split('class="community-prose">', 1)[1]
                                             .split("</div>", 1)[0])) == []
    live_page = Page(_Response(broadcast["html"]))
    assert [p for p in problems_on_page(live_page) if "script" in p or "handler" in p] == []


# Control characters: the form refuses them outright; were one to reach the renderer, it is
# stripped before Markdown sees it, so the address is judged without it.
CONTROL_PAYLOADS = [
    ("control-char-in-scheme", "[x](\x01javascript:alert(1))"),
    ("nul-in-scheme", "[x](javascript\x00:alert(1))"),
    ("escape-before-scheme", "[x](\x1bjavascript:alert(1))"),
]


@pytest.mark.parametrize("name, payload", CONTROL_PAYLOADS, ids=[n for n, _ in CONTROL_PAYLOADS])
def test_control_characters_are_refused_by_the_form_and_stripped_by_the_renderer(app, client, name,
                                                                                 payload):
    with in_app(app):
        make_space()
    signed_in(client, add_member(app))
    response = client.post_form("/threads/new", {"title": "Control", "body": payload,
                                                 "space": "quality-improvement"})
    assert response.status_code == 422
    assert "Remove the unusual characters from this field" in Page(response).error_summary
    with in_app(app):
        assert db.session.scalar(select(Post.id)) is None
    assert problems_in_user_content(elements(render_markdown(payload))) == []


class _Response:
    """Lets the page reader parse a fragment."""

    status_code = 200

    def __init__(self, html: str):
        self._html = html

    def get_data(self, as_text: bool = False):
        return self._html


@pytest.mark.parametrize("html, expected", [
    ('<script>x</script>', ["<script> element"]),
    ('<p onclick="x">y</p>', ["onclick handler on <p>"]),
    ('<a href=" java\tscript:alert(1)">x</a>', ["javascript: link ' java\\tscript:alert(1)'"]),
    ('<a href="\x01javascript:alert(1)" rel="nofollow noopener ugc">x</a>',
     ["javascript: link '\\x01javascript:alert(1)'"]),
    ('<a href="DATA:text/html,x" rel="nofollow noopener ugc">x</a>', ["data: link 'DATA:text/html,x'"]),
    ('<img src="x">', ["<img> element"]),
    ('<p style="color:red">x</p>', ["style attribute on <p>"]),
    ('<a href="https://example.org" rel="nofollow noopener ugc">x</a><a href="#top">y</a>', []),
])
def test_the_checks_themselves_catch_what_they_should(html, expected):
    assert problems_in_user_content(elements(html)) == expected
