"""Browser journeys for writing and reading live: two people on one thread, one comments and the
other sees it arrive without a reload and hears it announced; drafts survive a reload and go once
posted; the Markdown preview works from the keyboard.

The real Content-Security-Policy applies (no axe here), so an inline script or a blocked socket
would show up as a console error and fail the test.
"""
from __future__ import annotations

import json
import subprocess

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import BIN, ROOT
from tests.e2e.test_journeys import Person, heading, make_admins, signed_in_page
from tests.factories import PASSWORD

pytestmark = pytest.mark.e2e

LENA = Person("Lena Okafor", "lena.okafor@example.nhs.uk", PASSWORD, "Nursing")
SAM = Person("Sam Ferreira", "sam.ferreira@example.nhs.uk", PASSWORD, "Pharmacy")

# Made with the real services in the server's own database (no join form: its rate limit is
# kept for the joining journeys).
SETUP = """
import json
from datetime import timedelta
from community import create_app
from community.extensions import db
from community.members.models import Member
from community.threads.models import Post, Thread
from tests.factories import make_member, make_space, make_thread
app = create_app()
# A thread held for review, through the real screening (the server's own list stays empty).
app.config["HOLD_WORDS"] = [{hold!r}] if {hold!r} else []
with app.test_request_context():
    lena = db.session.scalar(db.select(Member).where(Member.email == {lena!r}))
    if lena is None:
        make_space(slug="live-conversations", name="Live conversations")
        lena = make_member(name={lena_name!r}, email={lena!r}, discipline="nursing")
        make_member(name={sam_name!r}, email={sam!r}, discipline="pharmacy")
    thread = make_thread(lena, space="live-conversations", title={title!r},
                         body="What helps a new nurse settle in the first month? " + {hold!r})
    # A full first page of earlier comments, written straight to the table with the numbering
    # and counters the posting service keeps (fifty service calls would meet the posting limit).
    if {filler}:
        db.session.execute(db.insert(Post), [{{
            "thread_id": thread.id, "author_id": lena.id, "number": n + 1, "position": n,
            "body_source": f"Earlier comment {{n}}", "body_html": f"<p>Earlier comment {{n}}</p>",
            # Written two hours ago: outside the hour the posting limit counts.
            "created_at": thread.created_at - timedelta(hours=2)}} for n in range(1, {filler} + 1)])
        db.session.execute(db.update(Thread).where(Thread.id == thread.id).values(
            last_number={filler} + 1, last_position={filler}, comment_count={filler}))
        db.session.commit()
    print(json.dumps({{"thread": thread.id}}))
"""


def make_thread(server, title: str, filler: int = 0, hold: str = "") -> int:
    script = SETUP.format(lena=LENA.email, lena_name=LENA.name, sam=SAM.email, sam_name=SAM.name,
                          title=title, filler=filler, hold=hold)
    result = subprocess.run([str(BIN / "python"), "-c", script], cwd=ROOT, env=server.env,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])["thread"]


def comments(page: Page):
    return page.locator("#comments article")


def draft_saved(page, text: str) -> None:
    """Wait until compose.js has written a draft holding `text` (it saves shortly after typing)."""
    page.wait_for_function("t => Object.values(localStorage).some(v => v.includes(t))", arg=text)


def joined(page) -> None:
    """Wait until thread.js has joined the thread's room (it marks the comments box)."""
    expect(page.locator("[data-live=joined]")).to_have_count(1)


