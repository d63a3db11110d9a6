"""Results: counts and percentages, small groups merged so none can be picked out (not even by
subtracting the shown groups from the total), response rates, exports parsed back, statement counts."""
from __future__ import annotations

import csv
import io
import itertools
import json
import random

import pytest
from sqlalchemy import select

from community.consultations.models import Consultation
from community.consultations.services import building, results
from community.consultations.services.results import OTHER, merge_small
from community.extensions import db
from community.members.models import Member
from tests.consultations.helpers import answer, make_consultation
from tests.factories import make_member
from tests.support import add_member, in_app, signed_in


def test_a_group_of_k_is_shown_and_a_group_of_k_minus_one_is_not():
    mapping, suppressed = merge_small({"Nursing": 5, "Medicine": 5}, 5)
    assert not suppressed and mapping == {"Nursing": "Nursing", "Medicine": "Medicine"}
    mapping, suppressed = merge_small({"Nursing": 4}, 5)
    assert suppressed


def test_one_small_group_cannot_be_recovered_by_subtraction():
    # Medicine (4) alone in "Other" would be total - shown; the smallest shown group joins it.
    mapping, suppressed = merge_small({"Nursing": 5, "Pharmacy": 6, "Medicine": 4}, 5)
    assert not suppressed
    assert mapping == {"Nursing": OTHER, "Medicine": OTHER, "Pharmacy": "Pharmacy"}


def test_every_shown_group_and_other_has_at_least_k_for_any_sizes():
    randomness = random.Random(12)
    for _ in range(2000):
        k = randomness.randint(2, 6)
        sizes = {f"g{i}": randomness.randint(1, 12) for i in range(randomness.randint(1, 7))}
        mapping, suppressed = merge_small(sizes, k)
        if suppressed:
            continue
        shown: dict[str, list[str]] = {}
        for name, label in mapping.items():
            shown.setdefault(label, []).append(name)
        for label, members in shown.items():
            assert sum(sizes[m] for m in members) >= k, (sizes, k, mapping)
            # Subtracting every shown group from the total gives "Other", never one small group.
            if label == OTHER:
                small = [m for m in members if sizes[m] < k]
                assert len(members) >= 2 or not small, (sizes, k, mapping)


@pytest.fixture
def surveyed(ctx):
    designer = make_member(name="Dee Designer", discipline="management", roles=("designer",))
    consultation = make_consultation(designer, anonymous=True)
    groups = {"nursing": 5, "pharmacy": 6, "medicine": 4}
    for discipline, count in groups.items():
        for n in range(count):
            person = make_member(discipline=discipline, organisation=f"{discipline.title()} Trust")
            answer(person, consultation, single=n % 3, scale=str(1 + n % 5), multiple=(0, 1) if n % 2 else (),
                   text=f"{discipline} says {n}", ranking=(1, 2, 3) if n % 2 else (3, 2, 1))
    building.close(designer, consultation)
    return consultation, designer


def test_counts_and_percentages(surveyed):
    consultation, _ = surveyed
    summary = {r.question.kind: r for r in results.summary(consultation)}
    assert results.response_count(consultation) == 15
    single = summary["single"]
    assert single.answered == 15 and sum(b.count for b in single.bars) == 15
    assert [b.count for b in single.bars] == [6, 5, 4]      # n % 3 over 5, 6 and 4 people
    assert single.bars[0].percent == 40.0
    assert summary["scale"].mean is not None and len(summary["scale"].bars) == 5
    assert len(summary["text"].texts) == 15
    ranking = summary["ranking"]
    assert sum(b.count for b in ranking.bars) == 15 and "Average rank" in ranking.note


def test_breakdown_merges_small_groups_and_says_so(surveyed):
    consultation, _ = surveyed
    found = results.breakdown(consultation, "discipline")
    assert dict(found.groups) == {"Pharmacy": 6, OTHER: 9}
    assert found.merged == ["Medicine", "Nursing"]
    for by_group in found.tables.values():
        assert set(by_group) == {"Pharmacy", OTHER}
    rates = {r.label: r for r in results.response_rates(consultation)}
    assert rates["Medicine"].responses is None and rates["Nursing"].responses is None
    assert rates["Pharmacy"].responses == 6


