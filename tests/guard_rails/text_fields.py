"""Every field that takes a person's text, and every place that text is shown.

The hostile-input suite (test_hostile_input.py) types the corpus (xss_corpus.py) into each field
here through the real form, then reads each place: pages and fragments are parsed and held to
html_rules.py, JSON answers must be JSON, mails must keep to their headers. A place marked with
`lit(...)` must also show the text as typed (so `<b>` shows as `<b>`, and `{{ 8191*8191 }}` is
never 67092481). `test_every_form_field_is_registered` fails for a text field in any form that is
neither here nor in NOT_TYPED.

Adding a field (a new domain does this for each of its forms):

    MY_FIELD = TextField(
        "stories.title", StoryForm, "title", LINE, max_length=200,
        submit=form_post("writer", "/learning/new", {"title": "Plain", "body": "Plain"},
                         target=lambda world, response, ids: {"story": id_in(response, "/learning/")}),
        places=(lit(page("reader", "/learning/{story}")), lit(page("reader", "/learning")), ...))

and add it to FIELDS. `submit` posts the value through the real form; it returns what the
places need (ids in `{...}` of their URLs). A place (places.py) is `page(who, url)` (a whole page,
as `who` sees it), `fragment(...)`, `json_answer(...)`, `preview(...)`, `mails(...)` (the .eml
files written since the submission, or after an action such as running the digest), or
`combined(label, action, place)` for a place the text reaches only after someone acts. The
people and things a field needs are in text_world.py.

The first place is the field's main one: every payload is read there; the others are read for
rounds that carry the corpus's ESSENTIAL payloads (GUARD_RAILS_FULL=1 reads every place for
every payload). Fields sharing one `submit` are typed at once, each its own part of the corpus,
so a place is read once for all of them.
"""
from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass

from community.consultations.forms import (ConsultationForm, DecisionForm, IdeaForm, PrincipleForm, QuestionForm,
                                          RespondForm, ThemeForm)
from community.content import clean_line, clean_text, parse_tags
from community.members.forms import ChangeEmailForm, JoinForm, LoginForm, ProfileForm, ResetRequestForm
from community.moderation.forms import FlagForm, HideForm, MoveForm
from community.rooms.forms import MeetingEditForm, SetForm
from community.threads.forms import CommentForm, EditForm, SpaceForm, ThreadForm
from tests.guard_rails.places import (Place, Submit, combined, form_post, fragment, id_in, json_answer, lit,
                                      mails, newest, page, post_page, preview, query_get)
from tests.guard_rails.text_world import INTEREST, OTHER_SPACE, SPACE, World, fresh_draft
from tests.support import in_app

LINE, TAGS, TEXT, MARKDOWN = "line", "tags", "text", "markdown"
PASSWORD = "lighthouse-kettle-orchard-9"


# The text, as each kind of field keeps it --------------------------------------------------------

def collapse(text: str) -> str:
    return " ".join(text.split())


def stored(kind: str, value: str) -> list[str]:
    """What a literal place must show for a value the field accepted."""
    if kind == TAGS:
        return parse_tags(value)
    if kind == LINE:   # one-line fields lose bidirectional controls (content.clean_line)
        return [clean_line(value)]
    return [collapse(clean_text(value))]


@dataclass(frozen=True)
class TextField:
    key: str
    form: type | None  # None: a request parameter no form class describes (a search box, a reason)
    field: str
    kind: str
    max_length: int
    submit: Submit
    places: tuple[Place, ...]
    essential_only: bool = False  # the field refuses nearly all text (an email address)
    max_tags: int = 0
    shown: Callable[[str], list[str]] | None = None  # for fields that keep text unlike `stored`
    # The route refuses control characters by redirecting back with a flashed error, which the
    # harness cannot tell from success: those payloads are not typed here (tests/bad_input pins it).
    refused_by_redirect: bool = False

    def expected(self, value: str) -> list[str]:
        return self.shown(value) if self.shown else stored(self.kind, value)

    @property
    def group(self) -> str:
        return self.submit.__qualname__ + str(id(self.submit))


