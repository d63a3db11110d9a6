"""The hostile requests the sweep sends, and how each answer is judged.

A probe changes one thing about a request the route would otherwise take (the authorization
table's target and FORMS, as the first kind of person the table allows): one parameter made
hostile, the body made too large or of the wrong type, an id in the path out of range. Expected:

    refuse    a 4xx (or the redirect back with an error flashed), and nothing in the database changed
    tolerate  anything below 500; if the database changed, the hostile value is not in it
    not found exactly 404 (ids in the path that cannot name anything)

and never a 500 or a traceback in the answer.
"""
from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

from tests.bad_input.inputs import TEXT, VALUE

REFUSE, TOLERATE, NOT_FOUND = "refuse", "tolerate", "404"
MB = 1_000_000            # a little under MAX_CONTENT_LENGTH (1 MiB) with the rest of the form
HUGE_BODY = 20 * 1024 * 1024
BIG_NUMBERS = ["9223372036854775808", "9223372036854775807", "2147483648", "1" + "0" * 40]
NOT_NUMBERS = ["-1", "0", "abc", "²", "٣", "1e3", " 1", "1.5", "0x10", ""]
PATH_IDS = ["9223372036854775808", "9223372036854775807", "2147483648", "99999999999999999999999",
            "-1", "0", "abc", "٣", "1e3"]


@dataclass(frozen=True)
class Probe:
    label: str
    method: str
    url: str
    body: bytes | None
    content_type: str | None
    expect: str
    hostile: str | None = None   # must not be stored when the request is tolerated


def _q(value: str) -> str:
    return quote(value, safe="")


def encode(pairs: list[tuple[str, str]], raw: str = "") -> bytes:
    """Form or query text; `raw` is appended as is (percent-escapes that are not UTF-8)."""
    text = "&".join(f"{_q(k)}={_q(v)}" for k, v in pairs)
    return (text + ("&" if text and raw else "") + raw).encode("ascii")


def multipart(pairs: list[tuple[str, str]], as_file: str | None = None) -> tuple[bytes, str]:
    boundary = "sweep-boundary-7f3a"
    parts = []
    for name, value in pairs:
        filename = '; filename="notes.txt"' if name == as_file else ""
        extra = "\r\nContent-Type: text/plain" if filename else ""
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"{filename}{extra}\r\n\r\n{value}\r\n')
    body = ("".join(parts) + f"--{boundary}--\r\n").encode()
    return body, f"multipart/form-data; boundary={boundary}"


def _hostile_values(kind: str) -> list[tuple[str, str | None, str, str | None]]:
    """(label, value, expectation, value that must not be stored); raw escapes go in as `%..`."""
    values = [
        ("NUL", "before\x00after", REFUSE if kind == TEXT else TOLERATE, "before\x00after"),
        # A long text is refused beside its field; a choice or flag may ignore it, never keep it.
        ("1 MB", "x" * MB, REFUSE if kind == TEXT else TOLERATE, "x" * MB),
        ("invalid UTF-8", "%FF%FEab", REFUSE, None),
        ("lone surrogate", "%ED%A0%80", REFUSE, None),
        ("overlong UTF-8", "%C0%AF", REFUSE, None),
        ("CR/LF", "/line\r\nSet-Cookie: x=1", TOLERATE, None),
        ("tab and slash", "/\t/evil.example", TOLERATE, None),
        ("missing", None, TOLERATE, None),
    ]
    if kind == VALUE:
        values += [(f"number {v!r}", v, TOLERATE, v) for v in BIG_NUMBERS]
        values += [(f"not a number {v!r}", v, TOLERATE, v if v not in ("", "0", " 1") else None) for v in NOT_NUMBERS]
    return values


