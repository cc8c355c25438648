"""Every word an officer reads, in one place: short, plain British English.

Each message says what happens next and what stays private. Texts are plain (no markup);
adapters escape them for their platform.
"""

from __future__ import annotations

# --- Getting started -------------------------------------------------------------------------

WELCOME = (
    "Hello{name}. I'm Notalone.\n"
    "Tell me, in a sentence or two, about a service change you are planning: which service, what kind "
    "of change (for example a staff mutual, a trust, a shared service or bringing it back in house), "
    "how far along you are and when you hope it will happen.\n"
    "It stays private. I look for officers in other councils planning something comparable, and I "
    "only introduce you if you both say yes. Ask me anything about how it works, or type help."
)
WELCOME_BACK = "Welcome back{name}."
ASK_ORGANISATION = (
    "I don't recognise the email domain {domain}. Which council or organisation do you work for? "
    "Type its name, for example Wyre Forest District Council. I only share it with another officer if "
    "you both agree to an introduction. Until your organisation is verified you can write plans, but I "
    "won't look for matches."
)
ASK_ORGANISATION_AGAIN = "Which council or organisation do you work for? Type its name."
NOT_AN_ORGANISATION = (
    "That doesn't look like the name of an organisation. I need it to look for officers in other councils; "
    "it is shared only if you agree to an introduction."
)
ASK_ORGANISATION_NAME = "What is your organisation called? Type its name."
ORGANISATION_CHOICES = "Is it one of these? If not, choose Another organisation."
ANOTHER_ORGANISATION = "Another organisation"
ORGANISATION_NOT_FOUND = (
    "I couldn't find {typed} among the UK councils I know. Shall I keep it as your organisation's name, "
    "or would you like to type it again?"
)
KEEP_ORGANISATION_NAME = "Keep this name"
RETYPE_ORGANISATION = "Type it again"
PLAN_KEPT_FOR_LATER = (
    "I've kept what you wrote, privately, and I'll come back to it once I know where you work."
)
PLAN_NOT_A_NAME = (
    "That sounds like a plan rather than a name, so I've kept it, privately, and I'll come back to it "
    "once I know where you work. If it really is your organisation's name, send it again."
)
ORGANISATION_FIRST = "First I need to know which council or organisation you work for."
ORGANISATION_CANCELLED = "Fine, I've dropped what you wrote. Nothing else has changed."
ORGANISATION_CHOSEN = (
    "Thank you. I've noted {organisation} as your organisation. Your email address isn't one of "
    "theirs, so it isn't verified yet: I'll keep your plans private and won't look for matches for now."
)
ORGANISATION_NOTED = (
    "Thank you. I've noted {organisation} as your organisation. It isn't verified yet, so I'll keep "
    "your plans private and won't look for matches for now."
)
NO_EMAIL = "I need your work email address to know your organisation. Please ask your administrator."

HELP = (
    "Here is what you can do:\n"
    "- describe a plan in a sentence or two, and I'll check I've understood it\n"
    "- new plan: start describing another plan\n"
    "- my plans: see your plans and any possible matches\n"
    "- edit N: change plan N, or say what to change, e.g. change the timeline to 2028\n"
    "- pause N or pause all: stop looking for matches; resume N or resume all to start again\n"
    "- withdraw N: close plan N for good (I ask first)\n"
    "  With only one plan, edit, pause, resume and withdraw need no number.\n"
    "- export: get everything I hold about you\n"
    "- forget me: erase everything I hold about you\n"
    "- cancel: drop what we're in the middle of\n"
    "- how many others: how many other councils plan something comparable to your plans\n"
    "- admin: this workspace's settings and statistics (administrators only)\n"
    "A possible match may be a circle: several councils at once, introduced only among those who say "
    "yes. A few weeks after an introduction I ask you once whether you talked; your answer is only "
    "counted, never shown to anyone.\n"
    'You can also ask me questions in your own words, such as "is this confidential?" or "what '
    'happens if I say not now?". Nobody learns anything about you unless you agree to an introduction.'
)
UNKNOWN_INPUT = (
    "I couldn't tell what that's about. To describe a plan, tell me in a sentence or two which service, "
    "what kind of change and when. Type help to see everything you can do."
)
NOT_UNDERSTOOD = (
    "I'm not sure what you mean. You can describe a plan in a sentence or two (which service, what kind "
    'of change, and when), ask me a question such as "is this confidential?", or type help.'
)
HELLO_AGAIN = (
    "Hello. Tell me about a service change you're planning, in a sentence or two, or ask me how "
    "Notalone works. Nothing you tell me is shared unless you agree."
)
NOTHING_TO_CONFIRM = (
    "Nothing is waiting for your answer just now, so nothing has changed. Type my plans to see your plans "
    "and any possible matches, or tell me about another plan."
)
# "maybe later" with a possible match waiting for the officer's answer.
DECIDE_LATER = (
    "No rush. Your possible match stays open until it lapses, and nobody is told anything meanwhile. "
    "Choose Introduce us, Not now or Not relevant whenever you're ready; type my plans to see it again."
)
# "ok go on then" with a possible match waiting: a yes to an introduction is only ever a plain one.
SAY_INTRODUCE_US = (
    "If you'd like the introduction, choose Introduce us (or type introduce us). I only introduce you if "
    "they say yes too; type my plans to see your possible matches."
)
NOTED = (
    "Right. Whenever you're ready, tell me about a service change you're planning, or ask me anything. "
    "Type my plans to see yours."
)
GOODBYE = (
    "Goodbye for now. I'll message you here if I find a possible match. Type my plans at any time to see "
    "where things stand."
)
# Thanks while a question is pending (a draft not yet saved): nothing to promise yet.
YOU_ARE_WELCOME_PENDING = "You're welcome."
YOU_ARE_WELCOME = (
    "You're welcome. I'll message you here if I find a possible match. Type my plans at any time to see "
    "where things stand."
)
ENGLISH_ONLY = (
    "Diolch. I can only read English for now, sorry. Could you describe your plan in English, in a "
    "sentence or two: which service, what kind of change, and when?"
)
CONFIRM_UNSURE = (
    "That's fine: it only needs to be roughly right, and you can change it at any time. Choose Looks right "
    "to save it (only you can see it), Change something to correct a line, or Discard to keep nothing."
)
STILL_WRITING = "When you're ready, we were writing your plan:"
# A council's name typed at the summary, as though it were asked for.
COUNCIL_NOT_NEEDED = (
    "No need to tell me your council here. Other officers never see it unless you both say yes to an "
    "introduction. Is this summary about right?"
)
SWITCH_QUESTION_EMPTY = "We're still writing a plan. Drop it and start another, or keep going with this one?"
SWITCH_QUESTION = (
    "We're still writing a plan. Start a new plan with this, or keep going with the one we were writing?"
)
START_NEW = "Start the new plan"
KEEP_DRAFT = "Keep going"
DRAFT_SET_ASIDE = "Fine, I've put the unfinished draft aside. Nothing from it was saved."
KEEP_GOING = "Fine, let's carry on with the plan we were writing."
IS_IT_ONE_OF = "Is it one of these?"
# "Sorry, got pulled into a meeting": an aside, not an answer.
NO_RUSH = "No problem, take your time. Nothing is lost or shared."
SERVICE_NOT_KNOWN = (
    "I don't know that service by that name, sorry. Put it another way, or choose the closest group "
    "below. If nothing is close, type cancel: nothing is saved or shared."
)
PICK_ONE = (
    "I didn't catch which you mean. Choose one of the options, type its name or number, or type cancel."
)
CANNOT_ANSWER = (
    "I can't answer that one, sorry. I can tell you how Notalone works and who sees what (try \"how does "
    'this work?" or "is this confidential?"), and I can look for officers in other councils planning '
    "something like yours: describe it in a sentence or two."
)

