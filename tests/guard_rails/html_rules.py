"""Judging what the app sends back the way a browser reads it: parsed by html5lib (the WHATWG
parsing algorithm, so foreign content and broken markup become the elements a browser would
build), JSON by the JSON parser, mail by the email parser.

Two regions of a page are held to different rules:
- user content (`.community-prose`): only what the cleaner in community/content.py allows —
  its elements, their attributes, links with http, https or mailto (or same-site paths), and
  our own mention links;
- everything else, the app's templates: only the elements and attributes the templates use,
  no event handler or inline style anywhere, scripts and stylesheets only from /static, links and
  form targets only to same-site paths. User text there is only ever text.
"""
from __future__ import annotations

import json
import re
from email.message import Message
from xml.etree.ElementTree import Element

import html5lib

PROSE_CLASS = "community-prose"
MENTION_CLASS = "community-mention"
PROSE_TAGS = frozenset({"p", "br", "em", "strong", "ul", "ol", "li", "blockquote", "code", "pre", "a",
                        "h3", "h4", "table", "thead", "tbody", "tr", "th", "td", "hr"})
PROSE_ATTRIBUTES = {"a": {"href", "title", "rel"}, "th": {"align"}, "td": {"align"}}
PROSE_SCHEMES = frozenset({"http", "https", "mailto"})
USER_LINK_REL = "nofollow noopener ugc"

APP_TAGS = PROSE_TAGS | {
    "html", "head", "title", "meta", "link", "script", "body", "header", "nav", "main", "footer",
    "div", "span", "h1", "h2", "form", "input", "button", "label", "select", "option", "textarea",
    "fieldset", "legend", "caption", "time", "dl", "dt", "dd", "datalist", "article", "section"}
# Charts the server draws (consultation results): an <svg class="community-chart"> and, inside it,
# these SVG elements and presentation attributes only; no <use>, <image>, <foreignObject>, links,
# styles or event handlers. Any other <svg> is still a problem.
CHART_CLASS = "community-chart"
SVG_TAGS = frozenset({"svg:svg", "svg:title", "svg:rect", "svg:text"})
SVG_ATTRIBUTES = frozenset({"viewBox", "width", "height", "x", "y", "fill", "font-size",
                            "preserveAspectRatio"})
APP_ATTRIBUTES = frozenset({
    "action", "autocomplete", "charset", "checked", "class", "content", "datetime", "for",
    "formaction", "hidden", "href", "id", "lang", "list", "maxlength", "method", "multiple", "name",
    "novalidate", "rel", "role", "rows", "scope", "selected", "spellcheck", "src", "title", "type",
    "value", "align"})
# Attributes whose value a browser loads or navigates to.
URL_ATTRIBUTES = frozenset({"href", "src", "action", "formaction", "data", "poster", "background",
                            "cite", "srcset", "ping", "manifest", "codebase", "longdesc", "lowsrc",
                            "dynsrc", "icon", "usemap", "classid", "archive", "xlink:href", "to",
                            "values", "from", "by"})
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")
_C0_OR_SPACE = "".join(map(chr, range(0x21)))
_MENTION_HREF = re.compile(r"^/members/\d+$")
MAIL_HEADERS = frozenset({"from", "to", "subject", "message-id", "content-type",
                          "content-transfer-encoding", "mime-version", "date"})


def parse(markup: str, fragment: bool = False) -> Element:
    if fragment:
        root = Element("#fragment")
        root.extend(html5lib.parseFragment(markup, treebuilder="etree", namespaceHTMLElements=False))
        return root
    return html5lib.parse(markup, treebuilder="etree", namespaceHTMLElements=False)


def _name(raw: str) -> str:
    """`{http://www.w3.org/1999/xlink}href` -> `xlink:href`; html5lib names foreign elements so."""
    if raw.startswith("{"):
        space, local = raw[1:].split("}", 1)
        prefix = {"http://www.w3.org/1999/xlink": "xlink", "http://www.w3.org/2000/svg": "svg",
                  "http://www.w3.org/1998/Math/MathML": "math"}.get(space, space)
        return f"{prefix}:{local}"
    return raw


def scheme_of(url: str) -> str | None:
    """The scheme a browser reads: it strips leading and trailing C0 controls and spaces, and
    removes tabs and newlines anywhere, before parsing (WHATWG URL)."""
    url = re.sub(r"[\t\n\r]", "", url).strip(_C0_OR_SPACE)
    match = _SCHEME.match(url)
    return match.group(1).lower() if match else None


def _off_site(url: str) -> bool:
    cleaned = re.sub(r"[\t\n\r]", "", url).strip(_C0_OR_SPACE).replace("\\", "/")
    return scheme_of(url) is not None or cleaned.startswith("//")


def _prose_problems(element: Element, where: str) -> list[str]:
    tag, problems = _name(element.tag), []
    if tag not in PROSE_TAGS:
        return [f"<{tag}> in user content ({where})"]
    attributes = {_name(k): v for k, v in element.attrib.items()}
    mention = tag == "a" and attributes.get("class") == MENTION_CLASS \
        and _MENTION_HREF.match(attributes.get("href", ""))
    for name, value in attributes.items():
        if name == "class" and mention:
            continue
        if name not in PROSE_ATTRIBUTES.get(tag, ()):
            problems.append(f"{name}={value[:60]!r} on <{tag}> in user content ({where})")
    if tag == "a":
        href = attributes.get("href", "")
        scheme = scheme_of(href)
        if scheme is not None and scheme not in PROSE_SCHEMES:
            problems.append(f"{scheme}: link {href[:80]!r} in user content ({where})")
        if not mention and attributes.get("rel") != USER_LINK_REL:
            problems.append(f"user link without rel={USER_LINK_REL!r}: {attributes} ({where})")
    return problems


