"""Typing the corpus into registered fields and reading every place that shows it.

Payloads are packed: as many as a field holds go into one value (one line joined by spaces,
Markdown and long text by blank lines, topics by commas), each field of a form carrying its own
part of the corpus in the same submission. A submission the app refuses (4xx) has its page read
(it shows the text back beside the error), then is tried again field by field and half by half,
so one payload the field refuses does not hide the others. Payloads that cannot fit a field on
their own (too long, or with characters the forms refuse) are typed alone.
"""
from __future__ import annotations

import os
import re
from collections import Counter
from dataclasses import dataclass, field

from community.content import clean_text
from tests.guard_rails import html_rules
from tests.guard_rails.places import Place, Reading
from tests.guard_rails.text_fields import LINE, MARKDOWN, TAGS, TEXT, TextField, collapse
from tests.guard_rails.text_world import World
from tests.guard_rails.xss_corpus import CORPUS, ESSENTIAL, SAMPLE, Payload

FULL = os.environ.get("GUARD_RAILS_FULL") == "1"
_REFUSED_BY_FORMS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_MARGIN = 8  # normalising can lengthen text a little (NFC); stay clear of the limit


@dataclass
class Outcome:
    stored: Counter = field(default_factory=Counter)
    refused: Counter = field(default_factory=Counter)
    submissions: int = 0
    readings: int = 0
    problems: list[str] = field(default_factory=list)


def _joined(kind: str, texts: list[str]) -> str:
    return {LINE: " ", TAGS: ", "}.get(kind, "\n\n").join(texts)


def _fits(f: TextField, texts: list[str]) -> bool:
    value = _joined(f.kind, texts)
    if len(value) > f.max_length - _MARGIN or len(collapse(clean_text(value))) > f.max_length - _MARGIN:
        return False
    if f.form is not None and _REFUSED_BY_FORMS.search(value):
        return False
    if f.kind == TAGS:
        tags = [collapse(part).lower() for part in re.split(r"[,;]", clean_text(value)) if part.strip()]
        return len(tags) <= f.max_tags and all(len(t) <= 40 for t in tags)
    return bool(collapse(clean_text(value)))


def pack(f: TextField) -> tuple[list[list[Payload]], list[Payload]]:
    """(packs that fit the field, payloads that must be typed alone); essential ones first."""
    if f.essential_only:
        corpus = ESSENTIAL
    elif FULL or f.kind in (MARKDOWN, TEXT):
        corpus = [*ESSENTIAL, *(p for p in CORPUS if not p.essential)]
    else:
        corpus = SAMPLE
    packs: list[list[Payload]] = []
    alone: list[Payload] = []
    for payload in corpus:
        if f.refused_by_redirect and _REFUSED_BY_FORMS.search(payload.text):
            continue
        if not _fits(f, [payload.text]):
            alone.append(payload)
        elif packs and _fits(f, [p.text for p in packs[-1]] + [payload.text]):
            packs[-1].append(payload)
        else:
            packs.append([payload])
    return packs, alone


