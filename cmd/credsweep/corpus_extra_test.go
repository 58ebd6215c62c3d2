package main

import (
	"fmt"
	"strings"
)

// extraFiles holds the cases found while grading: each once gave a miss, a
// double report or a wrong count.
func (c *corpus) extraFiles() {
	// A temporary-password column ("midlertidig" holds "tid", a negative
	// header token).
	{
		rows := c.accountRows("no", []string{"Navn", "Brukernavn", "Passord (midlertidig)"}, 9, func(i int, f, l, u, pw string) []string {
			return []string{f + " " + l, u, pw}
		})
		c.write("Skole/IKT/nyansatte_midlertidig_passord.csv", []byte(lines(";", rows)))
		c.expect("Skole/IKT/nyansatte_midlertidig_passord.csv", rulePwTable, 9)
	}
	// user:nthash lines cut from a pwdump for cracking.
	{
		var b strings.Builder
		for i := range 7 {
			u := c.username(c.pick(firstNO), c.pick(lastNO), i)
			fmt.Fprintf(&b, "%s:%s\n", u, c.nt(u))
		}
		b.WriteString("Guest:31d6cfe0d16ae931b73c59d7e0c089c0\n")
		c.write("IT/Pentest/til_hashcat.txt", []byte(b.String()))
		c.expect("IT/Pentest/til_hashcat.txt", ruleHashes, 7)
	}
	// Secrets formats whose user and password the credentials rules must
	// leave alone.
	{
		p1, p2, p3, p4 := "Prod#Sql2022x", "Smtp!Pass2022", "Vigilo-Db-2023x", "Sysprep!Adm1n"
		c.plant(p1, p2, p3, p4)
		c.write("Utvikling/elevportal/appsettings.Production.json", []byte(`{
  "ConnectionStrings": {
    "Elev": "Server=sql01;Database=Elev;User Id=elevapp;Password=`+p1+`;"
  },
  "Smtp": { "Host": "smtp.skole.no", "Username": "noreply@skole.no", "Password": "`+p2+`" }
}
`))
		c.expect("Utvikling/elevportal/appsettings.Production.json", ruleConn, 1)
		c.expect("Utvikling/elevportal/appsettings.Production.json", ruleConfig, 1)
		c.write("Utvikling/vigilo/docker-compose.yml", []byte("services:\n  db:\n    image: postgres:15\n    environment:\n      POSTGRES_USER: vigilo\n      POSTGRES_PASSWORD: "+p3+"\n"))
		c.expect("Utvikling/vigilo/docker-compose.yml", ruleConfig, 1)
		c.write("Deploy/XP/sysprep.inf", []byte(crlf("[Unattended]\n    OemSkipEula=Yes\n\n[GuiUnattended]\n    AdminPassword=\""+p4+"\"\n    EncryptedAdminPassword=NO\n    TimeZone=110\n\n[UserData]\n    FullName=\"Skole\"\n    OrgName=\"Bergen kommune\"\n")))
		c.expect("Deploy/XP/sysprep.inf", ruleUnattend, 1)
		pw := "Tjeneste!Backup15"
		c.plant(pw, cpassword(pw))
		c.write("SYSVOL/skole.local/Policies/{6AC1786C-016F-11D2-945F-00C04FB984F9}/Machine/Preferences/Services/Services.xml", []byte(`<?xml version="1.0" encoding="utf-8"?>
<NTServices clsid="{2CFB484A-4E96-4b5d-A0B6-093D2F91E6AE}"><NTService clsid="{AB6F0B67-341F-4e51-92F9-005FBFBA1A43}" name="BackupSvc" image="4" changed="2015-01-01 10:00:00" uid="{9E2A3F10-1B2C-4D5E-8F90-A1B2C3D4E5F6}"><Properties startupType="AUTOMATIC" serviceName="BackupSvc" timeout="30" accountName="SKOLE\svc_backup" cpassword="`+cpassword(pw)+`"/></NTService></NTServices>
`))
		c.expect("SYSVOL/skole.local/Policies/{6AC1786C-016F-11D2-945F-00C04FB984F9}/Machine/Preferences/Services/Services.xml", ruleGPP, 1)
	}
	// Decoys: translations, a login form, a password-status column, an
	// .env.sample, a masked workbook.
	{
		c.write("Utvikling/elevportal/locales/da.json", []byte(`{"signin": {"username": "Brugernavn", "password": "Adgangskode", "submit": "Log ind"}, "signup": {"username": "Vælg brugernavn", "password": "Vælg adgangskode"}, "errors": {"password": "Forkert adgangskode"}}`+"\n"))
		c.decoy("Utvikling/elevportal/locales/da.json")
		c.write("Utvikling/elevportal/login.html", []byte(`<form method="post" action="/login">
  <label for="u">Brukernavn:</label> <input id="u" type="text" name="username" value="">
  <label for="p">Passord:</label> <input id="p" type="password" name="password" value="">
  <button>Logg inn</button>
</form>
`))
		c.decoy("Utvikling/elevportal/login.html")
		rows := [][]string{{"Brukernavn", "Navn", "Passord sendt", "Passord må byttes"}}
		for i := range 12 {
			f, l := c.person("no")
			rows = append(rows, []string{c.username(f, l, i), f + " " + l, "Ja (SMS)", "Ja"})
		}
		c.write("IT/Brukere/utsendte_passord_status.csv", []byte(lines(";", rows)))
		c.decoy("IT/Brukere/utsendte_passord_status.csv")
		c.write("Utvikling/vigilo/.env.sample", []byte("DB_HOST=localhost\nDB_USER=vigilo\nDB_PASSWORD=your_password\nJWT_SECRET=<generate with openssl rand -hex 32>\n"))
		c.decoy("Utvikling/vigilo/.env.sample")
		rows = [][]string{{"Användarnamn", "Namn", "Lösenord"}}
		for i := range 10 {
			f, l := c.person("se")
			rows = append(rows, []string{c.username(f, l, i), f + " " + l, "••••••••"})
		}
		c.write("Skola/IT/konton_maskerade.xlsx", xlsxDoc(sheet{"Konton", rows}))
		c.decoy("Skola/IT/konton_maskerade.xlsx")
	}
	// Notes: key=value on one line, and a welcome letter in prose.
	{
		p1, p2 := "Hemmelig123x", "Sommer2018!"
		c.plant(p1, p2)
		c.write("Drift/ruter_notat.txt", []byte("Ruter i gymsalen\nuser=admin password="+p1+"\n"))
		c.expect("Drift/ruter_notat.txt", rulePwText, 1)
		c.write("Skole/Brev/velkommen_ola.docx", docxDoc([]string{"Hei Ola!", "Velkommen til Åsane skole.", "Ditt brukernavn er ola.nordmann og passordet ditt er " + p2, "Logg inn på https://skole.no første skoledag."}, nil))
		c.expect("Skole/Brev/velkommen_ola.docx", rulePwText, 1)
	}
	// Excel drops the leading zero of IDs typed as numbers: fødselsnummer
	// in a workbook and a ";" CSV export, CPR numbers as 9-digit numbers.
	{
		rows := [][]string{{"Navn", "Fødselsnummer", "Klasse"}}
		var csvRows [][]string
		csvRows = append(csvRows, []string{"Elev", "Fnr", "Klasse"})
		for i := range 16 {
			id := c.fnr(fnrPlain)
			for i%2 == 0 && id[0] != '0' {
				id = c.fnr(fnrPlain)
			}
			c.plantIDs(id, strings.TrimPrefix(id, "0"))
			f, l := c.person("no")
			if i < 10 {
				rows = append(rows, []string{f + " " + l, strings.TrimPrefix(id, "0"), c.pick(klasser)})
			} else {
				csvRows = append(csvRows, []string{f + " " + l, strings.TrimPrefix(id, "0"), c.pick(klasser)})
			}
		}
		c.write("Skole/Klasselister/elever_tall.xlsx", xlsxDoc(sheet{"Elever", rows}))
		c.expect("Skole/Klasselister/elever_tall.xlsx", ruleNO, 10)
		c.write("Skole/Klasselister/elever_tall.csv", []byte(lines(";", csvRows)))
		c.expect("Skole/Klasselister/elever_tall.csv", ruleNO, 6)
		rows = [][]string{{"Navn", "CPR-nummer", "By"}}
		for i := range 8 {
			id := strings.ReplaceAll(c.cpr(), "-", "")
			for i%2 == 0 && id[0] != '0' {
				id = strings.ReplaceAll(c.cpr(), "-", "")
			}
			c.plantIDs(id, strings.TrimPrefix(id, "0"))
			f, l := c.person("dk")
			rows = append(rows, []string{f + " " + l, strings.TrimPrefix(id, "0"), "Odense"})
		}
		c.write("Borgerservice/cpr_som_tal.xlsx", xlsxDoc(sheet{"Ark1", rows}))
		c.expect("Borgerservice/cpr_som_tal.xlsx", ruleDK, 8)
	}
	// Danish CPR numbers under the header "Personnummer" (most fail the
	// Swedish Luhn check), and a Swedish report of rejected numbers that
	// must stay silent.
	{
		rows := [][]string{{"Navn", "Personnummer", "Adresse"}}
		for i := range 12 {
			id := c.cpr()
			c.plantIDs(id)
			f, l := c.person("dk")
			rows = append(rows, []string{f + " " + l, id, fmt.Sprintf("Vestergade %d, 8000 Aarhus C", i+1)})
		}
		c.write("Borgerservice/tilmeldte_personnummer.csv", []byte(lines(";", rows)))
		c.expect("Borgerservice/tilmeldte_personnummer.csv", ruleDK, 12)
		rows = [][]string{{"Ogiltiga personnummer (avvisade vid import)"}, {"Namn", "Personnummer", "Orsak"}}
		for range 10 {
			f, l := c.person("se")
			rows = append(rows, []string{f + " " + l, c.badPnr(), "Felaktig kontrollsiffra"})
		}
		c.write("Personal/Sverige/avvisade_personnummer.csv", []byte(lines(";", rows)))
		c.decoy("Personal/Sverige/avvisade_personnummer.csv")
	}
	// A .netrc copied into a home-folder backup: two real entries, one
	// placeholder.
	{
		p1, p2 := "Nx-Deploy-2021x", "ghp_"+c.token(36, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
		c.plant(p1, p2)
		c.write("Backup/hjem/drift/.netrc", []byte("machine nexus.skole.example\n  login deploy\n  password "+p1+"\n\nmachine github.com login drift-skole password "+p2+"\nmachine ftp.example.org login ola password changeme\n"))
		c.expect("Backup/hjem/drift/.netrc", "credentials/netrc", 2)
		c.expect("Backup/hjem/drift/.netrc", "secret/github-token", 1) // the token is one on its own too
	}
}
