package nationalid

import (
	"fmt"
	"strings"
	"testing"

	"github.com/credsweep/credsweep/detectors"
)

// makeNO builds a valid Norwegian number from its date parts (day and
// month already offset for D-, H- or test numbers) and the first
// individual number from ind on that gives both control digits.
func makeNO(t testing.TB, dd, mm, yy, ind int) string {
	t.Helper()
	for i := ind; i < ind+100; i++ {
		base := fmt.Sprintf("%02d%02d%02d%03d", dd, mm, yy, i%1000)
		k1 := mod11(base, noK1)
		if k1 < 0 {
			continue
		}
		k2 := mod11(base+fmt.Sprint(k1), noK2)
		if k2 < 0 {
			continue
		}
		return fmt.Sprintf("%s%d%d", base, k1, k2)
	}
	t.Fatalf("no valid number for %02d%02d%02d", dd, mm, yy)
	return ""
}

// makeSE builds YYMMDD-NNNC with a Luhn check digit.
func makeSE(yy, mm, dd, n int) string {
	base := fmt.Sprintf("%02d%02d%02d%03d", yy, mm, dd, n)
	return fmt.Sprintf("%s-%s%d", base[:6], base[6:], luhnDigit(base))
}

// makeIS builds DDMMYY-RRCK; ok is false when no check digit exists.
func makeIS(dd, mm, yy, rr, century int) (string, bool) {
	base := fmt.Sprintf("%02d%02d%02d%02d", dd, mm, yy, rr)
	c := mod11(base, isW)
	if c < 0 {
		return "", false
	}
	return fmt.Sprintf("%s-%s%d%d", base[:6], base[6:], c, century), true
}

// makeFI builds DDMMYYCZZZQ.
func makeFI(dd, mm, yy int, sign byte, z int) string {
	q := fiCheckChars[(((dd*100+mm)*100+yy)*1000+z)%31]
	return fmt.Sprintf("%02d%02d%02d%c%03d%c", dd, mm, yy, sign, z, q)
}

func digitsOf(s string) string { return strip(s, func(c byte) bool { return c >= '0' && c <= '9' }) }

// scanText runs a fresh session over text in blocks of at most blockSize
// bytes, like the scanner: cut at line ends, or inside a line too long for
// a block with a quarter block of overlap repeated in the next one.
func scanText(t testing.TB, sec detectors.Section, text string, blockSize int) []detectors.Finding {
	t.Helper()
	s := New().NewSession(sec)
	var out []detectors.Finding
	emit := func(f detectors.Finding) { out = append(out, f) }
	line := 1
	for len(text) > 0 {
		end, next := len(text), len(text)
		if blockSize > 0 && end > blockSize {
			end = strings.LastIndexByte(text[:blockSize], '\n') + 1
			next = end
			if end <= 0 {
				end, next = blockSize, blockSize-blockSize/4
			}
		}
		s.Scan([]byte(text[:end]), line, emit)
		line += strings.Count(text[:next], "\n")
		text = text[next:]
	}
	s.Finish(emit)
	for _, f := range out {
		checkFinding(t, f)
	}
	return out
}

// checkFinding asserts what every finding must satisfy.
func checkFinding(t testing.TB, f detectors.Finding) {
	t.Helper()
	if f.Secret == "" || f.Rule == "" || f.Line < 1 || f.Confidence < detectors.ConfidenceLow {
		t.Errorf("incomplete finding %+v", f)
	}
	if strings.Contains(f.Masked, f.Secret) || strings.Contains(f.Detail.String(), f.Secret) {
		t.Errorf("finding %s leaks its secret in Masked %q or Detail %q", f.Rule, f.Masked, f.Detail)
	}
	if strings.Contains(f.Detail.String(), digitsOf(f.Secret)) {
		t.Errorf("Detail %q holds the number", f.Detail)
	}
}

// counts returns the distinct secrets per rule.
func counts(fs []detectors.Finding) map[string]int {
	sets := map[string]map[string]bool{}
	for _, f := range fs {
		if sets[f.Rule] == nil {
			sets[f.Rule] = map[string]bool{}
		}
		sets[f.Rule][f.Secret] = true
	}
	out := map[string]int{}
	for r, s := range sets {
		out[r] = len(s)
	}
	return out
}

func secretsOf(fs []detectors.Finding, rule string) map[string]detectors.Finding {
	out := map[string]detectors.Finding{}
	for _, f := range fs {
		if f.Rule == rule {
			out[f.Secret] = f
		}
	}
	return out
}
