package main

import (
	"archive/zip"
	"bytes"
	"encoding/base64"
	"encoding/csv"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"golang.org/x/text/encoding/charmap"
)

// demoSecrets returns every ID number and password planted in the demo
// share's pupil list, which no output may contain in clear.
func demoSecrets(t *testing.T) []string {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(repoRoot(t), "testdata", "demo-share", "Skole", "IKT", "elevliste_passord_2018.csv"))
	if err != nil {
		t.Fatal(err)
	}
	text, _ := charmap.Windows1252.NewDecoder().Bytes(raw)
	r := csv.NewReader(bytes.NewReader(text))
	r.Comma = ';'
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, row := range rows[1:] {
		out = append(out, row[3], row[5])
	}
	// The staff list attached (base64) to the forwarded mail.
	eml, err := os.ReadFile(filepath.Join(repoRoot(t), "testdata", "demo-share", "Adm", "VS Passord til nye lærere.eml"))
	if err != nil {
		t.Fatal(err)
	}
	_, b64, _ := strings.Cut(string(eml), "filename=\"laerere.csv\"")
	_, b64, _ = strings.Cut(b64, "\n\n")
	b64, _, _ = strings.Cut(strings.TrimSpace(b64), "\n--")
	staff, err := base64.StdEncoding.DecodeString(strings.ReplaceAll(b64, "\n", ""))
	if err != nil {
		t.Fatalf("attachment: %v", err)
	}
	for _, l := range strings.Split(strings.TrimSpace(string(staff)), "\n")[1:] {
		_, pass, _ := strings.Cut(l, ",")
		out = append(out, pass)
	}
	return append(out, "Bergen2018!", "Xk7#pQ2!vLm9Rt")
}

func TestScanDemoShare(t *testing.T) {
	out := filepath.Join(t.TempDir(), "demo.sarif")
	share := filepath.Join(repoRoot(t), "testdata", "demo-share")
	res := runCLI(t, nil, "scan", "--sarif", out, "--progress", "never", share)
	if res.code != exitFindings {
		t.Fatalf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", res.code, exitFindings, res.stdout, res.stderr)
	}
	validateSARIF(t, out)
	doc := readSARIF(t, out)
	got := map[string]int{} // "uri rule" → count
	for _, r := range doc.Runs[0].Results {
		got[r.uri()+" "+r.RuleID] += r.count()
		if len(r.PartialFingerprints["primaryLocationLineHash"]) != 34 {
			t.Errorf("%s %s: fingerprint %q", r.uri(), r.RuleID, r.PartialFingerprints["primaryLocationLineHash"])
		}
		if r.Properties["exposure"] == nil {
			t.Errorf("%s: no exposure property", r.uri())
		}
	}
	want := map[string]int{
		"Skole/IKT/elevliste_passord_2018.csv national-id/no-fodselsnummer":                     40,
		"Skole/IKT/elevliste_passord_2018.csv credentials/password-table":                       40,
		"Skole/Elevmapper/backup_2017.zip!/backup/elever_2017.csv national-id/no-fodselsnummer": 14,
		"Skole/Elevmapper/backup_2017.zip!/backup/elever_2017.csv credentials/password-table":   14,
		"Adm/Brev/vedtak_spesialundervisning.txt national-id/no-fodselsnummer":                  1,
		"Adm/personal_sverige.tsv national-id/se-personnummer":                                  5,
		"Drift/notater.txt credentials/password-in-text":                                        1,
		"Drift/id_rsa secret/private-key":                                                       1,
	}
	for k, n := range want {
		if got[k] != n {
			t.Errorf("%s: count %d, want %d", k, got[k], n)
		}
	}
	for k := range got {
		for _, decoy := range []string{"faktura", "passordregler", ".env.example", "logo.png"} {
			if strings.Contains(k, decoy) {
				t.Errorf("decoy reported: %s", k)
			}
		}
	}
	if !hasPrefixKey(got, "Drift/.env secret/") {
		t.Errorf(".env secret not reported; got %v", got)
	}
	sarif, _ := os.ReadFile(out)
	assertNoLeak(t, demoSecrets(t), map[string]string{"SARIF": string(sarif), "stdout": res.stdout, "stderr": res.stderr})

	// The JSON summary must not leak either, and agree on the results.
	js := runCLI(t, nil, "scan", "--format", "json", "--progress", "never", share)
	assertNoLeak(t, demoSecrets(t), map[string]string{"JSON": js.stdout, "stderr": js.stderr})
	if !strings.Contains(js.stdout, `"rule": "credentials/password-table"`) {
		t.Errorf("JSON summary lacks the password table:\n%s", js.stdout)
	}
}

