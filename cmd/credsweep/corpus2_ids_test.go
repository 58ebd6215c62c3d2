package main

import (
	"fmt"
	"html"
	"strings"
)

// xlsxInline builds a workbook the way report generators (not Excel) write
// it: inline strings, numbers as numbers ("n:" prefix), merged title cells.
func xlsxInline(sheets ...sheet) []byte {
	ct := `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>`
	var wb, rels strings.Builder
	wb.WriteString(`<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>`)
	rels.WriteString(`<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">`)
	var parts []string
	for i, sh := range sheets {
		n := i + 1
		ct += fmt.Sprintf(`<Override PartName="/xl/worksheets/sheet%d.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`, n)
		fmt.Fprintf(&wb, `<sheet name="%s" sheetId="%d" r:id="rId%d"/>`, html.EscapeString(sh.name), n, n)
		fmt.Fprintf(&rels, `<Relationship Id="rId%d" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet%d.xml"/>`, n, n)
		var b strings.Builder
		b.WriteString(`<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`)
		for ri, row := range sh.rows {
			fmt.Fprintf(&b, `<row r="%d">`, ri+1)
			for ci, cell := range row {
				if cell == "" {
					continue
				}
				ref := fmt.Sprintf("%c%d", 'A'+ci, ri+1)
				if v, ok := strings.CutPrefix(cell, "n:"); ok {
					fmt.Fprintf(&b, `<c r="%s"><v>%s</v></c>`, ref, v)
					continue
				}
				fmt.Fprintf(&b, `<c r="%s" t="inlineStr"><is><t>%s</t></is></c>`, ref, html.EscapeString(cell))
			}
			b.WriteString(`</row>`)
		}
		b.WriteString(`</sheetData><mergeCells count="1"><mergeCell ref="A1:E1"/></mergeCells></worksheet>`)
		parts = append(parts, fmt.Sprintf("xl/worksheets/sheet%d.xml", n), b.String())
	}
	rels.WriteString(`</Relationships>`)
	wb.WriteString(`</sheets></workbook>`)
	all := []string{
		"[Content_Types].xml", ct + `</Types>`,
		"_rels/.rels", `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
		"xl/workbook.xml", wb.String(),
		"xl/_rels/workbook.xml.rels", rels.String(),
	}
	return zipBytes(append(all, parts...)...)
}

// csvQuote quotes a cell the way Excel does when it holds sep, a quote or
// a line break.
func csvQuote(v, sep string) string {
	if strings.ContainsAny(v, sep+"\"\n\r") {
		return `"` + strings.ReplaceAll(v, `"`, `""`) + `"`
	}
	return v
}

func table(sep string, rows [][]string) string {
	var b strings.Builder
	for _, r := range rows {
		for i, c := range r {
			if i > 0 {
				b.WriteString(sep)
			}
			b.WriteString(csvQuote(c, sep))
		}
		b.WriteString("\r\n")
	}
	return b.String()
}

