"""`notalone rank`: ranking a JSON Lines file of plans, as someone at a terminal would see it."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

import pytest

from adapters.host.rank_command import add_parser, run

PLANS: list[dict[str, Any]] = [
    {
        "id": "camden-leisure",
        "org": "CMD",
        "text": "Moving our leisure centres into a charitable leisure trust",
    },
    {
        "id": "hackney-leisure",
        "org": "HCK",
        "text": "Exploring a leisure trust for our sports centres and pools",
    },
    {"id": "leeds-bins", "org": "LDS", "text": "Bringing bin collection and recycling back in house"},
    {
        "id": "york-bins",
        "org": "YOR",
        "text": "Waste collection rounds to be insourced when the contract ends",
    },
    {"id": "camden-bins", "org": "CMD", "text": "Our refuse collection back in house next year", "extra": 1},
]


def invoke(
    path: Path, capsys: pytest.CaptureFixture[str], *extra: str
) -> tuple[int, list[dict[str, Any]], str]:
    parser = argparse.ArgumentParser(prog="notalone")
    add_parser(parser.add_subparsers(dest="command"))
    code = run(parser.parse_args(["rank", "--plans", str(path), *extra]))
    out, err = capsys.readouterr()
    return code, [json.loads(line) for line in out.splitlines()], err


def write(tmp_path: Path, lines: list[str]) -> Path:
    path = tmp_path / "plans.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def good_lines() -> list[str]:
    return [json.dumps(p) for p in PLANS]


def test_each_plan_gets_its_comparable_plans_best_first(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, results, err = invoke(write(tmp_path, good_lines()), capsys)
    assert code == 0 and err == ""
    assert [r["id"] for r in results] == [p["id"] for p in PLANS]
    best = {r["id"]: r["matches"][0]["id"] for r in results}
    assert best["camden-leisure"] == "hackney-leisure"
    assert best["hackney-leisure"] == "camden-leisure"
    assert best["leeds-bins"] in {"york-bins", "camden-bins"}
    assert best["camden-bins"] in {"leeds-bins", "york-bins"}
    for result in results:
        scores = [m["score"] for m in result["matches"]]
        assert scores == sorted(scores, reverse=True)


def test_never_a_plan_of_the_same_council(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, results, _ = invoke(write(tmp_path, good_lines()), capsys, "--top", "10")
    org = {p["id"]: p["org"] for p in PLANS}
    for result in results:
        matched = [m["id"] for m in result["matches"]]
        assert all(org[m] != org[result["id"]] for m in matched)
        assert result["id"] not in matched


def test_top_limits_the_matches(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, results, _ = invoke(write(tmp_path, good_lines()), capsys, "--top", "1")
    assert all(len(r["matches"]) == 1 for r in results)
    _, results, _ = invoke(write(tmp_path, good_lines()), capsys)
    org = {p["id"]: p["org"] for p in PLANS}
    for result in results:
        others = sum(1 for p in PLANS if p["org"] != org[result["id"]])
        assert len(result["matches"]) == min(5, others)


def test_bad_lines_are_named_and_the_rest_still_ranked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = good_lines()
    lines[1:1] = [
        "{not json",
        json.dumps({"id": "x", "org": "ABC"}),
        json.dumps({"id": 7, "org": "ABC", "text": "parks"}),
        json.dumps(["a", "list"]),
        json.dumps({"id": "camden-leisure", "org": "ABC", "text": "a second plan with a used id"}),
    ]
    code, results, err = invoke(write(tmp_path, lines), capsys)
    assert code == 1
    assert [r["id"] for r in results] == [p["id"] for p in PLANS]
    assert "line 2: not valid JSON" in err
    assert 'line 3: missing field "text"' in err
    assert 'line 4: field "id" must be a string, got a number' in err
    assert "line 5: expected a JSON object, got a list" in err
    assert 'line 6: duplicate id "camden-leisure" (first used on line 1)' in err
    assert err.count("\n") == 5


def test_a_duplicate_id_is_reported_on_its_second_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = [*good_lines(), json.dumps({"id": "york-bins", "org": "ABC", "text": "libraries"})]
    code, results, err = invoke(write(tmp_path, lines), capsys)
    assert code == 1
    assert 'line 6: duplicate id "york-bins" (first used on line 4)' in err
    assert len(results) == len(PLANS)


def test_a_missing_file_is_a_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, results, err = invoke(tmp_path / "nowhere.jsonl", capsys)
    assert code == 2
    assert results == []
    assert "no such file" in err and "nowhere.jsonl" in err


def test_blank_lines_are_ignored(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lines = good_lines()
    lines.insert(2, "   ")
    code, results, err = invoke(write(tmp_path, lines), capsys)
    assert code == 0 and err == ""
    assert len(results) == len(PLANS)
