"""The word lists bench.seed draws threads from: spaces, titles, opening posts and comments.

Written in the community's voice: leaders from different professions asking each other how
they did something, what went wrong, and who else should be in the room. Slots in braces are
filled by bench.seed: {topic} and {topic2} (interests from vocabulary.INTERESTS), {Topic}
(capitalised), {place}, {partner}/{partner2}, {people}/{people2} (a profession, plural),
{timeframe}, {try} (something a team tried). No slot value contains Markdown syntax.
"""
from __future__ import annotations

# slug, name, description, share of threads
SPACES: list[tuple[str, str, str, float]] = [
    ("leading-across-the-system", "Leading across the system",
     "Working across organisations, sectors and professions: influence without authority.", 18),
    ("workforce", "Workforce", "Recruiting, keeping and developing people; new roles; wellbeing.", 16),
    ("quality-improvement", "Quality improvement",
     "Improvement methods, measurement, and what worked (or did not) in practice.", 16),
    ("new-to-system-leadership", "New to system leadership",
     "Questions you might not ask elsewhere. Everyone was new once.", 10),
    ("population-health", "Population health and inequalities",
     "Prevention, inequalities and working with communities, from data to doorsteps.", 12),
    ("digital-and-data", "Digital and data",
     "Records, dashboards, shared care plans and the people side of digital change.", 9),
    ("urgent-and-community-care", "Urgent and community care",
     "Flow, discharge, virtual wards, neighbourhood teams and keeping people at home.", 11),
    ("health-and-social-care", "Health and social care together",
     "Where the NHS and social care meet: commissioning, care homes, carers and budgets.", 8),
]

PEOPLE: dict[str, str] = {
    "nursing": "nurses", "midwifery": "midwives", "medicine": "doctors",
    "allied-health": "allied health professionals", "pharmacy": "pharmacists",
    "healthcare-science": "healthcare scientists", "psychology": "psychologists",
    "dentistry": "dental teams", "social-care": "social workers",
    "public-health": "public health colleagues", "management": "operational managers",
    "other": "voluntary sector partners",
}

# Disciplines authors most often ask to hear from (on top of an even base).
WANTED_WEIGHTS: dict[str, float] = {
    "nursing": 9, "midwifery": 3, "medicine": 9, "allied-health": 8, "pharmacy": 8,
    "healthcare-science": 4, "psychology": 6, "dentistry": 2, "social-care": 10,
    "public-health": 8, "management": 7, "other": 5,
}

PARTNERS = [
    "the acute trust", "the council", "primary care", "the ICB", "community services",
    "the voluntary sector", "care homes", "the ambulance service", "mental health services",
    "our PCN", "the hospice", "housing", "the GP federation", "adult social care",
]

TIMEFRAMES = ["three months", "six months", "nine months", "a year", "eighteen months",
              "two winters", "two years"]

TRIES = [
    "a weekly huddle with a shared list of patients", "protected time for staff to take part",
    "a named lead on each side of the boundary", "joint visits in the first 24 hours",
    "a single referral form everyone could live with", "a shared care plan in the record",
    "monthly learning sessions open to every profession", "a short run chart on the ward wall",
    "peer support for new band 6 staff", "rotational posts between the trust and primary care",
    "an honorary contract so staff could work across organisations",
    "a patient and carer panel that met before the steering group",
    "a one-page summary for the place board", "pairing each team with an improvement coach",
    "a virtual multidisciplinary meeting every Tuesday", "a pooled budget for small tests of change",
    "a data sharing agreement signed at the start", "reverse mentoring with junior colleagues",
    "a trusted assessor for care home admissions", "a single point of access for professionals",
    "an action learning set for the project leads", "a plain English version of the dashboard",
    "a buddy system for internationally educated nurses", "a listening exercise with frontline staff",
    "a 90-day improvement cycle with a clear stop date", "shadowing days across organisations",
]

