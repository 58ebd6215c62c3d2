package main

import (
	"fmt"
	"strings"
)

func (s *share2) credFiles() {
	// Class list with passwords, the Bergen shape.
	{
		rows := [][]string{{"Elevnavn", "Klasse", "Brukernavn", "Passord"}}
		for i := range 22 {
			f, l := s.name()
			rows = append(rows, []string{f + " " + l, "6B", s.login(f, l, i), s.pw(i)})
		}
		s.putS("Skole/6B/klasseliste_6B_passord.csv", table(";", rows))
		s.exp("Skole/6B/klasseliste_6B_passord.csv", rulePwTable, 22)
	}
	// Workbook: title rows, password column first, numeric PINs as numbers.
	{
		rows := [][]string{{"Passordliste 7A – utlevert 21.08.2023"}, {"Ikke del denne lista!"}, {}, {"Passord", "Navn", "Brukernavn", "E-post"}}
		for i := range 18 {
			f, l := s.name()
			p := s.pw(i)
			rows = append(rows, []string{p, f + " " + l, s.login(f, l, i), s.login(f, l, i) + "@skole.bergen.no"})
		}
		s.put("Skole/7A/Passordliste 7A.xlsx", xlsxInline(sheet{"7A", rows}))
		s.exp("Skole/7A/Passordliste 7A.xlsx", rulePwTable, 18)
	}
	// Swedish UTF-16LE TSV.
	{
		rows := [][]string{{"Namn", "Användarnamn", "Lösenord", "Klass"}}
		for i := range 15 {
			f, l := s.name()
			rows = append(rows, []string{f + " " + l, s.login(f, l, i), s.pw(i), "8C"})
		}
		s.put("Skola/IT/lösenord_8C_unicode.txt", utf16LEBOM(table("\t", rows)))
		s.exp("Skola/IT/lösenord_8C_unicode.txt", rulePwTable, 15)
	}
	// Danish cp1252.
	{
		rows := [][]string{{"Brugernavn", "Adgangskode", "Navn", "Klasse"}}
		for i := range 12 {
			f, l := s.name()
			rows = append(rows, []string{s.login(f, l, i), s.pw(i), f + " " + l, "4.b"})
		}
		s.put("IT_DK/Elever/adgangskoder_4b.csv", cp1252(table(";", rows)))
		s.exp("IT_DK/Elever/adgangskoder_4b.csv", rulePwTable, 12)
	}
	// Pipe-separated English.
	{
		var b strings.Builder
		b.WriteString("user|pass|full name\n")
		for i := range 10 {
			f, l := s.name()
			fmt.Fprintf(&b, "%s|%s|%s %s\n", s.login(f, l, i), s.pw(i), f, l)
		}
		s.putS("IT/Migrering/brukere_pipe.txt", b.String())
		s.exp("IT/Migrering/brukere_pipe.txt", rulePwTable, 10)
	}
	// Quoted CSV: passwords with commas and quotes, a note with a line break.
	{
		rows := [][]string{{"Username", "Password", "Notes"}}
		for i := range 8 {
			f, l := s.name()
			p := s.pw(i)
			if i%3 == 0 {
				p = fmt.Sprintf("%s,%d\"x", strings.ToLower(s.one(g2Words...)), i)
				s.hide(p)
			}
			rows = append(rows, []string{s.login(f, l, i), p, s.one("", "Bytt ved første\npålogging", "lærer, vikar")})
		}
		s.putS("IT/Migrering/kontoer_quoted.csv", table(",", rows))
		s.exp("IT/Migrering/kontoer_quoted.csv", rulePwTable, 8)
	}
	// Handover notes in four languages.
	{
		p1, p2, p3 := s.pw(1), s.pw(2), s.pw(3)
		s.putS("Drift/Overlevering/overlevering_IKT.txt", "Overlevering IKT-drift\n\nBackup-server:\nPålogging: backupadmin / Pw: "+p1+"\n\nSkriver-admin\nbruker: printadm\npassord: "+p2+"\n\nVisma Flyt Skole\nBrukernavn: vismaint   Passord: "+p3+"\n")
		s.exp("Drift/Overlevering/overlevering_IKT.txt", rulePwText, 3)
		p4 := s.pw(4)
		s.putS("Drift_SE/anteckningar.txt", "Anteckningar från överlämning\n\nInloggning: skoladmin\nLösenord: "+p4+"\n\nRing Janne om något strular.\n")
		s.exp("Drift_SE/anteckningar.txt", rulePwText, 1)
		p5 := s.pw(5)
		s.putS("IT_DK/noter/wifi_og_login.txt", "Login til elevplan\nBruger: elevplanadm\nKode: "+p5+"\n")
		s.exp("IT_DK/noter/wifi_og_login.txt", rulePwText, 1)
		p6 := s.pw(6)
		s.putS("Koulu/IT/muistiinpanot.txt", "Wilma-pääkäyttäjä\nKäyttäjätunnus: wilmaadmin\nSalasana: "+p6+"\n")
		s.exp("Koulu/IT/muistiinpanot.txt", rulePwText, 1)
	}
	// SQL dumps with clear-text password columns.
	{
		var b strings.Builder
		b.WriteString("CREATE TABLE `users` (`id` int, `username` varchar(64), `password` varchar(64), `email` varchar(128));\nINSERT INTO `users` (`id`, `username`, `password`, `email`) VALUES\n")
		for i := range 12 {
			f, l := s.name()
			sep := ","
			if i == 11 {
				sep = ";"
			}
			fmt.Fprintf(&b, "(%d, '%s', '%s', '%s@skole.no')%s\n", i+1, s.login(f, l, i), s.pw(i), s.login(f, l, i), sep)
		}
		s.putS("Backup/web/elevweb_users.sql", b.String())
		s.exp("Backup/web/elevweb_users.sql", rulePwTable, 12)
	}
	{
		var b strings.Builder
		b.WriteString("COPY public.accounts (id, login, passord, aktiv) FROM stdin;\n")
		for i := range 9 {
			f, l := s.name()
			fmt.Fprintf(&b, "%d\t%s\t%s\tt\n", i+1, s.login(f, l, i), s.pw(i))
		}
		b.WriteString("\\.\n")
		s.putS("Backup/postgres/kontoer_copy.sql", b.String())
		s.exp("Backup/postgres/kontoer_copy.sql", rulePwTable, 9)
	}
	// NDJSON and XML account exports.
	{
		var b strings.Builder
		for i := range 7 {
			f, l := s.name()
			fmt.Fprintf(&b, `{"username":"%s","password":"%s","role":"student"}`+"\n", s.login(f, l, i), s.pw(i))
		}
		s.putS("Integrasjon/lms/brukere.ndjson", b.String())
		s.exp("Integrasjon/lms/brukere.ndjson", rulePwTable, 7)
		var x strings.Builder
		x.WriteString("<?xml version=\"1.0\"?>\n<users>\n")
		for i := range 6 {
			f, l := s.name()
			fmt.Fprintf(&x, "  <user>\n    <username>%s</username>\n    <password>%s</password>\n  </user>\n", s.login(f, l, i), s.pw(i))
		}
		x.WriteString("</users>\n")
		s.putS("Integrasjon/lms/brukere.xml", x.String())
		s.exp("Integrasjon/lms/brukere.xml", rulePwTable, 6)
	}
	// Password manager and browser CSV exports. Tables of logins: the
	// first corpus (and this one) grade them as password tables.
	pmCSV := func(path, header string, n int, row func(i int) string) {
		var b strings.Builder
		b.WriteString(header + "\n")
		for i := range n {
			b.WriteString(row(i) + "\n")
		}
		s.putS(path, b.String())
		s.exp(path, rulePwTable, n)
	}
	site := func() string { return s.one("visma", "feide", "vigilo", "itslearning", "office", "ist") }
	pmCSV("IT/Passord/bitwarden_export.csv", "folder,favorite,type,name,notes,fields,reprompt,login_uri,login_username,login_password,login_totp", 6, func(i int) string {
		return fmt.Sprintf("Drift,,login,%s,,,0,https://%s.no,drift%d,%s,", site(), site(), i, s.pw(i))
	})
	pmCSV("IT/Passord/lastpass_export.csv", "url,username,password,totp,extra,name,grouping,fav", 5, func(i int) string {
		return fmt.Sprintf("https://%s.no/login,adm%d@skole.no,%s,,,%s,Skole,0", site(), i, s.pw(i), site())
	})
	pmCSV("IT/Passord/1password_export.csv", "Title,Website,Username,Password,OTPAuth,Favorite,Archived,Tags,Notes", 4, func(i int) string {
		return fmt.Sprintf("%s,https://%s.no,it%d,%s,,false,false,,", site(), site(), i, s.pw(i))
	})
	pmCSV("IT/Passord/keepass2_export.csv", `"Group","Title","Username","Password","URL","Notes"`, 5, func(i int) string {
		return fmt.Sprintf(`"Root/Servere","%s","administrator%d","%s","https://%s.local",""`, site(), i, s.pw(i), site())
	})
	pmCSV("Hjemmeområde/larer01/Chrome Passwords.csv", "name,url,username,password", 7, func(i int) string {
		return fmt.Sprintf("%s.no,https://%s.no/login,larer01%d@gmail.com,%s", site(), site(), i, s.pw(i))
	})
	pmCSV("Hjemmeområde/larer02/logins.csv", `"url","username","password","httpRealm","formActionOrigin","guid","timeCreated","timeLastUsed","timePasswordChanged"`, 4, func(i int) string {
		return fmt.Sprintf(`"https://%s.no","larer02_%d","%s",,"https://%s.no","{%08x-1111-2222-3333-444455556666}","1690000000000","1695000000000","1690000000000"`, site(), i, s.pw(i), site(), s.r.Uint32())
	})
}
