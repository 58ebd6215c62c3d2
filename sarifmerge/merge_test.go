package sarifmerge

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// res is a test result: rule and fingerprint.
type res struct{ rule, fp string }

// runSpec describes one input run.
type runSpec struct {
	category string // automationDetails.id is category + "/" + stamp
	stamp    string
	rules    []string // the driver's rules, in this order
	results  []res
	ok       bool // executionSuccessful
	notes    int  // toolExecutionNotifications
	files    int  // properties.files
	reasons  map[string]int
	targets  []string
}

func ruleJSON(id string) map[string]any {
	return map[string]any{
		"id": id, "name": id,
		"shortDescription":     map[string]any{"text": "short " + id},
		"fullDescription":      map[string]any{"text": "full " + id},
		"help":                 map[string]any{"text": "help " + id, "markdown": "help " + id},
		"defaultConfiguration": map[string]any{"level": "warning"},
		"properties":           map[string]any{"tags": []string{"security"}, "precision": "high", "security-severity": "7.0"},
	}
}

func sarifOf(runs ...runSpec) []byte {
	var rl []any
	for _, r := range runs {
		var rules []any
		idx := map[string]int{}
		for i, id := range r.rules {
			rules = append(rules, ruleJSON(id))
			idx[id] = i
		}
		results := []any{}
		for _, x := range r.results {
			results = append(results, map[string]any{
				"ruleId": x.rule, "ruleIndex": idx[x.rule], "level": "warning",
				"message": map[string]any{"text": "found " + x.rule},
				"locations": []any{map[string]any{"physicalLocation": map[string]any{
					"artifactLocation": map[string]any{"uri": "dir/" + x.fp + ".txt"},
					"region":           map[string]any{"startLine": 1}}}},
				"partialFingerprints": map[string]any{"primaryLocationLineHash": x.fp},
				"properties":          map[string]any{"count": 1},
			})
		}
		var notes []any
		for i := 0; i < r.notes; i++ {
			notes = append(notes, map[string]any{"level": "note", "message": map[string]any{"text": fmt.Sprintf("note %d of %s", i, r.category)},
				"descriptor": map[string]any{"id": "file-skipped"}})
		}
		inv := map[string]any{"executionSuccessful": r.ok, "startTimeUtc": "2026-01-0" + r.stamp[7:8] + "T00:00:00Z",
			"endTimeUtc": "2026-01-0" + r.stamp[7:8] + "T01:00:00Z",
			"properties": map[string]any{"files": r.files, "skipReasons": r.reasons, "targets": r.targets}}
		if notes != nil {
			inv["toolExecutionNotifications"] = notes
		}
		rl = append(rl, map[string]any{
			"tool":              map[string]any{"driver": map[string]any{"name": "credsweep", "version": "1.0.0", "informationUri": "https://example.com", "rules": rules}},
			"automationDetails": map[string]any{"id": r.category + "/" + r.stamp},
			"invocations":       []any{inv},
			"results":           results,
		})
	}
	b, err := json.Marshal(map[string]any{"$schema": schemaURI, "version": "2.1.0", "runs": rl})
	if err != nil {
		panic(err)
	}
	return b
}

// doc is what the tests read back.
type doc struct {
	Runs []struct {
		Tool struct {
			Driver struct {
				Rules []struct {
					ID string `json:"id"`
				} `json:"rules"`
			} `json:"driver"`
		} `json:"tool"`
		AutomationDetails struct {
			ID string `json:"id"`
		} `json:"automationDetails"`
		Invocations []struct {
			ExecutionSuccessful bool             `json:"executionSuccessful"`
			StartTimeUTC        string           `json:"startTimeUtc"`
			EndTimeUTC          string           `json:"endTimeUtc"`
			Notes               []map[string]any `json:"toolExecutionNotifications"`
			Properties          struct {
				Files       int            `json:"files"`
				SkipReasons map[string]int `json:"skipReasons"`
				Targets     []string       `json:"targets"`
			} `json:"properties"`
		} `json:"invocations"`
		Results []struct {
			RuleID              string            `json:"ruleId"`
			RuleIndex           int               `json:"ruleIndex"`
			PartialFingerprints map[string]string `json:"partialFingerprints"`
		} `json:"results"`
	} `json:"runs"`
}