def field_probes(method: str, url: str, form: dict[str, str], params: dict[str, str]) -> list[Probe]:
    """Each parameter made hostile in turn, the rest of the request as the route takes it."""
    probes = []
    for name, kind in params.items():
        in_query = name.startswith("?")
        key = name.lstrip("?")
        for label, value, expect, hostile in _hostile_values(kind):
            raw = value if value is not None and value.startswith("%") else ""
            pairs = [(k, v) for k, v in form.items() if in_query or k != key]
            query = []
            if in_query:
                if value is not None and not raw:
                    query = [(key, value)]
            elif value is not None and not raw:
                pairs.append((key, value))
            if in_query and label == "1 MB":
                expect = TOLERATE   # a long address is read, not stored
            q = encode(query, f"{_q(key)}={raw}" if in_query and raw else "").decode()
            body = encode(pairs, f"{_q(key)}={raw}" if raw and not in_query else "") if method == "POST" else None
            probes.append(Probe(f"{name} {label}", method, url + (f"?{q}" if q else ""), body,
                                "application/x-www-form-urlencoded" if body is not None else None,
                                expect, hostile))
        repeated = [*form.items(), (key, "second value")] if not in_query else list(form.items())
        q = encode([(key, "1"), (key, "second value")]).decode() if in_query else ""
        probes.append(Probe(f"{name} repeated", method, url + (f"?{q}" if q else ""),
                            encode(repeated) if method == "POST" else None,
                            "application/x-www-form-urlencoded" if method == "POST" else None, TOLERATE))
        if not in_query and method == "POST":
            body, content_type = multipart(list(form.items()) if key in form else [*form.items(), (key, "x")],
                                           as_file=key)
            probes.append(Probe(f"{name} sent as a file", method, url, body, content_type, REFUSE))
    return probes


def body_probes(url: str, form: dict[str, str]) -> list[Probe]:
    """The whole body too large, or not a form."""
    import json
    pairs = list(form.items())
    body, content_type = multipart(pairs)
    return [
        Probe("20 MB body", "POST", url, encode(pairs) + b"&pad=" + b"x" * HUGE_BODY,
              "application/x-www-form-urlencoded", REFUSE),
        Probe("JSON body", "POST", url, json.dumps(form).encode(), "application/json", REFUSE),
        Probe("text/plain body", "POST", url, encode(pairs), "text/plain", REFUSE),
        # With the token in the header, as /preview's script sends it: the body must still not be read.
        Probe("JSON body with the CSRF header", "POST", url,
              json.dumps({k: ([1, "\ud800"] if k != "csrf_token" else v) for k, v in form.items()}).encode(),
              "application/json", TOLERATE, "\ud800"),
        Probe("multipart body", "POST", url, body, content_type, REFUSE),
        Probe("multipart body, invalid UTF-8", "POST", url,
              body.replace(b"\r\n\r\n", b"\r\n\r\n\xff\xfe", 2), content_type, REFUSE),
        Probe("body of raw bytes", "POST", url, b"\xff\xfe\x00\x01" * 64, "application/x-www-form-urlencoded",
              REFUSE),
    ]


def address_probes(method: str, path: str, values: dict[str, object], form: dict[str, str]) -> list[Probe]:
    """Path arguments that cannot name anything, and query strings nobody's browser sends."""
    body = encode(list(form.items())) if method == "POST" else None
    content_type = "application/x-www-form-urlencoded" if body is not None else None
    probes = []

    def url(**override) -> str:
        out = path
        for name, value in {**values, **override}.items():
            out = out.replace(f"<{name}>", str(value))
        return out

    for name in values:
        if f"<{name}>" not in path:
            continue
        if name.endswith("_id"):
            probes += [Probe(f"path {name}={v}", method, url(**{name: _q(v)}), body, content_type, NOT_FOUND)
                       for v in PATH_IDS]
        else:
            probes += [Probe(f"path {name} with NUL", method, url(**{name: "a%00b"}), body, content_type, REFUSE),
                       Probe(f"path {name} invalid UTF-8", method, url(**{name: "a%FFb"}), body, content_type,
                             TOLERATE)]
    here = url()
    probes += [
        Probe("query invalid UTF-8", method, here + "?page=%FF%FE", body, content_type, REFUSE),
        Probe("query key invalid UTF-8", method, here + "?%FF=1", body, content_type, REFUSE),
        Probe("query lone surrogate", method, here + "?q=%ED%A0%80", body, content_type, REFUSE),
        Probe("query NUL", method, here + "?q=%00", body, content_type, REFUSE),
    ]
    return probes


__all__ = ["TEXT", "VALUE", "Probe", "field_probes", "body_probes", "address_probes"]
