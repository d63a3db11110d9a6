"""Thread titles and post bodies for bench.seed, in the community's voice (thread_vocabulary.py).

Markdown: rendering 300,000 bodies through markdown-it and bleach would take minutes, so bodies
are built from a pool of blocks (paragraphs, lists, quotes, links), each rendered once by the
app's own render_markdown; a body's HTML is its blocks' HTML joined, and every 100th body is
rendered in full as a check that joining gives what the app would have stored.
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field

from community.content import render_markdown

from . import thread_vocabulary as tv
from . import vocabulary as v

CHECK_EVERY = 100


@dataclass
class Blocks:
    """Markdown blocks, each rendered once: source and HTML, by index."""
    source: list[str] = field(default_factory=list)
    html: list[str] = field(default_factory=list)

    def add(self, markdown: str) -> int:
        self.source.append(markdown)
        self.html.append(render_markdown(markdown))
        return len(self.source) - 1

    def body(self, blocks: tuple[int, ...]) -> tuple[str, str]:
        return ("\n\n".join(self.source[i] for i in blocks), "".join(self.html[i] for i in blocks))


class ThreadText:
    """Draws from the generator's own random stream, so a seed gives the same text every time."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.blocks = Blocks()
        self._titles: set[str] = set()
        self._checked = 0

    def fill(self, template: str, topic: str) -> str:
        rng = self.rng
        people = rng.sample(list(tv.PEOPLE.values()), 2)
        partners = rng.sample(tv.PARTNERS, 2)
        topic2 = rng.choice([t for t in v.INTERESTS[:40] if t != topic])
        filled = template.format(
            topic=topic, Topic=topic[:1].upper() + topic[1:], topic2=topic2, place=rng.choice(v.PLACES),
            partner=partners[0], partner2=partners[1], people=people[0], people2=people[1],
            timeframe=rng.choice(tv.TIMEFRAMES), **{"try": rng.choice(tv.TRIES)})
        return filled[:1].upper() + filled[1:]

    def build_pools(self, per_topic_openings: int = 16, per_topic_comments: int = 60) -> None:
        """Render every block once. Topic pools keep a comment on its thread's subject."""
        rng, pick = self.rng, self.rng.choice
        self.opening_pool: dict[str, list[int]] = {}
        self.comment_pool: dict[str, list[int]] = {}
        for topic in v.INTERESTS:
            self.opening_pool[topic] = [self.blocks.add(" ".join(
                self.fill(t, topic) for t in (pick(tv.OPENING_CONTEXT), pick(tv.OPENING_PROBLEM))))
                for _ in range(per_topic_openings)]
            paragraphs = []
            for _ in range(per_topic_comments):
                parts = [pick(tv.COMMENT_OPENERS)] if rng.random() < 0.6 else []
                parts.append(pick(tv.COMMENT_EXPERIENCE))
                if rng.random() < 0.5:
                    parts.append(pick(tv.COMMENT_ADVICE))
                paragraphs.append(self.blocks.add(" ".join(self.fill(t, topic) for t in parts)))
            self.comment_pool[topic] = paragraphs
        generic = lambda: rng.choice(v.INTERESTS)  # noqa: E731 - slot filler for generic blocks
        self.asks = [self.blocks.add(self.fill(pick(tv.OPENING_ASK), generic()))
                     for _ in range(300)]
        # Generic advice names no topic: it may land in any thread.
        untopical = [a for a in tv.COMMENT_ADVICE if "{topic}" not in a]
        self.advice = [self.blocks.add(" ".join(self.fill(pick(untopical), generic())
                                                for _ in range(rng.choice((1, 2)))))
                       for _ in range(600)]
        self.closers = [self.blocks.add(c) for c in tv.COMMENT_CLOSERS if c]
        self.lists = []
        for _ in range(120):
            items = rng.sample(tv.TRIES if rng.random() < 0.5 else tv.ADVICE_ITEMS, rng.choice((2, 3, 4)))
            self.lists.append(self.blocks.add(pick(tv.LIST_INTROS) + "\n\n"
                                              + "\n".join(f"- {i[:1].upper() + i[1:]}" for i in items)))
        self.quotes = [self.blocks.add("> " + q) for q in tv.OPENING_PROBLEM]
        self.links = [self.blocks.add(link) for link in tv.LINKS]

    def title(self, topic: str) -> str:
        for _ in range(4):
            if self.rng.random() < 0.12:
                candidate = self.rng.choice(tv.FIXED_TITLES)
            else:
                candidate = self.fill(self.rng.choice(tv.TITLES), topic)
            if candidate not in self._titles:
                break
        self._titles.add(candidate)
        return candidate[:200]

    def opening_blocks(self, topic: str) -> tuple[int, ...]:
        rng = self.rng
        blocks = [rng.choice(self.opening_pool[topic])]
        if rng.random() < 0.3:
            blocks.append(rng.choice(self.lists))
        elif rng.random() < 0.4:
            blocks.append(rng.choice(self.opening_pool[topic]))
        blocks.append(rng.choice(self.asks))
        return tuple(dict.fromkeys(blocks))

    def comment_blocks(self, topic: str) -> tuple[int, ...]:
        rng = self.rng
        blocks = []
        if rng.random() < 0.05:
            blocks.append(rng.choice(self.quotes))
        blocks.append(rng.choice(self.comment_pool[topic]))
        extra = rng.random()
        if extra < 0.30:
            blocks.append(rng.choice(self.advice))
        elif extra < 0.36:
            blocks.append(rng.choice(self.lists))
        elif extra < 0.40:
            blocks.append(rng.choice(self.comment_pool[topic]))
        if rng.random() < 0.02:
            blocks.append(rng.choice(self.links))
        if rng.random() < 0.25:
            blocks.append(rng.choice(self.closers))
        return tuple(dict.fromkeys(blocks))

    def body(self, blocks: tuple[int, ...]) -> tuple[str, str]:
        source, html = self.blocks.body(blocks)
        self._checked += 1
        if self._checked % CHECK_EVERY == 0 and render_markdown(source) != html:
            raise AssertionError(f"joined block HTML differs from render_markdown for {source!r}")
        return source, html
