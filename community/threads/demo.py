"""Demo spaces, threads and comments, in the community's own voice."""
from __future__ import annotations

from ..db import atomic
from ..extensions import db
from ..members.models import Member
from .models import Space
from .services import posting, reactions

SPACES = [
    ("leading-across-the-system", "Leading across the system",
     "Working across organisations, sectors and professions: influence without authority."),
    ("workforce", "Workforce", "Recruiting, keeping and developing people; new roles; wellbeing."),
    ("quality-improvement", "Quality improvement",
     "Improvement methods, measurement, and what worked (or did not) in practice."),
    ("new-to-system-leadership", "New to system leadership",
     "Questions you might not ask elsewhere. Everyone was new once."),
]

# (space, author index, title, body, wanted disciplines, tags, [(commenter index, body, reply_to)])
THREADS = [
    ("leading-across-the-system", 2, "Frailty pathway: who should own the first 72 hours after discharge?",
     "We keep debating whether the first 72 hours after a frail older person leaves hospital belong to "
     "the acute trust, community services or social care. Each of us is sure it is *shared*, which in "
     "practice means nobody.\n\nHow have others settled ownership without a new service?",
     ["social-care", "pharmacy", "allied-health"], "frailty, hospital discharge",
     [(9, "From the social care side: we can own it if we get the medication list and the therapy "
          "goals **before** the person leaves, not after.", None),
      (25, "OT view: a home visit in the first 24 hours prevents most of the readmissions we see.", None),
      (2, "That matches our audit. Could we pilot a joint 24-hour visit?", 1)]),
    ("workforce", 13, "Keeping newly qualified nurses past their second year",
     "Our turnover for nurses in their second year is double the average. Preceptorship helps in year "
     "one, then the support stops. What has worked for you in year two?",
     ["nursing", "psychology", "management"], "workforce, staff wellbeing",
     [(20, "We run reflective practice groups that continue into year two. Attendance is protected "
           "time, which made all the difference.", None)]),
    ("quality-improvement", 6, "Run charts for small numbers: what do you use?",
     "Our diagnostic delays happen a handful of times a month. Run charts look like noise. Is a "
     "g-chart the answer, or is there something simpler leaders can read?",
     ["public-health", "healthcare-science"], "quality improvement, data",
     []),
    ("new-to-system-leadership", 30, "First ICB meeting next week: what do I need to know?",
     "I have been asked to represent community pharmacy at the ICB's primary care group. I have never "
     "sat on a system board. Any advice on how to be useful rather than decorative?",
     ["management", "medicine", "other"], "system leadership",
     [(0, "Come with one concrete ask and one offer. Boards remember both.", None),
      (21, "Read the last three sets of minutes first and look for what keeps being deferred.", None)]),
    ("leading-across-the-system", 10, "Using population health data with neighbourhood teams",
     "We have a linked dataset for the first time. How have you shared it with neighbourhood teams so "
     "it changes what they do on Monday morning?",
     ["nursing", "medicine", "social-care"], "population health, data",
     [(14, "We show each practice five named groups of patients, not a dashboard. It starts the "
           "conversation.", None)]),
]


def seed(members: list[Member]) -> int:
    with atomic():
        db.session.add_all([Space(slug=slug, name=name, description=description, position=i)
                            for i, (slug, name, description) in enumerate(SPACES)])
    for space, author, title, body, wanted, tags, comments in THREADS:
        thread = posting.start_thread(members[author], title=title, body=body, space=space,
                                      disciplines=wanted, tags=tags)
        written = []
        for commenter, text, reply_to in comments:
            parent = written[reply_to].id if reply_to is not None else None
            written.append(posting.add_comment(members[commenter], thread, body=text, parent_id=parent))
        if written:
            reactions.react(members[author], written[0], "thanks")
    return len(THREADS)
