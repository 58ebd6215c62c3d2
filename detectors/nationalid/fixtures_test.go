package nationalid

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/credsweep/credsweep/detectors"
)

// Fixtures are realistic exports built from synthetic numbers. Rewrite them
// with NATIONALID_WRITE_FIXTURES=1 go test -run TestFixtures; the expected
// counts in testdata/expected.txt are written from what was planted.

type fixture struct {
	name  string
	table bool
	text  string
	want  map[string]int
}

func buildFixtures() []fixture {
	var fx []fixture
	nums := func(c string, from, n int) []string {
		var out []string
		for i := 0; i < n; i++ {
			out = append(out, Example(c, from+i))
		}
		return out
	}
	// Norwegian class list with user names and passwords (the Bergen case).
	{
		var b strings.Builder
		b.WriteString("Elevnr;Fornavn;Etternavn;Klasse;Fødselsnummer;Brukernavn;Passord;Foresatt tlf\n")
		for i, n := range nums("no", 0, 40) {
			fmt.Fprintf(&b, "%d;Elev%d;Nordmann;%dA;%s;elev%d;Sommer%d!;9%07d\n", 20190+i, i, 1+i%7, n, i, 2018+i, i*7919)
		}
		fx = append(fx, fixture{name: "elevliste_bergen.csv", text: b.String(), want: map[string]int{RuleNO: 40}})
	}
	// Danish patient register as a mysqldump.
	{
		var b strings.Builder
		b.WriteString("-- MySQL dump 10.13\n\nDROP TABLE IF EXISTS `patient`;\nCREATE TABLE `patient` (\n  `id` int(11) NOT NULL AUTO_INCREMENT,\n" +
			"  `navn` varchar(80) DEFAULT NULL,\n  `cpr` char(11) DEFAULT NULL,\n  `telefon` varchar(12) DEFAULT NULL,\n" +
			"  `kontonr` char(14) DEFAULT NULL,\n  PRIMARY KEY (`id`)\n) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;\n\n" +
			"INSERT INTO `patient` VALUES ")
		for i, n := range nums("dk", 0, 30) {
			if i > 0 {
				b.WriteString(",")
			}
			fmt.Fprintf(&b, "(%d,'Patient %d','%s','%08d','%s')", i+1, i, n, 20000000+i*31337, strings.ReplaceAll(Example("dk", 500+i), "-", ""))
		}
		b.WriteString(";\n")
		fx = append(fx, fixture{name: "patienter_dump.sql", text: b.String(), want: map[string]int{RuleDK: 30}})
	}
	// Swedish letter.
	{
		se := nums("se", 0, 3)
		y := seCentury(num2(se[2], 0), New().(*detector).refYear, false) / 100
		text := "Stockholms stad\nSocialförvaltningen\n\nBeslut om bistånd\n\nSökande: Anna Andersson, personnummer " + se[0] +
			"\nMedsökande: Erik Andersson (" + se[1] + ")\nBarn: Lisa Andersson " + fmt.Sprint(y) + strings.ReplaceAll(se[2], "-", "") +
			"\n\nBeslutet gäller från 2024-01-01. Handläggare nås på 08-508 000 00.\nDnr 2023/1281, ärende 230314-0012.\n"
		fx = append(fx, fixture{name: "beslut_bistand.txt", text: text, want: map[string]int{RuleSE: 3}})
	}
	// Finnish HR sheet (as the xlsx extractor writes it).
	{
		var b strings.Builder
		b.WriteString("Nimi\tHenkilötunnus\tPuhelin\tTilinumero\n")
		for i, n := range nums("fi", 0, 25) {
			fmt.Fprintf(&b, "Työntekijä %d\t%s\t040%07d\tFI21 1234 5600 %04d 85\n", i, n, i*1234567%10000000, i)
		}
		fx = append(fx, fixture{name: "henkilosto_sheet.tsv", table: true, text: b.String(), want: map[string]int{RuleFI: 25}})
	}
	// Icelandic JSON export.
	{
		var b strings.Builder
		b.WriteString("[\n")
		for i, n := range nums("is", 0, 20) {
			fmt.Fprintf(&b, "  {\"nafn\": \"Félagi %d\", \"kennitala\": \"%s\", \"simi\": \"%07d\"},\n", i, strings.ReplaceAll(n, "-", ""), 5500000+i)
		}
		b.WriteString("]\n")
		fx = append(fx, fixture{name: "felagar.json", text: b.String(), want: map[string]int{RuleIS: 20}})
	}
	// Decoys: an invoice, a phone list, a rejected-numbers report.
	{
		var b strings.Builder
		b.WriteString("FAKTURA 2019-0342\nForfall: 18.03.2019\nKontonummer: 1503.12.34567\nKID: 0012345678903\n\n")
		for i := 0; i < 15; i++ {
			fmt.Fprintf(&b, "Ordre %02d%02d19-%04d  vare %d  %d,00 kr  konto %s\n", 1+i, 1+i%12, i*37, i, 100*i, Example("no", 900+i))
		}
		b.WriteString("Org.nr 974 761 467 MVA, IBAN NO93 8601 1117 947, tlf +47 55 56 60 00\n")
		fx = append(fx, fixture{name: "faktura_2019.txt", text: b.String(), want: map[string]int{}})
	}
	{
		var b strings.Builder
		b.WriteString("Navn,Mobil,Telefon,Org.nr\n")
		for i := 0; i < 30; i++ {
			fmt.Fprintf(&b, "Kontakt %d,07%08d,+46 8 %03d %02d %02d,%06d-%04d\n", i, i*2718281%100000000, i, i, i, 556000+i, i*13)
		}
		fx = append(fx, fixture{name: "telefonlista.csv", text: b.String(), want: map[string]int{}})
	}
	{
		var b strings.Builder
		b.WriteString("Avviste numre ved import (feil kontrollsiffer eller ugyldig dato)\nfødselsnummer / personnummer / CPR / hetu / kennitala\n")
		for i := 0; i < 10; i++ {
			for _, c := range []string{"no", "se", "dk", "fi", "is"} {
				fmt.Fprintf(&b, "rad %d: %s avvist\n", i, ExampleInvalid(c, i))
			}
		}
		fx = append(fx, fixture{name: "avviste_numre.txt", text: b.String(), want: map[string]int{}})
	}
	return fx
}

