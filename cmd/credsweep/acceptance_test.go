package main

import (
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// ruleScore is the outcome of one rule at the (file, rule) level.
type ruleScore struct {
	tp, fp, fn, exact int
	misses            []string
}

// acceptanceCorpora are the generated Nordic file shares the acceptance
// test grades. Each generator is deterministic (a fixed seed), so the same
// files and the same ground truth come out on every run.
var acceptanceCorpora = []struct {
	name string
	// keep names the variable that keeps the share for debugging:
	// CREDSWEEP_KEEP_CORPUS=/tmp/corpus.
	keep string
	gen  func(t *testing.T, root string) *truth
	// json also scans with --format json and checks it for leaks.
	json bool
}{
	// The first corpus: class lists, registers, letters, dumps, keys,
	// configuration files and decoys of every rule family.
	{name: "corpus1", keep: "CREDSWEEP_KEEP_CORPUS", json: true, gen: func(t *testing.T, root string) *truth {
		c := newCorpus(t, root)
		c.nationalIDFiles()
		c.credentialFiles()
		c.secretFiles()
		c.decoyFiles()
		c.harderFiles()
		c.extraFiles()
		return c.truth
	}},
	// A second, independently written corpus of file-share exports (title
	// rows, merged headers, numbers stored as numbers, UTF-16 and cp1252,
	// SQL/NDJSON/XML dumps, vault exports, letters in five languages, and
	// decoys of every kind).
	{name: "corpus2", keep: "CREDSWEEP_KEEP_CORPUS2", gen: func(t *testing.T, root string) *truth {
		s := newShare2(t, root)
		s.idFiles()
		s.credFiles()
		s.secretFiles()
		s.decoyFiles()
		s.moreFiles()
		return s.truth
	}},
}

// TestAcceptance scans each generated file share the way the acceptance
// corpus is scanned and grades every rule: recall and precision at the
// (file, rule) level, exact counts, note level for synthetic test data,
// redaction and SARIF validity.
func TestAcceptance(t *testing.T) {
	for _, tc := range acceptanceCorpora {
		t.Run(tc.name, func(t *testing.T) {
			root := filepath.Join(t.TempDir(), "share")
			if d := os.Getenv(tc.keep); d != "" {
				os.RemoveAll(d)
				root = d
			}
			g := tc.gen(t, root)
			t.Logf("%s: %d files, %d expected (file, rule) pairs, %d decoys", tc.name, countFiles(root), countPairs(g.want), len(g.decoys))
			out, res, doc, got := scanCorpus(t, root)
			for _, r := range doc.Runs[0].Results {
				if u, _ := url.PathUnescape(r.uri()); g.notes[u] && r.Level != "note" {
					t.Errorf("%s in %q: level %q, want note (synthetic test data)", r.RuleID, u, r.Level)
				}
			}
			assertScores(t, grade(g.want, got, g.fuzzy))
			sarif, err := os.ReadFile(out)
			if err != nil {
				t.Fatal(err)
			}
			outputs := map[string]string{"SARIF": string(sarif), "stdout": res.stdout, "stderr": res.stderr}
			if tc.json {
				js := runCLI(t, nil, "scan", "--format", "json", "--progress", "never", root)
				outputs["JSON"], outputs["JSON stderr"] = js.stdout, js.stderr
			}
			assertNoLeak(t, g.secrets, outputs)
		})
	}
}

// grade compares results with the ground truth per rule.
// Counts of the "URI rule" keys in fuzzy are not asserted.
func grade(want, got map[string]map[string]int, fuzzy map[string]bool) map[string]*ruleScore {
	scores := map[string]*ruleScore{}
	score := func(rule string) *ruleScore {
		if scores[rule] == nil {
			scores[rule] = &ruleScore{}
		}
		return scores[rule]
	}
	for uri, rules := range want {
		for rule, n := range rules {
			s := score(rule)
			g := got[uri][rule]
			switch {
			case g == 0:
				s.fn++
				s.misses = append(s.misses, fmt.Sprintf("FN %s in %q: want %d, got none (file gave %v)", rule, uri, n, got[uri]))
			case g == n || fuzzy[uri+" "+rule]:
				s.tp++
				s.exact++
			default:
				s.tp++
				s.misses = append(s.misses, fmt.Sprintf("COUNT %s in %q: want %d, got %d", rule, uri, n, g))
			}
		}
	}
	for uri, rules := range got {
		for rule, g := range rules {
			if want[uri][rule] == 0 {
				s := score(rule)
				s.fp++
				s.misses = append(s.misses, fmt.Sprintf("FP %s in %q: count %d", rule, uri, g))
			}
		}
	}
	return scores
}

func scoreTable(scores map[string]*ruleScore) string {
	var rules []string
	for r := range scores {
		rules = append(rules, r)
	}
	sort.Strings(rules)
	var b strings.Builder
	fmt.Fprintf(&b, "%-40s %4s %4s %4s %7s %9s %7s\n", "rule", "TP", "FP", "FN", "recall", "precision", "counts")
	for _, r := range rules {
		s := scores[r]
		fmt.Fprintf(&b, "%-40s %4d %4d %4d %7.2f %9.2f %3d/%-3d\n", r, s.tp, s.fp, s.fn,
			ratio(s.tp, s.tp+s.fn), ratio(s.tp, s.tp+s.fp), s.exact, s.tp)
	}
	return b.String()
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 1
	}
	return float64(a) / float64(b)
}

