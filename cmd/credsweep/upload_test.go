package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/credsweep/credsweep/ghupload/fakegithub"
)

const (
	fakeToken = "ghs_faketoken_e2e_0123456789abcdef"
	fakeSHA   = "89abcdef0123456789abcdef0123456789abcdef"
)

// fakeEnv runs the binary against the fake.
func fakeEnv(srv *fakegithub.Server, token string) []string {
	return []string{"GITHUB_API_URL=" + srv.URL, "GITHUB_TOKEN=" + token, "GH_TOKEN="}
}

// fast flags: the binary polls and paces against the fake without waiting
// seconds.
var fast = []string{"--poll-interval", "1ms", "--write-interval", "0"}

func newFake(t *testing.T) *fakegithub.Server {
	srv := fakegithub.New(fakeToken)
	t.Cleanup(srv.Close)
	srv.AddRepo("skole", "fileshares", "trunk", fakeSHA)
	return srv
}

func upload(t *testing.T, srv *fakegithub.Server, env []string, args ...string) runResult {
	t.Helper()
	r := runCLI(t, env, append(append([]string{"upload", "--repo", "skole/fileshares"}, fast...), args...)...)
	if strings.Contains(r.stdout+r.stderr, fakeToken) {
		t.Fatal("the output shows the token")
	}
	return r
}

