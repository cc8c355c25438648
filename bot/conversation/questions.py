"""Questions an officer asks about Notalone, recognised by a few rules and answered in plain words.

The rules, in order:
1. A bare command ("help", "my plans", "forget me", also with a "?") is not a question: None, so the
   command parser keeps it.
2. The text is cut into clauses at sentence marks, commas and dashes. A clause is a question when it ends
   in "?", or starts with a question word ("what", "can", "will"...), a request to the bot ("delete",
   "tell me"...) or a worry ("I'm worried", "I wonder"...).
3. A plan wins over a question: if any clause that is not a question says what the officer (or their
   council) is doing with a service ("We're spinning out our leisure centres", "Thinking of outsourcing
   libraries — is anyone else doing this?"), the answer is None, so the core treats the whole message as
   a plan, whose confirmation already says what stays private.
4. Otherwise, if some clause asks, the whole message is matched against each topic's keywords, most
   specific topic first (admins before who-sees-what, erasing before confidentiality...); no match is
   None.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from enum import StrEnum

from bot import wording
from bot.admin.stats import SMALLEST_SHOWN
from bot.conversation.commands import parse
from bot.conversation.folding import fold
from bot.conversation.meanings import explain, kinds_asked_about
from bot.conversation.turn import Turn
from bot.domain.plans import plans_of
from bot.settings import Settings


class Topic(StrEnum):
    WHAT_IT_DOES = "what_it_does"
    HOW_MATCHING_WORKS = "how_matching_works"
    WHO_SEES_WHAT = "who_sees_what"
    CONFIDENTIAL = "confidential"
    NOT_NOW = "not_now"
    PAUSE = "pause"
    EXPORT = "export"
    ERASE = "erase"
    WHO_RUNS_IT = "who_runs_it"
    ADMINS = "admins"
    LANDSCAPE = "landscape"
    CIRCLES = "circles"
    WHAT_NEXT = "what_next"  # "what now?": answered from where the officer is
    FURTHER_ALONG = "further_along"  # "is there anyone further along I could learn from?"
    SERVICES = "services"  # "what counts as a service here?"
    YOUR_CHOICE = "your_choice"  # "I'd rather not be introduced to anyone from down south"
    COLLEAGUES = "colleagues"  # "can I add my colleague?"
    LEAVING = "leaving"  # "what if I change jobs?"
    INVITE = "invite"  # "how do I get my colleagues in other councils on here?"
    WHO_USES = "who_uses"  # "who else in Kent uses this?"
    AI = "ai"  # "does it use AI? we are not allowed to put things into ChatGPT"
    HOSTING = "hosting"  # "where is this hosted and is it ISO27001?"
    FOI = "foi"  # "does it count as a disclosure under FOI?"
    FIRST_CALL = "first_call"  # "what should I ask them?": once introduced, what peers ask each other
    TELL_ME_WHEN = "tell_me_when"  # "can you let me know when someone else starts doing this?"
    REOPEN = "reopen"  # "how do I put it back?": a withdrawn plan
    TRYING = "trying"  # "just testing this out before I put anything real in"
    ABOUT_THEM = "about_them"  # "which council are they from?", "can I see their plan first?"
    PERMISSIONS = "permissions"  # "What permissions does it need?"
    LIMITING = "limiting"  # "can we limit it to certain departments?"
    CHANGE_MIND = "change_mind"  # "what if I say yes and then change my mind?"
    MEANING = "meaning"  # "what's a staff mutual?": answered from the kinds named (meanings.explain)


@dataclass(frozen=True)
class Facts:
    """The figures the answers quote, as they apply to one officer's workspace."""

    proposal_expiry_days: int
    proposal_reminder_days: int  # 0: no reminders
    proposals_per_week: int
    max_open_plans: int
    retention_months: int
    smallest_count_shown: int = SMALLEST_SHOWN
    matching_paused: bool = False
    has_plans: bool = False  # the officer has described a plan already: answers don't ask them to start


def facts_for(turn: Turn) -> Facts:
    """The figures for the acting officer: their workspace's settings, else the service's defaults."""
    defaults = turn.service_defaults
    policy = turn.policy
    reminder = defaults.get("proposal_reminder_days")
    if reminder is None:
        reminder = Settings.model_fields["proposal_reminder_days"].default
    return Facts(
        proposal_expiry_days=policy.proposal_expiry_days
        or defaults.get("proposal_expiry_days", turn.rules.expiry.days),
        proposal_reminder_days=reminder,
        proposals_per_week=policy.proposals_per_week
        or defaults.get("proposals_per_week", turn.rules.per_week),
        max_open_plans=turn.plan_limits.max_open,
        retention_months=policy.retention_months,
        matching_paused=policy.matching_paused,
    )


def facts_for_officer(turn: Turn) -> Facts:
    """The figures for the acting officer, and whether they have described a plan yet."""
    return replace(facts_for(turn), has_plans=bool(plans_of(turn.session, turn.officer_id)))


