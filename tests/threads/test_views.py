"""Thread pages through the test client: forms, lists, permissions and statement counts."""
import html
import re
from datetime import timedelta

import pytest
from sqlalchemy import func, insert, select, update

from community.extensions import db
from community.dates import utcnow
from community.moderation.services import review
from community.threads.models import Post, Thread, ThreadDiscipline
from community.threads.services import posting
from tests.conftest import sign_in
from tests.factories import PASSWORD, make_member, make_space, make_thread


@pytest.fixture
def space(ctx):
    return make_space()


@pytest.fixture
def member(space):
    return make_member(name="Nia Reader", email="nia@example.nhs.uk", discipline="pharmacy")


@pytest.fixture
def signed_in(client, member):
    sign_in(client, member.email, PASSWORD)
    return client


def add_comments(thread: Thread, authors: list, count: int) -> None:
    """Bulk comments with the numbering and counters the service keeps (fast for big threads)."""
    start = thread.last_number
    now = utcnow()
    rows = [{"thread_id": thread.id, "author_id": authors[i % len(authors)].id, "number": start + i + 1,
             "position": thread.last_position + i + 1, "body_source": f"Comment {i}",
             "body_html": f"<p>Comment {i}</p>", "created_at": now + timedelta(seconds=i)}
            for i in range(count)]
    db.session.execute(insert(Post), rows)
    db.session.execute(update(Thread).where(Thread.id == thread.id).values(
        last_number=start + count, last_position=thread.last_position + count,
        comment_count=Thread.comment_count + count))
    db.session.commit()


def test_thread_page_shows_posts_disciplines_and_whos_missing(signed_in, member):
    author = make_member(name="Omar Author", discipline="medicine", interests="frailty")
    pharmacist = make_member(name="Pia Pharmacist", discipline="pharmacy", interests="frailty")
    thread = make_thread(author, title="Weekend discharge", body="What *works*?",
                         disciplines=("pharmacy", "social-care"))
    posting.add_comment(pharmacist, thread, body="Pharmacy view")
    page = signed_in.get(f"/threads/{thread.id}").get_data(as_text=True)
    assert "<h1>Weekend discharge</h1>" in page
    assert "<em>works</em>" in page and "Pharmacy view" in page
    assert "Omar Author" in page and "Medicine" in page
    taking_part = page.split("Disciplines taking part")[1].split("</ul>")[0]
    assert "Pharmacy" in taking_part
    missing = page.split("Perspectives not yet heard")[1].split("</ul>")[0]
    assert "Social care" in missing and "Pharmacy" not in missing


def test_comment_through_the_form_redirects_to_it_and_double_submit_stores_once(signed_in, member):
    thread = make_thread(make_member())
    data = {"body": "My **view**", "client_token": "tok-1"}
    first = signed_in.post_form(f"/threads/{thread.id}/comments", data)
    second = signed_in.post_form(f"/threads/{thread.id}/comments", data)
    assert first.status_code == second.status_code == 302
    assert first.headers["Location"].endswith("#post-2") and second.headers["Location"] == first.headers["Location"]
    assert db.session.scalar(select(func.count()).select_from(Post).where(Post.thread_id == thread.id)) == 2


def test_empty_comment_is_refused_beside_the_field(signed_in, member):
    thread = make_thread(make_member())
    response = signed_in.post_form(f"/threads/{thread.id}/comments", {"body": "  "})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert 'class="nhsuk-error-message" id="body-error"' in html
    assert "Enter what you want to say" in html


def test_new_thread_form_keeps_what_was_typed_on_error(signed_in, member, space):
    response = signed_in.post_form("/threads/new", {"title": "Kept title", "body": "", "space": space.slug,
                                                    "disciplines": ["nursing"], "tags": "a, b"})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert 'value="Kept title"' in html and 'value="a, b"' in html
    assert 'value="nursing" checked' in html
    assert db.session.scalar(select(func.count()).select_from(Thread)) == 0
    created = signed_in.post_form("/threads/new", {"title": "Kept title", "body": "Now with a body",
                                                   "space": space.slug, "tags": ""})
    assert created.status_code == 302 and "/threads/" in created.headers["Location"]


