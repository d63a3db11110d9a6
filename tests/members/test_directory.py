"""The member directory at /members (search, filters, pages, who is listed, a fixed number of
statements) and the suggestions across disciplines on the member's home page."""
from __future__ import annotations

import itertools

import pytest

from community.content import parse_tags
from community.extensions import db
from community.members import passwords
from community.dates import utcnow
from community.members.models import Member, MemberOffer, MemberTag
from community.members.services import connections, directory
from community.members.services.accounts import organisation_named
from community.moderation.services import members as moderation
from tests.factories import PASSWORD, connect, make_member
from tests.support import Page, Person, add_member, in_app, signed_in

PAGE_SIZE = 5
_numbers = itertools.count(1)


@pytest.fixture
def app_config():
    return {"DIRECTORY_PAGE_SIZE": PAGE_SIZE}


def _names(response) -> list[str]:
    page = Page(response)
    assert page.status == 200
    return [heading.text for li in page.all("li", cls="community-member")
            for heading in li.iter() if heading.tag == "h3"]


def listed(client, **query) -> list[str]:
    """The names a directory page lists, in order."""
    return _names(client.get("/members", query_string=query))


def total(client, **query) -> str:
    return Page(client.get("/members", query_string=query)).one(role="status").text


def insert(*people: dict) -> None:
    """Members written in one transaction, quicker than a service call each; all can sign in.

    Each is a dict of Member fields plus `organisation`, `interests`, `expertise` and `open_to`.
    """
    now, password_hash = utcnow(), passwords.hash_password(PASSWORD)
    for person in people:
        person = dict(person)
        organisation = person.pop("organisation", "Riverside University Hospitals NHS Trust")
        tags = {kind: parse_tags(person.pop(key, "")) for kind, key in
                (("interest", "interests"), ("expertise", "expertise"))}
        offers = person.pop("open_to", ())
        member = Member(**{"email": f"person{next(_numbers)}@example.nhs.uk",
                           "password_hash": password_hash, "discipline": "nursing", "joined_at": now,
                           "confirmed_at": now, "approved_at": now,
                           "organisation": organisation_named(organisation), **person})
        db.session.add(member)
        db.session.flush()
        db.session.add_all([MemberTag(member_id=member.id, kind=kind, tag=tag)
                            for kind, values in tags.items() for tag in values])
        db.session.add_all([MemberOffer(member_id=member.id, offer=offer) for offer in offers])
    db.session.commit()


@pytest.fixture
def people(app):
    """A small community; Ada is the one who reads the directory."""
    with in_app(app):
        insert(
            dict(name="Ada Lovelace", email="ada@example.nhs.uk", discipline="nursing", place="Riverside",
                 interests="frailty, digital"),
            dict(name="Bola Adeyemi", discipline="medicine", place="Northfield",
                 interests="Frailty, workforce", open_to=("mentoring",)),
            dict(name="Chen Wei", discipline="pharmacy", organisation="Eastgate Primary Care Network",
                 place="Eastgate", interests="medicines optimisation, frailty", open_to=("mentoring", "speaking")),
            dict(name="Dara O'Neill", discipline="medicine", organisation="Northfield Council",
                 place="Northfield", interests="population health", open_to=("coaching",)),
            dict(name="Eve Adams", discipline="social-care", organisation="Northfield Council",
                 place="North Eastgate", interests="hospital discharge", open_to=("mentoring",)),
        )
    return "ada@example.nhs.uk"


@pytest.fixture
def reader(client, people):
    client.post_form("/login", {"email": people, "password": PASSWORD})
    return client


def test_the_directory_lists_members_by_name(reader):
    page = Page(reader.get("/members"))

    assert page.h1 == "Members"
    assert page.one(role="status").text == "5 members"
    assert listed(reader) == ["Ada Lovelace", "Bola Adeyemi", "Chen Wei", "Dara O'Neill", "Eve Adams"]
    card = page.all("li", cls="community-member")[1]
    assert card.text == ("BA Bola Adeyemi Medicine Riverside University Hospitals NHS Trust · Northfield "
                         "Interests: frailty, workforce")
    assert [a.attrs["href"] for a in card.iter() if a.tag == "a"][0].startswith("/members/")


