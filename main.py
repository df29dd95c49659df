"""Séance — entry point: parses the command line and wires the objects (the only place
where the database, the services, the QApplication and the windows are built)."""

from __future__ import annotations

import argparse
import sys
from datetime import datetime
from pathlib import Path

from app import cli


def default_db_path() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir("seance", appauthor=False)) / "seance.sqlite"


def wall_clock() -> datetime:
    return datetime.now().replace(microsecond=0)


_ARGPARSE_FR = {
    "usage: ": "usage : ",
    "the following arguments are required: %s": "arguments obligatoires manquants : %s",
    "unrecognized arguments: %s": "arguments non reconnus : %s",
    "invalid choice: %(value)r (choose from %(choices)s)": (
        "choix invalide : %(value)r (possibles : %(choices)s)"
    ),
    "expected one argument": "une valeur est attendue",
    "expected at least one argument": "au moins une valeur est attendue",
    "show this help message and exit": "afficher cette aide et quitter",
    "positional arguments": "arguments",
    "options": "options",
    "%(prog)s: error: %(message)s\n": "%(prog)s : erreur : %(message)s\n",
    "argument %(argument_name)s: %(message)s": "argument %(argument_name)s : %(message)s",
    "invalid %(type)s value: %(value)r": "valeur invalide : %(value)r (un nombre est attendu)",
}


def _french(message: str) -> str:
    return _ARGPARSE_FR.get(message, message)


def build_parser() -> argparse.ArgumentParser:
    argparse._ = _french  # type: ignore[attr-defined]  # argparse speaks French here
    parser = argparse.ArgumentParser(
        prog="seance", description="Séance : le poste du secrétaire de séance."
    )
    parser.add_argument("--db", help="fichier de base de données (défaut : dossier utilisateur)")
    sub = parser.add_subparsers(dest="command")
    p = sub.add_parser("import", help="importer une séance au format seance/1")
    p.add_argument("file", metavar="FICHIER")
    p.add_argument("--db", required=True, dest="db_cmd", metavar="FICHIER")
    for name, helptext in (
        ("export", "exporter les documents d'une séance"),
        ("summary", "résumé JSON d'une séance"),
    ):
        p = sub.add_parser(name, help=helptext)
        p.add_argument("file", nargs="?", metavar="FICHIER")
        p.add_argument("--db", dest="db_cmd", metavar="FICHIER")
        p.add_argument("--session")
        if name == "export":
            p.add_argument("--out", required=True)
            p.add_argument("--only", nargs="+", choices=cli.EXPORT_KINDS, metavar="KIND")
            p.add_argument("--strict", action="store_true")
    p = sub.add_parser("roster-import", help="importer une liste de membres (CSV ou RNE)")
    p.add_argument("file", metavar="FICHIER")
    p.add_argument("--db", required=True, dest="db_cmd", metavar="FICHIER")
    p.add_argument("--assembly")
    p.add_argument("--commune", help="code INSEE de la commune (fichier RNE national)")
    p.add_argument("--epci", help="SIREN de l'EPCI (fichier RNE national)")
    p = sub.add_parser("roster", help="la liste des membres en CSV")
    p.add_argument("--db", required=True, dest="db_cmd", metavar="FICHIER")
    p.add_argument("--assembly")
    p = sub.add_parser("verify", help="vérifier l'intégrité du journal")
    p.add_argument("--db", required=True, dest="db_cmd", metavar="FICHIER")
    p.add_argument("--session", help="ne vérifier que cette séance")
    p.add_argument(
        "--fingerprint",
        metavar="EMPREINTE",
        help="l'empreinte imprimée au bas d'un procès-verbal : le journal doit y correspondre",
    )
    p = sub.add_parser("correct", help="annuler un événement fautif par une correction")
    p.add_argument("--db", required=True, dest="db_cmd", metavar="FICHIER")
    p.add_argument("--session")
    p.add_argument("--event", required=True, type=int, help="indice de l'événement à annuler")
    p.add_argument("--reason", default="", help="motif de la correction")
    p = sub.add_parser("backup", help="enregistrer une copie complète de la base")
    p.add_argument("--db", required=True, dest="db_cmd", metavar="FICHIER")
    p.add_argument("--out", required=True, help="fichier de la copie, ou dossier où la mettre")
    cli.add_acts_parsers(sub)  # transmit, ack, assiduite (issue #15)
    cli.add_after_parsers(sub)  # register, decision, pv, publish, deadlines (issue #14)
    for command in sub.choices.values():  # « --db FICHIER » in every usage line, not DB_CMD
        for action in command._actions:
            if action.dest == "db_cmd" and action.metavar is None:
                action.metavar = "FICHIER"
    return parser


def run_command(args: argparse.Namespace) -> int:
    out, err = sys.stdout, sys.stderr
    db = getattr(args, "db_cmd", None) or args.db
    if args.command == "import":
        return cli.guard(cli.cmd_import, args.file, db, out, err=err)
    if args.command == "summary":
        return cli.guard(cli.cmd_summary, args.file, db, args.session, out, err, err=err)
    if args.command == "export":
        return cli.guard(
            cli.cmd_export,
            args.file,
            db,
            args.session,
            args.out,
            args.only,
            args.strict,
            out,
            err,
            err=err,
        )
    if args.command == "roster-import":
        return cli.guard(
            cli.cmd_roster_import,
            args.file,
            db,
            args.assembly,
            args.commune,
            args.epci,
            out,
            err,
            err=err,
        )
    if args.command == "roster":
        return cli.guard(cli.cmd_roster, db, args.assembly, out, err=err)
    if args.command == "verify":
        return cli.guard(cli.cmd_verify, db, out, err, args.session, args.fingerprint, err=err)
    if args.command == "correct":
        return cli.guard(
            cli.cmd_correct, db, args.session, args.event, args.reason, out, err, err=err
        )
    if args.command == "backup":
        return cli.guard(cli.cmd_backup, db, args.out, out, err, err=err)
    acts = cli.run_acts_command(args, db, out, err)
    if acts is not None:
        return acts
    after = cli.run_after_command(args, db, out, err)
    if after is not None:
        return after
    raise AssertionError(args.command)


def run_gui(db: Path, *, demo: bool) -> int:
    from ui.application import run

    return run(db, wall_clock, demo=demo)


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command:
        return run_command(args)
    if args.db:
        return run_gui(Path(args.db), demo=False)
    return run_gui(default_db_path(), demo=True)  # first start: a demo to see something real


if __name__ == "__main__":
    sys.exit(main())
