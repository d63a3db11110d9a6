"""The room's nudge (community.rooms.nudge.advice_reason): advice or an open question?

Two tables of messages a member of an NHS leadership set might send while a presenter is
questioned: advice, suggestions and leading questions in disguise, which get a nudge; and open
questions, which do not. Written for these tests; the cases it is known to get wrong are at the end.
"""
from __future__ import annotations

import time

import pytest

from community.rooms.nudge import HINT, MAX_CHARS, advice_reason

ADVICE = [
    # Plain advice
    "You should speak to the clinical director before the rota goes out.",
    "You need to look after yourself first.",
    "You must get the staff side reps involved early.",
    "You ought to talk to the wellbeing team about a Schwartz round.",
    "You have to set boundaries with the on-call team.",
    "You could just say no to the extra shifts.",
    "Maybe you could ask HR to sit in on the meeting.",
    "I think you should take this to the divisional board.",
    "Honestly, you need a proper break before winter.",
    "What you need to do is get the social care team in the room with the ward.",
    "The answer is a discharge coordinator on every ward.",
    "The best thing to do is agree the rota rules with the team first.",
    "One option would be to split the budget between the two wards.",
    "It might be worth talking to the Freedom to Speak Up guardian.",
    "My advice would be to document every conversation with him.",
    "I suggest you take annual leave before you burn out.",
    "You're better off having that conversation face to face.",
    "Surely the obvious solution is to recruit another band 7.",
    # Own experience and what I would do
    "I would put it in writing to the consultant so there's a record.",
    "In my experience the consultants respond better if you go through their clinical lead.",
    "If I were you, I'd take the overspend straight to the finance business partner.",
    "When I was a ward manager we rotated the night shifts every six weeks and it worked.",
    "What worked for me was a fortnightly check-in with each band 6.",
    "I'd escalate it through Datix.",
    "At my last trust we solved this with a discharge-to-assess bed base.",
    "Personally I'd go straight to the deputy chief exec.",
    "If it were me, I'd tell the consultant straight.",
    "We had exactly this with our physios and a shared inbox sorted it.",
    # Suggestions put as questions
    "Have you tried asking the bank office to block-book nurses for the weekends?",
    "Have you considered a self-rostering pilot?",
    "So, have you thought about using the rota coordinator?",
    "Have you spoken to occupational health about the sickness levels?",
    "Why don't you just escalate the discharge delays to the site manager?",
    "Why not ask the ICB for winter pressures money?",
    "How about setting up a daily board round with the community teams?",
    "What about asking the discharge lounge to take patients earlier?",
    "What if you offered the consultants protected time for the audit?",
    "Could you delegate the e-rostering sign-off to your deputy?",
    "Would it help to bring the patient flow team into the huddle?",
    "Is it worth asking finance for recurrent money rather than non-recurrent?",
    "Can't you just move the budget from the agency line?",
    "I wonder if you could pair the new registrars with a senior nurse?",
    "What do you think about just telling him how it lands with the team?",
    # Leading questions
    "Don't you think you should tell your line manager how exhausted you are?",
    "Wouldn't it be better to wait until the new budget year?",
    "Isn't it really the consultant's responsibility to sort the job plans?",
    "Do you think you should raise it with the medical director?",
    "Shouldn't you be escalating this to the chief nurse?",
    "Is it because the registrars don't feel supported?",
    # Instructions
    "Try booking a room away from the ward for the conversation.",
    "Just tell him his behaviour in handover isn't acceptable.",
    "Make sure you have the data on delayed discharges before you go in.",
    "Consider a staff survey before you change the shift pattern.",
    "Speak to pharmacy about TTOs being ready the night before.",
    "Don't let the consultants bully you into extra clinics.",
    "If it doesn't get better by Friday, escalate it to the site team.",
    # Written as held-out checks after the first version (so not fitted to it); they found the
    # gaps the later patterns close: "you'll need to", "it's time to", "wouldn't a … help", …
    'You might want to speak to the guardian of safe working.',
    'Get the data first, then go to the exec.',
    "I'd be tempted to ask for a secondment.",
    'Have you looked at the e-roster reports?',
    'Could you ask the ward clerks to chase the TTOs?',
    "Why haven't you escalated this already?",
    'Put a stop to the informal swaps.',
    'You can always say no, you know.',
    "It's best to have HR there from the start.",
    'Would you consider stepping back from the project?',
    'Did you try talking to him one to one?',
    'Set up a meeting with the consultant body.',
    'Perhaps book some protected time in your diary.',
    "Isn't that a job for the deputy?",
    'My tip is to keep a log of the delays.',
    'The trick is to get the social workers on the board round.',
    'Just go to the CEO.',
    "I'd recommend a 360.",
    'You need someone to mentor you through this.',
    'Talk to the union rep.',
    'Have you asked the team what they want?',
    'Do you think it would help to write it down?',
    'What I did was bring them all together for a away day.',
    "Could it be that you're taking on too much?",
    'Is there a way you could hand some of this over?',
    'Ask for a pay review.',
    'When we had the same problem we introduced a discharge lounge.',
    "You'll need to get the finance team on side.",
    'Delegate the rota to your band 6s.',
    "Don't you feel they're taking advantage of you?",
    'Thanks for sharing. I think you need to give yourself permission to say no.',
    'That sounds really hard. Have you thought of going to occupational health yourself?',
    'ok so what about a rota working group',
    'you could try a team huddle at 8',
    'Could you not just ask the consultants to do their own rota?',
    'I know this is advice but get your line manager involved',
    "Why don't we think about a different approach - you could pilot it on one ward.",
    "Shouldn't the discharge team be leading on this rather than you?",
    'Surely the ICB should be funding this?',
    'Have you escalated it to the chief operating officer?',
    "Wouldn't you agree that the consultants need to own this?",
    'It would be a good idea to get some coaching.',
    'Rather than the budget, focus on the people.',
    'In our trust we use a discharge to assess model and it really helped.',
    "Maybe it's time to bring in an external facilitator? Just a thought.",
    'Write down what you want to say before the meeting.',
    'You may want to involve patient experience.',
    'Keep a diary of every incident.',
    'Would you be willing to share the data with the consultants first?',
    'can you just ignore him?',
    'A quick win would be moving the board round to 9.',
    'Send the consultants the sickness figures and let the numbers talk.',
    "I'd probably just leave it until after Christmas.",
    "The way I'd handle it is to meet each consultant one to one.",
    'Honestly? Walk away from that project.',
    "Go back to your director and say you can't do both.",
    "You don't have to accept the extra clinics.",
    'Is it not time to involve the medical staffing team?',
    'What you want is a clear escalation policy.',
    'Could the matron not cover the Friday meeting?',
    'Best thing I ever did was stop checking emails at home.',
    'Perhaps consider a job share for the lead role.',
    'Let the team come up with the rota themselves.',
    'Have a look at what the other divisions do.',
    "I'd say you need more support from above.",
    'Might be worth getting some legal advice.',
    'Ever thought of just saying no?',
    "Remember you're not responsible for fixing everything.",
    'Think about asking for a mentor.',
    "Aren't you being too hard on yourself?",
    'Time to escalate, I reckon.',
    'If it was my ward I would close the beds.',
    'What about a buddy system for the new starters?',
    'Get occupational health to do a stress risk assessment.',
    'You should never have been put in that position, raise a grievance.',
    "I'd go to the Guardian of Safe Working hours.",
    'Have you raised it at the governance meeting?',
    'Why not try a listening event with the night staff?',
    'Could you bring the ward sister to the consultant meeting?',
    'What about an away day for the whole team?',
    'You need to stop taking the on-call phone home.',
    'The solution is more band 4s.',
    "Don't you think the consultant is just testing you?",
    "Escalate it, it's a patient safety issue.",
    'In my experience finance always find money in March.',
    'Maybe take a week off?',
    'Surely you can say no to that?',
    "Wouldn't a shared decision-making council help?",
    'If I were in your shoes I would speak to the chief nurse.',
    'You could try reframing it as a quality issue rather than a money one.',
    'Have you tried mediation?',
    "It'd be worth speaking to the staff side chair.",
    'Is it worth getting the union involved?',
    "Ask the consultant what he's worried about.",
    'Push back on the deadline.',
    'I always find a cup of tea and a chat works wonders.',
    "Do you not think it's time to move on?",
    'Have you considered that they might be struggling too?',
]

