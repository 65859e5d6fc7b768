"""The doors between apps: no app but assessments imports from assessments anything but its published read door
(`assessments.selectors.published`) and its services (`assessments.services`), nor names its models.

Every .py file of the project is read as a syntax tree, except the tests and the benchmarks (harnesses that build
assessments data and time its internals directly) and the migrations (which name models by string anyway).
"""

import ast
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
SKIPPED_DIRS = {".venv", "tests", "bench", "migrations", "var", "static", "staticfiles", "locale", "node_modules"}
ALLOWED_MODULES = ("assessments.selectors.published", "assessments.services")


def _allowed(module: str) -> bool:
    return module in ALLOWED_MODULES


def boundary_violations(source: str, path: str = "<source>") -> list[str]:
    """Where `source` reaches into assessments past its doors: "path:line: what"."""
    found = []
    for node in ast.walk(ast.parse(source, filename=path)):
        if isinstance(node, ast.Import):
            for alias in node.names:
                name = alias.name
                if (name == "assessments" or name.startswith("assessments.")) and not _allowed(name):
                    found.append(f"{path}:{node.lineno}: import {name}")
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            module = node.module
            if module == "assessments":
                for alias in node.names:
                    if alias.name != "services":
                        found.append(f"{path}:{node.lineno}: from assessments import {alias.name}")
            elif module == "assessments.selectors":
                for alias in node.names:
                    if alias.name != "published":
                        found.append(f"{path}:{node.lineno}: from assessments.selectors import {alias.name}")
            elif module.startswith("assessments.") and not _allowed(module):
                found.append(f"{path}:{node.lineno}: from {module} import …")
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and "assessments.models" in node.value:
            found.append(f"{path}:{node.lineno}: names assessments.models")
    return found


def _project_files():
    for path in sorted(ROOT.rglob("*.py")):
        relative = path.relative_to(ROOT)
        if relative.parts[0] == "assessments" or SKIPPED_DIRS & set(relative.parts):
            continue
        yield relative


def test_the_checker_sees_each_way_past_the_doors():
    # given code that reaches into assessments in every way the rule forbids, and code that uses the doors
    forbidden = "\n".join(
        [
            "import assessments.models",
            "from assessments import models",
            "from assessments.models import Result",
            "from assessments.selectors import scores",
            "from assessments.selectors.scores import score_list",
            "from assessments.services.schemes import scheme_create",
            "from assessments.results.workflow import final_results",
            "from assessments.api.base import Staff",
            "NAME = 'assessments.models.Result'",
        ]
    )
    allowed = "\n".join(
        [
            "from assessments.selectors import published",
            "from assessments.selectors.published import final_results",
            "from assessments import services",
            "from assessments.services import entry_exempt",
            "import assessments.services",
            "FK = 'assessments.Publication'",
            "from .models import Local",
        ]
    )
    # then each forbidden line is reported once, and the allowed ones not at all
    assert len(boundary_violations(forbidden)) == 9
    assert boundary_violations(allowed) == []


def test_no_app_but_assessments_reaches_past_its_doors():
    files = list(_project_files())
    # the walk reads the other apps (not only this file's neighbours)
    assert {"demotion", "org", "common", "notices", "cadre_eval"} <= {f.parts[0] for f in files}
    violations = [v for f in files for v in boundary_violations((ROOT / f).read_text(encoding="utf-8"), str(f))]
    assert violations == []
