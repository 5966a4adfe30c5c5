"""Reads go through selectors: the API and the admin never query models themselves, and
one app reads another's data only through that app's services and selectors.

Plain AST checks over the source, so a new resolver or admin view that reaches for
`Model.objects` or another app's models fails here before review.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOMAIN_APPS = ("club", "content", "service")
# The API layer and the admin views: thin, they call services and selectors only.
THIN_LAYERS = [
    ROOT / "portal" / "graphql",
    ROOT / "club" / "admin_ui",
    ROOT / "club" / "wagtail_hooks.py",
    ROOT / "service" / "admin",
    ROOT / "service" / "wagtail_hooks.py",
    ROOT / "events" / "admin_ui",
    ROOT / "events" / "wagtail_hooks.py",
    ROOT / "newsletters" / "admin_views.py",
    ROOT / "newsletters" / "views.py",
    ROOT / "notifications" / "wagtail_hooks.py",
]


def python_files(*roots: Path) -> list[Path]:
    files: list[Path] = []
    for root in roots:
        files.extend([root] if root.is_file() else sorted(root.rglob("*.py")))
    return [f for f in files if "migrations" not in f.parts]


def parse(path: Path) -> ast.AST:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def where(path: Path, node: ast.AST) -> str:
    return f"{path.relative_to(ROOT)}:{node.lineno}"


def test_the_api_and_admin_views_never_query_models_directly():
    offenders = [
        where(path, node)
        for path in python_files(*THIN_LAYERS)
        for node in ast.walk(parse(path))
        if isinstance(node, ast.Attribute) and node.attr in ("objects", "_default_manager")
    ]
    assert offenders == [], "call a selector or service instead: " + ", ".join(offenders)


def test_no_code_reads_djangos_private_prefetch_cache():
    offenders = [
        where(path, node)
        for path in python_files(*(ROOT / name for name in (*DOMAIN_APPS, "portal", "core")))
        for node in ast.walk(parse(path))
        if isinstance(node, ast.Constant | ast.Attribute)
        and "_prefetched_objects_cache" in str(getattr(node, "value", getattr(node, "attr", "")))
    ]
    assert offenders == []


def imported_modules(tree: ast.AST):
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node, alias.name
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            yield node, node.module
            for alias in node.names:
                yield node, f"{node.module}.{alias.name}"


def test_apps_read_each_other_only_through_services_and_selectors():
    """Model classes for foreign keys are allowed inside an app's own `models` package."""
    offenders = []
    for app in DOMAIN_APPS:
        app_dir = ROOT / app
        if not app_dir.exists():
            continue
        for path in python_files(app_dir):
            in_models = "models" in path.relative_to(app_dir).parts or path.stem == "models"
            for node, module in imported_modules(parse(path)):
                other, *rest = module.split(".")
                foreign_models = other in DOMAIN_APPS and other != app and rest[:1] == ["models"]
                if foreign_models and not in_models:
                    offenders.append(f"{where(path, node)} imports {module}")
    assert offenders == [], ", ".join(offenders)


def test_the_checks_above_can_fail():
    """Each rule catches the pattern it forbids (so a green run means something)."""
    query = ast.parse("Member.objects.filter(pk=1)")
    assert any(isinstance(n, ast.Attribute) and n.attr == "objects" for n in ast.walk(query))
    imports = list(imported_modules(ast.parse("from content.models import ProjectPage")))
    assert "content.models" in [module for _node, module in imports]
