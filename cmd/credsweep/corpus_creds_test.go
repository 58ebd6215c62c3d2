package main

import (
	"crypto/md5"
	"crypto/sha1"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"strings"
)

const (
	rulePwTable = "credentials/password-table"
	rulePwText  = "credentials/password-in-text"
	ruleCombo   = "credentials/combo-list"
	ruleLDIF    = "credentials/ldif-password"
	ruleHtpw    = "credentials/htpasswd"
	ruleShadow  = "credentials/unix-shadow"
	ruleHashes  = "credentials/hash-dump"
)

// accountRows builds rows of a password table: header first, then n rows
// built by row(i, user, password); every password is planted.
func (c *corpus) accountRows(lang string, header []string, n int, row func(i int, first, last, user, pw string) []string) [][]string {
	rows := [][]string{header}
	for i := range n {
		f, l := c.person(lang)
		u := c.username(f, l, i)
		pw := c.password(i)
		c.plant(pw)
		rows = append(rows, row(i, f, l, u, pw))
	}
	return rows
}

// credentialFiles writes username/password exports in every shape.
func (c *corpus) credentialFiles() {
	// The Bergen shape: pupils, usernames, passwords and fødselsnummer,
	// semicolon CSV in cp1252 as Excel writes it on a Norwegian Windows.
	{
		rows := [][]string{{"Klasse", "Fornavn", "Etternavn", "Fødselsnummer", "Brukernavn", "Passord"}}
		for i := range 40 {
			f, l := c.person("no")
			id := c.fnr(fnrPlain)
			pw := c.password(i)
			c.plantIDs(id)
			c.plant(pw)
			rows = append(rows, []string{c.pick(klasser), f, l, id, c.username(f, l, i), pw})
		}
		c.write("Skole/IKT/Elevpassord/elevpassord_alle_klasser.csv", cp1252(crlf(lines(";", rows))))
		c.expect("Skole/IKT/Elevpassord/elevpassord_alle_klasser.csv", rulePwTable, 40)
		c.expect("Skole/IKT/Elevpassord/elevpassord_alle_klasser.csv", ruleNO, 40)
	}
	// Swedish pupil accounts, xlsx.
	{
		rows := c.accountRows("se", []string{"Namn", "Klass", "Användarnamn", "Lösenord", "E-post"}, 30, func(i int, f, l, u, pw string) []string {
			return []string{f + " " + l, c.pick([]string{"7A", "8B", "9C"}), u, pw, u + "@edu.stockholm.se"}
		})
		c.write("Skola/IT/elevkonton_ht2023.xlsx", xlsxDoc(sheet{"Elevkonton", rows}))
		c.expect("Skola/IT/elevkonton_ht2023.xlsx", rulePwTable, 30)
	}
	// Danish teachers, UTF-16LE "Unicode text" from Excel.
	{
		rows := c.accountRows("dk", []string{"Navn", "Brugernavn", "Adgangskode", "Skole"}, 14, func(i int, f, l, u, pw string) []string {
			return []string{f + " " + l, u, pw, "Frederiksberg Skole"}
		})
		c.write("IT_DK/lærere_adgangskoder.txt", utf16LEBOM(crlf(lines("\t", rows))))
		c.expect("IT_DK/lærere_adgangskoder.txt", rulePwTable, 14)
	}
	// Finnish, semicolon UTF-8; some rows not yet issued (empty password).
	{
		rows := c.accountRows("fi", []string{"Sukunimi", "Etunimi", "Käyttäjätunnus", "Salasana", "Luokka"}, 20, func(i int, f, l, u, pw string) []string {
			if i%5 == 2 {
				pw = ""
			}
			return []string{l, f, u, pw, "8B"}
		})
		c.write("Koulu/IT/tunnukset_8B.csv", []byte(lines(";", rows)))
		c.expect("Koulu/IT/tunnukset_8B.csv", rulePwTable, 16)
	}
	// Icelandic, comma UTF-8.
	{
		rows := c.accountRows("is", []string{"Nafn", "Notandanafn", "Lykilorð"}, 12, func(i int, f, l, u, pw string) []string {
			return []string{f + " " + l, u, pw}
		})
		c.write("Skóli/UT/notendur_og_lykilorð.csv", []byte(lines(",", rows)))
		c.expect("Skóli/UT/notendur_og_lykilorð.csv", rulePwTable, 12)
	}
	// English AD bulk-import file with quoted cells.
	{
		rows := c.accountRows("en", []string{`"SamAccountName"`, `"DisplayName"`, `"UserPrincipalName"`, `"Password"`, `"OU"`}, 25, func(i int, f, l, u, pw string) []string {
			return []string{`"` + u + `"`, `"` + f + " " + l + `"`, `"` + u + `@school.org"`, `"` + pw + `"`, `"OU=Students,DC=school,DC=local"`}
		})
		c.write("IT/AD/bulk_import_new_users.csv", []byte(crlf(lines(",", rows))))
		c.expect("IT/AD/bulk_import_new_users.csv", rulePwTable, 25)
	}
	// German, semicolon.
	{
		rows := c.accountRows("en", []string{"Benutzername", "Kennwort", "Klasse"}, 10, func(i int, f, l, u, pw string) []string {
			return []string{u, pw, "5b"}
		})
		c.write("Austausch/Partnerschule/zugangsdaten_schueler.csv", []byte(lines(";", rows)))
		c.expect("Austausch/Partnerschule/zugangsdaten_schueler.csv", rulePwTable, 10)
	}
	// ODS and a docx table with the accounts of a class.
	{
		rows := c.accountRows("no", []string{"Elev", "Brukernavn", "Passord"}, 16, func(i int, f, l, u, pw string) []string {
			return []string{f + " " + l, u, pw}
		})
		c.write("Skole/IKT/Elevpassord/9C_passord.ods", odfDoc(true, nil, rows))
		c.expect("Skole/IKT/Elevpassord/9C_passord.ods", rulePwTable, 16)
		rows = c.accountRows("no", []string{"Navn", "Brukernavn", "Passord"}, 11, func(i int, f, l, u, pw string) []string {
			return []string{f + " " + l, u, pw}
		})
		c.write("Skole/IKT/Elevpassord/Påloggingslapper 10A.docx", docxDoc([]string{"Påloggingsinformasjon for 10A", "Del ut lappene første skoledag."}, rows))
		c.expect("Skole/IKT/Elevpassord/Påloggingslapper 10A.docx", rulePwTable, 11)
	}
	// Headerless tab list: name, user name, password.
	{
		var rows [][]string
		for i := range 18 {
			f, l := c.person("no")
			pw := c.password(i)
			c.plant(pw)
			rows = append(rows, []string{f + " " + l, c.username(f, l, i), pw})
		}
		c.write("Skole/IKT/nye_kontoer_uten_overskrift.txt", []byte(lines("\t", rows)))
		c.expect("Skole/IKT/nye_kontoer_uten_overskrift.txt", rulePwTable, 18)
	}
	// Password table inside a zip inside the share.
	{
		rows := c.accountRows("no", []string{"brukernavn", "passord", "skole"}, 9, func(i int, f, l, u, pw string) []string {
			return []string{u, pw, "Sandsli skole"}
		})
		c.write("Backup/IKT_2017.zip", zipBytes("IKT/passord_sandsli.csv", lines(",", rows)))
		c.expect("Backup/IKT_2017.zip!/IKT/passord_sandsli.csv", rulePwTable, 9)
	}
	// Combo list.
	{
		var b strings.Builder
		for i := range 50 {
			f, l := c.person("en")
			pw := c.password(i)
			c.plant(pw)
			fmt.Fprintf(&b, "%s.%s%d@%s:%s\n", strings.ToLower(f), strings.ToLower(l), i, c.pick([]string{"gmail.com", "hotmail.no", "online.no", "live.se"}), pw)
		}
		c.write("Diverse/lekkasje/combo_2019.txt", []byte(b.String()))
		c.expect("Diverse/lekkasje/combo_2019.txt", ruleCombo, 50)
	}
	// Notes with pairs in free text (NO, SV) and a mail with one.
	{
		pw1, pw2, pw3 := "Vaktmester2019!", "Hemligt#Wifi42", "Rektor!Aasane77"
		c.plant(pw1, pw2, pw3)
		c.write("Drift/notater_server.txt", []byte("Notater fra serverflytting\n\nNAS i kjelleren:\nBrukernavn: admin\nPassord: "+pw1+"\n\nSkriveren i 2. etg har standard oppsett.\n"))
		c.expect("Drift/notater_server.txt", rulePwText, 1)
		c.write("Drift/Sverige/wifi_info.txt", []byte("Gästnätverk för personal\nAnvändarnamn: personal-wifi  Lösenord: "+pw2+"\nByt lösenord varje termin.\n"))
		c.expect("Drift/Sverige/wifi_info.txt", rulePwText, 1)
		c.write("Adm/Epost/Tilgang til Visma.eml", []byte(crlf("From: Skolesekretær <sekretar@skole.no>\nTo: rektor@skole.no\nSubject: Tilgang til Visma\nDate: Tue, 14 Nov 2023 10:00:00 +0100\nMIME-Version: 1.0\nContent-Type: text/plain; charset=\"utf-8\"\nContent-Transfer-Encoding: quoted-printable\n\nHei!\n\nHer er p=C3=A5loggingen til Visma:\nBrukernavn: rektor.aasane\nPassord: "+pw3+"\n\nMvh\nSekret=C3=A6r\n")))
		c.expect("Adm/Epost/Tilgang til Visma.eml", rulePwText, 1)
	}
	// A mail with a password list attached (base64 CSV).
	{
		rows := c.accountRows("no", []string{"Brukernavn", "Passord"}, 7, func(i int, f, l, u, pw string) []string { return []string{u, pw} })
		att := base64.StdEncoding.EncodeToString(cp1252(lines(";", rows)))
		var wrapped strings.Builder
		for len(att) > 76 {
			wrapped.WriteString(att[:76] + "\n")
			att = att[76:]
		}
		wrapped.WriteString(att + "\n")
		mail := "From: IKT <ikt@skole.no>\nTo: kontaktlaerer@skole.no\nSubject: Passord til vikarer\nDate: Wed, 15 Nov 2023 08:00:00 +0100\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"b1\"\n\n--b1\nContent-Type: text/plain; charset=utf-8\n\nSe vedlegg.\n\n--b1\nContent-Type: text/csv; name=\"vikarer.csv\"\nContent-Disposition: attachment; filename=\"vikarer.csv\"\nContent-Transfer-Encoding: base64\n\n" + wrapped.String() + "--b1--\n"
		c.write("Adm/Epost/Passord til vikarer.eml", []byte(crlf(mail)))
		c.expect("Adm/Epost/Passord til vikarer.eml!/vikarer.csv", rulePwTable, 7)
	}
	c.hashFiles()
}

