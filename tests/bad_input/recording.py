"""Which request parameters a view reads, by name: the sweep's registry (inputs.py) is checked
against what the views actually read, so a new field or query parameter cannot go unswept."""
from __future__ import annotations

from urllib.parse import parse_qsl

from flask import Request
from werkzeug.datastructures import ImmutableMultiDict
from werkzeug.utils import cached_property

# The test client runs each request in a fresh contextvars.Context (tests/conftest.py), so the
# names read go to a plain holder: the sweep asks one request at a time.
READ: list[set[str]] = []


class RecordingMultiDict(ImmutableMultiDict):
    prefix = ""   # form fields are noted by name, query parameters as "?name"

    def _note(self, key) -> None:
        if READ and isinstance(key, str):
            READ[-1].add(self.prefix + key)

    def __getitem__(self, key):
        self._note(key)
        return super().__getitem__(key)

    def get(self, key, default=None, type=None):   # noqa: A002 - werkzeug's own signature
        self._note(key)
        return super().get(key, default, type)

    def getlist(self, key, type=None):   # noqa: A002
        self._note(key)
        return super().getlist(key, type)

    def __contains__(self, key):
        self._note(key)
        return super().__contains__(key)


class RecordingQuery(RecordingMultiDict):
    prefix = "?"


class RecordingRequest(Request):
    parameter_storage_class = RecordingMultiDict

    @cached_property
    def args(self):
        # As werkzeug parses it (sansio Request.args), into a dict that notes what is read.
        return RecordingQuery(parse_qsl(self.query_string.decode(), keep_blank_values=True,
                                        errors="werkzeug.url_quote"))