def test_a_smaller_k_from_config_shows_more(app, surveyed):
    consultation, _ = surveyed
    app.config["CONSULTATION_MIN_GROUP"] = 4
    found = results.breakdown(consultation, "discipline")
    assert dict(found.groups) == {"Pharmacy": 6, "Nursing": 5, "Medicine": 4}


def test_exports_parse_back_with_the_same_suppression(app, client, surveyed):
    consultation, designer = surveyed
    consultation_id, email = consultation.id, designer.email
    signed_in(client, type("P", (), {"email": email})())
    data = json.loads(client.get(f"/consultations/{consultation_id}/results.json").get_data(as_text=True))
    assert data["consultation"]["responses"] == 15 and data["consultation"]["minimum_group_size"] == 5
    groups = {g["group"]: g["responses"] for g in data["breakdowns"]["discipline"]["groups"]}
    assert groups == {"Pharmacy": 6, OTHER: 9}
    assert all(g["responses"] >= 5 for b in data["breakdowns"].values() for g in b["groups"])
    rows = list(csv.DictReader(io.StringIO(client.get(f"/consultations/{consultation_id}/results.csv")
                                           .get_data(as_text=True))))
    discipline_groups = {r["group"] for r in rows if r["section"] == "discipline"}
    assert discipline_groups == {"Pharmacy", OTHER}
    single = [r for r in rows if r["section"] == "all" and r["question"] == "Which format suits you best?"]
    assert [int(r["count"]) for r in single] == [6, 5, 4]
    assert "Medicine" not in {r["group"] for r in rows}


def test_a_spreadsheet_formula_in_an_answer_is_exported_as_text(ctx):
    designer = make_member(roles=("designer",))
    consultation = make_consultation(designer)
    answer(make_member(), consultation, text="=HYPERLINK(\"http://evil.example\")")
    rows = list(csv.reader(io.StringIO(results.export_csv(consultation))))
    assert any(cell.startswith("'=HYPERLINK") for row in rows for cell in row)


def test_members_see_results_only_once_published(app, client, surveyed):
    consultation, designer = surveyed
    consultation_id = consultation.id
    member = add_member(app, discipline="nursing")
    signed_in(client, member)
    assert client.get(f"/consultations/{consultation_id}/results").status_code == 403
    with in_app(app):
        results.publish_results(db.session.get(Member, designer.id), db.session.get(Consultation, consultation_id))
    page = client.get(f"/consultations/{consultation_id}/results").get_data(as_text=True)
    assert "Which format suits you best?" in page and "<svg" in page and "Response rate" not in page
    assert client.get(f"/consultations/{consultation_id}/results.csv").status_code == 403


@pytest.mark.parametrize("by", ["discipline", "organisation", "place"])
def test_the_results_page_costs_the_same_for_few_and_many_responses(app, client, statements, by):
    with in_app(app):
        designer = make_member(roles=("designer",))
        few, many = make_consultation(designer, title="Few"), make_consultation(designer, title="Many")
        for n in range(5):
            answer(make_member(discipline="nursing"), few, text=f"few {n}")
        for n in range(18):
            answer(make_member(discipline=["nursing", "medicine", "pharmacy"][n % 3], place=f"P{n % 2}"), many,
                   text=f"many {n}", multiple=(0, 2), ranking=(2, 1, 3))
        ids, email = (few.id, many.id), designer.email
    signed_in(client, type("P", (), {"email": email})())
    counts = []
    for consultation_id in ids:
        with statements() as counter:
            assert client.get(f"/consultations/{consultation_id}/results?by={by}").status_code == 200
        counts.append(counter.count)
    assert counts[0] == counts[1], counts
