package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/credsweep/credsweep/state"
)

// resultDoc is a SARIF result reduced to what must be equal between a scan
// with state and a full scan without: everything but baselineState.
type resultDoc struct {
	key      string // rule and URI
	body     string // the rest, as JSON
	baseline string
}

func sarifResults(t *testing.T, path string) map[string]resultDoc {
	t.Helper()
	var d struct {
		Runs []struct {
			Results []map[string]any `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(mustRead(t, path), &d); err != nil {
		t.Fatal(err)
	}
	out := map[string]resultDoc{}
	for _, r := range d.Runs[0].Results {
		b, _ := r["baselineState"].(string)
		delete(r, "baselineState")
		body, _ := json.Marshal(r)
		loc := r["locations"].([]any)[0].(map[string]any)["physicalLocation"].(map[string]any)["artifactLocation"].(map[string]any)["uri"].(string)
		fp := r["partialFingerprints"].(map[string]any)["primaryLocationLineHash"].(string)
		k := r["ruleId"].(string) + " " + loc + " " + fp
		out[k] = resultDoc{key: k, body: string(body), baseline: b}
	}
	return out
}

// nightlyShare is a share with findings in several files.
func nightlyShare(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	write := func(name, body string) {
		p := filepath.Join(dir, name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	table := "Brukernavn;Passord\n"
	for i := range 3 {
		table += plantedUsers[i] + ";" + plantedPass[i] + "\n"
	}
	write("IKT/elever.csv", table)
	write("Adm/register.csv", "Navn;Fødselsnummer\nElev;"+plantedIDs[0]+"\n")
	write("Adm/notat.txt", "Brukernavn: "+plantedUsers[4]+"\nPassord: "+plantedPass[4]+"\n")
	for i := range 40 {
		write(fmt.Sprintf("Diverse/dok%02d.txt", i), "Referat fra møte nummer "+fmt.Sprint(i)+".\n")
	}
	return dir
}

// scanPair runs a scan with state and a full scan without, and checks that
// they report the same results. It returns the stated scan's results.
func scanPair(t *testing.T, share, db string) (map[string]resultDoc, string) {
	t.Helper()
	out := t.TempDir()
	withState, full := filepath.Join(out, "state.sarif"), filepath.Join(out, "full.sarif")
	res := runCLI(t, nil, "scan", "--progress", "never", "--state", db, "--sarif", withState, share)
	if res.code != exitFindings {
		t.Fatalf("scan with state: exit %d\n%s\n%s", res.code, res.stdout, res.stderr)
	}
	validateSARIF(t, withState)
	if r := runCLI(t, nil, "scan", "--progress", "never", "--sarif", full, share); r.code != exitFindings {
		t.Fatalf("full scan: exit %d\n%s", r.code, r.stderr)
	}
	a, b := sarifResults(t, withState), sarifResults(t, full)
	if len(a) != len(b) {
		t.Errorf("with state %d results, full scan %d", len(a), len(b))
	}
	for k, r := range b {
		if a[k].body != r.body {
			t.Errorf("%s differs from the full scan:\nstate: %s\nfull:  %s", k, a[k].body, r.body)
		}
	}
	return a, res.stdout
}

func baselines(rs map[string]resultDoc) map[string]int {
	out := map[string]int{}
	for _, r := range rs {
		out[r.baseline]++
	}
	return out
}

func TestStateNightly(t *testing.T) {
	share := nightlyShare(t)
	db := filepath.Join(t.TempDir(), "credsweep.db")

	first, _ := scanPair(t, share, db)
	if b := baselines(first); b["new"] != len(first) || len(first) < 3 {
		t.Fatalf("first scan: baselines %v of %d results", b, len(first))
	}
	second, summary := scanPair(t, share, db)
	if b := baselines(second); b["unchanged"] != len(second) {
		t.Errorf("nothing changed: baselines %v", b)
	}
	if !strings.Contains(summary, "Nothing new since the last scan") || !strings.Contains(summary, "43 files unchanged and not read again") {
		t.Errorf("summary:\n%s", summary)
	}

	// Edit, add, delete and re-permission files.
	table := "Brukernavn;Passord\n"
	for i := range 4 {
		table += plantedUsers[i] + ";" + plantedPass[i] + "\n"
	}
	os.WriteFile(filepath.Join(share, "IKT/elever.csv"), []byte(table), 0o644)
	os.WriteFile(filepath.Join(share, "IKT/nye.csv"), []byte("Brukernavn;Passord\n"+plantedUsers[5]+";"+plantedPass[5]+"\n"), 0o644)
	os.Remove(filepath.Join(share, "Adm/notat.txt"))
	os.Chmod(filepath.Join(share, "Adm/register.csv"), 0o600)
	third, summary := scanPair(t, share, db)
	got := map[string]string{}
	for _, r := range third {
		got[strings.SplitN(r.key, " ", 3)[1]] = r.baseline
	}
	want := map[string]string{"IKT/elever.csv": "updated", "IKT/nye.csv": "new", "Adm/register.csv": "unchanged"}
	for uri, b := range want {
		if got[uri] != b {
			t.Errorf("%s: baseline %q, want %q (all %v)", uri, got[uri], b, got)
		}
	}
	if _, ok := got["Adm/notat.txt"]; ok {
		t.Error("the deleted file is still reported")
	}
	if !strings.Contains(summary, "1 fixed") || !strings.Contains(summary, "New since the last scan") {
		t.Errorf("summary:\n%s", summary)
	}
	// The permission change is seen although the file did not change.
	for _, r := range third {
		if strings.Contains(r.key, "Adm/register.csv") && !strings.Contains(r.body, `"exposure":"restricted"`) {
			t.Errorf("exposure not refreshed: %s", r.body)
		}
	}

	// The database holds no value, no mask prefix.
	raw := mustRead(t, db)
	if wal, err := os.ReadFile(db + "-wal"); err == nil {
		raw = append(raw, wal...)
	}
	assertNoLeak(t, traces(), map[string]string{"state file": string(raw)})
	s, err := state.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.Check(); err != nil {
		t.Fatal(err)
	}
	if sq, err := exec.LookPath("sqlite3"); err == nil {
		out, err := exec.Command(sq, db, "SELECT count(*) FROM items").CombinedOutput()
		if err != nil || strings.TrimSpace(string(out)) != "43" {
			t.Errorf("sqlite3 reads %q (%v), want 43 items (the deleted one is gone)", out, err)
		}
	}
}

func TestStateFullRescansEverything(t *testing.T) {
	share := nightlyShare(t)
	db := filepath.Join(t.TempDir(), "credsweep.db")
	runCLI(t, nil, "scan", "--progress", "never", "--state", db, share)
	res := runCLI(t, nil, "scan", "--progress", "never", "--state", db, "--full", share)
	if res.code != exitFindings || !strings.Contains(res.stdout, "0 files unchanged and not read again") {
		t.Fatalf("--full: exit %d\n%s", res.code, res.stdout)
	}
}

// TestStateKeepsResultsOfUnreadableFiles: a file with findings that cannot
// be read in the next scan keeps its results, marked, and the scan exits 3.
func TestStateKeepsResultsOfUnreadableFiles(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("needs root to run the scan as another user")
	}
	base, err := os.MkdirTemp("/tmp", "credsweep-state-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(base) })
	os.Chmod(base, 0o777)
	share := filepath.Join(base, "share")
	os.MkdirAll(share, 0o755)
	secret := filepath.Join(share, "elever.csv")
	os.WriteFile(secret, []byte("Brukernavn;Passord\n"+plantedUsers[0]+";"+plantedPass[0]+"\n"+plantedUsers[1]+";"+plantedPass[1]+"\n"), 0o644)
	db := filepath.Join(base, "s.db")
	run := func(sarif string) int {
		cmd := exec.Command(binPath, "scan", "--progress", "never", "--state", db, "--sarif", sarif, share)
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &out
		err := cmd.Run()
		if ee, ok := err.(*exec.ExitError); ok {
			return ee.ExitCode()
		}
		if err != nil {
			t.Fatalf("%v\n%s", err, out.String())
		}
		return 0
	}
	if code := run(filepath.Join(base, "1.sarif")); code != exitFindings {
		t.Fatalf("first scan: exit %d", code)
	}
	os.Chmod(secret, 0o600)            // root's now: nobody cannot read it
	later := time.Now().Add(time.Hour) // a change: the file must be read again
	os.Chtimes(secret, later, later)
	if code := run(filepath.Join(base, "2.sarif")); code != exitIncomplete {
		t.Fatalf("second scan: exit %d, want %d", code, exitIncomplete)
	}
	doc := readSARIF(t, filepath.Join(base, "2.sarif"))
	if len(doc.Runs[0].Results) != 1 {
		t.Fatalf("%d results, want the one kept", len(doc.Runs[0].Results))
	}
	r := doc.Runs[0].Results[0]
	if r.Properties["notReexamined"] != true || !strings.Contains(r.Message.Text, "Not re-examined") || r.count() != 2 {
		t.Errorf("kept result: %+v", r)
	}
}

// TestStateResumesAfterSIGKILL kills a scan with state in the middle, checks
// the database, and resumes: the results equal an uninterrupted scan.
func TestStateResumesAfterSIGKILL(t *testing.T) {
	share := t.TempDir()
	for i := range 3000 {
		body := fmt.Sprintf("Notat %d fra IKT-avdelingen.\n", i)
		if i%500 == 0 {
			body = "Brukernavn;Passord\n" + plantedUsers[i/500] + ";" + plantedPass[i/500] + "\nekstra;" + plantedPass[(i/500+1)%6] + "x\n"
		}
		d := filepath.Join(share, fmt.Sprintf("d%02d", i/100))
		os.MkdirAll(d, 0o755)
		if err := os.WriteFile(filepath.Join(d, fmt.Sprintf("f%04d.txt", i)), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	db := filepath.Join(t.TempDir(), "s.db")
	cmd := exec.Command(binPath, "scan", "--progress", "never", "--workers", "1", "--state", db, share)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() { cmd.Wait(); close(done) }()
	// Wait for a committed batch (the WAL grows), then kill.
	committed := false
wait:
	for {
		select {
		case <-done:
			break wait
		default:
		}
		if fi, err := os.Stat(db + "-wal"); err == nil && fi.Size() > 64<<10 {
			committed = true
			break
		}
		runtime.Gosched()
	}
	cmd.Process.Signal(syscall.SIGKILL)
	<-done
	if !committed {
		t.Skip("the scan finished before a batch was committed")
	}
	s, err := state.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Check(); err != nil {
		t.Fatalf("after SIGKILL: %v", err)
	}
	s.Close()
	out := t.TempDir()
	resumed := runCLI(t, nil, "scan", "--progress", "never", "--state", db, "--sarif", filepath.Join(out, "r.sarif"), share)
	if resumed.code != exitFindings || !strings.Contains(resumed.stdout, "resumed an interrupted scan") {
		t.Fatalf("resumed scan: exit %d\n%s", resumed.code, resumed.stdout)
	}
	if strings.Contains(resumed.stdout, " 0 files unchanged") {
		t.Errorf("the resumed scan read everything again:\n%s", resumed.stdout)
	}
	runCLI(t, nil, "scan", "--progress", "never", "--sarif", filepath.Join(out, "f.sarif"), share)
	a, b := sarifResults(t, filepath.Join(out, "r.sarif")), sarifResults(t, filepath.Join(out, "f.sarif"))
	ka, kb := keysOf(a), keysOf(b)
	if strings.Join(ka, "\n") != strings.Join(kb, "\n") {
		t.Errorf("resumed results differ from an uninterrupted scan:\n%v\n%v", ka, kb)
	}
}

func keysOf(m map[string]resultDoc) []string {
	var out []string
	for k, r := range m {
		out = append(out, k+" "+r.body)
	}
	sort.Strings(out)
	return out
}
