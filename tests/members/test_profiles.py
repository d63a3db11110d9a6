"""Profiles through the test client: editing one's own at /profile, and reading a colleague's at
/members/<id> (members only), with what it shows: initials, activity, connections' disciplines."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from community.extensions import db
from community.members.models import Member, Organisation
from community.members.services import connections
from community.moderation.services import members as moderation, review as moderating
from community.threads.services import posting
from tests.factories import connect, make_member, make_space, make_thread
from tests.support import Page, add_member, in_app, join, member_by_id, member_count, signed_in

PROFILE = {
    "name": "Ada King-Lovelace",
    "discipline": "healthcare-science",
    "job_title": "Lead Clinical Scientist",
    "organisation": "Southbank Pathology Network",
    "place": "Southbank",
    "bio": "I run the *pathology* network.",
    "interests": "Diagnostics, digital , Quality Improvement, digital",
    "expertise": "Genomics; point of care testing",
    "open_to": ["mentoring", "speaking"],
}


def save(client, **changes):
    return client.post_form("/profile", {**PROFILE, **changes})


@pytest.fixture
def ada(app):
    return add_member(app, name="Ada Lovelace", email="ada@example.nhs.uk", discipline="nursing",
                      organisation="Riverside University Hospitals NHS Trust",
                      interests="frailty", job_title="Matron", place="Riverside",
                      open_to=("coaching",))


def test_the_form_starts_with_what_the_profile_holds(app, client, ada):
    page = Page(signed_in(client, ada).get("/profile"))

    assert page.status == 200
    assert page.h1 == "Your profile"
    assert page.value("name") == "Ada Lovelace"
    assert page.value("discipline") == "nursing"
    assert page.value("job_title") == "Matron"
    assert page.value("organisation") == "Riverside University Hospitals NHS Trust"
    assert page.value("place") == "Riverside"
    assert page.value("interests") == "frailty"
    assert page.checked("open_to") == {"coaching"}


def test_a_member_changes_every_field(app, client, ada):
    signed_in(client, ada)

    response = save(client)

    assert response.status_code == 302
    assert response.headers["Location"] == f"/members/{ada.id}"
    member = member_by_id(app, ada.id)
    assert member.name == "Ada King-Lovelace"
    assert member.discipline == "healthcare-science"
    assert member.job_title == "Lead Clinical Scientist"
    assert member.organisation_name == "Southbank Pathology Network"
    assert member.place == "Southbank"
    assert member.bio_source == "I run the *pathology* network."
    assert member.bio_html == "<p>I run the <em>pathology</em> network.</p>\n"
    # Tags are lower-cased, trimmed and de-duplicated; semicolons separate too.
    assert member.tags_of("interest") == ["diagnostics", "digital", "quality improvement"]
    assert member.tags_of("expertise") == ["genomics", "point of care testing"]
    assert {o.offer for o in member.offers} == {"mentoring", "speaking"}

    page = Page(client.get(response.headers["Location"]))
    assert "Your profile has been saved." in page.text
    assert page.h1 == "Ada King-Lovelace"
    assert "Lead Clinical Scientist, Southbank Pathology Network" in page.text
    assert page.one(cls="community-discipline").text == "Healthcare science"
    assert "Southbank" in page.text
    assert page.one("em").text == "pathology"
    assert [a.text for a in page.all("a", cls="community-chip")] == [
        "diagnostics", "digital", "quality improvement", "genomics", "point of care testing"]
    assert "Mentoring, Speaking" in page.text

    again = Page(client.get("/profile"))
    assert again.value("interests") == "diagnostics, digital, quality improvement"
    assert again.value("expertise") == "genomics, point of care testing"
    assert again.checked("open_to") == {"mentoring", "speaking"}


def test_emptying_the_optional_fields_clears_them(app, client, ada):
    signed_in(client, ada)

    response = client.post_form("/profile", {"name": "Ada Lovelace", "discipline": "nursing"})

    assert response.status_code == 302
    member = member_by_id(app, ada.id)
    assert (member.job_title, member.organisation_id, member.place, member.bio_html) == ("", None, "", "")
    assert member.tags == [] and member.offers == []
    page = Page(client.get(f"/members/{ada.id}"))
    assert "None added" in page.text and "Not said" in page.text


def test_an_organisation_already_known_is_reused_whatever_its_case_and_spacing(app, client, ada):
    add_member(app, organisation="Southbank Pathology Network")
    signed_in(client, ada)

    assert "Southbank Pathology Network" in [
        o.attrs["value"] for o in Page(client.get("/profile")).one(id="organisation-list").iter()]
    save(client, organisation="  southbank   PATHOLOGY network ")

    with in_app(app):
        names = db.session.scalars(select(Organisation.name).order_by(Organisation.name)).all()
    assert names == ["Riverside University Hospitals NHS Trust", "Southbank Pathology Network"]
    assert member_by_id(app, ada.id).organisation_name == "Southbank Pathology Network"


BIO = """Hello <script>alert('bio')</script> there.