def _words(alternatives: str) -> re.Pattern[str]:
    """A pattern matching any of these |-separated alternatives, each as whole words."""
    return re.compile(rf"\b(?:{alternatives})\b")


# --- Question shape ----------------------------------------------------------------------------

_CLAUSES = re.compile(r"(\?+|[.!;:,\n]+|\s[-\u2013\u2014]+\s|[\u2013\u2014])")
_QUESTION_START = _words(
    r"what|what's|whats|how|who|who's|whom|whose|which|why|when|where|is|isn't|are|aren't|am|can|can't"
    r"|could|do|does|did|will|won't|would|should|shall|may|might|has|have"
)
# Words that may open a question without changing it ("sorry what do you need from me", "so how ...").
_OPENER = re.compile(
    r"^(?:(?:sorry|so|um+|erm+|er|ok|okay|right|hmm+|oh|ah|and|but|just|grand|great|cool|lovely|brilliant"
    r"|thanks|cheers|well|anyway)\b\W*)+"
)
# Requests to the bot, and worries, ask something too.
_REQUEST_START = _words(
    r"tell me|explain|show me|delete|erase|remove|wipe|forget|give me|send me|please|any idea"
    r"|i want to know|i'd like to know|i would like to know|i'd like a copy|i want a copy|i need a copy"
    r"|i (?:want|'d like|would like) to (?:delete|erase|remove|pause|stop|export|download)"
    r"|i'm (?:worried|concerned|nervous|wondering|curious|not sure)|i am (?:worried|concerned|wondering)"
    r"|i wonder|just wondering|wondering|curious|worried|quick question"
)

# --- A plan described ----------------------------------------------------------------------------

# Kinds of change a plan is about; in a statement they mean the officer is describing one.
_CHANGE = _words(
    r"outsourc\w*|insourc\w*|spin(?:ning)?[- ]?(?:out|off)|spun[- ]?out|mutuals?"
    r"|(?:a|into|charitable|leisure|new|culture|cultural) trust|social enterprise"
    r"|shared? (?:services?|service arrangement)|sharing (?:the|our|a) service|in[- ]house|back in"
    r"|(?:re-?)?tender\w*|(?:re-?)?procur\w*|tupe|privatis\w*|externalis\w*|joint venture|teckal|latc"
    r"|arm'?s[- ]length|wholly[- ]owned|contract\w* out|decommission\w*|merg(?:e|er|ing)"
)
# Saying what one means to do: counts with a first person, or opening the clause.
_INTENT = _words(
    r"planning|plans? to|thinking (?:of|about)|considering|looking (?:at|into)|exploring|hoping to"
    r"|going to|intend|intending|proposing|reviewing|moving"
)
# What may follow an intent without naming anything: "I'm looking at this yet", "thinking about it".
_ON_NOTHING_NAMED = re.compile(
    r"(?:\s+(?:this|that|it|them|things|something|anything|options|doing|at|about|into|yet|now|still|just"
    r"|really|though|either|quietly|for now|at the moment|atm))*\W*$"
)
_FIRST_PERSON = _words(r"we|we're|we've|we'll|our|ours|us|i|i'm|i've|my council")
_OTHERS = _words(
    r"other councils?|other (?:local )?authorities|other [a-z]+ (?:councils|authorities|boroughs|counties)"
    r"|other organisations?|other las|anyone|anybody"
    r"|someone|somebody|who else|others|elsewhere|which councils|what councils|how many"
)

# --- Topics --------------------------------------------------------------------------------------