# --- Bad input -------------------------------------------------------------------------------

EMPTY_MESSAGE = "Your message was empty. Tell me about your plan in a sentence or two, or type help."
TOO_LONG = (
    "That message is {length:,} characters long; I can take up to {limit:,}. Nothing has been saved. "
    "Here it is, so you can shorten it and send it again:\n\n{text}"
)
NOT_A_CHOICE = "That choice is no longer available. Nothing has changed."
CHOOSE_FROM_ABOVE = "Please choose one of the options above, or type cancel to stop."
NO_SUCH_PLAN = "You don't have a plan {number}. Type my plans to see their numbers."
GIVE_PLAN_NUMBER = "Which plan? For example: {command} 1. Type my plans to see their numbers."
SOMETHING_WENT_WRONG = (
    "Sorry, something went wrong on our side and nothing was changed. Please try again. "
    "If it happens again, quote reference {reference}."
)
RATE_LIMITED = (
    "You're sending messages faster than I can take them, so I've set aside your last one. Please "
    "wait a minute, then send it again. Nothing else has changed."
)
WORKSPACE_BUSY = (
    "I'm receiving a great many messages from your organisation just now, so I haven't handled your "
    "last one. Please wait a minute, then send it again. Nothing has changed."
)

# --- Intake ----------------------------------------------------------------------------------

NEW_PLAN = "Tell me about the plan in a sentence or two: the service, the kind of change, the stage and when."
UNDERSTOOD_HEADER = "Here's what I understood:"
SUMMARY_LINES = "Service: {service}\nKind of change: {model}\nStage: {stage}\nTimeline: {timeline}"
# Below the summary, when the same message described a second plan.
ALSO_MENTIONED = (
    "You also mentioned {services}. That is a plan of its own: once this one is saved or discarded, I'll "
    "show you what I understood of it."
)
# Then that second plan's summary.
NOW_THE_OTHER_PLAN = "Now the other plan in your message."
SHARE_NOTE = (
    "If I find a comparable plan, the other officer sees only these four lines. Never your name, "
    "your council or your words."
)
LOOKS_RIGHT = "Looks right"
CHANGE_SOMETHING = "Change something"
DISCARD = "Discard"
WHICH_FIELD = "What would you like to change?"
BACK = "Back"
ASK_SERVICE = "Which service is this about? Choose the closest."
ASK_SERVICE_UNSURE = "I couldn't tell which service this is about. Is it one of these?"
ASK_SERVICE_IN_WORDS = (
    "Which service is this about? Tell me in a few words (for example school meals or parking), or "
    "choose a group."
)
ASK_SERVICE_GROUP = (
    "Tell me the service in a few words (for example school meals or parking), or choose a group."
)
ASK_SERVICE_IN_GROUP = "{group}: which of these is it?"
SOMETHING_ELSE = "Something else"
SEARCH_EVERY_CHOICE = "Or search the full list"
MORE_CHOICES = "More…"
BACK_TO_GROUPS = "Other groups"
ASK_MODEL = "What kind of change are you considering?"
ASK_MODEL_FOR = "What kind of change are you considering for {service}?"
ASK_STAGE = "How far along are you?"
ASK_TIMELINE = "When do you hope it will happen? For example: next April, 2027/28 or spring 2028."
TIMELINE_NOT_UNDERSTOOD = (
    "Sorry, I couldn't read a date in that. Try something like next April, 2027/28 or spring 2028."
)
TIMELINE_PASSED = (
    "That date has already gone by. When do you now expect it to happen? For example: next April, "
    "2027/28 or spring 2028. If it has already happened, choose Not sure yet, then change the stage to "
    "Live and running."
)
NOT_SURE_YET = "Not sure yet"
NOT_KNOWN = "not known yet"
DRAFT_DISCARDED = "Done: I've discarded that draft. Nothing was saved."
EDIT_DISCARDED = "Done: plan {number} stays as it was."
NOTHING_TO_CANCEL = "There's nothing to cancel."
UNFINISHED_DRAFT = "You have an unfinished plan. Here it is again:"

PLAN_SAVED = "Saved as plan {number}. Only you can see it."
PLAN_UPDATED = "Plan {number} is updated. Only you can see it."
LOOKING_NOW = "I'm looking for comparable plans in other councils now, and will keep looking."
FOUND_NONE_YET = (
    "No comparable plan yet. I'll keep looking and message you if one appears; nobody else sees "
    "your plan in the meantime."
)
FOUND_SOME = "I found {count} possible {matches}; details follow."
UNVERIFIED_NOT_MATCHED = (
    "Your organisation isn't verified, so I won't look for matches yet. Your plan stays private. I verify "
    "officers by their council's email domain: if your council uses one I don't know, ask your "
    "workspace's administrator to add it, and I'll start looking."
)
PLAN_PAUSED_NOT_MATCHED = "This plan is paused, so I won't look for matches until you resume it."
TOO_MANY_PLANS = (
    "You already have {count} open plans, the most I can keep for one person, so I haven't saved this "
    "one. To add it, withdraw a plan you no longer need (type my plans to see them, then withdraw N) "
    "and send it again."
)
TOO_MANY_TODAY = (
    "You've added {count} plans in the last 24 hours, the most I take in a day, so I haven't saved "
    "this one. Please send it again tomorrow. Your other plans are unaffected."
)

# --- Managing plans --------------------------------------------------------------------------

NO_PLANS = "You have no plans yet. Describe one in a sentence or two to start."
NO_SAVED_PLANS = "You have no saved plans yet."
MY_PLANS_HEADER = "Your plans (only you can see them):"
PLAN_LINE = "{number}. {service}: {model} ({status})"
PLAN_STATUS = {"active": "active", "paused": "paused", "withdrawn": "withdrawn"}
PROPOSAL_LINE = "   - possible match #{match}: {state}"
PROPOSAL_STATES = {
    "awaiting_you": "waiting for your answer",
    "awaiting_them": "you said yes; waiting for the other officer",
    "you_declined": "you said not now",
    "introduced": "introduced to {name}",
    "lapsed": "lapsed",
}
PAUSED = "Paused {which}. I won't look for matches until you resume. Possible matches already sent stay open."
RESUMED = "Resumed {which}. I'm looking for matches again."
ALREADY_PAUSED = "Plan {number} is already paused."
ALREADY_ACTIVE = "Plan {number} is already active."
WITHDRAWN_CANNOT_CHANGE = "Plan {number} is withdrawn and can't be changed. Describe a new plan instead."
NO_PLANS_TO_CHANGE = "You have no plans that this applies to."
CONFIRM_WITHDRAW = (
    "Withdraw plan {number}? I'll stop looking for matches, and any possible matches still open will "
    "lapse. Nobody is told why."
)
WITHDRAW = "Withdraw it"
KEEP_IT = "Keep it"
WITHDRAWN = "Plan {number} is withdrawn. Anything still open for it will lapse; nobody is told why."
KEPT = "Fine, nothing has changed."
EDITING = "Editing plan {number}."
ADDS_TO_PLAN = (
    "I've taken that as more about plan {number}. Here it is with what you just told me; nothing changes "
    "until you say it looks right."
)

# --- Proposals -------------------------------------------------------------------------------