<img src=x onerror="alert('img')">

[my team](https://example.org/team) and [trick](javascript:alert(1)) and https://example.com

![pixel](https://tracker.example/p.png)

# My work"""


def test_the_bio_is_cleaned_when_it_is_saved(app, client, ada):
    signed_in(client, ada)

    assert save(client, bio=BIO).status_code == 302

    member = member_by_id(app, ada.id)
    assert member.bio_source == BIO  # the source is kept as typed, for editing
    prose = Page(client.get(f"/members/{ada.id}")).one(cls="community-prose")
    elements = list(prose.iter())
    assert {e.tag for e in elements} <= {"p", "a", "h3"}
    assert not [e for e in elements if any(name.startswith("on") for name in e.attrs)]
    assert "<script" not in member.bio_html and "<img" not in member.bio_html
    links = {a.attrs["href"]: a.attrs.get("rel") for a in elements if a.tag == "a"}
    # The tracking pixel is never loaded: it stays only as a link to click, marked as an image.
    assert links == {"https://example.org/team": "nofollow noopener ugc",
                     "https://example.com": "nofollow noopener ugc",
                     "https://tracker.example/p.png": "nofollow noopener ugc"}
    assert "Image: pixel" in prose.text
    assert [e.text for e in elements if e.tag == "h3"] == ["My work"]  # h1 demoted below the page's


# Bad input ---------------------------------------------------------------------------------------

UNCHANGED = {"name": "Ada Lovelace", "discipline": "nursing", "job_title": "Matron",
             "organisation_name": "Riverside University Hospitals NHS Trust", "place": "Riverside",
             "bio_source": ""}


@pytest.mark.parametrize(("field", "value", "message"), [
    ("name", "", "Enter your full name"),
    ("name", "   ", "Enter your full name"),
    ("name", "\x7f", "Enter your full name"),  # nothing printable is left once cleaned
    ("name", "N" * 121, "Name must be 120 characters or fewer"),
    ("name", "Ada\x00Lovelace", "Remove the unusual characters from this field"),
    ("name", "\u0958" * 120, "Name must be 120 characters or fewer"),  # 240 once normalised
    ("discipline", "", "Select your discipline"),
    ("discipline", "astrology", "Select your discipline"),
    ("job_title", "J" * 121, "Job title must be 120 characters or fewer"),
    ("organisation", "O" * 161, "Organisation must be 160 characters or fewer"),
    ("place", "P" * 81, "Place must be 80 characters or fewer"),
    ("place", "\u0958" * 80, "Place must be 80 characters or fewer"),
    ("bio", "B" * 2001, "About you must be 2,000 characters or fewer"),
    ("interests", ", ".join(f"topic {n}" for n in range(16)), "Enter 15 or fewer, separated by commas"),
    ("interests", "frailty, " + "x" * 41,
     "Each one must be 40 characters or fewer (“xxxxxxxxxxxxxxxxxxxx…” is too long)"),
    ("expertise", "e" * 801, "Expertise must be 800 characters or fewer"),
    ("expertise", ";".join("abcdefghijklmnop"), "Enter 15 or fewer, separated by commas"),
    ("open_to", ["mentoring", "astrology"], "Choose from the options shown"),
])
def test_bad_input_is_refused_beside_its_field_and_nothing_is_stored(app, client, ada, field, value,
                                                                     message):
    signed_in(client, ada)

    response = save(client, **{field: value})

    page = Page(response)
    assert response.status_code == 422
    assert page.h1 == "Your profile"
    assert page.error_beside(field) == message
    assert page.fields_in_error == {field}
    assert page.error_summary_links == {f"#{field}": message}
    # What the person typed is still in the form, so they can put it right.
    for name in ("name", "job_title", "organisation", "place", "interests", "expertise", "bio"):
        if name != field:
            assert page.value(name) == PROFILE[name]
    if field != "discipline":
        assert page.value("discipline") == PROFILE["discipline"]
    if field != "open_to":
        assert page.checked("open_to") == set(PROFILE["open_to"])
    else:
        assert page.checked("open_to") == {"mentoring"}  # the known choice stays ticked
    # Nothing of the rest of the form was stored either.
    member = member_by_id(app, ada.id)
    assert {key: getattr(member, key) for key in UNCHANGED} == UNCHANGED
    assert member.tags_of("interest") == ["frailty"] and member.tags_of("expertise") == []
    assert [o.offer for o in member.offers] == ["coaching"]


def test_an_over_long_value_is_kept_so_it_can_be_shortened(app, client, ada):
    signed_in(client, ada)
    page = Page(save(client, job_title="J" * 121, bio="B" * 2001))
    assert page.value("job_title") == "J" * 121
    assert page.value("bio") == "B" * 2001
    assert page.fields_in_error == {"job_title", "bio"}


def test_editing_needs_a_signed_in_member_and_the_form_token(app, client, ada):
    assert client.get("/profile").headers["Location"] == "/login?next=%2Fprofile"
    signed_in(client, ada)

    response = client.post("/profile", data={**PROFILE, "csrf_token": "forged"})

    assert response.status_code == 400
    assert member_by_id(app, ada.id).name == "Ada Lovelace"


def test_a_member_waiting_for_approval_can_save_their_profile(app, client):
    waiting = add_member(app, name="Wen Waiting", approved=False)
    signed_in(client, waiting)

    response = save(client, name="Wen Patient")

    assert response.status_code == 302
    assert member_by_id(app, waiting.id).name == "Wen Patient"
    page = Page(client.get(response.headers["Location"]))
    assert page.status == 200
    assert "Your profile has been saved." in page.text


# Reading a profile ---------------------------------------------------------------------------------

def test_a_profile_is_for_members_only(app, client, ada):
    response = client.get(f"/members/{ada.id}")

    assert response.status_code == 302
    assert response.headers["Location"] == f"/login?next=%2Fmembers%2F{ada.id}"
    assert "Ada Lovelace" not in response.get_data(as_text=True)


def test_an_unknown_member_is_not_found(app, client, ada):
    signed_in(client, ada)
    assert client.get("/members/999999").status_code == 404
    assert client.get("/members/not-a-number").status_code == 404


def test_a_profile_shows_initials_and_the_member_s_details(app, client, ada):
    sian = add_member(app, name="Siân O’Connell-Núñez", discipline="midwifery",
                      organisation="Southbank Maternity Alliance", job_title="Consultant Midwife",
                      interests="maternity, equity")
    signed_in(client, ada)

    page = Page(client.get(f"/members/{sian.id}"))

    assert page.status == 200
    assert page.h1 == "Siân O’Connell-Núñez"
    avatar = page.one(cls="community-avatar")
    assert avatar.text == "SN" and avatar.attrs["aria-hidden"] == "true"
    assert "Consultant Midwife, Southbank Maternity Alliance" in page.text
    assert page.one(cls="community-discipline").text == "Midwifery"
    assert sian.email not in page.html
    assert page.one("button", type="submit").text == "Connect with Siân O’Connell-Núñez"


def test_a_profile_lists_recent_threads_comments_and_connections_newest_first(app, client, ada):
    with in_app(app):
        make_space()
        me = db.session.get(Member, ada.id)
        bob = make_member(name="Bob Okafor", discipline="medicine")
        thread = make_thread(me, title="Weekend discharge")
        other = make_thread(bob, title="Frailty huddles")
        posting.add_comment(me, other, body="We tried this")
        gone = posting.add_comment(me, other, body="Removed later")
        posting.delete_post(me, gone)
        connect(me, bob)
        thread_id, other_id = thread.id, other.id
    signed_in(client, ada)

    page = Page(client.get(f"/members/{ada.id}"))

    items = [li.text for li in page.one("ul", cls="community-activity").iter() if li.tag == "li"]
    assert [text.split(": ", 1)[1] for text in items] == [
        "Connected with Bob Okafor",
        "Commented on Frailty huddles",
        "Started a thread Weekend discharge",
        "Joined the community",
    ]
    links = {a.text: a.attrs["href"] for a in page.one("ul", cls="community-activity").iter()
             if a.tag == "a"}
    assert links == {"Bob Okafor": f"/members/{bob.id}",
                     "Frailty huddles": f"/threads/{other_id}",
                     "Weekend discharge": f"/threads/{thread_id}"}


def test_hidden_posts_are_not_in_the_activity(app, client, ada):
    with in_app(app):
        make_space()
        me = db.session.get(Member, ada.id)
        moderator = make_member(roles=("moderator",))
        hidden = make_thread(me, title="Something moderated")
        moderating.hide_post(moderator, posting.get_post(_opening_post_id(hidden)), "Off topic")
        shown = make_thread(moderator, title="Still here")
        comment = posting.add_comment(me, shown, body="A comment that was hidden")
        moderating.hide_post(moderator, comment, "Personal details")
    signed_in(client, add_member(app, name="Rita Reader"))

    page = Page(client.get(f"/members/{ada.id}"))

    activity = page.one("ul", cls="community-activity").text
    assert "Something moderated" not in activity and "Still here" not in activity
    assert "Joined the community" in activity


def _opening_post_id(thread) -> int:
    from community.threads.models import Post
    return db.session.scalar(select(Post.id).where(Post.thread_id == thread.id, Post.is_opening))


def test_a_profile_shows_how_its_connections_spread_across_disciplines(app, client, ada):
    with in_app(app):
        me = db.session.get(Member, ada.id)
        for name, discipline in [("Bob Okafor", "medicine"), ("Cy Doctor", "medicine"),
                                 ("Di Pharmacist", "pharmacy")]:
            connect(me, make_member(name=name, discipline=discipline))
        connections.request(me, make_member(discipline="psychology"))  # pending: not counted
    viewer = add_member(app, name="Viv Viewer")
    signed_in(client, viewer)

    card = Page(client.get(f"/members/{ada.id}")).one(cls="nhsuk-card")

    assert card.text.startswith("Ada Lovelace's connections 3 connections across 2 disciplines:")
    assert [li.text for li in card.iter() if li.tag == "li"] == ["Medicine: 2", "Pharmacy: 1"]


def test_a_member_waiting_for_approval_is_hidden_from_ordinary_members(app, client, another_client, ada):
    waiting = add_member(app, name="Wen Waiting", approved=False)
    moderator = add_member(app, name="Mo Derator", roles=("moderator",))
    signed_in(client, ada)

    response = client.get(f"/members/{waiting.id}")

    assert response.status_code == 404
    assert "Wen Waiting" not in response.get_data(as_text=True)
    # Moderators look at the people waiting before approving them.
    assert Page(signed_in(another_client, moderator).get(f"/members/{waiting.id}")).h1 == "Wen Waiting"


def test_a_member_waiting_for_approval_cannot_read_profiles_yet(app, client, ada):
    waiting = add_member(app, name="Wen Waiting", approved=False)
    signed_in(client, waiting)

    response = client.get(f"/members/{ada.id}")

    assert response.status_code == 403
    assert "waiting for a moderator's approval" in Page(response).text


def test_a_suspended_member_s_profile_stays_and_says_so(app, client, ada):
    with in_app(app):
        sam = make_member(name="Sam Suspended")
        moderation.suspend(make_member(roles=("admin",)), sam)
        sam_id = sam.id
    signed_in(client, ada)

    page = Page(client.get(f"/members/{sam_id}"))

    assert page.status == 200
    assert "Suspended" in page.text
    assert not page.all("button", type="submit")  # no connecting with a suspended member


@pytest.mark.parametrize(("field", "value", "message"), [
    ("name", "\x7f", "Enter your full name"),
    ("name", "\u0958" * 120, "Name must be 120 characters or fewer"),
    ("organisation", "\x7f\x7f", "Enter the organisation you work for"),
    ("organisation", "\u0958" * 160, "Organisation must be 160 characters or fewer"),
])
def test_joining_judges_the_name_and_organisation_as_they_would_be_stored(app, client, field, value,
                                                                          message):
    response = join(client, **{field: value})

    page = Page(response)
    assert response.status_code == 422
    assert page.error_beside(field) == message
    assert member_count(app) == 0