func readDoc(t *testing.T, b []byte) doc {
	t.Helper()
	var d doc
	if err := json.Unmarshal(b, &d); err != nil {
		t.Fatal(err)
	}
	return d
}

func results(n int, rule, prefix string) []res {
	var out []res
	for i := 0; i < n; i++ {
		out = append(out, res{rule, fmt.Sprintf("%s%05d", prefix, i)})
	}
	return out
}

func TestMergeCombinesOneRunPerCategory(t *testing.T) {
	a := sarifOf(runSpec{category: "credsweep/file/a", stamp: "20260101T000000Z", rules: []string{"pw/table", "id/no"},
		results: []res{{"pw/table", "f1"}, {"id/no", "f2"}}, ok: true, notes: 1, files: 10,
		reasons: map[string]int{"binary": 2}, targets: []string{"file:///a"}})
	b := sarifOf(runSpec{category: "credsweep/file/a", stamp: "20260102T000000Z", rules: []string{"id/no", "secret/key"},
		results: []res{{"id/no", "f2"}, {"secret/key", "f3"}, {"id/no", "f4"}}, ok: false, notes: 2, files: 5,
		reasons: map[string]int{"binary": 1, "too big": 1}, targets: []string{"file:///a2"}},
		runSpec{category: "credsweep/file/b", stamp: "20260102T000000Z", rules: []string{"id/no"},
			results: []res{{"id/no", "f2"}}, ok: true, files: 1, targets: []string{"file:///b"}})
	out, err := Merge([]Input{{"a.sarif", a}, {"b.sarif", b}}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(out.Files) != 1 || out.Duplicates != 1 || out.InputResults != 6 || out.InputRuns != 3 || len(out.Splits) != 0 {
		t.Fatalf("files %d duplicates %d input results %d runs %d splits %v", len(out.Files), out.Duplicates, out.InputResults, out.InputRuns, out.Splits)
	}
	if fmt.Sprint(out.Incomplete) != "[credsweep/file/a]" {
		t.Errorf("incomplete %v", out.Incomplete)
	}
	d := readDoc(t, out.Files[0].Data)
	if len(d.Runs) != 2 {
		t.Fatalf("%d runs", len(d.Runs))
	}
	r := d.Runs[0]
	if r.AutomationDetails.ID != "credsweep/file/a/20260102T000000Z" || d.Runs[1].AutomationDetails.ID != "credsweep/file/b/20260102T000000Z" {
		t.Errorf("ids %q %q", r.AutomationDetails.ID, d.Runs[1].AutomationDetails.ID)
	}
	var ids []string
	for _, q := range r.Tool.Driver.Rules {
		ids = append(ids, q.ID)
	}
	if strings.Join(ids, ",") != "id/no,pw/table,secret/key" {
		t.Errorf("rules %v", ids)
	}
	var got []string
	for _, x := range r.Results {
		if ids[x.RuleIndex] != x.RuleID {
			t.Errorf("result %s has ruleIndex %d (%s)", x.RuleID, x.RuleIndex, ids[x.RuleIndex])
		}
		got = append(got, x.RuleID+"@"+x.PartialFingerprints["primaryLocationLineHash"])
	}
	if strings.Join(got, " ") != "pw/table@f1 id/no@f2 secret/key@f3 id/no@f4" {
		t.Errorf("results %v", got)
	}
	inv := r.Invocations
	if len(inv) != 1 || inv[0].ExecutionSuccessful || len(inv[0].Notes) != 3 || inv[0].Properties.Files != 15 ||
		inv[0].Properties.SkipReasons["binary"] != 3 || inv[0].Properties.SkipReasons["too big"] != 1 ||
		strings.Join(inv[0].Properties.Targets, ",") != "file:///a,file:///a2" ||
		inv[0].StartTimeUTC != "2026-01-01T00:00:00Z" || inv[0].EndTimeUTC != "2026-01-02T01:00:00Z" {
		t.Errorf("invocation %+v", inv)
	}
	if !d.Runs[1].Invocations[0].ExecutionSuccessful {
		t.Error("category b was complete")
	}
	// Deterministic.
	again, _ := Merge([]Input{{"a.sarif", a}, {"b.sarif", b}}, Options{})
	if !bytes.Equal(again.Files[0].Data, out.Files[0].Data) {
		t.Error("two merges of the same inputs differ")
	}
	validate(t, out.Files[0].Data)
}

func TestMergeSplits(t *testing.T) {
	var many []runSpec
	for i := 0; i < 23; i++ {
		many = append(many, runSpec{category: fmt.Sprintf("cat/%02d", i), stamp: "20260101T000000Z", rules: []string{"r"},
			results: []res{{"r", fmt.Sprintf("c%d", i)}}, ok: true})
	}
	tests := []struct {
		name  string
		input []byte
		opt   Options
		// want: per file, the runs as category:results
		want   [][]string
		splits int
	}{
		{"results over the limit go to parts in separate files",
			sarifOf(runSpec{category: "c", stamp: "20260101T000000Z", rules: []string{"r", "s"}, ok: true,
				results: append(results(4, "s", "x"), results(3, "r", "y")...)},
				runSpec{category: "d", stamp: "20260101T000000Z", rules: []string{"r"}, ok: true, results: results(1, "r", "z")}),
			Options{MaxResultsPerRun: 3},
			[][]string{{"c:3", "d:1"}, {"c/part2:3"}, {"c/part3:1"}}, 1},
		{"at most 20 runs per file", sarifOf(many...), Options{},
			[][]string{nil, nil}, 0},
		{"gzipped size", sarifOf(runSpec{category: "big", stamp: "20260101T000000Z", rules: []string{"r"}, ok: true,
			results: results(400, "r", "p")}), Options{TargetGzipBytes: 3000},
			nil, 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out, err := Merge([]Input{{"in.sarif", tc.input}}, tc.opt)
			if err != nil {
				t.Fatal(err)
			}
			if len(out.Splits) != tc.splits {
				t.Errorf("splits %+v", out.Splits)
			}
			total := 0
			seen := map[string]bool{}
			var got [][]string
			for _, f := range out.Files {
				d := readDoc(t, f.Data)
				if len(d.Runs) > MaxRunsPerFile {
					t.Errorf("%d runs in a file", len(d.Runs))
				}
				if f.GzipSize > tc.opt.TargetGzipBytes && tc.opt.TargetGzipBytes != 0 {
					t.Errorf("file of %d bytes gzipped", f.GzipSize)
				}
				cats := map[string]bool{}
				var runs []string
				for _, r := range d.Runs {
					c := Category(r.AutomationDetails.ID)
					if cats[c] {
						t.Errorf("category %s twice in one file", c)
					}
					cats[c] = true
					runs = append(runs, fmt.Sprintf("%s:%d", c, len(r.Results)))
					for _, x := range r.Results {
						k := x.RuleID + x.PartialFingerprints["primaryLocationLineHash"]
						if seen[k] {
							t.Errorf("result %s twice", k)
						}
						seen[k] = true
						total++
					}
				}
				got = append(got, runs)
				validate(t, f.Data)
			}
			if total != out.InputResults {
				t.Errorf("%d results out of %d", total, out.InputResults)
			}
			if tc.want != nil {
				if len(got) != len(tc.want) {
					t.Fatalf("files %v", got)
				}
				for i := range got {
					if tc.want[i] != nil && strings.Join(got[i], " ") != strings.Join(tc.want[i], " ") {
						t.Errorf("file %d: %v, want %v", i+1, got[i], tc.want[i])
					}
				}
			}
			if tc.name == "gzipped size" && len(out.Files) < 2 {
				t.Errorf("%d files", len(out.Files))
			}
		})
	}
}

