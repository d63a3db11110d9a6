"""The people and things every registered text field is typed into and shown beside.

Made once per test through the real services: a writer (whose own fields are tested), a reader
(connected to the writer, following and reacting), a peer (another discipline sharing the
writer's interest: the writer shows on the peer's home page), an admin who moderates, and a
facilitator whose action learning set (with a meeting) the reader belongs to.
Each acts through their own test client, signed in through the real form; forms are posted with
the CSRF token a page gave that client, as a browser would.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from datetime import time, timedelta

from sqlalchemy import select

from community.dates import utcnow
from community.rooms.services import meetings, sets

from community.extensions import db
from community.members.models import Member
from community.members.services import connections
from community.threads.models import Post
from community.threads.services import following, posting, reactions
from tests.conftest import Client, sign_in
from tests.factories import PASSWORD, make_member, make_space, make_thread
from tests.support import in_app

_TOKEN = re.compile(r'name="csrf-token"\s+content="([^"]+)"')
SPACE, OTHER_SPACE = "quality-improvement", "workforce"
INTEREST = "frailty"


@dataclass
class World:
    app: object
    ids: dict[str, int]
    clients: dict[str, Client] = field(default_factory=dict)
    tokens: dict[str, str] = field(default_factory=dict)
    emails: dict[str, str] = field(default_factory=dict)

    def client(self, who: str) -> Client:
        """`who`'s signed-in client (a visitor's for "visitor")."""
        if who not in self.clients:
            client = self.clients[who] = self.app.test_client()
            if who != "visitor":
                response = sign_in(client, self.emails[who], PASSWORD)
                assert response.status_code == 302, f"{who} could not sign in"
        return self.clients[who]

    def token(self, who: str) -> str:
        if who not in self.tokens:
            page = self.client(who).get("/" if who != "visitor" else "/login").get_data(as_text=True)
            found = _TOKEN.search(page) or re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)
            self.tokens[who] = found.group(1)
        return self.tokens[who]

    def post(self, who: str, url: str, data: dict):
        return self.client(who).post(url, data={**data, "csrf_token": self.token(who)})

    def get(self, who: str, url: str, **kwargs):
        return self.client(who).get(url, **kwargs)

    def mention(self, who: str) -> str:
        return f"@[{who}]({self.ids[who]})"

    def mail_files(self) -> set[Path]:
        outbox = Path(self.app.config["MAIL_OUTBOX"])
        return set(outbox.glob("*.eml")) if outbox.exists() else set()

    def writer_post(self, body: str = "A comment to act on") -> int:
        """A fresh comment by the writer in the world's thread, made by the service."""
        with in_app(self.app):
            writer = db.session.get(Member, self.ids["writer"])
            thread = posting.get_thread(self.ids["thread"])
            return posting.add_comment(writer, thread, body=body).id


def _consultations(designer: Member, reader: Member) -> dict[str, int]:
    """An open named consultation the reader answers, and a closed one with a free-text answer."""
    from community.consultations.services import building
    from tests.consultations.helpers import answer, make_consultation
    open_one = make_consultation(designer, title="Open for answers")
    closed = make_consultation(designer, title="Closed with answers")
    response = answer(reader, closed, text="A plain answer")
    building.close(designer, closed)
    q = {question.kind: question for question in open_one.questions}
    from community.consultations.services import ideas
    board_idea = ideas.post_idea(reader, title="A plain idea", body="Plain words")
    return {"board_idea": board_idea.id, "consultation_open": open_one.id, "open_text_q": q["text"].id, "open_single_q": q["single"].id,
            "open_single_option": q["single"].options[0].id, "open_scale_q": q["scale"].id,
            "consultation_closed": closed.id,
            "closed_text_q": next(x.id for x in closed.questions if x.kind == "text"), "closed_response": response.id}


def fresh_draft(world: World) -> dict:
    """A new draft consultation (with its questions), made by the service, for one submission."""
    from tests.consultations.helpers import make_consultation
    with in_app(world.app):
        designer = db.session.get(Member, world.ids["designer"])
        return {"draft": make_consultation(designer, title="A draft", publish=False).id}


def build(app) -> World:
    with in_app(app):
        make_space(SPACE, "Quality improvement")
        make_space(OTHER_SPACE, "Workforce")
        writer = make_member(name="Wren Writer", discipline="nursing", interests=INTEREST,
                             job_title="Matron", place="Leeds")
        reader = make_member(name="Rhys Reader", discipline="pharmacy")
        peer = make_member(name="Pia Peer", discipline="psychology", interests=INTEREST)
        admin = make_member(name="Ada Admin", discipline="medicine", roles=("admin", "moderator"))
        designer = make_member(name="Dev Designer", discipline="management", roles=("designer",))
        connections.accept(reader, connections.request(writer, reader))
        connections.request(writer, admin)  # waiting: the writer shows on the admin's home page
        thread = make_thread(writer, title="Frailty at the front door",
                             body=f"Opening post for @[Rhys]({reader.id})")
        opening_id = db.session.scalar(select(Post.id).where(Post.thread_id == thread.id, Post.is_opening))
        following.set_follow(reader, thread, "following")
        comment = posting.add_comment(reader, thread, body=f"A reply to @[Wren]({writer.id})")
        reactions.react(reader, posting.get_post(opening_id), "like")
        facilitator = make_member(name="Fran Facil", discipline="psychology", roles=("facilitator",))
        learning_set = sets.create_set(facilitator, name="Frailty set")
        sets.invite(facilitator, sets.access(facilitator, learning_set.id), reader.id)
        sets.accept(reader, sets.access(reader, learning_set.id), ground_rules=True)
        day = (utcnow() + timedelta(days=10)).date()
        meeting = meetings.schedule(facilitator, sets.access(facilitator, learning_set.id), title="First meeting",
                                    agenda="", day=day, at=time(10, 0))[0]
        people = {"writer": writer, "reader": reader, "peer": peer, "admin": admin, "facilitator": facilitator,
                  "designer": designer}
        ids = {name: m.id for name, m in people.items()}
        ids.update(thread=thread.id, opening=opening_id, comment=comment.id, set=learning_set.id,
                   meeting=meeting.id, **_consultations(designer, reader))
        emails = {name: m.email for name, m in people.items()}
    return World(app=app, ids=ids, emails=emails)
