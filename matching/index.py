"""A plan index for many plans: incremental add and remove, vectorised scoring, inverted area postings."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import numpy.typing as npt

from matching.calibration import calibrate, raw_floor
from matching.growable import SparseRows, Vector
from matching.profile import Candidate, PlanProfile
from matching.scoring import BEST_WITHOUT_SHARED_AREA, QueryFields, combine, group_mask, stage_index
from matching.text import Rows, TextModel

IntVector = npt.NDArray[np.int64]


class PlanIndex:
    """Plans kept ready for ranking; a query only reads plans sharing one of its areas unless it must widen.

    The text vocabulary and idf are fitted by the constructor and by refit(); plans added later are
    described with that frozen vocabulary (new words count once refit() runs). Peers are ordered by the
    raw score (scoring.py) and carry its calibrated probability (calibration.py), which min_score is
    compared with; a shared area outranks any wording at any corpus size.
    """

    def __init__(self, profiles: Iterable[PlanProfile] = ()) -> None:
        """Fit the text model on profiles and index them; a later profile replaces one with the same id."""
        unique = list({p.plan_id: p for p in profiles}.values())
        text, rows = TextModel.fit_transform(p.text for p in unique)
        self._reset(text)
        self._extend(unique, rows)

    def _reset(self, text: TextModel) -> None:
        self._text = text
        self._profiles: list[PlanProfile] = []
        self._slot_of: dict[int, int] = {}
        self._plan_ids = Vector(np.int64)
        self._orgs = Vector(np.int64)
        self._models = Vector(np.int64)
        self._stages = Vector(np.int64)
        self._groups = Vector(np.int64)
        self._n_areas = Vector(np.int64)
        self._firsts = Vector(np.int64)  # each plan's first area, as a number of _area_ids; -1 for none
        self._alive = Vector(np.bool_)
        self._rows = SparseRows()
        self._postings: dict[str, Vector] = {}  # area code -> slots, growable so a query reads no list
        self._model_ids: dict[str, int] = {}
        self._area_ids: dict[str, int] = {}

    @property
    def text_model(self) -> TextModel:
        """Return the fitted text model."""
        return self._text

    def __len__(self) -> int:
        return len(self._slot_of)

    def __contains__(self, plan_id: object) -> bool:
        return plan_id in self._slot_of

    def profiles(self) -> list[PlanProfile]:
        """Return the indexed plans in the order they were added."""
        return [self._profiles[slot] for slot in sorted(self._slot_of.values())]

    def rows(self) -> Rows:
        """Return the text rows of profiles(), in the same order, as a scipy.sparse CSR matrix."""
        slots = np.asarray(sorted(self._slot_of.values()), dtype=np.int64)
        return self._rows.matrix(self._text.size)[slots]

    def _extend(self, profiles: list[PlanProfile], rows: Rows) -> None:
        if len(profiles) != rows.shape[0]:
            raise ValueError("profiles and text rows differ in number")
        for profile in profiles:
            self._append(profile)
        self._rows.extend(rows)

    def _append(self, profile: PlanProfile) -> None:
        slot = len(self._profiles)
        areas = tuple(dict.fromkeys(profile.service_areas))
        self._profiles.append(profile)
        self._slot_of[profile.plan_id] = slot
        self._plan_ids.append(profile.plan_id)
        self._orgs.append(profile.organisation_id)
        model = profile.delivery_model
        self._models.append(-1 if model is None else self._model_ids.setdefault(model, len(self._model_ids)))
        self._stages.append(stage_index(profile.stage))
        self._groups.append(group_mask(areas))
        self._n_areas.append(len(areas))
        self._firsts.append(self._area_ids.setdefault(areas[0], len(self._area_ids)) if areas else -1)
        self._alive.append(True)
        for code in areas:
            postings = self._postings.get(code)
            if postings is None:
                postings = self._postings[code] = Vector(np.int64)
            postings.append(slot)

    def add(self, profile: PlanProfile) -> None:
        """Index one plan with the current vocabulary, replacing any plan with the same id."""
        self.remove(profile.plan_id)
        self._extend([profile], self._text.transform(profile.text))

    def remove(self, plan_id: int) -> bool:
        """Forget a plan; return whether it was indexed. Its slot is reclaimed by the next refit()."""
        slot = self._slot_of.pop(plan_id, None)
        if slot is None:
            return False
        self._alive.array[slot] = False
        return True

    def refit(self) -> None:
        """Refit the vocabulary and idf on the plans indexed now and drop removed plans for good."""
        profiles = self.profiles()
        text, rows = TextModel.fit_transform(p.text for p in profiles)
        self._reset(text)
        self._extend(profiles, rows)

    @classmethod
    def from_rows(cls, text: TextModel, profiles: Iterable[PlanProfile], rows: Rows) -> PlanIndex:
        """Rebuild an index from a fitted text model and a CSR matrix of its rows, without refitting."""
        index = cls()
        index._reset(text)
        index._extend(list(profiles), rows)
        return index

    def _sharing(self, areas: tuple[str, ...]) -> tuple[IntVector, IntVector]:
        """Return the slots sharing at least one of areas, and how many each shares."""
        arrays = [self._postings[code].array for code in areas if code in self._postings]
        if not arrays:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
        if len(arrays) == 1:
            return arrays[0], np.ones(len(arrays[0]), dtype=np.int64)
        slots, counts = np.unique(np.concatenate(arrays), return_counts=True)
        return slots, counts.astype(np.int64)

    def rank(
        self, query: PlanProfile, *, limit: int = 10, min_score: float = 0.0, prefer_ahead: bool = False
    ) -> list[Candidate]:
        """Return up to limit plans of other organisations whose calibrated score is at least min_score.

        Best first. With prefer_ahead, peers one or two stages ahead of the query score slightly higher
        than peers at the same stage; this never moves a pair across the shared-area floor.
        """
        if limit <= 0 or not self._slot_of:
            return []
        areas = tuple(dict.fromkeys(query.service_areas))
        model = query.delivery_model
        fields = QueryFields(
            n_areas=len(areas),
            groups=group_mask(areas),
            model=-1 if model is None else self._model_ids.get(model, -1),
            stage=stage_index(query.stage),
        )
        # Thresholds are probabilities; the raw score they need is found once, so the scan stays raw.
        min_raw = raw_floor(min_score)
        dense = self._dense_row(query)
        sharing, shared = self._sharing(areas)
        slots, scores, sims = self._score(query, fields, sharing, shared, dense, prefer_ahead=prefer_ahead)
        enough = int(np.count_nonzero(scores >= min_raw)) >= limit
        if not enough and min_raw <= BEST_WITHOUT_SHARED_AREA:
            # Too few plans share an area: widen to every plan (each scores at most 0.40 raw, so only now).
            every = np.arange(len(self._profiles), dtype=np.int64)
            every_shared = np.zeros(len(self._profiles), dtype=np.int64)
            every_shared[sharing] = shared
            slots, scores, sims = self._score(
                query, fields, every, every_shared, dense, prefer_ahead=prefer_ahead
            )
        return self._top(
            query, fields, slots, scores, sims, limit=limit, min_raw=min_raw, min_score=min_score
        )

    def _dense_row(self, query: PlanProfile) -> npt.NDArray[np.float32]:
        """Return the query's text row as a dense vector, reusing its indexed row if it is indexed as is."""
        dense = np.zeros(self._text.size, dtype=np.float32)
        slot = self._slot_of.get(query.plan_id)
        if slot is not None and self._profiles[slot].text == query.text:
            # As after a confirmation, which indexes the plan and then ranks it: no second transform.
            start, end = self._rows.indptr.array[slot : slot + 2]
            dense[self._rows.indices.array[start:end]] = self._rows.data.array[start:end]
        else:
            row = self._text.transform(query.text)
            dense[row.indices] = row.data
        return dense

    def _score(
        self,
        query: PlanProfile,
        fields: QueryFields,
        slots: IntVector,
        shared: IntVector,
        dense: npt.NDArray[np.float32],
        *,
        prefer_ahead: bool,
    ) -> tuple[IntVector, npt.NDArray[np.float64], npt.NDArray[np.float64]]:
        keep = (
            self._alive.array[slots]
            & (self._orgs.array[slots] != query.organisation_id)
            & (self._plan_ids.array[slots] != query.plan_id)
        )
        slots, shared = slots[keep], shared[keep]
        sims = np.clip(self._rows.dot(slots, dense), 0.0, 1.0)
        scores = combine(
            fields,
            shared=shared,
            first_shared=self._first_shared(query, slots),
            n_areas=self._n_areas.array[slots],
            groups=self._groups.array[slots],
            models=self._models.array[slots],
            stages=self._stages.array[slots],
            text=sims,
            prefer_ahead=prefer_ahead,
        )
        return slots, scores, sims

    def _first_shared(self, query: PlanProfile, slots: IntVector) -> IntVector:
        """Count per slot how many of the two first areas (the query's, the plan's) the pair shares."""
        count = np.zeros(len(slots), dtype=np.int64)
        areas = tuple(dict.fromkeys(query.service_areas))
        if not areas:
            return count
        # The plan's first area is among the query's areas.
        firsts = self._firsts.array[slots]
        for code in areas:
            area_id = self._area_ids.get(code)
            if area_id is not None:
                count += firsts == area_id
        # The query's first area is among the plan's areas: its postings are sorted, as slots only grow.
        postings = self._postings.get(areas[0])
        if postings is not None and len(postings.array):
            array = postings.array
            where = np.minimum(np.searchsorted(array, slots), len(array) - 1)
            count += array[where] == slots
        return count

    def _top(
        self,
        query: PlanProfile,
        fields: QueryFields,
        slots: IntVector,
        scores: npt.NDArray[np.float64],
        sims: npt.NDArray[np.float64],
        *,
        limit: int,
        min_raw: float,
        min_score: float,
    ) -> list[Candidate]:
        good = scores >= min_raw
        slots, scores, sims = slots[good], scores[good], sims[good]
        if len(scores) > limit:
            kth = np.partition(scores, len(scores) - limit)[len(scores) - limit]
            near = scores >= kth
            slots, scores, sims = slots[near], scores[near], sims[near]
        order = np.lexsort((self._plan_ids.array[slots], -scores))[:limit]
        probabilities = calibrate(scores[order])
        areas = tuple(dict.fromkeys(query.service_areas))
        candidates: list[Candidate] = []
        for i, probability in zip(order.tolist(), probabilities.tolist(), strict=True):
            if probability < min_score:
                continue  # the raw floor is exact up to rounding; the probability has the last word
            slot = int(slots[i])
            other = self._profiles[slot]
            other_stage = int(self._stages.array[slot])
            model = query.delivery_model
            candidates.append(
                Candidate(
                    plan_id=other.plan_id,
                    organisation_id=other.organisation_id,
                    score=probability,
                    raw_score=float(scores[i]),
                    shared_service_areas=tuple(a for a in areas if a in other.service_areas),
                    shared_delivery_model=model
                    if model is not None and model == other.delivery_model
                    else None,
                    stage_gap=other_stage - fields.stage if other_stage >= 0 and fields.stage >= 0 else None,
                    text_similarity=round(float(sims[i]), 6),
                )
            )
        return candidates
