"""Whether the words just before a date put it in the past ("went live in April", "since 2024")."""

from __future__ import annotations

# How many words before a date are read for a verb in the past tense.
_WINDOW = 7

_PAST_VERBS = frozenset(
    {
        "went", "gone", "launched", "transferred", "started", "began", "begun", "moved", "opened",
        "established", "formed", "created", "incorporated", "commenced", "signed", "completed", "spun",
        "mutualised", "outsourced", "insourced", "merged", "became", "joined", "came", "brought", "handed",
        "set", "was", "were", "did", "happened", "ended", "expired", "finished", "closed", "took", "awarded",
        "let", "transitioned", "migrated", "switched", "changed", "approved", "agreed", "decided",
        "consulted", "procured", "tendered", "retendered", "published", "issued", "submitted", "received",
        "held", "ran", "delivered", "implemented", "appointed", "novated", "terminated", "ceased",
        "stopped", "reviewed", "tuped", "voted", "endorsed", "lost", "won", "restructured", "registered",
        "reported", "concluded", "presented",
    }
)  # fmt: skip

# Reading backwards from the date, meeting one of these before a verb in the past tense means the date
# is a hope, a plan or another clause ("was hoping to go live in May", "started, and we go live in May").
_STOPS = frozenset(
    {
        "will", "ll", "to", "be", "being", "go", "goes", "going", "hope", "hoping", "hopefully", "plan",
        "plans", "planning", "aim", "aims", "aiming", "due", "expect", "expects", "expecting", "expected",
        "should", "could", "would", "might", "may", "shall", "must", "want", "wants", "intend", "intends",
        "intending", "until", "till", "before", "next", "target", "targeting", "scheduled", "if", "when",
        "once", "and", "but", "then", "so", "now", "while", "whereas", "although", "though", "because",
        "not", "never", "yet", "hasnt", "havent", "hadnt", "didnt", "isnt", "wasnt", "werent",
    }
)  # fmt: skip

# Words just before the verb that take it out of the past: "to be set up in", "not launched in".
_UNDOING = frozenset(
    {
        "will", "ll", "to", "be", "being", "should", "could", "would", "might", "may", "shall", "must",
        "not", "never", "hasnt", "havent", "hadnt", "didnt", "isnt", "wasnt", "werent", "once", "if",
    }
)  # fmt: skip


# Words after "to" that make it a preposition ("to a trust"), not an infinitive ("to go live").
_ARTICLES = frozenset({"a", "an", "the", "our", "its", "their"})


def said_as_past(before: str) -> bool:
    """Whether the words just before a date say it has already happened."""
    words = before.split()[-_WINDOW:]
    if words[-1:] == ["since"] or words[-2:-1] == ["since"]:
        return True
    for i in range(len(words) - 1, -1, -1):
        # "to" after a verb in the past tense or before "a", "the" is where something went, not a plan:
        # "transferred to a mutual in 2019", "outsourced bins to a contractor in 2014" (but "was to go
        # live in May" stays a plan); "since" further back still dates it ("since the spin-out in 2019").
        if words[i] == "to" and (
            (i > 0 and words[i - 1] in _PAST_VERBS - {"was", "were"})
            or (i + 1 < len(words) and words[i + 1] in _ARTICLES)
        ):
            continue
        if words[i] == "since":
            return True
        if words[i] in _STOPS:
            return False
        if words[i] in _PAST_VERBS:
            earlier = words[max(0, i - 2) : i]
            # "will have merged by" is no more a fact than "will merge by".
            if earlier[-1:] == ["have"]:
                earlier = earlier[:-1]
            return not earlier[-1:] or earlier[-1] not in _UNDOING
    return False
