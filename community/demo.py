"""Demo data: a small, believable community across every discipline."""
from __future__ import annotations

from .dates import utcnow
from .db import atomic
from .errors import InvalidInput
from .extensions import db
from .members import passwords
from .members.models import Member, MemberRole
from .members.services import connections, profiles
from .members.services.accounts import normalise_email, organisation_named
from .rooms import demo as learning_sets
from .consultations import demo as consultations
from .threads import demo as discussions

PASSWORD = "demo-password-2026"
ADMIN_EMAIL = "admin@example.org"

# name, discipline, job title, organisation, place, interests, open to, roles
PEOPLE = [
    ("Amara Okafor", "management", "Director of Transformation", "Northfield Integrated Care Board", "Northfield", "system leadership, population health, digital", ["speaking", "mentoring"], ["admin"]),
    ("Tom Hargreaves", "nursing", "Chief Nurse", "Riverside University Hospitals NHS Trust", "Riverside", "patient safety, workforce, quality improvement", ["mentoring"], ["moderator"]),
    ("Priya Raman", "medicine", "Consultant Geriatrician", "Riverside University Hospitals NHS Trust", "Riverside", "frailty, population health, quality improvement", ["shadowing", "collaboration"], ["facilitator"]),
    ("Sian Davies", "midwifery", "Director of Midwifery", "Riverside University Hospitals NHS Trust", "Riverside", "maternity, equity, workforce", ["coaching"], []),
    ("Kwame Mensah", "pharmacy", "Primary Care Network Pharmacist", "Eastgate Primary Care Network", "Eastgate", "medicines optimisation, frailty, digital", ["collaboration"], []),
    ("Helen Fraser", "allied-health", "Head of Therapies", "Northfield Community Health Trust", "Northfield", "rehabilitation, frailty, workforce", ["mentoring", "shadowing"], ["facilitator"]),
    ("Grace Liu", "healthcare-science", "Lead Clinical Scientist", "Riverside University Hospitals NHS Trust", "Riverside", "diagnostics, digital, quality improvement", ["speaking"], []),
    ("Daniel Byrne", "psychology", "Consultant Clinical Psychologist", "Northfield Mental Health Partnership", "Northfield", "staff wellbeing, compassionate leadership, coaching", ["coaching", "mentoring"], ["facilitator"]),
    ("Fatima Sheikh", "dentistry", "Consultant in Dental Public Health", "Northfield Council", "Northfield", "oral health, health inequalities, prevention", ["collaboration"], []),
    ("Mark Ellison", "social-care", "Assistant Director of Adult Social Care", "Northfield Council", "Northfield", "hospital discharge, frailty, care homes", ["shadowing"], ["designer"]),
    ("Ngozi Adeyemi", "public-health", "Consultant in Public Health", "Eastgate Borough Council", "Eastgate", "health inequalities, population health, prevention", ["speaking", "collaboration"], ["designer"]),
    ("Rachel Moore", "other", "Programme Lead, Leadership Academy", "Northfield Integrated Care Board", "Northfield", "leadership development, coaching, system leadership", ["coaching"], ["designer", "facilitator"]),
    ("Owen Pritchard", "nursing", "Deputy Director of Nursing", "Northfield Community Health Trust", "Northfield", "care homes, patient safety, frailty", ["mentoring"], []),
    ("Aisha Begum", "nursing", "Matron, Urgent Care", "Riverside University Hospitals NHS Trust", "Riverside", "urgent care, workforce, staff wellbeing", ["shadowing"], []),
    ("James Whitfield", "medicine", "GP Partner and Clinical Director", "Eastgate Primary Care Network", "Eastgate", "primary care, population health, digital", ["mentoring", "speaking"], []),
    ("Chloe Barnes", "allied-health", "Advanced Practice Physiotherapist", "Eastgate Primary Care Network", "Eastgate", "musculoskeletal, rehabilitation, prevention", ["collaboration"], []),
    ("Samuel Osei", "pharmacy", "Chief Pharmacist", "Riverside University Hospitals NHS Trust", "Riverside", "medicines optimisation, patient safety, digital", ["speaking"], []),
    ("Laura Kent", "social-care", "Registered Manager", "Willow Court Care Home", "Southbank", "care homes, dementia, workforce", ["shadowing", "collaboration"], []),
    ("Imran Hussain", "management", "Operations Director", "Riverside University Hospitals NHS Trust", "Riverside", "hospital discharge, urgent care, system leadership", ["mentoring"], []),
    ("Bethan Lloyd", "midwifery", "Consultant Midwife", "Southbank Maternity Alliance", "Southbank", "maternity, equity, quality improvement", ["coaching"], []),
    ("Victoria Hale", "psychology", "Clinical Lead, Talking Therapies", "Northfield Mental Health Partnership", "Northfield", "mental health, staff wellbeing, digital", ["collaboration"], []),
    ("Patrick Nolan", "medicine", "Medical Director", "Northfield Mental Health Partnership", "Northfield", "mental health, system leadership, compassionate leadership", ["mentoring", "speaking"], ["moderator"]),
    ("Mei Chen", "healthcare-science", "Head of Pathology Network", "Southbank Pathology Network", "Southbank", "diagnostics, workforce, quality improvement", ["shadowing"], []),
    ("Oliver Grant", "dentistry", "Community Dental Service Lead", "Northfield Community Health Trust", "Northfield", "oral health, care homes, prevention", ["collaboration"], []),
    ("Zainab Ali", "public-health", "Public Health Registrar", "Eastgate Borough Council", "Eastgate", "prevention, health inequalities, data", ["shadowing"], []),
    ("Catherine Reid", "allied-health", "Lead Occupational Therapist", "Northfield Council", "Northfield", "rehabilitation, hospital discharge, dementia", ["mentoring"], []),
    ("Ben Thompson", "other", "Voluntary Sector Partnerships Lead", "Southbank Community Voluntary Services", "Southbank", "community development, health inequalities, prevention", ["collaboration", "speaking"], []),
    ("Hannah Price", "nursing", "District Nursing Team Leader", "Northfield Community Health Trust", "Northfield", "frailty, care homes, digital", ["shadowing"], []),
    ("Yusuf Karim", "medicine", "Consultant in Emergency Medicine", "Riverside University Hospitals NHS Trust", "Riverside", "urgent care, patient safety, system leadership", ["speaking"], []),
    ("Eleanor Walsh", "social-care", "Principal Social Worker", "Eastgate Borough Council", "Eastgate", "safeguarding, dementia, hospital discharge", ["mentoring", "coaching"], []),
    ("Ravi Patel", "pharmacy", "Community Pharmacy Clinical Lead", "Eastgate Primary Care Network", "Eastgate", "prevention, primary care, medicines optimisation", ["collaboration"], []),
    ("Joanna Kowalski", "management", "Head of Workforce Planning", "Northfield Integrated Care Board", "Northfield", "workforce, data, system leadership", ["collaboration"], []),
    ("Michael Adebayo", "psychology", "Organisational Psychologist", "Northfield Integrated Care Board", "Northfield", "compassionate leadership, coaching, staff wellbeing", ["coaching"], ["facilitator"]),
    ("Lucy Hammond", "healthcare-science", "Clinical Physiologist", "Southbank Pathology Network", "Southbank", "diagnostics, digital, prevention", ["shadowing"], []),
    ("Sarah O'Connell", "midwifery", "Community Midwife Team Lead", "Southbank Maternity Alliance", "Southbank", "maternity, community development, equity", ["collaboration"], []),
    ("Adebola Johnson", "dentistry", "Specialist in Special Care Dentistry", "Riverside University Hospitals NHS Trust", "Riverside", "oral health, dementia, health inequalities", ["mentoring"], []),
    ("Gareth Evans", "public-health", "Director of Public Health", "Northfield Council", "Northfield", "population health, system leadership, prevention", ["speaking", "mentoring"], []),
    ("Nadia Rahman", "allied-health", "Speech and Language Therapy Lead", "Riverside University Hospitals NHS Trust", "Riverside", "dementia, rehabilitation, equity", ["coaching"], []),
    ("Peter Sullivan", "other", "Patient and Carer Partner", "Northfield Integrated Care Board", "Northfield", "co-production, equity, community development", ["speaking"], []),
    ("Ruth Abernethy", "management", "Programme Director, Urgent and Emergency Care", "Northfield Integrated Care Board", "Northfield", "urgent care, hospital discharge, data", ["collaboration"], []),
]

