"""The settings form, platform-neutral: fields to show, and reading what an admin submitted.

Adapters draw the fields (a Slack modal, a Teams Adaptive Card) and hand back what was entered, keyed by
field. Reading checks every field and reports every mistake at once; nothing is saved unless all are
right, so an admin never loses what they typed.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from bot import wording
from bot.domain.directory import Council, CouncilDirectory
from bot.domain.workspaces import Policy
from bot.storage.models import MatchScope

WELCOME_LIMIT = 1000
_DOMAIN = re.compile(r"^(?=.{3,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")


class FieldKind(StrEnum):
    TEXT = "text"  # one line
    LONG_TEXT = "long_text"  # several lines
    NUMBER = "number"  # a whole number; empty may mean "the default"
    CHOICE = "choice"  # one of `choices`
    MULTI_CHOICE = "multi_choice"  # any of `choices`
    TOGGLE = "toggle"  # yes or no


@dataclass(frozen=True)
class Choice:
    value: str
    label: str


@dataclass(frozen=True)
class FormField:
    """One setting as a form shows it: its current value written as the admin would type it."""

    key: str
    label: str
    kind: FieldKind
    value: str | tuple[str, ...] | bool
    hint: str = ""
    choices: tuple[Choice, ...] = ()
    required: bool = False


@dataclass(frozen=True)
class SettingsForm:
    """Every setting of one workspace, in the order to show them."""

    workspace: str  # "platform:id", for the adapter to send back with the answers
    fields: tuple[FormField, ...]

    def field(self, key: str) -> FormField:
        """The field with this key."""
        return next(f for f in self.fields if f.key == key)


@dataclass
class Submission:
    """What a form's answers mean: the new settings, the admins' addresses, and any mistakes by field."""

    changes: dict[str, Any] = field(default_factory=dict)
    admins: tuple[str, ...] | None = None  # addresses or platform user ids, when the field was sent
    errors: dict[str, str] = field(default_factory=dict)


def regions(directory: CouncilDirectory) -> tuple[str, ...]:
    """Every region in the directory, in alphabetical order."""
    return tuple(sorted({council.region for council in directory}))


def _council_name(directory: CouncilDirectory, code: str) -> str:
    council = directory.by_code(code)
    return council.name if council else code


def build_form(
    workspace: str, policy: Policy, admins: Sequence[str], *, directory: CouncilDirectory
) -> SettingsForm:
    """The form, filled in with the workspace's current settings."""

    def f(key: str, kind: FieldKind, value: str | tuple[str, ...] | bool, **extra: Any) -> FormField:
        return FormField(
            key, wording.SETTING_LABELS[key], kind, value, wording.SETTING_HINTS.get(key, ""), **extra
        )

    region_choices = tuple(Choice(r, r) for r in regions(directory))
    scope_choices = tuple(Choice(s.value, wording.SCOPE_LABELS[s.value]) for s in MatchScope)
    organisation = _council_name(directory, policy.organisation_code) if policy.organisation_code else ""
    return SettingsForm(
        workspace,
        (
            f("organisation", FieldKind.TEXT, organisation),
            f("allowed_domains", FieldKind.LONG_TEXT, "\n".join(policy.allowed_domains)),
            f(
                "match_scope",
                FieldKind.CHOICE,
                policy.match_scope.value,
                choices=scope_choices,
                required=True,
            ),
            f("match_regions", FieldKind.MULTI_CHOICE, policy.match_regions, choices=region_choices),
            f("match_councils", FieldKind.LONG_TEXT, _names(directory, policy.match_councils)),
            f("never_councils", FieldKind.LONG_TEXT, _names(directory, policy.never_councils)),
            f("same_organisation", FieldKind.TOGGLE, policy.same_organisation),
            f("matching_paused", FieldKind.TOGGLE, policy.matching_paused),
            f("retention_months", FieldKind.NUMBER, str(policy.retention_months), required=True),
            f("proposal_expiry_days", FieldKind.NUMBER, _optional(policy.proposal_expiry_days)),
            f("proposals_per_week", FieldKind.NUMBER, _optional(policy.proposals_per_week)),
            f("welcome_message", FieldKind.LONG_TEXT, policy.welcome_message or ""),
            f("admins", FieldKind.LONG_TEXT, "\n".join(admins)),
        ),
    )


def _names(directory: CouncilDirectory, codes: Sequence[str]) -> str:
    return "\n".join(_council_name(directory, code) for code in codes)


def _optional(number: int | None) -> str:
    return "" if number is None else str(number)