OPEN = [
    "What would success look like for you?",
    "How do you feel when the consultant challenges you in front of the team?",
    "What have you already tried?",
    "Who else is affected by the discharge delays?",
    "What matters most to you about this rota?",
    "What do you think you should do?",
    "How might the team describe the problem?",
    "What's stopping you?",
    "What would you do if you knew you couldn't fail?",
    "Tell me more about the conversation with the clinical director.",
    "What would happen if you did nothing?",
    "What do you need from the set today?",
    "Who has power over the budget decision?",
    "What options can you see?",
    "How will you know that staff wellbeing has improved?",
    "What is it about this consultant that makes the conversation hard?",
    "What assumptions are you making about the finance team?",
    "Where does your own responsibility for the delays begin and end?",
    "How does this problem affect you personally?",
    "What would the patients say about the discharge process?",
    "If you could change one thing about the rota, what would it be?",
    "What have you learned from similar situations?",
    "Which part of this feels most within your control?",
    "How would you like the conversation with the consultant to end?",
    "What support do you have around you?",
    "When did you first notice the sickness absence rising?",
    "What are you most worried about?",
    "Could you say more about what 'fair' means for the rota?",
    "What's the cost to you of keeping things as they are?",
    "What do you think the bed managers would say?",
    "How do you think you could approach the conversation?",
    "What would need to be true for the budget to balance?",
    "Who could help you with this?",
    "I'd like to understand more: what happened after the escalation call?",
    "What are you noticing in yourself as you talk about this?",
    "How have you dealt with difficult conversations in the past?",
    "What's the first small step you could take?",
    "What might you be avoiding?",
    "Why does this matter so much to you?",
    "What would you tell a colleague in your position?",
    "So when you say the team is burnt out, what does that look like on the ward?",
    "What do you want from your relationship with the consultants?",
    "Imagine it's six months from now and discharges flow well: what's different?",
    "How much of the budget gap is within your gift?",
    "What do you need to do first?",
    "Who needs to be in the room when you have that conversation?",
    "Walk us through a typical Monday morning on the ward.",
    "What does your gut tell you?",
    "Would you like to say more about that?",
    "Can you tell us more about how the budget was set?",
    "In your experience, what helps the night staff feel heard?",
    "What's your own part in how the handover goes?",
    "When you imagine saying no to the extra clinic, what comes up for you?",
    "How did the conversation with the matron leave you feeling?",
    "What would your team say you're like when you're under pressure?",
    "What feels different about this year's winter plan?",
    "What would it mean for you if the delays carried on?",
    "Is there anything else you want us to know before we ask more?",
    "Thinking about the rota, what do you most want to protect?",
    "What do you feel you need to do next?",
    # Held-out checks, as above: none of these was ever flagged.
    'What would you like to be different by the next meeting?',
    'How are you looking after yourself in all this?',
    'Who do you trust most in the directorate?',
    "What's the story you tell yourself about the consultants?",
    'What would be a good outcome from the meeting on Thursday?',
    'What do you imagine the finance director is worried about?',
    'How would you know if the team trusted you?',
    "What's the hardest part for you?",
    'Where do you feel most stuck?',
    'What would you need to let go of?',
    "Describe the best shift you've had this month.",
    "What's within your power to change?",
    'How do you want to feel when you walk out of that conversation?',
    'What have you noticed about when the delays happen?',
    'Who benefits from things staying as they are?',
    'How would the patients describe a good discharge?',
    'What would your mentor ask you now?',
    'What are the risks of speaking up, for you?',
    'What does a fair rota mean to the night staff?',
    'Which of those options excites you most?',
    'What are you not saying?',
    "How have others responded when you've raised this before?",
    'What do you think your part in this is?',
    'What might the consultant be afraid of?',
    'What would courage look like here?',
    'How could you find out what the team really thinks?',
    'What do you already know about why the budget is overspent?',
    "Help me understand what 'support' from your manager would look like.",
    'How does it feel to say that out loud?',
    'What do you want from us in the next ten minutes?',
    "That sounds really hard. What's keeping you going?",
    'ok so what matters most here?',
    'what would your ideal rota look like',
    'When you picture the conversation going well, what do you see?',
    'Who have you not talked to yet?',
    "What's one thing you'd like to try before we next meet?",
    "What's the question you most want us to ask?",
    "I'm curious - what made you bring this today?",
    'How do you know the consultants see it that way?',
    'What would it take for you to feel confident going in?',
    'Out of interest, what did the matron say when you raised it?',
    'Which conversation are you putting off?',
    'What would you like from the team?',
    "What sense do you make of the consultants' reaction?",
    'How do you think the night staff see this?',
    'Can you give us an example of when it worked?',
    "What have you tried that hasn't worked?",
    'How would you describe your relationship with finance?',
    "What are you hoping we'll ask you?",
    'Where is the energy in the team for this?',
    'What would you need to feel supported?',
    'How long has this been going on?',
    "What's different on the days it goes well?",
    'What do you make of that?',
    'Who are your allies in this?',
    'What would you say to the consultant if there were no consequences?',
    'What are you afraid might happen?',
    'How has this changed how you see your role?',
    'What does the team need from you right now?',
    'What would a small experiment look like?',
    "What's at stake for you personally?",
    'How do you usually respond when you feel challenged?',
    "If the budget weren't an issue, what would you do?",
    'Where do you want to be with this in six months?',
    'What have you learned about yourself through this?',
    'How are the patients experiencing the delays?',
    "What is the consultant's view, as you understand it?",
    'What is getting in the way?',
    'What do you notice when you say that?',
    'How much energy do you have for this?',
    'Who else needs to hear this?',
    "What's one question you haven't been asked yet?",
    'What would it look like if you got it right?',
    'What do you think is really going on?',
    'Which of your values is being tested here?',
    'What would you want the consultant to understand?',
    'How would you describe the culture on the ward?',
    'What would be different if you had the extra band 6?',
    'What are you telling yourself about this?',
    'Who in the trust has solved something like this?',
    'What is the smallest thing that would make a difference?',
    'How do you feel about the conversation now, compared with last week?',
    'What would the team lose if the rota changed?',
    'What do you think would happen if you raised it?',
    "What's your hunch about what's going on for him?",
    'How could you test that assumption?',
    "What does 'safe staffing' mean to you here?",
    'What would your best friend say about this?',
    'What is it you most want from your director?',
    'How might you approach this differently next time?',
    'What would you like to have happened?',
    'What is one thing you could stop doing?',
    "What's the pattern you're noticing?",
    'How are you feeling right now?',
    "What are the options you've ruled out, and why?",
    'Who is missing from this conversation?',
    'What would it cost to do nothing?',
    'What would make it easier to say no?',
    'How will you look after yourself through the restructure?',
    'What would you like us to focus on next?',
]


