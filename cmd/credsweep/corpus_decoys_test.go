package main

import (
	"fmt"
	"strings"
)

// decoyFiles writes files full of numbers and words that look like IDs,
// passwords or secrets and are none of them. Each must give no result.
func (c *corpus) decoyFiles() {
	// Invoice register: invoice numbers, KID, accounts, org numbers, dates.
	{
		rows := [][]string{{"Fakturanr", "Fakturadato", "Forfall", "Leverandør", "Org.nr", "Kontonr", "KID", "Ordrenr", "Beløp"}}
		for i := range 30 {
			d := c.date(2022, 2023)
			rows = append(rows, []string{fmt.Sprint(2023110000 + i*37), d.Format("02.01.2006"), d.AddDate(0, 0, 14).Format("02.01.2006"), c.pick(lastNO) + " AS", c.orgnr(), c.bankAccount(i%3 != 0),
				fmt.Sprintf("%s%d", d.Format("020106"), 10000+c.r.IntN(89999)), d.Format("020106") + fmt.Sprintf("%04d", c.r.IntN(10000)), fmt.Sprintf("%d,%02d", 100+c.r.IntN(90000), c.r.IntN(100))})
		}
		c.write("Økonomi/Faktura/fakturajournal_2023.csv", cp1252(lines(";", rows)))
		c.decoy("Økonomi/Faktura/fakturajournal_2023.csv")
	}
	// Bank account list (prose and compact accounts).
	{
		var b strings.Builder
		b.WriteString("Kontoer for tilskudd og refusjoner\n\n")
		for range 25 {
			fmt.Fprintf(&b, "%s skole: kontonr. %s\n", c.pick(lastNO), c.bankAccount(c.r.IntN(2) == 0))
		}
		c.write("Økonomi/bankkontoer_skoler.txt", []byte(b.String()))
		c.decoy("Økonomi/bankkontoer_skoler.txt")
	}
	// Phone list with Nordic numbers in every format.
	{
		rows := [][]string{{"Navn", "Rolle", "Mobil", "Sentralbord", "Faks"}}
		for range 30 {
			f, l := c.person("no")
			mob := []string{fmt.Sprintf("+47 %d%02d %02d %03d", 4+c.r.IntN(6), c.r.IntN(100), c.r.IntN(100), c.r.IntN(1000)), fmt.Sprintf("070%07d", c.r.IntN(1e7)), fmt.Sprintf("+45 %02d %02d %02d %02d", 20+c.r.IntN(70), c.r.IntN(100), c.r.IntN(100), c.r.IntN(100)), fmt.Sprintf("0%d%02d%02d%02d%02d", 40+c.r.IntN(10), c.r.IntN(100), c.r.IntN(100), c.r.IntN(100), c.r.IntN(100))}[c.r.IntN(4)]
			rows = append(rows, []string{f + " " + l, c.pick([]string{"Kontaktlærer", "Rektor", "Helsesykepleier"}), mob, "55 56 10 00", fmt.Sprintf("%02d%02d%02d%04d", 1+c.r.IntN(28), 1+c.r.IntN(12), c.r.IntN(100), c.r.IntN(10000))})
		}
		c.write("Adm/telefonliste_ansatte.csv", []byte(lines(";", rows)))
		c.decoy("Adm/telefonliste_ansatte.csv")
	}
	// Rejected-numbers report: checksum-invalid numbers beside ID words.
	{
		rows := [][]string{{"Løpenr", "Fødselsnummer", "Feilkode", "Årsak"}}
		for i := range 20 {
			rows = append(rows, []string{fmt.Sprint(i + 1), c.badFnr(), "F102", "Ugyldig kontrollsiffer"})
		}
		for i := range 8 {
			rows = append(rows, []string{fmt.Sprint(i + 21), c.badPnr(), "F103", "Ogiltigt personnummer (kontrollsiffra)"})
		}
		for i := range 8 {
			rows = append(rows, []string{fmt.Sprint(i + 29), c.badHetu(), "F104", "Virheellinen henkilötunnus"})
		}
		c.write("Folkeregister/avviste_nummer_rapport_2023-11.csv", []byte(lines(";", rows)))
		c.decoy("Folkeregister/avviste_nummer_rapport_2023-11.csv")
	}
	// Supplier register: Swedish, Norwegian and Finnish organisation numbers.
	{
		rows := [][]string{{"Leverantör", "Organisationsnummer", "Momsreg.nr", "Bankgiro"}}
		for range 20 {
			o := c.seOrgnr()
			rows = append(rows, []string{c.pick(lastSE) + " AB", o, "SE" + strings.ReplaceAll(o, "-", "") + "01", fmt.Sprintf("%03d-%04d", 100+c.r.IntN(900), c.r.IntN(10000))})
		}
		c.write("Ekonomi/leverantörsregister.csv", []byte(lines(";", rows)))
		c.decoy("Ekonomi/leverantörsregister.csv")
	}
	// Library list with ISBNs; log with timestamps and ids.
	{
		var b strings.Builder
		b.WriteString("Tittel;Forfatter;ISBN;Antall\n")
		for range 20 {
			fmt.Fprintf(&b, "%s og %s;%s;978%010d;%d\n", c.pick(pwWords), c.pick(pwWords), c.pick(lastNO), c.r.IntN(1e10), 1+c.r.IntN(30))
		}
		c.write("Bibliotek/innkjøp_2023.csv", []byte(b.String()))
		c.decoy("Bibliotek/innkjøp_2023.csv")
		b.Reset()
		for i := range 60 {
			d := c.date(2023, 2023)
			fmt.Fprintf(&b, "%s %02d:%02d:%02d INFO  [req=%s%04d] GET /api/v1/elev/%d 200 %dms session=%x\n", d.Format("2006-01-02"), c.r.IntN(24), c.r.IntN(60), c.r.IntN(60), d.Format("020106"), c.r.IntN(10000), 10000+i, c.r.IntN(900), c.r.Uint64())
		}
		c.write("Drift/logs/app-2023-11-15.log", []byte(b.String()))
		c.decoy("Drift/logs/app-2023-11-15.log")
	}
	// Password policy, reset instructions (docx), placeholders.
	c.write("IT/Rutiner/passordregler.txt", []byte("Passordregler for ansatte og elever\n\nPassord: minst 12 tegn, både store og små bokstaver og tall.\nPassordet må byttes hver 180. dag.\nBrukernavn: fornavn.etternavn (uten æ, ø, å)\nDel aldri passordet ditt med andre, heller ikke med IT-avdelingen.\nLösenord: minst 12 tecken.\nSalasana: vähintään 12 merkkiä.\nPassword: at least 12 characters, no reuse of the last 5 passwords.\n"))
	c.decoy("IT/Rutiner/passordregler.txt")
	c.write("IT/Rutiner/Tilbakestille passord.docx", docxDoc([]string{"Slik tilbakestiller du passordet", "1. Gå til https://passord.bergen.kommune.no", "2. Skriv inn brukernavn og mobilnummer.", "3. Du får en engangskode på SMS.", "Brukernavn: <ditt brukernavn>", "Passord: <ditt nye passord>", "Ta kontakt med IT-brukerstøtte på tlf. 55 56 60 00 ved problemer."}, nil))
	c.decoy("IT/Rutiner/Tilbakestille passord.docx")
	// Masked password column and a user list without passwords.
	{
		rows := [][]string{{"Brukernavn", "Navn", "Passord", "Sist endret"}}
		rows2 := [][]string{{"SamAccountName", "DisplayName", "mail", "PasswordLastSet", "PasswordNeverExpires", "Enabled"}}
		for i := range 25 {
			f, l := c.person("no")
			u := c.username(f, l, i)
			rows = append(rows, []string{u, f + " " + l, "********", "12.10.2023"})
			rows2 = append(rows2, []string{u, f + " " + l, u + "@bergen.kommune.no", fmt.Sprintf("%02d.%02d.2023 08:%02d:11", 1+c.r.IntN(28), 1+c.r.IntN(12), c.r.IntN(60)), "False", "True"})
		}
		c.write("IT/Brukere/brukere_maskert.csv", []byte(lines(";", rows)))
		c.decoy("IT/Brukere/brukere_maskert.csv")
		c.write("IT/Brukere/ad_users_pwdlastset.csv", []byte(lines(",", rows2)))
		c.decoy("IT/Brukere/ad_users_pwdlastset.csv")
	}
	// Placeholder template for a new pupil account letter.
	{
		rows := [][]string{{"Brukernavn", "Passord", "Klasse"}}
		for _, p := range []string{"<passord>", "changeme", "xxx", "XXXXXXXX", "(fylles ut)", "-", "N/A", "********"} {
			rows = append(rows, []string{"<brukernavn>", p, "8A"})
		}
		c.write("IT/Maler/mal_brukerkonto.csv", []byte(lines(";", rows)))
		c.decoy("IT/Maler/mal_brukerkonto.csv")
	}
	// .env.example, public keys, certificates, integrated-security config.
	c.write("Utvikling/elevportal/.env.example", []byte("# Copy to .env and fill in\nDB_HOST=localhost\nDB_USER=elevportal\nDB_PASSWORD=changeme\nSECRET_KEY=<your-secret-key>\nAWS_ACCESS_KEY_ID=\nAWS_SECRET_ACCESS_KEY=\nSMTP_PASSWORD=${SMTP_PASSWORD}\n"))
	c.decoy("Utvikling/elevportal/.env.example")
	c.write("Utvikling/elevportal/Web.config", []byte(`<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <connectionStrings>
    <add name="ElevDb" connectionString="Data Source=sql01.skole.local;Initial Catalog=ElevDb;Integrated Security=SSPI;" providerName="System.Data.SqlClient" />
    <add name="Logg" connectionString="Server=sql02;Database=Logg;Trusted_Connection=True;" providerName="System.Data.SqlClient" />
  </connectionStrings>
  <appSettings>
    <add key="PasswordMinLength" value="12" />
    <add key="SmtpPassword" value="" />
  </appSettings>
</configuration>
`))
	c.decoy("Utvikling/elevportal/Web.config")
	c.write("IT/Nøkler/id_ed25519.pub", []byte("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGmF0x5dJ3JxE8kK7CkFJ5m8e1hB3u3x9rWq2H3Z9dQ1 drift@skole\n"))
	c.decoy("IT/Nøkler/id_ed25519.pub")
	c.write("IT/Nøkler/intranett_public.pem", []byte(c.publicPEM()))
	c.decoy("IT/Nøkler/intranett_public.pem")
	c.write("Utvikling/docs/aws_oppsett.md", []byte("# AWS-oppsett\n\nBruk aldri ekte nøkler i dokumentasjon. Eksempel fra AWS:\n\n```\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n```\n"))
	c.decoy("Utvikling/docs/aws_oppsett.md")
	c.write("Utvikling/elevportal/appsettings.Development.json", []byte(`{
  "ConnectionStrings": {
    "Default": "Server=(localdb)\\mssqllocaldb;Database=Elevportal;Trusted_Connection=True;MultipleActiveResultSets=true"
  },
  "Smtp": { "Host": "localhost", "User": "", "Password": "" },
  "Jwt": { "Secret": "<replace-me>" }
}
`))
	c.decoy("Utvikling/elevportal/appsettings.Development.json")
	// A mail about passwords without any.
	c.write("Adm/Epost/RE Nytt passordsystem.eml", []byte(crlf("From: IT-avdelingen <it@skole.no>\nTo: alle-ansatte@skole.no\nSubject: Nytt passordsystem fra mandag\nDate: Mon, 13 Nov 2023 09:12:00 +0100\nMIME-Version: 1.0\nContent-Type: text/plain; charset=\"utf-8\"\nContent-Transfer-Encoding: 8bit\n\nHei alle,\n\nFra mandag må alle bytte passord ved første pålogging. Passordet skal ha minst 12 tegn.\nBrukernavnet ditt er det samme som før.\nIkke send passord på e-post.\n\nHilsen IT\n")))
	c.decoy("Adm/Epost/RE Nytt passordsystem.eml")
}
