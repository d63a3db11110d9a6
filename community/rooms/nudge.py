"""Advice or open question: the room's nudge, before a question is sent, when it reads as advice.

Action learning asks members to help the presenter think with open questions ("What would
success look like for you?"), not to steer them ("Have you tried…", "If I were you…"). This is
a heuristic, not a judge: the member may still send what they wrote. Standard library only.

How it reads a message: lower-cased and normalised (curly quotes, full-width letters, invisible
characters), cut into sentences and clauses. Some phrases are advice wherever they are ("in my
experience", "why don't you"); some only open a clause ("Have you tried…", "Could you…",
"Don't you think…", an instruction such as "Speak to…"); "you should / need to / could…" counts
when it directs the presenter, not inside an open question ("What do you think you should do?").
"""
from __future__ import annotations

import re
import unicodedata
from typing import Final

MAX_CHARS: Final = 2000
HINT: Final = "Open questions help the presenter find their own answer: try one that starts with What, How or Who."
_LEADS: Final = {
    "advice": "This reads as advice",
    "suggestion": "This reads as a suggestion put as a question",
    "leading": "This reads as a leading question",
    "experience": "This reads as your own experience or answer",
    "instruction": "This reads as an instruction",
}

# Anywhere in the message. (category, label shown, pattern)
_ANYWHERE: Final = tuple((kind, label, re.compile(pattern)) for kind, label, pattern in (
    ("experience", "in my experience…", r"\b(?:in|from) my (?:own )?experience\b|\bmy experience (?:is|was|has been)\b"),
    ("experience", "if I were you…", r"\bif i (?:were|was) you\b|\bif (?:it|this) (?:were|was) me\b"
                                     r"|\b(?:in|into) your (?:shoes|position),? i\b"),
    ("experience", "what worked for me…", r"\bwhat (?:worked|helped|works) (?:for|with) (?:me|us)\b"
                                          r"|\bwhat (?:i|we) did\b|\bwhat (?:i|we)(?:'d| would) do\b"),
    ("experience", "when I was…", r"\bwhen (?:i|we) (?:was|were) (?:a|an|the|at|in|on)\b"
                                  r"|\bwhen (?:i|we) had (?:this|the same|a similar|that)\b"
                                  r"|\b(?:i|we)(?:'ve| have)? had (?:exactly |just )?(?:this|the same|a similar|something similar)\b"
                                  r"|\b(?:this|the same|that) (?:thing )?happened to (?:me|us)\b"),
    ("experience", "I always find…", r"\b(?:i|we) (?:always|usually|generally|normally|tend to) (?:find|found|do|did|just"
                                     r"|say|tell|go|get|ask|make)\b"),
    ("experience", "at my trust we…", r"\b(?:at|in) (?:my|our) (?:old |last |previous |current )?(?:trust|ward|team|unit"
                                      r"|organisation|organization|practice|hospital|department|service|icb|board),? (?:we|i)\b"),
    ("experience", "I would…", r"\bi(?:'d| would) (?!(?:like|love|be (?:interested|curious|keen|grateful)|want to (?:know"
                               r"|hear|understand)|welcome|appreciate|wonder|imagine|guess|hope|ask (?:you|what|how|who"
                               r"|whether|if))\b)"),
    ("experience", "the best thing I did…", r"\bbest thing (?:i|we) (?:ever )?did\b"),
    ("advice", "a quick win would be…", r"\b(?:quick win|good idea|good start|good place to start) (?:would be|is|might be"
                                        r"|could be)\b"),
    ("advice", "my advice…", r"\bmy (?:advice|tip|suggestion|recommendation)\b|\bi (?:would |'d )?(?:suggest|recommend|advise)\b"),
    ("advice", "the answer is…", r"\bthe (?:answer|solution|fix|trick|key|secret) (?:here )?(?:is|would be)\b"
                                 r"|\bthe (?:best|obvious|easiest|simplest|only) (?:thing|way|approach|option|answer|solution"
                                 r"|move) (?:to do |forward |here )?(?:is|would be)\b"),
    ("advice", "what you need to do is…", r"\bwhat you (?:need|have|ought|want|should|could|must)(?: to)?(?: do)? is\b"),
    ("advice", "one option is…", r"\b(?:one|another|an|the other) (?:option|idea|way) (?:is|would be|might be|could be)\b"
                                 r"|\bone thing you (?:could|can|might|should) do\b"),
    ("advice", "it might be worth…", r"\bit(?:'s| is|'d| would be| might be| may be| could be| might| may| could| would) "
                                     r"(?:be )?(?:worth|best|better|wise|sensible|a good idea|helpful to|useful to)\b"),
    ("advice", "it's time to…", r"\b(?:it's|it is) (?:about |high )?time (?:to|you|for you)\b"),
    ("advice", "you'd be better off…", r"\byou(?:'d| would) be better\b|\byou(?:'re| are) better off\b|\byou(?:'d| had) better\b"),
    ("suggestion", "why don't you…", r"\bwhy (?:don't|do not|not|didn't|did not|haven't|have not|wouldn't|won't|can't"
                                     r"|couldn't|aren't|shouldn't) you\b|\bwhy not \w"),
    ("suggestion", "how about…", r"\bhow about\b"),
    ("suggestion", "I wonder if you could…", r"\bwonder(?:ing)? (?:if|whether) you (?:could|might|should|would|need to|can"
                                             r"|ought to) (?!(?:say|tell|describe|explain|share|expand|elaborate|give|walk"
                                             r"|help|clarify|unpack)\b)"),
    ("suggestion", "what do you think about …ing", r"\bwhat (?:do|would) you (?:think|feel) (?:about|of) (?:just )?\w+ing\b"
                                                   r"|\bhow would you feel about (?:just )?\w+ing\b"),
))

