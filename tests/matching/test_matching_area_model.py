"""The learned service-area model: officers' words the phrase rules have never seen."""

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from matching import area_model
from matching.area_model import rank_areas
from matching.guesses import likely_service_areas
from matching.understanding import understand

TODAY = date(2026, 11, 25)

# Written before the model's hand-written examples, without looking at the held-out plans: acronyms,
# clipped words, services described by what they do, and Welsh and Scottish programme names.
UNSEEN_WORDS = [
    ("MOW contract ends next spring", "community_meals"),
    ("thinking of a mutual for IAG", "careers"),
    ("spinning the libs out into a trust", "libraries"),
    ("reading rooms and book vans to a community group", "libraries"),
    ("family centres moving to a charity", "early_years"),
    ("bin rounds coming back in house", "waste_collection"),
    ("the tip might go to a private operator", "waste_disposal"),
    ("council tax and benefits team into a shared service", "revenues_benefits"),
    ("revs & bens shared with two neighbours", "revenues_benefits"),
    ("gully emptying and pothole gangs out to tender", "highways_maintenance"),
    ("looking after people in their own homes after hospital", "home_care"),
    ("weddings, births and deaths certificates", "registration_services"),
    ("swimming baths and gyms to a trust", "leisure_centres"),
    ("allotments and play areas to parish councils", "parks_green_spaces"),
    ("pest control and food inspections shared", "environmental_health"),
    ("taxi and pub licences shared with a neighbour", "licensing"),
    ("rough sleeper outreach commissioned out", "homelessness"),
    ("tourist info centre to the BID", "tourism"),
    ("market stalls and the covered hall", "markets"),
    ("ESOL and evening classes for grown-ups", "adult_learning"),
    ("Flying Start in house again", "early_years"),
    ("Communities for Work moving to a partner", "economic_development"),
    ("bus passes for pensioners administration", "passenger_transport"),
    ("SEN taxis for pupils re-procured", "home_to_school_transport"),
    ("litter bins and sweepers", "street_cleansing"),
    ("stop smoking and weight loss support to a provider", "public_health"),
    ("CLD team to a trust", "adult_learning"),
    ("foster carers and kids in care", "childrens_social_care"),
    ("the crem to a company", "cemeteries_crematoria"),
]


@pytest.mark.parametrize(("text", "area"), UNSEEN_WORDS)
def test_the_right_area_is_ranked_first(text: str, area: str) -> None:
    assert rank_areas(text)[0].code == area


# Known near misses: the right area is among the first three, not first. Kept here so that a change that
# loses them altogether shows, and one that mends them can move them up to UNSEEN_WORDS.
NEAR_MISSES = [("lollipop patrols, sharing with the county", "highways_maintenance")]


@pytest.mark.parametrize(("text", "area"), NEAR_MISSES)
def test_near_misses_keep_the_right_area_among_the_first_three(text: str, area: str) -> None:
    assert area in [scored.code for scored in rank_areas(text)[:3]]


def test_understand_now_finds_an_area_for_most_of_them() -> None:
    found = [
        area in {s.code for s in understand(text, today=TODAY).service_areas} for text, area in UNSEEN_WORDS
    ]
    assert sum(found) >= 0.8 * len(found)


@pytest.mark.parametrize(
    ("text", "area"),
    [
        ("hot meals taken to older people's homes, maybe a social enterprise", "community_meals"),
        ("lunch clubs for older people", "community_meals"),
    ],
)
def test_services_for_older_people_are_at_least_offered(text: str, area: str) -> None:
    # "older people" is an adult social care phrase, so the model ranks that first; the right service
    # must still be among the few offered.
    assert area in [s.code for s in likely_service_areas(text, limit=3)]


@pytest.mark.parametrize("text", ["What can you do?", "hello", "asdf", "thanks", "ok", "who are you?"])
def test_chat_is_no_service(text: str) -> None:
    assert likely_service_areas(text) == ()
    assert understand(text, today=TODAY).service_areas == ()


@pytest.mark.parametrize(
    "text", ["translation and interpreting service", "the observatory", "the council newspaper"]
)
def test_a_service_the_taxonomy_lacks_is_offered_no_weak_guess(text: str) -> None:
    # The model spreads its probability thinly over areas for these (school improvement at 0.10 for
    # translation): none stands out, so the officer is asked in their own words, not offered a wrong one.
    assert likely_service_areas(text, limit=3) == ()


def test_a_weak_guess_that_stands_out_is_still_offered() -> None:
    # Building control at about 0.14, the next area five times lower: a likely service to confirm.
    offered = likely_service_areas("the folk who check that extensions are built safely")
    assert offered[0].code == "building_control"


@pytest.mark.parametrize(
    "text",
    [
        "the team is looking at alternative delivery models for a few things",
        "we're out to tender for a managed service, early days",
    ],
)
def test_the_words_of_the_kind_of_change_and_stage_suggest_no_service(text: str) -> None:
    # "delivery" is a meals-on-wheels word and "managed service" resembles several services' names, but
    # here they say the change and its stage: the officer is asked which service, not offered a wrong one.
    assert likely_service_areas(text, limit=3) == ()


def test_probabilities_are_best_first_and_in_range() -> None:
    ranked = rank_areas("reading rooms and book vans", limit=5)
    assert len(ranked) == 5
    assert [s.confidence for s in ranked] == sorted((s.confidence for s in ranked), reverse=True)
    assert 0.0 <= sum(s.confidence for s in ranked) <= 1.0
    assert rank_areas("   ") == ()


def test_learned_areas_are_asked_not_told_unless_confident() -> None:
    # "libs" is now a clipped word the phrases read; "lending" and "study space" only the model knows.
    found = understand("spinning study space and lending out into a trust", today=TODAY).service_areas
    assert [s.code for s in found] == ["libraries"]
    assert found[0].confidence < 0.5  # below bot.conversation.drafts.CONFIDENT: the officer is asked


def test_training_is_deterministic() -> None:
    examples = area_model.examples(lgsl=None)
    first, second = area_model.train(examples), area_model.train(examples)
    text = ["family centres moving to a charity"]
    assert first.rank(text) == second.rank(text)


def test_lgsl_services_teach_the_model_new_words(tmp_path: Path) -> None:
    lgsl = tmp_path / "lgsl.json"
    service = {"id": 1, "label": "Zorbing permits", "description": "Permits to zorb", "plain_name": None}
    lgsl.write_text(
        json.dumps({"services": [{**service, "area": "licensing"}, {**service, "id": 2, "area": None}]}),
        encoding="utf-8",
    )
    without = area_model.train(area_model.examples(lgsl=None)).rank(["zorbing permits"])[0]
    learned = area_model.train(area_model.examples(lgsl=lgsl)).rank(["zorbing permits"])[0]
    assert learned[0].code == "licensing"
    assert learned[0].confidence > dict((s.code, s.confidence) for s in without).get("licensing", 0.0)


def test_a_process_ending_during_the_warm_up_waits_for_it_and_exits_cleanly() -> None:
    # Stopped mid-training by the interpreter's exit, the warm-up thread aborted the process now and then
    # (exit 134). The process must instead finish training before its exit handlers run, and exit 0.
    script = (
        "import atexit\n"
        "from matching import area_model\n"
        "atexit.register(lambda: print('trained' if area_model._trained.cache_info().currsize else 'not'))\n"
        "area_model.warm_in_background()\n"
    )
    finished = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert (finished.returncode, finished.stdout.strip(), finished.stderr) == (0, "trained", "")
