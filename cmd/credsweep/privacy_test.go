package main

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// Planted values for the privacy tests. The ID numbers are python-stdnum's
// documented examples (valid by an independent implementation); the user
// names and passwords are random strings that appear nowhere else.
var (
	plantedIDs   = []string{"15108695088", "19880320-0016", "211062-5629", "131052-308T", "120174-3399"}
	plantedUsers = []string{"qvzenkrud", "wypolmaxt", "ghrestavn", "jokkumbly", "tarnwiqel", "bexulorpa"}
	plantedPass  = []string{"Zk4!vQ9wT2", "Hm7#pLx2Rq", "Yb3$kWn8Ez", "Dt6&gUv1Jc", "Pf9%sAo4Ni", "Lr2*eXz7Bw"}
)

// traces are what no default output may contain: every planted value, and
// the prefixes a mask would show (the birth date of an ID, the first
// letters of a user name or password).
func traces() []string {
	var out []string
	for _, id := range plantedIDs {
		d := strings.NewReplacer("-", "", "+", "").Replace(id)
		out = append(out, id, d, d[:6], id[:6])
	}
	for _, v := range append(append([]string{}, plantedUsers...), plantedPass...) {
		out = append(out, v, v[:5])
	}
	return out
}

// privacyShare is a share holding every kind of value in content and in
// names: a password table, an ID register, a scanned document named by
// fødselsnummer, a folder named by a personnummer, and a zip member named
// after its password.
func privacyShare(t *testing.T) string {
	t.Helper()
	var table strings.Builder
	table.WriteString("Klasse;Brukernavn;Passord\n")
	for i, u := range plantedUsers {
		table.WriteString(fmt.Sprintf("8A;%s;%s\n", u, plantedPass[i]))
	}
	var ids strings.Builder
	ids.WriteString("Navn;Fødselsnummer\n")
	for _, id := range plantedIDs[:1] {
		ids.WriteString("Elev;" + id + "\n")
	}
	files := map[string][]byte{
		"IKT/elever.csv":                                  []byte(table.String()),
		"Adm/register.csv":                                []byte(ids.String()),
		"skanning/" + plantedIDs[0] + ".txt":              []byte("Scanned letter, no text layer.\n"),
		"Elevmapper/" + plantedIDs[1] + "/karakterer.txt": []byte("Karakterer\n"),
		"backup.zip":                                      zipOf(t, map[string]string{"passord=" + plantedPass[0] + ".txt": "innhold\n"}),
	}
	dir := t.TempDir()
	for name, data := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func zipOf(t *testing.T, members map[string]string) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for n, d := range members {
		w, err := zw.Create(n)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(d))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestDefaultOutputsCarryNoValue(t *testing.T) {
	dir := privacyShare(t)
	out := t.TempDir()
	sarif := filepath.Join(out, "r.sarif")
	res := runCLI(t, nil, "scan", "--progress", "never", "--sarif", sarif, "--format", "json", dir)
	if res.code != 1 {
		t.Fatalf("exit %d, want 1\n%s", res.code, res.stderr)
	}
	validateSARIF(t, sarif)
	text := runCLI(t, nil, "scan", "--progress", "never", dir)
	logged := runCLI(t, nil, "scan", "--progress", "never", "--log-level", "debug", "--log-format", "json", dir)
	if !strings.Contains(logged.stderr, `"msg":"walking target"`) {
		t.Errorf("no log of the walk at debug level:\n%s", logged.stderr)
	}
	raw := string(mustRead(t, sarif))
	// The share's own folder (a temp dir whose random digits may by
	// chance hold a planted prefix) is the test's input, not a finding.
	root := strings.NewReplacer(dir, "<share>", strings.TrimPrefix(dir, "/"), "<share>")
	assertNoLeak(t, traces(), map[string]string{"SARIF": root.Replace(raw), "JSON": root.Replace(res.stdout),
		"stderr": root.Replace(res.stderr), "text": root.Replace(text.stdout), "text stderr": root.Replace(text.stderr),
		"log": root.Replace(logged.stderr)})
	if strings.Contains(raw, "maskedSamples") || strings.Contains(res.stdout, "maskedSamples") {
		t.Error("masked samples are written by default")
	}

	// Names holding values are findings of their own, masked everywhere.
	doc := readSARIF(t, sarif)
	regions := map[string]string{}
	for _, r := range doc.Runs[0].Results {
		if s, _ := r.Properties["section"].(string); strings.HasSuffix(s, " name") {
			regions[r.RuleID+" "+s] = r.uri()
		}
	}
	for _, want := range []string{"national-id/no-fodselsnummer file name", "national-id/se-personnummer folder name"} {
		uri, ok := regions[want]
		if !ok {
			t.Errorf("no result for %s; got %v", want, regions)
			continue
		}
		if !strings.Contains(uri, "%5B") {
			t.Errorf("%s: URI %q is not masked", want, uri)
		}
	}
	if !strings.Contains(raw, "%5Bf%C3%B8dselsnummer-") || !strings.Contains(raw, "[fødselsnummer-") {
		t.Error("the masked file name has no fødselsnummer tag")
	}
	if !strings.Contains(raw, "[password-") {
		t.Error("the member named after its password is not masked")
	}

	// The credentials detail names the header vocabulary, not the cells.
	if !strings.Contains(raw, "columns 'brukernavn' + 'passord'") {
		t.Error("password table detail missing")
	}
}

func TestShowSamplesOnlyInTerminalAndJSON(t *testing.T) {
	dir := privacyShare(t)
	sarif := filepath.Join(t.TempDir(), "r.sarif")
	res := runCLI(t, nil, "scan", "--progress", "never", "--show-samples", "--sarif", sarif, "--format", "json", dir)
	if res.code != 1 {
		t.Fatalf("exit %d\n%s", res.code, res.stderr)
	}
	if !strings.Contains(res.stdout, "maskedSamples") {
		t.Error("--show-samples: no samples in JSON")
	}
	raw := string(mustRead(t, sarif))
	assertNoLeak(t, traces(), map[string]string{"SARIF": raw})
	if strings.Contains(raw, "maskedSamples") {
		t.Error("--show-samples put samples into SARIF")
	}
	text := runCLI(t, nil, "scan", "--progress", "never", "--show-samples", dir)
	if !strings.Contains(text.stdout, plantedIDs[0]+".txt") {
		t.Error("--show-samples: the terminal does not show the clear path")
	}
}

// sarifKeys maps each result's rule and masked URI to its fingerprint.
func sarifKeys(t *testing.T, path string) (category string, keys map[string]string) {
	t.Helper()
	var d struct {
		Runs []struct {
			AutomationDetails struct {
				ID string `json:"id"`
			} `json:"automationDetails"`
			Results []sarifResultDoc `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(mustRead(t, path), &d); err != nil {
		t.Fatal(err)
	}
	keys = map[string]string{}
	for _, r := range d.Runs[0].Results {
		keys[r.RuleID+" "+r.uri()] = r.PartialFingerprints["primaryLocationLineHash"]
	}
	id := d.Runs[0].AutomationDetails.ID
	return id[:strings.LastIndexByte(id, '/')], keys
}

func TestTwoTargetsWithEqualPaths(t *testing.T) {
	root := t.TempDir()
	for i, d := range []string{"a", "b"} {
		if err := os.MkdirAll(filepath.Join(root, d), 0o755); err != nil {
			t.Fatal(err)
		}
		body := fmt.Sprintf("Brukernavn;Passord\n%s;%s\n%s;%s\n", plantedUsers[2*i], plantedPass[2*i], plantedUsers[2*i+1], plantedPass[2*i+1])
		if err := os.WriteFile(filepath.Join(root, d, "x.csv"), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	sarif := filepath.Join(t.TempDir(), "r.sarif")
	res := runCLI(t, nil, "scan", "--progress", "never", "--sarif", sarif, filepath.Join(root, "a"), filepath.Join(root, "b"))
	if res.code != 1 {
		t.Fatalf("exit %d\n%s", res.code, res.stderr)
	}
	validateSARIF(t, sarif)
	_, keys := sarifKeys(t, sarif)
	a, b := keys["credentials/password-table a/x.csv"], keys["credentials/password-table b/x.csv"]
	if a == "" || b == "" || a == b {
		t.Fatalf("two files with one relative path: results %v", keys)
	}
}

func TestSpellingsOfOneTarget(t *testing.T) {
	root := t.TempDir()
	share := filepath.Join(root, "s")
	if err := os.MkdirAll(share, 0o755); err != nil {
		t.Fatal(err)
	}
	body := "Brukernavn;Passord\n" + plantedUsers[0] + ";" + plantedPass[0] + "\n" + plantedUsers[1] + ";" + plantedPass[1] + "\n"
	if err := os.WriteFile(filepath.Join(share, "x.csv"), []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	var first string
	var firstKeys map[string]string
	for _, spelling := range []string{"./s", "s", share, share + "/", root + "/./s"} {
		sarif := filepath.Join(t.TempDir(), "r.sarif")
		cmd := exec.Command(binPath, "scan", "--progress", "never", "--sarif", sarif, spelling)
		cmd.Dir = root
		if err := cmd.Run(); err != nil {
			if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 1 {
				t.Fatalf("%s: %v", spelling, err)
			}
		}
		cat, keys := sarifKeys(t, sarif)
		if first == "" {
			first, firstKeys = cat, keys
			if !strings.HasPrefix(cat, "credsweep/file/") {
				t.Errorf("category %q", cat)
			}
			continue
		}
		if cat != first {
			t.Errorf("%q: category %q, want %q", spelling, cat, first)
		}
		if fmt.Sprint(keys) != fmt.Sprint(firstKeys) {
			t.Errorf("%q: fingerprints %v, want %v", spelling, keys, firstKeys)
		}
	}
}

// TestKilledMidSpoolLeavesNothing kills the scanner while it spools a
// nested archive too big for memory, then looks for the planted password
// under its temp dir.
func TestKilledMidSpoolLeavesNothing(t *testing.T) {
	tmp := t.TempDir()
	share := t.TempDir()
	// inner.zip holds the password and 96 MiB of filler, stored: the outer
	// zip's member is bigger than the in-memory spool.
	var inner bytes.Buffer
	zw := zip.NewWriter(&inner)
	w, _ := zw.CreateHeader(&zip.FileHeader{Name: "elever.csv", Method: zip.Store})
	w.Write([]byte("Brukernavn;Passord\n" + plantedUsers[0] + ";" + plantedPass[0] + "\n"))
	filler := bytes.Repeat([]byte("Klasse 8A;fravær;ingen\n"), 1<<16)
	for range 64 {
		w.Write(filler)
	}
	zw.Close()
	var outer bytes.Buffer
	zw = zip.NewWriter(&outer)
	w, _ = zw.CreateHeader(&zip.FileHeader{Name: "inner.zip", Method: zip.Store})
	w.Write(inner.Bytes())
	zw.Close()
	if err := os.WriteFile(filepath.Join(share, "backup.zip"), outer.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	inner.Reset()
	outer.Reset()

	cmd := exec.Command(binPath, "scan", "--progress", "never", "--workers", "1", share)
	cmd.Env = append(os.Environ(), "TMPDIR="+tmp)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// Wait until the scanner holds its spool file open, then kill it.
	spooling := false
	deadline := time.Now().Add(30 * time.Second)
	for !spooling && time.Now().Before(deadline) {
		fds, _ := os.ReadDir(fmt.Sprintf("/proc/%d/fd", cmd.Process.Pid))
		for _, fd := range fds {
			target, _ := os.Readlink(fmt.Sprintf("/proc/%d/fd/%s", cmd.Process.Pid, fd.Name()))
			if strings.HasPrefix(target, tmp) {
				spooling = true
			}
		}
		if cmd.ProcessState != nil {
			break
		}
	}
	cmd.Process.Signal(syscall.SIGKILL)
	cmd.Wait()
	if !spooling {
		t.Fatal("the scanner never opened a spool file under TMPDIR")
	}
	err := filepath.Walk(tmp, func(p string, fi os.FileInfo, err error) error {
		if err != nil || fi.IsDir() {
			return err
		}
		b, _ := os.ReadFile(p)
		for _, v := range traces() {
			if bytes.Contains(b, []byte(v)) {
				t.Errorf("%s holds a planted value after SIGKILL", p)
			}
		}
		t.Logf("left under TMPDIR: %s (%d bytes)", p, fi.Size())
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
