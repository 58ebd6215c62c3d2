#!/usr/bin/python3
"""Writes the sources of the office fixtures (run by make.sh) and truth.json.

Every document holds a class list: a password table (Brukernavn/Passord,
random passwords), a list of Norwegian fødselsnummer, or both. The
numbers are random dates and individual numbers whose two control digits
are computed here from the published weights, and every one is checked
with python-stdnum (stdnum.no.fodselsnummer.is_valid) before it is used;
none is a D-number or a synthetic test number (NAV Dolly, Skatteetaten
Tenor: month + 40 / + 80). Nothing here uses credsweep's code.

truth.json maps each output file to its rule counts: how many accounts
(rows with a user name and a password) and how many distinct
fødselsnummer the file holds.
"""
import csv, datetime, json, random, sys
from xml.sax.saxutils import escape

from stdnum.no import fodselsnummer

rnd = random.Random(int(sys.argv[1]) if len(sys.argv) > 1 else 2026)
FIRST = ["Ola", "Kari", "Per", "Ingrid", "Lars", "Nora", "Emma", "Jakob", "Sofie", "Henrik", "Maja", "Filip",
         "Thea", "Oskar", "Ella", "Aksel", "Leah", "Noah", "Ida", "Emil", "Bjørn", "Åse", "Øystein", "Sigrid"]
LAST = ["Hansen", "Johansen", "Olsen", "Larsen", "Andersen", "Pedersen", "Nilsen", "Kristiansen", "Jensen",
        "Karlsen", "Sæther", "Bråthen", "Løvås", "Haugen", "Berg"]
ALPHA = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
W1, W2 = [3, 7, 6, 1, 8, 9, 4, 5, 2], [5, 4, 3, 2, 7, 6, 5, 4, 3, 2]


def fnr(year):
    """A random fødselsnummer of someone born in year (2000-2039:
    individual numbers 500-999)."""
    while True:
        d = datetime.date(year, 1, 1) + datetime.timedelta(days=rnd.randrange(365))
        ind = rnd.randrange(500, 1000) if year >= 2000 else rnd.randrange(0, 500)
        base = [int(c) for c in d.strftime("%d%m%y") + "%03d" % ind]
        k1 = 11 - sum(a * b for a, b in zip(W1, base)) % 11
        k1 = 0 if k1 == 11 else k1
        if k1 == 10:
            continue
        k2 = 11 - sum(a * b for a, b in zip(W2, base + [k1])) % 11
        k2 = 0 if k2 == 11 else k2
        if k2 == 10:
            continue
        n = "".join(map(str, base + [k1, k2]))
        assert fodselsnummer.is_valid(n), n
        return n


def password():
    return "".join(rnd.choice(ALPHA) for _ in range(9)) + rnd.choice("!#%?")


used = set()


def pupils(n, klasse):
    out = []
    while len(out) < n:
        f, l = rnd.choice(FIRST), rnd.choice(LAST)
        user = (f[:3] + l[:3]).lower()
        user = user.replace("ø", "o").replace("å", "a").replace("æ", "ae") + str(rnd.randrange(10, 99))
        if user in used:
            continue
        used.add(user)
        out.append({"navn": f + " " + l, "klasse": klasse, "user": user, "password": password(),
                    "fnr": fnr(rnd.choice([2011, 2012]))})
    return out


NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
      'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
      'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
      'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
      'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" '
      'xmlns:presentation="urn:oasis:names:tc:opendocument:xmlns:presentation:1.0" '
      'xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" '
      'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"')


def cells(values):
    return "".join('<table:table-cell office:value-type="string"><text:p>%s</text:p></table:table-cell>'
                   % escape(str(v)) for v in values)


def table_xml(name, head, rows):
    return ('<table:table table:name="%s"><table:table-column table:number-columns-repeated="%d"/>'
            '<table:table-row>%s</table:table-row>%s</table:table>'
            % (name, len(head), cells(head), "".join("<table:table-row>%s</table:table-row>" % cells(r) for r in rows)))


def columns(ps, kind):
    if kind == "wide":
        # Too wide for a page: Calc prints E-post, Telefon and Passord on
        # the next page.
        return (["Nr", "Fornavn", "Etternavn", "Brukernavn", "Klasse", "Skole", "E-post", "Telefon", "Passord"],
                [[str(i + 1), p["navn"].split()[0], p["navn"].split()[1], p["user"], p["klasse"], "Nordbyen ungdomsskole",
                  p["user"] + "@elev.nordbyen-kommune.example", "4%07d" % rnd.randrange(10**7), p["password"]]
                 for i, p in enumerate(ps)])
    if kind == "pw":
        return ["Navn", "Klasse", "Brukernavn", "Passord"], [[p["navn"], p["klasse"], p["user"], p["password"]] for p in ps]
    if kind == "id":
        return ["Navn", "Klasse", "Fødselsnummer"], [[p["navn"], p["klasse"], p["fnr"]] for p in ps]
    return (["Navn", "Fødselsnummer", "Brukernavn", "Passord"],
            [[p["navn"], p["fnr"], p["user"], p["password"]] for p in ps])


def truth_of(ps, kind):
    t = {}
    if kind in ("pw", "both", "wide"):
        t["credentials/password-table"] = len(ps)
    if kind in ("id", "both"):
        t["national-id/no-fodselsnummer"] = len({p["fnr"] for p in ps})
    return t


