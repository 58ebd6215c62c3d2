package main

import (
	"fmt"
	"strings"
)

// luhnTail appends a Luhn digit (KID/OCR numbers).
func luhnTail(base string) string {
	d := nums(base)
	t := 0
	for i := len(d) - 1; i >= 0; i-- {
		x := d[i]
		if (len(d)-1-i)%2 == 0 {
			if x *= 2; x > 9 {
				x -= 9
			}
		}
		t += x
	}
	return fmt.Sprintf("%s%d", base, (10-t%10)%10)
}

// digitsNot returns n random digits that are not a valid NO ID.
func (s *share2) digitsNot(n int) string {
	for {
		v := s.rnd(n, "0123456789")
		if v[0] != '0' && !validNO(v) {
			return v
		}
	}
}

func (s *share2) decoyFiles() {
	dec := func(path, text string) { s.putS(path, text); s.none(path) }
	// Invoices: KID, NO bank accounts, org numbers, amounts.
	{
		var b strings.Builder
		b.WriteString("Fakturanr;Fakturadato;Kunde;Org.nr;KID;Kontonummer;Beløp\n")
		for i := range 25 {
			kid := luhnTail(s.digitsNot(10))
			for validNO(kid) {
				kid = luhnTail(s.digitsNot(10))
			}
			acct := s.digitsNot(11)
			fmt.Fprintf(&b, "%d;%02d.%02d.2023;%s AS;%s;%s;%s;%d,%02d\n", 2023000+i, 1+s.r.IntN(28), 1+s.r.IntN(12), s.one(g2Last...), "9"+s.rnd(8, "0123456789"), kid, acct, 100+s.r.IntN(90000), s.r.IntN(100))
		}
		dec("Økonomi/Faktura/fakturaliste_2023.csv", b.String())
	}
	// Swedish payments: bankgiro, plusgiro, OCR, organisationsnummer.
	{
		var b strings.Builder
		b.WriteString("Leverantör;Organisationsnummer;Bankgiro;Plusgiro;OCR;Belopp\n")
		for range 15 {
			org := fmt.Sprintf("55%04d-%04d", s.r.IntN(10000), s.r.IntN(10000))
			if s.r.IntN(2) == 0 {
				org = "16" + strings.Replace(org, "-", "", 1)
			}
			fmt.Fprintf(&b, "%s AB;%s;%d-%04d;%d %02d %02d-%d;%s;%d,00\n", s.one("Skolmat", "Lärresurs", "Städ"), org, 100+s.r.IntN(9000), s.r.IntN(10000), s.r.IntN(10), s.r.IntN(100), s.r.IntN(100), s.r.IntN(10), luhnTail(s.rnd(11, "123456789")), s.r.IntN(50000))
		}
		dec("Ekonomi/betalningar_leverantörer.csv", b.String())
	}
	// Danish invoices: reg.nr + kontonr, CVR; Finnish IBAN and Y-tunnus.
	{
		var b strings.Builder
		b.WriteString("Leverandør;CVR;Reg.nr.;Kontonr.;Beløb\n")
		for range 12 {
			fmt.Fprintf(&b, "%s ApS;%s;%04d;%s;%d,00\n", s.one("Skolemælk", "Rengøring", "Bøger"), s.rnd(8, "123456789"), 1000+s.r.IntN(8999), s.rnd(10, "0123456789"), s.r.IntN(40000))
		}
		dec("Økonomi_DK/kreditorer.csv", b.String())
		var f strings.Builder
		f.WriteString("Toimittaja;Y-tunnus;IBAN;Viitenumero\n")
		for range 10 {
			fmt.Fprintf(&f, "Oy %s;%s-%d;FI%02d %s %s %s %s;%s\n", s.one(g2Last...), s.rnd(7, "0123456789"), s.r.IntN(10), s.r.IntN(100), s.rnd(4, "0123456789"), s.rnd(4, "0123456789"), s.rnd(4, "0123456789"), s.rnd(2, "0123456789"), s.rnd(10, "0123456789"))
		}
		dec("Talous/toimittajat.csv", f.String())
	}
	// Phone list in three countries.
	{
		var b strings.Builder
		b.WriteString("Navn,Telefon,Mobil,Land\n")
		for range 20 {
			f, l := s.name()
			fmt.Fprintf(&b, "%s %s,+47 55 %02d %02d %02d,+47%d,NO\n", f, l, s.r.IntN(100), s.r.IntN(100), s.r.IntN(100), 40000000+s.r.IntN(59999999))
			fmt.Fprintf(&b, "%s %s,+46 8-%03d %02d %02d,070-%03d %02d %02d,SE\n", f, l, s.r.IntN(1000), s.r.IntN(100), s.r.IntN(100), s.r.IntN(1000), s.r.IntN(100), s.r.IntN(100))
			fmt.Fprintf(&b, "%s %s,0045 %s,0045%s,DK\n", f, l, s.rnd(8, "0123456789"), s.rnd(8, "0123456789"))
		}
		dec("Adm/Telefonliste/telefonliste_norden.csv", b.String())
	}
	// Library: EAN-13 and ISBN-13.
	{
		var b strings.Builder
		b.WriteString("Tittel;ISBN;EAN;Antall\n")
		for range 20 {
			isbn := "978" + s.rnd(9, "0123456789")
			fmt.Fprintf(&b, "%s;%s;%s;%d\n", s.one(g2Words...), isbn+fmt.Sprint(s.r.IntN(10)), "70"+s.rnd(11, "0123456789"), 1+s.r.IntN(30))
		}
		dec("Bibliotek/innkjøp_bøker.csv", b.String())
	}
	// Application log: epoch millis, timestamps, GUIDs, MACs, hashes, orders.
	{
		var b strings.Builder
		for i := range 60 {
			fmt.Fprintf(&b, "2024-02-%02dT%02d:%02d:%02d.%03dZ INFO order=%s ts=%d guid=%08x-%04x-%04x-%04x-%012x mac=%02x:%02x:%02x:%02x:%02x:%02x sha1=%x\n",
				1+i%28, i%24, i%60, (i*7)%60, i, s.digitsNot(10), 1700000000000+s.r.Int64N(1e10), s.r.Uint32(), s.r.IntN(65536), s.r.IntN(65536), s.r.IntN(65536), s.r.Int64N(1<<48),
				s.r.IntN(256), s.r.IntN(256), s.r.IntN(256), s.r.IntN(256), s.r.IntN(256), s.r.IntN(256), s.r.Uint64())
		}
		dec("Drift/logs/nettbutikk_2024-02.log", b.String())
	}
	// Organisation numbers of four countries and Icelandic company kennitala.
	{
		var b strings.Builder
		b.WriteString("Firma;Land;Org.nr / CVR / Y-tunnus / kennitala\n")
		for range 8 {
			fmt.Fprintf(&b, "%s AS;NO;%s %s %s\n", s.one(g2Last...), "9"+s.rnd(2, "0123456789"), s.rnd(3, "0123456789"), s.rnd(3, "0123456789"))
			fmt.Fprintf(&b, "%s AB;SE;16%s-%s\n", s.one(g2Last...), "55"+s.rnd(4, "0123456789"), s.rnd(4, "0123456789"))
			fmt.Fprintf(&b, "%s ApS;DK;%s\n", s.one(g2Last...), s.rnd(8, "123456789"))
			fmt.Fprintf(&b, "Oy %s;FI;%s-%d\n", s.one(g2Last...), s.rnd(7, "0123456789"), s.r.IntN(10))
			fmt.Fprintf(&b, "%s ehf.;IS;%s\n", s.one(g2Last...), s.isID(true))
		}
		dec("Innkjøp/leverandører_norden.csv", b.String())
		var k strings.Builder
		k.WriteString("Fyrirtæki,Kennitala,Heimilisfang\n")
		for range 10 {
			fmt.Fprintf(&k, "%s ehf.,%s,Reykjavík\n", s.one(g2Last...), s.isID(true))
		}
		dec("Skóli/Birgjar/fyrirtaeki.csv", k.String())
	}
	// Rejected numbers: every one fails its checksum or date.
	{
		var b strings.Builder
		b.WriteString("Avviste fødselsnumre – kontrollsifferfeil\nFødselsnummer;Årsak\n")
		for range 10 {
			id := s.noID(noPlain)
			bad := id[:10] + fmt.Sprint((int(id[10]-'0')+1+s.r.IntN(8))%10)
			fmt.Fprintf(&b, "%s;Ugyldig kontrollsiffer\n", bad)
		}
		b.WriteString("\nOgiltiga personnummer\n")
		for range 6 {
			_, sh := s.seID(false)
			fmt.Fprintf(&b, "%s%d;Felaktig kontrollsiffra\n", sh[:10], (int(sh[10]-'0')+1+s.r.IntN(8))%10)
		}
		b.WriteString("\nVirheelliset henkilötunnukset\n")
		for range 6 {
			h := s.fiID(0)
			i := strings.IndexByte(fiTab, h[10])
			fmt.Fprintf(&b, "%s%c;Tarkiste väärin\n", h[:10], fiTab[(i+1+s.r.IntN(29))%31])
		}
		b.WriteString("\nUgyldige CPR-numre\n")
		for range 6 {
			// Day 32-39 or month 13-19: no date.
			if s.r.IntN(2) == 0 {
				fmt.Fprintf(&b, "3%d%02d%02d-%04d;Ugyldig dato\n", 2+s.r.IntN(8), 1+s.r.IntN(12), s.r.IntN(100), s.r.IntN(10000))
			} else {
				fmt.Fprintf(&b, "%02d1%d%02d-%04d;Ugyldig dato\n", 1+s.r.IntN(28), 3+s.r.IntN(7), s.r.IntN(100), s.r.IntN(10000))
			}
		}
		dec("Folkeregister/Kontroll/avviste_2024-01.csv", b.String())
	}
	// Password policy, reset mail, password manager instructions, templates.
	dec("IT/Rutiner/Passordpolicy_2024.txt", "Passordpolicy for Bergen kommune\n\n1. Passord skal ha minst 12 tegn.\n2. Passord må byttes hver 180. dag.\n3. Brukernavn og passord skal aldri deles.\nEksempel på godt passord: tre tilfeldige ord.\nPassord: minst 12 tegn, ikke navn.\n")
	dec("IT/Rutiner/Glemt passord.eml", "From: servicedesk@kommune.no\nTo: ansatt@kommune.no\nSubject: Tilbakestilling av passord\nContent-Type: text/plain; charset=utf-8\n\nHei!\n\nDu har bedt om å tilbakestille passordet ditt. Brukernavn: ditt ansattnummer\nPassord: (sendt på SMS)\n\nKlikk på lenken for å velge nytt passord. Lenken er gyldig i 24 timer.\n")
	dec("IT/Rutiner/Bruk av Bitwarden.txt", "Slik bruker du passordhvelvet\n\nLogg inn på https://vault.kommune.no med brukernavn og hovedpassord.\nBrukernavn: <ditt brukernavn>\nPassord: <ditt hovedpassord>\nEksporter aldri hvelvet til CSV.\n")
	dec("IT/Maler/mal_nye_elever.csv", "Elevnavn;Klasse;Brukernavn;Passord\n<navn>;<klasse>;<brukernavn>;<passord>\nFornavn Etternavn;8A;fornavn.etternavn;********\n;;;\n")
	dec("IT/Maler/elevliste_maskert.csv", "Brukernavn;Passord;Sist endret\n"+strings.Repeat("", 0)+func() string {
		var b strings.Builder
		for i := range 10 {
			f, l := s.name()
			fmt.Fprintf(&b, "%s;********;2024-01-%02d\n", s.login(f, l, i), 1+i)
		}
		return b.String()
	}())
	dec("IT/Maler/sms_utsending.txt", "Brukernavn: ola.nordmann\nPassord: (sendt på SMS)\n\nBrukernavn: kari.nordmann\nPassord: sendes separat\n")
	dec("IT/AD/csvde_export_alle.csv", "DN,objectClass,sAMAccountName,pwdLastSet,badPwdCount,userAccountControl\n\"CN=Ola Lunde,OU=Elever,DC=skole,DC=local\",user,olalun01,133500000000000000,0,512\n\"CN=Kari Vik,OU=Elever,DC=skole,DC=local\",user,karvik02,133500000000000000,1,514\n")
	dec("Utvikling/timeplan/.env.example", "APP_ENV=production\nDB_PASSWORD=changeme\nSESSION_SECRET=<generate with openssl rand -hex 32>\nAPI_KEY=your-api-key-here\n")
	dec("Utvikling/docs/AWS.md", "# Oppsett\n\n```\naws configure\nAWS Access Key ID [None]: AKIAIOSFODNN7EXAMPLE\nAWS Secret Access Key [None]: wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n```\n")
	dec("Utvikling/docs/nøkler.md", "Legg nøkkelen i ~/.ssh/id_rsa:\n\n```\n-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA...\n...\n-----END RSA PRIVATE KEY-----\n```\n")
	dec("IT/Nøkler/authorized_keys", "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIB5s1rJq7Yd0kR2fFz9uXnPqJ3vT8e2Lw0sQkYh1xWmZ drift@kommune\n")
	dec("Utvikling/lms/config.sample.yml", "database:\n  url: postgres://moodle:${DB_PASSWORD}@db:5432/moodle\n  password: <password>\n")
}