func (s *share2) idFiles() {
	// 1. HR register: title row, merged group row "Personalia", columns in
	// an odd order, IDs stored as numbers (leading zero lost) and as text.
	{
		rows := [][]string{{"Personalregister – Bergen kommune, Etat for barnehage"}, {"Utskrevet 14.02.2024"},
			{"Personalia", "", "", "Arbeidsforhold", ""},
			{"Etternavn", "Fornavn", "Fødselsnr", "Stilling", "Ansatt fra"}}
		for i := range 24 {
			f, l := s.name()
			id := s.noID(noPlain)
			s.hide(id)
			cell := id
			if i%2 == 0 {
				cell = "n:" + strings.TrimLeft(id, "0")
			}
			rows = append(rows, []string{l, f, cell, s.one("Pedagogisk leder", "Barnehagelærer", "Fagarbeider", "Assistent"), fmt.Sprintf("n:%d", 40000+s.r.IntN(5000))})
		}
		s.put("Personal/Register/Personalregister_2024.xlsx", xlsxInline(sheet{"Ansatte", rows}))
		s.exp("Personal/Register/Personalregister_2024.xlsx", ruleNO, 24)
	}
	// 2. cp1252 semicolon export with leading apostrophes and trailing spaces.
	{
		rows := [][]string{{"Navn", "Avdeling", "Født", "Personnummer (11 siffer)", "Lønnstrinn"}}
		for i := range 15 {
			f, l := s.name()
			id := s.noID(noPlain)
			if i%5 == 3 {
				id = s.noID(noD)
			}
			s.hide(id)
			v := "'" + id
			if i%3 == 1 {
				v = id + "   "
			}
			rows = append(rows, []string{f + " " + l, s.one("Økonomi", "Lønn", "Innkjøp", "Sørvis"), "", v, fmt.Sprint(40 + s.r.IntN(40))})
		}
		s.put("Personal/Eksport/ansatte_lønn_ø.csv", cp1252(table(";", rows)))
		s.exp("Personal/Eksport/ansatte_lønn_ø.csv", ruleNO, 15)
	}
	// 3. Quoted CSV, embedded commas and line breaks in addresses.
	{
		rows := [][]string{{"Name", "Address", "National ID", "Comment"}}
		for range 12 {
			f, l := s.name()
			id := s.noID(noPlain)
			s.hide(id)
			rows = append(rows, []string{l + ", " + f, fmt.Sprintf("%sgata %d\n%04d Bergen", s.one(g2Last...), 1+s.r.IntN(80), 5000+s.r.IntN(200)), id, s.one("", "Allergi: nøtter, egg", "Ny adresse \"fra 1.3\"")})
		}
		s.putS("Personal/Eksport/adresseliste_utf8.csv", table(",", rows))
		s.exp("Personal/Eksport/adresseliste_utf8.csv", ruleNO, 12)
	}
	// 4. Excel "Unicode text": UTF-16LE, BOM, tabs; H- and D-numbers mixed.
	{
		rows := [][]string{{"Journalnr", "Pasientnavn", "Fnr/D-nr", "Post"}}
		for i := range 16 {
			f, l := s.name()
			k := []noKind{noPlain, noD, noH, noPlain}[i%4]
			id := s.noID(k)
			s.hide(id)
			rows = append(rows, []string{fmt.Sprint(880000 + i*13), l + " " + f, id, s.one("Hjerte", "Ortopedi", "Barn")})
		}
		s.put("Helse/Uttrekk/innlagte_feb.txt", utf16LEBOM(table("\t", rows)))
		s.exp("Helse/Uttrekk/innlagte_feb.txt", ruleNO, 16)
	}
	// 5. Pipe-separated, no header keyword but 11-digit valid numbers.
	{
		var b strings.Builder
		b.WriteString("elevid|navn|id|klasse\n")
		for i := range 10 {
			f, l := s.name()
			id := s.noID(noPlain)
			s.hide(id)
			fmt.Fprintf(&b, "%d|%s %s|%s|%s\n", 3300+i, f, l, id, s.one("5A", "5B", "6A"))
		}
		s.putS("Skole/Eksport/elever_pipe.txt", b.String())
		s.exp("Skole/Eksport/elever_pipe.txt", ruleNO, 10)
	}
	// 6. MySQL dump, backticks, one INSERT with many rows, IDs as strings.
	{
		var b strings.Builder
		b.WriteString("-- MySQL dump 10.13  Distrib 8.0.35\n--\n-- Table structure for table `elev`\n--\nDROP TABLE IF EXISTS `elev`;\nCREATE TABLE `elev` (\n  `id` int NOT NULL AUTO_INCREMENT,\n  `navn` varchar(100) DEFAULT NULL,\n  `fnr` char(11) DEFAULT NULL,\n  `opprettet` bigint DEFAULT NULL,\n  PRIMARY KEY (`id`)\n) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;\n\nLOCK TABLES `elev` WRITE;\nINSERT INTO `elev` VALUES ")
		for i := range 20 {
			f, l := s.name()
			id := s.noID(noPlain)
			s.hide(id)
			if i > 0 {
				b.WriteString(",")
			}
			fmt.Fprintf(&b, "(%d,'%s %s','%s',%d)", i+1, f, l, id, 1690000000000+s.r.Int64N(1e10))
		}
		b.WriteString(";\nUNLOCK TABLES;\n")
		s.putS("Backup/mysql/skoleadmin_2024-01-31.sql", b.String())
		s.exp("Backup/mysql/skoleadmin_2024-01-31.sql", ruleNO, 20)
	}
	// 7. pg_dump COPY block (tab separated, \N for NULL).
	{
		var b strings.Builder
		b.WriteString("--\n-- PostgreSQL database dump\n--\n\nCOPY public.pasient (id, etternavn, fodselsnummer, kommune, opprettet) FROM stdin;\n")
		for i := range 14 {
			_, l := s.name()
			id := s.noID(noPlain)
			s.hide(id)
			fmt.Fprintf(&b, "%d\t%s\t%s\t%s\t2023-0%d-1%d 10:1%d:00+01\n", 501+i, l, id, s.one("4601", "\\N", "5001"), 1+i%9, i%9, i%10)
		}
		b.WriteString("\\.\n\n")
		s.putS("Backup/postgres/journal_dump.sql", b.String())
		s.exp("Backup/postgres/journal_dump.sql", ruleNO, 14)
	}
	// 8. NDJSON.
	{
		var b strings.Builder
		for i := range 9 {
			f, l := s.name()
			id := s.noID(noPlain)
			s.hide(id)
			fmt.Fprintf(&b, `{"personId":%d,"navn":"%s %s","foedselsnummer":"%s","aktiv":true}`+"\n", 100+i, f, l, id)
		}
		s.putS("Integrasjon/fiks/personer.ndjson", b.String())
		s.exp("Integrasjon/fiks/personer.ndjson", ruleNO, 9)
	}
	// 9. XML export.
	{
		var b strings.Builder
		b.WriteString(`<?xml version="1.0" encoding="ISO-8859-1"?>` + "\n<Elever>\n")
		for range 7 {
			f, l := s.name()
			id := s.noID(noPlain)
			s.hide(id)
			fmt.Fprintf(&b, "  <Elev>\n    <Navn>%s %s</Navn>\n    <Fodselsnummer>%s</Fodselsnummer>\n  </Elev>\n", f, l, id)
		}
		b.WriteString("</Elever>\n")
		s.put("Integrasjon/sas/elever_eksport.xml", cp1252(b.String()))
		s.exp("Integrasjon/sas/elever_eksport.xml", ruleNO, 7)
	}
	// 10. A letter as docx with the ID mid-sentence.
	{
		f, l := s.name()
		id := s.noID(noPlain)
		s.hide(id)
		s.put("NAV/Brev/bekreftelse_sykepenger.docx", docxDoc([]string{"NAV Bergenhus", fmt.Sprintf("Vi bekrefter at %s %s med fødselsnummer %s har rett til sykepenger fra 02.01.2024.", f, l, id), "Med hilsen NAV"}, nil))
		s.exp("NAV/Brev/bekreftelse_sykepenger.docx", ruleNO, 1)
	}
	// 11. Tenor test persons: level note.
	{
		var b strings.Builder
		b.WriteString("# Syntetiske testpersoner fra Tenor testdatasøk\nfnr,navn,sivilstand\n")
		for range 6 {
			id := s.noID(noTenor)
			s.hide(id)
			fmt.Fprintf(&b, "%s,%s,%s\n", id, strings.ToUpper(s.one(g2Words...)), s.one("gift", "ugift"))
		}
		s.putS("Utvikling/testdata/tenor_personer.csv", b.String())
		s.exp("Utvikling/testdata/tenor_personer.csv", ruleNO, 6)
		s.notes["Utvikling/testdata/tenor_personer.csv"] = true
	}
	// 12. AD csvde export: an employeeID holding fødselsnummer.
	{
		var b strings.Builder
		b.WriteString("DN,objectClass,sAMAccountName,displayName,employeeID,whenCreated\n")
		for i := range 8 {
			f, l := s.name()
			id := s.noID(noPlain)
			s.hide(id)
			fmt.Fprintf(&b, "\"CN=%s %s,OU=Ansatte,DC=kommune,DC=local\",user,%s,%s %s,%s,20230%d01120000.0Z\n", f, l, s.login(f, l, i), f, l, id, 1+i%9)
		}
		s.putS("IT/AD/csvde_ansatte.csv", b.String())
		s.exp("IT/AD/csvde_ansatte.csv", ruleNO, 8)
	}
	// --- Sweden ---
	{
		rows := [][]string{{"Namn", "Personnummer", "Anställningsform"}}
		for i := range 14 {
			f, l := s.name()
			long, short := s.seID(i%7 == 3)
			s.hide(long, short)
			v := short
			switch i % 3 {
			case 1:
				v = long
			case 2:
				v = long[:8] + "-" + long[8:]
			}
			rows = append(rows, []string{f + " " + l, v, s.one("Tillsvidare", "Vikariat")})
		}
		s.put("Personal_SE/anställda_2024.csv", cp1252(table(";", rows)))
		s.exp("Personal_SE/anställda_2024.csv", ruleSE, 14)
	}
	{
		rows := [][]string{{"Elev", "Personnr", "Klass", "Vårdnadshavare"}}
		for range 10 {
			f, l := s.name()
			long, _ := s.seID(false)
			s.hide(long)
			rows = append(rows, []string{f + " " + l, long[:8] + "-" + long[8:], s.one("7A", "8B"), s.one(g2First...) + " " + l})
		}
		s.put("Skola/Export/elever_unicode.txt", utf16LEBOM(table("\t", rows)))
		s.exp("Skola/Export/elever_unicode.txt", ruleSE, 10)
	}
	{
		_, short := s.seID(false)
		s.hide(short)
		s.put("Skola/Brev/beslut_skolskjuts.pdf", pdfDoc([]string{"Beslut om skolskjuts", "Eleven med personnummer " + short + " beviljas skolskjuts läsåret 2024/25.", "Med vänlig hälsning, Barn- och utbildningsförvaltningen"}))
		s.exp("Skola/Brev/beslut_skolskjuts.pdf", ruleSE, 1)
	}
	// --- Denmark ---
	{
		rows := [][]string{{"Navn", "CPR-nr.", "Adresse", "Telefon"}}
		for i := range 12 {
			f, l := s.name()
			id := s.dkID()
			s.hide(id)
			v := id
			switch i % 3 {
			case 1:
				v = strings.Replace(id, "-", "", 1)
			case 2:
				v = strings.Replace(id, "-", " ", 1)
			}
			rows = append(rows, []string{f + " " + l, v, fmt.Sprintf("Nørregade %d, %d København", 1+s.r.IntN(90), 1000+s.r.IntN(900)), fmt.Sprintf("+45 %02d %02d %02d %02d", 20+s.r.IntN(10), s.r.IntN(100), s.r.IntN(100), s.r.IntN(100))})
		}
		s.put("Borgerservice/Udtræk/borgere_æøå.csv", cp1252(table(";", rows)))
		s.exp("Borgerservice/Udtræk/borgere_æøå.csv", ruleDK, 12)
	}
	{
		id := s.dkID()
		s.hide(id)
		s.putS("Borgerservice/Breve/partshøring.txt", "Kære borger\n\nVi skriver til dig vedrørende din ansøgning om boligstøtte. Dit CPR-nummer er "+id+", og vi har brug for yderligere oplysninger.\n\nVenlig hilsen\nBorgerservice\n")
		s.exp("Borgerservice/Breve/partshøring.txt", ruleDK, 1)
	}
	{
		id := strings.Replace(s.dkID(), "-", "", 1)
		s.hide(id)
		s.put("Borgerservice/Breve/indkaldelse.docx", docxDoc([]string{"Indkaldelse til samtale", "CPR nr.: " + id, "Du bedes møde op tirsdag kl. 10."}, nil))
		s.exp("Borgerservice/Breve/indkaldelse.docx", ruleDK, 1)
	}
	// --- Finland: every century sign ---
	{
		rows := [][]string{{"Sukunimi", "Etunimi", "Henkilötunnus", "Luokka"}}
		for i, sign := range []byte("-YXWVUABCDEF+-A") {
			f, l := s.name()
			id := s.fiID(sign)
			s.hide(id)
			rows = append(rows, []string{l, f, id, fmt.Sprintf("%d%c", 7+i%3, 'A'+i%2)})
		}
		s.putS("Koulu/Oppilaat/oppilasrekisteri.csv", table(";", rows))
		s.exp("Koulu/Oppilaat/oppilasrekisteri.csv", ruleFI, 15)
	}
	{
		id := s.fiID('-')
		s.hide(id)
		s.put("Koulu/Kirjeet/todistus.docx", docxDoc([]string{"Todistus", "Oppilaan henkilötunnus " + id + " on merkitty rekisteriin.", "Ystävällisin terveisin, rehtori"}, nil))
		s.exp("Koulu/Kirjeet/todistus.docx", ruleFI, 1)
	}
	// --- Iceland ---
	{
		rows := [][]string{{"Nafn", "Kennitala", "Bekkur"}}
		for range 9 {
			f, l := s.name()
			id := s.isID(false)
			s.hide(id)
			rows = append(rows, []string{f + " " + l, id, s.one("5. bekkur", "6. bekkur")})
		}
		s.putS("Skóli/Nemendur/nemendur_2024.csv", table(",", rows))
		s.exp("Skóli/Nemendur/nemendur_2024.csv", ruleIS, 9)
	}
	{
		id := s.isID(false)
		s.hide(id)
		s.put("Skóli/Bréf/staðfesting.pdf", pdfDoc([]string{"Staðfesting á skólavist", "Nemandi: Jón Jónsson, kt. " + id, "Virðingarfyllst, skólastjóri"}))
		s.exp("Skóli/Bréf/staðfesting.pdf", ruleIS, 1)
	}
}