_ADMINS = _words(r"admins?|administrators?|administration team|it department|it team")
_ERASE = _words(
    r"delete|deleted|deleting|erase|erased|erasing|remove|removed|wipe|wiped|forget(?: about)? me"
    r"|forget everything|forgotten|right to be forgotten|get rid of|close my account"
    r"|how long (?:will|do|does|would|is|are) (?:you|it|notalone|my \w+|the \w+|plans?)"
    r" (?:keep|hold|store|retain|kept|held|stored|retained)|retention|retain\w*"
)
_EXPORT = _words(
    r"export|download|subject access|sar|data portability"
    r"|(?:a )?copy of (?:my|all my|the|what you (?:hold|have|keep|store)|everything)"
    r"(?: (?:data|information|details|plans?))?"
    r"|i (?:get|see|have|obtain|access|take) (?:all )?(?:of )?my (?:data|information|details)"
    r"|get (?:all )?(?:of )?my (?:data|information|details)"
    r"|what (?:data|information|do you) (?:do you )?(?:hold|have|keep|store)"
)
_PAUSE = _words(
    r"pause\w*|on hold|hold off|take a (?:break|step back)|stop (?:matching|looking|sending)"
    r"|stop (?:getting|receiving|having) (?:messages|matches|offers|notifications|these)"
    r"|suspend\w*|resume|for a while"
)
_CIRCLES = _words(
    r"circles?|group introductions?|introduce (?:us|me) to (?:several|more than one|a group)"
    r"|forums?|networks?|community of practice|peer (?:group|network|support group)"
    r"|group (?:for|of) (?:people|officers|councils|us)|(?:put|add) (?:me|us) (?:in|into|to) a group"
    r"|(?:meeting|call|chat) with (?:everyone|all of them|them all)"
    r"|get (?:everyone|us all|all of us|them all|people) together"
    r"|(?:everyone|all the councils) doing (?:this|the same)"
)
_NOT_NOW = _words(
    r"not now|say no|said no|saying no|declin\w*|turn (?:it |them |this )?down|reject\w*"
    r"|don't (?:want to )?(?:answer|reply|respond)|do not answer|ignor\w*|not interested|laps\w*|expir\w*"
    r"|how long (?:do i have|to (?:answer|reply)"
    r"|(?:do|does|will) (?:they|the other (?:officer|person|side|council)|someone|people) (?:get|have)"
    r"|does (?:it|an? (?:offer|match|possible match)) (?:stay|last))"
    r"|stays? open"
)
# Who might see, and seeing: both in one question is a question about who sees what.
_SEER = _words(
    r"who|anyone|anybody|someone|people|everyone|boss|manager|line manager|director|chief exec"
    r"|chief executive|ceo|head of service|colleagues?|team|members|councillors?|leader|unions?|press"
    r"|media|public|other councils?|other officers?|the other (?:officer|person|side|council)|they|them"
    r"|other organisations?|competitors?|my council|my employer|hr"
)
_SEE = _words(
    r"see|sees|seen|read|reads|know|knows|find out|access|be told|told|learn|visible|view|look at|shown"
    r"|share|shared|sharing|identify|tell|(?:going|go|goes|sent|passed|forwarded|copied|reported) to"
)
_CONFIDENTIAL = _words(
    r"confidential\w*|private|privacy|secret|secure|security|safe|anonymous|anonymi\w*|encrypt\w*|gdpr"
    r"|data protection|off the record|leak\w*|discre\w+|trust you|stored|what's the catch|whats the catch"
    r"|the catch|too good to be true|what do you get out of"
    r"|store my|where is my data|sensitive"
)
_MATCHING = _words(
    r"match\w*|pair|paired|pairs|introduc\w*|comparable|similar plans?|algorithm|score|put me in touch"
    r"|(?:find|choose|pick|decide|connect)\w* (?:me |us )?(?:someone|people|peers|others|officers)"
    r"|who (?:do|will|would) you (?:introduce|put me in touch|connect)|how do you (?:choose|decide|pick|find)"
    # Wanting to reach the councils counted: "can I talk to them?", "how do I contact those councils?"
    r"|(?:talk|speak|chat|meet|contact|reach|get in touch|be in touch|connect)(?: to| with)?"
    r" (?:them|those|these|the others|other councils|those councils|these councils|one of them|any of them)"
    r"|who are they|who is it|who's it|who is this officer|which council is it|which ones are they"
    r"|can i (?:have|get|see) (?:their|the) (?:names|details|contacts?)"
)
_RUNS_IT = _words(
    r"(?:is|it's|its) (?:it |this )?free|cost|costs|charge|charged|price|pay for|paying for|licen[cs]e fee|"
    r"who (?:runs|run|made|makes|built|created|owns|operates|developed|designed|funds|pays for|is behind)"
    r"|who's behind|which (?:company|organisation|supplier)|behind this|run by|made by|built by"
    r"|are you (?:a )?(?:bot|robot|human|person|real|ai|machine)|is (?:this|it) (?:a )?(?:bot|human|person)"
    r"|real person"
)
_WHAT_IT_DOES = _words(
    r"what (?:can|do|does|will|could) (?:you|it|this|notalone) do|what does notalone"
    r"|what (?:is|are) (?:this|you|notalone|it)(?: for| about)?|what's (?:this|notalone|it)(?: for| about)?"
    r"|whats this|what are you for|who are you|what do i do|where do i start|how do i get started"
    r"|how (?:does|do) (?:this|it|you|notalone)(?: thing| bot| service)? work"
    r"|how (?:do|can|should) i (?:use|start|begin)"
    r"|what(?:'s| is) the point|why (?:should|would) i use|tell me (?:about|more)|explain"
)
# Asking whether this is what Notalone is for: before any topic its other words name ("is this the thing
# for sharing services with other councils?" is not about who sees what).
# Asking to hear of comparable plans as they come: what Notalone does once a plan is saved.
_TELL_ME = r"(?:let me know|tell me|notify me|alert me|ping me|message me|keep me posted|update me|inform me)"
_OTHER_PLANNER = (
    r"(?:someone|somebody|anyone|anybody|another|other|a council|councils|a (?:new |possible )?match)"
)
_TELL_ME_WHEN = _words(
    rf"{_TELL_ME}(?: \w+){{0,2}} (?:when|once|as soon as|whenever) {_OTHER_PLANNER}"
    rf"|{_TELL_ME}(?: \w+){{0,2}} if {_OTHER_PLANNER}(?: \w+){{0,4}} (?:starts?|begins?|comes? (?:along|up)"
    r"|appears?|joins?|signs? up|turns? up|shows? up)"
)
_REOPEN = _words(
    r"(?:put|get|bring) (?:it|that|the plan|my plan|plan \d+) back|undo (?:the |my |that )?withdraw\w*"
    r"|(?:reopen|re-open|restore|reinstate|unwithdraw) (?:it|that|the plan|my plan|plan \d+)"
    r"|(?:didn't|did not|didnt) mean to (?:withdraw|delete|remove|close)"
)
_TRYING = _words(
    r"(?:just |only )?(?:testing|trying) (?:this|it|you|notalone|the bot|things)(?: out)?"
    r"|(?:just |only )?(?:having|taking) a (?:look|play|poke|nose)(?: around| round)?(?! at| into| over)"
    r"|kick(?:ing)? the tyres"
    r"|before i (?:put|type|tell you|enter|add) anything real"
)
_CHANGE_MIND = _words(
    r"(?:say|said|click|press|choose|chose) (?:yes|introduce us)(?: \w+){0,3} (?:change my mind|regret it"
    r"|want to (?:undo|back out|take it back))|(?:take|taking) (?:back )?(?:my|a|the) yes(?: back)?"
    r"|undo (?:my |a |the )?(?:yes|introduce us|introduction)|back out (?:of|after)|what if i change my mind"
)
_WHAT_FOR = _words(
    r"(?:sort|kind|type) of (?:thing|stuff|work) (?:you|notalone|this) (?:do|does|helps? with|covers?)"
    r"|is (?:this|it|notalone) (?:the )?(?:thing|place|bot|tool|app|service|system|one) (?:for|where|that)"
)
# Who uses Notalone: never said, as nobody is told that this officer does.
_WHO_USES = _words(
    r"who (?:else )?(?:\w+ ){0,3}(?:uses|is using|are using|is on|are on|has signed up|signed up)"
    r" (?:this|notalone|it|the bot|the app)"
    r"|(?:which|what|how many) (?:councils|officers|people|organisations|colleagues) (?:\w+ ){0,4}"
    r"(?:use|are using|are on) (?:this|notalone|it|the bot|the app)"
)
# About the other officer of a possible match: their words, their council, where they are.
_ABOUT_THEM = _words(
    r"(?:see|read|have|get) (?:their|the other (?:officer|person|council)'s) (?:plan|words|description|text)"
    r"|in their own words"
    r"|(?:are|is) (?:they|the other (?:officer|person|council))"
    r" (?:from|in|near|nearby|local|close|round here|around here|a neighbour)"
    r"|where (?:are|is) (?:they|the other (?:officer|council)) (?:from|based)"
    r"|which council (?:are|is) (?:they|it|the other)"
)
# Whether an AI reads or learns from what the officer types.
_AI = _words(
    r"ai|a\.i\.|artificial intelligence|chat ?gpt|openai|copilot|gemini|llms?|large language models?"
    r"|generative|gen ?ai|machine learning|neural|(?:used|use it|use them|use my \w+) (?:to|for) train\w*"
    r"|train\w* (?:on|with|anything|a model|models|the model)"
)
# Where it runs and what certifies it: a question for the operator, answered as far as Notalone can.
_PERMISSIONS = _words(
    r"permissions?|scopes?|what (?:access|rights) (?:does|do|will) (?:it|you|notalone) (?:need|want|have|get)"
    r"|(?:read|access|see) (?:our |my |all )?(?:channels|chats|emails|files|mailbox|calendar)"
)
_LIMITING = _words(
    r"(?:limit|restrict)\w* (?:it|this|notalone|access|who)(?: \w+){0,3} (?:to|by)"
    r" (?:certain |some |specific |particular |selected |our )?"
    r"(?:departments?|teams|directorates?|groups|users|people|staff|services)"
    r"|only (?:some|certain|specific) (?:departments?|teams|directorates?|groups|users|people|staff)"
)
# Whether what is typed here could be released under Freedom of Information (FOISA in Scotland, EIR).
_FOI = _words(
    r"fois?a?|freedom of information|eir|environmental information regulations|disclosable|discoverable"
    r"|(?:count|counts|treated) as (?:a )?disclosure|(?:be|get|got) disclosed|(?:be|get) released"
    r"|(?:be|get) requested|public record|could (?:the press|journalists|anyone) (?:ask|request|see)"
)
_HOSTING = _words(
    r"hosted|hosting|host|servers?|cloud|azure|aws|amazon|google cloud|data ?cent(?:re|er)s?"
    r"|iso ?27001|iso|cyber essentials|pen(?:etration)? tests?|soc ?2|uk based|in the uk|overseas|abroad"
    r"|outside (?:the )?(?:uk|united kingdom|eu|europe|eea)|data residency|sovereign\w*"
    r"|dpias?|data protection impact|information governance|ig (?:team|officer|sign[- ]off)"
    r"|data processing agreement|data sharing agreement"
    r"|where (?:is|are) (?:it|this|the data|my data|our data) (?:hosted|kept|held|stored|located)"
)
# Bringing in someone from one's own council: each officer uses Notalone for themselves.
_COLLEAGUES = _words(
    r"(?:add|invite|include|bring in|loop in|copy in|cc) (?:my |a |our )?(?:colleagues?|team|deputy|manager"
    r"|boss|director|co-?worker|project team)"
    r"|share (?:this|it|my plan|the plan|plan \d+) with"
    r" (?:my |a |our )?(?:colleagues?|team|manager|boss|director)"
    r"|(?:can|could) (?:my |a |our )?(?:colleagues?|team|deputy) (?:join|use this|use it|sign up|work on)"
    r"|joint plan|plan together with"
)
# Bringing officers of other councils on: their own administrators add Notalone.
_INVITE = _words(
    r"(?:get|invite|bring|add|recommend|tell) (?:my |our )?(?:colleagues|contacts|peers|people|friends"
    r"|counterparts|opposite numbers) (?:in|at|from) (?:other|another|neighbouring|different)"
    r"|(?:other|another|neighbouring) councils? (?:on here|on board|to join|to use|onto)"
    r"|how (?:do|can|could|would) (?:other|another|neighbouring) councils? (?:join|get|sign up|use)"
)
# Leaving the job: what happens to the officer's plans.
_LEAVING = _words(
    r"(?:change|changing|switch|move|moving|leave|leaving|quit) (?:my )?(?:jobs?|roles?|posts?|councils?"
    r"|employer)|(?:leave|leaving|quit|quitting) (?:the|this|my) (?:council|authority|organisation)"
    r"|(?:i'm|i am) leaving"
    r"|new job|retire|retiring|made redundant|when i leave|if i leave|my successor|replacement"
)
# Once introduced: what to talk about ("what should I ask them", "how do I approach her?").
_FIRST_CALL = _words(
    r"what (?:should|do|shall|could|would) i (?:ask|say to|talk (?:to|about with)|write to|raise with)"
    r" (?:them|him|her|the other (?:officer|person|council))"
    r"|what (?:to|should (?:i|we)|do (?:i|we)|shall (?:i|we)) (?:ask|cover|talk about|discuss)"
    r"(?: on| in| at| during)? (?:the|a|our|my|that) (?:call|meeting|chat|conversation)"
    r"|how (?:do|should) i (?:approach|contact) (?:them|him|her)|(?:questions|what) to ask (?:them|him|her)"
)
# Wanting a peer who has been there: before who-sees-what, as "learn" and "anyone" are in both.
_FURTHER_ALONG = _words(
    r"further (?:along|ahead|on than)|ahead of (?:me|us)|been there|been through (?:it|this|that)"
    r"|gone through (?:it|this|that)|(?:done|did) (?:it|this|that) (?:already|before)"
    r"|already (?:done|did|been through|gone through|made the (?:move|change|switch))"
    r"|learn from|lessons learn\w*"
    r"|(?:has|have) (?:already )?(?:done|made) (?:it|this|that|the move|the change)"
    r"|(?:is|are) (?:already )?live|mentors?|mentoring|stages? (?:ahead|behind)|further along mean"
)
_SERVICES = _words(
    r"what (?:counts as|is meant by|do you mean by|do you count as) (?:a )?services?"
    r"|(?:what|which) (?:kinds? of |sorts? of |types? of )?services"
    r" (?:do you|can i|are there|count|are covered)"
    r"|list of (?:the )?services|services (?:do you|you) (?:know|cover|cater for)"
    r"|(?:does|do|will|can) (?:this|it|you|notalone) (?:cover|include|do|work for|handle) (?:\w+ ){0,3}"
    r"(?:stuff|services?|things|plans?|too|as well)"
)
_KNOW_OF_OTHERS = _words(
    r"(?:know|heard) (?:of )?(?:anyone|anybody|any other|any councils?|other councils|others|someone)"
    # "asked me to find out if any other Welsh councils have...": finding out about others, not being seen
    r"|(?:find out|see|check|know) (?:if|whether) (?:any(?:one|body)?|other|there (?:are|is))"
    # "can I see who else has leisure plans": seeing others, not being seen
    r"|(?:see|know|find out|tell me|show me) (?:who else|which (?:other )?councils|what other councils)"
)
_LANDSCAPE_OTHERS = _words(
    r"other councils|(?<!the )other council|other (?:local )?authorities"
    r"|other [a-z]+ (?:councils|authorities|boroughs|counties)|other organisations?|other las"
    r"|anyone else|anybody else|someone else|who else|which councils|what councils|any other councils?"
    r"|others|elsewhere"
    r"|how many (?:councils|authorities|organisations|other|others|people|officers|places)"
    r"|any(?:one|body)? (?:who|that) (?:has|have|is|are|did)|am i the only|am i alone|only one|only council"
)