def test_a_comment_arrives_live_and_is_announced(server, new_context):
    thread_id = make_thread(server, "Settling in new nurses")
    lena = signed_in_page(new_context, LENA)
    sam = signed_in_page(new_context, SAM)
    lena.goto(f"/threads/{thread_id}")
    sam.goto(f"/threads/{thread_id}")
    # Sam has the thread open in a second tab too.
    sam_again = sam.context.new_page()
    sam_again.goto(f"/threads/{thread_id}")
    joined(sam_again)
    expect(heading(lena, "Settling in new nurses")).to_be_visible()
    # Lena's page is the same page throughout: a reload would lose this marker.
    lena.evaluate("() => { window.__sameLoad = true }")
    joined(lena)

    sam.get_by_label("Your comment").fill("A buddy for the **first six weeks** made the difference.")
    sam.get_by_role("button", name="Post comment").click()
    expect(sam.get_by_text("made the difference")).to_be_visible()

    arrived = comments(lena).filter(has_text="made the difference")
    expect(arrived).to_have_count(1)
    expect(arrived.locator("strong")).to_have_text("first six weeks")
    expect(arrived.get_by_role("link", name=SAM.name, exact=True)).to_be_visible()
    expect(lena.locator("#live-announcer")).to_have_text(f"New comment from {SAM.name}")
    expect(lena.locator("#live-announcer")).to_have_attribute("aria-live", "polite")
    expect(lena.locator("#comment-count")).to_have_text("1 comment")
    assert lena.evaluate("() => window.__sameLoad") is True

    # Lena started the thread: the comment is redrawn for her, so she can mark it helpful at once.
    expect(arrived.get_by_role("button", name="Mark helpful")).to_be_visible()
    # The arrived comment works like any other: Lena can react to it with her own session.
    arrived.get_by_role("button", name="Insightful").click()
    expect(comments(lena).filter(has_text="made the difference")
           .get_by_role("button", name="Insightful")).to_have_attribute("aria-pressed", "true")
    # Pressed again, it takes the reaction back.
    comments(lena).filter(has_text="made the difference").get_by_role("button", name="Insightful").click()
    expect(comments(lena).filter(has_text="made the difference")
           .get_by_role("button", name="Insightful")).to_have_attribute("aria-pressed", "false")

    # Sam wrote it: in his other tab it arrives drawn for its author, Edit and Delete and no
    # reaction buttons.
    own = comments(sam_again).filter(has_text="made the difference")
    expect(own.get_by_role("link", name="Edit your post")).to_be_visible()
    expect(own.get_by_role("button", name="Delete this post")).to_be_visible()
    expect(own.get_by_role("button", name="Insightful")).to_have_count(0)
    lena.get_by_label("Your comment").fill("Thank you, Sam.")
    lena.get_by_role("button", name="Post comment").click()
    expect(comments(sam_again).filter(has_text="Thank you, Sam.")).to_have_count(1)
    expect(comments(sam_again).filter(has_text="made the difference")).to_have_count(1)


def test_a_comment_on_a_page_not_shown_is_offered_as_a_link(server, new_context):
    thread_id = make_thread(server, "A long conversation", filler=50)  # page 1 is full
    lena = signed_in_page(new_context, LENA)
    sam = signed_in_page(new_context, SAM)
    lena.goto(f"/threads/{thread_id}")
    expect(comments(lena)).to_have_count(50)
    joined(lena)

    sam.goto(f"/threads/{thread_id}")
    sam.get_by_label("Your comment").fill("The fifty-first, on a page of its own")
    sam.get_by_role("button", name="Post comment").click()
    expect(sam.get_by_text("The fifty-first")).to_be_visible()

    offer = lena.get_by_role("link", name="1 new comment — show")
    expect(offer).to_be_visible()
    expect(comments(lena)).to_have_count(50)
    expect(lena.locator("#live-announcer")).to_have_text(f"New comment from {SAM.name}")
    offer.click()
    expect(lena.get_by_text("The fifty-first, on a page of its own")).to_be_visible()
    assert "page=2" in lena.url


def test_a_held_thread_approved_while_open_keeps_its_authors_page_live(server, new_context):
    """While a thread is held, its comments go to a room only its author and moderators join; once a
    moderator approves it, the author's open page is asked to join again (thread.js, "rejoin") and
    receives what others write next, without a reload."""
    mo = Person("Mo Adeyemi", "mo.adeyemi@example.nhs.uk", PASSWORD, "Medicine")
    make_admins(server, mo)
    thread_id = make_thread(server, "Held until a moderator looks", hold="fasttrackcure")
    lena = signed_in_page(new_context, LENA)
    lena.goto(f"/threads/{thread_id}")
    expect(lena.get_by_text("Waiting for a moderator")).to_be_visible()
    lena.evaluate("() => { window.__sameLoad = true }")
    joined(lena)

    moderator = signed_in_page(new_context, mo)
    moderator.goto("/moderation")
    moderator.get_by_role("button", name=f"Approve the post by {LENA.name}").click()
    sam = signed_in_page(new_context, SAM)
    sam.goto(f"/threads/{thread_id}")   # open to every member now
    sam.get_by_label("Your comment").fill("Glad this one is open to all of us now")
    sam.get_by_role("button", name="Post comment").click()
    expect(sam.get_by_text("Glad this one is open")).to_be_visible()

    expect(comments(lena).filter(has_text="Glad this one is open")).to_have_count(1)
    expect(lena.locator("#live-announcer")).to_have_text(f"New comment from {SAM.name}")
    assert lena.evaluate("() => window.__sameLoad") is True