# At the start of a clause, once fillers ("so", "just", "maybe", "can I ask") are set aside.
_INVITATIONS: Final = (r"say|tell|describe|explain|talk (?:us|me) through|share|expand|elaborate|give (?:us |me )?an"
                       r" example|walk|help (?:us |me )?(?:to )?understand|clarify|unpack|paint|put (?:that|it) into"
                       r" words|remember|recall|imagine|picture|identify|think of|see|live with|like|prefer")
_OPENING: Final = tuple((kind, label, re.compile(pattern)) for kind, label, pattern in (
    ("suggestion", "have you tried…", r"^(?:have|did) you (?:(?:ever|already|not|even|actually|thought to) )?(?:tried|try"
                                      r"|considered|consider|thought (?:about|of)|think (?:about|of)|looked (?:at|into)"
                                      r"|look (?:at|into)|spoken|speak|talked|talk|asked|ask|approached|approach|contacted"
                                      r"|contact|raised|raise|escalated|escalate|involved|involve|checked|check|explored"
                                      r"|explore|used|use|gone|go|sought|seek|reached out|reach out|got in touch"
                                      r"|get in touch)\b(?! (?:what|how|who|whether|why|where|when|which)\b)"),
    ("suggestion", "could you…", r"^(?:could|can|would) you (?:not |just |perhaps |maybe |possibly |simply )?(?!(?:"
                                 + _INVITATIONS + r")\b)[a-z]"),
    ("suggestion", "would it help to…", r"^(?:would|could|might) it (?:not )?(?:help|be (?:worth|better|useful|helpful"
                                        r"|good|an idea|possible|wise|easier))\b|^is it (?:not )?(?:worth|better)\b"
                                        r"|^is there (?:any |a )?(?:way|scope|room|chance) (?:you|to|that you)\b"),
    ("suggestion", "what about…", r"^what about (?:\w+ing\b|(?:a|an|some|just|maybe|perhaps) "
                                  r"|(?!(?:you|yourself|that|this|it)\W*$)(?:[\w'-]+ ){0,3}[\w'-]+\W*$)"),
    ("suggestion", "ever thought of…", r"^(?:you )?ever (?:thought|tried|considered)\b"),
    ("suggestion", "might be worth…", r"^(?:it )?(?:might|may|could|would) be (?:worth|best|better|wise|a good idea)\b"
                                      r"|^(?:it's |it is )?(?:about |high )?time to \w"),
    ("suggestion", "what if you…", r"^what if you\b"),
    ("leading", "don't you think…", r"^(?:don't|do not|doesn't|does not|isn't|is not|aren't|are not|wouldn't|would not"
                                    r"|shouldn't|should not|couldn't|could not|can't|cannot|won't|didn't|did not|haven't"
                                    r"|have not|hasn't) (?:you|it|that|this|they|he|she|there|a|an|the|some)\b"
                                    r"|^(?:do|does|would|is|are|could|should|can) (?:you|it|that|this) not\b"
                                    r"|^(?:do|would|wouldn't|don't) you agree\b|^surely\b"),
    ("leading", "do you think you should…", r"^(?:do|did) you (?:not )?(?:think|feel|believe|reckon) (?:that )?(?:you|it)"
                                            r" (?:should|could|would|might|need|must|ought|have to|'d|may)\b"),
    ("leading", "could they not…", r"^(?:could|can|would|should|will) (?:\S+ ){1,4}not\b"),
    ("leading", "should you…", r"^should(?:n't| not)? (?:you|we|they|the|it)\b"),
    ("leading", "is it because…", r"^(?:is it|could it be|might it be) (?:possible )?(?:that|because)\b"
                                  r"|^is it possible that\b"),
))
_IMPERATIVE: Final = re.compile(
    r"^(try|speak|talk(?! (?:me|us) through)|ask(?! (?:me|us)\b)|tell(?! (?:me|us)\b)|escalate|email|e-mail|write|book"
    r"|set up|put|get|go (?:to|and|straight|back|round|over)|make sure|ensure|remember|consider|stop|start|delegate"
    r"|raise|push back|say no|call|ring|phone|arrange|schedule|involve|contact|check|find|bring|take|give(?! (?:me|us)\b)"
    r"|let(?!'s| us)|keep|focus|prioriti[sz]e|document|flag|challenge|meet|organi[sz]e|protect|insist|refuse|avoid"
    r"|look (?:at|into|for)|have a (?:word|look|chat|conversation|think)|don't|do not|never|always|use(?! of)|swap"
    r"|hire|recruit|prepare|send|chase|request|negotiate|pilot|audit|step back|switch off|leave(?! it there)|choose"
    r"|speak up|walk away|think about (?:\w+ing|getting|asking)|go)(?= )")