_counter = itertools.count(1)


def _join_email(world: World) -> str:
    address = f"joiner{next(_counter)}@example.nhs.uk"
    world.ids["_joiner"] = address
    return address


def _joined(world: World, response, ids: dict) -> dict:
    from community.members.services.accounts import find_by_email
    with in_app(world.app):
        member = find_by_email(world.ids["_joiner"])
        assert member is not None, f"{world.ids['_joiner']} was told to check their email, but no account was made"
        return {"joiner": member.id, "joiner_email": member.email}


def _approve_joiner(world: World, target: dict) -> None:
    response = world.post("admin", f"/moderation/members/{target['joiner']}/approve", {})
    assert response.status_code == 302


def _mention_reader(world: World, target: dict) -> None:
    """The writer mentions the reader: a notification, a mention mail, then a digest."""
    thread = target.get("thread", world.ids["thread"])
    response = world.post("writer", f"/threads/{thread}/comments",
                          {"body": f"Over to you {world.mention('reader')}"})
    assert response.status_code == 302, response.status_code


def _digest(world: World, target: dict) -> None:
    result = world.app.test_cli_runner().invoke(args=["notifications", "send-digests", "--frequency", "weekly"])
    assert result.exit_code == 0, result.output


def _mention_writer(world: World, target: dict) -> None:
    response = world.post("reader", f"/threads/{world.ids['thread']}/comments",
                          {"body": f"Thanks {world.mention('writer')}"})
    assert response.status_code == 302
    target["mention"] = newest("Post", author_id="reader")(world)


def _flag(who: str, post_key: str):
    def act(world: World, target: dict) -> None:
        response = world.post(who, f"/posts/{target[post_key]}/flag", {"reason": "spam"})
        assert response.status_code in (302, 409), response.status_code
    return act


def _suggests_writer(world: World, target: dict, people) -> bool:
    return any(p["id"] == world.ids["writer"] for p in people) or not target["_q"].isascii()


def _suggest_query(world: World, target: dict) -> None:
    with in_app(world.app):
        from community.extensions import db
        from community.members.models import Member
        name = db.session.get(Member, world.ids["writer"]).name
    target["_q"] = (name.split() or ["xx"])[0].lower()[:20]


def _pin_and_unpin(world: World, target: dict) -> None:
    for action in ("pin", "unpin"):
        assert world.post("admin", f"/threads/{target['thread']}/{action}", {}).status_code == 303


def _fresh_post(world: World) -> dict:
    post = world.writer_post()
    return {"post": post, "post_page": post_page(world, post)}


def _flagged_post(world: World) -> dict:
    post = world.writer_post()
    assert world.post("reader", f"/posts/{post}/flag", {"reason": "spam"}).status_code == 302
    return {"post": post}


def _hidden_post(world: World) -> dict:
    post = world.writer_post()
    assert world.post("admin", f"/moderation/posts/{post}/hide", {"reason": "Off topic"}).status_code == 303
    return {"post": post}


def _lock_and_unlock(world: World, values: dict[str, str]):
    responses = [world.post("admin", f"/threads/{world.ids['thread']}/{action}", values)
                 for action in ("lock", "unlock")]
    return responses[-1], dict(world.ids)


_move_turn = itertools.count()


def _move_to(world: World) -> str:
    return OTHER_SPACE if next(_move_turn) % 2 == 0 else SPACE


# Places -------------------------------------------------------------------------------------------

