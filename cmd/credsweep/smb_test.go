package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/credsweep/credsweep/connectors/smb/sambatest"
)

// copyTree copies src into dst with modes that the Samba user can read.
func copyTree(t *testing.T, src, dst string) {
	t.Helper()
	if out, err := exec.Command("cp", "-a", src+"/.", dst).CombinedOutput(); err != nil {
		t.Fatalf("cp: %v\n%s", err, out)
	}
	filepath.Walk(dst, func(p string, fi os.FileInfo, err error) error {
		if err == nil && fi.IsDir() {
			os.Chmod(p, 0o755)
		} else if err == nil {
			os.Chmod(p, 0o644)
		}
		return nil
	})
}

// findingSet maps "relative path + rule" to the count, for comparing scans
// of the same files through different connectors.
func findingSet(t *testing.T, path, prefix string) map[string]int {
	t.Helper()
	out := map[string]int{}
	for _, r := range readSARIF(t, path).Runs[0].Results {
		uri := r.uri()
		if !strings.HasPrefix(uri, prefix) {
			t.Errorf("URI %q lacks prefix %q", uri, prefix)
		}
		out[strings.TrimPrefix(uri, prefix)+" "+r.RuleID] += r.count()
	}
	return out
}

// TestSMBScanEqualsLocal serves the demo share over a real Samba server:
// the findings must equal the local scan's, an unreadable folder must be a
// notification (exit 3), and every finding must say who can read it.
func TestSMBScanEqualsLocal(t *testing.T) {
	srv := sambatest.Start(t, sambatest.Options{})
	dir := srv.ShareDir("skole")
	copyTree(t, filepath.Join(repoRoot(t), "testdata", "demo-share"), dir)

	localOut := filepath.Join(t.TempDir(), "local.sarif")
	if res := runCLI(t, nil, "scan", "--sarif", localOut, "--progress", "never", dir); res.code != exitFindings {
		t.Fatalf("local scan exit %d: %s", res.code, res.stderr)
	}
	// A folder that only root can read: the Samba user gets access denied.
	locked := filepath.Join(dir, "Ledelse")
	os.Mkdir(locked, 0o700)
	os.WriteFile(filepath.Join(locked, "lonn.txt"), []byte("x\n"), 0o600)
	srv.AddShare("skole", dir, sambatest.ShareOptions{})

	smbOut := filepath.Join(t.TempDir(), "smb.sarif")
	env := []string{"CREDSWEEP_SMB_PASSWORD=" + srv.Password}
	res := runCLI(t, env, "scan", "--sarif", smbOut, "--progress", "never", srv.URL("skole"))
	if res.code != exitIncomplete {
		t.Fatalf("SMB scan exit %d, want %d\n%s\n%s", res.code, exitIncomplete, res.stdout, res.stderr)
	}
	validateSARIF(t, smbOut)
	local := findingSet(t, localOut, "")
	remote := findingSet(t, smbOut, "smb/127.0.0.1/skole/")
	if len(local) == 0 {
		t.Fatal("local scan found nothing")
	}
	for k, n := range local {
		if remote[k] != n {
			t.Errorf("%s: SMB count %d, local %d", k, remote[k], n)
		}
	}
	for k := range remote {
		if _, ok := local[k]; !ok {
			t.Errorf("%s found over SMB only", k)
		}
	}
	doc := readSARIF(t, smbOut)
	denied := false
	for _, n := range doc.Runs[0].Invocations[0].Notifications {
		if strings.Contains(n.Locations[0].PhysicalLocation.ArtifactLocation.URI, "Ledelse") {
			denied = true
		}
	}
	if !denied {
		t.Error("the unreadable folder is not a notification")
	}
	for _, r := range doc.Runs[0].Results {
		e, _ := r.Properties["exposure"].(string)
		if e == "" || e == "unknown" {
			t.Errorf("%s: exposure %q", r.uri(), e)
		}
		if !strings.Contains(r.Message.Text, `\\127.0.0.1\skole\`) {
			t.Errorf("message lacks the UNC path: %s", r.Message.Text)
		}
	}
	assertNoLeak(t, append(demoSecrets(t), srv.Password), map[string]string{"SARIF": string(mustRead(t, smbOut)), "stdout": res.stdout, "stderr": res.stderr})
}

func TestSMBWrongPasswordAndPasswordInURL(t *testing.T) {
	srv := sambatest.Start(t, sambatest.Options{})
	dir := srv.ShareDir("data")
	srv.AddShare("data", dir, sambatest.ShareOptions{})
	res := runCLI(t, []string{"CREDSWEEP_SMB_PASSWORD=Feil-Passord-42"}, "scan", "--progress", "never", srv.URL("data"))
	if res.code != exitFatal || !strings.Contains(strings.ToLower(res.stderr), "logon") {
		t.Errorf("wrong password: exit %d, stderr %q", res.code, res.stderr)
	}
	if strings.Contains(res.stderr+res.stdout, "Feil-Passord-42") {
		t.Error("password echoed")
	}
	url := strings.Replace(srv.URL("data"), "@", ":Hemmelig-99@", 1)
	res = runCLI(t, nil, "scan", "--progress", "never", url)
	if res.code != exitFatal || strings.Contains(res.stderr, "Hemmelig-99") || !strings.Contains(res.stderr, "never accepted") {
		t.Errorf("password in URL: exit %d, stderr %q", res.code, res.stderr)
	}
	res = runCLI(t, []string{"CREDSWEEP_SMB_PASSWORD=" + srv.Password}, "scan", "--progress", "never", srv.URL("nosuchshare"))
	if res.code != exitFatal {
		t.Errorf("unknown share: exit %d, stderr %q", res.code, res.stderr)
	}
}

// startScan runs the binary in the background and returns a wait function
// that gives its exit code, output and run time.
func startScan(t *testing.T, env []string, args ...string) func() (int, string, time.Duration) {
	t.Helper()
	cmd := exec.Command(binPath, args...)
	cmd.Env = append(os.Environ(), env...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	start := time.Now()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	return func() (int, string, time.Duration) {
		err := cmd.Wait()
		code := 0
		if ee, ok := err.(*exec.ExitError); ok {
			code = ee.ExitCode()
		}
		return code, out.String(), time.Since(start)
	}
}

// TestSMBServerFailsMidScan stalls (SIGSTOP) or kills the server while a
// scan runs: the scan must end within a bounded time, say what it could
// not read, and exit non-zero, never hang.
func TestSMBServerFailsMidScan(t *testing.T) {
	for _, mode := range []string{"stalled", "killed"} {
		t.Run(mode, func(t *testing.T) {
			srv := sambatest.Start(t, sambatest.Options{})
			dir := srv.ShareDir("big")
			// 40 files of 8 MiB read by one worker: the scan takes
			// seconds, so the fault lands mid-scan.
			line := bytes.Repeat([]byte("skole elev møte referat rapport kommune vedtak plan\n"), 160000)
			for i := range 40 {
				os.WriteFile(filepath.Join(dir, fmt.Sprintf("doc%02d.txt", i)), line, 0o644)
			}
			srv.AddShare("big", dir, sambatest.ShareOptions{})
			out := filepath.Join(t.TempDir(), "x.sarif")
			wait := startScan(t, []string{"CREDSWEEP_SMB_PASSWORD=" + srv.Password},
				"scan", "--sarif", out, "--progress", "never", "--workers", "1", "--smb-timeout", "2s", srv.URL("big"))
			time.Sleep(300 * time.Millisecond)
			if mode == "stalled" {
				srv.Pause()
				defer srv.Resume()
			} else {
				srv.Kill()
			}
			code, output, took := wait()
			if took > 90*time.Second {
				t.Errorf("scan took %s after the server %s", took, mode)
			}
			if code == exitOK || code == exitFindings {
				t.Fatalf("exit %d after the server %s; output:\n%s", code, mode, output)
			}
			if code == exitIncomplete {
				validateSARIF(t, out)
				if len(readSARIF(t, out).Runs[0].Invocations[0].Notifications) == 0 {
					t.Error("no notification for the files that could not be read")
				}
			}
			t.Logf("server %s: exit %d after %s", mode, code, took.Round(time.Millisecond))
		})
	}
}

// TestSMBIdentityIgnoresLoginUser scans one share as its user and as
// guest, with the share name spelled in two cases: one category, one set
// of fingerprints, and no user name in the SARIF.
func TestSMBIdentityIgnoresLoginUser(t *testing.T) {
	srv := sambatest.Start(t, sambatest.Options{Guest: true})
	dir := srv.ShareDir("skole")
	body := "Brukernavn;Passord\n" + plantedUsers[0] + ";" + plantedPass[0] + "\n" + plantedUsers[1] + ";" + plantedPass[1] + "\n"
	if err := os.WriteFile(filepath.Join(dir, "elever.csv"), []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	srv.AddShare("skole", dir, sambatest.ShareOptions{Guest: true})
	var cats []string
	var keys []string
	for _, target := range []string{srv.URL("skole"), "smb://guest@" + srv.Addr() + "/SKOLE"} {
		out := filepath.Join(t.TempDir(), "r.sarif")
		res := runCLI(t, []string{"CREDSWEEP_SMB_PASSWORD=" + srv.Password}, "scan", "--progress", "never", "--sarif", out, target)
		if res.code != exitFindings {
			t.Fatalf("%s: exit %d\n%s", target, res.code, res.stderr)
		}
		raw := string(mustRead(t, out))
		if strings.Contains(raw, srv.User) {
			t.Errorf("%s: the SARIF names the login user", target)
		}
		cat, k := sarifKeys(t, out)
		cats = append(cats, cat)
		keys = append(keys, fmt.Sprint(k))
	}
	if cats[0] != cats[1] || keys[0] != keys[1] {
		t.Errorf("one share, two users: categories %q, fingerprints %v", cats, keys)
	}
}

// TestSMBScanThroughDFS scans a DFS namespace whose only link points to
// the demo share on "another server" (the same smbd on 127.0.0.2): the
// findings equal the local scan's, at the target's location, the SARIF is
// valid and the scan is complete (exit 1).
func TestSMBScanThroughDFS(t *testing.T) {
	srv := sambatest.Start(t, sambatest.Options{Global: []string{"host msdfs = yes"}, ExtraAddrs: []string{"127.0.0.2"}})
	dir := srv.ShareDir("skole")
	copyTree(t, filepath.Join(repoRoot(t), "testdata", "demo-share"), dir)
	srv.AddShare("skole", dir, sambatest.ShareOptions{})
	ns := srv.ShareDir("felles")
	if err := os.Symlink(`msdfs:127.0.0.2\skole`, filepath.Join(ns, "skole")); err != nil {
		t.Fatal(err)
	}
	srv.AddShare("felles", ns, sambatest.ShareOptions{Extra: []string{"msdfs root = yes"}})

	localOut := filepath.Join(t.TempDir(), "local.sarif")
	if res := runCLI(t, nil, "scan", "--sarif", localOut, "--progress", "never", dir); res.code != exitFindings {
		t.Fatalf("local scan exit %d: %s", res.code, res.stderr)
	}
	out := filepath.Join(t.TempDir(), "dfs.sarif")
	env := []string{"CREDSWEEP_SMB_PASSWORD=" + srv.Password}
	res := runCLI(t, env, "scan", "--sarif", out, "--progress", "never", srv.URL("felles"))
	if res.code != exitFindings {
		t.Fatalf("DFS scan exit %d\n%s\n%s", res.code, res.stdout, res.stderr)
	}
	validateSARIF(t, out)
	local := findingSet(t, localOut, "")
	remote := findingSet(t, out, "smb/127.0.0.2/skole/")
	if len(local) == 0 || len(remote) != len(local) {
		t.Errorf("local %d findings, through DFS %d", len(local), len(remote))
	}
	for k, n := range local {
		if remote[k] != n {
			t.Errorf("%s: through DFS %d, local %d", k, remote[k], n)
		}
	}
}