func TestMergeBadInput(t *testing.T) {
	secret := "Sommer2018!"
	tests := []struct {
		name, data, want string
	}{
		{"not JSON", "passord=" + secret, "x.sarif: not valid JSON (syntax error at byte 1)"},
		{"truncated", `{"version":"2.1.0","runs":[{"tool":` + `"` + secret, "x.sarif: not valid JSON"},
		{"empty", "", "x.sarif: not valid JSON (truncated or empty)"},
		{"wrong version", `{"version":"2.0.0","runs":[]}`, `x.sarif: not SARIF 2.1.0`},
		{"no runs", `{"version":"2.1.0"}`, `x.sarif: not a SARIF log (no "runs" array)`},
		{"array", `[1]`, `x.sarif: not a SARIF log (the top level is not a JSON object)`},
		{"no driver name", `{"version":"2.1.0","runs":[{"tool":{"driver":{}},"results":[]}]}`, `x.sarif: runs[0] has no tool.driver.name`},
		{"results not array", `{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"x"}},"results":"` + secret + `"}]}`, `x.sarif: runs[0].results is not an array`},
		{"rule without id", `{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"x","rules":[{}]}},"results":[]}]}`, `x.sarif: runs[0].tool.driver.rules[0] has no id`},
		{"trailing data", `{"version":"2.1.0","runs":[]} {}`, `x.sarif: not valid JSON (data after the SARIF log)`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Merge([]Input{{"x.sarif", []byte(tc.data)}}, Options{})
			if _, ok := err.(*InputError); !ok {
				t.Fatalf("error %v (%T)", err, err)
			}
			if !strings.HasPrefix(err.Error(), tc.want) {
				t.Errorf("error %q, want %q", err, tc.want)
			}
			if strings.Contains(err.Error(), secret) || strings.Contains(err.Error(), "passord") {
				t.Errorf("error echoes content: %q", err)
			}
		})
	}
}

