package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// mergeDoc is the part of a multi-run SARIF log the merge tests read.
type mergeDoc struct {
	Runs []struct {
		AutomationDetails struct {
			ID string `json:"id"`
		} `json:"automationDetails"`
		Tool struct {
			Driver struct {
				Name  string `json:"name"`
				Rules []struct {
					ID string `json:"id"`
				} `json:"rules"`
			} `json:"driver"`
		} `json:"tool"`
		Invocations []struct {
			ExecutionSuccessful bool `json:"executionSuccessful"`
			Properties          struct {
				Files int `json:"files"`
			} `json:"properties"`
		} `json:"invocations"`
		Results []struct {
			RuleID              string            `json:"ruleId"`
			RuleIndex           int               `json:"ruleIndex"`
			PartialFingerprints map[string]string `json:"partialFingerprints"`
		} `json:"results"`
	} `json:"runs"`
}

func readMergeDoc(t *testing.T, path string) mergeDoc {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var d mergeDoc
	if err := json.Unmarshal(b, &d); err != nil {
		t.Fatalf("%s is not JSON: %v", path, err)
	}
	return d
}

func categoryOf(id string) string {
	if i := strings.LastIndexByte(id, '/'); i >= 0 {
		return id[:i]
	}
	return ""
}

// scanDemoParts scans the demo share's top folders, each with its own
// category, and returns the SARIF paths by category.
func scanDemoParts(t *testing.T, dir string) map[string]string {
	t.Helper()
	share := filepath.Join(repoRoot(t), "testdata", "demo-share")
	out := map[string]string{}
	for _, sub := range []string{"Adm", "Drift", "Skole"} {
		p := filepath.Join(dir, sub+".sarif")
		r := runCLI(t, nil, "scan", "--progress", "never", "--sarif", p, "--category", "demo/"+sub, filepath.Join(share, sub))
		if r.code != exitFindings {
			t.Fatalf("scan %s: exit %d\n%s", sub, r.code, r.stderr)
		}
		out["demo/"+sub] = p
	}
	return out
}

// alertKeys is every (category, ruleId, fingerprint) of the files.
func alertKeys(t *testing.T, paths ...string) map[string]int {
	t.Helper()
	keys := map[string]int{}
	for _, p := range paths {
		for _, run := range readMergeDoc(t, p).Runs {
			for _, r := range run.Results {
				keys[categoryOf(run.AutomationDetails.ID)+"|"+r.RuleID+"|"+r.PartialFingerprints["primaryLocationLineHash"]]++
			}
		}
	}
	return keys
}

