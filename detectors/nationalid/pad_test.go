package nationalid

import (
	"strings"
	"testing"

	"github.com/credsweep/credsweep/detectors"
)

// TestLeadingZeroCells: Excel drops the leading zero of an ID typed as a
// number; an ID column's whole cell gets it back when the padded number
// validates, nothing else does.
func TestLeadingZeroCells(t *testing.T) {
	var no []string // fødselsnummer of people born on days 1-9
	for i := 0; i < 4; i++ {
		no = append(no, makeNO(t, 1+i*2, 1+i*3, 88+i, 100+i*50))
	}
	strip := func(s string) string { return s[1:] }
	full := makeNO(t, 23, 4, 91, 300) // an 11-digit one in the same column
	rows := func(sep string, ids []string) string {
		var b strings.Builder
		for i, id := range ids {
			b.WriteString("Elev " + string(rune('A'+i)) + sep + id + sep + "8A\n")
		}
		return b.String()
	}
	stripped := []string{strip(no[0]), strip(no[1]), strip(no[2]), strip(no[3])}
	badPad := "1234567890" // "01234567890" fails the control digits
	tests := []struct {
		name string
		sec  detectors.Section
		text string
		rule string
		want []string // secrets; nil = no finding of any rule
	}{
		{"sheet Fødselsnummer", detectors.Section{File: "elever.xlsx", Name: "sheet Elever", Table: true},
			"Navn\tFødselsnummer\tKlasse\n" + rows("\t", stripped), RuleNO, no},
		{"issue example", detectors.Section{File: "a.xlsx", Table: true},
			"Navn\tFødselsnummer\nOla\t2088925419\n", RuleNO, []string{"02088925419"}},
		{"csv fnr semicolon", detectors.Section{File: "elever.csv"},
			"Navn;Fnr;Klasse\n" + rows(";", stripped), RuleNO, no},
		{"csv fødselsnr quoted", detectors.Section{File: "elever.csv"},
			"\"Navn\";\"Fødselsnr\";\"Klasse\"\n\"Ola\";\"" + stripped[0] + "\";\"8A\"\n", RuleNO, no[:1]},
		{"personnummer with norwegian numbers", detectors.Section{File: "liste.csv"},
			"Navn;Personnummer;Klasse\n" + rows(";", append([]string{full}, stripped[:2]...)), RuleNO,
			[]string{full, no[0], no[1]}},
		{"personnummer swedish context", detectors.Section{File: "lista.csv"},
			"Förnamn;Efternamn;Personnummer\nAnna;Andersson;" + stripped[0] + "\nEva;Karlsson;" + stripped[1] + "\n",
			"", nil},
		{"running text", detectors.Section{File: "brev.txt"},
			"Fødselsnummer: " + stripped[0] + "\nFnr " + stripped[1] + " er registrert\n", "", nil},
		{"not the whole cell", detectors.Section{File: "elever.csv"},
			"Navn;Fødselsnummer\nOla;nr " + stripped[0] + "\n", "", nil},
		{"padded fails checks", detectors.Section{Table: true},
			"Navn\tFødselsnummer\nOla\t" + badPad + "\n", "", nil},
		{"other column", detectors.Section{Table: true},
			"Navn\tFødselsnummer\tTelefon\nOla\t" + no[1] + "\t" + stripped[0] + "\n", RuleNO, no[1:2]},
		{"cpr 9 digits", detectors.Section{File: "borgere.xlsx", Table: true},
			"Navn\tCPR-nr\nIda\t101190123\nBo\t321199123\n", RuleDK, []string{"0101190123"}},
		{"cpr 9 digits csv", detectors.Section{File: "borgere.csv"},
			"Navn;CPR\nIda;101190123\n", RuleDK, []string{"0101190123"}},
		{"9 digits under ssn", detectors.Section{Table: true}, "Name\tSSN\nJoe\t101190123\n", "", nil},
		{"9 digits under fnr", detectors.Section{Table: true}, "Navn\tFnr\nOla\t101190123\n", "", nil},
		{"9 digits in text", detectors.Section{}, "CPR 101190123\n", "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, bs := range []int{0, 48} {
				fs := scanText(t, tt.sec, tt.text, bs)
				if tt.want == nil {
					if len(fs) != 0 {
						t.Fatalf("block %d: want nothing, got %v", bs, counts(fs))
					}
					continue
				}
				got := secretsOf(fs, tt.rule)
				if len(fs) != len(got) || len(got) != len(tt.want) {
					t.Fatalf("block %d: got %v, want %d of %s", bs, counts(fs), len(tt.want), tt.rule)
				}
				for _, w := range tt.want {
					if _, ok := got[w]; !ok {
						t.Errorf("block %d: %s missing", bs, detectors.Mask(w, 6))
					}
				}
			}
		})
	}
}
