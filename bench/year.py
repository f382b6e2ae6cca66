"""A realistic, deterministic year of meetings for benchmarks (issue 8).

Run: python3 bench/year.py OUT_DIR [--seed 2021] [--meetings 12] [--arenden 15]
Writes a papergen project into OUT_DIR: the repository's organisation.yaml
and, for one nämnd, `meetings` meetings of the year 2021, each with
`arenden` ärenden (Protokollsjustering, Information, beslut ärenden with a
föredragnings-PM, some with a funding decision and a budget, Anmälningsärenden,
Presentationer) and a protokoll whose §§ run on through the year. Same seed,
same bytes: nothing reads the clock or the environment.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
ORGAN = "regional-tillvaxtnamnd"
ORGAN_NAMN = "Regional tillväxtnämnd"
LEDAMOTER = ("Irén Lejegren", "Torbjörn Ahlin", "Willhelm Sundman", "Rolf Karlsson", "Yvonne Nilsson",
             "Bulent Oktay", "Theres Andersson", "Annalena Järnberg", "Bo Rudolfsson", "Tom Rymoen",
             "Torbjörn Appelqvist", "Fredrik Persson", "Patrik Nyström", "Fredrik Dahlberg", "Kenneth Lantz")
PARTI = {"Bo Rudolfsson": "KD", "Kenneth Lantz": "V", "Tom Rymoen": "M", "Rolf Karlsson": "S",
         "Yvonne Nilsson": "S", "Fredrik Persson": "MP"}
HANDLAGGARE = ("June Fors", "Lena Kihl", "Johan Karlström", "Marie Bergstrand", "Susanne Rosendahl")
MANADER = ("januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober",
           "november", "december")
AMNEN = ("besöksnäring", "kompetensförsörjning", "kollektivtrafik", "digital infrastruktur", "landsbygdsutveckling",
         "innovationsstöd", "kulturmiljö", "företagsstöd", "energiomställning", "cykelturism", "livsmedelsstrategi",
         "forskning och utveckling", "integration på arbetsmarknaden", "naturturism", "smart specialisering")
PROJEKT = ("Kompetenslyft", "Hållbar besöksnäring", "Digitalt först", "Grön omställning", "Cykelled Bergslagen",
           "Innovationsslussen", "Matlandet Örebro", "Framtidens industri", "Landsbygd i utveckling",
           "Kulturarv i länet", "Energismart region", "Unga företagare")
SOKANDE = ("Örebro universitet", "Region Örebro län", "Länsstyrelsen i Örebro län", "Örebro kommun",
           "Almi Företagspartner Mälardalen", "Hallsbergs kommun", "Lindesbergs kommun")
MENINGAR = (
    "Projektet ska stärka länets {amne} genom samverkan mellan kommuner, näringsliv och akademi.",
    "Insatserna riktar sig till små och medelstora företag i hela länet.",
    "Förvaltningen bedömer att projektet ligger i linje med den regionala utvecklingsstrategin.",
    "Arbetet följs upp med en årlig rapport till nämnden.",
    "Behovet av insatser inom {amne} har ökat under de senaste åren.",
    "Projektet bidrar till att fler personer i länet får arbete.",
    "Sökanden har lång erfarenhet av liknande projekt.",
    "Resultaten ska spridas till andra aktörer i regionen.",
    "Förslaget har beretts i samråd med berörda kommuner.",
    "Satsningen kompletterar pågående arbete inom {amne}.",
)


def _q(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _second_friday(year: int, month: int) -> dt.date:
    first = dt.date(year, month, 1)
    friday = first + dt.timedelta((4 - first.weekday()) % 7)
    return friday + dt.timedelta(7)


def _lang(d: dt.date) -> str:
    return f"{d.day} {MANADER[d.month - 1]} {d.year}"


def _stycke(rng: random.Random, amne: str, n: int) -> str:
    return " ".join(rng.choice(MENINGAR).format(amne=amne) for _ in range(n))


def _budget(rng: random.Random, ar: tuple[int, ...]) -> tuple[list[str], int]:
    """A balanced budget: rows sum to their totals, costs equal funding; returns YAML lines and the total."""
    posts = ("Egen personal inkl. sociala avgifter", "Externa tjänster", "Resor och logi", "Indirekta kostnader")
    rows = [[rng.randrange(50, 900) * 1000 for _ in ar] for _ in posts]
    per_year = [sum(r[i] for r in rows) for i in range(len(ar))]
    total = sum(per_year)
    lines = ["budget:", "  rubrik: Kostnads- och finansieringsbudget", f"  ar: [{', '.join(map(str, ar))}]",
             "  kostnader:"]
    for post, r in zip(posts, rows, strict=True):
        lines += [f"    - post: {post}", f"      belopp: [{', '.join(map(str, r))}]", f"      totalt: {sum(r)}"]
    lines += ["  summa_kostnader:", f"    belopp: [{', '.join(map(str, per_year))}]", f"    totalt: {total}"]
    region = [y // 2 for y in per_year]
    other = [y - r for y, r in zip(per_year, region, strict=True)]
    lines += ["  finansiering:", "    - grupp: Offentlig finansiär", "      rader:",
              "        - finansiar: Region Örebro län", f"          belopp: [{', '.join(map(str, region))}]",
              f"          totalt: {sum(region)}",
              "        - finansiar: Tillväxtverket", f"          belopp: [{', '.join(map(str, other))}]",
              f"          totalt: {sum(other)}",
              "  summa_finansiering:", f"    belopp: [{', '.join(map(str, per_year))}]", f"    totalt: {total}"]
    return lines, total


def _beslut_arende(rng: random.Random, nummer: int, datum: dt.date, lopnr: int) -> str:
    amne = rng.choice(AMNEN)
    projekt = f"{rng.choice(PROJEKT)} {datum.year}"
    dnr = f"{datum.year % 100}RS{lopnr:05d}"
    handlaggare = rng.choice(HANDLAGGARE)
    funding = rng.random() < 0.6
    rubrik = f"Medfinansiering av projekt {projekt}" if funding else f"Handlingsplan för {amne}"
    ar = (datum.year, datum.year + 1)
    lines = [f"nummer: {nummer}", f"rubrik: {_q(rubrik)}", "typ: beslut", f"diarienummer: {dnr}",
             "foredragande:", f"  - {handlaggare}", "forslag_till_beslut:", f"  inledning: {ORGAN_NAMN} beslutar",
             "  att_satser:"]
    body_extra = ""
    if funding:
        budget, total = _budget(rng, ar)
        hogst = total // 2
        att = (f"{rng.choice(SOKANDE)} beviljas 50 procent av projektets bokförda kostnader, "
               f"dock högst {hogst} kronor för genomförande av projekt {projekt}.")
        lines += [f"    - {_q(att)}"]
        sokande = rng.choice(SOKANDE)
        lines += ["finansieringsbeslut:", f"  sokande: {sokande}", f"  projekt: {_q(projekt)}",
                  f"  sokt_belopp: {hogst}", "  andel_procent: 50", f"  hogst_belopp: {hogst}",
                  "  projektperiod:", f"    fran: {datum + dt.timedelta(1)}", f"    till: {ar[1]}-12-31",
                  "  ram: regionalt utvecklingsstöd", *budget]
        body_extra = ("\n## Ekonomiska konsekvenser\n\n"
                      f"Medfinansieringen belastar anslaget för regionalt utvecklingsstöd med högst {hogst} kronor.\n")
    else:
        lines += [f"    - {_q(f'anta handlingsplanen för {amne}.')}"]
    lines += ["beslutsunderlag:", f"  - {_q(f'FöredragningsPM {ORGAN_NAMN.lower()} {datum:%y%m%d}, {rubrik}')}",
              "pm:", "  tjanstestalle: Regional utveckling", f"  handlaggare: {handlaggare}",
              f"  datum: {datum}", f"  dnr: {dnr}", f"  organ: {ORGAN_NAMN}", f"  rubrik: {_q(rubrik)}",
              "  beslutsunderlag:", f"    - {_q(f'FöredragningsPM till {ORGAN_NAMN.lower()} den {_lang(datum)}.')}",
              "  underskrift:", "    namn: Petter Arneback", "    titel: Regional utvecklingsdirektör",
              "  skickas_till:", f"    - {handlaggare}, Regional utveckling"]
    body = (f"## Sammanfattning\n\n{_stycke(rng, amne, 3)}\n\n"
            f"## Ärendebeskrivning\n\n{_stycke(rng, amne, 5)}\n\n{_stycke(rng, amne, 4)}\n\n"
            f"- {_stycke(rng, amne, 1)}\n- {_stycke(rng, amne, 1)}\n\n"
            f"## Bedömning\n\n{_stycke(rng, amne, 4)}\n{body_extra}")
    return "---\n" + "\n".join(lines) + "\n---\n" + body


def _meeting(rng: random.Random, folder: Path, datum: dt.date, n_arenden: int, forsta: int | None,
             lopnr: int) -> int:
    justerare, ersattare = rng.sample(sorted(PARTI), 2)
    senast = datum + dt.timedelta(7)
    (folder / "arenden").mkdir(parents=True)
    (folder / "meeting.yaml").write_text("\n".join([
        f"organ: {ORGAN}", f"datum: {datum}", "tid:", '  start: "10:00"', '  slut: "15:00"',
        "plats: Konferensrum Linden, Eklundavägen 1 Örebro", "justering:", f"  justerare: {justerare}",
        f"  ersattare: {ersattare}", f"  senast: {senast}"]) + "\n", encoding="utf-8")
    files: dict[str, str] = {}
    files["01-protokollsjustering.md"] = "---\n" + "\n".join([
        "nummer: 1", "rubrik: Protokollsjustering", "typ: beslut", "foredragande: []", "forslag_till_beslut:",
        f"  inledning: {ORGAN_NAMN} beslutar", "  att_satser:",
        "    - " + _q(f"jämte ordföranden utse {justerare} ({PARTI[justerare]}) med {ersattare} "
                  f"({PARTI[ersattare]}) som ersättare att justera dagens protokoll."),
        "  efterskrift:", f"    - {_q(f'Protokollet ska vara justerat senast den {_lang(senast)}.')}"]) + "\n---\n"
    files["02-information.md"] = "---\n" + "\n".join([
        "nummer: 2", "rubrik: Information", "typ: information", "foredragande: []", "visa_foredragande: false",
        "punkter:", f"  - amne: {_q(f'Läget inom {rng.choice(AMNEN)}')}", "    foredragande: Petter Arneback"]) \
        + "\n---\n"
    for nummer in range(3, n_arenden - 1):
        lopnr += 1
        files[f"{nummer:02d}-arende.md"] = _beslut_arende(rng, nummer, datum, lopnr)
    files[f"{n_arenden - 1:02d}-anmalningsarenden.md"] = "---\n" + "\n".join([
        f"nummer: {n_arenden - 1}", "rubrik: Anmälningsärenden", "typ: anmalan", "foredragande:",
        "  - Petter Arneback", "forslag_till_beslut:", f"  inledning: {ORGAN_NAMN} beslutar", "  att_satser:",
        "    - godkänna redovisningen."]) + "\n---\n"
    files[f"{n_arenden:02d}-presentationer.md"] = "---\n" + "\n".join([
        f"nummer: {n_arenden}", "rubrik: Presentationer", "typ: presentation", "foredragande: []"]) + "\n---\n"
    for name, text in files.items():
        (folder / "arenden" / name).write_text(text, encoding="utf-8")
    typer = {1: "enligt_forslaget", 2: "informationen_noteras", n_arenden: "informationen_noteras"}
    record = ([f"forsta_paragraf: {forsta}"] if forsta else []) + [
        "tid:", '  start: "10:00"', '  slut: "14:30"', "narvaro:", "  ledamoter:",
        *(f"    - {name}" for name in LEDAMOTER),
        "  ovriga:", "    - namn: Petter Arneback", "      titel: regional utvecklingsdirektör",
        "justering:", "  plats: Regionens hus, Eklundavägen 1, Örebro", f"  datum: {datum + dt.timedelta(6)}",
        "anslag:", "  forvaringsplats: Regionkansliet, Region Örebro län, Eklundavägen 1, Örebro",
        "paragrafer:"]
    for nummer in range(1, n_arenden + 1):
        record += [f"  - arende: {nummer}", f"    beslut: {typer.get(nummer, 'enligt_forslaget')}"]
    (folder / "protokoll.yaml").write_text("\n".join(record) + "\n", encoding="utf-8")
    return lopnr


def generate(out: Path, *, seed: int = 2021, meetings: int = 12, arenden: int = 15, year: int = 2021) -> list[Path]:
    """Write the project; returns the meeting folders. `out` must not hold a content/ folder yet."""
    rng = random.Random(seed)
    content = out / "content"
    content.mkdir(parents=True)
    shutil.copy(REPO / "content" / "organisation.yaml", content / "organisation.yaml")
    if (REPO / "content" / "ordlista.txt").exists():
        shutil.copy(REPO / "content" / "ordlista.txt", content / "ordlista.txt")
    folders: list[Path] = []
    lopnr = 100
    for month in range(1, meetings + 1):
        datum = _second_friday(year, (month - 1) % 12 + 1)
        folder = content / f"meeting-{datum}"
        lopnr = _meeting(rng, folder, datum, arenden, 1 if month == 1 else None, lopnr)
        folders.append(folder)
    return folders


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--seed", type=int, default=2021)
    parser.add_argument("--meetings", type=int, default=12)
    parser.add_argument("--arenden", type=int, default=15)
    args = parser.parse_args()
    folders = generate(args.out, seed=args.seed, meetings=args.meetings, arenden=args.arenden)
    print(f"{len(folders)} sammanträden i {args.out}/content")  # noqa: T201


if __name__ == "__main__":
    main()