@pytest.mark.parametrize("text", ADVICE)
def test_advice_gets_a_nudge(text):
    reason = advice_reason(text)
    assert reason is not None and reason.endswith(HINT)


@pytest.mark.parametrize("text", OPEN)
def test_open_questions_go_through(text):
    assert advice_reason(text) is None


def test_the_tables_are_big_enough_and_do_not_overlap():
    assert len(ADVICE) >= 40 and len(OPEN) >= 40
    assert not set(ADVICE) & set(OPEN)


@pytest.mark.parametrize("text, phrase", [
    ("You should speak to the clinical director.", "This reads as advice (\u201cyou should\u2026\u201d)"),
    ("Have you tried the bank office?", "a suggestion put as a question (\u201chave you tried\u2026\u201d)"),
    ("Don't you think you should rest?", "a leading question (\u201cdon't you think\u2026\u201d)"),
    ("In my experience it settles down.", "your own experience or answer (\u201cin my experience\u2026\u201d)"),
    ("Escalate it to the site team.", "an instruction (\u201cEscalate\u2026\u201d)"),
])
def test_the_nudge_says_what_it_noticed(text, phrase):
    assert phrase in advice_reason(text)


@pytest.mark.parametrize("text", [
    "YOU SHOULD SPEAK TO HER",                       # capitals
    "You\u2019d be better off asking HR",             # a curly apostrophe
    "Ｙｏｕ ｓｈｏｕｌｄ ｒｅｓｔ",                      # full-width letters
    "you sh\u200bould rest",                          # an invisible character inside a word
    "have   you\n tried  the bank office",           # odd spacing
    "\u201cIf I were you\u201d, I\u2019d go to the ICB",
])
def test_the_same_words_however_they_are_typed(text):
    assert advice_reason(text) is not None