def test_a_comment_draft_survives_a_reload_and_goes_once_posted(server, new_context):
    thread_id = make_thread(server, "Drafts that survive")
    page = signed_in_page(new_context, SAM)
    page.goto(f"/threads/{thread_id}")
    box = page.get_by_label("Your comment")
    box.fill("Half a thought about preceptorship")
    draft_saved(page, "Half a thought about preceptorship")
    page.reload()
    expect(page.get_by_label("Your comment")).to_have_value("Half a thought about preceptorship")

    page.get_by_role("button", name="Post comment").click()
    expect(comments(page).filter(has_text="Half a thought")).to_have_count(1)
    expect(page.get_by_label("Your comment")).to_have_value("")
    page.wait_for_load_state()  # the page's scripts have run: the draft is forgotten
    page.reload()
    expect(page.get_by_label("Your comment")).to_have_value("")


def test_a_new_thread_draft_survives_a_reload_and_a_failed_submission(server, new_context):
    make_thread(server, "Make sure the people exist")
    page = signed_in_page(new_context, LENA)
    page.goto("/threads/new")
    page.get_by_label("Title").fill("Rotas that respect learning time")
    page.get_by_label("What do you want to discuss?").fill("How do your teams protect it?")
    page.get_by_label("Pharmacy").check()
    draft_saved(page, "pharmacy")
    page.reload()
    expect(page.get_by_label("Title")).to_have_value("Rotas that respect learning time")
    expect(page.get_by_label("What do you want to discuss?")).to_have_value("How do your teams protect it?")
    expect(page.get_by_label("Pharmacy")).to_be_checked()

    page.get_by_role("button", name="Start thread").click()  # no space chosen: refused
    expect(page.locator(".nhsuk-error-summary")).to_be_visible()
    page.reload()  # the GET page again, empty from the server: the draft fills it
    expect(page.get_by_label("Title")).to_have_value("Rotas that respect learning time")

    page.get_by_label("Space").select_option(label="Live conversations")
    page.get_by_role("button", name="Start thread").click()
    expect(heading(page, "Rotas that respect learning time")).to_be_visible()
    page.wait_for_load_state()  # the page's scripts have run: the draft is forgotten
    page.goto("/threads/new")
    expect(page.get_by_label("Title")).to_have_value("")
    expect(page.get_by_label("What do you want to discuss?")).to_have_value("")


def test_the_preview_shows_the_cleaned_markdown_from_the_keyboard(server, new_context):
    thread_id = make_thread(server, "Previewing")
    page = signed_in_page(new_context, SAM)
    page.goto(f"/threads/{thread_id}")
    page.get_by_label("Your comment").fill("Some **bold** advice <script>window.__xss=1</script>")
    page.keyboard.press("Tab")
    preview = page.get_by_role("button", name="Preview")
    expect(preview).to_be_focused()
    page.keyboard.press("Enter")
    expect(preview).to_have_attribute("aria-expanded", "true")
    panel = page.get_by_role("region", name="Preview")
    expect(panel.locator("strong")).to_have_text("bold")
    expect(panel).to_contain_text("<script>window.__xss=1</script>")  # shown as text
    assert page.evaluate("() => window.__xss") is None
    page.keyboard.press("Enter")
    expect(panel).to_be_hidden()
    expect(page.get_by_role("button", name="Preview")).to_have_attribute("aria-expanded", "false")
