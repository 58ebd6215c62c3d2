package nationalid

import (
	"fmt"
	"strings"
	"testing"

	"github.com/credsweep/credsweep/detectors"
)

// swedishInvalid returns YYMMDD-NNNC numbers that fail Luhn but are valid
// CPR dates: what a Swedish report of rejected numbers is full of.
func swedishInvalid(t *testing.T, n int) []string {
	t.Helper()
	d := New().(*detector)
	var out []string
	for i := 0; len(out) < n && i < 10000; i++ {
		good := makeSE(1+i%27, 1+i%12, 1+i%28, 100+i)
		bad := good[:10] + fmt.Sprint((int(good[10]-'0')+1+i%8)%10)
		if v := d.interpret(digitsOf(bad), shDash64).valid; v&bDK != 0 && v&bSE == 0 {
			out = append(out, bad)
		}
	}
	if len(out) < n {
		t.Fatal("not enough numbers")
	}
	return out
}

func TestDanishPersonnummer(t *testing.T) {
	ambiguous := "181102-4205" // a CPR number that also passes Luhn
	names := []string{"Ida Nielsen", "Mads Jensen", "Sofie Hansen", "Emil Pedersen", "Freja Andersen", "Lucas Christensen",
		"Anna Larsen", "Oscar Sørensen", "Ella Rasmussen", "Noah Jørgensen", "Alma Petersen", "Karl Madsen"}
	dk := []string{ambiguous}
	for i := 0; len(dk) < 12; i++ {
		dk = append(dk, Example("dk", i))
	}
	var csv strings.Builder
	csv.WriteString("Navn;Personnummer;Adresse\n")
	for i, n := range dk {
		fmt.Fprintf(&csv, "%s;%s;Vestergade %d, 8000 Aarhus C\n", names[i], n, i+1)
	}
	var bare strings.Builder // no words but the header
	bare.WriteString("Personnummer\n")
	for _, n := range dk {
		bare.WriteString(n + "\n")
	}
	bad := swedishInvalid(t, 8)
	var report strings.Builder
	report.WriteString("Ogiltiga personnummer\nFöljande personnummer avvisades vid importen på grund av felaktig kontrollsiffra.\n\n")
	report.WriteString("Namn;Personnummer;Orsak\n")
	for i, n := range bad {
		fmt.Fprintf(&report, "Anna Andersson %d;%s;Felaktig kontrollsiffra\n", i, n)
	}
	var reportText strings.Builder
	reportText.WriteString("Hej! Dessa personnummer är ogiltiga och har avvisats:\n")
	for _, n := range bad {
		reportText.WriteString("Personnummer " + n + " (felaktig kontrollsiffra)\n")
	}
	se := Example("se", 3) // Swedish only
	tests := []struct {
		name string
		text string
		want map[string]int
	}{
		{"danish csv under personnummer", csv.String(), map[string]int{RuleDK: 12}},
		{"danish column, no words", bare.String(), map[string]int{RuleDK: 12}},
		{"danish csv keeps a swedish number swedish", csv.String() + "Eva Svensson;" + se + ";Storgatan 1\n",
			map[string]int{RuleDK: 12, RuleSE: 1}},
		{"danish letter født", "Kære Ida\n\nDu er født " + ambiguous + " og bor i Aarhus. Vi skal bruge dit svar, ikke senere end 1. maj.\n\nMed venlig hilsen\nKommunen\n",
			map[string]int{RuleDK: 1}},
		{"danish letter says personnummer", "Kære Ida\nDit personnummer " + ambiguous + " er registreret i kommunen og vi skal ikke bruge mere.\n",
			map[string]int{RuleDK: 1}},
		{"swedish letter född", "Hej Anna!\nDu är född " + ambiguous + " och bor i Malmö. Med vänliga hälsningar\n",
			map[string]int{RuleSE: 1}},
		{"swedish rejected report", report.String(), nil},
		{"swedish rejected report in text", reportText.String(), nil},
		{"swedish personnummer stays swedish", "Personnummer: " + ambiguous + "\n", map[string]int{RuleSE: 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, bs := range []int{0, 64} {
				fs := scanText(t, detectors.Section{File: "liste.csv"}, tt.text, bs)
				got := counts(fs)
				if len(got) != len(tt.want) {
					t.Fatalf("block %d: got %v, want %v", bs, got, tt.want)
				}
				for r, n := range tt.want {
					if got[r] != n {
						t.Fatalf("block %d: got %v, want %v", bs, got, tt.want)
					}
				}
			}
		})
	}
}
