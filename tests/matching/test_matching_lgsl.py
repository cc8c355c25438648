"""The public service list behind our areas: lgsl.json, the taxonomy's codes, a reproducible build."""

import json
import subprocess
import sys
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

from matching import taxonomy

ROOT = Path(__file__).resolve().parents[2]
SOURCE = Path("/work/shared/data/lgsl")
KEYS = ["id", "label", "description", "plain_name", "area"]

# An area that no LGSL service belongs to must be listed here with the reason; none is today.
AREAS_WITHOUT_LGSL: dict[str, str] = {}


def _lgsl() -> dict[str, Any]:
    text = resources.files("matching.data").joinpath("lgsl.json").read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def _area_of() -> dict[int, str | None]:
    return {s["id"]: s["area"] for s in _lgsl()["services"]}


def test_lgsl_json_has_the_agreed_format() -> None:
    data = _lgsl()
    assert list(data) == ["source", "services"]
    assert "\n" not in data["source"]
    for credit in ("esd-toolkit", "standards.esd.org.uk", "Open Government Licence", "GOV.UK"):
        assert credit in data["source"]
    services = data["services"]
    ids = [s["id"] for s in services]
    assert len(services) == 1127
    assert ids == sorted(set(ids))
    known = {a.code for a in taxonomy.service_areas()}
    for s in services:
        assert list(s) == KEYS
        assert isinstance(s["id"], int) and s["label"] and isinstance(s["description"], str)
        assert s["description"] == " ".join(s["description"].split())
        assert s["plain_name"] is None or (isinstance(s["plain_name"], str) and s["plain_name"])
        assert s["area"] is None or s["area"] in known


def test_gov_uk_plain_names_are_kept() -> None:
    services = {s["id"]: s for s in _lgsl()["services"]}
    assert services[315]["plain_name"] == "Find out about mobile meals service"
    assert services[524]["plain_name"] == "Find out which day the refuse is collected"
    assert services[815]["plain_name"] is None
    assert sum(s["plain_name"] is not None for s in services.values()) == 111


def test_every_taxonomy_code_is_a_real_lgsl_service_mapped_to_that_area() -> None:
    area_of = _area_of()
    for area in taxonomy.service_areas():
        assert list(area.lgsl) == sorted(set(area.lgsl)), area.code
        for code in area.lgsl:
            assert code in area_of, (area.code, code)
            assert area_of[code] == area.code, (area.code, code)
    on_areas = {code for area in taxonomy.service_areas() for code in area.lgsl}
    assert on_areas == {code for code, area in area_of.items() if area is not None}


def test_every_area_has_an_lgsl_service_or_a_stated_reason() -> None:
    for area in taxonomy.service_areas():
        assert area.lgsl or AREAS_WITHOUT_LGSL.get(area.code), area.code
    assert set(AREAS_WITHOUT_LGSL) <= {a.code for a in taxonomy.service_areas()}


@pytest.mark.parametrize(
    ("code", "area"),
    [
        (315, "community_meals"),  # Mobile meals: meals on wheels, not home care or school catering
        (242, "home_care"),  # Care at home
        (37, "catering_school_meals"),  # School catering
        (437, "libraries"),  # Library facilities
        (444, "libraries"),  # Mobile libraries
        (448, "museums_arts_culture"),  # Archives, filed under Libraries by the LGSL
        (313, "telecare"),  # Community alarms and Telecare
        (524, "waste_collection"),  # Household waste collection
        (534, "waste_disposal"),  # Recycling sites
        (564, "street_lighting"),  # Street lighting, filed under highways Maintenance
        (574, "grounds_maintenance"),  # Verge maintenance
        (632, "licensing"),  # Hackney carriage (taxi) licence
        (979, "hr_payroll"),  # Staff - payroll
        (965, "fleet_management"),  # Facilities - fleet ownership and maintenance
        (1538, "cemeteries_crematoria"),  # Cemeteries and crematoria
        (815, None),  # Attending fires: fire and rescue is none of ours
        (1268, None),  # Veterinary surgeon licence: national, not a council service
    ],
)
def test_realistic_mappings(code: int, area: str | None) -> None:
    assert _area_of()[code] == area


def test_the_build_reproduces_the_committed_files() -> None:
    if not (SOURCE / "functions_services.xml").exists():
        pytest.skip(f"LGSL source extracts not on this machine ({SOURCE})")
    script = ROOT / "scripts" / "build_lgsl.py"
    done = subprocess.run(
        [sys.executable, str(script), "--check", "--source", str(SOURCE)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
