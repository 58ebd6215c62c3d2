package main

import (
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
)

// TestRuleSamples writes every rule's true- and false-positive samples
// (Rule.Samples, data next to each rule) into one share, scans it once
// with the real binary and checks each file: a true positive gives a
// result of its rule and of no other, a false positive gives no result
// (beyond the Others a sample names).
func TestRuleSamples(t *testing.T) {
	root := filepath.Join(t.TempDir(), "share")
	type planted struct {
		rule string
		want []string // rules the file must give, sorted
	}
	files := map[string]planted{} // URI relative to root -> sample
	for _, r := range allRules() {
		var tp, fp int
		dir := strings.NewReplacer("/", "_", ".", "_").Replace(r.ID)
		for i, s := range r.Samples {
			if s.File == "" || s.Text == "" {
				t.Errorf("%s: sample %d has no file name or no text", r.ID, i)
				continue
			}
			kind := "fp"
			if s.Positive {
				kind = "tp"
				tp++
			} else {
				fp++
			}
			rel := fmt.Sprintf("%s/%s%d/%s", dir, kind, i, s.File)
			p := filepath.Join(root, filepath.FromSlash(rel))
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, []byte(s.Text), 0o644); err != nil {
				t.Fatal(err)
			}
			want := append([]string(nil), s.Others...)
			if s.Positive {
				want = append(want, r.ID)
			}
			sort.Strings(want)
			files[rel] = planted{r.ID, want}
		}
		if tp == 0 || fp == 0 {
			t.Errorf("%s: %d true and %d false positive samples, want at least one of each", r.ID, tp, fp)
		}
	}

	out := filepath.Join(t.TempDir(), "out.sarif")
	res := runCLI(t, nil, "scan", "--sarif", out, "--progress", "never", root)
	// The encrypted-file sample cannot be read: the scan is incomplete.
	if res.code != exitIncomplete {
		t.Fatalf("exit %d, want %d; stderr:\n%s", res.code, exitIncomplete, res.stderr)
	}
	doc := readSARIF(t, out)
	got := map[string]map[string]bool{}
	for _, r := range doc.Runs[0].Results {
		u, err := url.PathUnescape(r.uri())
		if err != nil {
			t.Fatalf("bad URI %q: %v", r.uri(), err)
		}
		if got[u] == nil {
			got[u] = map[string]bool{}
		}
		got[u][r.RuleID] = true
	}
	uris := make([]string, 0, len(files))
	for u := range files {
		uris = append(uris, u)
	}
	sort.Strings(uris)
	for _, u := range uris {
		p := files[u]
		var rules []string
		for r := range got[u] {
			rules = append(rules, r)
		}
		sort.Strings(rules)
		if !slices.Equal(rules, p.want) {
			t.Errorf("%s: sample of %s gave %v, want %v", u, p.rule, rules, p.want)
		}
	}
	for u := range got {
		if _, ok := files[u]; !ok {
			t.Errorf("result for %s, which is no sample", u)
		}
	}
}
