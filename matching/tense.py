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
        "let", "transitioned", "migrated", "switched", "changed",
    }
)  # fmt: skip

# Words that make what follows a hope, a plan or a condition rather than a fact: reading backwards from
# the date, meeting one of these first means the date is not in the past ("was hoping to go live in May").
_NOT_YET = frozenset(
    {
        "will", "ll", "to", "be", "being", "go", "goes", "going", "hope", "hoping", "hopefully", "plan",
        "plans", "planning", "aim", "aims", "aiming", "due", "expect", "expects", "expecting", "expected",
        "should", "could", "would", "might", "may", "shall", "must", "want", "wants", "intend", "intends",
        "intending", "until", "till", "before", "next", "target", "targeting", "scheduled", "if",
        "when", "once", "and", "but", "then", "so", "now", "while", "whereas", "although", "though",
        "because", "not", "never", "yet", "hasnt", "havent", "hadnt", "didnt", "isnt", "wasnt", "werent",
    }
)  # fmt: skip


def said_as_past(before: str) -> bool:
    """Whether the words just before a date say it has already happened."""
    words = before.split()[-_WINDOW:]
    if words[-1:] == ["since"] or words[-2:-1] == ["since"]:
        return True
    for i in range(len(words) - 1, -1, -1):
        word = words[i]
        if word in _NOT_YET:
            return False
        if word in _PAST_VERBS:
            # "to be set up in", "has not launched in" and "will have merged by" are not facts yet.
            return i == 0 or words[i - 1] not in _NOT_YET
    return False