@pytest.mark.parametrize("text", [
    None, "", "   ", "\n\n", "?", "🙂", "Thank you.", "¿Qué te gustaría lograr?", "لماذا؟", "日本語のテキスト",
    "a" * 5000, "you " * 3000, "," * 3000, "what about " * 500, "why" + " not" * 1500, "\x00\x01\x02",
    "\ud800", "e\u0301" * 1000,
])
def test_safe_on_any_input(text):
    reason = advice_reason(text)
    assert reason is None or reason.endswith(HINT)


def test_only_the_first_two_thousand_characters_are_read():
    assert advice_reason("What matters to you? " + " " * MAX_CHARS + "You should rest.") is None


@pytest.mark.parametrize("text", [
    "a" * 2000, "what about " + "x" * 1990, "have you " + "tried " * 330, ", " * 1000, "you " * 500,
    "what about " + "y-" * 995, "I'd " * 500, "is it " * 333,
])
def test_fast_on_long_and_awkward_input(text):
    started = time.perf_counter()
    advice_reason(text)
    assert time.perf_counter() - started < 0.05


def test_fast_on_the_tables():
    started = time.perf_counter()
    for _ in range(20):
        for text in ADVICE + OPEN:
            advice_reason(text)
    each = (time.perf_counter() - started) / (20 * len(ADVICE + OPEN))
    assert each < 1e-3, f"{each * 1e6:.0f} µs a message"


# Known limits, kept honest: these read one way to a person and the other way to the heuristic.
KNOWN_WRONG = [
    # Advice the nudge misses: a suggestion hidden in an open-looking question,
    ("What's stopping you from just telling him?", "advice", None),
    # jargon as a verb ("PDSA it"), and a fact-finding form that often carries a suggestion.
    ("Sounds like a classic case for a QI project, PDSA it.", "advice", None),
    ("Have you got your manager on side?", "advice", None),
    # An open question flagged: a reflection that happens to start with an instruction verb.
    ("Take us back to the moment it went wrong: what did you notice?", "open", "instruction"),
]


@pytest.mark.parametrize("text, really, flagged_as", KNOWN_WRONG)
def test_known_limits_stay_as_documented(text, really, flagged_as):
    """If one of these starts passing, move it into its table above."""
    reason = advice_reason(text)
    assert (reason is None) == (flagged_as is None)