func hasPrefixKey(m map[string]int, prefix string) bool {
	for k := range m {
		if strings.HasPrefix(k, prefix) {
			return true
		}
	}
	return false
}

func TestFingerprintsStable(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "brukere.csv")
	rows := "brukernavn;passord\nola;Sommer2018!\nkari;Vinter2019#\n"
	write := func(s string) {
		if err := os.WriteFile(file, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	fp := func() string {
		out := filepath.Join(t.TempDir(), "x.sarif")
		res := runCLI(t, nil, "scan", "--sarif", out, "--progress", "never", dir)
		if res.code != exitFindings {
			t.Fatalf("exit %d: %s", res.code, res.stderr)
		}
		for _, r := range readSARIF(t, out).Runs[0].Results {
			if r.RuleID == "credentials/password-table" {
				return r.PartialFingerprints["primaryLocationLineHash"]
			}
		}
		t.Fatal("no password table found")
		return ""
	}
	write(rows)
	a := fp()
	write(rows + "per;Fotball77?\n")
	if b := fp(); a != b {
		t.Errorf("fingerprint changed when a row was added: %s → %s", a, b)
	}
	other := runCLI(t, []string{"CREDSWEEP_FINGERPRINT_KEY=another-key"}, "scan", "--format", "json", "--progress", "never", dir)
	if strings.Contains(other.stdout, a) {
		t.Error("fingerprint does not depend on the key")
	}
}

func TestExitCodes(t *testing.T) {
	empty := t.TempDir()
	os.WriteFile(filepath.Join(empty, "readme.txt"), []byte("nothing to see\n"), 0o644)
	share := filepath.Join(repoRoot(t), "testdata", "demo-share")
	tests := []struct {
		name string
		args []string
		code int
		msg  string
	}{
		{"clean folder", []string{"scan", "--progress", "never", empty}, exitOK, ""},
		{"findings below fail-on", []string{"scan", "--progress", "never", "--fail-on", "none", share}, exitOK, ""},
		{"missing target", []string{"scan", "--progress", "never", filepath.Join(empty, "nope")}, exitFatal, "no such file"},
		{"bad fail-on", []string{"scan", "--fail-on", "bogus", empty}, exitFatal, "--fail-on"},
		{"bad size", []string{"scan", "--max-file-size", "lots", empty}, exitFatal, "not a size"},
		{"no target", []string{"scan"}, exitFatal, "no target"},
		{"unsupported scheme", []string{"scan", "ftp://user:Hemmelig123@host/x"}, exitFatal, "unsupported target"},
		{"password flag refused", []string{"scan", "--smb-password", "x", empty}, exitFatal, "unknown flag"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := runCLI(t, nil, tt.args...)
			if res.code != tt.code {
				t.Fatalf("exit %d, want %d\n%s%s", res.code, tt.code, res.stdout, res.stderr)
			}
			if !strings.Contains(res.stderr, tt.msg) {
				t.Errorf("stderr %q lacks %q", res.stderr, tt.msg)
			}
			if strings.Contains(res.stderr+res.stdout, "Hemmelig123") {
				t.Error("password from the URL echoed")
			}
		})
	}
	help := runCLI(t, nil, "scan", "--help")
	for _, code := range []string{"0 ", "1 ", "2 ", "3 "} {
		if !strings.Contains(help.stdout, "\n  "+code) {
			t.Errorf("--help does not document exit code %s", code)
		}
	}
}

