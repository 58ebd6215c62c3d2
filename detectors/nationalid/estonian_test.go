package nationalid

import (
	"fmt"
	"testing"

	"github.com/credsweep/credsweep/detectors"
)

// findNOEE returns an 11-digit number valid both as a fødselsnummer and as
// an isikukood, and one valid only as an isikukood.
func findNOEE(t *testing.T) (both, eeOnly string) {
	t.Helper()
	d := New().(*detector)
	for seed := 0; seed < 200000 && (both == "" || eeOnly == ""); seed++ {
		s := Example("ee", seed)
		switch d.interpret(s, shC11).valid {
		case bNO | bEE:
			both = s
		case bEE:
			if eeOnly == "" {
				eeOnly = s
			}
		}
	}
	if both == "" {
		// Build one: Norwegian numbers whose digits also read as an
		// isikukood.
		for i := 0; i < 2_000_000 && both == ""; i++ {
			r := rng(i)
			s := genNO(&r, true)
			if s != "" && d.interpret(s, shC11).valid == bNO|bEE {
				both = s
			}
		}
	}
	if both == "" || eeOnly == "" {
		t.Fatal("no ambiguous or Estonian-only number found")
	}
	return both, eeOnly
}

func TestEstonian(t *testing.T) {
	both, ee := findNOEE(t)
	no := Example("no", 4)
	tests := []struct {
		name string
		sec  detectors.Section
		text string
		want map[string]int
	}{
		{"isikukood label", detectors.Section{}, "Isikukood: " + ee + "\n", map[string]int{RuleEE: 1}},
		{"isikukoodi inflection", detectors.Section{}, "Palun esitage isikukoodi " + ee + " kohta.\n", map[string]int{RuleEE: 1}},
		{"personal code", detectors.Section{}, "Personal code " + ee + "\n", map[string]int{RuleEE: 1}},
		{"no context: not reported", detectors.Section{}, "Tellimus " + ee + " saadetud.\n", nil},
		{"generic label", detectors.Section{}, "National ID: " + ee + "\n", map[string]int{RuleEE: 1}},
		{"column", detectors.Section{File: "tootajad.csv"}, "Nimi;Isikukood\nMari;" + ee + "\nJaan;" + both + "\n",
			map[string]int{RuleEE: 2}},
		{"section keyword", detectors.Section{}, "Isikukoodid\n\nMari " + ee + "\n", map[string]int{RuleEE: 1}},
		{"ambiguous without label stays Norwegian", detectors.Section{}, "Søker " + both + "\n", map[string]int{RuleNO: 1}},
		{"ambiguous under fnr", detectors.Section{}, "fnr " + both + "\n", map[string]int{RuleNO: 1}},
		{"ambiguous under isikukood", detectors.Section{}, "isikukood " + both + "\n", map[string]int{RuleEE: 1}},
		{"ambiguous under generic label", detectors.Section{}, "SSN " + both + "\n", map[string]int{RuleNO: 1}},
		{"norwegian under isikukood fails", detectors.Section{}, "isikukood " + no + "\n", nil},
		{"estonian under fnr fails", detectors.Section{}, "fnr " + ee + "\n", nil},
		{"invalid under isikukood", detectors.Section{}, "isikukood " + ExampleInvalid("ee", 3) + "\n", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := counts(scanText(t, tt.sec, tt.text, 0))
			if fmt.Sprint(got) != fmt.Sprint(tt.want) && !(len(got) == 0 && len(tt.want) == 0) {
				t.Fatalf("got %v, want %v", got, tt.want)
			}
		})
	}
}

func TestCheckEE(t *testing.T) {
	for _, c := range []struct {
		in   string
		want bool
	}{
		{"36805280109", true},  // python-stdnum's example
		{"36805280108", false}, // check digit
		{"06805280106", false}, // first digit 0
		{"96805280105", false}, // first digit 9
		{"38102290106", false}, // 29 February 1981
		{"50002290011", false}, // first digit 5 is 2000: a leap year, but the check digit is wrong
		{"3680528010", false},  // length
	} {
		if got := checkEE(c.in); got != c.want {
			t.Errorf("checkEE(%s) = %v, want %v", c.in, got, c.want)
		}
	}
	// Second-stage weights: a number whose first remainder is 10.
	n := 0
	for seed := 0; seed < 5000; seed++ {
		s := Example("ee", seed)
		sum := 0
		for i, w := range eeW1 {
			sum += w * dig(s[i])
		}
		if sum%11 == 10 {
			n++
		}
	}
	if n == 0 {
		t.Error("no example exercises the second weights")
	}
}

func TestInNameEstonian(t *testing.T) {
	both, ee := findNOEE(t)
	if r, ok := InName(ee); !ok || r.Rule != RuleEE || !r.Checked {
		t.Errorf("InName(isikukood) = %+v %v", r, ok)
	}
	if r, ok := InName(both); !ok || r.Rule != RuleNO {
		t.Errorf("InName(both) = %+v %v, want Norwegian", r, ok)
	}
	if r, ok := InName("36805280109"); !ok || r.Rule != RuleEE {
		t.Errorf("InName(stdnum example) = %+v %v", r, ok)
	}
}