func TestFixtures(t *testing.T) {
	fx := buildFixtures()
	if os.Getenv("NATIONALID_WRITE_FIXTURES") == "1" {
		var m strings.Builder
		for _, f := range fx {
			if err := os.WriteFile(filepath.Join("testdata", f.name), []byte(f.text), 0o644); err != nil {
				t.Fatal(err)
			}
			var rules []string
			for r := range f.want {
				rules = append(rules, r)
			}
			sort.Strings(rules)
			fmt.Fprintf(&m, "%s table=%v", f.name, f.table)
			for _, r := range rules {
				fmt.Fprintf(&m, " %s=%d", r, f.want[r])
			}
			m.WriteString("\n")
		}
		if err := os.WriteFile("testdata/expected.txt", []byte(m.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	mf, err := os.Open("testdata/expected.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer mf.Close()
	sc := bufio.NewScanner(mf)
	n := 0
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) < 2 {
			continue
		}
		n++
		name := fields[0]
		want := map[string]int{}
		for _, kv := range fields[2:] {
			k, v, _ := strings.Cut(kv, "=")
			want[k], _ = strconv.Atoi(v)
		}
		data, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		sec := detectors.Section{File: name, Table: fields[1] == "table=true"}
		for _, bs := range []int{0, 512} {
			got := counts(scanText(t, sec, string(data), bs))
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("%s (blocks %d): counts %v, want %v", name, bs, got, want)
			}
		}
	}
	if n != len(fx) {
		t.Errorf("expected.txt lists %d fixtures, want %d", n, len(fx))
	}
}
