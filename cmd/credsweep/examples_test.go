package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestNightlyExampleRuns runs examples/nightly.sh as it ships, with the
// built binary on PATH, against two local "servers" and the fake GitHub:
// scans with state and suppressions, merge, upload, dismissal sync.
func TestNightlyExampleRuns(t *testing.T) {
	base := t.TempDir()
	for i, name := range []string{"fs01", "fs02"} {
		dir := filepath.Join(base, name)
		os.MkdirAll(dir, 0o755)
		body := "Brukernavn;Passord\n" + plantedUsers[2*i] + ";" + plantedPass[2*i] + "\n" + plantedUsers[2*i+1] + ";" + plantedPass[2*i+1] + "\n"
		os.WriteFile(filepath.Join(dir, "elever.csv"), []byte(body), 0o644)
	}
	os.WriteFile(filepath.Join(base, "fs02", "test.csv"), []byte("Navn;Fødselsnummer\nTest;"+plantedIDs[0]+"\n"), 0o644)
	conf := filepath.Join(base, "credsweep.yaml")
	os.WriteFile(conf, []byte(`targets:
  - name: fs01-skole
    url: `+filepath.Join(base, "fs01")+`
    category: credsweep/fs01-skole
  - name: fs02-admin
    url: `+filepath.Join(base, "fs02")+`
    category: credsweep/fs02-admin
suppressions:
  - rule: national-id/no-fodselsnummer
    path: "test.csv"
    reason: Tenor test register
    owner: dpo@skole.example
    created: `+time.Now().Format(time.DateOnly)+`
    dismissed-reason: used in tests
`), 0o644)
	key := filepath.Join(base, "fingerprint.key")
	os.WriteFile(key, []byte("a-key-of-our-own"), 0o600)
	out := filepath.Join(base, "out")
	os.MkdirAll(out, 0o755)

	srv := newFake(t)
	srv.SetPendingPolls(0)
	cmd := exec.Command("bash", filepath.Join(repoRoot(t), "examples", "nightly.sh"))
	cmd.Env = append(os.Environ(), "PATH="+filepath.Dir(binPath)+":"+os.Getenv("PATH"), "CONF="+conf, "OUT="+out,
		"REPO=skole/fileshares", "KEYFILE="+key, "GITHUB_API_URL="+srv.URL, "GITHUB_TOKEN="+fakeToken, "GH_TOKEN=")
	var so bytes.Buffer
	cmd.Stdout, cmd.Stderr = &so, &so
	if err := cmd.Run(); err != nil {
		t.Fatalf("nightly.sh: %v\n%s", err, so.String())
	}
	if strings.Contains(so.String(), fakeToken) {
		t.Fatal("the job printed the token")
	}
	ups := srv.Uploads()
	if len(ups) != 1 {
		t.Fatalf("%d uploads, want the merged file\n%s", len(ups), so.String())
	}
	dismissed, open := 0, 0
	for _, a := range srv.Alerts("skole", "fileshares") {
		switch a.State {
		case "dismissed":
			dismissed++
			if a.Rule != "national-id/no-fodselsnummer" || a.DismissedReason != "used in tests" {
				t.Errorf("dismissed %+v", a)
			}
		case "open":
			open++
		}
	}
	if dismissed != 1 || open != 2 {
		t.Errorf("%d dismissed, %d open alerts; want 1 and 2\n%s", dismissed, open, so.String())
	}
	for _, f := range []string{"fs01-skole.db", "fs02-admin.db", "merged.sarif"} {
		if _, err := os.Stat(filepath.Join(out, f)); err != nil {
			t.Errorf("%s: %v", f, err)
		}
	}
}
