"""`notalone understand`: what is read in each plan of a JSON Lines file, as someone at a terminal sees it."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

import pytest

from adapters.host.understand_command import add_parser, run
from tests.adapters.processes import environment, notalone

PLANS: list[dict[str, Any]] = [
    {
        "id": "camden-leisure",
        "org": "CMD",
        "text": "Moving our leisure centres into a charitable leisure trust, cabinet paper in March 2027,"
        " transfer in April 2028",
    },
    {"id": "leeds-bins", "org": "LDS", "text": "Bins - bring back in-house, mobilising now"},
    {"id": "fife-roads", "org": "FIF", "text": "Roads maintenance tender on Public Contracts Scotland"},
    {"id": "hello", "org": "HLO", "text": "hello"},
    {"id": "camden-bins", "org": "CMD", "text": "Refuse collection went live as a shared service in 2019"},
]


def invoke(path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, list[dict[str, Any]], str]:
    parser = argparse.ArgumentParser(prog="notalone")
    add_parser(parser.add_subparsers(dest="command"))
    code = run(parser.parse_args(["understand", "--plans", str(path)]))
    out, err = capsys.readouterr()
    return code, [json.loads(line) for line in out.splitlines()], err


def write(tmp_path: Path, lines: list[str]) -> Path:
    path = tmp_path / "plans.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def good_lines() -> list[str]:
    return [json.dumps(p) for p in PLANS]


def test_each_plan_is_read_in_order_as_taxonomy_codes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, results, err = invoke(write(tmp_path, good_lines()), capsys)
    assert code == 0 and err == ""
    assert [r["id"] for r in results] == [p["id"] for p in PLANS]
    by_id = {r["id"]: r for r in results}
    leisure = by_id["camden-leisure"]
    assert set(leisure) == {"id", "areas", "model", "stage", "timeline"}
    assert [a["code"] for a in leisure["areas"]] == ["leisure_centres"]
    assert 0.0 < leisure["areas"][0]["confidence"] <= 1.0
    assert (leisure["model"], leisure["stage"], leisure["timeline"]) == (
        "charitable_trust",
        "business_case",
        "2028-04",  # the transfer, not the cabinet meeting
    )
    bins = by_id["leeds-bins"]
    assert (bins["model"], bins["stage"]) == ("insourcing", "transition")
    assert [a["code"] for a in bins["areas"]] == ["waste_collection"]
    assert by_id["fife-roads"]["stage"] == "procurement"
    assert by_id["camden-bins"]["timeline"] == "2019"


def test_a_plan_that_says_nothing_gets_nulls_not_guesses(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, results, _ = invoke(write(tmp_path, good_lines()), capsys)
    hello = next(r for r in results if r["id"] == "hello")
    assert hello == {"id": "hello", "areas": [], "model": None, "stage": None, "timeline": None}


def test_bad_lines_are_named_and_the_rest_still_read(
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
    assert "notalone understand:" in err
    assert "line 2: not valid JSON" in err
    assert 'line 3: missing field "text"' in err
    assert 'line 4: field "id" must be a string, got a number' in err
    assert "line 5: expected a JSON object, got a list" in err
    assert 'line 6: duplicate id "camden-leisure" (first used on line 1)' in err
    assert err.count("\n") == 5


def test_a_missing_file_is_a_clear_error_and_nothing_is_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, results, err = invoke(tmp_path / "nowhere.jsonl", capsys)
    assert code == 2
    assert results == []
    assert "notalone understand: no such file" in err and "nowhere.jsonl" in err


def test_a_file_that_is_not_text_is_a_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "plans.jsonl"
    path.write_bytes(b"\xff\xfe\x00binary")
    code, results, err = invoke(path, capsys)
    assert code == 2
    assert results == []
    assert "notalone understand: cannot read" in err


def test_blank_lines_are_ignored(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lines = good_lines()
    lines.insert(2, "   ")
    code, results, err = invoke(write(tmp_path, lines), capsys)
    assert code == 0 and err == ""
    assert len(results) == len(PLANS)


def test_the_notalone_command_runs_it(tmp_path: Path) -> None:
    shown = notalone("understand", "--plans", str(write(tmp_path, good_lines()[:2])), env=environment())
    assert shown.returncode == 0, shown.stderr
    assert [json.loads(line)["id"] for line in shown.stdout.splitlines()] == ["camden-leisure", "leeds-bins"]
