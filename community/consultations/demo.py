"""Demo consultations: one open and anonymous, one closed with its results published."""
from __future__ import annotations

import random
from datetime import timedelta

from ..members.models import Member
from ..permissions import can
from .models import RawAnswers
from .services import answering, building, decisions, ideas, results

OPEN = ("Designing the academy's first year",
        "The seed programme heard from more than 100 leaders. Before we plan the first year, tell us "
        "what would help you lead across the system, and what would get in the way.")
CLOSED = ("How should action learning sets meet?",
          "We are choosing how sets meet in the pilot. Your answers decide the default.")


def _questions(designer: Member, consultation) -> None:
    add = building.add_question
    add(designer, consultation, kind="single", prompt="Which format would you use most?",
        options=["Half-day workshops", "Short online sessions", "Peer coaching", "Site visits"])
    add(designer, consultation, kind="multiple", prompt="Which topics should come first?",
        options=["System strategy", "Working across organisations", "Inequalities", "Improvement methods",
                 "Looking after yourself"], required=False)
    add(designer, consultation, kind="scale", prompt="How supported do you feel in your leadership role today?",
        low_label="Not at all supported", high_label="Very well supported")
    add(designer, consultation, kind="ranking", prompt="Rank these by what matters most to you",
        options=["Protected time", "Senior sponsorship", "Peer network"], required=False)
    add(designer, consultation, kind="text", prompt="What one thing should the academy do first?",
        hint="Leave out names of colleagues or patients.", required=False)


IDEAS = ["Protect time for learning in job plans", "Pair new leaders with a mentor from another profession",
         "Share what did not work, not only what did", "Visit each other's services",
         "Invite people who use services to the workshops", "Make sessions short and online",
         "Bring social care into the room from the start"]


def _answer(member: Member, consultation, chance: random.Random, submit: bool = True) -> None:
    q = {question.kind: question for question in consultation.questions}
    raw = RawAnswers()
    raw.values[q["single"].id] = [str(chance.choice(q["single"].options).id)]
    raw.values[q["multiple"].id] = [str(o.id) for o in chance.sample(q["multiple"].options, chance.randint(0, 3))]
    raw.values[q["scale"].id] = [str(chance.choice([2, 3, 3, 4, 4, 5]))]
    order = chance.sample(range(1, 4), 3)
    raw.ranks[q["ranking"].id] = {o.id: str(r) for o, r in zip(q["ranking"].options, order)}
    raw.values[q["text"].id] = [chance.choice(IDEAS)]
    answering.save(member, consultation, raw, submit=submit)


def seed(members: list[Member]) -> None:
    chance = random.Random(2026)
    designer = next(m for m in members if can(m, "consultations.create") and "designer" in m.role_names)
    today = building.today()
    current = building.create(designer, title=OPEN[0], purpose=OPEN[1], opens_on=today,
                              closes_on=today + timedelta(days=21), audience="all", disciplines=[],
                              principles=["strategy", "learning", "diversity"], anonymous=True)
    _questions(designer, current)
    building.publish(designer, current)
    past = building.create(designer, title=CLOSED[0], purpose=CLOSED[1], opens_on=today,
                           closes_on=today + timedelta(days=7), audience="all", disciplines=[],
                           principles=["enable", "support"], anonymous=True)
    _questions(designer, past)
    building.publish(designer, past)
    for index, member in enumerate(m for m in members if m.id != designer.id):
        if index % 3 != 0:
            _answer(member, current, chance, submit=index % 7 != 1)
        _answer(member, past, chance)
    building.close(designer, past)
    results.publish_results(designer, past)
    others = [m for m in members if m.id != designer.id]
    posted = [ideas.post_idea(others[n * 5 % len(others)], title=title,
                              body=f"{title}. It would help people like me lead across organisations.")
              for n, title in enumerate(IDEAS[:5])]
    for n, idea in enumerate(posted):
        for fan in others[n: n + 6 - n]:
            if fan.id != idea.author_id:
                ideas.support(fan, idea)
    ideas.respond(designer, posted[0], status="adopted", response="Agreed with the ICB: from April, in job plans.")
    ideas.respond(designer, posted[1], status="considering", response="We are asking the professions' leads.")
    decisions.create(designer, theme="Time to learn", decision="Half a day a month of protected learning time.",
                     change="In job plans from April.", status="in-progress", consultation_ids=[past.id],
                     idea_ids=[posted[0].id])