def test_unknown_space_is_refused(signed_in, member):
    response = signed_in.post_form("/threads/new", {"title": "T", "body": "B", "space": "nowhere"})
    assert response.status_code == 422
    assert "Choose a space for your thread" in response.get_data(as_text=True)


def test_reacting_twice_is_refused_and_counted_once(signed_in, member):
    post = posting.add_comment(make_member(), make_thread(make_member()), body="Useful")
    assert signed_in.post_form(f"/posts/{post.id}/react", {"kind": "insightful"}).status_code == 302
    again = signed_in.post_form(f"/posts/{post.id}/react", {"kind": "insightful"},
                                headers={"Accept": "application/json"})
    assert again.status_code == 409
    assert "already reacted" in again.get_json()["error"]
    db.session.refresh(post)
    assert post.insightful_count == 1
    assert signed_in.post_form(f"/posts/{post.id}/unreact", {"kind": "insightful"}).status_code == 302
    db.session.refresh(post)
    assert post.insightful_count == 0


def test_reaction_buttons_send_where_the_page_says(signed_in, member):
    """One form a post: each kind's button reacts, and a pressed one takes the reaction back
    (its formaction). Following the page's own form, not a hand-made request."""
    post = posting.add_comment(make_member(), make_thread(make_member()), body="Useful")

    def reaction_form():
        page = signed_in.get(f"/threads/{post.thread_id}").get_data(as_text=True)
        article = page[page.index(f'id="post-{post.number}"'):]
        form = re.search(r'<form method="post" action="([^"]+)" class="[^"]*community-reactions">(.*?)</form>',
                         article, re.S)
        buttons = {m["kind"]: m for m in re.finditer(
            r'<button class="community-reaction" type="submit" name="kind" value="(?P<kind>\w+)"'
            r'(?: formaction="(?P<undo>[^"]+)")? aria-pressed="(?P<pressed>\w+)">[^<]*'
            r'<span class="community-reaction__count">(?P<count>\d+)</span>', form[2])}
        return html.unescape(form[1]), buttons

    action, buttons = reaction_form()
    assert set(buttons) == {"like", "insightful", "thanks"}
    assert {b["pressed"] for b in buttons.values()} == {"false"} and not any(b["undo"] for b in buttons.values())
    assert signed_in.post_form(action, {"kind": "thanks"}).status_code == 302

    action, buttons = reaction_form()
    assert (buttons["thanks"]["pressed"], buttons["thanks"]["count"]) == ("true", "1")
    assert buttons["like"]["pressed"] == "false" and not buttons["like"]["undo"]
    assert signed_in.post_form(html.unescape(buttons["thanks"]["undo"]), {"kind": "thanks"}).status_code == 302

    _, buttons = reaction_form()
    assert (buttons["thanks"]["pressed"], buttons["thanks"]["count"]) == ("false", "0")


def test_members_only_and_approval_needed(client, space):
    thread = make_thread(make_member())
    assert client.get(f"/threads/{thread.id}").status_code == 302
    waiting = make_member(approved=False)
    sign_in(client, waiting.email, PASSWORD)
    assert client.get("/threads").status_code == 403


def test_needs_your_discipline_lists_threads_wanting_it_until_it_replies(signed_in, member):
    author = make_member(discipline="medicine")
    wants = make_thread(author, title="Wants pharmacy", disciplines=("pharmacy",))
    make_thread(author, title="Wants nursing", disciplines=("nursing",))
    html = signed_in.get("/threads?view=needs").get_data(as_text=True)
    assert "Wants pharmacy" in html and "Wants nursing" not in html
    posting.add_comment(make_member(discipline="pharmacy"), wants, body="Here")
    assert "Wants pharmacy" not in signed_in.get("/threads?view=needs").get_data(as_text=True)