PROPOSAL = (
    "Possible match #{match} for your plan {number}\n"
    "An officer in another council is planning something comparable:\n"
    "{summary}\n"
    "Why: {why}\n"
    "Would you like an introduction? I'll only introduce you if you both say yes. Until then they "
    "learn nothing about you, and you nothing about them. This offer lapses on {expires}."
)
WHY_SERVICE = "you are both looking at {services}"
WHY_MODEL = "and are both considering the same kind of change ({model})"
WHY_STAGE = {
    -2: "; they are two stages behind you",
    -1: "; they are one stage behind you",
    0: "; you are at the same stage",
    1: "; they are one stage ahead of you",
    2: "; they are two stages ahead of you",
}
REMINDER = (
    "A reminder: possible match #{match} for your plan {number} lapses on {expires}.\n"
    "Would you like an introduction? I'll only introduce you if you both say yes. Until then they "
    "learn nothing about you. If you don't answer, it simply lapses and nobody is told why."
)
INTRODUCE_US = "Introduce us"
NO_MATCH_AWAITS = (
    "No possible match is waiting for your answer just now. Type my plans to see where things stand."
)
NO_SUCH_MATCH = (
    "Possible match #{number} isn't waiting for your answer. These are: {numbers}. For example: introduce "
    "us #1, or not now #1."
)
WHICH_MATCH = (
    "Which possible match? These are waiting for your answer: {numbers}. For example: introduce us #1, or "
    "not now #1."
)
NOT_NOW = "Not now"
ACCEPTED_WAITING = (
    "Thanks: yes to possible match #{match}. I'll introduce you if the other officer says yes too. Until "
    "then they know nothing about you."
)
DECLINED = (
    "Understood: no introduction for possible match #{match}. The other officer won't be told you said "
    "no; for them the possibility simply lapses. Changed your mind? Until then, type my plans to say yes "
    "after all."
)
ALREADY_ANSWERED = "You've already answered possible match #{match}. Nothing has changed."
PROPOSAL_LAPSED_CLICK = "Possible match #{match} has lapsed, so nothing has changed."
LAPSED = (
    "Possible match #{match} for your plan {number} has lapsed. Nothing more will happen, and nobody has "
    "been told anything about you. I'll keep looking."
)

# --- Introductions ---------------------------------------------------------------------------

INTRODUCTION = (
    "You're introduced (possible match #{match}, your plan {number}). You both said yes.\n"
    "{contact}\n"
    "They can see the same details about you. A first message you could send:\n"
    '"{opening}"'
)
# Both officers read this one, so it has no match number: each knows the match by their own.
GROUP_INTRODUCTION = (
    "You're introduced: you both said yes to an introduction, as you are both looking at {services}.\n\n"
    "{first}\n\n{second}\n\nThis conversation is just the two of you and me. Over to you."
)
CONTACT_CARD = "Name: {name}\nJob title: {title}\nOrganisation: {organisation}\nEmail: {email}"
OPENING = (
    "Hello {name}, Notalone suggested we talk: we're both looking at {services}. Would you have half "
    "an hour for a call in the next few weeks?"
)
NOT_GIVEN = "not given"

# --- Your data -------------------------------------------------------------------------------

EXPORT_READY = "Here is everything I hold about you, as a JSON file. Only you receive it."
CONFIRM_FORGET = (
    "Erase everything I hold about you: your plans, your possible matches and this conversation? "
    "This can't be undone. Any possible match still open will simply lapse for the other officer."
)
ERASE = "Erase everything"
KEEP_MY_DATA = "Keep my data"
FORGOTTEN = "Done. I've erased everything I held about you. If you write to me again, I'll start afresh."

# --- Console adapter -------------------------------------------------------------------------

CONSOLE_BANNER = (
    "Notalone console. Type /as EMAIL to be an officer (e.g. /as jane.smith@camden.gov.uk), then talk "
    "to the bot. /wait DAYS moves time forward, /quit leaves."
)
CONSOLE_WHO_FIRST = "Type /as followed by a work email first, e.g. /as jane.smith@camden.gov.uk"
CONSOLE_BAD_EMAIL = "That doesn't look like an email address. Try /as jane.smith@camden.gov.uk"
CONSOLE_NO_SUCH_CHOICE = "There's no choice {number}. Type a number from 1 to {last}."
CONSOLE_NO_CHOICES = "There are no choices to pick from just now."
CONSOLE_BAD_WAIT = "Type /wait and a number of days, e.g. /wait 15"
CONSOLE_WAITED = "(Time moves on {days} days.)"
CONSOLE_UNKNOWN = "Console commands: /as EMAIL [job title], /wait DAYS, /quit"

# --- Slack adapter ---------------------------------------------------------------------------

SLACK_HOME_WELCOME = (
    "Tell me about a service change you're planning, in the Messages tab. It stays private: I only "
    "introduce you to an officer in another council if you both say yes."
)
SLACK_COMMAND_ACK = "I've answered in our direct messages (only you can see this)."
SLACK_OFF = (
    "Slack is off: set SLACK_SIGNING_SECRET and either SLACK_BOT_TOKEN (one workspace) or "
    "SLACK_CLIENT_ID and SLACK_CLIENT_SECRET (installs from /slack/install)."
)
SLACK_ON_TOKEN = "Slack is on for one workspace (SLACK_BOT_TOKEN): events at /slack/events."
WEB_TRIAL = "Try Notalone in your browser: http://localhost:{port}/ (a private trial; nothing is kept)."
WEB_LANDING = "The landing page is at / (the browser trial is off; NOTALONE_TRIAL=1 turns it on)."
TEAMS_OFF = (
    "Teams is off: set TEAMS_APP_ID, TEAMS_APP_PASSWORD and TEAMS_APP_TENANT_ID "
    "(or NOTALONE_ENV=development for an unauthenticated local trial)."
)
TEAMS_ON = "Teams is on: activities at /api/messages, every request's token checked."
TEAMS_ANONYMOUS = (
    "WARNING: Teams is running WITHOUT AUTHENTICATION (NOTALONE_ENV=development, no TEAMS_APP_ID). "
    "Anyone who can reach /api/messages can act as any officer. Never do this with real data."
)
TEAMS_SETTINGS_INTRO = (
    "Notalone settings for this workspace. Change what you need, then press Save. Nothing changes until "
    "you do."
)
TEAMS_SETTINGS_FIX = "Nothing has been saved. Please correct the answers marked below, then press Save again."
TEAMS_SETTINGS_SAVE = "Save"
TEAMS_SETTINGS_SAVED = "These settings are saved. To change them again, type admin."
TEAMS_SETTINGS_NEEDED = "Please answer this."
SLACK_ON_OAUTH = (
    "Slack is on for any workspace that installs it from /slack/install: events at /slack/events."
)
SLACK_SETTINGS_TITLE = "Notalone settings"  # Slack allows 24 characters
SLACK_SETTINGS_SAVE = "Save"
SLACK_SETTINGS_CANCEL = "Cancel"
SLACK_SETTINGS_INTRO = (
    "Settings for this workspace. You see counts only: never anyone's plans, matches or names. "
    "Saving records the change in the audit log with your name."
)
SLACK_SETTINGS_NOT_SHOWN = (
    "{label} is too long to show here, so it stays as it is. Whoever runs Notalone can change it."
)
SLACK_SETTINGS_YES = "Yes"
SLACK_SETTINGS_NOT_OPENED = "Sorry, the settings form didn't open in time. Please try again."
SLACK_HOME_ADMIN = "Workspace settings (you administer Notalone here)"

# --- Workspace admins ------------------------------------------------------------------------

