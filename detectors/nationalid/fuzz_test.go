package nationalid

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/credsweep/credsweep/detectors"
)

func fuzzSeeds(f *testing.F) {
	for _, s := range []string{
		"fnr " + Example("no", 1) + "\n",
		"Navn;CPR\nA;" + Example("dk", 1) + "\n",
		"INSERT INTO t (a, kennitala) VALUES (1,'" + Example("is", 1) + "'),(2,'x');\n",
		"CREATE TABLE `p` (`id` int, `personnummer` char(12));\nINSERT INTO `p` VALUES (1,'" + Example("se", 1) + "');\n",
		"COPY x (hetu) FROM stdin;\n" + Example("fi", 1) + "\n",
		"131052-308T 010190+1234 19811218-9876 010190 12345 010190\u00a012345",
		"\"a\",\"fnr\"\n\"x,y\",\"" + Example("no", 2) + "\"\n",
	} {
		f.Add([]byte(s), 3)
	}
	files, _ := filepath.Glob("testdata/*")
	for _, p := range files {
		if b, err := os.ReadFile(p); err == nil && len(b) < 64<<10 {
			f.Add(b, len(b)/2)
		}
	}
}

// FuzzDetect: any input, cut anywhere into two blocks, must not panic, and
// no finding may show its number.
func FuzzDetect(f *testing.F) {
	fuzzSeeds(f)
	d := New()
	f.Fuzz(func(t *testing.T, data []byte, cut int) {
		for _, table := range []bool{false, true} {
			s := d.NewSession(detectors.Section{File: "f.csv", Table: table})
			var fs []detectors.Finding
			emit := func(x detectors.Finding) { fs = append(fs, x) }
			if cut < 0 || cut > len(data) {
				cut = len(data)
			}
			s.Scan(data[:cut], 1, emit)
			s.Scan(data[cut:], 1+strings.Count(string(data[:cut]), "\n"), emit)
			s.Finish(emit)
			seen := map[string]string{}
			for _, x := range fs {
				if x.Secret == "" || x.Masked == x.Secret || strings.Contains(x.Masked, x.Secret) || strings.Contains(x.Detail.String(), x.Secret) {
					t.Fatalf("finding leaks: %+v", x)
				}
				if r, ok := seen[x.Secret]; ok && r != x.Rule {
					t.Fatalf("one number under two rules: %s and %s", r, x.Rule)
				}
				seen[x.Secret] = x.Rule
				if !validFor(x.Rule, x.Secret) {
					t.Fatalf("reported number fails its own rule %s", x.Rule)
				}
			}
		}
	})
}

func validFor(rule, s string) bool {
	switch rule {
	case RuleNO:
		return ValidNO(s)
	case RuleSE:
		return ValidSE(s)
	case RuleDK:
		return ValidDK(s)
	case RuleFI:
		return ValidFI(s)
	case RuleIS:
		return ValidIS(s)
	case RuleEE:
		return ValidEE(s)
	}
	return false
}

// FuzzValidators: the exported validators accept anything without
// panicking and agree with the scanner's filter.
func FuzzValidators(f *testing.F) {
	for _, s := range []string{"01019012345", "811218-9876", "131052-308T", "120174-3399", "211062-5629", "19811218-9876", "", "-", "+++++++++++", "101190123", "2088925419"} {
		f.Add(s)
	}
	d := New().(*detector)
	f.Fuzz(func(t *testing.T, s string) {
		_ = ValidNO(s) || ValidSE(s) || ValidDK(s) || ValidFI(s) || ValidIS(s)
		toks := findTokens([]byte(s), nil, true)
		for i := range toks {
			tk := &toks[i]
			in := d.interpret(string(tk.key[:tk.klen])+map[bool]string{true: "+", false: ""}[tk.plus], tk.sh)
			if d.plausible(tk) != (in.valid != 0) {
				t.Fatalf("plausible and interpret disagree on shape %b", tk.sh)
			}
		}
	})
}