func countPairs(m map[string]map[string]int) int {
	n := 0
	for _, r := range m {
		n += len(r)
	}
	return n
}

// countFiles counts the files under root.
func countFiles(root string) int {
	files := 0
	filepath.WalkDir(root, func(_ string, d os.DirEntry, _ error) error {
		if d != nil && !d.IsDir() {
			files++
		}
		return nil
	})
	return files
}

// scanCorpus scans root exactly as the acceptance corpus is scanned, checks
// the exit code, SARIF validity and that every file was examined, and
// returns the counts per (decoded URI, rule).
func scanCorpus(t *testing.T, root string) (string, runResult, sarifDoc, map[string]map[string]int) {
	t.Helper()
	out := filepath.Join(t.TempDir(), "out.sarif")
	res := runCLI(t, nil, "scan", "--sarif", out, "--progress", "never", root)
	if res.code != exitFindings {
		t.Errorf("exit %d, want %d; stderr:\n%s", res.code, exitFindings, res.stderr)
	}
	validateSARIF(t, out)
	doc := readSARIF(t, out)
	for _, inv := range doc.Runs[0].Invocations {
		for _, n := range inv.Notifications {
			t.Errorf("not examined: %s", n.Message.Text)
		}
	}
	got := map[string]map[string]int{}
	for _, r := range doc.Runs[0].Results {
		u, err := url.PathUnescape(r.uri())
		if err != nil {
			t.Errorf("bad URI %q: %v", r.uri(), err)
		}
		if got[u] == nil {
			got[u] = map[string]int{}
		}
		got[u][r.RuleID] += r.count()
	}
	return out, res, doc, got
}

// assertScores logs the per-rule table, reports every miss, and requires
// recall and precision of at least 0.95 per rule family.
func assertScores(t *testing.T, scores map[string]*ruleScore) {
	t.Helper()
	t.Log("\n" + scoreTable(scores))
	families := map[string]*ruleScore{}
	for rule, s := range scores {
		fam, _, _ := strings.Cut(rule, "/")
		f := families[fam]
		if f == nil {
			f = &ruleScore{}
			families[fam] = f
		}
		f.tp, f.fp, f.fn = f.tp+s.tp, f.fp+s.fp, f.fn+s.fn
		for _, m := range s.misses {
			t.Error(m)
		}
	}
	for fam, f := range families {
		if r := ratio(f.tp, f.tp+f.fn); r < 0.95 {
			t.Errorf("%s: recall %.2f < 0.95", fam, r)
		}
		if p := ratio(f.tp, f.tp+f.fp); p < 0.95 {
			t.Errorf("%s: precision %.2f < 0.95", fam, p)
		}
	}
}