func TestSARIFToStdout(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "fnr.txt"), []byte("Fødselsnummer: 01019012057\n"), 0o644)
	res := runCLI(t, nil, "scan", "--sarif", "-", "--progress", "never", dir)
	out := filepath.Join(t.TempDir(), "stdout.sarif")
	os.WriteFile(out, []byte(res.stdout), 0o644)
	validateSARIF(t, out)
	if !strings.Contains(res.stderr, "Findings by rule") {
		t.Errorf("summary not on stderr: %q", res.stderr)
	}
}

// buildZip returns a zip holding the given members.
func buildZip(t *testing.T, members map[string][]byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, data := range members {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(data)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestScanBadInput(t *testing.T) {
	dir := t.TempDir()
	put := func(name string, data []byte) {
		t.Helper()
		p := filepath.Join(dir, name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	const id = "01019012057"
	put("empty.txt", nil)
	put("nul-heavy.txt", bytes.Repeat([]byte{0, 0, 0, 'a', 0, 1, 2}, 5000))
	put("garbage.bin", bytes.Repeat([]byte{0xde, 0xad, 0xbe, 0xef, 0x00, 0x13}, 10000))
	// A 24 MiB line without a newline with an ID in the middle.
	huge := bytes.Repeat([]byte("x"), 24<<20)
	copy(huge[12<<20:], " fnr "+id+" ")
	put("huge-line.log", huge)
	put("bad-utf8-\xff\xfe.txt", []byte("fnr "+id+"\n"))
	put("new\nline.txt", []byte("nothing\n"))
	put("corrupt.zip", append([]byte("PK\x03\x04"), bytes.Repeat([]byte{0xff}, 200)...))
	// A bomb: 200 MiB of zeros compress to about 200 KiB (ratio ~1000).
	var bomb bytes.Buffer
	zw := zip.NewWriter(&bomb)
	w, _ := zw.Create("zeros.txt")
	chunk := make([]byte, 1<<20)
	for range 200 {
		w.Write(chunk)
	}
	zw.Close()
	put("bomb.zip", bomb.Bytes())
	// 20 zips nested in each other around a file with an ID.
	inner := []byte("fnr " + id + "\n")
	name := "id.txt"
	for i := range 20 {
		inner = buildZip(t, map[string][]byte{name: inner})
		name = fmt.Sprintf("level%02d.zip", 19-i)
	}
	put("nested.zip", inner)
	if err := syscall.Mkfifo(filepath.Join(dir, "pipe"), 0o644); err != nil {
		t.Fatal(err)
	}
	os.Symlink("loop-b", filepath.Join(dir, "loop-a"))
	os.Symlink("loop-a", filepath.Join(dir, "loop-b"))

	out := filepath.Join(t.TempDir(), "bad.sarif")
	res := runCLI(t, nil, "scan", "--sarif", out, "--progress", "never", dir)
	if res.code != exitIncomplete {
		t.Fatalf("exit %d, want %d (corrupt and bomb files were not fully examined)\n%s\n%s", res.code, exitIncomplete, res.stdout, res.stderr)
	}
	validateSARIF(t, out)
	doc := readSARIF(t, out)
	inv := doc.Runs[0].Invocations[0]
	if inv.ExecutionSuccessful {
		t.Error("executionSuccessful is true for an incomplete scan")
	}
	notes := map[string]string{}
	for _, n := range inv.Notifications {
		notes[n.Locations[0].PhysicalLocation.ArtifactLocation.URI] = n.Level + ": " + n.Message.Text
	}
	for _, uri := range []string{"corrupt.zip", "pipe", "loop-a"} {
		if _, ok := notes[uri]; !ok {
			t.Errorf("no notification for %s; have %v", uri, notes)
		}
	}
	if !anyKey(notes, "bomb.zip") {
		t.Errorf("zip bomb not reported; have %v", notes)
	}
	if !anyKey(notes, "nested.zip!/") {
		t.Errorf("nesting limit not reported; have %v", notes)
	}
	found := map[string]bool{}
	for _, r := range doc.Runs[0].Results {
		found[r.uri()] = true
	}
	for _, uri := range []string{"huge-line.log", "bad-utf8-%FF%FE.txt"} {
		if !found[uri] {
			t.Errorf("ID in %s not found; results %v", uri, found)
		}
	}
	for _, uri := range []string{"nul-heavy.txt", "garbage.bin", "empty.txt"} {
		if found[uri] {
			t.Errorf("finding in %s", uri)
		}
	}
	if !strings.Contains(res.stdout, `new\nline.txt`) && !strings.Contains(string(mustRead(t, out)), "new%0Aline.txt") {
		t.Log("file name with a newline is not listed (it has no finding and was scanned)")
	}
	assertNoLeak(t, []string{id}, map[string]string{"SARIF": string(mustRead(t, out)), "stdout": res.stdout, "stderr": res.stderr})
}

func anyKey(m map[string]string, prefix string) bool {
	for k := range m {
		if strings.HasPrefix(k, prefix) {
			return true
		}
	}
	return false
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestUnreadableReported runs the binary as an unprivileged user, so that
// a 0700 folder and a 0600 file owned by root cannot be read: both must be
// listed and the exit code must be 3.
func TestUnreadableReported(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("needs root to run the scan as another user")
	}
	base, err := os.MkdirTemp("/tmp", "credsweep-perm-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(base) })
	os.Chmod(base, 0o755)
	os.MkdirAll(filepath.Join(base, "open"), 0o755)
	os.WriteFile(filepath.Join(base, "open", "fnr.txt"), []byte("fødselsnummer 01019012057\n"), 0o644)
	os.MkdirAll(filepath.Join(base, "locked"), 0o700)
	os.WriteFile(filepath.Join(base, "locked", "hidden.txt"), []byte("x\n"), 0o644)
	os.WriteFile(filepath.Join(base, "private.txt"), []byte("x\n"), 0o600)
	outDir, _ := os.MkdirTemp("/tmp", "credsweep-out-")
	t.Cleanup(func() { os.RemoveAll(outDir) })
	os.Chmod(outDir, 0o777)
	out := filepath.Join(outDir, "perm.sarif")

	cmd := exec.Command(binPath, "scan", "--sarif", out, "--progress", "never", base)
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
	var so, se bytes.Buffer
	cmd.Stdout, cmd.Stderr = &so, &se
	err = cmd.Run()
	ee, ok := err.(*exec.ExitError)
	if !ok || ee.ExitCode() != exitIncomplete {
		t.Fatalf("err %v, want exit %d\n%s\n%s", err, exitIncomplete, so.String(), se.String())
	}
	validateSARIF(t, out)
	doc := readSARIF(t, out)
	notes := map[string]string{}
	for _, n := range doc.Runs[0].Invocations[0].Notifications {
		notes[n.Locations[0].PhysicalLocation.ArtifactLocation.URI] = n.Message.Text
	}
	for _, uri := range []string{"locked", "private.txt"} {
		if !strings.Contains(notes[uri], "access denied") {
			t.Errorf("%s: notification %q, want access denied; all: %v", uri, notes[uri], notes)
		}
	}
	if len(doc.Runs[0].Results) != 1 {
		t.Errorf("%d results, want the one readable file", len(doc.Runs[0].Results))
	}
	if !strings.Contains(so.String(), "access denied") {
		t.Errorf("summary does not list the unreadable entries:\n%s", so.String())
	}
}
