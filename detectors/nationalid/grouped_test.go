package nationalid

import (
	"fmt"
	"testing"

	"github.com/credsweep/credsweep/detectors"
)

func TestGroupedNumbers(t *testing.T) {
	no := makeNO(t, 1, 1, 90, 123)
	dotted := no[:2] + "." + no[2:4] + "." + no[4:6] + " " + no[6:]
	tests := []struct {
		name string
		sec  detectors.Section
		text string
		want map[string]int
	}{
		{"spaced pairs after label", detectors.Section{}, "Fødselsnummer: 10 04 87 44 732\n", map[string]int{RuleNO: 1}},
		{"dashed pairs", detectors.Section{}, "fnr 13-04-99-58441 registrert\n", map[string]int{RuleNO: 1}},
		{"pairs and triple", detectors.Section{}, "Fnr.: 26 11 15 940 14\n", map[string]int{RuleNO: 1}},
		{"dotted date", detectors.Section{}, "fødselsnummer " + dotted + "\n", map[string]int{RuleNO: 1}},
		{"swedish 4-2-4", detectors.Section{}, "Personnummer: 8803-20-0016\n", map[string]int{RuleSE: 1}},
		{"label on the line above", detectors.Section{}, "Fødselsnummer:\n10 04 87 44 732\n", map[string]int{RuleNO: 1}},
		{"9-2 split", detectors.Section{}, "fnr 111115984-03\n", map[string]int{RuleNO: 1}},
		{"csv column", detectors.Section{File: "elever.csv"}, "Navn;Fnr;Telefon\nOla;26 11 15 940 14;22 33 44 55\nKari;" + dotted + ";90 00 00 00\n",
			map[string]int{RuleNO: 2}},
		{"sheet column", detectors.Section{File: "a.xlsx", Table: true}, "Namn\tPersonnummer\nAnna\t8803-20-0016\n", map[string]int{RuleSE: 1}},
		{"free text without label", detectors.Section{}, "Ring 10 04 87 44 732 eller 13-04-99-58441\n", nil},
		{"table, other column", detectors.Section{File: "elever.csv"}, "Navn;Fnr;Konto\nOla;" + no + ";10 04 87 44 732\n", map[string]int{RuleNO: 1}},
		{"table without ID column", detectors.Section{File: "a.csv"}, "Navn;Telefon;Konto\nOla;10 04 87 44 732;x\n", nil},
		{"phone after label", detectors.Section{}, "fnr: se vedlegg, tlf +47 10 04 87 44 73\n", nil},
		{"account after label", detectors.Section{}, "fnr mangler, konto 1503.12.34567\n", nil},
		{"date and time after label", detectors.Section{}, "fnr registrert 2024-01-15 12:30\n", nil},
		{"invalid groups", detectors.Section{}, "Fødselsnummer: 10 04 87 44 733\n", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, bs := range []int{0, 64} {
				got := counts(scanText(t, tt.sec, tt.text, bs))
				if fmt.Sprint(got) != fmt.Sprint(tt.want) && !(len(got) == 0 && len(tt.want) == 0) {
					t.Fatalf("block %d: got %v, want %v", bs, got, tt.want)
				}
			}
		})
	}
}

func FuzzGrouped(f *testing.F) {
	for _, s := range []string{"fnr 10 04 87 44 732\n", "Navn;Fnr\nOla;26 11 15 940 14\n", "8803-20-0016", "1.2.3.4.5.6.7.8.9.0.1"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		want := len(b)
		for i := 0; i+2 < len(b); i++ {
			if isDigit(b[i]) && isGroupSep(b[i+1]) && isDigit(b[i+2]) {
				want = i
				break
			}
		}
		if got := nextGroup(b, 0, len(b)); got != want {
			t.Fatalf("nextGroup = %d, want %d", got, want)
		}
		toks := findGrouped(b, 0, len(b), nil)
		last := -1
		for _, tk := range toks {
			if tk.pos < last || tk.end > len(b) || tk.klen < 10 || tk.klen > 12 || !allDigits(string(tk.key[:tk.klen])) {
				t.Fatalf("bad grouped token %+v", tk)
			}
			last = tk.end
		}
	})
}