BIOS = {
    "Amara Okafor": "I lead transformation for the ICB. I am most interested in how clinical and care "
                    "leaders can **shape system priorities together**, not just be consulted on them.",
    "Priya Raman": "Geriatrician working on frailty pathways between hospital and community.\n\n"
                   "Happy to host shadowing visits on our frailty unit.",
    "Kwame Mensah": "PCN pharmacist. Structured medication reviews, deprescribing, and making sure "
                    "pharmacy has a voice in neighbourhood teams.",
    "Mark Ellison": "Adult social care leader. Ask me about discharge to assess and what it looks "
                    "like from the care side.",
}

# Pairs by index into PEOPLE: accepted connections, then pending requests (requester, addressee).
CONNECTED = [(0, 1), (0, 2), (0, 9), (1, 2), (2, 4), (2, 5), (3, 19), (4, 16), (5, 25), (7, 32),
             (9, 29), (10, 36), (11, 32), (14, 30), (21, 7)]
PENDING = [(4, 9), (15, 5), (27, 12), (6, 22)]


def email_for(name: str) -> str:
    local_part = "".join(ch for ch in name.lower().replace(" ", ".") if ch.isalnum() or ch == ".")
    return f"{local_part}@example.org"


def create_member(*, name: str, email: str, password: str, discipline: str, organisation: str,
                  confirmed: bool = True) -> Member:
    """An approved member created directly, for seeding and the CLI (no joining mail)."""
    weak = passwords.problem_with(password, email=email, name=name)
    if weak:
        raise InvalidInput(password=weak)
    with atomic():
        now = utcnow()
        member = Member(name=name, email=normalise_email(email), discipline=discipline,
                        password_hash=passwords.hash_password(password),
                        organisation=organisation_named(organisation), joined_at=now,
                        approved_at=now, confirmed_at=now if confirmed else None)
        db.session.add(member)
    return member


def seed() -> int:
    members = []
    for index, (name, discipline, title, organisation, place, interests, open_to, roles) in enumerate(PEOPLE):
        email = ADMIN_EMAIL if index == 0 else email_for(name)
        member = create_member(name=name, email=email, password=PASSWORD, discipline=discipline,
                               organisation=organisation)
        profiles.update_profile(member, name=name, discipline=discipline, job_title=title,
                                organisation=organisation, place=place, bio=BIOS.get(name, ""),
                                interests=interests, expertise="", open_to=open_to)
        with atomic():
            db.session.add_all([MemberRole(member_id=member.id, role=r) for r in roles])
        members.append(member)
    for a, b in CONNECTED:
        connection = connections.request(members[a], members[b])
        connections.accept(members[b], connection)
    for a, b in PENDING:
        connections.request(members[a], members[b])
    discussions.seed(members)
    learning_sets.seed(members)
    consultations.seed(members)
    return len(members)
