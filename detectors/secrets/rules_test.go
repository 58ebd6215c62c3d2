package secrets

import (
	"strings"
	"sync"
	"testing"

	"github.com/credsweep/credsweep/detectors"
)

func TestRules(t *testing.T) {
	d := New()
	ids := map[string]bool{}
	for _, r := range d.Rules() {
		if ids[r.ID] {
			t.Errorf("duplicate rule %s", r.ID)
		}
		ids[r.ID] = true
		if !strings.HasPrefix(r.ID, "secret/") || r.Name == "" || r.Short == "" || r.Full == "" ||
			r.Help == "" || r.HelpMarkdown == "" || len(r.Tags) == 0 || r.Tags[0] != "secret" {
			t.Errorf("%s: incomplete rule", r.ID)
		}
		if r.Severity <= 0 || r.Severity > 10 {
			t.Errorf("%s: severity %v", r.ID, r.Severity)
		}
		switch r.Level {
		case detectors.LevelNote, detectors.LevelWarning, detectors.LevelError:
		default:
			t.Errorf("%s: level %q", r.ID, r.Level)
		}
	}
	enc := ruleByID(d, EncryptedFileRuleID)
	if enc.Level != detectors.LevelWarning || enc.Severity > 5 {
		t.Errorf("encrypted-file: %v %v", enc.Level, enc.Severity)
	}
	if pk := ruleByID(d, PrivateKeyRuleID); pk.Severity < 9 || !pk.PerSecret {
		t.Error("private-key must be severe and per secret")
	}
	// Every rule a finding can carry is listed.
	for _, p := range patterns {
		if !ids[p.rule] {
			t.Errorf("pattern rule %s is not in Rules()", p.rule)
		}
	}
	if _, ok := d.(detectors.BinaryDetector); !ok {
		t.Error("detector does not implement BinaryDetector")
	}
}

func ruleByID(d detectors.Detector, id string) detectors.Rule {
	for _, r := range d.Rules() {
		if r.ID == id {
			return r
		}
	}
	return detectors.Rule{}
}

// TestConcurrentSessions shares one detector between goroutines (run with
// -race).
func TestConcurrentSessions(t *testing.T) {
	d := New()
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for _, c := range matcherCases {
				s := d.NewSession(detectors.Section{File: c.file})
				n := 0
				emit := func(f detectors.Finding) {
					if f.Rule == c.rule {
						n++
					}
				}
				s.Scan([]byte(c.text+"\n"), 1, emit)
				s.Finish(emit)
				if n != c.want {
					t.Errorf("%s: got %d want %d", c.name, n, c.want)
				}
			}
		}()
	}
	wg.Wait()
}

func TestLineNumbers(t *testing.T) {
	text := "a\nb\nDB_PASSWORD=Blaabaer-Syltetoy-5\nc\n-----BEGIN X-----\nd\ntoken ghp_R3kT9vLq2ZxW8mNb4YcH7uJd1PsA6fGe0Ko5\n"
	for _, bs := range []int{0, 1, 10} {
		fs := scan(".env", text, bs)
		lines := map[string]int{}
		for _, f := range fs {
			lines[f.Rule] = f.Line
		}
		if lines[ConfigSecretRuleID] != 3 || lines[GitHubTokenRuleID] != 7 {
			t.Errorf("block size %d: lines %v", bs, lines)
		}
	}
}