func TestUploadToFake(t *testing.T) {
	dir := t.TempDir()
	parts := scanDemoParts(t, dir)
	merged := filepath.Join(dir, "all.sarif")
	if r := runCLI(t, nil, "merge", "-o", merged, parts["demo/Adm"], parts["demo/Drift"], parts["demo/Skole"]); r.code != 0 {
		t.Fatal(r.stderr)
	}
	want := alertKeys(t, merged)

	t.Run("merged file, default branch", func(t *testing.T) {
		srv := newFake(t)
		r := upload(t, srv, fakeEnv(srv, fakeToken), merged)
		if r.code != exitOK {
			t.Fatalf("exit %d\n%s%s", r.code, r.stdout, r.stderr)
		}
		if !strings.Contains(r.stdout, "refs/heads/trunk at "+fakeSHA) || !strings.Contains(r.stdout, merged+": processed") {
			t.Errorf("stdout:\n%s", r.stdout)
		}
		ups := srv.Uploads()
		if len(ups) != 1 || ups[0].Ref != "refs/heads/trunk" || ups[0].CommitSHA != fakeSHA || ups[0].Status != "complete" {
			t.Fatalf("uploads %+v", ups)
		}
		b, _ := os.ReadFile(merged)
		if string(ups[0].SARIF) != string(b) {
			t.Error("the fake did not receive the file as it is")
		}
		alerts := srv.Alerts("skole", "fileshares")
		cats := map[string]int{}
		for _, a := range alerts {
			cats[a.Category]++
			if a.State != "open" || a.Tool != "credsweep" {
				t.Errorf("alert %+v", a)
			}
		}
		if len(alerts) != len(want) || len(cats) != 3 {
			t.Errorf("%d alerts in %d categories for %d results", len(alerts), len(cats), len(want))
		}
		for _, q := range srv.Requests() {
			if !strings.HasPrefix(q.UserAgent, "credsweep/") {
				t.Errorf("User-Agent %q", q.UserAgent)
			}
		}
	})

	t.Run("ref and commit given", func(t *testing.T) {
		srv := newFake(t)
		sha := strings.Repeat("c", 40)
		r := upload(t, srv, fakeEnv(srv, fakeToken), "--ref", "refs/pull/12/head", "--commit", strings.ToUpper(sha), parts["demo/Adm"])
		if r.code != exitOK {
			t.Fatalf("exit %d\n%s%s", r.code, r.stdout, r.stderr)
		}
		ups := srv.Uploads()
		if len(ups) != 1 || ups[0].Ref != "refs/pull/12/head" || ups[0].CommitSHA != sha {
			t.Fatalf("uploads %+v", ups)
		}
		for _, q := range srv.Requests() {
			if q.Method == "GET" && !strings.Contains(q.Path, "/code-scanning/") {
				t.Errorf("%s %s: nothing to resolve", q.Method, q.Path)
			}
		}
	})

	t.Run("branch name", func(t *testing.T) {
		srv := newFake(t)
		srv.SetRef("skole", "fileshares", "heads/nightly", strings.Repeat("d", 40))
		r := upload(t, srv, fakeEnv(srv, fakeToken), "--ref", "nightly", parts["demo/Adm"])
		if r.code != exitOK {
			t.Fatalf("exit %d\n%s%s", r.code, r.stdout, r.stderr)
		}
		if ups := srv.Uploads(); ups[0].Ref != "refs/heads/nightly" || ups[0].CommitSHA != strings.Repeat("d", 40) {
			t.Fatalf("uploads %+v", ups)
		}
	})

	t.Run("rejected payload", func(t *testing.T) {
		srv := newFake(t)
		// Valid JSON that GitHub rejects in processing: a result without
		// a location.
		bad := filepath.Join(dir, "noloc.sarif")
		os.WriteFile(bad, []byte(`{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"credsweep","rules":[]}},
			"automationDetails":{"id":"demo/bad/1"},"results":[{"ruleId":"r","message":{"text":"m"}}]}]}`), 0o600)
		r := upload(t, srv, fakeEnv(srv, fakeToken), bad)
		if r.code != exitFindings {
			t.Fatalf("exit %d\n%s%s", r.code, r.stdout, r.stderr)
		}
		if !strings.Contains(r.stdout, "GitHub could not process it:") || !strings.Contains(r.stdout, "expected at least one location") ||
			!strings.Contains(r.stderr, "not processed: "+bad) {
			t.Errorf("stdout:\n%s\nstderr:\n%s", r.stdout, r.stderr)
		}
	})

	t.Run("usage and auth errors", func(t *testing.T) {
		srv := newFake(t)
		many := map[string]any{"version": "2.1.0", "runs": []any{}}
		for i := 0; i < 21; i++ {
			many["runs"] = append(many["runs"].([]any), map[string]any{"tool": map[string]any{"driver": map[string]any{"name": "credsweep"}},
				"automationDetails": map[string]any{"id": fmt.Sprintf("c%d/1", i)}, "results": []any{}})
		}
		b, _ := json.Marshal(many)
		tooMany := filepath.Join(dir, "many.sarif")
		os.WriteFile(tooMany, b, 0o600)
		tests := []struct {
			name string
			env  []string
			args []string
			want string
		}{
			{"no token", []string{"GITHUB_API_URL=" + srv.URL, "GITHUB_TOKEN=", "GH_TOKEN="}, []string{merged}, "set GITHUB_TOKEN or GH_TOKEN"},
			{"GH_TOKEN works but is wrong", []string{"GITHUB_API_URL=" + srv.URL, "GITHUB_TOKEN=", "GH_TOKEN=nope"}, []string{merged}, "GitHub refused the token from GH_TOKEN"},
			{"bad token", fakeEnv(srv, "ghp_wrong"), []string{merged}, "Bad credentials"},
			{"unknown repo", fakeEnv(srv, fakeToken), []string{"--repo", "skole/nothing", merged}, "404"},
			{"bad repo", fakeEnv(srv, fakeToken), []string{"--repo", "nothing", merged}, "--repo must be OWNER/REPO"},
			{"bad commit", fakeEnv(srv, fakeToken), []string{"--commit", "abc", merged}, "40 hex digits"},
			{"bad ref", fakeEnv(srv, fakeToken), []string{"--ref", "refs/pull/x/y", merged}, "--ref must be"},
			{"unknown branch", fakeEnv(srv, fakeToken), []string{"--ref", "nope", merged}, "No commit found"},
			{"too many runs", fakeEnv(srv, fakeToken), []string{tooMany}, "21 runs; GitHub accepts at most 20 per file: split it with credsweep merge"},
			{"category twice", fakeEnv(srv, fakeToken), []string{merged, parts["demo/Adm"]}, "category demo/Adm is also in " + merged},
			{"not SARIF", fakeEnv(srv, fakeToken), []string{filepath.Join(repoRoot(t), "testdata", "demo-share", "Drift", "notater.txt")}, "not a SARIF log"},
		}
		for _, tc := range tests {
			t.Run(tc.name, func(t *testing.T) {
				args := tc.args
				if args[0] != "--repo" {
					args = append([]string{"--repo", "skole/fileshares"}, args...)
				}
				r := runCLI(t, tc.env, append(append([]string{"upload"}, fast...), args...)...)
				if r.code != exitFatal || !strings.Contains(r.stderr, tc.want) {
					t.Errorf("exit %d, stderr %q, want %q", r.code, r.stderr, tc.want)
				}
				if strings.Contains(r.stdout+r.stderr, "ghp_wrong") || strings.Contains(r.stdout+r.stderr, "nope\"") {
					t.Error("the output shows the token")
				}
			})
		}
		if n := len(srv.Uploads()); n != 0 {
			t.Errorf("%d uploads despite the errors", n)
		}
	})

	t.Run("retries a 503", func(t *testing.T) {
		srv := newFake(t)
		srv.Fail(fakegithub.Failure{Status: 503, Path: "/code-scanning/sarifs", RetryAfter: "0", Times: 2})
		r := upload(t, srv, fakeEnv(srv, fakeToken), parts["demo/Drift"])
		if r.code != exitOK || strings.Count(r.stderr, "retrying") != 2 {
			t.Fatalf("exit %d\n%s%s", r.code, r.stdout, r.stderr)
		}
	})
}