NOT_AVAILABLE = (
    "Sorry, Notalone isn't available to you in this workspace: its administrators have limited it to "
    "certain email addresses. I haven't kept anything you sent."
)
NOT_AVAILABLE_ANY_MORE = (
    "Sorry, this workspace's administrators have limited Notalone to certain email addresses, and yours "
    "is no longer one of them. I won't look for matches for you. Your plans stay private; you can still "
    "type export to get them or forget me to erase them."
)
FROM_YOUR_ADMINS = "A message from this workspace's administrators:\n{message}"
NOT_AN_ADMIN = (
    "Only this workspace's administrators can see or change its Notalone settings. Nothing has changed."
)
ADMIN_MENU = (
    "Notalone settings for this workspace. You see counts only: never anyone's plans, matches or names.\n"
    "{settings}"
)
ADMIN_CHANGE_SETTINGS = "Change settings"
ADMIN_SHOW_STATS = "Statistics"
ADMIN_SHOW_AUDIT = "Audit log"
ADMIN_SETTINGS_ELSEWHERE = (
    "Settings are changed in Slack or Teams, or by whoever runs Notalone with the command notalone admin."
)
ADMIN_SAVED = "Saved. Changed: {changes}. The change is recorded in the audit log with your name."
ADMIN_NOTHING_CHANGED = "Nothing was different, so nothing has changed."
ADMIN_FIX_ERRORS = "Nothing has been saved yet. Please correct: {errors}"
ADMIN_AUDIT_READY = (
    "Here is the audit log as a CSV file: settings changes and who made them. It never holds anyone's "
    "plans, and only you receive it."
)
ADMIN_YOU_WERE_APPOINTED = (
    "You are now an administrator of Notalone in this workspace. Type admin to see its settings and "
    "statistics. You will never see anyone's plans or matches."
)

SETTING_LABELS = {
    "organisation": "Organisation",
    "allowed_domains": "Who may use it (email domains)",
    "match_scope": "Who we match with",
    "match_regions": "Regions to match with",
    "match_councils": "Councils to match with",
    "never_councils": "Never match with",
    "same_organisation": "Match officers within our own organisation",
    "matching_paused": "Matching paused",
    "retention_months": "Delete plans untouched for (months)",
    "proposal_expiry_days": "Possible matches stay open for (days)",
    "proposals_per_week": "Possible matches per officer per week",
    "welcome_message": "Welcome message",
    "admins": "Appointed administrators",
}
SETTING_HINTS = {
    "organisation": "A council's name, e.g. Camden. Leave empty for a community workspace of many councils.",
    "allowed_domains": "One or more, e.g. camden.gov.uk. Leave empty to let everyone in the workspace in.",
    "match_regions": "Used when matching with councils in listed regions.",
    "match_councils": "One council per line. Used when matching with listed councils only.",
    "never_councils": "One council per line.",
    "retention_months": "From 1 to 120. Owners are warned two weeks before.",
    "proposal_expiry_days": "From 1 to 365. Leave empty for the service's default.",
    "proposals_per_week": "From 1 to 100. Leave empty for the service's default.",
    "welcome_message": "Shown to each officer the first time they write. Up to 1,000 characters.",
    "admins": "Email addresses of people who have already said hello to Notalone here, one per line.",
}
SCOPE_LABELS = {
    "everyone": "Everyone on Notalone",
    "regions": "Councils in the listed regions",
    "listed": "The listed councils only",
}
COMMUNITY_WORKSPACE = "none: a community workspace, each officer's organisation from their email"
SERVICE_DEFAULT = "the service's default ({value})"
YES = "yes"
NO = "no"
NONE_LISTED = "none"
EVERYONE_IN_WORKSPACE = "anyone in the workspace"

ERROR_UNKNOWN_COUNCIL = "{name} isn't a council I know. Check the spelling, or use its full name."
ERROR_AMBIGUOUS_COUNCIL = "{name} could be {choices}. Use the full name."
ERROR_BAD_DOMAIN = "{domain} isn't an email domain. Write it like camden.gov.uk."
ERROR_NUMBER_RANGE = "Give a whole number from {low} to {high}."
ERROR_TOO_LONG = "That is {length:,} characters; the most is {limit:,}."
ERROR_UNKNOWN_REGION = "{name} isn't a region I know."
ERROR_UNKNOWN_SCOPE = "Choose one of the options."
ERROR_UNKNOWN_PERSON = (
    "Nobody with the address {who} has said hello to Notalone in this workspace yet. Ask them to "
    "message it first."
)
ERROR_REGIONS_NEEDED = "Choose at least one region, or match with everyone."
ERROR_COUNCILS_NEEDED = "List at least one council, or match with everyone."
ERROR_NOT_YOURSELF = "You can't remove yourself; ask another administrator."

# --- Statistics ------------------------------------------------------------------------------

STATS_TITLE = "Notalone in this workspace, by month. Counts below 5 are shown as 'fewer than 5'."
STATS_COLUMNS = ("Month", "Officers joined", "Plans described", "Possible matches", "Introductions")
STATS_NOW = "Now: {officers} officers, {active} active plans, {unverified} unverified officers."
STATS_UNVERIFIED = "Unverified officers, by reason: {reasons}."
STATS_UNVERIFIED_REASONS = {
    "no_email": "no email address from the platform",
    "unknown_domain": "email domain not in the council directory",
    "not_allowed": "email domain not on the allowed list",
    "not_organisation": "email domain not the organisation's own",
}
STATS_REFUSED = "People turned away because of the allowed email domains: {count}."
STATS_BARS = "Officers joined, by month:"
FEWER_THAN_5 = "fewer than 5"

# --- Retention -------------------------------------------------------------------------------

RETENTION_WARNING = (
    "Your plan {number} hasn't changed since {since}. This workspace keeps plans for {months} months, so "
    "I'll delete it on {deletion} unless you keep it. Nobody else is told either way."
)
RETENTION_KEEP = "Keep plan {number}"
RETENTION_KEPT = "Plan {number} is kept. I'll ask again if it goes untouched for another {months} months."
RETENTION_DELETED = (
    "I've deleted your plan {number}, as it hadn't changed for {months} months. Anything still open for "
    "it will lapse; nobody is told why."
)

# --- Questions about Notalone ----------------------------------------------------------------
# Answers to what an officer asks about the service (bot/conversation/questions.py). Every figure is a
# placeholder filled from the settings; each answer ends with what the officer can do next.