TITLES = [
    "{Topic}: what has actually worked for you?",
    "How are you measuring {topic} across your place?",
    "Joining up {topic} and {topic2}: has anyone done it well?",
    "Leading {topic} work without a budget",
    "Getting {people} involved in decisions about {topic}",
    "Our {topic} pilot in {place}: lessons after {timeframe}",
    "Who owns {topic} between {partner} and {partner2}?",
    "First time leading on {topic} at system level, advice please",
    "What would you stop doing to make room for {topic}?",
    "The board wants a {topic} dashboard by next month. Help!",
    "Is anyone using action learning for {topic}?",
    "Making the case for {topic} to a sceptical finance director",
    "{Topic} in {place}: who should we be talking to?",
    "What does good {topic} look like from where you sit?",
    "Sharing our {topic} evaluation, feedback welcome",
    "How do you keep {topic} going after the project funding ends?",
    "Winter pressures: how are you protecting {topic} work?",
    "Co-producing our {topic} work with patients and carers",
    "Has {topic} changed how your teams work day to day?",
    "Small wins in {topic} this month",
    "Bringing {people} and {people2} together on {topic}",
    "Data sharing for {topic}: what did your IG team accept?",
    "Recruiting a lead for {topic}: what should the job description say?",
    "{Topic}: the thing nobody told me when I started",
    "Neighbourhood teams and {topic}",
    "Measuring what matters in {topic}",
    "Running a cross-organisation workshop on {topic}: format ideas?",
    "Anyone else finding {topic} slipping down the agenda?",
    "Reading recommendations on {topic}",
    "Should {topic} sit with {partner} or {partner2}?",
    "Getting {topic} onto the place board's agenda",
    "What we learned from trying {try}",
    "Has anyone tried {try}?",
    "{Topic} and {topic2}: same conversation or two?",
    "How much of {topic} is really about relationships?",
    "Where do {people} fit in our {topic} plans?",
    "Honest question: is {topic} a priority where you work?",
    "{timeframe} into a {topic} programme: a reflection",
    "Evidence for {topic} that convinced your executive team",
    "Help me explain {topic} to a new non-executive director",
]

# Written whole, for variety; about one thread in eight uses one of these.
FIXED_TITLES = [
    "Frailty pathway: who should own the first 72 hours after discharge?",
    "Keeping newly qualified nurses past their second year",
    "Run charts for small numbers: what do you use?",
    "First ICB meeting next week: what do I need to know?",
    "Using population health data with neighbourhood teams",
    "How do you say no to a system request without burning bridges?",
    "Clinical leaders on place boards: do we have a real voice?",
    "What is the best thing your organisation stopped doing this year?",
    "Moving from project to business as usual without losing the energy",
    "Influence without authority: stories wanted",
    "When the data says one thing and the frontline says another",
    "How do you run a good cross-organisation huddle in 15 minutes?",
    "Anyone successfully shared a post between a trust and a council?",
    "The first 100 days in a system role",
    "Is anyone else tired of pilots that never scale?",
    "What does a good handover between hospital and care home look like?",
    "Learning from a serious incident across three organisations",
    "Speaking up when you are the only one of your profession in the room",
    "How are you supporting staff through organisational change?",
    "Building trust with a new primary care network",
    "Reducing duplicate assessments for people leaving hospital",
    "What makes an action learning set work?",
    "Joint appointments: worth the paperwork?",
    "Should every improvement project have a patient partner from day one?",
    "Getting medicines right at transfers of care",
    "Pharmacy in the neighbourhood team: what role works?",
    "Psychologically safe teams under pressure",
    "Workforce plans that include social care properly",
    "How do you know your leadership development worked?",
    "Tips for presenting to the integrated care partnership",
]

OPENING_CONTEXT = [
    "In {place} we have been working on {topic} for about {timeframe}, mostly between {partner} and {partner2}.",
    "I lead on {topic} for our part of the system and I am still learning what the job is.",
    "We started a piece of work on {topic} last year with a lot of goodwill and not much else.",
    "Our place board has asked for a plan on {topic} by the end of the quarter.",
    "For {timeframe} a small group of us has met to talk about {topic} across organisations.",
    "I moved into a system role recently after years on the front line, and {topic} landed on my desk.",
    "Our {topic} work began as a conversation between {people} and {people2} over coffee.",
    "We are about to bid for funding for {topic} and I want to learn from people who have done it.",
    "Our latest staff survey put {topic} near the top of what people want us to get right.",
    "Patients and carers in {place} keep telling us the same story about {topic}.",
    "I have inherited a {topic} programme with three different sponsors and no clear owner.",
    "We tried {try} as part of our {topic} work, with mixed results.",
]

OPENING_PROBLEM = [
    "The sticking point is always the same: everyone agrees it matters and nobody has time to own it.",
    "Each organisation is sure the work is **shared**, which in practice means nobody.",
    "The data we have tells us what happened, not why, so it is hard to know where to start.",
    "Our teams are exhausted, and anything that looks like another initiative gets a polite no.",
    "We keep designing it around our structures rather than around the person.",
    "Governance is the hard part: who signs off, who carries the risk, whose budget pays.",
    "The frontline teams are enthusiastic, but middle managers feel bypassed.",
    "I worry we are measuring activity rather than outcomes.",
    "We have plenty of clinical voices round the table and almost no social care ones.",
    "Two organisations use different records and neither can see what the other wrote.",
    "The people with the most to gain are the least likely to be in the room.",
    "Every time we get close, someone moves job and we start again.",
]