// suppress adds a SARIF suppression to the results whose index is a key.
func addSuppressions(t *testing.T, in, out string, which map[int]map[string]any) {
	t.Helper()
	b, err := os.ReadFile(in)
	if err != nil {
		t.Fatal(err)
	}
	var log map[string]any
	json.Unmarshal(b, &log)
	res := log["runs"].([]any)[0].(map[string]any)["results"].([]any)
	for i, s := range which {
		res[i].(map[string]any)["suppressions"] = []any{s}
	}
	b, _ = json.MarshalIndent(log, "", "  ")
	os.WriteFile(out, b, 0o600)
}

func TestUploadSyncDismissals(t *testing.T) {
	dir := t.TempDir()
	parts := scanDemoParts(t, dir)
	plain := parts["demo/Skole"]
	if n := len(readMergeDoc(t, plain).Runs[0].Results); n < 3 {
		t.Fatalf("%d results", n)
	}
	suppressed := filepath.Join(dir, "suppressed.sarif")
	addSuppressions(t, plain, suppressed, map[int]map[string]any{
		0: {"kind": "external", "status": "accepted", "justification": "Fictitious pupils for the IT course",
			"properties": map[string]any{"owner": "IKT-avdelingen", "dismissedReason": "false positive"}},
		1: {"kind": "external", "status": "accepted", "justification": "Kept until the archive is moved"},
		2: {"kind": "external", "status": "underReview", "justification": "not decided"},
	})
	srv := newFake(t)
	env := fakeEnv(srv, fakeToken)

	r := upload(t, srv, env, "--sync-dismissals", suppressed)
	if r.code != exitOK {
		t.Fatalf("exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if !strings.Contains(r.stdout, "dismissals: 2 dismissed, 0 re-opened, 0 updated") {
		t.Errorf("stdout:\n%s", r.stdout)
	}
	doc := readMergeDoc(t, suppressed)
	fp := func(i int) string { return doc.Runs[0].Results[i].PartialFingerprints["primaryLocationLineHash"] }
	byFP := func() map[string]fakegithub.Alert {
		m := map[string]fakegithub.Alert{}
		for _, a := range srv.Alerts("skole", "fileshares") {
			m[a.Fingerprint] = a
		}
		return m
	}
	al := byFP()
	if a := al[fp(0)]; a.State != "dismissed" || a.DismissedReason != "false positive" ||
		a.Comment != "credsweep: Fictitious pupils for the IT course (owner: IKT-avdelingen)" {
		t.Errorf("alert of result 0: %+v", a)
	}
	if a := al[fp(1)]; a.State != "dismissed" || a.DismissedReason != "won't fix" || a.Comment != "credsweep: Kept until the archive is moved" {
		t.Errorf("alert of result 1: %+v", a)
	}
	if a := al[fp(2)]; a.State != "open" {
		t.Errorf("an underReview suppression dismissed alert %+v", a)
	}
	// A person dismisses another alert.
	srv.Dismiss("skole", "fileshares", al[fp(2)].Number, "used in tests", "checked by Kari")

	// Unchanged: nothing to do.
	r = upload(t, srv, env, "--sync-dismissals", suppressed)
	if r.code != exitOK || !strings.Contains(r.stdout, "dismissals: 0 dismissed, 0 re-opened, 0 updated") {
		t.Fatalf("exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}

	// The suppressions are gone: credsweep's dismissals are re-opened,
	// the person's stays.
	r = upload(t, srv, env, "--sync-dismissals", plain)
	if r.code != exitOK || !strings.Contains(r.stdout, "dismissals: 0 dismissed, 2 re-opened, 0 updated") {
		t.Fatalf("exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	al = byFP()
	if al[fp(0)].State != "open" || al[fp(1)].State != "open" || al[fp(0)].Comment != "" {
		t.Errorf("not re-opened: %+v %+v", al[fp(0)], al[fp(1)])
	}
	if a := al[fp(2)]; a.State != "dismissed" || a.Comment != "checked by Kari" {
		t.Errorf("a person's dismissal changed: %+v", a)
	}
	// Without --sync-dismissals nothing is dismissed.
	r = upload(t, srv, env, suppressed)
	if r.code != exitOK || strings.Contains(r.stdout, "dismissals:") || byFP()[fp(0)].State != "open" {
		t.Fatalf("exit %d\n%s", r.code, r.stdout)
	}
}
