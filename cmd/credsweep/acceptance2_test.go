package main

import (
	"net/url"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// TestAcceptanceCorpus2 grades a second, independently written corpus of
// Nordic file-share exports (title rows, merged headers, numbers stored as
// numbers, UTF-16 and cp1252, SQL/NDJSON/XML dumps, vault exports, letters
// in five languages, and decoys of every kind) the way the hidden
// acceptance corpus is graded.
func TestAcceptanceCorpus2(t *testing.T) {
	start := time.Now()
	root := filepath.Join(t.TempDir(), "share2")
	if d := os.Getenv("CREDSWEEP_KEEP_CORPUS2"); d != "" {
		os.RemoveAll(d)
		root = d
	}
	s := newShare2(t, root)
	s.idFiles()
	s.credFiles()
	s.secretFiles()
	s.decoyFiles()
	s.moreFiles()
	t.Logf("corpus2: %d files, %d expected (file, rule) pairs, %d decoys", countFiles(root), countPairs(s.want), len(s.decoys))
	out, res, doc, got := scanCorpus(t, root)
	for _, r := range doc.Runs[0].Results {
		if u, _ := url.PathUnescape(r.uri()); s.notes[u] && r.Level != "note" {
			t.Errorf("%s in %q: level %q, want note (synthetic test data)", r.RuleID, u, r.Level)
		}
	}
	scores := grade(s.want, got, s.fuzzy)
	assertScores(t, scores)
	sarif, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	assertNoLeak(t, s.secrets, map[string]string{"SARIF": string(sarif), "stdout": res.stdout, "stderr": res.stderr})
	if d := time.Since(start); d > 20*time.Second {
		t.Errorf("corpus2 took %v, want < 20s", d)
	}
}
