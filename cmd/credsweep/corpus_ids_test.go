package main

import (
	"fmt"
	"strings"
)

const (
	ruleNO = "national-id/no-fodselsnummer"
	ruleSE = "national-id/se-personnummer"
	ruleDK = "national-id/dk-cpr"
	ruleFI = "national-id/fi-hetu"
	ruleIS = "national-id/is-kennitala"
)

var (
	klasser    = []string{"8A", "8B", "9C", "10A", "1STA", "2STB", "VG1", "VG2"}
	avdelinger = []string{"Kirurgisk", "Medisinsk", "Barneavdeling", "Psykiatri", "Føden"}
)

// plantIDs records ID numbers and their compact forms as secrets.
func (c *corpus) plantIDs(ids ...string) {
	for _, id := range ids {
		c.plant(id, strings.NewReplacer("-", "", "+", "", " ", "").Replace(id))
	}
}

// nationalIDFiles writes registers, letters and dumps holding ID numbers.
func (c *corpus) nationalIDFiles() {
	// Class list, semicolon CSV, UTF-8 with BOM, CRLF (Excel "CSV UTF-8").
	{
		rows := [][]string{{"Elevnr", "Fornavn", "Etternavn", "Fødselsnummer", "Klasse", "Foresatt", "Mobil foresatt"}}
		for i := range 28 {
			f, l := c.person("no")
			id := c.fnr(fnrPlain)
			if i%9 == 4 {
				id = c.fnr(fnrD)
			}
			c.plantIDs(id)
			rows = append(rows, []string{fmt.Sprint(10400 + i), f, l, id, c.pick(klasser), c.pick(firstNO) + " " + l, fmt.Sprintf("9%07d", c.r.IntN(1e7))})
		}
		c.write("Skole/Klasselister/klasseliste_8A_2023.csv", append([]byte("\xef\xbb\xbf"), crlf(lines(";", rows))...))
		c.expect("Skole/Klasselister/klasseliste_8A_2023.csv", ruleNO, 28)
	}
	// Same kind of list as a workbook, two sheets, a title row first.
	{
		var total int
		var sheets []sheet
		for _, name := range []string{"9B", "10C"} {
			rows := [][]string{{"Klasseliste " + name + " skoleåret 2022/2023"}, {}, {"Navn", "Fødselsnr.", "Adresse", "Postnr", "Sted"}}
			for range 15 {
				f, l := c.person("no")
				id := c.fnr(fnrPlain)
				c.plantIDs(id)
				rows = append(rows, []string{f + " " + l, id, fmt.Sprintf("%sveien %d", c.pick(lastNO), 1+c.r.IntN(90)), fmt.Sprintf("50%02d", c.r.IntN(100)), "Bergen"})
				total++
			}
			sheets = append(sheets, sheet{name, rows})
		}
		c.write("Skole/Klasselister/Elevoversikt 9B og 10C.xlsx", xlsxDoc(sheets...))
		c.expect("Skole/Klasselister/Elevoversikt 9B og 10C.xlsx", ruleNO, total)
	}
	// Patient list: Excel "Unicode text" (UTF-16LE, BOM, tabs, CRLF).
	{
		rows := [][]string{{"Pasient", "Fødselsnummer", "Avdeling", "Innlagt", "Diagnosekode"}}
		for range 22 {
			f, l := c.person("no")
			id := c.fnr(fnrPlain)
			if c.r.IntN(6) == 0 {
				id = c.fnr(fnrH)
			}
			c.plantIDs(id)
			rows = append(rows, []string{l + ", " + f, id, c.pick(avdelinger), fmt.Sprintf("%02d.%02d.2023", 1+c.r.IntN(28), 1+c.r.IntN(12)), fmt.Sprintf("F%02d.%d", c.r.IntN(99), c.r.IntN(9))})
		}
		c.write("Helse/Pasientlister/pasientliste_uke47.txt", utf16LEBOM(crlf(lines("\t", rows))))
		c.expect("Helse/Pasientlister/pasientliste_uke47.txt", ruleNO, 22)
	}
	// HR register in cp1252 with bank accounts beside the IDs.
	{
		rows := [][]string{{"Ansattnr", "Navn", "Fødselsnummer", "Kontonummer", "Stilling", "Årslønn"}}
		for i := range 18 {
			f, l := c.person("no")
			id := c.fnr(fnrPlain)
			c.plantIDs(id)
			rows = append(rows, []string{fmt.Sprint(2001 + i), f + " " + l, id, c.bankAccount(i%2 == 0), c.pick([]string{"Lærer", "Lektor", "Assistent", "Rådgiver", "Vaktmester"}), fmt.Sprint(480000 + c.r.IntN(300000))})
		}
		c.write("Personal/HR/lønnsgrunnlag_2023.csv", cp1252(crlf(lines(";", rows))))
		c.expect("Personal/HR/lønnsgrunnlag_2023.csv", ruleNO, 18)
	}
	// Letters: running text, spaced form, keyword on the line before.
	for i := range 4 {
		f, l := c.person("no")
		id := c.fnr(fnrPlain)
		c.plantIDs(id)
		form := id
		if i%2 == 1 {
			form = id[:6] + " " + id[6:]
		}
		text := fmt.Sprintf("Bergen kommune\nOppvekst og utdanning\n\nVedtak om spesialundervisning\n\nElev: %s %s\nFødselsnummer: %s\n\nVi viser til sakkyndig vurdering fra PPT datert 12.09.2023. Eleven har rett til spesialundervisning etter opplæringslova § 5-1 med 5 timer per uke.\nVedtaket kan påklages innen tre uker, jf. forvaltningsloven § 29.\n\nMed vennlig hilsen\nRektor\nTlf. 55 56 %02d %02d\n", f, l, form, c.r.IntN(100), c.r.IntN(100))
		name := fmt.Sprintf("Adm/Brev/vedtak_%s_%s.txt", strings.ToLower(l), fmt.Sprint(2023-i))
		c.write(name, []byte(text))
		c.expect(name, ruleNO, 1)
	}
	// A letter as docx and as PDF and RTF.
	{
		f, l := c.person("no")
		id := c.fnr(fnrPlain)
		c.plantIDs(id)
		paras := []string{"Bekreftelse på skoleplass", fmt.Sprintf("Navn: %s %s", f, l), "Fødselsnummer: " + id, "Eleven har fått plass ved Åsane videregående skole fra august 2024.", "Med hilsen Inntakskontoret"}
		c.write("Adm/Brev/bekreftelse_skoleplass.docx", docxDoc(paras, nil))
		c.expect("Adm/Brev/bekreftelse_skoleplass.docx", ruleNO, 1)
		id2 := c.fnr(fnrPlain)
		c.plantIDs(id2)
		c.write("Adm/Brev/innkalling_møte.pdf", pdfDoc([]string{"Innkalling til ansvarsgruppemøte", "Gjelder: " + f + " " + l + ", fødselsnr. " + id2, "Møtet holdes på skolen tirsdag kl. 14.00."}))
		c.expect("Adm/Brev/innkalling_møte.pdf", ruleNO, 1)
		id3 := c.fnr(fnrPlain)
		c.plantIDs(id3)
		c.write("Adm/Brev/henvisning_BUP.rtf", rtfDoc([]string{"Henvisning til BUP", "Pasient: " + f + " " + l, "Personnummer: " + id3, "Henvisningsgrunn: konsentrasjonsvansker og søvnproblemer."}))
		c.expect("Adm/Brev/henvisning_BUP.rtf", ruleNO, 1)
	}
	// SQL dump of a school administration system.
	{
		var b strings.Builder
		b.WriteString("-- MySQL dump 10.13  Distrib 5.7.33\n-- Host: skoleadm01    Database: elevdb\n\nDROP TABLE IF EXISTS `elev`;\nCREATE TABLE `elev` (\n  `id` int(11) NOT NULL AUTO_INCREMENT,\n  `fornavn` varchar(64),\n  `etternavn` varchar(64),\n  `fodselsnr` char(11),\n  `telefon` varchar(16),\n  `opprettet` datetime,\n  PRIMARY KEY (`id`)\n) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;\n\nLOCK TABLES `elev` WRITE;\nINSERT INTO `elev` VALUES ")
		for i := range 35 {
			f, l := c.person("no")
			id := c.fnr(fnrPlain)
			c.plantIDs(id)
			if i > 0 {
				b.WriteString(",")
			}
			fmt.Fprintf(&b, "(%d,'%s','%s','%s','4%07d','2019-08-%02d 08:%02d:00')", 1000+i, f, l, id, c.r.IntN(1e7), 1+c.r.IntN(28), c.r.IntN(60))
		}
		b.WriteString(";\nUNLOCK TABLES;\n")
		c.write("Backup/skoleadm/elevdb_2019-06-30.sql", []byte(b.String()))
		c.expect("Backup/skoleadm/elevdb_2019-06-30.sql", ruleNO, 35)
	}
	// JSON export from an integration (Swedish, 12-digit form).
	{
		var items []string
		for range 12 {
			f, l := c.person("se")
			id := c.pnr(true, false)
			c.plantIDs(id)
			items = append(items, fmt.Sprintf(`    {"fornamn": %q, "efternamn": %q, "personnummer": %q, "skola": "Rinkebyskolan", "klass": "7B"}`, f, l, id))
		}
		c.write("Integration/ist_export/elever.json", []byte("{\n  \"export\": \"IST Extens\",\n  \"elever\": [\n"+strings.Join(items, ",\n")+"\n  ]\n}\n"))
		c.expect("Integration/ist_export/elever.json", ruleSE, 12)
	}
	// Swedish staff register, TSV with 10-digit forms, samordningsnummer.
	{
		rows := [][]string{{"Anställningsnr", "Namn", "Personnummer", "Befattning", "Enhet"}}
		for i := range 20 {
			f, l := c.person("se")
			id := c.pnr(false, i%7 == 3)
			c.plantIDs(id)
			rows = append(rows, []string{fmt.Sprint(5100 + i), f + " " + l, id, c.pick([]string{"Lärare", "Förskollärare", "Rektor", "Kurator"}), "Skolförvaltningen"})
		}
		c.write("Personal/Sverige/anställda_2022.tsv", []byte(lines("\t", rows)))
		c.expect("Personal/Sverige/anställda_2022.tsv", ruleSE, 20)
	}
	// Danish citizens list, cp1252 comma CSV, quoted.
	{
		rows := [][]string{{`"Navn"`, `"CPR-nr."`, `"Adresse"`, `"Postnr"`, `"By"`}}
		for range 20 {
			f, l := c.person("dk")
			id := c.cpr()
			c.plantIDs(id)
			rows = append(rows, []string{`"` + f + " " + l + `"`, `"` + id + `"`, fmt.Sprintf(`"%svej %d"`, c.pick(lastDK), 1+c.r.IntN(80)), fmt.Sprint(2000 + c.r.IntN(8000)), `"Aarhus"`})
		}
		c.write("Borgerservice/udtræk_borgere.csv", cp1252(crlf(lines(",", rows))))
		c.expect("Borgerservice/udtræk_borgere.csv", ruleDK, 20)
	}
	// Danish ODS and a letter.
	{
		rows := [][]string{{"Elev", "CPR-nummer", "Klasse"}}
		for range 10 {
			f, l := c.person("dk")
			id := c.cpr()
			c.plantIDs(id)
			rows = append(rows, []string{f + " " + l, id, c.pick(klasser)})
		}
		c.write("Skole_DK/elevliste.ods", odfDoc(true, nil, rows))
		c.expect("Skole_DK/elevliste.ods", ruleDK, 10)
		f, l := c.person("dk")
		id := c.cpr()
		c.plantIDs(id)
		c.write("Skole_DK/brev_til_forældre.txt", []byte(fmt.Sprintf("Kære forældre\n\nVedrørende: %s %s, CPR-nr. %s\n\nVi bekræfter hermed indmeldelse i 0. klasse pr. 1. august.\n\nVenlig hilsen\nSkolesekretæren\n", f, l, id)))
		c.expect("Skole_DK/brev_til_forældre.txt", ruleDK, 1)
	}
	// Finnish class list (semicolon, UTF-8) and an ODT letter.
	{
		rows := [][]string{{"Sukunimi", "Etunimet", "Henkilötunnus", "Luokka", "Huoltaja"}}
		for range 20 {
			f, l := c.person("fi")
			id := c.hetu()
			c.plantIDs(id)
			rows = append(rows, []string{l, f, id, c.pick([]string{"7A", "7B", "8C", "9A"}), c.pick(firstFI) + " " + l})
		}
		c.write("Koulu/oppilaslista_7-9.csv", []byte(lines(";", rows)))
		c.expect("Koulu/oppilaslista_7-9.csv", ruleFI, 20)
		f, l := c.person("fi")
		id := c.hetu()
		c.plantIDs(id)
		c.write("Koulu/todistus_pyyntö.odt", odfDoc(false, []string{"Todistuspyyntö", "Oppilas: " + f + " " + l, "Henkilötunnus: " + id, "Pyydämme jäljennöstä päättötodistuksesta."}, nil))
		c.expect("Koulu/todistus_pyyntö.odt", ruleFI, 1)
	}
	// Icelandic pupils register.
	{
		rows := [][]string{{"Nafn", "Kennitala", "Bekkur", "Netfang"}}
		for i := range 15 {
			f, l := c.person("is")
			id := c.kennitala()
			c.plantIDs(id)
			rows = append(rows, []string{f + " " + l, id, fmt.Sprintf("%d. bekkur", 1+c.r.IntN(10)), fmt.Sprintf("nemandi%d@skoli.is", i)})
		}
		c.write("Skóli/nemendaskrá_2023.csv", []byte(lines(",", rows)))
		c.expect("Skóli/nemendaskrá_2023.csv", ruleIS, 15)
	}
	// Synthetic test persons (Tenor): reported as test data.
	{
		rows := [][]string{{"Testperson", "Fødselsnummer", "Scenario"}}
		for i := range 8 {
			id := c.fnr(fnrTenor)
			c.plantIDs(id)
			rows = append(rows, []string{fmt.Sprintf("Testbruker %d", i+1), id, "Innflytting"})
		}
		c.write("Utvikling/test/testpersoner_tenor.csv", []byte(lines(";", rows)))
		c.expect("Utvikling/test/testpersoner_tenor.csv", ruleNO, 8)
	}
	// Archives: a zip backup with a CSV and a tar.gz of an old export.
	{
		rows := [][]string{{"navn", "fnr", "skole"}}
		for range 9 {
			f, l := c.person("no")
			id := c.fnr(fnrPlain)
			c.plantIDs(id)
			rows = append(rows, []string{f + " " + l, id, "Fana skole"})
		}
		srows := [][]string{{"namn", "personnr", "skola"}}
		for range 6 {
			f, l := c.person("se")
			id := c.pnr(false, false)
			c.plantIDs(id)
			srows = append(srows, []string{f + " " + l, id, "Vasaskolan"})
		}
		c.write("Backup/elevarkiv_2016.zip", zipBytes("arkiv/elever_fana.csv", lines(",", rows), "arkiv/les_meg.txt", "Arkivkopi, skal slettes etter 5 år.\n"))
		c.expect("Backup/elevarkiv_2016.zip!/arkiv/elever_fana.csv", ruleNO, 9)
		c.write("Backup/export_2015.tar.gz", tarGz("export/elever_se.csv", lines(",", srows)))
		c.expect("Backup/export_2015.tar.gz!/export/elever_se.csv", ruleSE, 6)
	}
}
