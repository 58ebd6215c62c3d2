package secrets

import (
	"strings"
	"testing"
)

// TestPatternSamples runs every table rule's true- and false-positive
// samples through the whole detector, so keywords, prefilter and regexp
// are tested together.
func TestPatternSamples(t *testing.T) {
	for _, p := range patterns {
		t.Run(p.rule, func(t *testing.T) {
			if len(p.tp) == 0 || len(p.fp) == 0 {
				t.Fatal("every pattern needs true- and false-positive samples")
			}
			for i, s := range p.tp {
				got := byRule(scan("notes.txt", s, 0), p.rule)
				if len(got) != 1 {
					t.Errorf("tp[%d]: want 1 finding, got %d", i, len(got))
					continue
				}
				checkSafe(t, got[0])
				if !strings.Contains(s, got[0].Secret) {
					t.Errorf("tp[%d]: secret is not taken from the sample", i)
				}
			}
			for i, s := range p.fp {
				if got := byRule(scan("notes.txt", s, 0), p.rule); len(got) != 0 {
					t.Errorf("fp[%d]: want no finding, got %d", i, len(got))
				}
			}
		})
	}
}

// TestPatternKeywords checks that every pattern's keywords are lower case
// and occur in each true-positive sample, or the prefilter would hide it.
func TestPatternKeywords(t *testing.T) {
	for _, p := range patterns {
		for _, k := range p.keywords {
			if k != strings.ToLower(k) || len(k) < 2 {
				t.Errorf("%s: bad keyword %q", p.rule, k)
			}
		}
		for i, s := range p.tp {
			ok := false
			for _, k := range p.keywords {
				if strings.Contains(strings.ToLower(s), k) {
					ok = true
				}
			}
			if !ok {
				t.Errorf("%s tp[%d]: no keyword occurs in the sample", p.rule, i)
			}
		}
	}
}
