"""Project-level guarantees: layering and the README's contract."""

from __future__ import annotations

import ast
import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_app_never_imports_qt_or_ui():
    offenders = []
    for path in (ROOT / "app").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            for name in names:
                root = name.split(".")[0]
                if root in ("PySide6", "shiboken6", "ui"):
                    offenders.append(f"{path.relative_to(ROOT)}: {name}")
    assert offenders == []


def test_readme_has_exactly_two_commands_and_ci_runs_the_test_one():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index("## Démarrer")
    section = readme[start : readme.index("\n## ", start + 1)]
    commands = re.findall(r"```sh\n(.+?)\n```", section)
    assert len(commands) == 2
    install_run, tests = commands
    assert "seance" in install_run and "pytest" in tests
    assert tests in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


# --------------------------------------------------------------------------- docs/FORMAT.md

FORMAT_MD = ROOT / "docs" / "FORMAT.md"


def _named_in_format(names: set[str]) -> list[str]:
    text = FORMAT_MD.read_text(encoding="utf-8")
    return sorted(n for n in names if f"`{n}`" not in text)


def _function(path: Path, name: str) -> ast.FunctionDef:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef) and n.name == name]
    assert len(found) == 1, name
    return found[0]


def _keys_read_from(func: ast.AST, source: str) -> set[str]:
    """String keys the function reads from the dict named ``source``: ``source.get("k")``,
    ``source["k"]`` and helper calls ``f(source, "k")``."""
    keys = set()
    for node in ast.walk(func):
        if isinstance(node, ast.Call):
            args = node.args
            fn = node.func
            if isinstance(fn, ast.Name) and fn.id in ("read_object", "_object"):
                continue  # read_object(data, "séance"): a label for messages, not a key
            if (
                isinstance(fn, ast.Attribute)
                and fn.attr == "get"
                and isinstance(fn.value, ast.Name)
                and fn.value.id == source
            ):
                args = [fn.value, *args]
            for a, b in zip(args, args[1:], strict=False):
                if isinstance(a, ast.Name) and a.id == source and isinstance(b, ast.Constant):
                    keys.add(b.value)
        elif (
            isinstance(node, ast.Subscript)
            and isinstance(node.value, ast.Name)
            and node.value.id == source
            and isinstance(node.slice, ast.Constant)
        ):
            keys.add(node.slice.value)
    return {k for k in keys if isinstance(k, str)}


def _module(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"))


DOMAIN = ROOT / "app" / "domain"
READERS = (  # where the file is read: events' codecs, the constitution, the interchange
    DOMAIN / "events.py",
    DOMAIN / "constitution.py",
    ROOT / "app" / "services" / "interchange.py",
)


def test_every_event_type_and_field_is_named_in_format_md():
    from app.domain.events import EVENT_TYPES, Ballot, Choice, ClosedStatus, RecusalKind

    events = _module(DOMAIN / "events.py")
    fields = _keys_read_from(events, "data") | _keys_read_from(events, "d")
    assert {"type", "member", "for", "from", "to", "kind", "round", "votes", "event"} <= fields
    values = {v.value for enum in (Ballot, Choice, ClosedStatus, RecusalKind) for v in enum}
    assert "information" in values and "l1111_6" in values
    assert _named_in_format(set(EVENT_TYPES) | fields | values) == []


def test_every_summary_key_and_status_is_named_in_format_md():
    from app.domain.state import ItemStatus

    func = _function(ROOT / "app" / "services" / "interchange.py", "summary")
    keys: set[str] = set()
    for node in ast.walk(func):
        if isinstance(node, ast.Dict):
            keys |= {k.value for k in node.keys if isinstance(k, ast.Constant)}
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            if node.func.attr == "update":
                keys |= {kw.arg for kw in node.keywords if kw.arg}
        elif isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Constant):
            keys.add(node.slice.value)
    keys = {k for k in keys if isinstance(k, str)}
    assert {"election", "rounds", "elected", "second_convocation", "choices", "blank"} <= keys
    assert _named_in_format(keys | {s.value for s in ItemStatus}) == []