func TestMergeRefusesIndexedRunsOfOneCategory(t *testing.T) {
	in := `{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"x"}},"automationDetails":{"id":"c/1"},"artifacts":[{}],"results":[]}]}`
	if _, err := Merge([]Input{{"a.sarif", []byte(in)}}, Options{}); err != nil {
		t.Fatalf("one run with artifacts passes through: %v", err)
	}
	_, err := Merge([]Input{{"a.sarif", []byte(in)}, {"b.sarif", []byte(in)}}, Options{})
	if err == nil || !strings.Contains(err.Error(), `a.sarif: runs[0] has "artifacts"`) {
		t.Fatalf("error %v", err)
	}
}

func TestCategory(t *testing.T) {
	for in, want := range map[string]string{
		"credsweep/file/srv/20260101T000000Z": "credsweep/file/srv",
		"cat/":                                "cat",
		"nocat":                               "",
		"/language:js/":                       "/language:js",
		"":                                    "",
	} {
		if got := Category(in); got != want {
			t.Errorf("Category(%q) = %q, want %q", in, got, want)
		}
	}
}

// validate runs GitHub's upload checks (testdata/sarif/validate-sarif) in
// strict mode on data.
func validate(t *testing.T, data []byte) {
	t.Helper()
	if _, err := exec.LookPath("python3"); err != nil {
		t.Skip("python3 is needed to run validate-sarif")
	}
	p := filepath.Join(t.TempDir(), "out.sarif")
	if err := os.WriteFile(p, data, 0o600); err != nil {
		t.Fatal(err)
	}
	v, _ := filepath.Abs(filepath.Join("..", "testdata", "sarif", "validate-sarif"))
	out, err := exec.Command("python3", v, "--strict", p).CombinedOutput()
	if err != nil {
		lines := strings.Split(string(out), "\n")
		sort.Strings(lines)
		t.Fatalf("validate-sarif --strict: %v\n%s", err, out)
	}
}