def test_keyset_pages_cover_every_thread_once_newest_first(signed_in, member):
    author = make_member()
    threads = [make_thread(author, title=f"Thread {i:02d}") for i in range(30)]
    same_time = utcnow()
    db.session.execute(update(Thread).values(last_activity_at=same_time))  # ties broken by id
    db.session.commit()
    seen, url = [], "/threads"
    while url:
        html = signed_in.get(url).get_data(as_text=True)
        seen += [int(part.split('"')[0]) for part in html.split('href="/threads/')[1:]
                 if part.split('"')[0].isdigit()]
        url = None
        if 'rel="next"' in html:
            url = html.split('rel="next"')[1].split('href="')[1].split('"')[0].replace("&amp;", "&")
    assert seen == sorted((t.id for t in threads), reverse=True)


def _count(statements, client, url) -> int:
    with statements() as counter:
        assert client.get(url).status_code == 200
    return counter.count


def test_thread_page_statements_are_fixed_and_at_most_ten(signed_in, member, statements):
    author = make_member(discipline="medicine", interests="frailty")
    make_member(discipline="nursing", interests="frailty")
    authors = [make_member(discipline=d) for d in ("pharmacy", "social-care", "psychology")]
    small, big = make_thread(author, disciplines=("nursing",)), make_thread(author, disciplines=("nursing",))
    add_comments(small, authors, 5)
    add_comments(big, authors, 500)
    signed_in.post_form(f"/threads/{big.id}/read", {"number": "3"})
    urls = (f"/threads/{small.id}", f"/threads/{big.id}", f"/threads/{big.id}?page=10")
    counts = {url: _count(statements, signed_in, url) for url in urls}
    assert len(set(counts.values())) == 1, counts
    assert max(counts.values()) <= 10, counts


def test_thread_page_for_its_author_with_suggestions_is_within_budget(client, space, statements):
    author = make_member(discipline="medicine", interests="frailty")
    make_member(discipline="nursing", interests="frailty")
    thread = make_thread(author, disciplines=("nursing",))
    add_comments(thread, [make_member(discipline="pharmacy")], 120)
    sign_in(client, author.email, PASSWORD)
    url = f"/threads/{thread.id}"
    assert _count(statements, client, url) <= 10
    assert _count(statements, client, url + "?page=3") <= 10


def _thread_with_voices(author, title):
    thread = make_thread(author, title=title, disciplines=("pharmacy", "medicine"), tags="frailty, discharge")
    db.session.add(ThreadDiscipline(thread_id=thread.id, discipline="nursing", comments=1))
    db.session.commit()


@pytest.mark.parametrize("query", ["", "?view=unanswered", "?view=needs", "?view=following",
                                   "?discipline=nursing", "?tag=frailty"])
def test_list_pages_issue_the_same_statements_for_few_and_many_threads(signed_in, member, statements,
                                                                       query):
    author = make_member(discipline="nursing")
    for i in range(3):
        _thread_with_voices(author, f"Few {i}")
    few = _count(statements, signed_in, f"/threads{query}")
    author = db.session.merge(author)
    for i in range(40):
        _thread_with_voices(author, f"Many {i}")
    many = _count(statements, signed_in, f"/threads{query}")
    space_page = _count(statements, signed_in, "/spaces/quality-improvement")
    assert few == many <= 10
    assert space_page <= 10


@pytest.mark.parametrize("kind, path, says", [
    ("unapproved", "/threads/new", "is waiting for a moderator"),
    ("unapproved", "/threads", "is waiting for a moderator"),
    ("unconfirmed", "/threads/new", "Confirm your email address first"),
])
def test_a_refusal_says_what_holds_the_account_back(client, space, kind, path, says):
    person = make_member(approved=kind != "unapproved", confirmed=kind != "unconfirmed")
    sign_in(client, person.email, PASSWORD)
    response = client.get(path)
    assert response.status_code == 403
    assert says in response.get_data(as_text=True)