ANSWER_WHAT_IT_DOES = (
    "I help officers planning to outsource, spin out, share or bring back in a service find officers in "
    "other councils planning something comparable. You tell me about your plan in private; I look for "
    "comparable plans elsewhere and introduce you only if you both say yes. You can keep up to "
    "{max_open} plans open at once. To start, describe your plan in a sentence or two, or type help to "
    "see everything you can do."
)
ANSWER_HOW_MATCHING_WORKS = (
    "Once you confirm a plan, I compare it (the service, the kind of change, the stage and your own "
    "description) with the active plans of officers in other councils, and keep looking as new ones "
    "arrive. When one is close enough, you both get a possible match showing only the summary lines, "
    "never names, councils or words. You get at most {per_week} possible matches in any week, and never "
    "the same officer again once either of you has said no.{paused} Describe your plan to begin, "
    "or type my plans to see yours."
)
ANSWER_MATCHING_PAUSED = " Your workspace's administrators have paused matching here for now."
ANSWER_WHO_SEES_WHAT = (
    "Only you can see your plans. If I find a comparable plan, the other officer sees only the four "
    "summary lines you confirmed (service, kind of change, stage and timeline): never your name, your "
    "council or your words. Names, job titles, organisations and emails are shared only when you both "
    "say yes; otherwise the offer lapses, normally after {expiry}, and nobody learns anything. Your "
    "managers and administrators see none of it. Type my plans to see what you've told me."
)
ANSWER_CONFIDENTIAL = (
    "What you tell me is stored encrypted, and only you can see your plans. Nobody learns anything "
    "about you unless you both agree to an introduction: until then another officer sees only the "
    "summary lines you confirmed, and your workspace's administrators see only counts. You can take "
    "everything out by typing export, or erase it all by typing forget me."
)
ANSWER_CIRCLES = (
    "A circle is one possible match with several councils at once, offered when three or more have "
    "comparable plans. Everyone offered it sees the same four lines, and how many councils only from "
    "{smallest} up: never who. Once three say Join the circle, I introduce everyone who said yes to each "
    "other. Nobody is told who said not now or didn't answer; for them it lapses after {expiry}. Type "
    "my plans to see any circle offered to you."
)
ANSWER_NOT_NOW = (
    "Nothing awkward happens. I won't introduce you, and the other officer is never told you said no: "
    "for them the offer simply lapses on its closing date (normally {expiry} after it was made), as if "
    "nobody had answered. I won't propose the two of you again, and I'll keep looking for others; Not "
    "relevant says the same and also means fewer offers like it.{reminder}"
    " Type my plans to see the possible matches waiting for you."
)
ANSWER_NOT_NOW_REMINDER = (
    " If you don't answer at all, I'll remind you {reminder} before it lapses, and then it lapses quietly."
)
ANSWER_NOT_NOW_NO_REMINDER = " If you don't answer at all, it lapses quietly."
ANSWER_YOUR_CHOICE = (
    "That's always your choice. When I find a comparable plan you see only its four lines (service, kind "
    "of change, stage and timeline), and I introduce you only if you both say yes. I can't leave out "
    "particular councils or places, but you can say not now to any possible match: the other officer is "
    "never told, and for them it simply lapses after {expiry}. Type my plans to see any waiting for you."
)
ANSWER_WHO_USES = (
    "I never say who uses Notalone, in your council or any other, just as I never tell anyone that you do. "
    "I can count the other councils with a plan comparable to yours, from {smallest} up: {then}type how "
    "many others."
)
DESCRIBE_THEN = "describe your plan, then "
ANSWER_TELL_ME_WHEN = (
    "Yes. Once your plan is saved I keep looking, and I message you here as soon as an officer in another "
    "council saves a comparable plan. Then you choose whether to be introduced; until you both say yes, "
    "neither of you learns who the other is. Type my plans to see the plans I'm looking for."
)
ANSWER_REOPEN = (
    "A withdrawn plan stays closed for good, so nothing about it is matched again. To start again, describe "
    "it in a sentence or two and I'll save it as a new plan, private as before. Type my plans to see the "
    "plans you have."
)
ANSWER_TRYING = (
    "Try it as you like. Nothing is saved until you say a summary looks right, so to leave no trace choose "
    "Discard at the end; withdraw or forget me remove anything saved. Describe a plan in a sentence or two "
    "to see what I make of it."
)
ANSWER_ABOUT_THEM = (
    "I can't tell you who they are, where they work or what they wrote until you both say yes, just as "
    "they learn nothing about you. A possible match shows all they agreed to share: four lines and why I "
    "matched you. If you both choose Introduce us, each of you gets the other's name, job title, council "
    "and email. Type my plans to see your possible matches."
)
ANSWER_CHANGE_MIND = (
    "Until the other officer says yes too, nothing is shared: withdraw your plan and the possible match "
    "lapses, and they are never told you said yes. Once you are introduced, your names and emails have "
    "been shared and can't be taken back, but nobody has to follow it up. Type my plans to see where "
    "each possible match stands."
)
ANSWER_PERMISSIONS = (
    "In Slack I can read and send only the direct messages people send me, start a group message when "
    "officers are introduced, answer the /notalone command, and read each user's name and email to know "
    "their council. In Teams I'm a personal app: I read only messages sent to me and the sender's name "
    "and email. I can't read channels, other chats or files. Type help to see what officers can do."
)
ANSWER_LIMITING = (
    "Your administrators can limit Notalone to your organisation's email domains and choose which councils "
    "officers are matched with. Teams administrators can also make the app available to chosen users or "
    "groups only, in the Teams admin centre. Type admin if you are an administrator."
)
ANSWER_AI = (
    "No generative AI reads your words, and nothing you type is sent to ChatGPT or any other AI service. "
    "I read plans on the server Notalone runs on, with word lists and a small statistical model trained "
    "only on public lists of council services and examples we wrote: your words never train anything. "
    "Type help to see what you can do."
)
ANSWER_HOSTING = (
    "Notalone runs on servers chosen by whoever operates it for your organisation, so I can't vouch for "
    "its certifications myself. Your plans, name and email are stored encrypted. Your IT or "
    "information governance team can ask your administrators for Notalone's data-protection pack, which "
    "says where data is kept and how it is protected. Type help to see what you can do."
)
# One plain sentence for each kind of change, for an officer who asks what it means.
KIND_MEANINGS = {
    "staff_mutual": (
        "A staff mutual is an organisation owned or run, at least in part, by the staff who deliver the "
        "service, usually taking it on under a contract with the council."
    ),
    "social_enterprise": (
        "A social enterprise is a business with social aims that puts its profits back into them, such "
        "as a community benefit society."
    ),
    "charitable_trust": (
        "A charitable trust is a charity, such as a leisure or culture trust, that runs the service under "
        "an agreement with the council."
    ),
    "community_interest_company": (
        "A community interest company (CIC) is a company run for the community's benefit, whose assets "
        "are locked to that purpose."
    ),
    "shared_service": (
        "A shared service is two or more councils running a service together, often one hosting it for "
        "the others."
    ),
    "joint_venture": (
        "A joint venture is a company the council owns with a partner, often a private firm, to run the "
        "service."
    ),
    "local_authority_trading_company": (
        "A local authority trading company (a LATCo or Teckal company, an ALEO in Scotland) is a company "
        "the council owns that runs the service at arm's length."
    ),
    "private_outsourcing": (
        "Outsourcing to a private provider means a contract with a company to run the service for the "
        "council."
    ),
    "community_asset_transfer": (
        "A community asset transfer hands a building or land, and often the service run from it, to a "
        "community group."
    ),
    "insourcing": (
        "Bringing back in-house means ending a contract or arrangement so that the council runs the "
        "service itself again."
    ),
}
MEANING_ROUGHLY = (
    "Choose the closest when I ask: it only needs to be roughly right, and you can change it later in my "
    "plans."
)
ANSWER_MEANING = (
    "I can say in a sentence what each kind of change means: ask me, for example, what is a staff mutual? "
    "Type help to see what you can do."
)
ANSWER_FOI = (
    "I can't give legal advice on Freedom of Information. Your plans, name and email are stored "
    "encrypted in Notalone's own database, and you can erase them at any time with forget me; like any "
    "chat, your messages to me may also be kept by Slack or Teams under your organisation's rules. "
    "Whether FOI reaches them depends on who runs Notalone for you, so ask your information governance "
    "team. Type help to see what you can do."
)
ANSWER_COLLEAGUES = (
    "Each officer uses Notalone for themselves, so I can't add a colleague to your plan or show it to them. "
    "They can message me and describe the same plan; I never offer two officers of the same council to "
    "each other. Type my plans to see yours."
)
ANSWER_INVITE = (
    "Any council can use Notalone once its Slack or Teams administrators add it, so point your "
    "counterparts to theirs. I never tell anyone that you use it, and the more councils describe their "
    "plans, the more likely a good match. Type help to see what you can do."
)
ANSWER_LEAVING = (
    "Your plans are yours, not your council's: nobody takes them over when you leave. Before you go, type "
    "forget me to erase everything, or withdraw a plan to close it; otherwise plans untouched for "
    "{retention} are deleted anyway, after a warning. Your successor can describe the plan afresh."
)
ANSWER_FIRST_CALL = (
    "Worth asking a peer: how they made the case to members and staff, what "
    "the unions and TUPE raised, what it cost and what they would do differently. Agree first that what "
    "you share stays between you. Type my plans to see your introductions."
)
ANSWER_PAUSE = (
    "Yes. Type pause followed by the plan's number (or pause all) and I'll stop looking for matches "
    "for it; nobody is told. Possible matches already sent stay open for you to answer. Type resume "
    "and the number to start again, or withdraw and the number to close a plan for good."
)
ANSWER_EXPORT = (
    "I can send you everything I hold about you as a file: your details, your plans in your own words, "
    "your side of each possible match and a record of what you've done. Only you receive it. Type "
    "export whenever you want it."
)
ANSWER_ERASE = (
    "Type forget me and, once you confirm, I'll erase everything I hold about you: your plans, your "
    "possible matches and our conversation. It can't be undone. Any possible match still open simply "
    "lapses for the other officer, who isn't told why; anyone you've been introduced to keeps the details "
    "you both shared. Plans untouched for {retention} are deleted anyway, after a warning. To close "
    "just one plan, type withdraw and its number."
)
ANSWER_WHO_RUNS_IT = (
    "I'm Notalone, an automated assistant that council officers message in private. Your workspace's "
    "administrators added me here and choose settings such as which councils I match you with, but they "
    "see only counts, never your plans. It costs you nothing to use; your administrators can tell you "
    "who runs the service for your organisation. Type help to see what you can do, or describe your plan "
    "to begin."
)
ANSWER_ADMINS = (
    "Your workspace's administrators see counts only: officers joined, plans described, possible "
    "matches, circles, introductions and whether introduced officers said they talked, month by month, "
    "and a log of settings changes. Any count below "
    "{smallest} is shown as 'fewer than {smallest}', so nobody can be picked out. They never see anyone's "
    "plans, matches or names. They choose settings such as which councils I match with and how long "
    "untouched plans are kept (here, {retention}). Type my plans to see what only you can see."
)
ANSWER_LANDSCAPE = (
    "I can tell you how many other councils are planning something comparable: type how many others, "
    "or ask about a service, such as 'how many councils are moving leisure centres to a staff mutual?'. "
    "I count councils, never people, never your own council, and any count below {smallest} is shown "
    "as 'fewer than {smallest}', so nobody can be identified. To be introduced to one of them, describe "
    "your plan in a sentence or two."
)
ANSWER_SERVICES = (
    "Any service a council runs or pays for: I know most by name, from leisure centres, libraries and "
    "school meals to bin collection, parking, IT and payroll. Tell me yours in your own words and I'll "
    "find the closest, or choose from the groups when I ask. If none is close, type cancel: nothing is "
    "saved."
)
ANSWER_FURTHER_ALONG = (
    "Among comparable plans I prefer officers one or two stages ahead of you (stages run from exploring "
    "options to live and running), and officers whose change is already live can offer to advise others: "
    "I offer them to officers at earlier stages first. A possible match's 'Why' line says when they are "
    "further along. You learn who they are only if you both say yes, and they learn nothing about you "
    "before then. {start}type how many others to see how many councils are at business case or beyond."
)
# How some answers end for an officer with no plan yet, and with one.
START_WITH_A_PLAN = "Describe your plan in a sentence or two to start, or "
START_WITH_YOUR_PLANS = "Type my plans to see your possible matches, or "
DAY_COUNT = ("{count} day", "{count} days")  # one, and any other number
MONTH_COUNT = ("{count} month", "{count} months")

