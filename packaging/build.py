"""Build the standalone Séance folder with PyInstaller: a program that starts without any
Python installed on the machine (the secretary's laptop).

From the repository root, after ``pip install -e ".[dev]"`` (README « Version autonome »):

    .venv/bin/python packaging/build.py [--dist DIR] [--check]

It writes ``DIR/seance/`` (default ``dist/seance/``): the executable ``seance`` (``seance.exe``
on Windows), and beside it ``_internal/`` with the Python runtime, Qt, reportlab and the
``resources`` package (fonts, demo, ACTES nomenclature, SCDL schema, icon). Copy the whole
folder; start the executable. The same command on a Windows machine builds the Windows
folder (PyInstaller does not cross-compile): see docs/performance.md « Standalone folder ».

``--check`` then runs the built program as a user would, from a folder outside the
repository with a bare environment: ``seance --help``, ``seance export`` on the demo
(PDFs and SCDL CSV), and the interface started offscreen on a fresh database; it prints
the folder's size and the times measured, and fails if anything goes wrong.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NAME = "seance"
# Qt modules Séance never imports: kept out of the folder (size, start time).
EXCLUDED = ("tkinter", "PySide6.QtNetwork", "PySide6.QtQml", "PySide6.QtQuick", "PySide6.QtPdf")


def pyinstaller_args(dist: Path, work: Path) -> list[str]:
    icon = ROOT / "resources" / ("seance.ico" if sys.platform == "win32" else "seance.png")
    args = [
        str(ROOT / "main.py"),
        "--name",
        NAME,
        "--onedir",
        "--noconfirm",
        "--clean",
        "--log-level",
        "WARN",
        "--distpath",
        str(dist),
        "--workpath",
        str(work),
        "--specpath",
        str(work),
        "--paths",
        str(ROOT),
    ]
    for path in sorted((ROOT / "resources").rglob("*")):  # the data of the resources package
        if path.is_file() and path.suffix not in (".py", ".pyc"):
            target = path.parent.relative_to(ROOT).as_posix()
            args += ["--add-data", f"{path}{os.pathsep}{target}"]
    args += ["--hidden-import", "resources"]
    if sys.platform in ("win32", "darwin"):
        args += ["--icon", str(icon)]
        args.append("--windowed")  # no console window behind the interface
    for module in EXCLUDED:
        args += ["--exclude-module", module]
    return args


def build(dist: Path) -> Path:
    import PyInstaller.__main__

    work = Path(tempfile.mkdtemp(prefix="seance-pyinstaller-"))
    try:
        PyInstaller.__main__.run(pyinstaller_args(dist, work))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    folder = dist / NAME
    if not executable(folder).exists():
        raise SystemExit(f"PyInstaller n'a pas produit {executable(folder)}")
    return folder


def executable(folder: Path) -> Path:
    return folder / (NAME + (".exe" if sys.platform == "win32" else ""))


def folder_size_mb(folder: Path) -> float:
    files = (p for p in folder.rglob("*") if p.is_file() and not p.is_symlink())
    return round(sum(p.stat().st_size for p in files) / 2**20, 1)


def bare_env(home: Path) -> dict[str, str]:
    """No virtual environment, no PYTHONPATH, no Python on PATH: only the system's tools."""
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(home),
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_RUNTIME_DIR": str(home / "runtime"),
        "QT_QPA_PLATFORM": "offscreen",
        "LANG": os.environ.get("LANG", "C.UTF-8"),
    }
    (home / "runtime").mkdir(parents=True, exist_ok=True, mode=0o700)
    return env


def check(folder: Path, workdir: Path) -> dict[str, object]:
    """Run the standalone folder's program as a user would; figures, or SystemExit."""
    demo = folder / "_internal" / "resources" / "demo" / "demo.json"
    figures: dict[str, object] = {"folder": str(folder), "size_mb": folder_size_mb(folder)}
    figures.update(check_program(executable(folder), demo, workdir))
    return figures


def check_program(exe: Path, demo: Path, workdir: Path) -> dict[str, object]:
    """Run an installed ``seance`` (standalone folder, or a virtual environment's script) from
    ``workdir``, with a bare environment: ``--help``, ``export`` of the demo into
    ``workdir/documents``, then the interface (offscreen) on a fresh default database, which
    must import the demo and keep running. Return the figures; raise SystemExit on failure."""
    figures: dict[str, object] = {}
    env = bare_env(workdir / "home")

    def run(*args: str, timeout: float = 180) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(exe), *args],
            cwd=workdir,
            env=env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )

    started = time.perf_counter()
    done = run("--help")
    figures["help_s"] = round(time.perf_counter() - started, 2)
    if done.returncode != 0 or "seance" not in done.stdout:
        raise SystemExit(f"seance --help a échoué :\n{done.stdout}\n{done.stderr}")

    out = workdir / "documents"
    started = time.perf_counter()
    done = run("export", str(demo), "--out", str(out))
    figures["export_demo_s"] = round(time.perf_counter() - started, 2)
    written = sorted(p.name for p in out.iterdir()) if out.exists() else []
    if done.returncode != 0 or not any(n.endswith(".pdf") for n in written):
        raise SystemExit(f"seance export a échoué :\n{done.stdout}\n{done.stderr}")
    figures["documents"] = written

    started = time.perf_counter()
    gui = subprocess.Popen(
        [str(exe)],
        cwd=workdir,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    db = workdir / "home" / "data" / NAME / "seance.sqlite"  # platformdirs, XDG_DATA_HOME
    while time.perf_counter() - started < 60 and gui.poll() is None and not db.exists():
        time.sleep(0.05)
    figures["gui_database_created_s"] = round(time.perf_counter() - started, 2)
    time.sleep(3)  # the demo imported, the window up: it must still be running
    alive = gui.poll() is None
    gui.terminate()
    stdout, stderr = gui.communicate(timeout=30)
    if not alive or not db.exists() or "Traceback" in stderr:
        raise SystemExit(f"l'interface ne tient pas (code {gui.returncode}) :\n{stdout}\n{stderr}")
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Construire la version autonome de Séance.")
    parser.add_argument("--dist", default=str(ROOT / "dist"), help="dossier de sortie")
    parser.add_argument(
        "--check", action="store_true", help="lancer le programme construit (export, interface)"
    )
    args = parser.parse_args(argv)
    started = time.perf_counter()
    folder = build(Path(args.dist).resolve())
    print(f"construit : {folder} en {time.perf_counter() - started:.0f} s", file=sys.stderr)
    if args.check and sys.platform != "linux":
        print("--check ne tourne que sous Linux (environnement nu, interface hors écran).")
    elif args.check:
        with tempfile.TemporaryDirectory(prefix="seance-standalone-") as tmp:
            print(json.dumps(check(folder, Path(tmp)), ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