WRITER_PROFILE = page("reader", "/members/{writer}")
OWN_PROFILE_FORM = page("writer", "/profile")
DIRECTORY = page("reader", "/members")
READER_NETWORK = page("reader", "/network")
ADMIN_HOME = page("admin", "/")
PEER_HOME = page("peer", "/")
THREAD = page("reader", "/threads/{thread}")
THREADS = page("reader", "/threads")
WHO_REACTED = page("reader", "/posts/{opening}/reactions")
ADMIN_LIST = page("admin", "/admin")
ADMIN_MEMBER = page("admin", "/admin/members/{writer}")
LOG = page("admin", "/moderation/log")
QUEUE = page("admin", "/moderation")
READER_NOTIFICATIONS = page("reader", "/notifications")
SUGGEST = combined("mention suggestions", _suggest_query,
                   json_answer("reader", "/members/suggest?q={_q}", must_find=_suggests_writer))
MENTIONED_BY_READER = combined("a mention of the writer", _mention_writer,
                               fragment("writer", "/posts/{mention}/block"))
MAIL_AND_DIGEST_TO_READER = combined("mention mail and digest", _mention_reader,
                                     mails("reader", _digest, "(mention and digest)"))

PROFILE = {"name": "Wren Writer", "discipline": "nursing", "job_title": "Matron",
           "organisation": "Riverside University Hospitals NHS Trust", "place": "Leeds", "bio": "",
           "interests": INTEREST, "expertise": "", "open_to": "mentoring"}
_profile = form_post("writer", "/profile", PROFILE)
_PROFILE_PLACES = (lit(WRITER_PROFILE), lit(OWN_PROFILE_FORM), lit(DIRECTORY), lit(READER_NETWORK),
                   lit(ADMIN_HOME), PEER_HOME)  # the peer sees the writer while they share an interest

THREAD_FORM = {"title": "A plain title", "space": SPACE, "tags": "",
               "body": lambda world: f"A plain question for {world.mention('reader')}"}
_thread = form_post("writer", "/threads/new", THREAD_FORM, target=lambda world, response, ids: {
    "thread": id_in(response, "/threads/"), "opening": newest("Post", author_id="writer")(world)})

def _commented(world: World, response, ids: dict) -> dict:
    post = newest("Post", author_id="reader")(world)
    return {"post": post, "post_page": post_page(world, post)}


_comment = form_post("reader", "/threads/{thread}/comments", {"body": "A plain comment"}, target=_commented)

_join = form_post("visitor", "/join", {
    "email": _join_email, "password": PASSWORD, "discipline": "medicine", "organisation": "Plain Trust",
    "consent": "y", "name": "Jo Joiner"}, target=_joined)

_SPACE_EDIT = form_post("admin", f"/admin/spaces/{OTHER_SPACE}/edit",
                        {"name": "Workforce", "description": "People and teams."})

_DIRECTORY_SEARCH = query_get("reader", "/members")

# Action learning sets: the facilitator edits the world's set and meeting; the reader is a member.
_set_edit = form_post("facilitator", "/sets/{set}/edit", {
    "name": "Frailty set", "purpose": "", "size_limit": "8", "ground_rules": "Stay in the set.", "video_link": ""})
SET_PAGE = page("reader", "/sets/{set}")
_SET_EDIT_FORM = page("facilitator", "/sets/{set}/edit")
_meeting_edit = form_post("facilitator", "/meetings/{meeting}/edit", {
    "title": "First meeting", "agenda": "", "start_date": "2099-03-02", "start_time": "10:00", "duration": "180",
    **{f"minutes_{p}": "3" for p in ("check_in", "bidding", "presenting", "clarifying", "open_questioning",
                                     "offers", "summary", "actions", "process_review", "check_out", "time_out")}})
MEETING_PAGE = page("reader", "/meetings/{meeting}")


def _invite_search(world: World, values: dict[str, str]):
    return world.client("facilitator").get(f"/sets/{world.ids['set']}/invite", query_string=values), dict(world.ids)
# Consultations -------------------------------------------------------------------------------

_consultation = form_post("designer", "/consultations/new", {
    "title": "A plain title", "purpose": "", "opens_on": "2026-01-01", "closes_on": "2099-12-31",
    "audience": "all"}, target=lambda world, response, ids: {"consultation": id_in(response, "/consultations/")})