def comment_box(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    found = re.search(r'<textarea[^>]*name="body"[^>]*>(.*?)</textarea>', response.get_data(as_text=True), re.S)
    return html.unescape(found.group(1))


def test_quoting_a_comment_starts_the_form_with_it_without_its_mentions(signed_in, member, statements):
    author = make_member(name="Omar Author", discipline="medicine")
    quoted = make_member(name="Quinn Quoted", discipline="nursing")
    thread = make_thread(author, title="Handover")
    comment = posting.add_comment(quoted, thread, body=f"Agree with @[Omar Author]({author.id}).\n\nSecond line")
    page = signed_in.get(f"/threads/{thread.id}").get_data(as_text=True)
    assert f"quote={comment.id}#comment-form" in page
    assert comment_box(signed_in, f"/threads/{thread.id}?quote={comment.id}") == (
        "> **Quinn Quoted** wrote:\n>\n> Agree with @Omar Author.\n>\n> Second line\n\n")
    posting.delete_post(quoted, db.session.merge(comment))
    for junk in (str(comment.id), "999999", "abc", "1" * 40):
        assert comment_box(signed_in, f"/threads/{thread.id}?quote={junk}") == ""
    assert f"quote={comment.id}#comment-form" not in signed_in.get(f"/threads/{thread.id}").get_data(as_text=True)


@pytest.mark.parametrize("app_config", [{"HOLD_WORDS": ["miracle cure"]}])
def test_one_post_drawn_for_whoever_asks(app_config, app, space):
    """/posts/<id>/block: the post as the asker's own thread page draws it (a live comment is
    redrawn with it for its author, the thread's author and moderators)."""
    opener, writer, reader = make_member(name="Ola Opener"), make_member(name="Wyn Writer"), make_member()
    moderator = make_member(roles=("moderator",))
    thread = make_thread(opener)
    post = posting.add_comment(writer, thread, body="Worth a look")
    posting.add_comment(reader, thread, body="Agreed")   # marks the comment read: no effect here

    def block(person, post_id=post.id):
        client = app.test_client()
        sign_in(client, person.email, PASSWORD)
        return client.get(f"/posts/{post_id}/block")

    def buttons(response):
        text = response.get_data(as_text=True)
        return {label for label in ("Edit", "Delete", "Mark helpful", "Hide", "Report", "Like")
                if re.search(rf">{label}\b", text)}

    assert buttons(block(writer)) == {"Edit", "Delete"}
    assert buttons(block(opener)) == {"Mark helpful", "Report", "Like"}
    assert buttons(block(moderator)) == {"Delete", "Hide", "Report", "Like"}
    assert buttons(block(reader)) == {"Report", "Like"}
    first = block(reader).get_data(as_text=True)
    assert first.startswith("<article") and 'id="post-2"' in first and "Worth a look" in first

    # Held for review: its author and moderators see it; anyone else, nothing at all.
    held = posting.add_comment(writer, thread, body="A miracle cure")
    assert block(reader, held.id).status_code == 404
    assert block(writer, held.id).status_code == 200
    assert "Approve" in block(moderator, held.id).get_data(as_text=True)
    assert block(reader, 99999).status_code == 404
    assert app.test_client().get(f"/posts/{post.id}/block").status_code == 302   # to the sign-in page


@pytest.mark.parametrize("app_config", [{"HOLD_WORDS": ["miracle cure"]}])
def test_who_reacted_is_shown_only_for_a_post_the_reader_may_see(app_config, app, space):
    """/posts/<id>/reactions names the post's author and who reacted: for a post held for review,
    hidden or removed, only those its thread page shows it to in full see the list; anyone else
    gets 404, as /posts/<id>/block gives them."""
    opener, writer, reader = make_member(name="Ola Opener"), make_member(name="Wyn Writer"), make_member()
    moderator = make_member(roles=("moderator",))
    thread = make_thread(opener)
    shown = posting.add_comment(writer, thread, body="Worth a look")
    held = posting.add_comment(writer, thread, body="A miracle cure")
    hidden = posting.add_comment(writer, thread, body="Hidden later")
    review.hide_post(moderator, hidden, "Off topic")
    removed = posting.add_comment(writer, thread, body="Removed later")
    posting.delete_post(writer, removed)

    def status(person, post):
        client = app.test_client()
        sign_in(client, person.email, PASSWORD)
        return client.get(f"/posts/{post.id}/reactions").status_code

    assert [status(reader, p) for p in (shown, held, hidden, removed)] == [200, 404, 404, 404]
    assert [status(writer, p) for p in (shown, held, hidden, removed)] == [200, 200, 200, 404]
    assert [status(moderator, p) for p in (shown, held, hidden, removed)] == [200, 200, 200, 200]