func TestMergeDemoScans(t *testing.T) {
	dir := t.TempDir()
	parts := scanDemoParts(t, dir)
	cats := []string{"demo/Adm", "demo/Drift", "demo/Skole"}
	want := alertKeys(t, parts["demo/Adm"], parts["demo/Drift"], parts["demo/Skole"])
	if len(want) < 6 {
		t.Fatalf("the demo scans found only %d results", len(want))
	}
	// The Adm scan twice: its results are the same alerts.
	ins := []string{parts["demo/Adm"], parts["demo/Drift"], parts["demo/Skole"], parts["demo/Adm"]}

	t.Run("one run per category", func(t *testing.T) {
		out := filepath.Join(dir, "merged.sarif")
		r := runCLI(t, nil, append([]string{"merge", "-o", out}, ins...)...)
		if r.code != exitOK {
			t.Fatalf("merge: exit %d\n%s%s", r.code, r.stdout, r.stderr)
		}
		if !strings.Contains(r.stdout, "into 1 file") || !strings.Contains(r.stdout, "kept once") {
			t.Errorf("summary:\n%s", r.stdout)
		}
		validateSARIF(t, out)
		d := readMergeDoc(t, out)
		var got []string
		for _, run := range d.Runs {
			got = append(got, categoryOf(run.AutomationDetails.ID))
			for _, x := range run.Results {
				if run.Tool.Driver.Rules[x.RuleIndex].ID != x.RuleID {
					t.Errorf("ruleIndex %d of %s points at %s", x.RuleIndex, x.RuleID, run.Tool.Driver.Rules[x.RuleIndex].ID)
				}
			}
			if len(run.Invocations) != 1 || !run.Invocations[0].ExecutionSuccessful {
				t.Errorf("invocations %+v", run.Invocations)
			}
		}
		if strings.Join(got, " ") != strings.Join(cats, " ") {
			t.Errorf("categories %v", got)
		}
		have := alertKeys(t, out)
		for k, n := range have {
			if n != 1 {
				t.Errorf("%s %d times", k, n)
			}
			if want[k] == 0 {
				t.Errorf("%s is new", k)
			}
		}
		for k := range want {
			if have[k] == 0 {
				t.Errorf("%s lost", k)
			}
		}
		// Deterministic.
		out2 := filepath.Join(dir, "again.sarif")
		if r := runCLI(t, nil, append([]string{"merge", "-o", out2}, ins...)...); r.code != exitOK {
			t.Fatal(r.stderr)
		}
		a, _ := os.ReadFile(out)
		b, _ := os.ReadFile(out2)
		if string(a) != string(b) {
			t.Error("two merges of the same files differ")
		}
	})

	t.Run("split into parts", func(t *testing.T) {
		out := filepath.Join(dir, "small.sarif")
		r := runCLI(t, nil, append([]string{"merge", "--max-results-per-run", "2", "-o", out}, ins...)...)
		if r.code != exitOK {
			t.Fatalf("merge: exit %d\n%s%s", r.code, r.stdout, r.stderr)
		}
		files, _ := filepath.Glob(filepath.Join(dir, "small*.sarif"))
		sort.Strings(files)
		if len(files) < 2 {
			t.Fatalf("files %v\n%s", files, r.stdout)
		}
		if !strings.Contains(r.stdout, "split: category demo/Skole") || !strings.Contains(r.stdout, "demo/Skole/part2 (2)") ||
			!strings.Contains(r.stdout, "distinct categories") {
			t.Errorf("summary does not say what was split:\n%s", r.stdout)
		}
		have := map[string]int{}
		for _, f := range files {
			validateSARIF(t, f)
			d := readMergeDoc(t, f)
			inFile := map[string]bool{}
			for _, run := range d.Runs {
				cat := categoryOf(run.AutomationDetails.ID)
				base, _, _ := strings.Cut(cat, "/part")
				if inFile[base] {
					t.Errorf("%s has two parts of %s", f, base)
				}
				inFile[base] = true
				if len(run.Results) > 2 {
					t.Errorf("%s: %d results", cat, len(run.Results))
				}
				for _, x := range run.Results {
					have[base+"|"+x.RuleID+"|"+x.PartialFingerprints["primaryLocationLineHash"]]++
				}
			}
		}
		if len(have) != len(want) {
			t.Errorf("%d results after the split, %d before", len(have), len(want))
		}
		for k := range want {
			if have[k] != 1 {
				t.Errorf("%s %d times", k, have[k])
			}
		}
	})

	t.Run("bad input", func(t *testing.T) {
		secret := "passord=Sommer2018!"
		bad := filepath.Join(dir, "broken.sarif")
		os.WriteFile(bad, []byte(secret+"\n"), 0o600)
		out := filepath.Join(dir, "never.sarif")
		for _, args := range [][]string{
			{"merge", "-o", out, parts["demo/Adm"], bad},
			{"merge", "-o", out, filepath.Join(dir, "missing.sarif")},
			{"merge", parts["demo/Adm"]},
		} {
			r := runCLI(t, nil, args...)
			if r.code != exitFatal {
				t.Errorf("%v: exit %d", args, r.code)
			}
			if strings.Contains(r.stdout+r.stderr, "Sommer") || strings.Contains(r.stdout+r.stderr, "passord") {
				t.Errorf("output echoes the content: %s", r.stderr)
			}
			if args[len(args)-1] == bad && !strings.Contains(r.stderr, bad+": not valid JSON") {
				t.Errorf("stderr does not name the file: %s", r.stderr)
			}
		}
		if _, err := os.Stat(out); err == nil {
			t.Error("a failed merge wrote output")
		}
	})
}
