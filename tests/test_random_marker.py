"""Every Hypothesis test is marked `random_data`, so scripts/random_tests_loop.py runs it 200 times too."""

from __future__ import annotations

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parent


def draws_examples(test: ast.FunctionDef) -> bool:
    """Given examples by Hypothesis: decorated with @given, or running a state machine or an inner @given."""
    for node in ast.walk(test):
        if isinstance(node, ast.FunctionDef):
            for decorator in node.decorator_list:
                call = decorator.func if isinstance(decorator, ast.Call) else decorator
                if isinstance(call, ast.Name) and call.id == "given":
                    return True
        called = node.func if isinstance(node, ast.Call) else None
        if isinstance(called, ast.Name) and called.id == "run_state_machine_as_test":
            return True
    return False


def marked(test: ast.FunctionDef) -> bool:
    return any(ast.unparse(decorator) == "pytest.mark.random_data" for decorator in test.decorator_list)


def unmarked_hypothesis_tests() -> list[str]:
    found = []
    for path in sorted(TESTS.rglob("test_*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        tests = [
            node for node in tree.body if isinstance(node, ast.FunctionDef) and node.name.startswith("test_")
        ]
        found += [
            f"{path.relative_to(TESTS.parent)}::{t.name}"
            for t in tests
            if draws_examples(t) and not marked(t)
        ]
    return found


def test_every_hypothesis_test_is_marked_random_data() -> None:
    assert unmarked_hypothesis_tests() == []


def test_an_unmarked_hypothesis_test_is_found() -> None:
    source = "@settings(max_examples=5)\n@given(st.text())\ndef test_x(text):\n    pass\n"
    [test] = ast.parse(source).body
    assert isinstance(test, ast.FunctionDef) and draws_examples(test) and not marked(test)
    inner = "def test_y():\n    @given(st.text())\n    def run(t):\n        pass\n    run()\n"
    [test] = ast.parse(inner).body
    assert isinstance(test, ast.FunctionDef) and draws_examples(test)
