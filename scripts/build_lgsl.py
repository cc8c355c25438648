"""Build matching/data/lgsl.json and the "lgsl" codes in matching/data/taxonomy.json.

Runs offline and deterministically:

    python scripts/build_lgsl.py [--source DIR] [--check]

Sources (see scripts/sources/README.md for provenance and licences):

* DIR/functions_services.xml - the Local Government Service List (LGSL) and its functional hierarchy,
  esd-toolkit programme (standards.esd.org.uk), Open Government Licence.
* DIR/local_services.csv - GOV.UK's plain names for LGSL codes (alphagov/publisher).
* scripts/sources/lgsl_areas.csv - our reviewed table from LGSL code to service area (ours, by hand).

Every area's codes in taxonomy.json are written from the same table, so the two never disagree.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
import xml.etree.ElementTree as ET
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SOURCE = Path("/work/shared/data/lgsl")
AREAS_TABLE = ROOT / "scripts" / "sources" / "lgsl_areas.csv"
OUTPUT = ROOT / "matching" / "data" / "lgsl.json"
TAXONOMY = ROOT / "matching" / "data" / "taxonomy.json"

LGSL_LIST = re.compile(r'"lgsl": \[([\d,\s]*)\]')

SOURCE_NOTE = (
    "Local Government Service List (LGSL) and functional hierarchy, 2013 copy "
    "(datagovuk/ckanext-dgu-local), Open Government Licence, attributed to the esd-toolkit programme "
    "(standards.esd.org.uk); plain names from GOV.UK (alphagov/publisher data/local_services.csv), "
    "Open Government Licence; area codes are Notalone's own (scripts/sources/lgsl_areas.csv)."
)


def clean(text: str | None) -> str:
    """Collapse runs of whitespace and trim."""
    return " ".join((text or "").split())


def read_services(path: Path) -> dict[int, tuple[str, str]]:
    """Return LGSL id -> (label, description) for every service in the functional hierarchy."""
    services: dict[int, tuple[str, str]] = {}
    for node in ET.parse(path).getroot().iter("Service"):
        code = int(clean(node.findtext("Identifier")))
        if code in services:
            raise SystemExit(f"LGSL {code} appears twice in {path.name}")
        services[code] = (clean(node.findtext("Label")), clean(node.findtext("Description")))
    return services


def read_plain_names(path: Path) -> dict[int, str]:
    """Return LGSL id -> GOV.UK plain name."""
    with path.open(encoding="utf-8", newline="") as handle:
        return {int(row["LGSL"]): clean(row["Description"]) for row in csv.DictReader(handle)}


def read_areas(path: Path, services: dict[int, tuple[str, str]], known: set[str]) -> dict[int, str | None]:
    """Return LGSL id -> area code (or None) from our table, refusing rows that disagree with the list."""
    areas: dict[int, str | None] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            code = int(row["lgsl"])
            if code not in services:
                raise SystemExit(f"{path.name}: LGSL {code} is not in the service list")
            if row["label"] != services[code][0]:
                raise SystemExit(f"{path.name}: LGSL {code} label {row['label']!r} differs from the list")
            if row["area"] and row["area"] not in known:
                raise SystemExit(f"{path.name}: LGSL {code} names unknown area {row['area']!r}")
            if code in areas:
                raise SystemExit(f"{path.name}: LGSL {code} is listed twice")
            areas[code] = row["area"] or None
    missing = sorted(set(services) - set(areas))
    if missing:
        raise SystemExit(f"{path.name}: no row for LGSL {missing[:10]}")
    return areas


def lgsl_text(services: list[dict[str, Any]]) -> str:
    """Serialise lgsl.json: one service a line, so a change reads as one line in a diff."""
    lines = ",\n".join(json.dumps(s, ensure_ascii=False) for s in services)
    return f'{{"source": {json.dumps(SOURCE_NOTE)},\n"services": [\n{lines}\n]}}\n'


def taxonomy_text(taxonomy: dict[str, Any], codes_by_area: dict[str, list[int]]) -> str:
    """Return taxonomy.json with each area's "lgsl" list rewritten, in the file's own layout."""
    for area in taxonomy["service_areas"]:
        area["lgsl"] = codes_by_area.get(area["code"], [])
    text = json.dumps(taxonomy, indent=1, ensure_ascii=False) + "\n"
    # Keep each area's codes on one line: a list of numbers reads better flat than one per line.
    return LGSL_LIST.sub(lambda m: '"lgsl": [' + ", ".join(re.findall(r"\d+", m.group(1))) + "]", text)


def build(source: Path) -> tuple[str, str, dict[str, list[int]]]:
    """Return the text of lgsl.json, of taxonomy.json, and the LGSL codes mapped to each area."""
    services = read_services(source / "functions_services.xml")
    plain = read_plain_names(source / "local_services.csv")
    taxonomy = json.loads(TAXONOMY.read_text(encoding="utf-8"))
    known = {area["code"] for area in taxonomy["service_areas"]}
    areas = read_areas(AREAS_TABLE, services, known)

    entries: list[dict[str, Any]] = []
    codes_by_area: dict[str, list[int]] = defaultdict(list)
    for code in sorted(services):
        label, description = services[code]
        area = areas[code]
        entries.append(
            {
                "id": code,
                "label": label,
                "description": description,
                "plain_name": plain.get(code),
                "area": area,
            }
        )
        if area is not None:
            codes_by_area[area].append(code)
    return lgsl_text(entries), taxonomy_text(taxonomy, codes_by_area), dict(codes_by_area)


def main(argv: list[str] | None = None) -> int:
    """Rewrite (or with --check, compare) lgsl.json and the taxonomy's LGSL codes."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--source",
        type=Path,
        default=DEFAULT_SOURCE,
        help=f"folder holding functions_services.xml and local_services.csv (default {DEFAULT_SOURCE})",
    )
    parser.add_argument(
        "--check", action="store_true", help="write nothing; exit 1 if the committed files differ"
    )
    args = parser.parse_args(argv)

    lgsl, taxonomy, codes_by_area = build(args.source)
    targets = ((OUTPUT, lgsl), (TAXONOMY, taxonomy))
    if args.check:
        stale = [path for path, text in targets if path.read_text(encoding="utf-8") != text]
        for path in stale:
            print(f"{path.relative_to(ROOT)} is out of date: run python scripts/build_lgsl.py")
        return 1 if stale else 0
    for path, text in targets:
        path.write_text(text, encoding="utf-8")
    mapped = sum(len(codes) for codes in codes_by_area.values())
    total = len(json.loads(lgsl)["services"])
    print(f"wrote {total} LGSL services to {OUTPUT.relative_to(ROOT)}: {mapped} mapped")
    for area, codes in sorted(codes_by_area.items(), key=lambda item: (-len(item[1]), item[0])):
        print(f"  {area}: {len(codes)}")
    empty = sorted(
        area["code"] for area in json.loads(taxonomy)["service_areas"] if area["code"] not in codes_by_area
    )
    for code in empty:
        print(f"  area with no LGSL code: {code}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