# "What if the other council is a competitor?": about what the other side learns, not about counts.
_RIVALS = _words(
    r"competitors?|competition|competing|rivals?|commercially sensitive"
    # "If I say yes do they get my email?": what the other side receives
    r"|(?:get|gets|receive|receives|have|has|be given|given) (?:my|our) (?:email|name|details|contact"
    r"|contact details|number|phone number|job title|council)"
)
_WHAT_NEXT = _words(
    r"what now|now what|what next|what's next|whats next|what happens (?:now|next)"
    r"|what (?:do|should) i do (?:now|next)|what do i do with (?:this|that)|where (?:do|does) (?:it|this) go"
    r"|what (?:do|did) you (?:need|want) (?:from me|me to (?:do|say|type|write|tell you)|to know)"
    r"|what (?:should|do) i (?:say|type|write|tell you)"
    r"|where (?:was i|were we|am i|are we)(?: up to)?|what was i doing|what were we doing"
    r"|is that (?:it|all)|do i (?:need|have) to do anything(?: else| more)?"
)

# Said, not asked, by someone worried about being found out: answered by who sees what.
_SECRET = _words(
    r"(?:my|our|the) (?:director|boss|manager|line manager|chief exec\w*|ceo|members|councillors|leader"
    r"|cabinet|team|staff|unions?|colleagues) (?:doesn't|don't|does not|do not|mustn't|must not|can't"
    r"|cannot|shouldn't|should not|won't|isn't|aren't) (?:know|find out|hear|see|be told|aware)"
    r"|nobody (?:knows|else knows|must know|can know)|no one (?:knows|else knows)"
    r"|(?:keep|kept) (?:this|it) quiet"
    r"|off the record|strictly confidential|not public yet|hush hush"
)
# A worry that someone will find out, said or asked: answered by who sees what.
_WORRIED = _words(
    r"(?:worried|concerned|nervous|scared|afraid|anxious) (?:about |that )?(?:my |our |the )?"
    r"(?:director|boss|manager|line manager|chief exec\w*|ceo|members|councillors|leader|cabinet|team|staff"
    r"|unions?|colleagues|press|media|papers)"
    r" (?:finding out|knowing|seeing|hearing|will (?:find out|know|see|hear))"
)
# Said, not asked, by someone wary of whom they might meet: every introduction is their own choice.
_WARY = _words(
    r"(?:rather not|don't want to|do not want to|wouldn't want to|prefer not to|not keen to) (?:be )?"
    r"(?:introduced|matched|put in touch)"
    r"|(?:don't|do not|never) (?:introduce|match) me|(?:don't|do not|never) put me in touch"
    r"|(?:can|could|will) you (?:not|avoid) (?:introduc|match)\w*|only (?:introduce|match) me"
)
# Said, not asked, by someone lost: "im not sure how this works tbh".
_LOST = _words(
    r"(?:not sure|no idea|don't know|dont know|don't understand|dont understand|confused about|unsure)"
    r" (?:how|what) (?:this|it|you|notalone)(?: thing| bot)? (?:works?|does|is|is for|are)"
    r"|how (?:this|it|notalone) works"
)


