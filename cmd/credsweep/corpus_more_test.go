package main

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strings"
)

const (
	rulePMExport   = "secret/password-manager-export"
	ruleFileZilla  = "secret/filezilla-password"
	ruleStripe     = "secret/stripe-key"
	ruleSlackHook  = "secret/slack-webhook"
	ruleAWSKeyOnly = "secret/aws-access-key-id"
)

// harderFiles writes the shapes that trip detectors: IDs without
// separators in named columns, JSON numbers, XML, SQL with column lists,
// credential exports as JSON, UTF-16 without a BOM, login slips in PDFs,
// password-manager exports and more secrets.
func (c *corpus) harderFiles() {
	// NO IDs as JSON numbers and in XML elements.
	{
		var items []string
		for range 10 {
			f, l := c.person("no")
			id := c.fnr(fnrPlain)
			c.plantIDs(id)
			items = append(items, fmt.Sprintf(`{"navn":"%s %s","fnr":%s,"kommune":"4601"}`, f, l, id))
		}
		c.write("Integrasjon/visma/elever_4601.json", []byte("["+strings.Join(items, ",")+"]"))
		c.expect("Integrasjon/visma/elever_4601.json", ruleNO, 10)
		var b strings.Builder
		b.WriteString("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<Elevliste skole=\"Åsane\">\n")
		for range 8 {
			f, l := c.person("no")
			id := c.fnr(fnrPlain)
			c.plantIDs(id)
			fmt.Fprintf(&b, "  <Elev>\n    <Navn>%s %s</Navn>\n    <Fodselsnummer>%s</Fodselsnummer>\n  </Elev>\n", f, l, id)
		}
		b.WriteString("</Elevliste>\n")
		c.write("Integrasjon/visma/elevliste.xml", charmapLatin1(b.String()))
		c.expect("Integrasjon/visma/elevliste.xml", ruleNO, 8)
	}
	// SQL with a column list, one INSERT per row (PostgreSQL pg_dump --inserts).
	{
		var b strings.Builder
		b.WriteString("--\n-- PostgreSQL database dump\n--\n\nCREATE TABLE public.pasient (\n    id integer NOT NULL,\n    navn text,\n    personnummer character(11),\n    telefon text\n);\n\n")
		for i := range 25 {
			f, l := c.person("no")
			id := c.fnr(fnrPlain)
			c.plantIDs(id)
			fmt.Fprintf(&b, "INSERT INTO public.pasient (id, navn, personnummer, telefon) VALUES (%d, '%s %s', '%s', '+47 9%07d');\n", i+1, f, l, id, c.r.IntN(1e7))
		}
		c.write("Backup/helse/journal_pg.sql", []byte(b.String()))
		c.expect("Backup/helse/journal_pg.sql", ruleNO, 25)
	}
	// Compact 10-digit forms in named columns (SE, DK, IS) and 12-digit SE.
	{
		rows := [][]string{{"Namn", "Personnummer", "Avdelning"}}
		for i := range 14 {
			f, l := c.person("se")
			id := strings.ReplaceAll(strings.ReplaceAll(c.pnr(i%2 == 0, false), "-", ""), "+", "")
			c.plantIDs(id)
			rows = append(rows, []string{f + " " + l, id, "Ekonomi"})
		}
		c.write("Personal/Sverige/lönelista_okt.csv", []byte(lines(";", rows)))
		c.expect("Personal/Sverige/lönelista_okt.csv", ruleSE, 14)
		rows = [][]string{{"Fornavn", "Efternavn", "CPR"}}
		for range 12 {
			f, l := c.person("dk")
			id := strings.ReplaceAll(c.cpr(), "-", "")
			c.plantIDs(id)
			rows = append(rows, []string{f, l, id})
		}
		c.write("Borgerservice/cpr_uden_bindestreg.csv", []byte(lines(";", rows)))
		c.expect("Borgerservice/cpr_uden_bindestreg.csv", ruleDK, 12)
		rows = [][]string{{"Nafn", "Kt."}}
		for range 10 {
			f, l := c.person("is")
			id := strings.ReplaceAll(c.kennitala(), "-", "")
			c.plantIDs(id)
			rows = append(rows, []string{f + " " + l, id})
		}
		c.write("Skóli/foreldrar.csv", []byte(lines(";", rows)))
		c.expect("Skóli/foreldrar.csv", ruleIS, 10)
	}
	// A Nordic HR workbook, one sheet per country.
	{
		var sheets []sheet
		mk := func(name, lang, hdr string, n int, gen func() string) {
			rows := [][]string{{"Namn", hdr, "Enhet"}}
			for range n {
				f, l := c.person(lang)
				id := gen()
				c.plantIDs(id)
				rows = append(rows, []string{f + " " + l, id, "Nordic Shared Services"})
			}
			sheets = append(sheets, sheet{name, rows})
		}
		mk("Norge", "no", "Fødselsnummer", 6, func() string { return c.fnr(fnrPlain) })
		mk("Sverige", "se", "Personnummer", 6, func() string { return c.pnr(false, false) })
		mk("Danmark", "dk", "CPR-nummer", 6, c.cpr)
		mk("Suomi", "fi", "Henkilötunnus", 6, c.hetu)
		mk("Ísland", "is", "Kennitala", 6, c.kennitala)
		c.write("Personal/Norden/ansatte_norden_2023.xlsx", xlsxDoc(sheets...))
		for _, r := range []string{ruleNO, ruleSE, ruleDK, ruleFI, ruleIS} {
			c.expect("Personal/Norden/ansatte_norden_2023.xlsx", r, 6)
		}
	}
	// Credential export as JSON (from a school admin system API).
	{
		type acct struct {
			Username string `json:"username"`
			Name     string `json:"displayName"`
			Password string `json:"password"`
			Class    string `json:"class"`
		}
		var list []acct
		for i := range 15 {
			f, l := c.person("no")
			pw := c.password(i)
			c.plant(pw)
			list = append(list, acct{c.username(f, l, i), f + " " + l, pw, c.pick(klasser)})
		}
		js, _ := json.MarshalIndent(list, "", "  ")
		c.write("Skole/IKT/export_brukere_api.json", js)
		c.expect("Skole/IKT/export_brukere_api.json", rulePwTable, 15)
	}
	// PowerShell export: UTF-16LE without a BOM, tab separated, Swedish.
	{
		rows := c.accountRows("se", []string{"Användarnamn", "Lösenord", "Skola"}, 12, func(i int, f, l, u, pw string) []string {
			return []string{u, pw, "Vasaskolan"}
		})
		b := utf16LEBOM(crlf(lines("\t", rows)))[2:]
		c.write("Skola/IT/konton_export.txt", b)
		c.expect("Skola/IT/konton_export.txt", rulePwTable, 12)
	}
	// cp1252 Swedish CSV with ö in the header; pipe separated Danish.
	{
		rows := c.accountRows("se", []string{"Elev", "Användarnamn", "Lösenord"}, 10, func(i int, f, l, u, pw string) []string {
			return []string{f + " " + l, u, pw}
		})
		c.write("Skola/IT/lösenord_åk9.csv", cp1252(lines(";", rows)))
		c.expect("Skola/IT/lösenord_åk9.csv", rulePwTable, 10)
		rows = c.accountRows("dk", []string{"Brugernavn", "Kodeord"}, 8, func(i int, f, l, u, pw string) []string {
			return []string{u, pw}
		})
		c.write("IT_DK/kodeord.txt", []byte(lines(" | ", rows)))
		c.expect("IT_DK/kodeord.txt", rulePwTable, 8)
	}
	// Login slips as PDF: one "Brukernavn: … Passord: …" pair per pupil.
	{
		var ls []string
		for i := range 10 {
			f, l := c.person("no")
			pw := c.password(i)
			c.plant(pw)
			ls = append(ls, fmt.Sprintf("%s %s", f, l), fmt.Sprintf("Brukernavn: %s   Passord: %s", c.username(f, l, i), pw), "")
		}
		c.write("Skole/IKT/Elevpassord/innloggingslapper_8B.pdf", pdfDoc(ls))
		c.expect("Skole/IKT/Elevpassord/innloggingslapper_8B.pdf", rulePwText, 10)
	}
	// A password list printed from Excel to PDF, with fødselsnummer.
	{
		rows := [][]string{{"Navn", "Fødselsnummer", "Brukernavn", "Passord"}}
		for i := range 20 {
			f, l := c.person("no")
			id := c.fnr(fnrPlain)
			pw := c.password(i)
			c.plantIDs(id)
			c.plant(pw)
			rows = append(rows, []string{f + " " + l, id, c.username(f, l, i), pw})
		}
		c.write("Skole/IKT/Elevpassord/Elevpassord 10B (utskrift).pdf", pdfTable("Elevpassord 10B - skoleåret 2018/2019", rows))
		c.expect("Skole/IKT/Elevpassord/Elevpassord 10B (utskrift).pdf", rulePwTable, 20)
		c.expect("Skole/IKT/Elevpassord/Elevpassord 10B (utskrift).pdf", ruleNO, 20)
	}
	// Pairs in Danish, Finnish, Icelandic and English notes.
	{
		notes := []struct{ name, text, pw string }{
			{"IT_DK/noter_printer.txt", "Printer i lærerværelset\nBrugernavn: printadmin\nAdgangskode: %s\n", "Print!Lærer2022"},
			{"Koulu/IT/muistio.txt", "Wlan-verkko opettajille\nKäyttäjätunnus: opettaja\nSalasana: %s\n", "Kesä#Loma2023"},
			{"Skóli/UT/minnisblað.txt", "Aðgangur að kerfinu\nNotandanafn: kerfisstjori\nLykilorð: %s\n", "Hestur!Reyk22"},
			{"IT/handover_notes.rtf", "Handover notes for the new technician\nBackup server login: Username: backupadmin Password: %s\nCall me if anything breaks.", "Veeam#Backup2021"},
		}
		for _, n := range notes {
			c.plant(n.pw)
			txt := fmt.Sprintf(n.text, n.pw)
			if strings.HasSuffix(n.name, ".rtf") {
				c.write(n.name, rtfDoc(strings.Split(txt, "\n")))
			} else {
				c.write(n.name, []byte(txt))
			}
			c.expect(n.name, rulePwText, 1)
		}
	}
	// pwdump (fgdump) with disabled accounts marked by secretsdump.
	{
		lm := "aad3b435b51404eeaad3b435b51404ee"
		var b strings.Builder
		for i := range 6 {
			u := c.username(c.pick(firstSE), c.pick(lastSE), i)
			status := "Enabled"
			if i == 5 {
				status = "Disabled"
			}
			fmt.Fprintf(&b, "SKOLA\\%s:%d:%s:%s::: (status=%s)\n", u, 1200+i, lm, c.nt(u), status)
		}
		c.write("IT/Pentest/hashes_user_status.txt", []byte(b.String()))
		c.expect("IT/Pentest/hashes_user_status.txt", ruleHashes, 5)
	}
	// Password-manager exports (KeePass CSV, Bitwarden CSV).
	{
		var b strings.Builder
		b.WriteString("\"Account\",\"Login Name\",\"Password\",\"Web Site\",\"Comments\"\n")
		for i := range 6 {
			pw := c.password(i)
			c.plant(pw)
			fmt.Fprintf(&b, "\"%s\",\"drift%d\",\"%s\",\"https://%s.skole.no\",\"\"\n", c.pick([]string{"Visma", "Vigilo", "Feide", "Ruter", "Switch"}), i, pw, c.pick([]string{"a", "b", "c"}))
		}
		c.write("IT/Passord/keepass_export.csv", []byte(b.String()))
		// A KeePass CSV export is a password table: secret/password-manager-export
		// covers Bitwarden's JSON.
		c.expect("IT/Passord/keepass_export.csv", rulePwTable, 6)
		var items []string
		for i := range 5 {
			pw := c.password(i)
			c.plant(pw)
			items = append(items, fmt.Sprintf(`    {"id": "%s", "type": 1, "name": "%s", "login": {"username": "drift%d", "password": "%s", "uris": [{"uri": "https://%s.skole.no"}]}}`, c.token(8, alnum), c.pick(pwWords), i, pw, c.pick(lastNO)))
		}
		c.write("IT/Passord/bitwarden_export_20231115.json", []byte("{\n  \"encrypted\": false,\n  \"folders\": [],\n  \"items\": [\n"+strings.Join(items, ",\n")+"\n  ]\n}\n"))
		c.expect("IT/Passord/bitwarden_export_20231115.json", rulePMExport, 5)
	}
	// More secrets: FileZilla, Stripe, Slack webhook, PuTTY key, a key in a
	// zip, an AWS console access-key CSV.
	{
		fz := "Ftp!Skole2020"
		c.plant(fz, base64.StdEncoding.EncodeToString([]byte(fz)))
		c.write("Drift/FileZilla/sitemanager.xml", []byte(`<?xml version="1.0" encoding="UTF-8" standalone="yes" ?>
<FileZilla3 version="3.60.2" platform="windows">
  <Servers>
    <Server>
      <Host>ftp.skole.no</Host><Port>21</Port><Protocol>0</Protocol><Type>0</Type>
      <User>webred</User>
      <Pass encoding="base64">`+base64.StdEncoding.EncodeToString([]byte(fz))+`</Pass>
      <Name>Skolens nettside</Name>
    </Server>
  </Servers>
</FileZilla3>
`))
		c.expect("Drift/FileZilla/sitemanager.xml", ruleFileZilla, 1)
		sk := "sk_live_" + c.token(40, alnum)
		hook := "https://hooks.slack.com/services/T" + c.token(8, upnum) + "/B" + c.token(10, upnum) + "/" + c.token(24, alnum)
		c.plant(sk, hook)
		c.write("Utvikling/betaling/config.php", []byte("<?php\n$stripe_key = '"+sk+"';\n$slack_hook = '"+hook+"';\n"))
		c.expect("Utvikling/betaling/config.php", ruleStripe, 1)
		c.expect("Utvikling/betaling/config.php", ruleSlackHook, 1)
		key := c.pemKey("ec")
		c.write("Backup/server01_etc.zip", zipBytes("etc/ssl/private/server.key", key, "etc/hostname", "server01\n"))
		c.expect("Backup/server01_etc.zip!/etc/ssl/private/server.key", ruleKey, 1)
		id := "AKIA" + c.token(16, upnum)
		sec := c.token(40, alnum+"/+")
		c.plant(id, sec)
		c.write("Drift/aws/elevportal_accessKeys.csv", []byte("Access key ID,Secret access key\n"+id+","+sec+"\n"))
		c.expect("Drift/aws/elevportal_accessKeys.csv", ruleAWS, 1)
		id2 := "AKIA" + c.token(16, upnum)
		c.plant(id2)
		c.write("Drift/aws/notat_iam.txt", []byte("IAM-bruker for backup har nøkkel-ID "+id2+" (hemmeligheten ligger i Vault).\n"))
		c.expect("Drift/aws/notat_iam.txt", ruleAWSKeyOnly, 1)
	}
	// More decoys: ID-like numbers in order and product lists, masked IDs.
	{
		rows := [][]string{{"Ordrenr", "Kundenr", "Produkt", "Dato", "Sum"}}
		for range 25 {
			d := c.date(2020, 2023)
			rows = append(rows, []string{d.Format("020106") + fmt.Sprintf("%05d", c.r.IntN(100000)), fmt.Sprint(100000 + c.r.IntN(900000)), c.pick(pwWords), d.Format("2006-01-02"), fmt.Sprint(c.r.IntN(10000))})
		}
		c.write("Økonomi/ordre_eksport.csv", []byte(lines(";", rows)))
		c.decoy("Økonomi/ordre_eksport.csv")
		rows = [][]string{{"Navn", "Fødselsnummer", "Klasse"}}
		for range 15 {
			f, l := c.person("no")
			rows = append(rows, []string{f + " " + l, c.fnr(fnrPlain)[:6] + "*****", "8A"})
		}
		c.write("Skole/Klasselister/klasseliste_maskert.csv", []byte(lines(";", rows)))
		c.decoy("Skole/Klasselister/klasseliste_maskert.csv")
	}
}

// charmapLatin1 encodes s as ISO-8859-1 (the same bytes as cp1252 for the
// Nordic letters).
func charmapLatin1(s string) []byte { return cp1252(s) }