// hashFiles writes LDIF, htpasswd, shadow and secretsdump exports.
func (c *corpus) hashFiles() {
	hexRand := func(n int) string {
		b := make([]byte, n)
		for i := range b {
			b[i] = byte(c.r.IntN(256))
		}
		return hex.EncodeToString(b)
	}
	b64Rand := func(n int) string {
		b := make([]byte, n)
		for i := range b {
			b[i] = byte(c.r.IntN(256))
		}
		return base64.StdEncoding.EncodeToString(b)
	}
	// LDIF with {SSHA} and clear userPassword values.
	{
		var b strings.Builder
		for i := range 12 {
			f, l := c.person("no")
			u := c.username(f, l, i)
			fmt.Fprintf(&b, "dn: uid=%s,ou=elever,dc=skole,dc=no\nobjectClass: inetOrgPerson\nuid: %s\ncn: %s %s\nsn: %s\n", u, u, f, l, l)
			if i%3 == 0 {
				pw := c.password(i)
				c.plant(pw, base64.StdEncoding.EncodeToString([]byte(pw)))
				fmt.Fprintf(&b, "userPassword:: %s\n\n", base64.StdEncoding.EncodeToString([]byte(pw)))
			} else {
				h := sha1.Sum([]byte(fmt.Sprint(i)))
				v := "{SSHA}" + base64.StdEncoding.EncodeToString(append(h[:], 1, 2, 3, 4))
				c.plant(v)
				fmt.Fprintf(&b, "userPassword: %s\n\n", v)
			}
		}
		c.write("IT/LDAP/elever_export.ldif", []byte(b.String()))
		c.expect("IT/LDAP/elever_export.ldif", ruleLDIF, 12)
	}
	// htpasswd with apr1, bcrypt and SHA entries.
	{
		var b strings.Builder
		for i := range 6 {
			u := fmt.Sprintf("%s%d", strings.ToLower(c.pick(lastNO)), i)
			var h string
			switch i % 3 {
			case 0:
				h = "$apr1$" + hexRand(4) + "$" + strings.NewReplacer("+", ".", "=", "").Replace(b64Rand(16))
			case 1:
				h = "$2y$10$" + strings.NewReplacer("+", ".", "=", "").Replace(b64Rand(40))[:53]
			default:
				s := sha1.Sum([]byte(u))
				h = "{SHA}" + base64.StdEncoding.EncodeToString(s[:])
			}
			c.plant(h)
			fmt.Fprintf(&b, "%s:%s\n", u, h)
		}
		c.write("Web/intranett/.htpasswd", []byte(b.String()))
		c.expect("Web/intranett/.htpasswd", ruleHtpw, 6)
	}
	// shadow backup: real hashes, locked and system accounts.
	{
		var b strings.Builder
		b.WriteString("root:$6$" + hexRand(8) + "$" + strings.NewReplacer("+", ".", "=", "").Replace(b64Rand(64))[:86] + ":19000:0:99999:7:::\n")
		b.WriteString("daemon:*:19000:0:99999:7:::\nbin:*:19000:0:99999:7:::\nsshd:!:19000::::::\nnobody:*:19000:0:99999:7:::\n")
		for i := range 4 {
			h := "$y$j9T$" + strings.NewReplacer("+", ".", "/", ".", "=", "").Replace(b64Rand(16)) + "$" + strings.NewReplacer("+", ".", "/", ".", "=", "").Replace(b64Rand(32))
			c.plant(h)
			fmt.Fprintf(&b, "%s:%s:19%03d:0:99999:7:::\n", c.username(c.pick(firstNO), c.pick(lastNO), i), h, c.r.IntN(999))
		}
		b.WriteString("olduser:!$6$abcdefgh$lockedlockedlockedlockedlockedlockedlockedlockedlocked:18000:0:99999:7:::\n")
		c.write("Backup/server01/etc/shadow.bak", []byte(b.String()))
		c.expect("Backup/server01/etc/shadow.bak", ruleShadow, 5)
	}
	// secretsdump output: machine accounts, built-in accounts (krbtgt,
	// Guest) and empty hashes do not count.
	{
		var b strings.Builder
		b.WriteString("[*] Dumping Domain Credentials (domain\\uid:rid:lmhash:nthash)\n[*] Using the DRSUAPI method to get NTDS.DIT secrets\n")
		lm := "aad3b435b51404eeaad3b435b51404ee"
		b.WriteString("SKOLE\\Administrator:500:" + lm + ":" + c.nt("Administrator") + ":::\n")
		b.WriteString("Guest:501:" + lm + ":31d6cfe0d16ae931b73c59d7e0c089c0:::\n")
		b.WriteString("krbtgt:502:" + lm + ":" + c.nt("krbtgt") + ":::\n")
		for i := range 10 {
			u := c.username(c.pick(firstNO), c.pick(lastNO), i)
			fmt.Fprintf(&b, "skole.local\\%s:%d:%s:%s:::\n", u, 1105+i, lm, c.nt(u))
		}
		b.WriteString("SKOLE-DC01$:1000:" + lm + ":" + c.nt("dc01") + ":::\n")
		b.WriteString("[*] Kerberos keys grabbed\n")
		c.write("IT/Pentest/ntds_dump_2022.txt", []byte(b.String()))
		c.expect("IT/Pentest/ntds_dump_2022.txt", ruleHashes, 11)
	}
}

// nt returns a planted NT-hash-shaped value.
func (c *corpus) nt(seed string) string {
	h := md5.Sum([]byte(seed + fmt.Sprint(c.r.Uint64())))
	s := hex.EncodeToString(h[:])
	c.plant(s)
	return s
}