def _is_chart(element: Element) -> bool:
    return _name(element.tag) == "svg:svg" and element.attrib.get("class") == CHART_CLASS


def _app_problems(element: Element, where: str, in_chart: bool = False) -> list[str]:
    tag, problems = _name(element.tag), []
    attributes = {_name(k): v for k, v in element.attrib.items()}
    chart_part = (in_chart and tag in SVG_TAGS - {"svg:svg"}) or _is_chart(element)
    if tag not in APP_TAGS and not chart_part:
        problems.append(f"<{tag}> outside user content ({where})")
    for name, value in attributes.items():
        if not (name in APP_ATTRIBUTES or name.startswith(("aria-", "data-"))
                or (chart_part and name in SVG_ATTRIBUTES)):
            problems.append(f"{name}={value[:60]!r} on <{tag}> ({where})")
        if name in URL_ATTRIBUTES and _off_site(value):
            problems.append(f"{name}={value[:80]!r} leaves the site, on <{tag}> ({where})")
    if tag == "script" and (not attributes.get("src", "").startswith("/static/") or (element.text or "").strip()):
        problems.append(f"script {attributes} {(element.text or '')[:60]!r} ({where})")
    if tag == "link" and not attributes.get("href", "").startswith("/static/"):
        problems.append(f"<link> to {attributes.get('href')!r} ({where})")
    if tag == "meta" and set(attributes) - {"charset", "name", "content"}:
        problems.append(f"<meta {attributes}> ({where})")
    if tag == "input" and attributes.get("name") == "next" and _off_site(attributes.get("value", "")):
        problems.append(f"next={attributes.get('value')!r} leaves the site ({where})")
    return problems


def _is_prose(element: Element) -> bool:
    return PROSE_CLASS in element.attrib.get("class", "").split()


def markup_problems(root: Element, where: str = "") -> list[str]:
    """Everything outside the rules above, for a parsed page or fragment."""
    problems: list[str] = []

    def walk(element: Element, in_prose: bool, in_chart: bool = False) -> None:
        for child in element:
            if not isinstance(child.tag, str):  # comments and processing instructions
                continue
            if in_prose:
                problems.extend(_prose_problems(child, where))
            else:
                problems.extend(_app_problems(child, where, in_chart))
            walk(child, in_prose or _is_prose(child), in_chart or (not in_prose and _is_chart(child)))

    if root.tag in ("html", "#fragment"):
        problems.extend([] if root.tag == "#fragment" else _app_problems(root, where))
    walk(root, False)
    return problems


def text_of(root: Element) -> str:
    """What a person reads, plus the values of fields and attributes that echo typed text,
    whitespace collapsed (a template's line breaks are not the person's)."""
    parts = [t for t in root.itertext()]
    for element in root.iter():
        if isinstance(element.tag, str):
            parts.extend(element.attrib.values())
    return " ".join(" ".join(parts).split())


def json_strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in json_strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in json_strings(v)]
    return []


def json_problems(response, prose_keys: tuple[str, ...] = (), where: str = "") -> tuple[list[str], str]:
    """A JSON answer: served as JSON (never sniffed as a page); values named in `prose_keys`
    hold user content as HTML (a preview) and are judged as such. Returns (problems, its text)."""
    problems = []
    if response.mimetype != "application/json":
        problems.append(f"answered {response.mimetype}, not application/json ({where})")
    if response.headers.get("X-Content-Type-Options") != "nosniff":
        problems.append(f"no X-Content-Type-Options: nosniff ({where})")
    data = json.loads(response.get_data(as_text=True))
    texts = []
    for key in prose_keys:
        if isinstance(data, dict) and key in data:
            root = parse(f'<div class="{PROSE_CLASS}">{data[key]}</div>', fragment=True)
            problems += markup_problems(root, f"{where} .{key}")
            texts.append(text_of(root))
    texts += json_strings(data)
    return problems, " ".join(" ".join(texts).split())


def mail_problems(message: Message, where: str = "") -> tuple[list[str], str]:
    """A mail: only the headers the app sets, each on one line; text parts as text, HTML parts
    judged like a page. Returns (problems, subject and text)."""
    problems = [f"unexpected header {name!r} ({where})" for name in message.keys()
                if name.lower() not in MAIL_HEADERS]
    problems += [f"line break in {name} ({where})" for name, value in message.items()
                 if "\n" in str(value).replace("\n ", "").replace("\n\t", "")]
    texts = [str(message.get("Subject", ""))]
    for part in message.walk():
        if part.is_multipart():
            continue
        body = part.get_payload(decode=True).decode(part.get_content_charset() or "utf-8")
        if part.get_content_type() == "text/plain":
            texts.append(body)
        elif part.get_content_type() == "text/html":
            root = parse(body)
            problems += markup_problems(root, f"{where} html part")
            texts.append(text_of(root))
        else:
            problems.append(f"a {part.get_content_type()} part ({where})")
    return problems, " ".join(" ".join(texts).split())
