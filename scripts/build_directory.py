"""Build bot/data/councils.csv from the saved source extracts in scripts/sources/.

Runs offline and deterministically:

    python scripts/build_directory.py

Sources (see scripts/sources/README.md for provenance and licences):

* mysociety_uk_local_authorities_current.csv - councils, codes, names, nation, region, type.
* govuk_local_links_manager_local_authorities.csv - GOV.UK homepage per GSS code (web domain).
* ukps_domains_local_authority_extract.csv - a few extra email domains per council.
"""

from __future__ import annotations

import csv
import sys
from collections import defaultdict
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "scripts" / "sources"
OUTPUT = ROOT / "bot" / "data" / "councils.csv"

MYSOCIETY = SOURCES / "mysociety_uk_local_authorities_current.csv"
GOVUK_LINKS = SOURCES / "govuk_local_links_manager_local_authorities.csv"
UKPS = SOURCES / "ukps_domains_local_authority_extract.csv"

HEADER = ["code", "name", "nation", "region", "kind", "domains"]

# mySociety local-authority-type -> readable kind. Combined/strategic authorities are not principal councils.
KINDS = {
    "LBO": "London borough",
    "CC": "city corporation",
    "MD": "metropolitan district",
    "UA": "unitary authority",
    "CTY": "county council",
    "NMD": "non-metropolitan district",
    "SCO": "Scottish council",
    "WPA": "Welsh principal area",
    "NID": "Northern Ireland district",
}

# The GOV.UK links file still keys a few councils by a superseded GSS code.
GSS_SUCCESSORS = {
    "E10000023": "E06000065",  # North Yorkshire County Council -> North Yorkshire Council (2023)
    "E10000027": "E06000066",  # Somerset County Council -> Somerset Council (2023)
    "S12000015": "S12000047",  # Fife (2018 boundary code change)
    "S12000024": "S12000048",  # Perth and Kinross
    "S12000044": "S12000050",  # North Lanarkshire
    "S12000046": "S12000049",  # Glasgow City
}

# Corrections to the mySociety region column (ONS regions for these counties).
REGION_FIXES = {
    "DBY": "East Midlands",  # Derbyshire; source says West Midlands
    "LIN": "East Midlands",  # Lincolnshire; source says Yorkshire and The Humber
}

# Domains by convention, unverified by any stored source. Keep empty unless needed; list in README.
CONVENTION_DOMAINS: dict[str, list[str]] = {}

# Public suffixes under which the registrable domain has three labels.
THREE_LABEL_SUFFIXES = ("gov.uk", "org.uk", "co.uk", "gov.wales", "llyw.cymru")


def registrable_domain(url: str) -> str:
    """Return the registrable domain of a homepage URL, e.g. https://new.devon.gov.uk/ -> devon.gov.uk."""
    host = (urlsplit(url).hostname or "").lower().rstrip(".")
    labels = host.split(".")
    keep = 3 if any(host.endswith("." + suffix) for suffix in THREE_LABEL_SUFFIXES) else 2
    if len(labels) < keep:
        raise ValueError(f"cannot derive a domain from {url!r}")
    return ".".join(labels[-keep:])


def read_csv(path: Path) -> list[dict[str, str]]:
    """Read a CSV file into a list of dicts."""
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def clean(text: str) -> str:
    """Collapse runs of whitespace and trim."""
    return " ".join(text.split())


def build() -> tuple[list[list[str]], dict[str, list[str]]]:
    """Return the output rows and a report of domain decisions."""
    councils = [row for row in read_csv(MYSOCIETY) if row["local-authority-type"] in KINDS]
    by_gss = {row["gss-code"]: row["local-authority-code"] for row in councils}
    codes = {row["local-authority-code"] for row in councils}

    domains: dict[str, list[str]] = defaultdict(list)
    sources: dict[tuple[str, str], str] = {}
    report: dict[str, list[str]] = defaultdict(list)

    for link in read_csv(GOVUK_LINKS):
        gss = GSS_SUCCESSORS.get(link["gss"], link["gss"])
        code = by_gss.get(gss)
        if code is None:
            report["govuk_unmatched"].append(link["gss"])
            continue
        domain = registrable_domain(link["homepage_url"])
        if domain not in domains[code]:
            domains[code].append(domain)
            sources[(code, domain)] = "govuk"

    assigned_by_ukps: dict[str, str] = {}
    for entry in read_csv(UKPS):
        code, domain = entry["council_code"], entry["domain_pattern"].lower()
        if code not in codes:
            raise SystemExit(f"ukps extract names unknown council {code}")
        assigned_by_ukps[domain] = code
        if domain not in domains[code]:
            domains[code].append(domain)
            sources[(code, domain)] = "ukps"

    for code, extra in CONVENTION_DOMAINS.items():
        for domain in extra:
            if domain not in domains[code]:
                domains[code].append(domain)
                sources[(code, domain)] = "convention"

    # A domain claimed by several councils (shared websites) is ambiguous: keep it only where an
    # email-domain source assigns it to one council, otherwise drop it everywhere.
    claims: dict[str, list[str]] = defaultdict(list)
    for code, names in domains.items():
        for domain in names:
            claims[domain].append(code)
    for domain, owners in sorted(claims.items()):
        if len(owners) < 2:
            continue
        keeper = assigned_by_ukps.get(domain)
        for code in owners:
            if code != keeper:
                domains[code].remove(domain)
        report["shared"].append(f"{domain}: {' '.join(sorted(owners))} -> {keeper or 'dropped'}")

    rows: list[list[str]] = []
    for row in councils:
        code = row["local-authority-code"]
        if not domains[code]:
            raise SystemExit(f"no domain for {code} {row['official-name']}")
        for domain in domains[code]:
            report[sources[(code, domain)]].append(f"{code} {domain}")
        region = REGION_FIXES.get(code, row["region"])
        rows.append(
            [
                code,
                clean(row["official-name"]),
                row["nation"],
                region,
                KINDS[row["local-authority-type"]],
                " ".join(domains[code]),
            ]
        )
    rows.sort(key=lambda r: (r[1].casefold(), r[0]))
    return rows, report


def main() -> int:
    """Rewrite bot/data/councils.csv and print a short summary."""
    rows, report = build()
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    with OUTPUT.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(HEADER)
        writer.writerows(rows)
    print(f"wrote {len(rows)} councils to {OUTPUT.relative_to(ROOT)}")
    for key in ("govuk", "ukps", "convention"):
        print(f"  domains from {key}: {len(report.get(key, []))}")
    for line in report.get("shared", []):
        print(f"  shared domain {line}")
    for gss in report.get("govuk_unmatched", []):
        print(f"  GOV.UK row not matched to a current council: {gss}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
