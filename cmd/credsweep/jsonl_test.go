package main

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Streamed JSON Lines carry the suppressions, as the report does: the
// private key of the demo share is suppressed, nothing else is.
func TestJSONLStreamMarksSuppressions(t *testing.T) {
	dir := t.TempDir()
	ignore := filepath.Join(dir, "ignore.yaml")
	os.WriteFile(ignore, []byte(`suppressions:
  - rule: secret/private-key
    path: "Drift/**"
    reason: the demo's test key
    owner: it@skole.example
    created: 2026-12-01
`), 0o644)
	share := filepath.Join(repoRoot(t), "testdata", "demo-share")
	res := runCLI(t, nil, "scan", "--progress", "never", "--format", "jsonl", "--suppressions", ignore, share)
	if res.code != exitFindings {
		t.Fatalf("exit %d\n%s", res.code, res.stderr)
	}
	suppressed := map[string]bool{}
	sc := bufio.NewScanner(strings.NewReader(res.stdout))
	last := ""
	for sc.Scan() {
		var line struct {
			Type, Rule  string
			Suppression *struct{ Justification string }
		}
		if err := json.Unmarshal(sc.Bytes(), &line); err != nil {
			t.Fatalf("line %q: %v", sc.Text(), err)
		}
		last = line.Type
		if line.Type == "result" {
			suppressed[line.Rule] = suppressed[line.Rule] || line.Suppression != nil
			if line.Suppression != nil && line.Suppression.Justification != "the demo's test key" {
				t.Errorf("justification %q", line.Suppression.Justification)
			}
		}
	}
	if last != "summary" {
		t.Errorf("the stream ends with a %q line, want the summary", last)
	}
	for rule, s := range suppressed {
		if s != (rule == "secret/private-key") {
			t.Errorf("%s: suppressed %v", rule, s)
		}
	}
	if !suppressed["secret/private-key"] {
		t.Error("the private key result is not suppressed")
	}
}
