package nationalid

import "testing"

// The valid numbers are the documented examples of python-stdnum
// (stdnum/no/fodselsnummer.py, se/personnummer.py, dk/cpr.py, fi/hetu.py,
// is_/kennitala.py), not numbers made by this package.
func TestInName(t *testing.T) {
	for _, c := range []struct {
		tok     string
		rule    string
		checked bool
	}{
		{"15108695088", RuleNO, true},
		{"151086-95088", RuleNO, true},
		{"880320-0016", RuleSE, true},
		{"8803200016", RuleSE, true},
		{"19880320-0016", RuleSE, true},
		{"211062-5629", RuleDK, true},
		{"131052-308T", RuleFI, true},
		{"131052-308t", RuleFI, true},
		{"120174-3399", RuleIS, true},
		{"1201743399", RuleIS, true},
	} {
		r, ok := InName(c.tok)
		if !ok || r.Rule != c.rule || r.Checked != c.checked {
			t.Errorf("InName(%q) = %+v, %v; want %s checked=%v", c.tok, r, ok, c.rule, c.checked)
		}
	}
	for _, tok := range []string{"15108695089", "2024-01-15", "report_2019", "12345678901", "450401-3150",
		"131052-308U", "scan", "1234567890123", "99999999999"} {
		if r, ok := InName(tok); ok {
			t.Errorf("InName(%q) = %+v, want no reading", tok, r)
		}
	}
}

func FuzzInName(f *testing.F) {
	for _, s := range []string{"15108695088", "131052-308T", "880320-0016", "x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if r, ok := InName(s); ok && r.Rule == "" {
			t.Fatal("reading without a rule")
		}
	})
}