def _publish(world: World, target: dict) -> None:
    url = f"/consultations/{target['consultation']}"
    assert world.post("designer", f"{url}/questions", {"kind": "text", "prompt": "Plain?"}).status_code == 303
    assert world.post("designer", f"{url}/publish", {}).status_code == 303


_question = form_post("designer", "/consultations/{draft}/questions", {
    "kind": "scale", "prompt": "A plain question", "low_label": "Low", "high_label": "High", "required": "y"},
    before=fresh_draft)


def _options(world: World, values: dict[str, str]):
    """Options, one a line: the text under test and a plain second one (a choice needs two)."""
    ids = {**world.ids, **fresh_draft(world)}
    response = world.post("designer", f"/consultations/{ids['draft']}/questions", {
        "kind": "multiple", "prompt": "A plain question",
        "options": values["options"] + "\nA plain second option"})
    return response, ids


def _no_added_principles(world: World) -> dict:
    from community.consultations.models import Principle
    from community.extensions import db
    with in_app(world.app):
        db.session.query(Principle).delete()
        db.session.commit()
    return {}


def _free_text(world: World, values: dict[str, str]):
    """The reader's answer to the open consultation's free-text question (changed each time)."""
    ids = world.ids
    response = world.post("reader", f"/consultations/{ids['consultation_open']}", {
        f"q{ids['open_text_q']}": values["answer"], f"q{ids['open_single_q']}": str(ids["open_single_option"]),
        f"q{ids['open_scale_q']}": "3", "action": "submit"})
    return response, dict(ids)


_BUILD = page("designer", "/consultations/{draft}/build")
_PREVIEW = page("designer", "/consultations/{draft}/preview")

_idea = form_post("writer", "/ideas", {"title": "A plain idea", "body": "Plain words"},
                  target=lambda world, response, ids: {"idea": id_in(response, "/ideas/")})
_respond = form_post("designer", "/ideas/{board_idea}/respond", {"status": "considering"})
_decision = form_post("designer", "/you-said-we-did", {
    "theme": "A plain theme", "decision": "Plain", "status": "planned",
    "ideas": lambda world: str(world.ids["board_idea"])})
_DECISIONS = page("reader", "/you-said-we-did")

CONSULTATION_FIELDS: list[TextField] = [
    TextField("idea.title", IdeaForm, "title", LINE, 200, _idea, (
        lit(page("reader", "/ideas/{idea}")), lit(page("reader", "/ideas")), lit(page("reader", "/threads")))),
    TextField("idea.body", IdeaForm, "body", MARKDOWN, 50_000, _idea, (page("reader", "/ideas/{idea}"),)),
    TextField("idea.response", RespondForm, "response", TEXT, 4000, _respond,
              (lit(page("reader", "/ideas/{board_idea}")),)),
    TextField("decision.theme", DecisionForm, "theme", LINE, 200, _decision, (lit(_DECISIONS),)),
    TextField("decision.decision", DecisionForm, "decision", TEXT, 4000, _decision, (lit(_DECISIONS),)),
    TextField("decision.change", DecisionForm, "change", TEXT, 4000, _decision, (lit(_DECISIONS),)),
    TextField("consultation.title", ConsultationForm, "title", LINE, 200, _consultation, (
        lit(page("designer", "/consultations/{consultation}/build")), lit(page("designer", "/consultations")),
        lit(page("designer", "/consultations/{consultation}/edit")),
        lit(page("designer", "/consultations/{consultation}/preview")),
        lit(combined("published", _publish, page("reader", "/consultations/{consultation}"))),
        lit(READER_NOTIFICATIONS), lit(page("reader", "/")))),
    TextField("consultation.purpose", ConsultationForm, "purpose", TEXT, 4000, _consultation, (
        lit(page("designer", "/consultations/{consultation}/build")),
        lit(page("designer", "/consultations/{consultation}/edit")),
        lit(page("designer", "/consultations/{consultation}/preview")))),
    TextField("question.prompt", QuestionForm, "prompt", LINE, 300, _question, (lit(_BUILD), lit(_PREVIEW))),
    TextField("question.hint", QuestionForm, "hint", LINE, 500, _question, (lit(_BUILD), lit(_PREVIEW))),
    TextField("question.low_label", QuestionForm, "low_label", LINE, 60, _question, (lit(_BUILD), lit(_PREVIEW))),
    TextField("question.high_label", QuestionForm, "high_label", LINE, 60, _question, (lit(_BUILD), lit(_PREVIEW))),
    TextField("question.options", QuestionForm, "options", LINE, 200, _options, (_BUILD, _PREVIEW)),
    TextField("principle.name", PrincipleForm, "name", LINE, 120,
              form_post("admin", "/consultations/principles", {}, before=_no_added_principles),
              (lit(page("admin", "/consultations/principles")), lit(page("designer", "/consultations/new")))),
    TextField("answer.theme", ThemeForm, "theme", LINE, 60, form_post(
        "designer", "/consultations/{consultation_closed}/questions/{closed_text_q}/answers/{closed_response}/themes",
        {}), (lit(page("designer", "/consultations/{consultation_closed}/results")),),
        shown=lambda value: [clean_line(value).lower()]),
    TextField("answer.text", None, "answer", TEXT, 4000, _free_text, (
        lit(page("reader", "/consultations/{consultation_open}")),
        lit(page("designer", "/consultations/{consultation_open}/results")))),
]