def _clauses(text: str) -> list[tuple[str, bool]]:
    """Each clause of the text, and whether it asks something."""
    pieces = _CLAUSES.split(text)
    found: list[tuple[str, bool]] = []
    for i in range(0, len(pieces), 2):
        clause = pieces[i].strip(" \"'()*_")
        mark = pieces[i + 1] if i + 1 < len(pieces) else ""
        if not clause:
            continue
        courtesy = clause == "please"  # "Join the circle, please": a trailing please asks nothing
        opening = _OPENER.sub("", clause)  # "sorry what do you need from me": still a question
        asks = "?" in mark or (
            not courtesy and bool(_QUESTION_START.match(opening) or _REQUEST_START.match(opening))
        )
        found.append((clause, asks))
    return found


def _describes_a_plan(clause: str) -> bool:
    """Whether a statement says what the officer or their council is doing with a service."""
    if _OTHERS.search(clause):
        return False  # about other councils, not the officer's own plan
    if _CHANGE.search(clause):
        return True
    intent = _INTENT.search(clause)
    if intent is None or _ON_NOTHING_NAMED.match(clause, intent.end()):
        return False  # "my director doesn't know I'm looking at this yet": no service, no change
    return intent.start() == 0 or bool(_FIRST_PERSON.search(clause))