def test_every_input_field_of_the_file_is_named_in_format_md():
    from app.domain.assembly import AssemblyKind, Majority
    from app.domain.rules import RECUSED_OUT_OF_QUORUM, Rules

    names = set(RECUSED_OUT_OF_QUORUM) | set(Rules.__dataclass_fields__)
    names |= {k.value for k in AssemblyKind} | {m.value for m in Majority}
    for path in READERS:
        module = _module(path)
        for source in ("obj", "t", "f", "raw_item", "data", "d"):
            names |= _keys_read_from(module, source)
        names |= {  # the item reader's helpers: text("title"), texts("visas")
            n.args[0].value
            for n in ast.walk(module)
            if isinstance(n, ast.Call)
            and isinstance(n.func, ast.Name)
            and n.func.id in ("text", "texts")
            and n.args
            and isinstance(n.args[0], ast.Constant)
            and isinstance(n.args[0].value, str)
        }
    assert {"ended_on", "started_on", "birth_date", "substitute_for", "majority"} <= names
    assert {"visas", "sent_on", "annex_files", "content_base64", "path"} <= names
    assert _named_in_format(names) == []


# --------------------------------------------------------------------------- self-contained

TEXT_SUFFIXES = {".py", ".md", ".toml", ".txt", ".json", ".csv", ".cfg", ".ini", ".desktop"}
TEXT_SUFFIXES |= {".svg", ".yml", ".yaml", ".sh", ".spec", ""}
SKIPPED_DIRS = {".git", ".venv", "dist", "build", "__pycache__", ".hypothesis"}
MACHINE_PATH = re.compile(
    r"(?<![\w.])(/work/|/home/\w|/Users/\w|/root/|/tmp/seance|[A-Za-z]:\\\\?Users\\)"
)
OUTSIDE = re.compile(r"\.\./shared|shared/(docs|data)/")
SCANNER = Path(__file__).resolve()
MD_REFERENCE = re.compile(r"(?<![\w/.-])((?:[\w.-]+/)*[A-Z][A-Z_]*\.md)\b")


def repository_files() -> list[Path]:
    """The tracked files (git), or the tree without environments and caches."""
    try:
        listed = subprocess.run(
            ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True, timeout=60
        ).stdout.decode("utf-8")
        paths = [ROOT / p for p in listed.split("\0") if p]
    except (OSError, subprocess.SubprocessError):
        paths = [p for p in ROOT.rglob("*") if p.is_file()]
    return [
        p
        for p in paths
        if p.is_file()
        and p != SCANNER  # this file spells the patterns out
        and not SKIPPED_DIRS & set(p.relative_to(ROOT).parts)
        and not p.name.endswith(".egg-info")
        and p.suffix in TEXT_SUFFIXES
    ]


def _texts() -> list[tuple[Path, str]]:
    out = []
    for path in repository_files():
        try:
            out.append((path, path.read_text(encoding="utf-8")))
        except UnicodeDecodeError:
            continue
    assert len(out) > 50
    return out


def test_no_absolute_machine_path_nor_reference_outside_the_repository():
    offenders = []
    for path, text in _texts():
        for n, line in enumerate(text.splitlines(), 1):
            if MACHINE_PATH.search(line) or OUTSIDE.search(line):
                offenders.append(f"{path.relative_to(ROOT)}:{n}: {line.strip()[:120]}")
    assert offenders == []


def test_every_markdown_file_named_is_in_the_repository():
    """« FORMAT.md » alone named a file outside the repository; ``docs/FORMAT.md`` is here."""
    offenders = []
    for path, text in _texts():
        for match in MD_REFERENCE.finditer(text):
            name = match.group(1)
            if not ((ROOT / name).is_file() or (path.parent / name).is_file()):
                offenders.append(f"{path.relative_to(ROOT)}: {name}")
    assert offenders == []


def test_the_scan_catches_what_it_looks_for():
    assert MACHINE_PATH.search('p = Path("' + "/".join(("", "work", "shared", "x.csv")) + '")')
    assert MACHINE_PATH.search("see /home/anne/seance")
    assert OUTSIDE.search("voir " + "/".join(("..", "shared", "docs", "UI.md")))
    assert not MACHINE_PATH.search("https://example.org/work/x and tests/work/")
    assert [m.group(1) for m in MD_REFERENCE.finditer("see FORMAT.md and docs/RULES.md")] == [
        "FORMAT.md",
        "docs/RULES.md",
    ]
