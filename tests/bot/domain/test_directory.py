"""Tests for the built-in council directory (bot/data/councils.csv)."""

from __future__ import annotations

from collections import Counter

import pytest

from bot.domain.directory import Council, CouncilDirectory, rank_councils


@pytest.fixture(scope="module")
def directory() -> CouncilDirectory:
    return CouncilDirectory.builtin()


def test_builtin_is_cached() -> None:
    assert CouncilDirectory.builtin() is CouncilDirectory.builtin()


def test_count_is_sane(directory: CouncilDirectory) -> None:
    assert 350 <= len(directory) <= 400
    assert len(list(directory)) == len(directory)


def test_all_four_nations_present(directory: CouncilDirectory) -> None:
    nations = Counter(council.nation for council in directory)
    assert set(nations) == {"England", "Wales", "Scotland", "Northern Ireland"}
    assert nations["Wales"] == 22
    assert nations["Scotland"] == 32
    assert nations["Northern Ireland"] == 11


def test_camden_email(directory: CouncilDirectory) -> None:
    council = directory.by_email("jane.smith@camden.gov.uk")
    assert council is not None
    assert council.code == "CMD"
    assert council.name == "London Borough of Camden"
    assert council.nation == "England"
    assert council.region == "London"
    assert council.kind == "London borough"


@pytest.mark.parametrize(
    ("email", "code", "nation"),
    [
        ("someone@fife.gov.uk", "FIF", "Scotland"),
        ("someone@glasgow.gov.uk", "GLG", "Scotland"),
        ("someone@cardiff.gov.uk", "CRF", "Wales"),
        ("someone@gwynedd.llyw.cymru", "GWN", "Wales"),
        ("someone@belfastcity.gov.uk", "BFS", "Northern Ireland"),
        ("someone@derrystrabane.com", "DRS", "Northern Ireland"),
    ],
)
def test_devolved_nations_resolve(directory: CouncilDirectory, email: str, code: str, nation: str) -> None:
    council = directory.by_email(email)
    assert council is not None
    assert council.code == code
    assert council.nation == nation


def test_current_structure(directory: CouncilDirectory) -> None:
    for code in ("NYE", "SMT", "CBD", "WAF"):
        council = directory.by_code(code)
        assert council is not None
        assert council.kind == "unitary authority"
    assert directory.search("Westmorland and Furness Council", limit=1)[0].code == "WAF"
    northyorks = directory.by_domain("northyorks.gov.uk")
    assert northyorks is not None and northyorks.name == "North Yorkshire Council"
    # Districts abolished in 2023 are gone.
    assert directory.by_code("CAR") is None
    assert directory.by_code("HAG") is None
    assert directory.search("Harrogate") == []


def test_subdomain_and_case(directory: CouncilDirectory) -> None:
    camden = directory.by_code("CMD")
    assert camden is not None
    assert directory.by_domain("hr.camden.gov.uk") == camden
    assert directory.by_domain("Camden.GOV.UK") == camden
    assert directory.by_domain("www.camden.gov.uk.") == camden
    assert directory.by_email("Jane.Smith@HR.Camden.Gov.UK") == camden
    assert directory.by_code("cmd") == camden


@pytest.mark.parametrize(
    "domain",
    ["example.com", "gov.uk", "uk", "", "notcamden.gov.uk", "camden.gov.uk.evil.com", "nhs.net"],
)
def test_unknown_domain(directory: CouncilDirectory, domain: str) -> None:
    assert directory.by_domain(domain) is None


@pytest.mark.parametrize("email", ["not-an-email", "@camden.gov.uk", "jane@", "jane@example.org"])
def test_unknown_or_malformed_email(directory: CouncilDirectory, email: str) -> None:
    assert directory.by_email(email) is None


def test_no_domain_claimed_twice(directory: CouncilDirectory) -> None:
    owners = Counter(domain for council in directory for domain in council.domains)
    assert [domain for domain, count in owners.items() if count > 1] == []


def test_every_council_has_a_wellformed_domain(directory: CouncilDirectory) -> None:
    for council in directory:
        assert council.domains, council
        for domain in council.domains:
            assert domain == domain.lower().strip()
            assert not domain.startswith("www.")
            assert "." in domain and " " not in domain


def test_codes_unique_and_fields_filled(directory: CouncilDirectory) -> None:
    codes = [council.code for council in directory]
    assert len(codes) == len(set(codes))
    for council in directory:
        assert council.name and council.kind and council.region


def test_iteration_sorted_by_name(directory: CouncilDirectory) -> None:
    names = [council.name.casefold() for council in directory]
    assert names == sorted(names)


