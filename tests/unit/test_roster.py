"""The roster importer: plain CSV and RNE files, rejected lines, round trip."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.domain.errors import InputError
from app.domain.members import Member
from app.services.roster import (
    PLAIN_COLUMNS,
    Collectivity,
    NoUsableLineError,
    RosterFile,
    RosterKind,
    RosterParse,
    parse_date,
    parse_roster,
    peek_roster,
    rne_collectivities,
    roster_to_csv,
)

DATA = Path(__file__).resolve().parents[1] / "data"

CM_HEADER = (
    "Code du département;Libellé du département;Code de la collectivité à statut particulier;"
    "Libellé de la collectivité à statut particulier;Code de la commune;Libellé de la commune;"
    "Nom de l'élu;Prénom de l'élu;Code sexe;Date de naissance;"
    "Code de la catégorie socio-professionnelle;Libellé de la catégorie socio-professionnelle;"
    "Date de début du mandat;Libellé de la fonction;Date de début de la fonction;"
    "Code nationalité"
)
EPCI_HEADER = (
    "Code du département;Libellé du département;Code de la collectivité à statut particulier;"
    "Libellé de la collectivité à statut particulier;N° SIREN;Libellé de l'EPCI;"
    "Code de la commune de rattachement;Libellé de la commune de rattachement;"
    "Nom de l'élu;Prénom de l'élu;Code sexe;Date de naissance;"
    "Code de la catégorie socio-professionnelle;Libellé de la catégorie socio-professionnelle;"
    "Date de début du mandat;Libellé de la fonction;Date de début de la fonction;"
    "Code nationalité"
)


def lines(*rows: str, encoding: str = "utf-8") -> bytes:
    return ("\n".join(rows) + "\n").encode(encoding)


def cm_row(
    code: str, name: str, last: str, first: str, sex: str, born: str, function: str = ""
) -> str:
    return (
        f"01;Ain;;;{code};{name};{last};{first};{sex};{born};38;Cadres;23/05/2020;"
        f"{function};{'23/05/2020' if function else ''};FRA"
    )


def names(members: tuple[Member, ...]) -> list[str]:
    return [m.last_name for m in members]


def message(excinfo: pytest.ExceptionInfo[InputError]) -> str:
    return excinfo.value.message


# --------------------------------------------------------------------------- plain CSV


def test_plain_sample_file_gives_members_in_order_and_rejects_the_bad_line() -> None:
    parsed = parse_roster((DATA / "roster-plain.csv").read_bytes())

    assert parsed.kind is RosterKind.PLAIN
    assert names(parsed.members) == ["MARTIN", "DURAND", "LEFÈVRE", "NGUYEN", "GARNIER", "BONNET"]
    assert [m.id for m in parsed.members] == ["m1", "m2", "m3", "m4", "m5", "m6"]
    martin = parsed.members[0]
    assert (
        martin.civility,
        martin.first_name,
        martin.group,
        martin.function,
        martin.weight,
        martin.birth_date,
    ) == ("Mme", "Anne", "Majorité", "Maire", 1, date(1961, 4, 2))
    assert parsed.members[1].birth_date == date(1958, 11, 23)
    assert parsed.members[5].substitute_for == "m1"
    assert [(r.line, r.text) for r in parsed.rejected] == [
        (6, "Mme,ROUSSEAU,Chloé,Opposition,,deux,,")
    ]
    assert "poids" in parsed.rejected[0].reason


def test_minimal_header_weight_defaults_to_one() -> None:
    parsed = parse_roster(lines("civilite,nom,prenom,groupe,fonction", "M.,DURAND,Paul,,"))
    assert parsed.members == (
        Member(id="m1", last_name="DURAND", first_name="Paul", civility="M.", weight=1),
    )


def test_header_matching_ignores_case_accents_and_order() -> None:
    data = lines(
        "Prénom;NOM;Civilité;Date de naissance;Poids;GROUPE;Fonction",
        "Élodie;LEFÈVRE;madame;14/07/1975;2;Saint-Exemple;Déléguée",
    )
    member = parse_roster(data).members[0]
    assert (
        member.last_name,
        member.first_name,
        member.civility,
        member.weight,
        member.group,
        member.function,
        member.birth_date,
    ) == ("LEFÈVRE", "Élodie", "Mme", 2, "Saint-Exemple", "Déléguée", date(1975, 7, 14))


@pytest.mark.parametrize(
    ("written", "civility"),
    [
        ("M.", "M."),
        ("M", "M."),
        ("m", "M."),
        ("Mr", "M."),
        ("Monsieur", "M."),
        ("Mme", "Mme"),
        ("MME", "Mme"),
        ("Mme.", "Mme"),
        ("Madame", "Mme"),
        ("Mlle", "Mme"),
        ("", ""),
    ],
)
def test_civility_is_normalised(written: str, civility: str) -> None:
    parsed = parse_roster(lines("civilite,nom", f"{written},DURAND"))
    assert parsed.members[0].civility == civility


def test_unknown_civility_rejects_the_line() -> None:
    parsed = parse_roster(lines("civilite,nom", "Dr,DURAND", "M.,MARTIN"))
    assert names(parsed.members) == ["MARTIN"]
    assert parsed.rejected[0].line == 2
    assert "civilité inconnue « Dr »" in parsed.rejected[0].reason


@pytest.mark.parametrize("weight", ["0", "-1", "1.5", "deux", "2 voix", "²", "+2"])
def test_bad_weight_rejects_the_line(weight: str) -> None:
    parsed = parse_roster(lines("civilite,nom,poids", "M.,DURAND,1", f"M.,MARTIN,{weight}"))
    assert names(parsed.members) == ["DURAND"]
    [rejected] = parsed.rejected
    assert rejected.line == 3
    assert rejected.reason.startswith(f"poids invalide « {weight} »")


def test_weights_are_kept_and_empty_weight_is_one() -> None:
    parsed = parse_roster(lines("nom,poids", "DURAND,3", "MARTIN,", "PETIT, 12 "))
    assert [m.weight for m in parsed.members] == [3, 1, 12]


def test_missing_name_rejects_the_line() -> None:
    parsed = parse_roster(lines("civilite,nom,prenom", "M.,DURAND,Paul", "Mme,  ,Anne"))
    assert [(r.line, r.reason) for r in parsed.rejected] == [(3, "nom manquant")]


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("02/04/1961", date(1961, 4, 2)),
        ("2/4/1961", date(1961, 4, 2)),
        ("1961-04-02", date(1961, 4, 2)),
        ("", None),
    ],
)
def test_birth_dates_in_both_styles(written: str, expected: date | None) -> None:
    parsed = parse_roster(lines("nom,date_naissance", f"MARTIN,{written}"))
    assert parsed.members[0].birth_date == expected


@pytest.mark.parametrize("written", ["31/02/1980", "1980/02/03", "02/04/61", "hier"])
def test_bad_birth_date_rejects_the_line(written: str) -> None:
    parsed = parse_roster(lines("nom,date_naissance", "DURAND,", f"MARTIN,{written}"))
    assert names(parsed.members) == ["DURAND"]
    assert parsed.rejected[0].line == 3
    assert parsed.rejected[0].reason.startswith(f"date de naissance invalide « {written} »")


def test_wrong_column_count_rejects_the_line_but_trailing_empty_fields_are_tolerated() -> None:
    data = lines(
        "civilite,nom,prenom",
        "M.,DURAND",  # too few
        "M.,MARTIN,Paul,en trop",  # too many
        "Mme,PETIT,Anne,,",  # a spreadsheet's trailing separators
        "Mme,ROBERT,Lucie",
    )
    parsed = parse_roster(data)
    assert names(parsed.members) == ["PETIT", "ROBERT"]
    assert [(r.line, r.reason) for r in parsed.rejected] == [
        (2, "nombre de colonnes incorrect : 2 au lieu de 3"),
        (3, "nombre de colonnes incorrect : 4 au lieu de 3"),
    ]
    assert parsed.rejected[1].text == "M.,MARTIN,Paul,en trop"


def test_blank_lines_are_skipped_and_line_numbers_count_them() -> None:
    parsed = parse_roster(lines("nom,poids", "", "DURAND,1", "   ", "MARTIN,x", ""))
    assert names(parsed.members) == ["DURAND"]
    assert [r.line for r in parsed.rejected] == [5]


def test_quoted_fields_with_separator_and_newline() -> None:
    data = lines(
        "nom,prenom,fonction,poids",
        '"DURAND, dit Paulo",Paul,"Adjoint',
        'aux finances",1',
        "MARTIN,Anne,,zéro",
    )
    parsed = parse_roster(data)
    assert parsed.members[0].last_name == "DURAND, dit Paulo"
    assert parsed.members[0].function == "Adjoint aux finances"  # spaces collapsed
    [rejected] = parsed.rejected
    assert (rejected.line, rejected.text) == (4, "MARTIN,Anne,,zéro")


def test_quoted_multiline_record_rejected_with_its_first_line_and_whole_text() -> None:
    parsed = parse_roster(lines("nom,fonction,poids", "MARTIN,,1", 'DURAND,"a', 'b",x'))
    [rejected] = parsed.rejected
    assert (rejected.line, rejected.text) == (3, 'DURAND,"a\nb",x')


def test_spaces_inside_fields_are_collapsed() -> None:
    member = parse_roster(lines("nom,prenom", "  DE   LA FONTAINE , Jean  ")).members[0]
    assert (member.last_name, member.first_name) == ("DE LA FONTAINE", "Jean")


def test_ids_follow_file_order_and_can_start_elsewhere() -> None:
    data = lines("nom,poids", "DURAND,1", "MARTIN,x", "PETIT,1")
    assert [m.id for m in parse_roster(data).members] == ["m1", "m2"]
    parsed = parse_roster(data, id_prefix="r", start=24)
    assert [m.id for m in parsed.members] == ["r24", "r25"]


def test_commune_option_is_ignored_for_a_plain_file() -> None:
    parsed = parse_roster(lines("nom", "DURAND"), commune="01999", epci="200099992")
    assert names(parsed.members) == ["DURAND"]


# --------------------------------------------------------------------------- suppléants


@pytest.mark.parametrize(
    "titular",
    [
        "MARTIN Anne",
        "MARTIN",
        "Anne MARTIN",
        "martin  anne",
        "Mme MARTIN Anne",
    ],
)
def test_titular_named_by_name_or_full_name(titular: str) -> None:
    data = lines(
        "civilite,nom,prenom,titulaire",
        "M.,DURAND,Paul,",
        "Mme,MARTIN,Anne,",
        f"M.,PETIT,Luc,{titular}",
    )
    parsed = parse_roster(data)
    assert parsed.members[2].substitute_for == "m2"
    assert parsed.members[2].is_substitute


def test_titular_is_found_without_accents_and_after_the_substitute() -> None:
    data = lines("nom,prenom,titulaire", "PETIT,Luc,lefevre elodie", "LEFÈVRE,Élodie,")
    parsed = parse_roster(data)
    assert [(m.id, m.substitute_for) for m in parsed.members] == [("m1", "m2"), ("m2", None)]


def test_substitute_of_an_unknown_titular_is_rejected() -> None:
    data = lines("nom,prenom,titulaire", "MARTIN,Anne,", "PETIT,Luc,DUPONT Jean")
    parsed = parse_roster(data)
    assert names(parsed.members) == ["MARTIN"]
    [rejected] = parsed.rejected
    assert rejected.line == 3
    assert "titulaire « DUPONT Jean » introuvable" in rejected.reason


def test_substitute_of_an_ambiguous_titular_is_rejected_naming_the_candidates() -> None:
    data = lines(
        "nom,prenom,titulaire",
        "MARTIN,Anne,",
        "MARTIN,Paul,",
        "PETIT,Luc,MARTIN",
        "ROBERT,Lucie,MARTIN Paul",
    )
    parsed = parse_roster(data)
    assert names(parsed.members) == ["MARTIN", "MARTIN", "ROBERT"]
    assert parsed.members[2].substitute_for == "m2"
    [rejected] = parsed.rejected
    assert rejected.line == 4
    assert "ambigu" in rejected.reason
    assert "MARTIN Anne (ligne 2)" in rejected.reason
    assert "MARTIN Paul (ligne 3)" in rejected.reason


def test_substitute_of_a_substitute_is_rejected() -> None:
    data = lines("nom,prenom,titulaire", "MARTIN,Anne,", "PETIT,Luc,MARTIN", "ROBERT,Lucie,PETIT")
    parsed = parse_roster(data)
    assert names(parsed.members) == ["MARTIN", "PETIT"]
    assert [r.line for r in parsed.rejected] == [4]


def test_ids_skip_rejected_substitutes_and_rejections_are_sorted_by_line() -> None:
    data = lines(
        "nom,prenom,titulaire,poids",
        "MARTIN,Anne,,1",
        "PETIT,Luc,INCONNU,1",
        "ROBERT,Lucie,,x",
        "DURAND,Paul,MARTIN,1",
    )
    parsed = parse_roster(data)
    assert [(m.id, m.last_name, m.substitute_for) for m in parsed.members] == [
        ("m1", "MARTIN", None),
        ("m2", "DURAND", "m1"),
    ]
    assert [r.line for r in parsed.rejected] == [3, 4]


# --------------------------------------------------------------------------- encodings, separators


def test_utf8_with_bom() -> None:
    data = b"\xef\xbb\xbf" + lines("civilite;nom;prenom", "Mme;LEFÈVRE;Élodie")
    member = parse_roster(data).members[0]
    assert (member.civility, member.last_name, member.first_name) == ("Mme", "LEFÈVRE", "Élodie")


def test_cp1252_file_with_semicolons_and_crlf() -> None:
    parsed = parse_roster((DATA / "roster-cp1252-semicolon.csv").read_bytes())
    assert [(m.last_name, m.first_name, m.weight) for m in parsed.members] == [
        ("LEFÈVRE", "Élodie", 3),
        ("FRANÇOIS", "Jérôme", 2),
    ]
    assert parsed.members[1].group == "Bourg-l'Exemple"


def test_cp1252_inline() -> None:
    data = lines("nom;prénom;fonction", "LEFÈVRE;Chloé;Conseillère déléguée", encoding="cp1252")
    assert data != lines("nom;prénom;fonction", "LEFÈVRE;Chloé;Conseillère déléguée")
    member = parse_roster(data).members[0]
    assert (member.last_name, member.first_name, member.function) == (
        "LEFÈVRE",
        "Chloé",
        "Conseillère déléguée",
    )


def test_utf16_from_a_spreadsheet() -> None:
    member = parse_roster("nom\tprénom\r\nLEFÈVRE\tÉlodie\r\n".encode("utf-16")).members[0]
    assert (member.last_name, member.first_name) == ("LEFÈVRE", "Élodie")


def test_old_mac_line_endings() -> None:
    parsed = parse_roster(b"nom,poids\rDURAND,1\rMARTIN,x\r")
    assert names(parsed.members) == ["DURAND"]
    assert parsed.rejected[0].line == 3


def test_excel_separator_line() -> None:
    parsed = parse_roster(lines("sep=;", "nom;prenom", "DURAND, MARTIN;Paul"))
    assert (parsed.members[0].last_name, parsed.members[0].first_name) == ("DURAND, MARTIN", "Paul")


def test_comma_separator_with_semicolons_inside_quotes() -> None:
    parsed = parse_roster(lines("nom,fonction", 'DURAND,"Adjoint; finances"'))
    assert parsed.members[0].function == "Adjoint; finances"


# --------------------------------------------------------------------------- refused files


@pytest.mark.parametrize("data", [b"", b"\n\n  \n", b"\xef\xbb\xbf"])
def test_empty_file_is_refused(data: bytes) -> None:
    with pytest.raises(InputError, match="vide"):
        parse_roster(data)


def test_header_missing_is_refused_saying_so() -> None:
    with pytest.raises(InputError) as excinfo:
        parse_roster(lines("Mme,MARTIN,Anne,,Maire,1", "M.,DURAND,Paul,,,1"))
    assert "En-tête manquant" in message(excinfo)
    assert "civilite,nom,prenom,groupe,fonction,poids" in message(excinfo)


def test_unknown_header_is_refused() -> None:
    with pytest.raises(InputError) as excinfo:
        parse_roster(lines("name,surname,weight", "Martin,Anne,1"))
    assert "En-tête inconnu" in message(excinfo)
    assert "« name,surname,weight »" in message(excinfo)


def test_unknown_column_is_ignored_and_named() -> None:
    # issue #12: « Téléphone » no longer refuses the file; the preview names what was skipped
    parsed = parse_roster(lines("civilite,nom,prenom,Téléphone,poid", "M.,DURAND,Paul,06,2"))
    assert [m.last_name for m in parsed.members] == ["DURAND"]
    assert parsed.members[0].weight == 1  # « poid » is not « poids »: skipped, not read
    assert parsed.ignored_columns == ("Téléphone", "poid")


def test_duplicate_column_is_refused() -> None:
    with pytest.raises(InputError, match="« nom » apparaît deux fois"):
        parse_roster(lines("nom,prenom,Nom", "A,B,C"))


def test_spreadsheet_file_is_refused_with_advice() -> None:
    with pytest.raises(InputError, match="CSV"):
        parse_roster(b"PK\x03\x04" + b"\x00" * 40)


def test_header_only_is_refused() -> None:
    with pytest.raises(NoUsableLineError, match="aucun membre") as excinfo:
        parse_roster(lines("civilite,nom,prenom"))
    assert excinfo.value.rejected == ()


def test_file_without_usable_line_is_refused_listing_the_rejections() -> None:
    with pytest.raises(NoUsableLineError) as excinfo:
        parse_roster(lines("nom,poids", "DURAND,0", ",1", "MARTIN,2,3"))
    error = excinfo.value
    assert isinstance(error, InputError)
    assert [r.line for r in error.rejected] == [2, 3, 4]
    assert "Ligne 2 : poids invalide « 0 »" in error.message
    assert "Ligne 3 : nom manquant" in error.message
    assert "Ligne 4 : nombre de colonnes incorrect" in error.message


# ------------------------------------------------------------- RNE, conseillers municipaux


def test_rne_cm_sample_filtered_on_one_commune() -> None:
    parsed = parse_roster((DATA / "rne-cm-sample.csv").read_bytes(), commune="02998")

    assert parsed.kind is RosterKind.RNE_CM
    assert (parsed.collectivity_code, parsed.collectivity_name) == ("02998", "Villers-l'Exemple")
    assert parsed.members == (
        Member(
            id="m1",
            last_name="BERNARD",
            first_name="Jean",
            civility="M.",
            function="Maire",
            birth_date=date(1950, 3, 1),
            started_on=date(2020, 5, 23),
        ),
        Member(
            id="m2",
            last_name="PETIT",
            first_name="Marie",
            civility="Mme",
            function="1er adjoint au Maire",
            birth_date=date(1968, 12, 12),
            started_on=date(2020, 5, 23),
        ),
        Member(
            id="m3",
            last_name="MOREAU",
            first_name="Luc",
            civility="M.",
            birth_date=date(1972, 6, 5),
            started_on=date(2020, 5, 23),
        ),
    )
    assert parsed.rejected == ()


def test_rne_multi_commune_file_without_option_is_refused_saying_how_to_choose() -> None:
    with pytest.raises(InputError) as excinfo:
        parse_roster((DATA / "rne-cm-sample.csv").read_bytes())
    text = message(excinfo)
    assert "plusieurs communes" in text
    assert "--commune CODE" in text
    assert "01999 Saint-Exemple-sur-Ain" in text
    assert "02998 Villers-l'Exemple" in text
    assert "2A997 Exemple-di-Corsica" in text


def test_rne_many_communes_are_listed_only_a_few() -> None:
    rows = [
        cm_row(f"01{n:03d}", f"Commune {n}", "NOM", "Prénom", "M", "01/01/1970")
        for n in range(1, 30)
    ]
    with pytest.raises(InputError) as excinfo:
        parse_roster(lines(CM_HEADER, *rows))
    assert "01001 Commune 1" in message(excinfo)
    assert "01029" not in message(excinfo)
    assert "…" in message(excinfo)


@pytest.mark.parametrize("code", ["01999", "1999", " 01999 "])
def test_rne_commune_code_without_its_leading_zero(code: str) -> None:
    parsed = parse_roster((DATA / "rne-cm-sample.csv").read_bytes(), commune=code)
    assert names(parsed.members) == ["MARTIN", "DURAND", "LEFÈVRE", "N'DIAYE", "ROUSSEAU"]
    assert parsed.collectivity_code == "01999"


def test_rne_file_whose_codes_lost_their_leading_zero() -> None:
    data = lines(
        CM_HEADER,
        cm_row("1999", "Saint-Exemple", "MARTIN", "Anne", "F", "02/04/1961"),
        cm_row("11999", "Autre", "DURAND", "Paul", "M", "02/04/1961"),
    )
    parsed = parse_roster(data, commune="01999")
    assert names(parsed.members) == ["MARTIN"]


def test_rne_corsican_code_any_case() -> None:
    parsed = parse_roster((DATA / "rne-cm-sample.csv").read_bytes(), commune="2a997")
    assert names(parsed.members) == ["CASANOVA", "SANTONI", "ALBERTINI"]


@pytest.mark.parametrize("code", ["Paris", "123456", "01 999x"])
def test_rne_invalid_commune_code_is_refused(code: str) -> None:
    with pytest.raises(InputError, match="Code commune invalide"):
        parse_roster((DATA / "rne-cm-sample.csv").read_bytes(), commune=code)


def test_rne_commune_absent_from_the_file_is_refused() -> None:
    with pytest.raises(InputError) as excinfo:
        parse_roster((DATA / "rne-cm-sample.csv").read_bytes(), commune="75056")
    assert "Aucun élu avec le code INSEE 75056" in message(excinfo)
    assert "01999 Saint-Exemple-sur-Ain, 02998 Villers-l'Exemple" in message(excinfo)


def test_rne_codes_written_in_lower_case_are_found() -> None:
    data = lines(
        CM_HEADER,
        cm_row("2a997", "Exemple", "CASANOVA", "Pierre", "M", "18/08/1966"),
        cm_row("2B997", "Autre", "SANTONI", "Maria", "F", "27/02/1979"),
    )
    assert names(parse_roster(data, commune="2A997").members) == ["CASANOVA"]


def test_rne_single_commune_file_needs_no_option() -> None:
    data = lines(
        CM_HEADER,
        cm_row("01999", "Saint-Exemple", "MARTIN", "Anne", "F", "02/04/1961", "Maire"),
        cm_row("01999", "Saint-Exemple", "DURAND", "Paul", "M", "23/11/1958"),
    )
    parsed = parse_roster(data)
    assert names(parsed.members) == ["MARTIN", "DURAND"]
    assert (parsed.collectivity_code, parsed.collectivity_name) == ("01999", "Saint-Exemple")


def test_rne_2026_iso_dates() -> None:
    data = lines(CM_HEADER, cm_row("01999", "Saint-Exemple", "MARTIN", "Anne", "F", "1961-04-02"))
    assert parse_roster(data).members[0].birth_date == date(1961, 4, 2)


def test_rne_columns_are_matched_by_name_not_position() -> None:
    reader = csv.reader(io.StringIO((DATA / "rne-cm-sample.csv").read_text("utf-8")), delimiter=";")
    table = [row[::-1] for row in reader]  # every column in reverse order
    data = "\n".join(";".join(row) for row in table).encode("utf-8")
    parsed = parse_roster(data, commune="01999")
    expected = parse_roster((DATA / "rne-cm-sample.csv").read_bytes(), commune="01999")
    assert parsed.members == expected.members
    assert parsed.members[0].function == "Maire"


def test_rne_quoted_file_reads_like_the_unquoted_one() -> None:
    plain_bytes = (DATA / "rne-cm-sample.csv").read_bytes()
    table = list(csv.reader(io.StringIO(plain_bytes.decode("utf-8")), delimiter=";"))
    out = io.StringIO()
    csv.writer(out, delimiter=";", quoting=csv.QUOTE_ALL, lineterminator="\r\n").writerows(table)
    quoted = out.getvalue().encode("utf-8")
    assert b'"' in quoted
    for code in ("01999", "2A997"):
        assert parse_roster(quoted, commune=code) == parse_roster(plain_bytes, commune=code)


def test_rne_rejected_lines_keep_their_line_number_in_the_national_file() -> None:
    data = lines(
        CM_HEADER,
        cm_row("01001", "Autre", "AUTRE", "Élu", "M", "bad"),  # 2: not ours, ignored
        cm_row("01999", "Saint-Exemple", "MARTIN", "Anne", "F", "02/04/1961"),
        cm_row("01999", "Saint-Exemple", "DURAND", "Paul", "M", "31/02/1958"),  # 4
        cm_row("01999", "Saint-Exemple", "", "Sans nom", "M", "01/01/1970"),  # 5
        cm_row("01999", "Saint-Exemple", "PETIT", "Luc", "X", "01/01/1970"),  # 6
        "01;Ain;;;01999;Saint-Exemple;ROBERT;Lucie",  # 7
    )
    parsed = parse_roster(data, commune="01999")
    assert names(parsed.members) == ["MARTIN"]
    assert [r.line for r in parsed.rejected] == [4, 5, 6, 7]
    reasons = [r.reason for r in parsed.rejected]
    assert reasons[0].startswith("date de naissance invalide « 31/02/1958 »")
    assert reasons[1] == "nom de l'élu manquant"
    assert reasons[2].startswith("code sexe inconnu « X »")
    assert reasons[3] == "nombre de colonnes incorrect : 8 au lieu de 16"
    assert parsed.rejected[3].text == "01;Ain;;;01999;Saint-Exemple;ROBERT;Lucie"


def quote_all(data: bytes) -> bytes:
    table = list(csv.reader(io.StringIO(data.decode("utf-8")), delimiter=";"))
    out = io.StringIO()
    csv.writer(out, delimiter=";", quoting=csv.QUOTE_ALL, lineterminator="\n").writerows(table)
    return out.getvalue().encode("utf-8")


@pytest.mark.parametrize("quoted", [False, True])
def test_rne_row_too_short_to_hold_a_code(quoted: bool) -> None:
    data = lines(
        CM_HEADER,
        cm_row("01999", "Saint-Exemple", "MARTIN", "Anne", "F", "02/04/1961"),
        "01;Ain;;;",
    )
    data = quote_all(data) if quoted else data
    assert assert_no_rejection(parse_roster(data, commune="01999"))  # not provably ours
    parsed = parse_roster(data)  # a one-commune file: every broken line is reported
    assert [(r.line, r.reason) for r in parsed.rejected] == [
        (3, "nombre de colonnes incorrect : 5 au lieu de 16")
    ]


def assert_no_rejection(parsed: RosterParse) -> bool:
    return names(parsed.members) == ["MARTIN"] and parsed.rejected == ()


def test_rne_commune_whose_every_row_is_bad_is_refused() -> None:
    data = lines(CM_HEADER, cm_row("01999", "Saint-Exemple", "MARTIN", "Anne", "F", "hier"))
    with pytest.raises(NoUsableLineError) as excinfo:
        parse_roster(data, commune="01999")
    assert [r.line for r in excinfo.value.rejected] == [2]


def test_rne_file_of_another_mandate_is_refused() -> None:
    header = (
        "Code du département;Libellé du département;Code du canton;Libellé du canton;"
        "Nom de l'élu;Prénom de l'élu;Code sexe;Date de naissance"
    )
    with pytest.raises(InputError, match="non pris en charge"):
        parse_roster(lines(header, "01;Ain;0101;Canton;MARTIN;Anne;F;02/04/1961"))


def test_rne_progress_reaches_one_hundred() -> None:
    rows = [
        cm_row("01999", "Saint-Exemple", f"NOM{n}", "Prénom", "M", "01/01/1970") for n in range(500)
    ]
    seen: list[int] = []
    parse_roster(lines(CM_HEADER, *rows), commune="01999", progress=seen.append)
    assert seen[-1] == 100
    assert seen == sorted(seen)
    assert len(seen) > 2


def test_plain_progress_reaches_one_hundred() -> None:
    seen: list[int] = []
    parse_roster(lines("nom", *(f"NOM{n}" for n in range(300))), progress=seen.append)
    assert seen[0] < 100
    assert seen[-1] == 100
    assert seen == sorted(seen)


# --------------------------------------------------------------------------- RNE, EPCI


def test_rne_epci_sample_filtered_with_commune_of_attachment_as_group() -> None:
    parsed = parse_roster((DATA / "rne-epci-sample.csv").read_bytes(), epci="200099992")

    assert parsed.kind is RosterKind.RNE_EPCI
    assert (parsed.collectivity_code, parsed.collectivity_name) == (
        "200099992",
        "CC du Pays d'Exemple",
    )
    assert [(m.last_name, m.group) for m in parsed.members] == [
        ("MARTIN", "Saint-Exemple-sur-Ain"),
        ("DURAND", "Saint-Exemple-sur-Ain"),
        ("GIRAUD", "Bourg-l'Exemple"),
        ("FAURE", "Bourg-l'Exemple"),
    ]
    assert parsed.members[0].function == "Président du conseil communautaire"
    assert parsed.members[0].birth_date == date(1961, 4, 2)  # 2026 style, AAAA-MM-JJ
    assert parsed.members[0].civility == "Mme"


def test_rne_epci_siren_may_be_written_with_spaces() -> None:
    parsed = parse_roster((DATA / "rne-epci-sample.csv").read_bytes(), epci="200 099 984")
    assert names(parsed.members) == ["BERNARD", "LAMBERT"]


def test_rne_epci_several_without_option_is_refused_saying_how_to_choose() -> None:
    with pytest.raises(InputError) as excinfo:
        parse_roster((DATA / "rne-epci-sample.csv").read_bytes(), commune="01999")
    assert "--epci SIREN" in message(excinfo)
    assert "200099992 CC du Pays d'Exemple" in message(excinfo)
    assert "200099984" in message(excinfo)


def test_rne_epci_invalid_siren_is_refused() -> None:
    with pytest.raises(InputError, match="SIREN d'EPCI invalide"):
        parse_roster((DATA / "rne-epci-sample.csv").read_bytes(), epci="20009999")


def test_rne_epci_with_french_dates() -> None:
    data = lines(
        EPCI_HEADER,
        "01;Ain;;;200099992;CC;01999;Saint-Exemple;MARTIN;Anne;F;"
        "02/04/1961;38;Cadres;15/07/2020;;;FRA",
    )
    member = parse_roster(data).members[0]
    assert (member.birth_date, member.group) == (date(1961, 4, 2), "Saint-Exemple")


def test_rne_collectivities_lists_every_code_with_its_row_count() -> None:
    assert rne_collectivities((DATA / "rne-cm-sample.csv").read_bytes()) == (
        Collectivity("01999", "Saint-Exemple-sur-Ain", 5),
        Collectivity("02998", "Villers-l'Exemple", 3),
        Collectivity("2A997", "Exemple-di-Corsica", 3),
    )
    assert rne_collectivities((DATA / "rne-epci-sample.csv").read_bytes()) == (
        Collectivity("200099984", "CA de la Vallée d'Exemple", 2),
        Collectivity("200099992", "CC du Pays d'Exemple", 4),
    )
    assert rne_collectivities((DATA / "roster-plain.csv").read_bytes()) == ()


# --------------------------------------------------------------------------- helpers for the GUI


def test_peek_roster_numbers_lines_like_the_rejections() -> None:
    data = b"\r\nsep=;\r\nnom;poids\r\nDURAND;1\r\nMARTIN;x\r\n"
    peek = peek_roster(data)
    assert peek == RosterFile(
        RosterKind.PLAIN, ("", "sep=;", "nom;poids", "DURAND;1", "MARTIN;x"), 3
    )
    [rejected] = parse_roster(data).rejected
    assert peek.lines[rejected.line - 1] == rejected.text == "MARTIN;x"


def test_peek_roster_tells_the_kind() -> None:
    assert peek_roster((DATA / "rne-cm-sample.csv").read_bytes()).kind is RosterKind.RNE_CM
    assert peek_roster((DATA / "rne-epci-sample.csv").read_bytes()).kind is RosterKind.RNE_EPCI
    assert peek_roster("nom\nLEFÈVRE\n".encode("cp1252")).lines == ("nom", "LEFÈVRE")
    with pytest.raises(InputError, match="vide"):
        peek_roster(b"")


def test_parse_date_is_public_for_forms() -> None:
    assert parse_date(" 2/4/1961 ") == date(1961, 4, 2)
    assert parse_date("1961-04-02") == date(1961, 4, 2)
    assert parse_date("") is None
    with pytest.raises(ValueError):
        parse_date("31/02/1980")


# --------------------------------------------------------------------------- round trip


def test_roster_to_csv_writes_the_full_plain_header() -> None:
    text = roster_to_csv(
        [
            Member(
                id="m1",
                last_name="MARTIN",
                first_name="Anne",
                civility="Mme",
                birth_date=date(1961, 4, 2),
                weight=2,
            )
        ]
    )
    assert text.splitlines() == [",".join(PLAIN_COLUMNS), "Mme,MARTIN,Anne,,,2,,1961-04-02,"]


def test_round_trip_of_the_plain_sample() -> None:
    members = parse_roster((DATA / "roster-plain.csv").read_bytes()).members
    again = parse_roster(roster_to_csv(members).encode("utf-8"))
    assert again.members == members
    assert again.rejected == ()


def test_round_trip_of_rne_members() -> None:
    members = parse_roster((DATA / "rne-epci-sample.csv").read_bytes(), epci="200099992").members
    assert parse_roster(roster_to_csv(members).encode("utf-8")).members == members


def test_roster_to_csv_refuses_a_substitute_whose_titular_is_missing() -> None:
    with pytest.raises(ValueError):
        roster_to_csv([Member(id="m2", last_name="PETIT", substitute_for="m1")])


_words = (
    st.text(alphabet="ABCDÉÈÇ'-,;\" éçàabc", min_size=1, max_size=12)
    .map(lambda s: " ".join(s.split()))
    .filter(bool)
)


@st.composite
def rosters(draw: st.DrawFn) -> tuple[Member, ...]:
    count = draw(st.integers(min_value=1, max_value=6))
    # Titulars get distinct, unambiguous last names so that « titulaire » resolves.
    lasts = draw(
        st.lists(
            st.text(alphabet="KLMNPQRSTVWXYZ", min_size=3, max_size=8),
            min_size=count,
            max_size=count,
            unique=True,
        )
    )
    members: list[Member] = []
    for n, last in enumerate(lasts, 1):
        titular = draw(st.sampled_from([None, *(m.id for m in members if not m.substitute_for)]))
        members.append(
            Member(
                id=f"m{n}",
                last_name=last,
                first_name=draw(_words | st.just("")),
                civility=draw(st.sampled_from(["", "M.", "Mme"])),
                group=draw(_words | st.just("")),
                function=draw(_words | st.just("")),
                weight=draw(st.integers(min_value=1, max_value=500)),
                substitute_for=titular,
                birth_date=draw(st.none() | st.dates(date(1900, 1, 1), date(2010, 12, 31))),
            )
        )
    return tuple(members)


@settings(max_examples=150, deadline=None)
@given(rosters())
def test_round_trip_of_any_roster(members: tuple[Member, ...]) -> None:
    text = roster_to_csv(members)
    parsed = parse_roster(text.encode("utf-8"))
    assert parsed.members == members
    assert parse_roster(text.encode("utf-8-sig")).members == members


def test_the_mandate_start_date_is_read_from_the_rne_and_the_plain_file() -> None:
    """« Date de début du mandat » (RNE) and ``debut_mandat`` (plain) give ``started_on``:
    a by-election replacement is in office from that day (N at a past session is kept)."""
    epci = parse_roster((DATA / "rne-epci-sample.csv").read_bytes(), epci="200099992")
    assert {m.started_on for m in epci.members} == {date(2020, 7, 15)}
    plain = "nom,prenom,debut_mandat\nMARTIN,Anne,14/03/2024\nDURAND,Paul,\nPETIT,Luc,31/02/2024\n"
    parsed = parse_roster(plain.encode("utf-8"))
    assert [(m.last_name, m.started_on) for m in parsed.members] == [
        ("MARTIN", date(2024, 3, 14)),
        ("DURAND", None),
    ]
    (rejected,) = parsed.rejected
    assert (
        rejected.line == 4 and "date de début du mandat invalide « 31/02/2024 »" in rejected.reason
    )
    rne = (
        (DATA / "rne-cm-sample.csv")
        .read_text("utf-8")
        .replace("23/05/2020;Maire", "2020-99-01;Maire")
    )
    parsed = parse_roster(rne.encode("utf-8"), commune="02998")
    assert [r.line for r in parsed.rejected] and "début du mandat" in parsed.rejected[0].reason