OPENING_ASK = [
    "Has anyone found a way to keep {people} involved once the first enthusiasm fades?",
    "How have others settled who owns it, without creating a new service?",
    "What would you do first if you were in my position?",
    "I would especially like to hear from {people}, who see this from a different angle.",
    "What did you measure, and did anyone read it?",
    "If you have a terms of reference or a job description you are willing to share, I would be grateful.",
    "What mistakes should I avoid?",
    "Is there evidence I should be reading before our next meeting?",
    "Who else should we be talking to that we have not thought of?",
    "How did you bring {partner} along without it becoming a turf war?",
    "I would love to hear what has not worked, as much as what has.",
    "Could we compare notes? Happy to share what we have tried in return.",
]

COMMENT_OPENERS = [
    "Really recognise this.", "Thank you for raising this.", "We had exactly the same problem in {place}.",
    "I would gently push back on one point.", "This is such an important question.",
    "Speaking as one of the {people} in this conversation:", "Late to this thread, but it struck a chord.",
    "Great question, and one we are still wrestling with.", "Building on the comments above:",
    "Short answer: yes, but it took longer than we planned.", "A slightly different view from {partner}:",
    "I have been on both sides of this.", "Agree with everything said so far.",
    "This thread is timely for us.", "Honest answer: we have not cracked it yet.",
    "Adding a {people} perspective, since it was asked for.",
]

COMMENT_EXPERIENCE = [
    "We tried {try} and it made more difference than we expected.",
    "What worked for us was **{try}**, though it took two attempts.",
    "In {place} the breakthrough came when {people} and {people2} started meeting as one team.",
    "We spent {timeframe} on a new pathway, then realised the real issue was trust between {partner} and {partner2}.",
    "Our {topic} numbers only moved once we stopped reporting them monthly and started looking at them weekly.",
    "The thing that helped most was agreeing what we would not do.",
    "We asked patients what good looked like, and it was not what we had written in the plan.",
    "I ran something similar with {people}: the first three sessions were hard, the fourth was the turning point.",
    "We found that {try} only worked when a senior leader turned up every time.",
    "Our evaluation showed small gains in {topic} but a big change in how teams talked to each other.",
    "We paused our {topic} work for a winter and it took six months to rebuild the relationships.",
    "When we mapped a real person's journey, we counted eleven handovers in four days.",
    "We set up {try} in {place} and kept it deliberately small for the first {timeframe}.",
    "For us the data came last: first we got the right people talking to each other.",
]

COMMENT_ADVICE = [
    "Start with one team that wants to do it, not the one that needs to.",
    "Measure something the frontline cares about, not only what the board asks for.",
    "Get the information governance lead involved at the start, not the end.",
    "Name one person who is accountable, even if the work is shared.",
    "Ask {people} early: they will see risks nobody else does.",
    "Keep the first test of change small enough to fail safely.",
    "Write down what you agreed; memories differ more than you expect across organisations.",
    "Protect time for reflection, otherwise the learning evaporates.",
    "Do not underestimate how much the language differs between health and social care.",
    "Bring a patient or carer partner to every meeting, not just the launch.",
    "Find out what {partner} is measured on and make sure your plan helps them hit it.",
    "Celebrate the small wins publicly; people need to see it is worth it.",
    "Agree how you will stop, as well as how you will start.",
    "Use {topic} as the reason to meet, but invest in the relationships.",
]

COMMENT_CLOSERS = [
    "Happy to share our evaluation if it would help.", "Glad to set up a call if useful.",
    "Following this with interest.", "I will bring this to our next action learning set.",
    "Would love to hear how you get on.", "Thanks all, this has given me a lot to think about.",
    "Good luck, and do post an update.", "Let me know if you want an introduction to our lead.",
    "Our team would be happy to host a shadowing visit.", "More than happy to compare notes.",
    "",
]

LIST_INTROS = ["What we have tried so far:", "Three things that helped us:",
               "What I would do differently next time:", "Our checklist, for what it is worth:",
               "The questions we now ask at the start:"]

ADVICE_ITEMS = [
    "who owns the risk", "who needs to be told", "what the patient would notice",
    "what we will stop doing", "how we will know it worked", "who is missing from the room",
    "which data we can share on day one", "what success looks like in six months",
    "who pays if it goes well", "what the frontline needs from us",
]

LINKS = [
    "We wrote up what we learned: [our evaluation summary](https://www.example.org/evaluation).",
    "The King's Fund has a good overview: https://www.kingsfund.org.uk/",
    "There is a useful guide from the NHS Confederation: https://www.nhsconfed.org/",
    "Our slides from the last learning event are here: [learning event slides](https://www.example.org/slides).",
]