# --- "Been there" peers and stage-aware matching (issue 19) -----------------------------------------

ADVISE_OFFER = (
    "Your change is live. If you're happy to advise officers at earlier stages of the same kind of "
    "change, choose Happy to advise others: I'd offer you to them first, a few a month at most. They'd "
    "see only these four lines and that you're happy to advise, never your name, your council or your "
    "words, and I introduce you only if you both say yes."
)
ADVISE_ON = (
    "Happy to advise others: yes. Officers at earlier stages of the same kind of change may be offered "
    "to you, a few a month at most. They see only these four lines and that you're happy to advise; "
    "I introduce you only if you both say yes."
)
ADVISE_BUTTON = "Happy to advise others"
STOP_ADVISING_BUTTON = "Stop offering advice"
ADVISING_SAVED = (
    "Thank you for offering to advise. I'll offer your plan {number} to officers at earlier stages of "
    "the same kind of change, a few a month at most; you choose whether to be introduced, as ever. "
    "Type edit {number} to stop."
)
# A "my plans" line under a live plan: whether it offers advice, and how to change that.
PLAN_ADVISING = {
    True: "   happy to advise others (type edit {number} to stop)",
    False: "   not offering advice (type edit {number} to offer it)",
}
# "Why" on a proposal: the stage part, naming only the other plan's stage, which its summary shows.
WHY_AHEAD = {
    1: "; they are one stage ahead of you, at {stage}",
    2: "; they are two stages ahead of you, at {stage}",
}
WHY_THEY_ADVISE = (
    "; they are further along ({stage}) and happy to advise officers at earlier stages of the same change"
)
WHY_YOU_ADVISE = "; they are at an earlier stage ({stage}), and you said you're happy to advise"
ADVISING_STOPPED = (
    "Understood: plan {number} no longer offers advice. Possible matches already made stay as they are."
)
ADVISE_NO_LIVE_PLAN = (
    "Only a plan that is live and running can offer advice to others. When yours is, type edit and its "
    "number, set the stage to Live and running, and choose Happy to advise others."
)
ADVISE_WHICH_PLAN = (
    "You have more than one live plan ({numbers}). Type edit and a plan's number, then choose Back to "
    "see the choice about advising others."
)

# --- The landscape (issue 19): how many other councils plan something comparable ---------------------