# "you should / must / need to / could …" directing the presenter: at the start of a clause, or
# after a few words that lead into a directive ("I think you should", "so maybe you could").
_DIRECTIVE: Final = re.compile(
    r"(?:^|\b(?:think|feel|believe|reckon|guess|suppose|sure|that|then|so|now|and|but|maybe|perhaps|definitely"
    r"|probably|really|honestly|seriously|personally|obviously|clearly|surely|like|me|is|honest|course) )"
    r"you(?:'ll| will|'d| would)? (?:really |just |probably |definitely |absolutely |honestly |surely |clearly |simply"
    r" |then |might |may )?(should|shouldn't|must|mustn't|ought to|need to|needs to|have to|has to|had better|'d better"
    r"|don't have to|don't need to|do not have to|do not need to"
    r"|could|can't|cannot|can always|can just|want to|might want to|may want to|might consider|might try|may wish to"
    r"|need (?:a|an|some|more|someone))\b")
_OPEN: Final = re.compile(r"^(?:(?:what|how|who|whom|whose|which|where|when|why)(?:'s|'re|'d|'ve)?\b(?! (?:you|i|we|they)\b)"
                          r"|tell (?:me|us)\b|talk (?:me|us) through\b|say more\b|describe\b|walk (?:me|us) through\b"
                          r"|help (?:me|us) understand\b|imagine\b|picture\b)")
_FILLER: Final = re.compile(r"^(?:(?:so|and|but|ok|okay|right|well|then|also|hmm+|um+|erm+|er|ah|oh|yes|yeah|sure"
                            r"|honestly|genuinely|please|just|maybe|perhaps|i wonder|can i ask|may i ask|out of"
                            r" (?:interest|curiosity)|i'm curious|quick question|one question)\b[ ,]*)+")
_CLAUSES: Final = re.compile(r"[.!?;:,()\n\"]+| - | but ")
_TRANSLATE: Final = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'", "\u201c": '"',
                                   "\u201d": '"', "\u2013": "-", "\u2014": "-", "\u00a0": " "})
_INVISIBLE: Final = re.compile(r"[\u00ad\u200b-\u200f\u2060-\u2064\ufeff]")
_SPACE: Final = re.compile(r"[^\S\n]+")
_WRAPPED: Final = re.compile(r"[^\S\n]*\n\s*(?=[a-z])")


def advice_reason(text: str | None) -> str | None:
    """Why this message reads as advice rather than an open question, in a sentence or two to show
    the member before it is sent; None when it reads as a question (or there is nothing to read)."""
    found = _classify(text) if isinstance(text, str) else None
    if found is None:
        return None
    kind, label = found
    return f"{_LEADS[kind]} (\u201c{label}\u201d) rather than an open question. {HINT}"


def _classify(text: str) -> tuple[str, str] | None:
    """The kind of advice and the phrase that gave it away, or None."""
    plain = _normalise(text)
    for kind, label, pattern in _ANYWHERE:
        if pattern.search(plain):
            return kind, label
    for clause in _CLAUSES.split(plain):
        found = _clause(_FILLER.sub("", clause.strip()))
        if found:
            return found
    return None


def _clause(clause: str) -> tuple[str, str] | None:
    if not clause:
        return None
    for kind, label, pattern in _OPENING:
        if pattern.search(clause):
            return kind, label
    verb = _IMPERATIVE.match(clause)
    if verb:
        return "instruction", verb.group(1).capitalize() + "\u2026"
    if not _OPEN.match(clause):
        directive = _DIRECTIVE.search(clause)
        if directive:
            return "advice", f"you {directive.group(1)}\u2026"
    return None


def _normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text[:MAX_CHARS])
    text = _WRAPPED.sub(" ", text)  # a line broken mid-sentence runs on; a new line with a capital does not
    text = _INVISIBLE.sub("", text).translate(_TRANSLATE).casefold()
    return _SPACE.sub(" ", text)