def test_search_ranks_exact_then_prefix_then_substring(directory: CouncilDirectory) -> None:
    assert directory.search("camden")[0].code == "CMD"
    assert directory.search("London Borough of Camden")[0].code == "CMD"
    # Exact short name beats longer names that merely start with it.
    assert directory.search("Derby")[0].code == "DER"
    derby = [council.code for council in directory.search("derby", limit=10)]
    assert derby[0] == "DER"
    assert {"DBY", "DEB"} <= set(derby)
    lancashire = directory.search("lancashire", limit=5)
    assert lancashire[0].code == "LAN"
    assert "WLA" in {council.code for council in lancashire}
    assert all("lancashire" in council.name.casefold() for council in lancashire)
    assert len(directory.search("borough", limit=3)) == 3
    assert directory.search("nowhere-at-all") == []
    assert directory.search("") == []
    assert directory.search("london", limit=0) == []


def test_constructor_rejects_shared_domain() -> None:
    one = Council("AAA", "A Council", "England", "London", "London borough", ("a.gov.uk",))
    two = Council("BBB", "B Council", "England", "London", "London borough", ("a.gov.uk",))
    with pytest.raises(ValueError, match=r"a\.gov\.uk"):
        CouncilDirectory([one, two])


def test_small_directory_lookup() -> None:
    council = Council(
        "XYZ", "Example Council", "Wales", "Wales", "Welsh principal area", ("example.gov.wales",)
    )
    small = CouncilDirectory([council])
    assert len(small) == 1
    assert small.by_email("x@mail.example.gov.wales") == council
    assert small.by_domain("gov.wales") is None


def _ranked(directory: CouncilDirectory, typed: str) -> list[str]:
    return [match.council.name for match in rank_councils(directory, typed)]


@pytest.mark.parametrize(
    ("typed", "first"),
    [
        ("Wyre Forest", "Wyre Forest District Council"),
        ("WFDC", "Wyre Forest District Council"),
        ("wfdc", "Wyre Forest District Council"),
        ("Wyre Forest District", "Wyre Forest District Council"),
        ("wyre forrest", "Wyre Forest District Council"),
        ("Wyre Forest DC", "Wyre Forest District Council"),
        ("Wyre", "Wyre Borough Council"),
        ("Camden council", "London Borough of Camden"),
        ("LB Camden", "London Borough of Camden"),
        ("London Borough of Camden", "London Borough of Camden"),
        ("RBKC", "Royal Borough of Kensington and Chelsea"),
        ("Kensington & Chelsea", "Royal Borough of Kensington and Chelsea"),
        ("Cardiff", "City of Cardiff Council"),
        ("Cyngor Sir Powys", "Powys County Council"),
        ("King's Lynn", "Borough Council of Kings Lynn and West Norfolk"),
        ("City of London", "City of London Corporation"),
        ("county durham", "Durham County Council"),
        ("I work at Camden", "London Borough of Camden"),
        ("I work for Wyre Forest District Council", "Wyre Forest District Council"),
    ],
)
def test_ranking_finds_the_council_officers_mean(directory: CouncilDirectory, typed: str, first: str) -> None:
    assert _ranked(directory, typed)[0] == first


@pytest.mark.parametrize(
    "typed",
    [
        "We're outsourcing our libraries",
        "Our libraries may become a charitable trust",
        "We are exploring moving our sports centres and pools into a staff mutual",
        "Riverside Leisure Trust",
        "Example Org",
        "Home Office",
        "hello",
        "the council",
        "London",
        "",
        "!!!",
    ],
)
def test_ranking_offers_nothing_for_what_names_no_council(directory: CouncilDirectory, typed: str) -> None:
    assert rank_councils(directory, typed) == []


def test_ranking_scores_best_first_and_keeps_to_the_limit(directory: CouncilDirectory) -> None:
    typed = ("Wyre Forest", "WFDC", "wyre forrest")
    exact, initials, slip = (rank_councils(directory, t)[0].score for t in typed)
    assert exact == 1.0 and 0.8 <= initials < exact and 0.8 <= slip < exact
    shared = rank_councils(directory, "BCC")  # Belfast, Birmingham and Bristol City Councils
    assert len(shared) == 3 and {m.score for m in shared} == {0.95}
    assert len(rank_councils(directory, "Hertfordshire", limit=1)) == 1
    assert rank_councils(directory, "Camden", limit=0) == []
    scores = [m.score for m in rank_councils(directory, "Wyre")]
    assert scores == sorted(scores, reverse=True) and len(scores) == 2


def test_ranking_leaves_out_places_far_behind_the_best(directory: CouncilDirectory) -> None:
    assert _ranked(directory, "Leeds") == ["Leeds City Council"]  # not Lewes, four letters in common


def test_welsh_names_are_not_in_the_directory(directory: CouncilDirectory) -> None:
    # The source data has English names only: "Cyngor" (council) and "Sir" (county) are understood, but
    # "Caerdydd" is not Cardiff to us, and must not become Caerphilly either.
    assert rank_councils(directory, "Cyngor Caerdydd") == []
    assert _ranked(directory, "Cyngor Gwynedd") == ["Gwynedd Council"]
