"""Rules decide, services write: `content/rules.py` answers questions and writes nothing."""

from __future__ import annotations

import ast
from pathlib import Path

RULES = Path(__file__).resolve().parent.parent / "content" / "rules.py"
WRITES = {"create", "delete", "save", "update", "bulk_create", "get_or_create", "update_or_create"}


def test_the_content_rules_never_write():
    tree = ast.parse(RULES.read_text())
    calls = {
        node.func.attr
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
    }
    assert calls & WRITES == set()


def test_the_content_rules_import_no_content_model_at_run_time():
    tree = ast.parse(RULES.read_text())
    imported = {
        node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module
    }
    guarded = {
        node.module
        for stmt in tree.body
        if isinstance(stmt, ast.If) and "TYPE_CHECKING" in ast.unparse(stmt.test)
        for node in ast.walk(stmt)
        if isinstance(node, ast.ImportFrom)
    }
    assert not {m for m in imported - guarded if m.startswith("content.models")}