def _topic_by_keywords(question: str) -> Topic | None:
    """The first topic, most specific first, whose keywords the message uses."""
    if _WHAT_FOR.search(question):
        return Topic.WHAT_IT_DOES
    if kinds_asked_about(question):
        return Topic.MEANING
    if _CHANGE_MIND.search(question):
        return Topic.CHANGE_MIND
    if _TELL_ME_WHEN.search(question):
        return Topic.TELL_ME_WHEN
    if _REOPEN.search(question):
        return Topic.REOPEN
    if _TRYING.search(question):
        return Topic.TRYING
    if _WARY.search(question):
        return Topic.YOUR_CHOICE  # "please don't introduce me to Belfast"
    if _WORRIED.search(question):
        return Topic.WHO_SEES_WHAT  # "I'm worried about the unions finding out"
    if _WHO_USES.search(question):
        return Topic.WHO_USES
    if _ABOUT_THEM.search(question):
        return Topic.ABOUT_THEM
    if _AI.search(question):
        return Topic.AI
    if _PERMISSIONS.search(question):
        return Topic.PERMISSIONS
    if _LIMITING.search(question):
        return Topic.LIMITING
    if _FOI.search(question):
        return Topic.FOI
    if _HOSTING.search(question):
        return Topic.HOSTING
    if _FIRST_CALL.search(question):
        return Topic.FIRST_CALL
    if _INVITE.search(question):
        return Topic.INVITE
    if _COLLEAGUES.search(question):
        return Topic.COLLEAGUES
    if _ADMINS.search(question):
        return Topic.ADMINS
    if _ERASE.search(question):
        return Topic.ERASE
    if _LEAVING.search(question):
        return Topic.LEAVING  # after erasing: "can you erase my data if I leave?" asks for erasure
    if _EXPORT.search(question):
        return Topic.EXPORT
    if _PAUSE.search(question):
        return Topic.PAUSE
    if _CIRCLES.search(question):
        return Topic.CIRCLES
    if _NOT_NOW.search(question):
        return Topic.NOT_NOW
    if _FURTHER_ALONG.search(question):
        return Topic.FURTHER_ALONG
    if _SERVICES.search(question):
        return Topic.SERVICES
    if _KNOW_OF_OTHERS.search(question):
        return Topic.LANDSCAPE  # "do you know anyone who...": knowing, but not about seeing
    if (_SEER.search(question) and _SEE.search(question)) or _RIVALS.search(question):
        return Topic.WHO_SEES_WHAT
    if _LANDSCAPE_OTHERS.search(question):
        return Topic.LANDSCAPE
    if _CONFIDENTIAL.search(question):
        return Topic.CONFIDENTIAL
    if _RUNS_IT.search(question):
        return Topic.WHO_RUNS_IT
    if _MATCHING.search(question):
        return Topic.HOW_MATCHING_WORKS
    if _WHAT_NEXT.search(question):
        return Topic.WHAT_NEXT
    if _WHAT_IT_DOES.search(question):
        return Topic.WHAT_IT_DOES
    return None


