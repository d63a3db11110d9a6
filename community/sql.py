"""Small pieces of SQL every domain's queries share."""
from __future__ import annotations


def like_escape(text: str) -> str:
    """`text` with LIKE's wildcards taken literally (use with escape="\\")."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def like_pattern(text: str) -> str:
    """Case-folded `text` anywhere in a value: compare with `func.lower(column).like(...)`."""
    return f"%{like_escape(text.lower())}%"
