package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// One target of several that cannot be opened is listed as failed, the
// others are scanned, the exit code is 3, and the results a state file
// holds for it are not taken for fixed. A single missing target is the
// whole scan and stops it.
func TestOneMissingTargetOfSeveral(t *testing.T) {
	base := t.TempDir()
	a, b := filepath.Join(base, "a"), filepath.Join(base, "b")
	copyTree(t, filepath.Join(repoRoot(t), "testdata", "demo-share"), a)
	copyTree(t, filepath.Join(repoRoot(t), "testdata", "demo-share"), b)
	db := filepath.Join(base, "state.db")
	if res := runCLI(t, nil, "scan", "--progress", "never", "--state", db, a, b); res.code != exitFindings {
		t.Fatalf("first scan: exit %d\n%s", res.code, res.stderr)
	}
	if err := os.Rename(b, b+".moved"); err != nil {
		t.Fatal(err)
	}
	sarif := filepath.Join(base, "r.sarif")
	res := runCLI(t, nil, "scan", "--progress", "never", "--state", db, "--sarif", sarif, a, b)
	if res.code != exitIncomplete {
		t.Fatalf("exit %d, want %d\n%s\n%s", res.code, exitIncomplete, res.stdout, res.stderr)
	}
	validateSARIF(t, sarif)
	doc := readSARIF(t, sarif)
	var noted bool
	for _, n := range doc.Runs[0].Invocations[0].Notifications {
		if strings.Contains(n.Message.Text, "target cannot be opened") && strings.Contains(n.Message.Text, "not found") {
			noted = true
		}
	}
	if !noted {
		t.Errorf("no notification for the missing target: %+v", doc.Runs[0].Invocations[0].Notifications)
	}
	fromA := 0
	for _, r := range doc.Runs[0].Results {
		if strings.HasPrefix(r.uri(), "a/") {
			fromA++
		}
	}
	if fromA == 0 {
		t.Error("the target that is there was not scanned")
	}
	if m := regexp.MustCompile(`[1-9][0-9]* fixed`).FindString(res.stdout); m != "" {
		t.Errorf("the missing target's results were taken for fixed (%q):\n%s", m, res.stdout)
	}

	// A server that is down: listed, and its reason names no login user
	// nor domain (they are personal data, and the SARIF goes to GitHub).
	down := "smb://SKOLEDOMENE;" + plantedUsers[0] + "@127.0.0.1:1/share"
	res = runCLI(t, []string{"CREDSWEEP_SMB_PASSWORD=" + plantedPass[0]}, "scan", "--progress", "never", "--log-level", "debug",
		"--format", "jsonl", "--sarif", sarif, a, down)
	if res.code != exitIncomplete || !strings.Contains(res.stdout, "target cannot be opened") {
		t.Errorf("server down: exit %d, want %d and a notification\n%s", res.code, exitIncomplete, res.stdout)
	}
	assertNoLeak(t, []string{plantedUsers[0], plantedUsers[0][:5], plantedPass[0], "SKOLEDOMENE"},
		map[string]string{"SARIF": string(mustRead(t, sarif)), "JSONL": res.stdout, "stderr and log": res.stderr})

	// A sharded scan stops instead: every shard plans on its own, and a
	// target skipped by one would be scanned by none.
	if sh := runCLI(t, nil, "scan", "--progress", "never", "--shard", "0/2", a, b); sh.code != exitFatal {
		t.Errorf("--shard with a missing target: exit %d, want %d\n%s", sh.code, exitFatal, sh.stderr)
	}

	one := runCLI(t, nil, "scan", "--progress", "never", b)
	if one.code != exitFatal || !strings.Contains(one.stderr, "no such file") && !strings.Contains(one.stderr, "not found") && !strings.Contains(one.stderr, "does not exist") {
		t.Errorf("a single missing target: exit %d, stderr %q; want %d and a clear message", one.code, one.stderr, exitFatal)
	}
}