def asks_something(text: str) -> bool:
    """Whether the text asks a question rather than describing a plan (whatever it asks about)."""
    clauses = _clauses(fold(text))
    return any(asks for _, asks in clauses) and not any(
        not asks and _describes_a_plan(clause) for clause, asks in clauses
    )


def topic_of(text: str) -> Topic | None:
    """The topic of a question about Notalone or the landscape; None for a plan, a command or anything
    else (see the module's rules)."""
    words = fold(text)
    if not words or parse(words) is not None or parse(words.rstrip("? ")) is not None:
        return None
    clauses = _clauses(words)
    if any(not asks and _describes_a_plan(clause) for clause, asks in clauses):
        return None
    if not any(asks for _, asks in clauses):
        if _SECRET.search(words) or _WORRIED.search(words):
            return Topic.WHO_SEES_WHAT  # "my director doesn't know I'm looking at this yet": a worry
        if _WARY.search(words):
            return Topic.YOUR_CHOICE
        if _TRYING.search(words):
            return Topic.TRYING  # "just testing this out before I put anything real in"
        if _REOPEN.search(words):
            return Topic.REOPEN  # "oops, didn't mean to withdraw that"
        return Topic.WHAT_IT_DOES if _LOST.search(words) else None
    # The whole message, not only the clause that asks: "If I decline, will they know?" is about declining.
    return _topic_by_keywords(words)


# Where one question ends and another begins in the same message: a question mark, or "and" before a
# question word ("who runs this and who can see what I type?").
_NEXT_QUESTION = re.compile(
    r"\?+|\band (?=(?:who|what|how|can|could|will|would|is|are|does|do|where|when|why|if)\b)"
)
# Topics answered from where the officer is, never as a second answer.
_FIRST_ONLY = frozenset({Topic.LANDSCAPE, Topic.WHAT_NEXT})
# Topics whose answers say the same thing in other words: one is answer enough.
_ONE_ANSWER = frozenset({Topic.CONFIDENTIAL, Topic.WHO_SEES_WHAT, Topic.ABOUT_THEM})


