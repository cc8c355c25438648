"""How well the reader understands labelled plans: recall per service area, found-rates of model and stage."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from matching.understanding import understand

_TODAY = date(2025, 6, 1)


class LabelledPlan(Protocol):
    """A plan text with its gold labels; model and stage are None where the text does not say."""

    @property
    def text(self) -> str: ...

    @property
    def areas(self) -> frozenset[str]: ...

    @property
    def model(self) -> str | None: ...

    @property
    def stage(self) -> str | None: ...


@dataclass(frozen=True)
class Reading:
    """What a reader made of one text: service areas best first, a delivery model and a stage."""

    areas: tuple[str, ...]
    model: str | None
    stage: str | None


Reader = Callable[[str], Reading]


def read(text: str) -> Reading:
    """Read a text with understand(), keeping only what it is confident about."""
    understood = understand(text, today=_TODAY)
    return Reading(
        areas=tuple(s.code for s in understood.service_areas),
        model=understood.delivery_model.code if understood.delivery_model else None,
        stage=understood.stage.code if understood.stage else None,
    )


@dataclass(frozen=True)
class AreaRecall:
    """How often plans labelled with one area were read as being about it."""

    code: str
    plans: int
    found: int
    top: int
    false_claims: int

    @property
    def recall(self) -> float:
        """Share of the area's plans whose understood areas include it."""
        return self.found / self.plans

    @property
    def top_rate(self) -> float:
        """Share of the area's plans whose first understood area is one of their gold areas."""
        return self.top / self.plans


@dataclass(frozen=True)
class FoundRate:
    """How often the reader found a delivery model (or a stage), and how often it was the labelled one."""

    kind: str
    plans: int
    found: int
    labelled: int
    found_labelled: int
    right: int

    @property
    def found_rate(self) -> float:
        """Share of all plans where the reader found one."""
        return self.found / self.plans if self.plans else 0.0

    @property
    def labelled_found_rate(self) -> float | None:
        """Share of labelled plans where the reader found one; None without labels."""
        return self.found_labelled / self.labelled if self.labelled else None

    @property
    def precision(self) -> float | None:
        """Share of labelled plans with a finding where the finding is the label; None without any."""
        return self.right / self.found_labelled if self.found_labelled else None


@dataclass(frozen=True)
class ReadingReport:
    """The reader's recall per area (worst first) and its found-rates of delivery model and stage."""

    plans: int
    plans_with_a_gold_area_found: int
    areas: tuple[AreaRecall, ...]
    model: FoundRate
    stage: FoundRate


def _found_rate(kind: str, pairs: Iterable[tuple[str | None, str | None]]) -> FoundRate:
    """Count (label, found) pairs."""
    plans = found = labelled = found_labelled = right = 0
    for label, got in pairs:
        plans += 1
        found += got is not None
        if label is not None:
            labelled += 1
            found_labelled += got is not None
            right += got == label
    return FoundRate(kind, plans, found, labelled, found_labelled, right)


def report(plans: Sequence[LabelledPlan], reader: Reader = read) -> ReadingReport:
    """Read every plan once and measure the reading against its labels."""
    readings = [reader(p.text) for p in plans]
    codes = sorted({a for p in plans for a in p.areas} | {a for r in readings for a in r.areas})
    counts = {code: [0, 0, 0, 0] for code in codes}
    for plan, reading in zip(plans, readings, strict=True):
        top_is_gold = bool(reading.areas) and reading.areas[0] in plan.areas
        for code in plan.areas:
            counts[code][0] += 1
            counts[code][1] += code in reading.areas
            counts[code][2] += top_is_gold
        for code in set(reading.areas) - plan.areas:
            counts[code][3] += 1
    recalls = [AreaRecall(code, *c) for code, c in counts.items() if c[0]]
    recalls.sort(key=lambda r: (r.recall, r.top_rate, -r.plans, r.code))
    pairs = list(zip(plans, readings, strict=True))
    return ReadingReport(
        plans=len(plans),
        plans_with_a_gold_area_found=sum(bool(set(r.areas) & p.areas) for p, r in pairs),
        areas=tuple(recalls),
        model=_found_rate("kind of change", ((p.model, r.model) for p, r in pairs)),
        stage=_found_rate("stage", ((p.stage, r.stage) for p, r in pairs)),
    )


def _share(value: float | None) -> str:
    return "   -" if value is None else f"{value:4.2f}"


def reading_table(result: ReadingReport, *, worst: int = 10) -> str:
    """Format the report as plain text: the worst areas first (all of them when worst is 0)."""
    shown = result.areas if worst <= 0 else result.areas[:worst]
    found = result.plans_with_a_gold_area_found
    lines = [
        f"reader: a gold area among the understood areas in {found}/{result.plans} plans "
        f"({found / result.plans:.3f}); {len(result.areas)} areas, worst {len(shown)} first",
        f"{'area':<30} {'plans':>5} {'recall':>6} {'top':>5} {'wrong':>5}",
    ]
    lines += [
        f"{a.code:<30} {a.plans:5d} {a.recall:6.2f} {a.top_rate:5.2f} {a.false_claims:5d}" for a in shown
    ]
    lines.append(f"{'':<16} {'found':>6} {'labelled':>8} {'found there':>11} {'precision':>9}")
    for rate in (result.model, result.stage):
        lines.append(
            f"{rate.kind:<16} {rate.found_rate:6.2f} {rate.labelled:8d} "
            f"{_share(rate.labelled_found_rate):>11} {_share(rate.precision):>9}"
        )
    return "\n".join(lines)