FIELDS: list[TextField] = [
    *CONSULTATION_FIELDS,
    # Profile: one form, seven fields typed together.
    TextField("profile.name", ProfileForm, "name", LINE, 120, _profile, (
        *_PROFILE_PLACES, lit(THREAD), lit(THREADS), lit(WHO_REACTED), lit(ADMIN_LIST), lit(ADMIN_MEMBER),
        lit(SUGGEST), lit(MENTIONED_BY_READER), lit(MAIL_AND_DIGEST_TO_READER), lit(READER_NOTIFICATIONS))),
    TextField("profile.job_title", ProfileForm, "job_title", LINE, 120, _profile, _PROFILE_PLACES),
    TextField("profile.organisation", ProfileForm, "organisation", LINE, 160, _profile,
              (*_PROFILE_PLACES, lit(THREAD))),
    TextField("profile.place", ProfileForm, "place", LINE, 80, _profile, _PROFILE_PLACES),
    TextField("profile.bio", ProfileForm, "bio", MARKDOWN, 2000, _profile,
              (WRITER_PROFILE, lit(OWN_PROFILE_FORM))),
    TextField("profile.interests", ProfileForm, "interests", TAGS, 800, _profile,
              (lit(WRITER_PROFILE), lit(OWN_PROFILE_FORM), DIRECTORY), max_tags=15),
    TextField("profile.expertise", ProfileForm, "expertise", TAGS, 800, _profile,
              (lit(WRITER_PROFILE), lit(OWN_PROFILE_FORM)), max_tags=15),

    # Joining: a visitor's name and organisation, seen by moderators and in mail.
    TextField("join.name", JoinForm, "name", LINE, 120, _join, (
        lit(QUEUE), lit(mails("joiner_email", label="(confirmation)")),
        lit(combined("approval", _approve_joiner, page("admin", "/members/{joiner}"))),
        lit(page("admin", "/admin/members/{joiner}")))),
    TextField("join.organisation", JoinForm, "organisation", LINE, 160, _join,
              (lit(QUEUE), lit(page("admin", "/members/{joiner}")))),

    # A thread: title, opening post and topics.
    TextField("thread.title", ThreadForm, "title", LINE, 200, _thread, (
        lit(THREAD), lit(THREADS), lit(page("reader", f"/spaces/{SPACE}")), lit(WRITER_PROFILE),
        lit(MAIL_AND_DIGEST_TO_READER), lit(READER_NOTIFICATIONS),  # the mention brings it there
        lit(page("admin", "/threads/{thread}/move")),
        combined("pinned", _pin_and_unpin, LOG),
        lit(combined("reported", _flag("reader", "opening"), QUEUE)))),
    TextField("thread.body", ThreadForm, "body", MARKDOWN, 50_000, _thread, (
        THREAD, fragment("reader", "/posts/{opening}/block"), preview("writer", "body"),
        lit(page("writer", "/posts/{opening}/edit")),
        page("reader", "/threads/{thread}?quote={opening}"), page("admin", "/moderation/posts/{opening}/hide"),
        page("reader", "/posts/{opening}/flag"), READER_NOTIFICATIONS, combined("reported", _flag("reader", "opening"), QUEUE))),
    TextField("thread.tags", ThreadForm, "tags", TAGS, 500, _thread, (lit(THREAD),), max_tags=10),

    TextField("comment.body", CommentForm, "body", MARKDOWN, 50_000, _comment, (
        page("writer", "{post_page}"), fragment("writer", "/posts/{post}/block"),
        page("writer", "/threads/{thread}?quote={post}"), page("writer", "/notifications"))),
    TextField("edit.body", EditForm, "body", MARKDOWN, 50_000,
              form_post("writer", "/posts/{opening}/edit", {}), (
                  THREAD, lit(page("writer", "/posts/{opening}/edit")), page("admin", "/posts/{opening}/history"),
                  fragment("reader", "/posts/{opening}/block"))),

    # Moderation: a report's note, and the reasons moderators give.
    TextField("flag.note", FlagForm, "note", LINE, 500,
              form_post("reader", "/posts/{post}/flag", {"reason": "other"}, before=_fresh_post),
              (lit(QUEUE),)),
    TextField("hide.reason", HideForm, "reason", LINE, 300,
              form_post("admin", "/moderation/posts/{post}/hide", {"next": ""}, before=_fresh_post),
              (lit(fragment("writer", "/posts/{post}/block")), lit(page("writer", "{post_page}")), lit(LOG),
               page("admin", "{post_page}"))),
    TextField("move.reason", MoveForm, "reason", LINE, 300,
              form_post("admin", "/threads/{thread}/move", {"space": _move_to}), (lit(LOG),)),
    TextField("thread_action.reason", None, "reason", LINE, 300, _lock_and_unlock, (lit(LOG),),
              refused_by_redirect=True),
    TextField("post_action.reason", None, "reason", LINE, 300,
              form_post("admin", "/moderation/posts/{post}/dismiss", {}, before=_flagged_post), (lit(LOG),),
              refused_by_redirect=True),
    TextField("unhide.reason", None, "reason", LINE, 300,
              form_post("admin", "/moderation/posts/{post}/unhide", {}, before=_hidden_post), (lit(LOG),),
              refused_by_redirect=True),

    # Spaces, named and described by admins, seen by everyone.
    TextField("space.name", SpaceForm, "name", LINE, 120, _SPACE_EDIT, (
        lit(page("admin", "/admin/spaces")), lit(page("reader", f"/spaces/{OTHER_SPACE}")), lit(THREADS),
        lit(page("writer", "/threads/new")), lit(page("admin", "/threads/{thread}/move")),
        lit(page("admin", f"/admin/spaces/{OTHER_SPACE}/edit")))),
    TextField("space.description", SpaceForm, "description", TEXT, 500, _SPACE_EDIT, (
        lit(page("admin", "/admin/spaces")), lit(page("reader", f"/spaces/{OTHER_SPACE}")),
        lit(page("admin", f"/admin/spaces/{OTHER_SPACE}/edit")))),

    # Action learning sets: seen only by the set's members and facilitator.
    TextField("set.name", SetForm, "name", LINE, 120, _set_edit, (
        lit(SET_PAGE), lit(_SET_EDIT_FORM), lit(page("reader", "/sets")), lit(page("reader", "/")),
        lit(MEETING_PAGE), lit(page("facilitator", "/sets/{set}/invite")))),
    TextField("set.purpose", SetForm, "purpose", MARKDOWN, 2000, _set_edit, (SET_PAGE, lit(_SET_EDIT_FORM))),
    TextField("set.ground_rules", SetForm, "ground_rules", MARKDOWN, 5000, _set_edit,
              (SET_PAGE, lit(_SET_EDIT_FORM))),
    # Only an https:// address without spaces is kept; the form shows the rest back.
    TextField("set.video_link", SetForm, "video_link", LINE, 500, _set_edit,
              (SET_PAGE, MEETING_PAGE, _SET_EDIT_FORM), essential_only=True),
    TextField("meeting.title", MeetingEditForm, "title", LINE, 120, _meeting_edit, (
        lit(MEETING_PAGE), lit(SET_PAGE), lit(page("reader", "/sets")), lit(page("reader", "/")),
        lit(page("facilitator", "/meetings/{meeting}/edit")))),
    TextField("meeting.agenda", MeetingEditForm, "agenda", MARKDOWN, 5000, _meeting_edit,
              (MEETING_PAGE, lit(page("facilitator", "/meetings/{meeting}/edit")))),

    # Email addresses: the validator refuses nearly all hostile text; the form shows it back.
    TextField("join.email", JoinForm, "email", LINE, 254, form_post("visitor", "/join", {
        "password": PASSWORD, "discipline": "medicine", "organisation": "Plain Trust", "consent": "y",
        "name": "Jo Joiner"}), (), essential_only=True),
    TextField("login.email", LoginForm, "email", LINE, 254,
              form_post("visitor", "/login", {"password": "not the password"}), (), essential_only=True),
    TextField("reset.email", ResetRequestForm, "email", LINE, 254, form_post("visitor", "/reset", {}),
              (), essential_only=True),
    TextField("change_email.email", ChangeEmailForm, "email", LINE, 254,
              form_post("peer", "/profile/email", {"password": "not the password"}), (), essential_only=True),

    # Search boxes: the query comes back in the box and beside the results.
    TextField("directory.q", None, "q", LINE, 120, _DIRECTORY_SEARCH, (),
              shown=lambda value: [collapse(value.strip()[:120])]),
    TextField("directory.organisation", None, "organisation", LINE, 120, _DIRECTORY_SEARCH, (),
              shown=lambda value: [collapse(value.strip()[:120])]),
    TextField("directory.place", None, "place", LINE, 120, _DIRECTORY_SEARCH, (),
              shown=lambda value: [collapse(value.strip()[:120])]),
    TextField("directory.interest", None, "interest", LINE, 120, _DIRECTORY_SEARCH, (),
              shown=lambda value: [collapse(value.strip()[:120])]),
    TextField("admin.q", None, "q", LINE, 120, query_get("admin", "/admin"), (),
              shown=lambda value: [collapse(value.strip()[:120])]),
    TextField("threads.tag", None, "tag", LINE, 40, query_get("reader", "/threads"), (),
              shown=lambda value: [collapse(value.strip().lower()[:40])]),
    TextField("set_invite.q", None, "q", LINE, 120, _invite_search, (),
              shown=lambda value: [collapse(value.strip()[:120])]),
]

# Text fields of forms that show nothing a person typed back to anyone, and why.
NOT_TYPED = {
    (LoginForm, "password"): "a password is never shown back",
    (JoinForm, "password"): "a password is never shown back",
    (ChangeEmailForm, "password"): "a password is never shown back",
    ("ResetForm", "password"): "a password is never shown back",
    ("ChangePasswordForm", "current_password"): "a password is never shown back",
    ("ChangePasswordForm", "new_password"): "a password is never shown back",
    (ThreadForm, "client_token"): "a hidden token the page makes, compared, never shown as text",
    (CommentForm, "client_token"): "a hidden token the page makes, compared, never shown as text",
    (CommentForm, "parent"): "a hidden post id; only digits are used (parent_id)",
    (HideForm, "next"): "a hidden return path the page makes; safe_next keeps it on the site",
}
