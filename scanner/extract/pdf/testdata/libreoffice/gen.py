#!/usr/bin/python3
"""Writes the LibreOffice sources of the PDF table fixtures and truth.json.

Run by make.sh. The accounts are random (a fixed seed, so a rerun writes
the same sources); truth.json lists each file's accounts as the rows
the PDF must give back: user name and password in one table row.
"""
import csv, json, random
from xml.sax.saxutils import escape

rnd = random.Random(20261207)
FIRST = ["Ola", "Kari", "Per", "Ingrid", "Lars", "Nora", "Emma", "Jakob", "Sofie", "Henrik", "Maja",
         "Filip", "Thea", "Oskar", "Ella", "Aksel", "Leah", "Noah", "Ida", "Emil", "Bjørn", "Åse", "Øystein"]
LAST = ["Hansen", "Johansen", "Olsen", "Larsen", "Andersen", "Pedersen", "Nilsen", "Kristiansen",
        "Jensen", "Karlsen", "Sæther", "Bråthen", "Løvås"]
ALPHA = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def password():
    return "".join(rnd.choice(ALPHA) for _ in range(9)) + rnd.choice("!#%?")


def accounts(n, prefix):
    out = []
    for i in range(n):
        f, l = rnd.choice(FIRST), rnd.choice(LAST)
        user = (f[:3] + l[:3]).lower().replace("ø", "o").replace("å", "a").replace("æ", "ae") + "%s%02d" % (prefix, i)
        out.append({"nr": i + 1, "first": f, "last": l, "user": user, "password": password(),
                    "phone": "4%07d" % rnd.randrange(10**7)})
    return out


NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
      'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
      'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
      'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
      'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"')


def cells(values):
    return "".join('<table:table-cell office:value-type="string"><text:p>%s</text:p></table:table-cell>'
                   % escape(str(v)) for v in values)


def writer(name, accts, repeat_header):
    """A Writer document: a heading, a letter, then the table going on
    over the next page."""
    head = cells(["Nr", "Navn", "Klasse", "Brukernavn", "Passord"])
    rows = "".join("<table:table-row>%s</table:table-row>" % cells([a["nr"], a["first"] + " " + a["last"], "9B", a["user"], a["password"]]) for a in accts)
    if repeat_header:
        head = "<table:table-header-rows><table:table-row>%s</table:table-row></table:table-header-rows>" % head
    else:
        head = "<table:table-row>%s</table:table-row>" % head
    letter = "".join("<text:p>%s</text:p>" % p for p in [
        "Til kontaktlærerne på 9. trinn.",
        "Her er brukernavn og startpassord til elevenes nye kontoer i skolens læringsplattform. "
        "Elevene logger inn første gang med passordet i tabellen og velger da et nytt passord. "
        "Passordet må ha minst ti tegn. Del ut lappene i timen og samle inn listen etterpå.",
        "Ta kontakt med IKT-ansvarlig hvis en elev mangler i listen eller ikke får logget inn. "
        "Listen skal ikke legges på felles område og skal makuleres når alle har logget inn.",
        "Med vennlig hilsen", "IKT-ansvarlig", "", "", "", "", "", "", "", "", "", "", "", "", ""])
    doc = ('<?xml version="1.0" encoding="UTF-8"?>\n<office:document %s office:version="1.2" '
           'office:mimetype="application/vnd.oasis.opendocument.text"><office:body><office:text>'
           '<text:h text:outline-level="1">Elevkontoer 9B</text:h>%s'
           '<table:table table:name="Kontoer"><table:table-column table:number-columns-repeated="5"/>%s%s</table:table>'
           '<text:p>Listen ble laget av IKT-ansvarlig.</text:p></office:text></office:body></office:document>\n'
           % (NS, letter, head, rows))
    with open(name, "w", encoding="utf-8") as f:
        f.write(doc)


WIDE = ["Nr", "Fornavn", "Etternavn", "Brukernavn", "Klasse", "Skole", "E-post", "Telefon", "Passord"]


def wide_row(a):
    return [a["nr"], a["first"], a["last"], a["user"], "10A", "Nordbyen ungdomsskole",
            a["user"] + "@elev.nordbyen-kommune.example", a["phone"], a["password"]]


def calc_csv(name, accts):
    with open(name, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(WIDE)
        for a in accts:
            w.writerow(wide_row(a))


def calc_fods(name, accts, order):
    """A Calc sheet whose page style prints the pages in the given order
    ("ltr": left to right, then down; "ttb": top to bottom, then right)."""
    rows = "<table:table-row>%s</table:table-row>" % cells(WIDE)
    rows += "".join("<table:table-row>%s</table:table-row>" % cells(wide_row(a)) for a in accts)
    doc = ('<?xml version="1.0" encoding="UTF-8"?>\n<office:document %s office:version="1.2" '
           'office:mimetype="application/vnd.oasis.opendocument.spreadsheet">'
           '<office:automatic-styles><style:page-layout style:name="pm1">'
           '<style:page-layout-properties style:print-page-order="%s"/></style:page-layout></office:automatic-styles>'
           '<office:master-styles><style:master-page style:name="Default" style:page-layout-name="pm1"/></office:master-styles>'
           '<office:body><office:spreadsheet><table:table table:name="Elever">'
           '<table:table-column table:number-columns-repeated="9"/>%s</table:table>'
           '</office:spreadsheet></office:body></office:document>\n' % (NS, order, rows))
    with open(name, "w", encoding="utf-8") as f:
        f.write(doc)


truth = {}
files = [
    ("writer_table", "fodt", lambda n, a: writer(n, a, False), 40),
    ("writer_header_repeat", "fodt", lambda n, a: writer(n, a, True), 60),
    ("calc_columns", "csv", calc_csv, 40),
    ("calc_pages", "csv", calc_csv, 75),
    ("calc_pages_ltr", "fods", lambda n, a: calc_fods(n, a, "ltr"), 75),
]
for i, (base, ext, make, n) in enumerate(files):
    accts = accounts(n, chr(ord("a") + i))
    make(base + "." + ext, accts)
    truth[base + ".pdf"] = {"accounts": [[a["user"], a["password"]] for a in accts],
                            "credentials/password-table": n}
with open("truth.json", "w", encoding="utf-8") as f:
    json.dump(truth, f, ensure_ascii=False, indent=1)
    f.write("\n")