def write_fodt(path, title, ps, kind):
    head, rows = columns(ps, kind)
    doc = ('<?xml version="1.0" encoding="UTF-8"?>\n<office:document %s office:version="1.2" '
           'office:mimetype="application/vnd.oasis.opendocument.text"><office:body><office:text>'
           '<text:h text:outline-level="1">%s</text:h><text:p>Listen er til bruk for kontaktlærer og skal ikke deles.</text:p>'
           '%s</office:text></office:body></office:document>\n' % (NS, escape(title), table_xml("Liste", head, rows)))
    open(path, "w", encoding="utf-8").write(doc)


def write_fods(path, ps, kind):
    head, rows = columns(ps, kind)
    doc = ('<?xml version="1.0" encoding="UTF-8"?>\n<office:document %s office:version="1.2" '
           'office:mimetype="application/vnd.oasis.opendocument.spreadsheet"><office:body><office:spreadsheet>'
           '%s</office:spreadsheet></office:body></office:document>\n' % (NS, table_xml(ps[0]["klasse"], head, rows)))
    open(path, "w", encoding="utf-8").write(doc)


def write_fodp(path, title, ps, kind):
    """An Impress presentation: a title slide, then the list as a table
    on one slide."""
    head, rows = columns(ps, kind)
    doc = ('<?xml version="1.0" encoding="UTF-8"?>\n<office:document %s office:version="1.2" '
           'office:mimetype="application/vnd.oasis.opendocument.presentation"><office:body><office:presentation>'
           '<draw:page draw:name="Tittel"><draw:frame svg:x="2cm" svg:y="2cm" svg:width="24cm" svg:height="3cm">'
           '<draw:text-box><text:p>%s</text:p></draw:text-box></draw:frame></draw:page>'
           '<draw:page draw:name="Kontoer"><draw:frame svg:x="1cm" svg:y="1cm" svg:width="26cm" svg:height="17cm">'
           '%s</draw:frame></draw:page></office:presentation></office:body></office:document>\n'
           % (NS, escape(title), table_xml("Kontoer", head, rows)))
    open(path, "w", encoding="utf-8").write(doc)


def write_md(path, title, ps, kind):
    head, rows = columns(ps, kind)
    lines = ["# " + title, "", "Listen er til bruk for kontaktlærer og skal ikke deles.", "",
             "| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    open(path, "w", encoding="utf-8").write("\n".join(lines) + "\n")


def write_ps(path, title, ps, kind):
    """A PostScript page for Ghostscript: the list drawn with Helvetica,
    one show per cell."""
    head, rows = columns(ps, kind)
    xs = [56, 200, 330, 440][:len(head)]

    def s(t):
        return "(" + t.encode("latin-1").decode("latin-1").replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ")"
    out = ["%!PS-Adobe-3.0", "%%Pages: 1", "%%EndComments",
           "/F { /Helvetica findfont dup length dict begin { 1 index /FID ne { def } { pop pop } ifelse } forall",
           "/Encoding ISOLatin1Encoding def currentdict end /Helv-L1 exch definefont pop } bind def F",
           "/Helv-L1 findfont 14 scalefont setfont 56 790 moveto %s show" % s(title),
           "/Helv-L1 findfont 10 scalefont setfont"]
    y = 760
    for r in [head] + rows:
        for x, c in zip(xs, r):
            out.append("%d %d moveto %s show" % (x, y, s(c)))
        y -= 14
    out += ["showpage", "%%EOF"]
    open(path, "w", encoding="latin-1").write("\n".join(out) + "\n")


truth = {}
plan = [
    # (base name, source kind, content, accounts, outputs)
    ("elevliste_8a", "fods", "pw", 30, ["xlsx", "xls", "ods"]),
    ("elevliste_9c", "fods", "both", 25, ["xlsx"]),
    ("fnr_10b", "fods", "id", 20, ["xls", "ods", "csv"]),
    ("kontoer_7b", "fodt", "pw", 22, ["docx", "doc", "odt", "rtf", "pdf"]),
    ("elevoversikt_6a", "fodt", "id", 18, ["docx", "odt", "pdf"]),
    ("kontoer_5c", "fodp", "pw", 12, ["pptx", "odp"]),
    ("kontoer_pandoc", "md", "pw", 15, ["docx", "odt", "rtf", "pptx"]),
    ("fnr_pandoc", "md", "id", 14, ["docx"]),
    ("kontoer_gs", "ps", "both", 35, ["pdf"]),
    # Printed by Calc to PDF, and that PDF distilled again by Ghostscript.
    ("elevliste_10d", "fods", "wide", 40, ["pdf", "xlsx", "gs.pdf"]),
]
klasse = iter(["8A", "9C", "10B", "7B", "6A", "5C", "4A", "3B", "10C", "10D"])
jobs = []
for base, src, kind, n, outs in plan:
    ps = pupils(n, next(klasse))
    path = base + "." + src
    title = "Elevliste " + ps[0]["klasse"]
    {"fods": lambda: write_fods(path, ps, kind), "fodt": lambda: write_fodt(path, title, ps, kind),
     "fodp": lambda: write_fodp(path, title, ps, kind), "md": lambda: write_md(path, title, ps, kind),
     "ps": lambda: write_ps(path, title, ps, kind)}[src]()
    for ext in outs:
        truth[base + "." + ext] = truth_of(ps, kind)
    jobs.append("%s %s %s" % (path, src, " ".join(outs)))
with open("truth.json", "w", encoding="utf-8") as f:
    json.dump(dict(sorted(truth.items())), f, ensure_ascii=False, indent=1)
    f.write("\n")
with open("jobs.txt", "w") as f:
    f.write("\n".join(jobs) + "\n")