def test_the_directory_is_for_members_only(app, client, people):
    assert client.get("/members").headers["Location"] == "/login?next=%2Fmembers"
    waiting = add_member(app, name="Wen Waiting", approved=False)
    response = signed_in(client, waiting).get("/members")
    assert response.status_code == 403
    assert "waiting for a moderator's approval" in Page(response).text


def test_search_by_name_ignores_case(reader):
    searches = {  # typed: who is found
        "ada": ["Ada Lovelace", "Eve Adams"],
        "LOVELACE": ["Ada Lovelace"],
        "cHeN wEi": ["Chen Wei"],
        "  lovelace ": ["Ada Lovelace"],
        "ad": ["Ada Lovelace", "Bola Adeyemi", "Eve Adams"],
        "o'n": ["Dara O'Neill"],
        "nobody": [],
    }
    assert {q: listed(reader, q=q) for q in searches} == searches


def test_wildcards_typed_in_a_search_are_just_characters(app, reader):
    with in_app(app):
        insert(dict(name="Kim O_Hara"), dict(name="Ann 100% Real"))

    assert listed(reader, q="%") == ["Ann 100% Real"]
    assert listed(reader, q="_") == ["Kim O_Hara"]
    assert listed(reader, q="a_e") == []  # as a wildcard, "_" would find Bola Adeyemi
    assert listed(reader, q="o_h") == ["Kim O_Hara"]
    assert listed(reader, q="\\") == []
    assert listed(reader, organisation="%") == []
    assert listed(reader, place="_") == []


FILTERS = [  # (query, who is found); one sign-in checks them all
    ("discipline=medicine", ["Bola Adeyemi", "Dara O'Neill"]),
    ("organisation=riverside", ["Ada Lovelace", "Bola Adeyemi"]),
    ("organisation=NORTHFIELD+council", ["Dara O'Neill", "Eve Adams"]),
    ("place=northfield", ["Bola Adeyemi", "Dara O'Neill"]),
    ("place=Eastgate", ["Chen Wei", "Eve Adams"]),
    ("interest=Frailty+", ["Ada Lovelace", "Bola Adeyemi", "Chen Wei"]),
    ("interest=frail", []),  # a tag is matched whole
    ("open_to=mentoring", ["Bola Adeyemi", "Chen Wei", "Eve Adams"]),
    ("open_to=speaking", ["Chen Wei"]),
    ("discipline=medicine&place=northfield&open_to=mentoring", ["Bola Adeyemi"]),
    ("interest=frailty&open_to=mentoring&q=chen", ["Chen Wei"]),
    ("organisation=northfield+council&discipline=social-care", ["Eve Adams"]),
    ("discipline=pharmacy&place=northfield", []),
    ("discipline=astrology", []),
    ("open_to=everything", []),
]


def test_filters_narrow_the_list_and_combine(reader):
    found = [(query, _names(reader.get(f"/members?{query}"))) for query, _ in FILTERS]
    assert found == FILTERS


def test_filters_are_kept_in_the_form_and_the_count_says_found(reader):
    page = Page(reader.get("/members", query_string={"discipline": "medicine", "place": "Northfield",
                                                      "open_to": "mentoring", "q": "bola"}))
    assert page.one(role="status").text == "1 member found"
    assert page.value("discipline") == "medicine"
    assert page.value("open_to") == "mentoring"
    assert page.value("place") == "Northfield"
    assert page.value("q") == "bola"
    assert "Clear filters" in [a.text for a in page.all("a") if a.attrs.get("href") == "/members"]

    nobody = Page(reader.get("/members", query_string={"q": "nobody"}))
    assert nobody.one(role="status").text == "0 members found"
    assert "No members match. Try fewer filters." in nobody.text


def test_an_interest_filter_finds_expertise_too(app, reader):
    with in_app(app):
        insert(dict(name="Fay Expert", discipline="psychology", expertise="Frailty"))
    assert listed(reader, interest="frailty") == ["Ada Lovelace", "Bola Adeyemi", "Chen Wei", "Fay Expert"]


def test_strange_filters_get_a_page_not_an_error(reader):
    queries = ["q=a%01b", "place=%1F", "interest=" + "x" * 5000, "organisation=%25%5C_%27%22%3B",
               "discipline=&open_to=&q=", "q=a&q=b", "open_to=%E2%80%AE"]
    pages = {query: Page(reader.get(f"/members?{query}")) for query in queries}
    assert {query: (page.status, page.h1) for query, page in pages.items()} == {
        query: (200, "Members") for query in queries}