LANDSCAPE_BUTTON = "How many others?"
LANDSCAPE_HEADER = (
    "Other councils with a confirmed plan comparable to yours, as counted on {day} (I count again once a "
    "day):"
)
LANDSCAPE_HEADER_ASKED = (
    "Other councils with a confirmed plan for this, as counted on {day} (I count again once a day):"
)
LANDSCAPE_LINE = "- {service}, {model}: {count} other councils{advanced}"
# Kinds of change counted together, as officers weigh them against each other.
LANDSCAPE_SPUN_OUT = "staff mutual, trust or social enterprise"
LANDSCAPE_ADVANCED = "; {advanced} of them are at business case or beyond"
LANDSCAPE_FOOTER = (
    "I count councils, never people, and never your own council. Any count below 5 is shown as 'fewer "
    "than 5', so no council can be picked out, and nobody is told that you asked. Type my plans to see "
    "your own plans and any possible matches."
)
LANDSCAPE_NONE_FOR_SERVICE = (
    "Fewer than 5 other councils have a confirmed plan for {service} with any one kind of change, as "
    "counted on {day}. Below 5 I don't give a number, so that no council can be picked out. Describe your "
    "plan and I'll look for comparable ones to introduce you to, if you both agree."
)
LANDSCAPE_NONE_FOR_KIND = (
    "Fewer than 5 other councils have a confirmed plan of this kind ({kind}) for any one service, as "
    "counted on {day}. Below 5 I don't give a number, so that no council can be picked out. Tell me the "
    "service too, or describe your plan and I'll look for comparable ones to introduce you to, if you "
    "both agree."
)
LANDSCAPE_WHAT_TO_ASK = (
    "Tell me which service and which kind of change you mean, for example 'how many councils are moving "
    "leisure centres to a staff mutual?', or describe your plan and then type how many others. I count "
    "councils with a confirmed plan for the same service and the same kind of change."
)
LANDSCAPE_NEEDS_MODEL = (
    "Plan {number} doesn't say what kind of change you're considering yet, and I count councils planning "
    "the same kind of change for the same service. Type edit {number} to add it, then ask again."
)
LANDSCAPE_LIMITED = (
    "You've asked about other councils {per_day} times today, the most I answer in a day. The counts "
    "change only once a day anyway; ask again tomorrow."
)
LANDSCAPE_ADMIN_TITLE = (
    "Across Notalone: services and kinds of change that at least 5 other councils are planning, as "
    "counted on {day} (the same figures your officers see; smaller counts are not shown):"
)
LANDSCAPE_ADMIN_OURS = (
    "For plans at least {smallest} of this workspace's officers share (fewer are never listed, so no "
    "officer's plan can be told), other councils with a confirmed plan for the same:"
)
LANDSCAPE_ADMIN_NONE = (
    "Across Notalone: no service and kind of change is planned by 5 or more other councils yet, as "
    "counted on {day}."
)
LANDSCAPE_ADMIN_NOT_YET = (
    "Across Notalone: the first daily count of other councils' plans is not taken yet; it will be within "
    "the day."
)
LANDSCAPE_UNVERIFIED = (
    "I give counts of other councils only to officers whose council I've verified from their email "
    "domain, so that nobody can see the figures from another council's side. Your plans stay private. "
    "Ask your workspace's administrator to add your council's email domain, then ask again."
)

# --- Peer circles ------------------------------------------------------------------------------

CIRCLE_OFFER = (
    "Possible match #{match} for your plan {number}: a circle\n"
    "Officers in {size}, yours included, are planning something comparable. All of them see these "
    "same lines:\n"
    "{summary}\n"
    "Would you like to join? Once at least three say yes, I'll introduce everyone who said yes to each "
    "other (name, job title, council and email). Until then nobody learns anything about you, and "
    "nobody is ever told who said no or didn't answer. This offer lapses on {expires}."
)
# Rule 8: a count of other organisations is shown only at 5 or more.
CIRCLE_SIZE_SMALL = "fewer than 5 councils"
CIRCLE_SIZE = "{count} councils"
CIRCLE_STAGE_BAND = "{first} to {last}"
CIRCLE_YEARS_BAND = "{first} to {last}"
JOIN_CIRCLE = "Join the circle"
CIRCLE_YES_WAITING = (
    "Thanks: yes to possible match #{match}. I'll introduce you once at least three officers have said "
    "yes, before {expires}. Until then nobody learns anything about you."
)
CIRCLE_NOT_NOW = (
    "Understood: you won't join possible match #{match}. Nobody will be told you said no; for the others "
    "it is as if you hadn't answered. Changed your mind? Until it lapses, type my plans to say yes after "
    "all."
)
CIRCLE_FORMED = (
    "Your circle has formed (possible match #{match}, your plan {number}). These officers said yes:\n\n"
    "{cards}\n\n"
    "They can see the same details about you. Anyone else offered the circle who says yes before "
    "{expires} joins it, and I'll send you their details. A first message you could send:\n"
    '"{opening}"'
)
CIRCLE_JOINED = (
    "You've joined a circle that had already formed (possible match #{match}, your plan {number}). "
    "These officers said yes before you:\n\n{cards}\n\n"
    "They're getting your details now. A first message you could send:\n"
    '"{opening}"'
)
CIRCLE_NEWCOMER = (
    "Another officer said yes to your circle (possible match #{match}) and joins it:\n{contact}\n"
    "They can see the same details about you."
)
CIRCLE_OPENING = (
    "Hello all, Notalone suggested we talk: we're all looking at {services}. Would you have an hour for "
    "a call together in the next few weeks?"
)
CIRCLE_LINE = "   - possible match #{match} (a circle): {state}"
CIRCLE_STATES = {
    "awaiting_you": "waiting for your answer",
    "awaiting_others": "you said yes; waiting for at least three yeses",
    "you_declined": "you said not now",
    "formed": "in a circle with {names}",
    "lapsed": "lapsed",
}
CIRCLE_REMINDER = (
    "A reminder: possible match #{match} for your plan {number}, a circle, lapses on {expires}.\n"
    "Would you like to join? I introduce only those who say yes, once at least three have. If you "
    "don't answer, it simply lapses and nobody is told why."
)
# --- Follow-ups after an introduction, "Not relevant", and saying yes after all (issue 19) ------------

NOT_RELEVANT = "Not relevant"
NOT_RELEVANT_NOTED = (
    "Understood: possible match #{match} isn't relevant to you, so no introduction. The other officer "
    "won't be told; for them it simply lapses. I'll offer your plan {number} fewer matches like this one."
)
SAY_YES_AFTER_ALL = "Say yes to #{match} after all"
YOU_SAID_NOT_RELEVANT = "you said not relevant"
YOU_SAID_NOT_NOW_OPEN = "you said not now; you can still say yes until {expires}"
CHANGED_YOUR_MIND_HINT = (
    "Changed your mind? Until a possible match lapses you can still say yes: choose below."
)
NOT_RELEVANT_IS_FINAL = (
    "You said possible match #{match} isn't relevant, so it can't be reopened. Nothing has changed. I'll "
    "keep looking for others."
)
FOLLOW_UP_QUESTION = (
    "A quick question about possible match #{match} for your plan {number}: on {introduced} I introduced "
    "you to another officer. Did you talk? Your answer is only ever counted, never shown to them or to "
    "anyone by name, and it helps me suggest better matches."
)
FOLLOW_UP_CIRCLE_QUESTION = (
    "A quick question about possible match #{match} for your plan {number}, a circle: on {formed} I "
    "introduced you to its other members. Did you talk with any of them? Your answer is only ever counted, "
    "never shown to them or to anyone by name, and it helps me suggest better matches."
)
FOLLOW_UP_WELCOME_QUESTION = (
    "A quick question about possible match #{match} for your plan {number}, a circle: on {introduced} I "
    "introduced you to {whom}. Did you talk? Your answer is only ever counted, never shown to them or to "
    "anyone by name, and it helps me suggest better matches."
)
# Whom the question is about, by side: the later officer someone said yes to, or the one who said yes.
FOLLOW_UP_WELCOME_WHOM = {"a": "an officer who joined it", "b": "one of its members"}
FOLLOW_UP_HELPED = "Yes, and it helped"
FOLLOW_UP_NOT_MUCH_USE = "Yes, not much use"
FOLLOW_UP_NOT_YET = "Not yet"
FOLLOW_UP_NO = "No"
FOLLOW_UP_THANKS = {
    "helped": "Thank you, that's good to hear. Noted, as a count only. I'll keep looking for others like it.",
    "not_much_use": (
        "Thank you for saying so. Noted, as a count only, and I'll offer your plan fewer matches like "
        "this one. The other officer isn't told."
    ),
    "not_yet": (
        "Thanks, noted. There's no rush: their details are still in our earlier message. I won't ask "
        "about this introduction again."
    ),
    "no": "Thanks, noted as a count only. Nobody is told. I'll keep looking for other matches for you.",
}
FOLLOW_UP_ALREADY_NOTED = "You've already answered about that introduction, thank you. Nothing has changed."
FOLLOW_UP_WHICH_YES = "Glad you talked. Did it help? Choose below, or type yes it helped or not much use."
FOLLOW_UP_WHICH = (
    "Which introduction do you mean? I asked about these: {numbers}. For example: yes it helped #{first}, "
    "or not yet #{first}."
)
FOLLOW_UP_NONE_PENDING = (
    "There's no question about an introduction waiting for your answer just now. Type my plans to see "
    "where things stand."
)
STATS_FOLLOW_UPS = "After introductions (did they talk?), by month:"
STATS_CIRCLES = "Circles (three to six councils offered together), by month:"
STATS_CIRCLE_COLUMNS = ("Month", "Offered", "Formed")
STATS_FOLLOW_UP_COLUMNS = ("Month", "Asked", "Yes, helped", "Yes, not much use", "Not yet", "No")

