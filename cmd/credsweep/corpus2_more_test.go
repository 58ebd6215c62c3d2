package main

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/base64"
	"encoding/pem"
	"fmt"
	"strings"

	"golang.org/x/crypto/ssh"
)

// moreFiles is the second batch: IDs in mail, archives, JSON and SQL of
// other countries, several IDs per row, repeated IDs, spaced and padded
// forms; credentials in prose, mail, archives and every header language;
// and more secrets and decoys.
func (s *share2) moreFiles() {
	// Two IDs per row (pupil and guardian) and a pupil listed twice.
	{
		rows := [][]string{{"Elev", "Elevens fødselsnummer", "Foresatt", "Foresattes fødselsnummer"}}
		var first []string
		for i := range 10 {
			f, l := s.name()
			a, b := s.noID(noPlain), s.noID(noPlain)
			s.hide(a, b)
			if i == 0 {
				first = []string{f + " " + l, a, s.one(g2First...) + " " + l, b}
			}
			rows = append(rows, []string{f + " " + l, a, s.one(g2First...) + " " + l, b})
		}
		rows = append(rows, first)
		s.putS("Skole/Foresatte/foresatte_8C.csv", table(";", rows))
		s.exp("Skole/Foresatte/foresatte_8C.csv", ruleNO, 20)
	}
	// Spaced form "010190 12345" in cp1252, and D-numbers in a letter.
	{
		var b strings.Builder
		b.WriteString("Søkere til SFO-plass\r\nNavn;Fødselsnr.;Ønsket start\r\n")
		for range 8 {
			f, l := s.name()
			id := s.noID(noPlain)
			s.hide(id)
			fmt.Fprintf(&b, "%s %s;%s %s;01.08.2024\r\n", f, l, id[:6], id[5+1:])
		}
		s.put("Skole/SFO/søkere_SFO.csv", cp1252(b.String()))
		s.exp("Skole/SFO/søkere_SFO.csv", ruleNO, 8)
		id := s.noID(noD)
		s.hide(id)
		s.putS("NAV/Brev/d-nummer_bekreftelse.txt", "Bekreftelse\n\nVi bekrefter at arbeidstakeren er registrert med D-nummer "+id+" i Folkeregisteret.\n\nSkatteetaten\n")
		s.exp("NAV/Brev/d-nummer_bekreftelse.txt", ruleNO, 1)
	}
	// A mail with an ID in the quoted-printable body.
	{
		id := s.noID(noPlain)
		s.hide(id)
		s.putS("Adm/Epost/Søknad om permisjon.eml", strings.ReplaceAll("From: Forelder <forelder@example.no>\nTo: post@skole.no\nSubject: =?utf-8?q?S=C3=B8knad_om_permisjon?=\nMIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: quoted-printable\n\nHei,\n\nJeg s=C3=B8ker om permisjon for min s=C3=B8nn, f=C3=B8dselsnummer "+id+", i uke 12.\n\nHilsen forelder\n", "\n", "\r\n"))
		s.exp("Adm/Epost/Søknad om permisjon.eml", ruleNO, 1)
	}
	// IDs inside a zip backup.
	{
		var b strings.Builder
		b.WriteString("navn,fnr\n")
		for range 5 {
			f, l := s.name()
			id := s.noID(noPlain)
			s.hide(id)
			fmt.Fprintf(&b, "%s %s,%s\n", f, l, id)
		}
		s.put("Backup/gammel_server.zip", zipBytes("D/Elever/elever_2015.csv", b.String(), "D/readme.txt", "Backup av D:-disken\n"))
		s.exp("Backup/gammel_server.zip!/D/Elever/elever_2015.csv", ruleNO, 5)
	}
	// Tenor numbers in a workbook: level note.
	{
		rows := [][]string{{"Testpersoner (Tenor)"}, {"Fødselsnummer", "Rolle"}}
		for range 4 {
			id := s.noID(noTenor)
			s.hide(id)
			rows = append(rows, []string{id, s.one("elev", "foresatt")})
		}
		s.put("Utvikling/testdata/tenor_elever.xlsx", xlsxInline(sheet{"Ark1", rows}))
		s.exp("Utvikling/testdata/tenor_elever.xlsx", ruleNO, 4)
		s.notes["Utvikling/testdata/tenor_elever.xlsx"] = true
	}
	// Sweden: 12 digits stored as numbers; samordningsnummer in JSON;
	// a centenarian with '+'; running text with a compact 12-digit form.
	{
		rows := [][]string{{"Personalförteckning"}, {"Namn", "Personnummer", "Lön"}}
		for range 8 {
			f, l := s.name()
			long, _ := s.seID(false)
			s.hide(long)
			rows = append(rows, []string{f + " " + l, "n:" + long, fmt.Sprintf("n:%d", 30000+s.r.IntN(20000))})
		}
		s.put("Personal_SE/lönelista.xlsx", xlsxInline(sheet{"Blad1", rows}))
		s.exp("Personal_SE/lönelista.xlsx", ruleSE, 8)
		var j strings.Builder
		j.WriteString("[\n")
		for i := range 5 {
			_, short := s.seID(true)
			s.hide(short)
			sep := ","
			if i == 4 {
				sep = ""
			}
			fmt.Fprintf(&j, "  {\"namn\": \"%s\", \"samordningsnummer\": \"%s\"}%s\n", s.one(g2First...), short, sep)
		}
		j.WriteString("]\n")
		s.putS("Skola/Export/nyanlända.json", j.String())
		s.exp("Skola/Export/nyanlända.json", ruleSE, 5)
		long, _ := s.seID(false)
		s.hide(long)
		s.putS("Skola/Brev/intyg.txt", "Intyg\n\nHärmed intygas att eleven (personnr "+long+") har genomgått grundskolan.\n\nMed vänliga hälsningar\nRektor\n")
		s.exp("Skola/Brev/intyg.txt", ruleSE, 1)
	}
	// Denmark: an XML export; CPR in an SQL dump.
	{
		var x strings.Builder
		x.WriteString("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<Borgere>\n")
		for range 6 {
			id := s.dkID()
			s.hide(id)
			fmt.Fprintf(&x, "  <Borger><Navn>%s</Navn><CPRNummer>%s</CPRNummer></Borger>\n", s.one(g2First...), strings.Replace(id, "-", "", 1))
		}
		x.WriteString("</Borgere>\n")
		s.putS("Borgerservice/Udtræk/borgere.xml", x.String())
		s.exp("Borgerservice/Udtræk/borgere.xml", ruleDK, 6)
		var q strings.Builder
		q.WriteString("INSERT INTO elev (id, navn, cpr_nr, klasse) VALUES\n")
		for i := range 7 {
			id := s.dkID()
			s.hide(id)
			sep := ","
			if i == 6 {
				sep = ";"
			}
			fmt.Fprintf(&q, "  (%d, '%s', '%s', '%d.a')%s\n", i+1, s.one(g2First...), id, 1+i%9, sep)
		}
		s.putS("Skole_DK/Backup/elever.sql", q.String())
		s.exp("Skole_DK/Backup/elever.sql", ruleDK, 7)
	}
	// Finland: SQL and a PDF letter; Iceland: JSON and compact form.
	{
		var q strings.Builder
		q.WriteString("INSERT INTO oppilas (nimi, hetu) VALUES ")
		for i := range 6 {
			id := s.fiID(0)
			s.hide(id)
			if i > 0 {
				q.WriteString(", ")
			}
			fmt.Fprintf(&q, "('%s', '%s')", s.one(g2First...), id)
		}
		q.WriteString(";\n")
		s.putS("Koulu/Varmuuskopio/oppilaat.sql", q.String())
		s.exp("Koulu/Varmuuskopio/oppilaat.sql", ruleFI, 6)
		id := s.fiID('-')
		s.hide(id)
		s.put("Koulu/Kirjeet/päätös.pdf", pdfDoc([]string{"Päätös erityisestä tuesta", "Oppilas: Aino Virtanen, henkilötunnus " + id, "Ystävällisin terveisin"}))
		s.exp("Koulu/Kirjeet/päätös.pdf", ruleFI, 1)
		var j strings.Builder
		for range 4 {
			id := s.isID(false)
			s.hide(id)
			fmt.Fprintf(&j, "{\"nafn\":\"%s\",\"kennitala\":\"%s\"}\n", s.one(g2First...), strings.Replace(id, "-", "", 1))
		}
		s.putS("Skóli/Útflutningur/nemendur.ndjson", j.String())
		s.exp("Skóli/Útflutningur/nemendur.ndjson", ruleIS, 4)
	}
	// --- credentials ---
	hdr := func(path string, header []string, n int, enc func(string) []byte, sep string) {
		rows := [][]string{header}
		ui, pi := 0, len(header)-1 // user first, password last
		for i := range n {
			f, l := s.name()
			r := make([]string, len(header))
			for k := range r {
				r[k] = s.one("Bergen", "8A", "lærer", "")
			}
			r[ui], r[pi] = s.login(f, l, i), s.pw(i)
			rows = append(rows, r)
		}
		s.put(path, enc(table(sep, rows)))
		s.exp(path, rulePwTable, n)
	}
	utf8b := func(t string) []byte { return []byte(t) }
	hdr("Skole/IKT/startpassord_nyansatte.csv", []string{"Brukernavn", "Avdeling", "Startpassord"}, 9, utf8b, ";")
	hdr("Skole/IKT/engangspassord_elever.csv", []string{"Bruker", "Klasse", "Engangspassord"}, 11, utf8b, ",")
	hdr("Skola/IT/elever_lösen.csv", []string{"Användare", "Klass", "Lösen"}, 8, cp1252, ";")
	hdr("IT_DK/Lærere/kodeord_lærere.csv", []string{"Brugernavn", "Afdeling", "Kodeord"}, 7, cp1252, ";")
	hdr("Koulu/IT/tunnukset_opettajat.txt", []string{"Tunnus", "Koulu", "Salasana"}, 6, utf16LEBOM, "\t")
	hdr("Skóli/UT/kennarar.csv", []string{"Notandi", "Skóli", "Lykilorð"}, 5, utf8b, ";")
	hdr("Austausch/konten_lehrer.csv", []string{"Benutzername", "Schule", "Kennwort"}, 6, utf8b, ";")
	// Combo lists.
	{
		var b strings.Builder
		for i := range 30 {
			f, l := s.name()
			fmt.Fprintf(&b, "%s@%s:%s\n", s.login(f, l, i), s.one("gmail.com", "online.no", "hotmail.com"), s.pw(i))
		}
		s.putS("Diverse/Lekkasjer/skole_combo.txt", b.String())
		s.exp("Diverse/Lekkasjer/skole_combo.txt", ruleCombo, 30)
	}
	// Prose and mail.
	{
		p := s.pw(40)
		s.put("Skole/Brev/velkommen_vikar.docx", docxDoc([]string{"Velkommen som vikar!", "Brukernavnet ditt er vikar07 og passordet er " + p + ".", "Bytt passord ved første pålogging."}, nil))
		s.exp("Skole/Brev/velkommen_vikar.docx", rulePwText, 1)
		p2 := s.pw(41)
		s.putS("Adm/Epost/Pålogging Visma.eml", strings.ReplaceAll("From: IT <it@kommune.no>\nTo: ny@kommune.no\nSubject: =?utf-8?q?P=C3=A5logging?=\nMIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: quoted-printable\n\nHei!\n\nBrukernavn: nyansatt12\nPassord: "+p2+"\n\nHilsen IT-avdelingen\n", "\n", "\r\n"))
		s.exp("Adm/Epost/Pålogging Visma.eml", rulePwText, 1)
	}
	// Account table inside a zip.
	{
		rows := [][]string{{"Brukernavn", "Passord"}}
		for i := range 6 {
			f, l := s.name()
			rows = append(rows, []string{s.login(f, l, i), s.pw(i)})
		}
		s.put("Backup/IKT_gammel.zip", zipBytes("IKT/passord_2016.csv", table(";", rows)))
		s.exp("Backup/IKT_gammel.zip!/IKT/passord_2016.csv", rulePwTable, 6)
	}
	// Hash dumps, htpasswd, LDIF.
	{
		var b strings.Builder
		users := []string{"Administrator", "Guest", "krbtgt", "olanor01", "karsol02", "drift", "SKOLE-PC01$", "vikar07"}
		real := 0
		for i, u := range users {
			status := "Enabled"
			if u == "Guest" || u == "krbtgt" {
				status = "Disabled"
			}
			nt := fmt.Sprintf("%032x", s.r.Uint64())[:16] + fmt.Sprintf("%016x", s.r.Uint64())
			s.hide(nt)
			fmt.Fprintf(&b, "skole.local\\%s:%d:aad3b435b51404eeaad3b435b51404ee:%s::: (status=%s)\n", u, 500+i, nt, status)
			if status == "Enabled" && !strings.HasSuffix(u, "$") {
				real++
			}
		}
		s.putS("IT/Revisjon/secretsdump_dc01.txt", b.String())
		s.exp("IT/Revisjon/secretsdump_dc01.txt", ruleHashes, real)
		var l strings.Builder
		for i := range 4 {
			f, ln := s.name()
			p := s.pw(i)
			fmt.Fprintf(&l, "dn: uid=%s,ou=people,dc=skole,dc=no\nobjectClass: inetOrgPerson\nuid: %s\nuserPassword:: %s\n\n", s.login(f, ln, i), s.login(f, ln, i), base64.StdEncoding.EncodeToString([]byte(p)))
			s.hide(base64.StdEncoding.EncodeToString([]byte(p)))
		}
		s.putS("IT/LDAP/people.ldif", l.String())
		s.exp("IT/LDAP/people.ldif", ruleLDIF, 4)
	}
	// --- secrets ---
	{
		_, k, _ := ed25519.GenerateKey(rand.Reader)
		blk, _ := ssh.MarshalPrivateKey(k, "backup@nas")
		p := pem.EncodeToMemory(blk)
		s.put("Drift/nas/id_ed25519", p)
		s.exp("Drift/nas/id_ed25519", ruleKey, 1)
		s.hide(string(p[40:90]))
		pub, _ := ssh.NewPublicKey(k.Public())
		s.put("Drift/nas/id_ed25519.pub", ssh.MarshalAuthorizedKey(pub))
		s.none("Drift/nas/id_ed25519.pub")
	}
	{
		gpw := "Lokal!Admin2019"
		s.hide(gpw, cpassword(gpw))
		s.putS("SYSVOL/kommune.local/Policies/{A1B2C3D4-0000-1111-2222-333344445555}/Machine/Preferences/Groups/Groups.xml", `<?xml version="1.0" encoding="utf-8"?>
<Groups clsid="{3125E937-EB16-4b4c-9934-544FC6D24D26}"><User clsid="{DF5F1855-51E5-4d24-8B1A-D9BDE98BA1D1}" name="lokaladmin" image="2" changed="2019-03-01 10:00:00" uid="{11111111-2222-3333-4444-555555555555}"><Properties action="U" newName="" fullName="" description="" cpassword="`+cpassword(gpw)+`" changeLogon="0" noChange="1" neverExpires="1" acctDisabled="0" userName="lokaladmin"/></User></Groups>
`)
		s.exp("SYSVOL/kommune.local/Policies/{A1B2C3D4-0000-1111-2222-333344445555}/Machine/Preferences/Groups/Groups.xml", ruleGPP, 1)
	}
	{
		key := s.rnd(86, b64set) + "=="
		s.hide(key)
		s.putS("Utvikling/arkiv/appsettings.json", "{\n  \"Storage\": {\n    \"ConnectionString\": \"DefaultEndpointsProtocol=https;AccountName=kommunearkiv;AccountKey="+key+";EndpointSuffix=core.windows.net\"\n  }\n}\n")
		s.exp("Utvikling/arkiv/appsettings.json", ruleAzure, 1)
	}
	{
		gl := "glpat-" + s.rnd(20, s2alnum)
		gk := "AIza" + s.rnd(35, s2alnum+"-_")
		s.hide(gl, gk)
		s.putS("Utvikling/ci/.gitlab-ci.yml", "variables:\n  GITLAB_TOKEN: \""+gl+"\"\n  MAPS_KEY: \""+gk+"\"\n")
		s.exp("Utvikling/ci/.gitlab-ci.yml", ruleGitLab, 1)
		s.exp("Utvikling/ci/.gitlab-ci.yml", ruleGoogle, 1)
	}
	// Decoys.
	dec := func(path, text string) { s.putS(path, text); s.none(path) }
	dec("Utvikling/docs/tokens.md", "# Tokens\n\nLag et token på GitHub (det ser ut som `ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx`) og lim det inn i `GITHUB_TOKEN=<token>`.\nStripe test-nøkkel: sk_test_4eC39HqLyjWDarjtT1zdp7dc\n")
	dec("IT/Rutiner/ny_elev_rutine.txt", "Rutine for nye elever\n\n1. Opprett bruker i Feide.\n2. Brukernavn: fornavn.etternavn\n3. Passord: genereres automatisk og sendes foresatte\n4. Eleven må bytte passord ved første pålogging.\n")
	dec("IT/Rutiner/Passordpolicy.docx", "")
	s.put("IT/Rutiner/Passordpolicy.docx", docxDoc([]string{"Passordpolicy", "Passordet skal være minst 14 tegn og inneholde store og små bokstaver.", "Passord: minimum 14 tegn", "Brukernavn og passord må aldri sendes på e-post."}, nil))
	dec("Web/certs/intranett.crt", "-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUQ2Jx3fV1m3lJ0d8kq3v3xX9bX1kwCgYIKoZIzj0EAwIw\n-----END CERTIFICATE-----\n")
	dec("Skole/Klasselister/klasseliste_5A.csv", "Elevnavn;Klasse;Brukernavn;E-post\nSander Solberg;5A;sasolberg01;sasolberg01@skole.no\nThea Hauge;5A;thhauge02;thhauge02@skole.no\n")
	dec("Økonomi/Lønn/feriepenger.csv", "Ansattnr;Feriepengegrunnlag;Beløp;Utbetalt\n40123;512000;52224;2024-06-15\n40124;498000;50796;2024-06-15\n")
	dec("Drift/logs/epoch.log", func() string {
		var b strings.Builder
		for i := range 40 {
			fmt.Fprintf(&b, "%d %d %s id=%s\n", 1700000000+i*3600, 1700000000000+int64(i)*1000, s.digitsNot(11), s.digitsNot(10))
		}
		return b.String()
	}())
}