def test_a_nul_in_a_filter_is_refused_before_it_reaches_the_database(reader):
    assert reader.get("/members?q=a%00b").status_code == 400


def test_a_filter_that_is_not_utf8_is_refused(reader):
    # Werkzeug kept the escapes as literal text ("%FF%FE"), so the search looked for that.
    for query in ("q=%FF%FE", "q=%ED%A0%80", "place=%C0%AF"):
        page = Page(reader.get(f"/members?{query}"))
        assert (page.status, page.h1) == (400, "Something was wrong with that request"), query


# Pages -----------------------------------------------------------------------------------------

@pytest.fixture
def many(app, reader):
    """Twelve members (Ada and eleven named A01..A11 after her, in name order)."""
    with in_app(app):
        insert(*(dict(name=f"Ann {n:02d} Pager", discipline="nursing" if n % 2 else "medicine")
                 for n in range(1, 12)))
    return reader


def _pagination_links(page: Page) -> dict[str, str]:
    return {a.attrs["rel"]: a.attrs["href"] for a in page.all("a", cls="nhsuk-pagination__link")}


def test_the_directory_comes_in_pages(many):
    first = Page(many.get("/members", query_string={"q": "pager"}))
    assert first.one(role="status").text == "11 members found"
    assert listed(many, q="pager") == [f"Ann {n:02d} Pager" for n in range(1, 6)]
    assert _pagination_links(first) == {"next": "/members?q=pager&page=2"}

    second = Page(many.get("/members?q=pager&page=2"))
    assert listed(many, q="pager", page=2) == [f"Ann {n:02d} Pager" for n in range(6, 11)]
    assert _pagination_links(second) == {"prev": "/members?q=pager&page=1",
                                         "next": "/members?q=pager&page=3"}
    assert "Page 3 of 3" in second.text

    assert listed(many, q="pager", page=3) == ["Ann 11 Pager"]
    assert _pagination_links(Page(many.get("/members?q=pager&page=3"))) == {
        "prev": "/members?q=pager&page=2"}


def test_filters_are_kept_from_page_to_page(many):
    page = Page(many.get("/members?discipline=nursing&q=pager"))
    assert listed(many, discipline="nursing", q="pager") == ["Ann 01 Pager", "Ann 03 Pager", "Ann 05 Pager",
                                                               "Ann 07 Pager", "Ann 09 Pager"]
    assert _pagination_links(page) == {"next": "/members?discipline=nursing&q=pager&page=2"}
    assert listed(many, discipline="nursing", q="pager", page=2) == ["Ann 11 Pager"]


def test_a_page_number_out_of_range_or_not_a_number_still_gives_a_page(many):
    first, last = [f"Ann {n:02d} Pager" for n in range(1, 6)], ["Ann 11 Pager"]
    pages = {"99": last, "100000000000000000000": last,  # past the end: the last page
             "0": first, "-2": first, "two": first, "2.5": first, "": first}
    assert {page: listed(many, q="pager", page=page) for page in pages} == pages


# Who is listed ---------------------------------------------------------------------------------

def test_suspended_and_waiting_members_are_not_listed_but_unconfirmed_ones_are(app, reader):
    with in_app(app):
        admin = make_member(name="Zed Admin", roles=("admin",))
        moderation.suspend(admin, make_member(name="Sam Suspended", discipline="medicine"))
        insert(dict(name="Wen Waiting", approved_at=None, discipline="medicine"),
               dict(name="Una Unconfirmed", confirmed_at=None, discipline="medicine"))

    assert listed(reader, discipline="medicine") == ["Bola Adeyemi", "Dara O'Neill", "Una Unconfirmed"]
    assert listed(reader, q="sam") == [] and listed(reader, q="wen") == []
    assert total(reader) == "7 members"


# Statements ------------------------------------------------------------------------------------

DISCIPLINES = ("nursing", "medicine", "pharmacy", "social-care", "psychology")
OFFERS = ("mentoring", "coaching", "speaking")


def _add_members(prefix: str, count: int) -> None:
    insert(*(dict(name=f"Bulk {prefix} {n:03d}", discipline=DISCIPLINES[n % 5],
                  organisation=f"Trust {n % 4}", place=f"Place {n % 6}", job_title="Lead",
                  interests=f"frailty, topic {n % 7}", open_to=(OFFERS[n % 3],)) for n in range(count)))