# --- Data protection: /privacy and /terms, linked from every page and the Slack App Home (issue 20) -----

PRIVACY_LINK = "How Notalone handles data"
TERMS_LINK = "Terms of use"

# --- Circles beyond pairs: later officers, follow-ups, one outcome per pair (issue 19 leftovers) ------

# A pair whose two officers both said yes in one formed circle: they were introduced there.
PAIR_MET_IN_CIRCLE = "you were introduced in a circle"
PAIR_MET_IN_CIRCLE_CLICK = (
    "Possible match #{match} is closed: you were both in a circle that formed, and I introduced you there. "
    "Type my plans to see where things stand."
)

# A later officer offered a place in a circle that has formed already, and the members asked about them.
CIRCLE_PLACE_OFFER = (
    "Possible match #{match} for your plan {number}: a circle that has already formed\n"
    "Officers in {size}, yours included, are planning something comparable. Its members see only your "
    "plan's four lines, never who you are. The circle shares these lines:\n"
    "{summary}\n"
    "Would you like to join? If you say yes, I'll ask its members, and introduce you to each one who "
    "says yes too (name, job title, council and email). Nobody learns anything about you until then, "
    "and nobody is ever told who said no or didn't answer. This offer lapses on {expires}."
)
CIRCLE_PLACE_ASKED = (
    "Thanks: yes to possible match #{match}. I've asked the circle's members, without saying who you "
    "are. I'll introduce you to each one who says yes, before {expires}. If nobody does, it simply "
    "lapses and you won't be told why."
)
CIRCLE_WELCOME_QUESTION = (
    "A council with a comparable plan would like to join your circle (possible match #{match}). Its "
    "officer shared only these lines:\n"
    "{summary}\n"
    "Would you like to meet them? If you say yes, I'll introduce the two of you (name, job title, council "
    "and email). If you say not now or don't answer, they won't be told anything about you. This question "
    "closes on {expires}."
)
WELCOME_YES = "Say yes"
CIRCLE_WELCOMED = (
    "Thanks: here is the officer who joined your circle (possible match #{match}):\n{contact}\n"
    "They can see the same details about you."
)
CIRCLE_PLACE_WELCOMED = (
    "A member of the circle (possible match #{match}) said yes. Here are their details:\n{contact}\n"
    "They can see the same details about you. I'll send you anyone else in the circle who says yes."
)
CIRCLE_WELCOME_NOT_NOW = (
    "Understood: no introduction to the officer who asked to join possible match #{match}. They won't be "
    "told you said no; for them it is as if you hadn't answered. Changed your mind? Until the question "
    "closes, type my plans to say yes after all."
)
CIRCLE_WELCOME_CLOSED = "That question about possible match #{match} has closed, so nothing has changed."
CIRCLE_PLACE_STATES = {
    "awaiting_you": "a circle that has formed; waiting for your answer",
    "awaiting_them": "you said yes; waiting for the circle's members",
    "you_declined": "you said not now",
    "welcomed": "in a circle with {names}",
    "lapsed": "lapsed",
}
# --- A later officer joining a formed circle: typed answers, reminders, my plans (issue 19) ----------
CIRCLE_WELCOME_WHICH = (
    "More than one council is asking to join your circle (possible match #{match}). Please answer each "
    "with the Say yes or Not now button under its question, so I know which one you mean. Nothing has "
    "changed yet."
)
CIRCLE_PLACE_REMINDER = (
    "A reminder: possible match #{match} for your plan {number}, a place in a circle that has already "
    "formed, lapses on {expires}.\n"
    "Would you like to join? If you say yes, I'll ask its members, and introduce you to each one who says "
    "yes too. If you don't answer, it simply lapses and nobody is told why."
)
CIRCLE_WELCOME_REMINDER = (
    "A reminder: a council with a comparable plan would like to join your circle (possible match "
    "#{match}). This question closes on {expires}.\n"
    "Would you like to meet them? I'll introduce the two of you only if you say yes. If you say not now or "
    "don't answer, they won't be told anything about you."
)
CIRCLE_WELCOME_LINE = (
    "   - possible match #{match} (a circle): a council with a comparable plan would like to join; "
    "waiting for your answer"
)
CIRCLE_WELCOME_SAY_YES = "Say yes to the council joining #{match}"

# --- After a question of how many others: the officer's own plan of the same thing ----------------------

LANDSCAPE_PLAN_TOO = (
    "Planning something like this yourself? Tell me how far along you are and when you hope it will "
    "happen, and I'll write it up as a plan for you to check. It stays private: nobody sees it unless you "
    "both agree to an introduction."
)
LANDSCAPE_PLAN_BUTTON = "Start a plan for this"
LANDSCAPE_PLAN_NOT = (
    "All right. If you do plan something like this, describe it to me any time; it stays private unless "
    "you both agree to an introduction."
)

# --- "What now?", answered from where the officer is ---------------------------------------------------

ANSWER_WHAT_NEXT = (
    "Describe a service change you're planning in a sentence or two. I'll show you what I understood, and "
    "nothing is saved until you say it looks right. Then I look for officers in other councils planning "
    "something comparable, and introduce you only if you both say yes. Type help to see everything else "
    "you can do."
)
WHAT_NEXT_DRAFTING = (
    "We're writing a plan together. Answer the question below, or type cancel to drop it. Nothing is saved "
    "or shared until you say it looks right."
)
WHAT_NEXT_WAITING = (
    "Your plans are saved and only you can see them. I'm looking for comparable plans in other councils, "
    "and I'll message you when I find one; then you choose whether to be introduced. Meanwhile you can "
    "type my plans to see them, how many others to see how many councils plan the same, or describe "
    "another plan."
)

# --- Saying yes after all to a circle, a place in one, or a council asking to join (issue 19) ---------

CIRCLE_WELCOME_NOT_NOW_LINE = (
    "   - possible match #{match} (a circle): a council with a comparable plan asked to join; you said not "
    "now; you can still say yes until {expires}"
)
CIRCLE_WELCOME_SAY_YES_AFTER_ALL = "Say yes to the council joining #{match} after all"
CIRCLE_FULL_CLICK = (
    "Possible match #{match} has no place left now, so nothing has changed. Nobody was told you asked. "
    "I'll keep looking for other matches for your plan {number}; type my plans to see where things stand."
)
CHANGE_OF_MIND_PLAN_WITHDRAWN = (
    "Your plan {number} is withdrawn, so possible match #{match} can't be reopened. Nothing has changed. "
    "Describe a new plan any time and I'll look for matches for it."
)
CHANGE_OF_MIND_LAPSED = (
    "Possible match #{match} has lapsed, so it can't be reopened and nothing has changed. I'll keep "
    "looking for other matches for your plan {number}; type my plans to see where things stand."
)
CHANGE_OF_MIND_WELCOME_CLOSED = (
    "That question about possible match #{match} has closed, so it can't be reopened and nothing has "
    "changed. The other officer hasn't been told anything about you. Type my plans to see where things "
    "stand."
)
