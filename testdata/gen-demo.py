#!/usr/bin/env python3
"""Writes testdata/demo-share: a small synthetic school/municipality share in
the shape of the Bergen 2018 case. Every ID number is generated with a valid
checksum and a random date; every name and password is invented. Deterministic."""
import io, os, random, zipfile, base64

rnd = random.Random(2018)
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "demo-share")

def no_fnr():
    while True:
        d, m, y = rnd.randint(1, 28), rnd.randint(1, 12), rnd.randint(5, 12)
        ind = rnd.randint(500, 999)  # 2000s births (YY < 40)
        base = [int(c) for c in f"{d:02d}{m:02d}{y:02d}{ind:03d}"]
        k1 = (11 - sum(a*b for a, b in zip(base, [3,7,6,1,8,9,4,5,2])) % 11) % 11
        if k1 == 10: continue
        base.append(k1)
        k2 = (11 - sum(a*b for a, b in zip(base, [5,4,3,2,7,6,5,4,3,2])) % 11) % 11
        if k2 == 10: continue
        return "".join(map(str, base + [k2]))

def se_pnr():
    d, m, y = rnd.randint(1, 28), rnd.randint(1, 12), rnd.randint(60, 99)
    base = f"{y:02d}{m:02d}{d:02d}{rnd.randint(0, 999):03d}"
    s = 0
    for i, c in enumerate(base):
        v = int(c) * (2 if i % 2 == 0 else 1)
        s += v - 9 if v > 9 else v
    return f"{base[:6]}-{base[6:]}{(10 - s % 10) % 10}"

FIRST = ["Ola", "Kari", "Ingrid", "Emil", "Nora", "Jakob", "Sofie", "Filip", "Ella", "Lukas", "Maja", "Oskar", "Sara", "Henrik", "Thea", "Aksel", "Åse", "Bjørn", "Sølvi", "Ærling"]
LAST = ["Nordmann", "Hansen", "Johansen", "Olsen", "Larsen", "Andersen", "Pedersen", "Nilsen", "Kristiansen", "Jensen", "Dahl", "Bakken", "Solberg", "Haugen", "Strøm"]
WORDS = ["Sommer", "Vinter", "Fotball", "Bergen", "Sol", "Regn", "Fjell", "Hest", "Katt", "Hund"]

def password():
    return rnd.choice(WORDS) + str(rnd.randint(10, 99)) + rnd.choice("!#?")

os.makedirs(os.path.join(OUT, "Skole", "IKT"), exist_ok=True)
os.makedirs(os.path.join(OUT, "Skole", "Elevmapper"), exist_ok=True)
os.makedirs(os.path.join(OUT, "Adm", "Brev"), exist_ok=True)
os.makedirs(os.path.join(OUT, "Adm", "Økonomi"), exist_ok=True)
os.makedirs(os.path.join(OUT, "Drift"), exist_ok=True)

# 1. The Bergen shape: pupil export with usernames, passwords and birth numbers
#    (semicolon CSV, Windows-1252, CRLF, as Excel writes it).
rows = ["Klasse;Fornavn;Etternavn;Fødselsnummer;Brukernavn;Passord"]
for i in range(40):
    f, l = rnd.choice(FIRST), rnd.choice(LAST)
    rows.append(f"{rnd.randint(5,7)}{rnd.choice('ABC')};{f};{l};{no_fnr()};{f.lower()[:3]}{l.lower()[:3]}{i:02d};{password()}")
with open(os.path.join(OUT, "Skole", "IKT", "elevliste_passord_2018.csv"), "wb") as fh:
    fh.write("\r\n".join(rows).encode("cp1252") + b"\r\n")

# 2. A letter with a birth number in running text (UTF-8).
letter_id = no_fnr()
with open(os.path.join(OUT, "Adm", "Brev", "vedtak_spesialundervisning.txt"), "w", encoding="utf-8") as fh:
    fh.write(f"""Bergen kommune, Etat for skole

Vedtak om spesialundervisning

Eleven {rnd.choice(FIRST)} {rnd.choice(LAST)}, fødselsnummer {letter_id[:6]} {letter_id[6:]},
får vedtak om spesialundervisning fra 1. september.

Med vennlig hilsen
Rektor
""")

