package secrets

import (
	"bytes"
	"fmt"
	"math/rand"
	"reflect"
	"testing"
)

// keywordLines lists "start:mask" of the lines Scan hands to matchers,
// found the way Scan does (candidate, then maskOf).
func keywordLines(p *prefilter, b []byte) []string {
	var out []string
	for pos := 0; pos < len(b); {
		hit := p.candidate(b, pos)
		if hit < 0 {
			break
		}
		ls := bytes.LastIndexByte(b[:hit], '\n') + 1
		le := indexEnd(b, hit)
		if m := p.maskOf(b[ls:le]); m != 0 {
			out = append(out, fmt.Sprintf("%d:%x", ls, m))
		}
		pos = le + 1
	}
	return out
}

// keywordLinesNext is keywordLines with the exact keyword search next.
func keywordLinesNext(p *prefilter, b []byte) []string {
	var out []string
	for pos := 0; pos < len(b); {
		hit, m := p.next(b, pos)
		if hit < 0 {
			break
		}
		ls := bytes.LastIndexByte(b[:hit], '\n') + 1
		le := indexEnd(b, hit)
		out = append(out, fmt.Sprintf("%d:%x", ls, m|p.maskOf(b[ls:le])))
		pos = le + 1
	}
	return out
}

func indexEnd(b []byte, i int) int {
	if j := bytes.IndexByte(b[i:], '\n'); j >= 0 {
		return i + j
	}
	return len(b)
}

func checkGrams(t *testing.T, b []byte) {
	t.Helper()
	for _, p := range []*prefilter{pfBase, pfConfig} {
		if got, want := keywordLines(p, b), keywordLinesNext(p, b); !reflect.DeepEqual(got, want) {
			t.Fatalf("%q: candidate lines %v, next lines %v", b, got, want)
		}
	}
}

// TestCandidateLines checks that candidate finds exactly the lines next
// finds, on text built from keywords, their pieces and case variants.
func TestCandidateLines(t *testing.T) {
	New()
	var parts []string
	for _, m := range matchers {
		for _, k := range m.keywords {
			parts = append(parts, k, string(bytes.ToUpper([]byte(k))), k[:len(k)/2], k[len(k)/2:])
		}
	}
	parts = append(parts, " ", "\n", "\n", "skole ", "10:51:02 ", "x", "=", "-", "ø")
	r := rand.New(rand.NewSource(5))
	for it := 0; it < 20000; it++ {
		var b []byte
		for k := r.Intn(12); k > 0; k-- {
			b = append(b, parts[r.Intn(len(parts))]...)
		}
		checkGrams(t, b)
	}
}

func FuzzCandidateLines(f *testing.F) {
	New()
	for _, s := range []string{"password=x\nAKIAEXAMPLE\n", "skole sk-ant-x\n51:b:", "pwd", "a\nb\nc"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		checkGrams(t, b)
	})
}
