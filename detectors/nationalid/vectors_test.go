package nationalid

import (
	"bufio"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/credsweep/credsweep/detectors"
)

// vector is one number with its verdict from a source outside this
// package (testdata/vectors).
type vector struct {
	code, num, note string
	valid           bool
}

func readVectors(t *testing.T, name string) []vector {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", "vectors", name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []vector
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		l := sc.Text()
		if l == "" || l[0] == '#' {
			continue
		}
		code, rest, _ := strings.Cut(l, " ")
		verdict, num, _ := strings.Cut(rest, " ")
		num, note, _ := strings.Cut(num, " [")
		if verdict != "valid" && verdict != "invalid" {
			t.Fatalf("%s: bad line %q", name, l)
		}
		out = append(out, vector{code: code, num: num, note: note, valid: verdict == "valid"})
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestPublishedVectors: the documented examples and test numbers of
// python-stdnum, with their source (testdata/vectors/published.txt).
func TestPublishedVectors(t *testing.T) {
	vs := readVectors(t, "published.txt")
	per := map[string][2]int{}
	for _, v := range vs {
		if got := Valid(v.code, v.num); got != v.valid {
			t.Errorf("Valid(%s, %q) = %v, want %v [%s", v.code, v.num, got, v.valid, v.note)
		}
		p := per[v.code]
		if v.valid {
			p[0]++
		} else {
			p[1]++
		}
		per[v.code] = p
	}
	for c := range countries {
		if p := per[countries[c].code]; p[0] == 0 || p[1] == 0 {
			t.Errorf("%s: %d valid and %d invalid published vectors, want both", countries[c].code, p[0], p[1])
		}
	}
}

// TestStdnumOracle: python-stdnum's verdicts on random candidates
// (testdata/vectors/stdnum_oracle.py wrote them).
func TestStdnumOracle(t *testing.T) {
	vs := readVectors(t, "stdnum_oracle.txt")
	if len(vs) < 600 {
		t.Fatalf("%d oracle vectors", len(vs))
	}
	// Where credsweep knowingly differs from python-stdnum 1.18.
	known := map[string]string{
		"041252-7097": "CPR: no check that the birth date (2052) is past",
		"160283-9988": "kennitala: century digit 8 (1800s) is accepted",
		"110284-9508": "kennitala: century digit 8 (1800s) is accepted",
	}
	for _, v := range vs {
		got := Valid(v.code, v.num)
		if why, ok := known[v.num]; ok {
			if got == v.valid {
				t.Errorf("%s %q: listed as a known difference (%s) but agrees", v.code, v.num, why)
			}
			continue
		}
		if got != v.valid {
			t.Errorf("Valid(%s, %q) = %v, python-stdnum says %v", v.code, v.num, got, v.valid)
		}
	}
}

// TestVectorsAsText: a published valid number under its country's label
// is reported by that country's rule, and an invalid one is not.
func TestVectorsAsText(t *testing.T) {
	label := map[string]string{"no": "Fødselsnummer", "se": "Personnummer", "dk": "CPR-nr.", "fi": "Henkilötunnus",
		"is": "Kennitala", "ee": "Isikukood"}
	for _, v := range readVectors(t, "published.txt") {
		if len(v.num) < 10 || strings.ContainsAny(v.num, "abcdefghijklmnopqrstuvwxyz") {
			continue // text finds upper-case HETU only
		}
		fs := scanText(t, detectors.Section{}, label[v.code]+": "+v.num+"\n", 0)
		rule, _ := RuleOf(v.code)
		found := len(fs) == 1 && fs[0].Rule == rule
		if v.valid && !found {
			t.Errorf("%s %q under its label: %v", v.code, v.num, counts(fs))
		}
		if !v.valid && len(fs) > 0 {
			t.Errorf("invalid %s %q reported as %s", v.code, v.num, fs[0].Rule)
		}
	}
}
