"""Hostile text in Chromium, with the Content-Security-Policy on, and axe-core on the pages the
other journeys do not check.

Two admins (admins are members too) type payloads from tests/guard_rails/xss_corpus.py into the
registered fields through the real forms: the whole corpus into one opening post (Markdown), the
essential payloads and those that need a person to act (hover, focus, click) into every other
field. Then every page that shows them is opened and probed: `alert`, `confirm` and `prompt` are
hooked before any script runs, `securitypolicyviolation` events are recorded, requests to any
other origin are recorded and refused, and every element in the page's main part gets pointer
and focus events, every element in user content is clicked, and every link in it is hovered,
focused and clicked with the real mouse (the first 25 a page; navigation away is stopped, so
`javascript:` would still run). Zero of each is the pass.

These tests run on a server of their own: their threads, spaces and log entries would change
what the other journeys count.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import running_server
from tests.e2e.test_journeys import Person, heading, make_admins, sign_in, signed_in_page
from tests.guard_rails.xss_corpus import CORPUS, ESSENTIAL

pytestmark = pytest.mark.e2e

ADA = Person("Ada <img src=x onerror=alert('name')> \"'><svg onload=alert(2)>", "ada.guard@example.nhs.uk",
             "velvet orchards hum at dawn", "Medicine")
BEN = Person("Ben Moderator", "ben.guard@example.nhs.uk", "quartz lanterns drift north", "Nursing")

# Payloads that need a person to do something before they would run.
INTERACTIVE = [
    '<a href="https://example.org" onmouseover="alert(\'hover\')">hover me</a>',
    "<p onclick=alert('click')>click me</p>",
    "<em onfocus=alert('focus') tabindex=0>focus me</em>",
    "[a javascript link](javascript:alert('md-link'))",
    "<javascript:alert('autolink')>",
    "[ref link][r]\n\n[r]: javascript:alert('ref')",
    "<details open ontoggle=alert('toggle')><summary>open me</summary></details>",
    '<a href=https://evil.example style="position:fixed;inset:0">cover</a>',
    "[data link](data:text/html,<script>alert('data')</script>)",
    "{{ 8191*8191 }} {% for i in range(3) %}zq{{ i }}{% endfor %}",
]
SHORT = [p.text for p in ESSENTIAL] + INTERACTIVE
# The whole corpus in one Markdown post: all but what a form refuses (control characters) or
# what would crowd it (very long text, tested in the fast suite).
BODY = "\n\n".join(p.text for p in CORPUS if len(p.text) < 1500 and not re.search(r"[\x00-\x08\x0b-\x1f]", p.text))

HOOKS = """
(() => {
  const seen = window.__hostile = {calls: [], csp: [], links: []};
  for (const name of ['alert', 'confirm', 'prompt', 'print']) {
    window[name] = (...args) => { seen.calls.push(`${name}(${args.join(',')})`) };
  }
  document.addEventListener('securitypolicyviolation',
    e => seen.csp.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`), true);
  // Clicking a link must not carry the page away; a javascript: address is left to run.
  document.addEventListener('click', e => {
    const link = e.target.closest && e.target.closest('a[href]');
    if (link && /^(https?|mailto):/i.test(link.href)) { e.preventDefault(); seen.links.push(link.href) }
  }, true);
})();
"""

STIR = """
() => {
  const main = document.querySelector('main') || document.body;
  const pointer = ['pointerover', 'pointerenter', 'mouseover', 'mouseenter', 'mousemove', 'pointerdown',
                   'mousedown', 'pointerup', 'mouseup', 'mouseleave', 'mouseout'];
  for (const el of main.querySelectorAll('*')) {
    for (const type of pointer) el.dispatchEvent(new MouseEvent(type, {bubbles: true}));
    for (const type of ['focus', 'focusin', 'blur', 'animationstart', 'animationend', 'transitionend',
                        'copy', 'toggle', 'load', 'error']) el.dispatchEvent(new Event(type, {bubbles: true}));
    if (el.focus) el.focus({preventScroll: true});
  }
  let clicked = 0;
  for (const el of document.querySelectorAll('.community-prose *')) { el.click(); clicked += 1 }
  return clicked;
}
"""


@dataclass
class Watch:
    origin: str
    dialogs: list[str] = field(default_factory=list)
    elsewhere: list[str] = field(default_factory=list)
    probed: list[str] = field(default_factory=list)

    def attach(self, page: Page) -> Page:
        page.context.add_init_script(HOOKS)
        page.context.route(lambda url: not url.startswith(self.origin), self._refuse)
        page.on("dialog", lambda dialog: (self.dialogs.append(dialog.message), dialog.dismiss()))
        return page

    def _refuse(self, route) -> None:
        self.elsewhere.append(route.request.url)
        route.abort()

    def probe(self, page: Page, label: str) -> None:
        """Pointer, focus and clicks on everything hostile text could have made; then count."""
        page.wait_for_load_state("load")
        address = page.url
        page.evaluate(STIR)
        links = page.locator(".community-prose a, main [onclick], main [onmouseover], main [onfocus]")
        for i in range(min(links.count(), 25)):  # every element already had synthetic events
            link = links.nth(i)
            if link.is_visible():
                link.focus()
                link.click(no_wait_after=True)  # moves the real mouse over it first
        page.wait_for_timeout(200)
        seen = page.evaluate("() => window.__hostile")
        assert seen["calls"] == [], f"{label}: hooked calls {seen['calls']}"
        assert seen["csp"] == [], f"{label}: CSP violations {seen['csp']}"
        assert self.dialogs == [], f"{label}: dialogs {self.dialogs}"
        assert self.elsewhere == [], f"{label}: requests to other origins {self.elsewhere}"
        assert page.url == address, f"{label}: the page went to {page.url}"
        self.probed.append(label)


@pytest.fixture(scope="module")
def server():
    with running_server() as running:
        yield running


def _page(new_context, server, person: Person) -> tuple[Page, Watch]:
    watch = Watch(server.url)
    page = signed_in_page(new_context, person)
    return watch.attach(page), watch


def _fill(page: Page, values: dict[str, str]) -> None:
    for name, value in values.items():
        field = page.locator(f"[name={name}]").first
        if field.evaluate("e => e.tagName") == "SELECT":
            field.select_option(label=value)
        else:
            field.fill(value)


def _submit(page: Page, url: str, values: dict[str, str], button: str) -> None:
    page.goto(url)
    _fill(page, values)
    page.get_by_role("button", name=button, exact=True).click()
    page.wait_for_load_state("load")


def _id(url: str, prefix: str) -> int:
    return int(re.search(re.escape(prefix) + r"(\d+)", url).group(1))


def _chunks(texts: list[str], size: int, sep: str = " ") -> list[str]:
    out = [""]
    for text in texts:
        if len(text) > size:
            continue
        if len(out[-1]) + len(sep) + len(text) > size:
            out.append("")
        out[-1] = f"{out[-1]}{sep}{text}" if out[-1] else text
    return out


def test_hostile_text_never_runs_in_the_browser(server, new_context):
    make_admins(server, ADA, BEN)
    ada, ada_watch = _page(new_context, server, ADA)
    ben, ben_watch = _page(new_context, server, BEN)
    lines = _chunks(SHORT, 110)

    # Spaces: an admin names and describes them.
    _submit(ada, "/admin/spaces", {"name": "Safe space", "description": "Plain"}, "Add space")
    for i, line in enumerate(lines[:3]):
        _submit(ada, "/admin/spaces", {"name": f"Space {i} {line}", "description": "\n".join(lines)[:480]},
                "Add space")
    ada_watch.probe(ada, "/admin/spaces")

    # A profile: every text field at once.
    _submit(ada, "/profile", {"job_title": lines[0], "organisation": lines[1], "place": lines[2][:75],
                              "bio": "\n\n".join(SHORT)[:1990],
                              "interests": ", ".join(t for t in SHORT if len(t) <= 40 and "," not in t)[:790],
                              "expertise": "<b>bold</b>, \"quoted\", 'single', `tick`"}, "Save profile")
    expect(heading(ada, ADA.name)).to_be_visible()
    ada_id = _id(ada.url, "/members/")
    ada_watch.probe(ada, "own profile")

    # A thread: the whole corpus in its opening post, essential payloads in its title and topics.
    _submit(ada, "/threads/new", {"title": lines[0][:190], "body": BODY, "space": "Safe space",
                                  "tags": "<i>x</i>, \"><b>, {{ 8191*8191 }}"}, "Start thread")
    expect(ada.locator("h1")).to_contain_text("<script>")
    thread = _id(ada.url, "/threads/")
    ada_watch.probe(ada, "thread (author)")

    # Ben watches the thread live while Ada comments, previews and mentions.
    ben.goto(f"/threads/{thread}")
    ada.get_by_label("Your comment").fill("\n\n".join(SHORT))
    ada.get_by_role("button", name="Preview").click()
    expect(ada.locator(".community-preview")).to_contain_text("hover me")
    ada_watch.probe(ada, "preview")
    ada.get_by_role("button", name="Post comment").click()
    expect(ben.locator(".community-post").nth(1)).to_contain_text("click me")
    ben_watch.probe(ben, "a comment arriving live")
    ben.get_by_label("Your comment").press_sequentially(" @Ada", delay=20)
    expect(ben.get_by_role("option").first).to_contain_text("<img")
    ben_watch.probe(ben, "mention suggestions")

    opening = int(ada.locator(".community-post").first.get_attribute("id").removeprefix("post-"))
    posts = ada.locator(".community-post").evaluate_all(
        "els => els.map(e => e.querySelector('a[href*=\"/edit\"]')?.getAttribute('href'))")
    comment_post = _id([p for p in posts if p][-1], "/posts/")
    opening_post = _id([p for p in posts if p][0], "/posts/")
    assert opening == 1

    # Ada edits her comment; Ben reports, hides and moves, each with hostile reasons.
    _submit(ada, f"/posts/{comment_post}/edit", {"body": "\n\n".join(reversed(SHORT))}, "Save changes")
    ben.goto(f"/threads/{thread}")
    ben.locator("button.community-reaction").first.click()
    ben.goto(f"/posts/{opening_post}/flag")
    ben_watch.probe(ben, "report form")
    ben.locator("#reason-other").check()
    _fill(ben, {"note": lines[1]})
    ben.get_by_role("button", name="Send report").click()
    expect(ben.get_by_role("status")).to_contain_text("A moderator will look at the post")
    _submit(ben, f"/moderation/posts/{comment_post}/hide", {"reason": lines[2]}, "Hide post")
    ben.goto(f"/threads/{thread}/move")
    ben.locator("#space").select_option(index=1)
    _fill(ben, {"reason": lines[3]})
    ben.get_by_role("button", name="Move thread").click()
    expect(ben.get_by_role("status")).to_contain_text("The thread is now in")
    ben_watch.probe(ben, "thread after a move")

    for url, who, watch in [
        (f"/members/{ada_id}", ben, ben_watch), ("/members", ben, ben_watch), ("/", ben, ben_watch),
        (f"/threads/{thread}", ben, ben_watch), (f"/threads/{thread}", ada, ada_watch),
        (f"/threads/{thread}?quote={opening_post}", ben, ben_watch), ("/threads", ben, ben_watch),
        ("/spaces/safe-space", ben, ben_watch), (f"/posts/{opening_post}/reactions", ben, ben_watch),
        (f"/posts/{comment_post}/history", ben, ben_watch), (f"/posts/{opening_post}/edit", ada, ada_watch),
        ("/moderation", ben, ben_watch),
        ("/moderation/log", ben, ben_watch), ("/admin", ben, ben_watch), (f"/admin/members/{ada_id}", ben, ben_watch),
        ("/notifications", ben, ben_watch), ("/notifications", ada, ada_watch), ("/profile", ada, ada_watch),
        (f"/moderation/posts/{opening_post}/hide", ben, ben_watch), (f"/threads/{thread}/move", ben, ben_watch),
        ("/members?q=%22%3E%3Cimg+src%3Dx+onerror%3Dalert(1)%3E", ben, ben_watch),
        ("/threads?tag=%3Cscript%3Ealert(1)%3C/script%3E", ben, ben_watch),
    ]:
        who.goto(url)
        watch.probe(who, url)
    assert len(ada_watch.probed) + len(ben_watch.probed) >= 29


# axe-core, with the CSP on, on the pages the other journeys do not check -----------------------

CY = Person("Cy Author", "cy.axe@example.nhs.uk", "plum harbours keep time", "Pharmacy")
DEE = Person("Dee Reader", "dee.axe@example.nhs.uk", "silver ferns in winter", "Midwifery")


def _button(page: Page, name: str) -> None:
    page.get_by_role("button", name=name, exact=True).click()
    page.wait_for_load_state("load")


def test_more_pages_have_no_wcag_violations(server, new_context, axe_check):
    make_admins(server, CY, DEE)
    cy = signed_in_page(new_context, CY)
    _submit(cy, "/admin/spaces", {"name": "Integrated care", "description": "Working across boundaries."},
            "Add space")
    _submit(cy, "/threads/new", {"title": "Discharge before noon", "body": "What has worked for you?",
                                 "space": "Integrated care"}, "Start thread")
    thread = _id(cy.url, "/threads/")
    post = _id(cy.locator(".community-post a[href*='/edit']").first.get_attribute("href"), "/posts/")
    _submit(cy, f"/posts/{post}/edit", {"body": "What has worked for you, and what has not?"}, "Save changes")
    dee = signed_in_page(new_context, DEE)
    dee.goto(f"/threads/{thread}")
    dee.locator("button.community-reaction").first.click()
    dee_id = _id(dee.get_by_role("link", name=DEE.name).first.get_attribute("href"), "/members/")

    checks = [
        (cy, f"/posts/{post}/edit", None), (cy, f"/posts/{post}/history", None),
        (cy, f"/posts/{post}/reactions", None), (cy, f"/moderation/posts/{post}/hide", "Hide post"),
        (cy, f"/threads/{thread}/move", "Move thread"), (cy, "/admin", None),
        (cy, f"/admin/members/{dee_id}", None), (cy, "/profile/password", "Change password"),
        (cy, "/profile/email", None), (cy, "/spaces/integrated-care", None),
        (cy, "/notifications/settings", None),
    ]
    statuses = []
    for page, url, submit_empty in checks:
        response = page.goto(url)
        statuses.append(response.status)
        axe_check(page, f"{url} ({response.status})")
        if submit_empty:  # the same page with its errors showing
            _button(page, submit_empty)
            expect(page.locator(".nhsuk-error-summary")).to_be_visible()
            axe_check(page, f"{url} with errors")
    assert set(statuses) == {200}, statuses

    errors = new_context(expect_statuses=(403, 404, 405)).new_page()
    errors.goto("/login")
    sign_in(errors, DEE)
    for url, status in [("/no-such-page", 404), (f"/posts/{post}/edit", 403), ("/logout", 405)]:
        assert errors.goto(url).status == status
        axe_check(errors, f"{url} ({status})")

    visitor = new_context().new_page()
    visitor.goto("/reset")
    axe_check(visitor, "/reset")
    _fill(visitor, {"email": CY.email})
    _button(visitor, "Send the link")
    axe_check(visitor, "/reset sent")
    visitor.goto(server.link_mailed_to(CY.email, "/reset/"))
    expect(heading(visitor, "Choose a new password")).to_be_visible()
    axe_check(visitor, "/reset/<token>")
    _button(visitor, "Save password")
    axe_check(visitor, "/reset/<token> with errors")


# Action learning sets: a facilitator's set and meeting text, as members and invitees see it ------

EVE = Person("Eve <svg onload=alert('eve')> Facilitator", "eve.guard@example.nhs.uk", "saffron kites over meadows",
             "Psychology")
FRED = Person("Fred Setmember", "fred.guard@example.nhs.uk", "marble stairs in springtime", "Nursing")


def test_hostile_set_and_meeting_text_never_runs_in_the_browser(server, new_context):
    make_admins(server, EVE, FRED)
    eve, eve_watch = _page(new_context, server, EVE)
    fred, fred_watch = _page(new_context, server, FRED)
    lines = _chunks(SHORT, 110)
    eve_id = _id(eve.get_by_role("link", name=EVE.name).first.get_attribute("href"), "/members/")
    eve.goto(f"/admin/members/{eve_id}")
    eve.get_by_label("Facilitator").check()
    _button(eve, "Save roles")

    _submit(eve, "/sets/new", {"name": lines[0][:110], "purpose": "\n\n".join(SHORT)[:1990],
                               "ground_rules": BODY[:4990],
                               "video_link": "https://meet.example.org/x\"><script>alert('link')</script>"},
            "Create the set")
    learning_set = _id(eve.url, "/sets/")
    eve_watch.probe(eve, "invite page")
    eve.goto(f"/sets/{learning_set}/invite?q=Fred")
    eve.get_by_role("button", name=f"Invite {FRED.name}").click()
    fred.goto(f"/sets/{learning_set}")
    fred_watch.probe(fred, "the invitation")
    fred.get_by_label("I agree to the set's ground rules").check()
    _button(fred, "Join the set")

    day = date.today() + timedelta(days=12)
    _submit(eve, f"/sets/{learning_set}/meetings/new", {"title": lines[1][:110], "agenda": "\n\n".join(SHORT)[:4990],
                                                        "start_date": day.isoformat(), "start_time": "10:00"},
            "Schedule")
    meeting = _id(eve.locator(".community-meetings a").first.get_attribute("href"), "/meetings/")
    for url, who, watch in [
        (f"/sets/{learning_set}", fred, fred_watch), (f"/sets/{learning_set}", eve, eve_watch),
        ("/sets", fred, fred_watch), ("/", fred, fred_watch), (f"/meetings/{meeting}", fred, fred_watch),
        (f"/sets/{learning_set}/edit", eve, eve_watch), (f"/meetings/{meeting}/edit", eve, eve_watch),
        (f"/sets/{learning_set}/invite?q=%3Cscript%3Ealert(1)%3C/script%3E", eve, eve_watch),
        ("/notifications", fred, fred_watch),
    ]:
        who.goto(url)
        watch.probe(who, url)
    assert len(eve_watch.probed) + len(fred_watch.probed) >= 11