# 3. Notes with a login pair (UTF-16LE with BOM, as PowerShell writes it).
note = "Innlogging til eFeide admin\r\nBrukernavn: rektor.admin\r\nPassord: Bergen2018!\r\n"
with open(os.path.join(OUT, "Drift", "notater.txt"), "wb") as fh:
    fh.write(b"\xff\xfe" + note.encode("utf-16-le"))

# 4. Swedish staff list (TSV).
with open(os.path.join(OUT, "Adm", "personal_sverige.tsv"), "w", encoding="utf-8") as fh:
    fh.write("Namn\tPersonnummer\tAvdelning\n")
    for _ in range(5):
        fh.write(f"{rnd.choice(FIRST)} {rnd.choice(LAST)}\t{se_pnr()}\tIT\n")

# 5. A private key and an env file next to a harmless example.
# PKCS#1 shape: SEQUENCE, version 0, then random "integers".
key = base64.b64encode(b"\x30\x82\x04\xa4\x02\x01\x00\x02\x82\x01\x01\x00" + bytes(rnd.randrange(256) for _ in range(1180))).decode()
with open(os.path.join(OUT, "Drift", "id_rsa"), "w") as fh:
    fh.write("-----BEGIN RSA PRIVATE KEY-----\n")
    for i in range(0, len(key), 64):
        fh.write(key[i:i+64] + "\n")
    fh.write("-----END RSA PRIVATE KEY-----\n")
with open(os.path.join(OUT, "Drift", ".env"), "w") as fh:
    fh.write("APP_ENV=production\nDB_HOST=db01\nDB_PASSWORD=Xk7#pQ2!vLm9Rt\n")
with open(os.path.join(OUT, "Drift", ".env.example"), "w") as fh:
    fh.write("APP_ENV=dev\nDB_HOST=localhost\nDB_PASSWORD=changeme\n")

# 6. Decoys: an invoice with account, KID and org numbers, a password policy.
with open(os.path.join(OUT, "Adm", "Økonomi", "faktura_2018_113.txt"), "w", encoding="utf-8") as fh:
    fh.write("Faktura 2018-113\nOrg.nr: 974 761 467\nKontonummer: 8601 11 17947\nKID: 20181130001234\nTelefon: +47 55 56 60 00\nBeløp: 12 450,00\n")
with open(os.path.join(OUT, "Skole", "IKT", "passordregler.txt"), "w", encoding="utf-8") as fh:
    fh.write("Passordregler\nPassordet må ha minst 10 tegn og inneholde tall.\nBytt passord hver høst.\nDel aldri passordet ditt.\n")

# 7. The same export, zipped as a "backup".
buf = io.BytesIO()
with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("backup/elever_2017.csv", "\n".join(rows[:15]).encode("utf-8"))
with open(os.path.join(OUT, "Skole", "Elevmapper", "backup_2017.zip"), "wb") as fh:
    fh.write(buf.getvalue())

# 8. A small binary that is not text.
with open(os.path.join(OUT, "Skole", "logo.png"), "wb") as fh:
    fh.write(b"\x89PNG\r\n\x1a\n" + bytes(rnd.randrange(256) for _ in range(300)))

# 9. A forwarded mail with the staff password list attached (base64 CSV).
from email.message import EmailMessage
msg = EmailMessage()
msg["From"] = "IKT-drift <ikt@skole.example.no>"
msg["To"] = "rektor@skole.example.no"
msg["Subject"] = "VS: Passord til nye lærere"
msg["Date"] = "Mon, 13 Aug 2018 08:15:00 +0200"
msg.set_content("Hei!\n\nVedlagt er brukernavn og startpassord til de nye lærerne.\n\nHilsen IKT\n")
staff = ["brukernavn,passord"] + [f"{rnd.choice(FIRST).lower()}.{rnd.choice(LAST).lower()},{password()}" for _ in range(6)]
msg.add_attachment(("\n".join(staff) + "\n").encode("utf-8"), maintype="text", subtype="csv", filename="laerere.csv")
with open(os.path.join(OUT, "Adm", "VS Passord til nye lærere.eml"), "wb") as fh:
    fh.write(bytes(msg))
