package nationalid

import (
	"fmt"
	"strings"
	"testing"

	"github.com/credsweep/credsweep/detectors"
)

func TestRules(t *testing.T) {
	rs := New().Rules()
	want := []string{RuleNO, RuleSE, RuleDK, RuleFI, RuleIS, RuleEE}
	if len(rs) != len(want) {
		t.Fatalf("%d rules, want %d", len(rs), len(want))
	}
	for i, r := range rs {
		if r.ID != want[i] || r.Name == "" || r.Short == "" || r.Full == "" || r.Help == "" || r.HelpMarkdown == "" ||
			r.Severity <= 0 || r.Severity > 10 || r.Level != detectors.LevelError || len(r.Tags) == 0 || r.PerSecret {
			t.Errorf("rule %d incomplete: %+v", i, r)
		}
		if !strings.Contains(r.Help, "GDPR") || !strings.Contains(r.Help, "1.6 million") {
			t.Errorf("rule %s help does not say why it matters", r.ID)
		}
	}
}

// TestDetect: one case per form and context; want maps rule to the
// numbers (as written) that must be found, nothing else may be.
func TestDetect(t *testing.T) {
	no1, no2, no3 := Example("no", 1), Example("no", 2), Example("no", 3)
	se1, se2 := Example("se", 1), Example("se", 2)
	dk1, dk2 := Example("dk", 1), Example("dk", 2)
	fi1 := Example("fi", 1)
	is1, is2 := Example("is", 1), Example("is", 2)
	acct := Example("no", 99) // an account-shaped 11-digit number that passes
	dNum := makeNO(t, 41, 5, 85, 200)
	hNum := makeNO(t, 1, 45, 85, 200)
	tenor := makeNO(t, 1, 85, 85, 200)
	fh := makeNO(t, 81, 23, 45, 600)
	compact := func(s string) string { return strings.ReplaceAll(s, "-", "") }
	spaced := func(s string) string { return s[:6] + " " + s[6:] }
	se12 := func(s string) string { // YYMMDD-NNNC -> YYYYMMDDNNNC
		y := seCentury(num2(s, 0), New().(*detector).refYear, false)
		return fmt.Sprintf("%d%s", y/100, compact(s))
	}

	tests := []struct {
		name  string
		sec   detectors.Section
		text  string
		want  map[string][]string
		none  bool
		check func(t *testing.T, fs []detectors.Finding)
	}{
		{name: "no compact in text", text: "Søker: Kari Nordmann " + no1 + "\n",
			want: map[string][]string{RuleNO: {no1}}},
		{name: "no spaced and dashed", text: "fnr " + spaced(no1) + " og " + no2[:6] + "-" + no2[6:] + "\n",
			want: map[string][]string{RuleNO: {no1, no2}}},
		{name: "no nbsp", text: "fødselsnummer: " + no1[:6] + "\u00a0" + no1[6:] + ".\n",
			want: map[string][]string{RuleNO: {no1}}},
		{name: "csv header", sec: detectors.Section{File: "elever.csv"},
			text: "Navn;Klasse;Fødselsnummer;Kontonummer\nKari;5A;" + no1 + ";" + acct + "\nOla;5B;" + no2 + ";" + acct + "\n",
			want: map[string][]string{RuleNO: {no1, no2}}},
		{name: "csv quoted", text: "\"navn\",\"fnr\",\"konto\"\n\"Nordmann, Kari\",\"" + no1 + "\",\"" + acct + "\"\n",
			want: map[string][]string{RuleNO: {no1}}},
		{name: "table section", sec: detectors.Section{File: "x.xlsx", Name: "sheet Elever", Table: true},
			text: "Elev\tPersonnummer\tTelefon\nA\t" + se1 + "\t0701234567\nB\t" + compact(se2) + "\t0701234568\n",
			want: map[string][]string{RuleSE: {se1, se2}}},
		{name: "json", text: "{\"fnr\": \"" + no1 + "\", \"konto\": \"" + acct + "\"}\n{\"fnr\":\"" + no2 + "\"}\n",
			want: map[string][]string{RuleNO: {no1, no2}}},
		{name: "sql insert with columns",
			text: "INSERT INTO elever (id, navn, fnr, kontonr) VALUES (1, 'Kari', '" + no1 + "', '" + acct + "'),\n(2, 'Ola', '" + no2 + "', '" + acct + "');\n",
			want: map[string][]string{RuleNO: {no1, no2}}},
		{name: "mysqldump create table",
			text: "CREATE TABLE `pasient` (\n  `id` int NOT NULL,\n  `konto` char(11),\n  `cpr` char(10),\n  PRIMARY KEY (`id`)\n);\n" +
				"INSERT INTO `pasient` VALUES (1,'" + acct + "','" + compact(dk1) + "'),(2,'" + acct + "','" + compact(dk2) + "');\n",
			want: map[string][]string{RuleDK: {dk1, dk2}}},
		{name: "pg copy", text: "COPY public.borgere (id, navn, kennitala) FROM stdin;\n1\tJón\t" + compact(is1) + "\n2\tGuðrún\t" + compact(is2) + "\n\\.\n",
			want: map[string][]string{RuleIS: {is1, is2}}},
		{name: "danish letter", text: "Kære Jens Hansen\n\nVedrørende din sag, CPR-nr. " + dk1 + ", har vi modtaget ...\n",
			want: map[string][]string{RuleDK: {dk1}}},
		{name: "label on previous line", text: "CPR-nummer:\n" + compact(dk1) + "\n",
			want: map[string][]string{RuleDK: {dk1}}},
		{name: "icelandic", text: "Nafn: Jón Jónsson, kt. " + is1 + "\n", want: map[string][]string{RuleIS: {is1}}},
		{name: "finnish", text: "Henkilötunnus: " + fi1 + "\nhetu 131052-308T\n",
			want: map[string][]string{RuleFI: {fi1, "131052-308T"}}},
		{name: "finnish without context", text: "Asiakas " + fi1 + " soitti.\n", want: map[string][]string{RuleFI: {fi1}}},
		{name: "swedish forms count once", text: "personnummer " + se1 + ", även " + se12(se1) + " och " + se1[:6] + "-" + se1[7:] + "\n",
			want: map[string][]string{RuleSE: {se1}}},
		{name: "swedish 12 dash no context", text: "Patient " + se12(se1)[:8] + "-" + se12(se1)[8:] + "\n",
			want: map[string][]string{RuleSE: {se1}}},
		{name: "english", text: "National ID: " + no1 + "\nSSN " + spaced(no3) + "\n", want: map[string][]string{RuleNO: {no1, no3}}},
		{name: "file name context", sec: detectors.Section{File: `\\srv\share\cpr_liste.txt`}, text: compact(dk1) + "\n" + compact(dk2) + "\n",
			want: map[string][]string{RuleDK: {dk1, dk2}}},
		{name: "keyword after the number", text: compact(dk1) + " (CPR)\n", want: map[string][]string{RuleDK: {dk1}}},
		{name: "bare 10 digits", none: true, text: "Ring " + compact(dk1) + " eller " + compact(se1) + " i dag.\n"},
		{name: "fh needs context", none: true, text: "Nummer " + fh + "\n"},
		{name: "fh with context", text: "fnr " + fh + "\n", want: map[string][]string{RuleNO: {fh}},
			check: func(t *testing.T, fs []detectors.Finding) {
				if !strings.Contains(fs[0].Detail.String(), "FH-number") {
					t.Errorf("detail %q", fs[0].Detail)
				}
			}},
		{name: "kinds", text: "fnr " + dNum + " " + hNum + " " + tenor + "\n", want: map[string][]string{RuleNO: {dNum, hNum, tenor}},
			check: func(t *testing.T, fs []detectors.Finding) {
				got := secretsOf(fs, RuleNO)
				if f := got[dNum]; f.TestData || !strings.Contains(f.Detail.String(), "D-number") {
					t.Errorf("D-number finding %+v", f.Detail)
				}
				if f := got[hNum]; !f.TestData || !strings.Contains(f.Detail.String(), "H-number or synthetic test number") {
					t.Errorf("H-number finding %q %v", f.Detail, f.TestData)
				}
				if f := got[tenor]; !f.TestData || !strings.Contains(f.Detail.String(), "Tenor") {
					t.Errorf("Tenor finding %q %v", f.Detail, f.TestData)
				}
			}},
		{name: "samordningsnummer", text: "samordningsnummer " + makeSE(90, 1, 61, 123) + "\n",
			want: map[string][]string{RuleSE: {makeSE(90, 1, 61, 123)}},
			check: func(t *testing.T, fs []detectors.Finding) {
				if !strings.Contains(fs[0].Detail.String(), "samordningsnummer") {
					t.Errorf("detail %q", fs[0].Detail)
				}
			}},
		{name: "decoys", none: true, text: strings.Join([]string{
			"Kort: 4111 1111 1111 1111, 4111111111111111, 3782 822463 10005",
			"IBAN NO93 8601 1117 947, NO9386011117947, DK5000400440116243",
			"Tlf +47 22 39 69 00, mobil 0701234567, +4670" + compact(dk1)[2:],
			"Tid 20190318123045, 2019-03-18 12:30:45, backup_201903181230.tar",
			"ISBN 978-82-05-" + no1[:5] + "-" + no1[5:6] + " og 978" + no1[:10],
			"Org.nr 974 761 467, 556036-0793",
			"UUID 550e8400-e29b-41d4-a716-" + se12(se1),
			"sha1 a94a8fe5cc" + no1 + "b9b3b5" + compact(dk1),
			"Ordre 190318-0042, faktura " + acct + ", KID " + no2,
			"Beløp " + no1 + ".50 kr, " + no1[:6] + "-" + no1[6:] + "-00",
		}, "\n") + "\n"},
		{name: "rejected numbers", none: true, text: func() string {
			var b strings.Builder
			b.WriteString("Avviste fødselsnumre / personnummer / CPR / kennitala / hetu (ugyldig kontrollsiffer):\n")
			for i := 0; i < 20; i++ {
				for _, c := range []string{"no", "se", "dk", "fi", "is"} {
					b.WriteString(ExampleInvalid(c, i) + "\n")
				}
			}
			return b.String()
		}()},
		{name: "negative file", none: true, sec: detectors.Section{File: "faktura.txt"},
			text: "Faktura\nBetales til " + acct + "\nRef 190318-0042\n"},
		{name: "kennitala context fails check", none: true,
			text: "kennitala\n" + func() string { b := []byte(dk1); b[8] = '0' + (b[8]-'0'+1)%10; return string(b) }() + "\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, bs := range []int{0, 160} { // whole, and in small blocks
				fs := scanText(t, tt.sec, tt.text, bs)
				got := map[string]map[string]bool{}
				for _, f := range fs {
					if got[f.Rule] == nil {
						got[f.Rule] = map[string]bool{}
					}
					got[f.Rule][f.Secret] = true
				}
				if tt.none {
					if len(fs) > 0 {
						t.Fatalf("block %d: want nothing, got %d findings: first %s %s %q", bs, len(fs), fs[0].Rule, fs[0].Masked, fs[0].Detail)
					}
					continue
				}
				for rule, nums := range tt.want {
					want := map[string]bool{}
					for _, n := range nums {
						want[normalise(rule, n)] = true
					}
					for n := range want {
						if !got[rule][n] {
							t.Errorf("block %d: %s: missing %s", bs, rule, detectors.Mask(n, 6))
						}
					}
					if len(got[rule]) != len(want) {
						t.Errorf("block %d: %s: got %d distinct, want %d", bs, rule, len(got[rule]), len(want))
					}
				}
				for rule := range got {
					if _, ok := tt.want[rule]; !ok {
						t.Errorf("block %d: unexpected rule %s (%d)", bs, rule, len(got[rule]))
					}
				}
				if tt.check != nil && bs == 0 && len(fs) > 0 {
					tt.check(t, fs)
				}
			}
		})
	}
}

// normalise gives the Secret a number written as s must have.
func normalise(rule, s string) string {
	switch rule {
	case RuleFI:
		return strings.ToUpper(s)
	case RuleSE:
		d := digitsOf(s)
		if len(d) == 12 {
			return d
		}
		y := seCentury(num2(d, 0), New().(*detector).refYear, strings.Contains(s, "+"))
		return se12(d, y)
	}
	return digitsOf(s)
}

// TestConcurrentSessions: one detector, many sessions at once (run with
// -race).
func TestConcurrentSessions(t *testing.T) {
	d := New()
	text := []byte("fnr;navn\n" + Example("no", 1) + ";Kari\n" + Example("no", 2) + ";Ola\n")
	done := make(chan int)
	for g := 0; g < 8; g++ {
		go func() {
			n := 0
			for i := 0; i < 50; i++ {
				s := d.NewSession(detectors.Section{File: "a.csv"})
				s.Scan(text, 1, func(detectors.Finding) {})
				s.Finish(func(detectors.Finding) { n++ })
			}
			done <- n
		}()
	}
	for g := 0; g < 8; g++ {
		if n := <-done; n != 100 {
			t.Errorf("goroutine found %d, want 100", n)
		}
	}
}