class Run:
    """One form's fields (those sharing a submit function) in one world."""

    def __init__(self, world: World, fields: list[TextField]):
        self.world, self.fields, self.outcome = world, fields, Outcome()

    def all(self) -> Outcome:
        packed = {f: pack(f) for f in self.fields}
        for i in range(max(len(packs) for packs, _ in packed.values())):
            self.attempt({f: packs[i] for f, (packs, _) in packed.items() if i < len(packs)})
        # Typed alone, but each field of the form its own at once: the refusal names the fields.
        for i in range(max(len(alone) for _, alone in packed.values())):
            self.attempt({f: [alone[i]] for f, (_, alone) in packed.items() if i < len(alone)})
        return self.outcome

    def attempt(self, packs: dict[TextField, list[Payload]]) -> None:
        values = {f.field: _joined(f.kind, [p.text for p in pack]) for f, pack in packs.items()}
        names = ", ".join(dict.fromkeys(p.name for pack in packs.values() for p in pack))
        before = self.world.mail_files()
        response, target = self.fields[0].submit(self.world, values)
        target.update(_mail_before=before, _values=values)
        self.outcome.submissions += 1
        status = response.status_code
        if status >= 500:
            self.outcome.problems.append(f"{status} for {values!r} [{names}]")
            return
        readings = self._answer(response, packs, values)
        if status >= 400:
            self._check(readings, packs, names)
            self._retry(packs, self._in_error(response, packs))
            return
        for f, pack in packs.items():
            self.outcome.stored[f.key] += len(pack)
        if not all(v.isascii() for v in values.values()):
            self._again(values, names)
        full = FULL or any(p.essential for pack in packs.values() for p in pack)
        readings += self._places(packs, target, full)
        self._check(readings, packs, names)

    def _again(self, values: dict[str, str], names: str) -> None:
        """Saving the same text again (a profile saved twice, a second person naming the same
        organisation) must work too: the database may compare text unlike Python does."""
        response, _ = self.fields[0].submit(self.world, values)
        self.outcome.submissions += 1
        if response.status_code >= 400:
            self.outcome.problems.append(f"{response.status_code} when the same text was sent again [{names}]")

    def _answer(self, response, packs, values) -> list[tuple[Reading, list[str]]]:
        """The answer to the submission itself: a form shown back with the text, or a search page."""
        if response.status_code in (301, 302, 303) or response.mimetype != "text/html":
            return []
        root = html_rules.parse(response.get_data(as_text=True))
        where = f"answer {response.status_code} to {self.fields[0].key}"
        reading = Reading(where, html_rules.markup_problems(root, where), html_rules.text_of(root))
        if response.status_code == 422:  # shown back as typed, beside the error
            expected = [collapse(v.replace("\x00", "\ufffd")) for v in values.values()]
        elif response.status_code == 200 and all(f.form is None for f in packs):
            expected = [e for f in packs for e in f.expected(values[f.field])]
        else:
            expected = []
        return [(reading, expected)]

    def _places(self, packs, target: dict, full: bool) -> list[tuple[Reading, list[str]]]:
        chosen: dict[str, tuple[Place, list[str]]] = {}
        for f, pack in packs.items():
            value = _joined(f.kind, [p.text for p in pack])
            for place in (f.places if full else f.places[:1]):
                _, expected = chosen.setdefault(place.label, (place, []))
                if place.literal:
                    expected.extend(f.expected(value))
        found = []
        for place, expected in chosen.values():
            for reading in place.read(self.world, target):
                found.append((reading, expected))
        return found

    def _check(self, readings, packs, names: str) -> None:
        evaluated = [e for pack in packs.values() for p in pack for e in p.evaluated]
        for reading, expected in readings:
            self.outcome.readings += 1
            self.outcome.problems += [f"{problem} [{names}]" for problem in reading.problems]
            for text in expected:
                if text not in reading.text:
                    self.outcome.problems.append(
                        f"{reading.where} does not show {text[:120]!r} as typed [{names}]")
            for result in evaluated:
                if result in reading.text:
                    self.outcome.problems.append(f"{reading.where} shows {result!r}: evaluated [{names}]")

    @staticmethod
    def _in_error(response, packs) -> set[TextField]:
        """The fields a refused form marks with an error; all of them when it cannot say."""
        if response.status_code != 422 or len(packs) == 1:
            return set(packs)
        marked = set(re.findall(r'class="nhsuk-error-message" id="([\w-]+)-error"', response.get_data(as_text=True)))
        return {f for f in packs if f.field in marked} or set(packs)

    def _retry(self, packs: dict[TextField, list[Payload]], in_error: set[TextField]) -> None:
        """Fields without an error were refused only with the rest: type them again. A field in
        error is split in halves until each refused payload stands alone."""
        for f, pack in packs.items():
            if f not in in_error or len(packs) > 1 and len(in_error) > 1 and len(pack) > 1:
                self.attempt({f: pack})
            elif len(pack) == 1:
                self.outcome.refused[f.key] += 1
            else:
                half = len(pack) // 2
                self.attempt({f: pack[:half]})
                self.attempt({f: pack[half:]})