def also_asked(text: str, first: Topic) -> Topic | None:
    """A second thing the same message asks about, besides `first`: "Who runs this, and who can see what
    I type?" gets both answers. At most one more, so an answer never becomes a wall of text."""
    for part in _NEXT_QUESTION.split(fold(text)):
        topic = _topic_by_keywords(part) if part.strip() else None
        if topic is None or topic == first or {topic, first} <= _ONE_ANSWER:
            continue
        return None if first in _FIRST_ONLY or topic in _FIRST_ONLY else topic
    return None


def _count(forms: tuple[str, str], count: int) -> str:
    return (forms[0] if count == 1 else forms[1]).format(count=count)


# Each topic's answer; its {placeholders} are filled from the officer's facts by `answer`.
_ANSWERS: dict[Topic, str] = {
    Topic.WHAT_IT_DOES: wording.ANSWER_WHAT_IT_DOES,
    Topic.HOW_MATCHING_WORKS: wording.ANSWER_HOW_MATCHING_WORKS,
    Topic.WHO_SEES_WHAT: wording.ANSWER_WHO_SEES_WHAT,
    Topic.CONFIDENTIAL: wording.ANSWER_CONFIDENTIAL,
    Topic.NOT_NOW: wording.ANSWER_NOT_NOW,
    Topic.CIRCLES: wording.ANSWER_CIRCLES,
    Topic.PAUSE: wording.ANSWER_PAUSE,
    Topic.EXPORT: wording.ANSWER_EXPORT,
    Topic.ERASE: wording.ANSWER_ERASE,
    Topic.WHO_RUNS_IT: wording.ANSWER_WHO_RUNS_IT,
    Topic.WHAT_NEXT: wording.ANSWER_WHAT_NEXT,
    Topic.FURTHER_ALONG: wording.ANSWER_FURTHER_ALONG,
    Topic.SERVICES: wording.ANSWER_SERVICES,
    Topic.WHO_USES: wording.ANSWER_WHO_USES,
    Topic.AI: wording.ANSWER_AI,
    Topic.HOSTING: wording.ANSWER_HOSTING,
    Topic.FOI: wording.ANSWER_FOI,
    Topic.MEANING: wording.ANSWER_MEANING,
    Topic.COLLEAGUES: wording.ANSWER_COLLEAGUES,
    Topic.LEAVING: wording.ANSWER_LEAVING,
    Topic.INVITE: wording.ANSWER_INVITE,
    Topic.FIRST_CALL: wording.ANSWER_FIRST_CALL,
    Topic.TELL_ME_WHEN: wording.ANSWER_TELL_ME_WHEN,
    Topic.REOPEN: wording.ANSWER_REOPEN,
    Topic.TRYING: wording.ANSWER_TRYING,
    Topic.ABOUT_THEM: wording.ANSWER_ABOUT_THEM,
    Topic.PERMISSIONS: wording.ANSWER_PERMISSIONS,
    Topic.LIMITING: wording.ANSWER_LIMITING,
    Topic.CHANGE_MIND: wording.ANSWER_CHANGE_MIND,
    Topic.YOUR_CHOICE: wording.ANSWER_YOUR_CHOICE,
    Topic.ADMINS: wording.ANSWER_ADMINS,
    Topic.LANDSCAPE: wording.ANSWER_LANDSCAPE,
}


def answer(topic: Topic, facts: Facts, *, asked: str = "") -> str:
    """The answer to a question on this topic, with the figures that apply to the officer; what a kind
    of change means is answered from the words `asked`."""
    if topic == Topic.MEANING and asked:
        return explain(asked)
    # A reminder goes only to offers made with more time to run than the reminder's lead.
    reminded = 0 < facts.proposal_reminder_days < facts.proposal_expiry_days
    reminder_days = _count(wording.DAY_COUNT, facts.proposal_reminder_days)
    reminder = (
        wording.ANSWER_NOT_NOW_REMINDER.format(reminder=reminder_days)
        if reminded
        else wording.ANSWER_NOT_NOW_NO_REMINDER
    )
    return _ANSWERS[topic].format(
        expiry=_count(wording.DAY_COUNT, facts.proposal_expiry_days),
        retention=_count(wording.MONTH_COUNT, facts.retention_months),
        max_open=facts.max_open_plans,
        per_week=facts.proposals_per_week,
        paused=wording.ANSWER_MATCHING_PAUSED if facts.matching_paused else "",
        reminder=reminder,
        smallest=facts.smallest_count_shown,
        start=wording.START_WITH_YOUR_PLANS if facts.has_plans else wording.START_WITH_A_PLAN,
        then="" if facts.has_plans else wording.DESCRIBE_THEN,
    )
