"""The package layout: the product (`pipeline/`) never imports the tooling (`tools/`)."""

from __future__ import annotations

import ast
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def imported_modules(source: Path) -> set[str]:
    """The absolute module names a source file imports, wherever the import statement sits."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"), filename=str(source))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
    return names


def test_imported_modules_sees_nested_and_from_imports(tmp_path: Path) -> None:
    source = tmp_path / "m.py"
    source.write_text("import os\ndef f():\n    from tools.synth import mail\n"
                      "    import tools\nfrom . import x\n", encoding="utf-8")
    assert imported_modules(source) == {"os", "tools.synth", "tools"}


def test_no_product_module_imports_tools() -> None:
    sources = sorted((REPO / "pipeline").rglob("*.py"))
    assert len(sources) > 20
    offenders = [
        f"{source.relative_to(REPO)}: {name}"
        for source in sources
        for name in sorted(imported_modules(source))
        if name == "tools" or name.startswith("tools.")
    ]
    assert offenders == []


def test_tooling_lives_outside_the_product_package() -> None:
    for moved in ("synth", "evaluate.py", "bench.py", "bench_match.py", "demo.py"):
        assert not (REPO / "pipeline" / moved).exists(), moved
        assert (REPO / "tools" / moved).exists(), moved