def read_form(answers: Mapping[str, object], *, directory: CouncilDirectory) -> Submission:
    """Check the answers; a field left out of `answers` is left as it is."""
    result = Submission()
    readers = {
        "organisation": _read_organisation,
        "allowed_domains": _read_domains,
        "match_scope": _read_scope,
        "match_regions": _read_regions,
        "match_councils": _read_councils,
        "never_councils": _read_councils,
        "same_organisation": _read_toggle,
        "matching_paused": _read_toggle,
        "retention_months": lambda raw, d: _read_number(raw, 1, 120, optional=False),
        "proposal_expiry_days": lambda raw, d: _read_number(raw, 1, 365, optional=True),
        "proposals_per_week": lambda raw, d: _read_number(raw, 1, 100, optional=True),
        "welcome_message": _read_welcome,
    }
    for key, reader in readers.items():
        if key not in answers:
            continue
        try:
            result.changes[key] = reader(answers[key], directory)
        except ValueError as error:
            result.errors[key] = str(error)
    if "admins" in answers:
        result.admins = tuple(_lines(answers["admins"]))
    scope = result.changes.get("match_scope")
    if scope == MatchScope.REGIONS and not result.changes.get("match_regions") and "match_regions" in answers:
        result.errors.setdefault("match_regions", wording.ERROR_REGIONS_NEEDED)
    if (
        scope == MatchScope.LISTED
        and not result.changes.get("match_councils")
        and "match_councils" in answers
    ):
        result.errors.setdefault("match_councils", wording.ERROR_COUNCILS_NEEDED)
    return result


def _text(raw: object) -> str:
    if raw is None:
        return ""
    if isinstance(raw, (list, tuple)):
        return "\n".join(str(item) for item in raw)
    return str(raw).strip()


def _lines(raw: object) -> list[str]:
    """Entries one per line (commas and semicolons also separate, except inside a council's name)."""
    text = _text(raw)
    return [line.strip() for line in re.split(r"[\n;]", text) if line.strip()]


def _read_organisation(raw: object, directory: CouncilDirectory) -> str | None:
    text = _text(raw)
    return _find_council(text, directory).code if text else None


def _find_council(text: str, directory: CouncilDirectory) -> Council:
    """A council by code, by its full or usual short name, or by the only name containing the text."""
    council = (directory.by_code(text) if len(text) <= 16 else None) or directory.named(text)
    if council is not None:
        return council
    found = directory.search(text, limit=4)
    if len(found) == 1:
        return found[0]
    if not found:
        raise ValueError(wording.ERROR_UNKNOWN_COUNCIL.format(name=text[:80]))
    names = ", ".join(c.name for c in found[:3])
    raise ValueError(wording.ERROR_AMBIGUOUS_COUNCIL.format(name=text[:80], choices=names))


def _read_councils(raw: object, directory: CouncilDirectory) -> list[str]:
    codes: list[str] = []
    for line in _lines(raw):
        try:
            codes.append(_find_council(line, directory).code)
        except ValueError:
            # "Camden, Islington" on one line: then each part must be a council.
            parts = [part.strip() for part in line.split(",") if part.strip()]
            if len(parts) < 2:
                raise
            codes.extend(_find_council(part, directory).code for part in parts)
    return list(dict.fromkeys(codes))


def _read_domains(raw: object, directory: CouncilDirectory) -> list[str]:
    domains: list[str] = []
    for entry in re.split(r"[\s,;]+", _text(raw)):
        domain = entry.strip().lower().lstrip("@").strip(".")
        if not domain:
            continue
        if not _DOMAIN.match(domain):
            raise ValueError(wording.ERROR_BAD_DOMAIN.format(domain=entry[:80]))
        domains.append(domain)
    return list(dict.fromkeys(domains))


def _read_scope(raw: object, directory: CouncilDirectory) -> MatchScope:
    try:
        return MatchScope(_text(raw))
    except ValueError:
        raise ValueError(wording.ERROR_UNKNOWN_SCOPE) from None


def _read_regions(raw: object, directory: CouncilDirectory) -> list[str]:
    known = {r.casefold(): r for r in regions(directory)}
    chosen = raw if isinstance(raw, (list, tuple)) else _lines(raw)
    picked: list[str] = []
    for item in chosen:
        name = str(item).strip()
        if not name:
            continue
        if name.casefold() not in known:
            raise ValueError(wording.ERROR_UNKNOWN_REGION.format(name=name[:80]))
        picked.append(known[name.casefold()])
    return list(dict.fromkeys(picked))


def _read_toggle(raw: object, directory: CouncilDirectory) -> bool:
    if isinstance(raw, bool):
        return raw
    return _text(raw).lower() in ("true", "yes", "on", "1")


def _read_number(raw: object, low: int, high: int, *, optional: bool) -> int | None:
    text = _text(raw)
    if not text and optional:
        return None
    if not text.isdigit() or not low <= int(text) <= high:
        raise ValueError(wording.ERROR_NUMBER_RANGE.format(low=low, high=high))
    return int(text)


def _read_welcome(raw: object, directory: CouncilDirectory) -> str | None:
    text = _text(raw)
    if len(text) > WELCOME_LIMIT:
        raise ValueError(wording.ERROR_TOO_LONG.format(length=len(text), limit=WELCOME_LIMIT))
    return text or None
