"""The outbox sits below the domain apps (DESIGN.md): they import it, it imports none of them."""

import ast
from pathlib import Path

import notifications

DOMAIN_APPS = {"beneficiaries", "requests_app", "complaints", "surveys", "reports"}


def imported_modules(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_no_module_of_the_notifications_app_imports_a_domain_app():
    package = Path(notifications.__file__).parent
    offenders = {
        f"{path.relative_to(package)}: {module}"
        for path in package.rglob("*.py")
        for module in imported_modules(path)
        if module.split(".")[0] in DOMAIN_APPS
    }

    assert offenders == set()
