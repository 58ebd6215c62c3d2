package nationalid

import (
	"fmt"
	"strings"
	"testing"

	"github.com/credsweep/credsweep/detectors"
)

// hetuDigit returns HETU numbers whose check character is a digit: in the
// dash form they are also possible CPR numbers.
func hetuDigit(t *testing.T, n int) []string {
	t.Helper()
	d := New().(*detector)
	var out []string
	for i := 0; len(out) < n && i < 100000; i++ {
		r := rng(i)
		y, m, dd := r.date(1940, 1999)
		z := 2 + r.intn(800)
		q := fiCheckChars[(((dd*100+m)*100+y%100)*1000+z)%31]
		if q > '9' {
			continue
		}
		s := fmt.Sprintf("%02d%02d%02d-%03d%c", dd, m, y%100, z, q)
		if v := d.interpret(s[:6]+s[7:], shDash64).valid; v&bFI != 0 && v&bDK != 0 {
			out = append(out, s)
		}
	}
	if len(out) < n {
		t.Fatal("not enough HETU with a digit check character")
	}
	return out
}

// TestCountryColumn: a country column decides the rule of the numbers in
// its row (issue 10's HR register).
func TestCountryColumn(t *testing.T) {
	fi := hetuDigit(t, 3)
	rows := func(sep string, hdr []string, data [][]string) string {
		var b strings.Builder
		b.WriteString(strings.Join(hdr, sep) + "\n")
		for _, r := range data {
			b.WriteString(strings.Join(r, sep) + "\n")
		}
		return b.String()
	}
	register := [][]string{
		{"Kari", "NO", Example("no", 1)}, {"Ola", "NO", Example("no", 2)},
		{"Anna", "SE", Example("se", 1)}, {"Erik", "SE", Example("se", 2)},
		{"Ida", "DK", Example("dk", 1)}, {"Bo", "DK", Example("dk", 2)}, {"Mads", "DK", Example("dk", 3)},
		{"Aino", "FI", fi[0]}, {"Eino", "FI", fi[1]}, {"Leena", "FI", fi[2]},
		{"Jón", "IS", Example("is", 1)}, {"Guðrún", "IS", Example("is", 2)},
	}
	want := map[string]int{RuleNO: 2, RuleSE: 2, RuleDK: 3, RuleFI: 3, RuleIS: 2}
	named := make([][]string, len(register))
	names := map[string]string{"NO": "Norge", "SE": "Sverige", "DK": "Danmark", "FI": "Suomi", "IS": "Ísland"}
	adj := map[string]string{"NO": "norsk", "SE": "Swedish", "DK": "dansk", "FI": "Finnish", "IS": "Icelandic"}
	adjRows := make([][]string, len(register))
	for i, r := range register {
		named[i] = []string{r[0], names[r[1]], r[2]}
		adjRows[i] = []string{r[0], adj[r[1]], r[2]}
	}
	_, ee := findNOEE(t)
	both, _ := findNOEE(t)
	tests := []struct {
		name string
		sec  detectors.Section
		text string
		want map[string]int
	}{
		{"issue example", detectors.Section{File: "hr.csv"}, rows(";", []string{"Navn", "Land", "ID-nummer"}, register), want},
		{"country names", detectors.Section{File: "hr.csv"}, rows(";", []string{"Name", "Country", "ID"}, named), want},
		{"nationality adjectives, sheet", detectors.Section{File: "hr.xlsx", Table: true},
			rows("\t", []string{"Namn", "Medborgarskap", "Id"}, adjRows), want},
		{"country after the number", detectors.Section{File: "hr.csv"},
			rows(";", []string{"Navn", "ID-nummer", "Statsborgerskap"}, func() [][]string {
				out := make([][]string, len(register))
				for i, r := range register {
					out[i] = []string{r[0], r[2], r[1]}
				}
				return out
			}()), want},
		{"explicit column label wins", detectors.Section{File: "hr.csv"},
			"Navn;Land;Kennitala\nJón;DK;" + Example("is", 1) + "\nAnna;FI;" + Example("is", 2) + "\n", map[string]int{RuleIS: 2}},
		{"explicit column label: failing number dropped", detectors.Section{File: "hr.csv"},
			"Navn;Land;Henkilötunnus\nIda;DK;" + Example("dk", 1) + "\n", nil},
		{"generic column, row decides", detectors.Section{File: "hr.csv"},
			"Name;Nationality;National ID\nJón;IS;" + Example("is", 1) + "\nAino;FI;" + fi[0] + "\n", map[string]int{RuleIS: 1, RuleFI: 1}},
		{"row country is a preference, not a veto", detectors.Section{File: "hr.csv"},
			"Navn;Land;ID-nummer\nSven;SE;" + Example("no", 7) + "\n", map[string]int{RuleNO: 1}},
		{"estonian row", detectors.Section{File: "hr.csv"},
			"Nimi;Riik;Kodakondsus\n", nil},
		{"estonian by row", detectors.Section{File: "hr.csv"},
			"Name;Country;ID\nMari;EE;" + ee + "\nJaan;Eesti;" + both + "\nKari;NO;" + Example("no", 3) + "\n",
			map[string]int{RuleEE: 2, RuleNO: 1}},
		{"danish personnummer with country", detectors.Section{File: "hr.csv"},
			"Navn;Land;Personnummer\nIda;DK;181102-4205\nAnna;SE;" + Example("se", 4) + "\n", map[string]int{RuleDK: 1, RuleSE: 1}},
		{"prose with land is no header", detectors.Section{},
			"Vi reiste til et annet land, og så videre\n" + Example("is", 1) + "\n", map[string]int{RuleIS: 1}},
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