def _statements(statements, client, query: str) -> int:
    with statements() as counter:
        assert client.get(f"/members{query}").status_code == 200
    return counter.count


QUERIES = ("", "?page=2", "?discipline=nursing", "?interest=frailty&open_to=mentoring",
           "?q=bulk&organisation=trust&place=place")


def test_the_directory_issues_the_same_statements_for_5_and_200_members(app, client, statements):
    reader = add_member(app, name="Ada Lovelace", discipline="nursing")
    with in_app(app):
        _add_members("few", 4)
    signed_in(client, reader)
    few = {query: _statements(statements, client, query) for query in QUERIES}

    with in_app(app):
        _add_members("many", 196)
    assert all(len(Page(client.get(f"/members{query}")).all("li", cls="community-member")) == PAGE_SIZE
               for query in QUERIES)  # full pages now
    many = {query: _statements(statements, client, query) for query in QUERIES}

    assert few == many
    assert max(many.values()) <= 8, many


# Suggestions across disciplines ------------------------------------------------------------------

def _suggested(client) -> list[tuple[str, str]]:
    """(name, what we share) for each person under the suggestions heading on the home page."""
    elements = list(Page(client.get("/")).root.iter())
    start = next(i for i, e in enumerate(elements)
                 if e.tag == "h2" and e.text == "People outside your discipline who share your interests")
    section = next(e for e in elements[start + 1:] if e.tag in ("ul", "p"))  # the list, or a message
    if section.tag == "p":
        return []
    return [(next(e.text for e in li.iter() if e.tag == "h3"), li.text.rsplit("You both care about ", 1)[1])
            for li in section.iter() if li.tag == "li"]


def test_home_suggests_people_outside_my_discipline_who_share_my_interests(app, client):
    with in_app(app):
        me = make_member(name="Ada Lovelace", discipline="nursing", interests="frailty, digital, workforce")
        make_member(name="Bola Adeyemi", discipline="medicine", interests="frailty, digital, maternity")
        make_member(name="Chen Wei", discipline="pharmacy", interests="Digital")
        make_member(name="Nia Nurse", discipline="nursing", interests="frailty, digital")       # same discipline
        make_member(name="Dara O'Neill", discipline="medicine", interests="maternity")          # nothing shared
        make_member(name="Wen Waiting", discipline="medicine", interests="frailty", approved=False)
        suspended = make_member(name="Sam Suspended", discipline="medicine", interests="frailty")
        moderation.suspend(make_member(roles=("admin",), discipline="management"), suspended)
        connect(me, make_member(name="Cy Connected", discipline="medicine", interests="frailty"))
        connections.request(make_member(name="Pip Pending", discipline="dentistry", interests="digital"), me)
        ada = Person(me.id, me.email, me.name)

    signed_in(client, ada)

    assert _suggested(client) == [("Bola Adeyemi", "digital, frailty"), ("Chen Wei", "digital")]


def test_home_asks_for_interests_before_suggesting(app, client):
    with in_app(app):
        me = make_member(name="Ada Lovelace", discipline="nursing")
        make_member(name="Bola Adeyemi", discipline="medicine", interests="frailty")
        ada = Person(me.id, me.email, me.name)
    page = Page(signed_in(client, ada).get("/"))
    assert "Add some interests to your profile" in page.text
    assert not page.all("li", cls="community-member")


def test_organisation_and_place_suggestions_are_the_most_used_in_alphabetical_order(app, client):
    with in_app(app):
        for organisation, place, count in (("Zeta Trust", "Northfield", 3), ("alpha Council", "Eastgate", 2),
                                           ("Mid PCN", "Riverside", 1)):
            for _ in range(count):
                make_member(organisation=organisation, place=place)
        assert directory.known_organisations(limit=2) == ["alpha Council", "Zeta Trust"]
        assert directory.known_places(limit=2) == ["Eastgate", "Northfield"]
        assert directory.known_places() == ["Eastgate", "Northfield", "Riverside"]
    signed_in(client, add_member(app, organisation="Mid PCN", place="Riverside"))
    page = Page(client.get("/members"))
    assert {o.attrs["value"] for o in page.all("option") if "value" in o.attrs} >= {"Mid PCN", "Riverside"}
