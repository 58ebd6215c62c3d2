package nationalid

import (
	"fmt"
	"strings"
	"testing"

	"github.com/credsweep/credsweep/detectors"
)

// findAmbiguous returns a dash-form number that the given countries' rules
// all accept (and no other 10-digit rule does).
func findAmbiguous(t *testing.T, want uint8) string {
	t.Helper()
	d := New().(*detector)
	r := rng(99)
	for i := 0; i < 2_000_000; i++ {
		key := fmt.Sprintf("%02d%02d%02d%04d", 1+r.intn(31), 1+r.intn(12), r.intn(100), r.intn(10000))
		if d.interpret(key, shDash64).valid == want {
			return key[:6] + "-" + key[6:]
		}
	}
	t.Fatalf("no number valid for exactly %05b", want)
	return ""
}

func TestOneRulePerNumber(t *testing.T) {
	seDK := findAmbiguous(t, bSE|bDK)
	isDK := findAmbiguous(t, bIS|bDK)
	fiDK := findAmbiguous(t, bFI|bDK)
	tests := []struct {
		name, text string
		num        string
		rule       string // "" = nothing
	}{
		{"se/dk under personnummer", "Personnummer: " + seDK, seDK, RuleSE},
		{"se/dk under cpr", "CPR: " + seDK, seDK, RuleDK},
		{"se/dk without context: strongest check", "Kunde " + seDK, seDK, RuleSE},
		{"is/dk under kennitala", "kennitala " + isDK, isDK, RuleIS},
		{"is/dk under cpr", "cpr-nr " + isDK, isDK, RuleDK},
		{"fi/dk under hetu", "hetu " + fiDK, fiDK, RuleFI},
		{"fi/dk under cpr", "CPR " + fiDK, fiDK, RuleDK},
		{"dk only under kennitala", "kennitala " + Example("dk", 5), "", ""},
		{"se only under cpr", "CPR " + Example("se", 5), "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := scanText(t, detectors.Section{}, tt.text+"\n", 0)
			if tt.rule == "" {
				if len(fs) != 0 {
					t.Fatalf("want nothing, got %s", fs[0].Rule)
				}
				return
			}
			if len(fs) != 1 || fs[0].Rule != tt.rule {
				var rules []string
				for _, f := range fs {
					rules = append(rules, f.Rule)
				}
				t.Fatalf("got %v, want exactly [%s]", rules, tt.rule)
			}
			if fs[0].Secret != normalise(tt.rule, tt.num) {
				t.Errorf("secret %s, want the normalised number", fs[0].Masked)
			}
		})
	}
}

// TestVote: an ambiguous number in a section of unambiguous CPR numbers
// without keywords is read as CPR.
func TestVote(t *testing.T) {
	seDK := findAmbiguous(t, bSE|bDK)
	var b strings.Builder
	for i := 0; i < 5; i++ {
		b.WriteString("Borger " + Example("dk", i) + "\n")
	}
	b.WriteString("Borger " + seDK + "\n")
	fs := scanText(t, detectors.Section{}, b.String(), 0)
	if c := counts(fs); c[RuleDK] != 6 || len(c) != 1 {
		t.Fatalf("counts %v, want 6 CPR", c)
	}
}

// TestCounts: a register with repeated rows in many blocks counts each
// person once, and header context survives block boundaries.
func TestCounts(t *testing.T) {
	var b strings.Builder
	b.WriteString("ansattnr;navn;fnr;telefon;kontonr\n")
	want := map[string]bool{}
	for i := 0; i < 300; i++ {
		n := Example("no", i%250)
		want[n] = true
		fmt.Fprintf(&b, "%d;Person %d;%s;%08d;%s\n", 1000+i, i, n, 90000000+i, Example("no", 10000+i))
	}
	for _, bs := range []int{0, 4096} {
		fs := scanText(t, detectors.Section{File: "ansatte.csv"}, b.String(), bs)
		got := secretsOf(fs, RuleNO)
		if len(got) != len(want) || len(fs) != len(want) {
			t.Fatalf("block %d: %d findings, %d distinct, want %d", bs, len(fs), len(got), len(want))
		}
		for n := range want {
			f, ok := got[n]
			if !ok {
				t.Fatalf("missing %s", detectors.Mask(n, 6))
			}
			if f.Confidence != detectors.ConfidenceHigh || f.Detail.String() != "11 digits, date and both control digits valid; labelled by its column header" || f.Masked != n[:6]+"*****" {
				t.Fatalf("finding %q %v %q", f.Detail, f.Confidence, f.Masked)
			}
		}
	}
}

func TestMasking(t *testing.T) {
	text := "fnr " + Example("no", 1) + "\npersonnummer " + Example("se", 1) + "\ncpr " + Example("dk", 1) +
		"\nhetu " + Example("fi", 1) + "\nkennitala " + Example("is", 1) + "\n"
	fs := scanText(t, detectors.Section{}, text, 0)
	if len(fs) != 5 {
		t.Fatalf("%d findings, want 5", len(fs))
	}
	for _, f := range fs {
		keep := strings.IndexByte(f.Masked, '*')
		if keep != 6 && !(f.Rule == RuleSE && keep == 8) {
			t.Errorf("%s masked as %q", f.Rule, f.Masked)
		}
		if len(f.Masked) != len(f.Secret) || f.Masked[:keep] != f.Secret[:keep] {
			t.Errorf("%s masked as %q", f.Rule, f.Masked)
		}
	}
}

// TestLabelledButInvalid: a number whose own label (keyword above it, or
// its column) names a country whose rules it fails is a rejected number,
// even when it passes another country's rules that the file names
// elsewhere.
func TestLabelledButInvalid(t *testing.T) {
	dkOnly := findAmbiguous(t, bDK) // a CPR date that fails Luhn
	tests := []struct {
		name, text string
		want       map[string]int
	}{
		{"under a Swedish heading, CPR elsewhere",
			"Ogiltiga personnummer\n" + dkOnly + ";Felaktig kontrollsiffra\n\nUgyldige CPR-numre\n321390-1234;Ugyldig dato\n", map[string]int{}},
		{"in a Fødselsnummer column, CPR elsewhere",
			"Fødselsnummer;Årsak\n" + dkOnly + ";Feil lengde\n\nSe også CPR-registeret\n", map[string]int{}},
		{"CPR heading still reports",
			"Ogiltiga personnummer\n" + ExampleInvalid("se", 1) + "\n\nCPR-numre\n" + dkOnly + "\n", map[string]int{RuleDK: 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := scanText(t, detectors.Section{}, tt.text, 0)
			c := counts(fs)
			if len(c) != len(tt.want) {
				t.Fatalf("counts %v, want %v", c, tt.want)
			}
			for r, n := range tt.want {
				if c[r] != n {
					t.Fatalf("counts %v, want %v", c, tt.want)
				}
			}
		})
	}
}
