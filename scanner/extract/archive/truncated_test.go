package archive

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/credsweep/credsweep/scanner/extract"
)

// passwordLines is n lines of user names and passwords.
func passwordLines(n int) []byte {
	var b bytes.Buffer
	for i := range n {
		fmt.Fprintf(&b, "bruker%05d;Passord%05d!;%x\n", i, i, i*7919)
	}
	return b.Bytes()
}

// tool runs a command in dir, failing the test when it fails; the test is
// skipped when the command is not installed.
func tool(t *testing.T, dir string, name string, args ...string) {
	t.Helper()
	if _, err := exec.LookPath(name); err != nil {
		t.Skipf("%s not installed", name)
	}
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%s: %v: %s", name, err, out)
	}
}

// TestTruncatedMembers cuts archives made by the real tools inside the
// member holding 10,000 password lines: what was read before the cut must
// reach the sink, and the member's error and the extractor's say that
// the file is truncated.
func TestTruncatedMembers(t *testing.T) {
	dir := t.TempDir()
	text := passwordLines(10000)
	if err := os.WriteFile(filepath.Join(dir, "a.txt"), []byte("first member\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "users.csv"), text, 0o644); err != nil {
		t.Fatal(err)
	}
	tool(t, dir, "zip", "-q", "-X", "deflated.zip", "a.txt", "users.csv")
	tool(t, dir, "zip", "-q", "-X", "-0", "stored.zip", "a.txt", "users.csv")
	tool(t, dir, "tar", "--format=ustar", "-cf", "users.tar", "a.txt", "users.csv")
	tool(t, dir, "gzip", "-k", "-n", "users.csv")
	tool(t, dir, "gzip", "-k", "-n", "users.tar")
	read := func(name string) []byte {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	for _, tc := range []struct {
		file   string
		ex     extractorFunc
		member string  // the member cut short
		cut    float64 // fraction of the file kept
		min    int     // bytes of the member that must be delivered; <0: all but -min of the cut file
	}{
		{"deflated.zip", Zip, "users.csv", 0.6, 200000},
		{"stored.zip", Zip, "users.csv", 0.6, -1024}, // headers only before the text
		{"users.tar", Tar, "users.csv", 0.6, -1536},
		{"users.csv.gz", Gzip, "users.csv", 0.6, 200000},
		{"users.tar.gz", Gzip, "users.csv", 0.6, 200000},
	} {
		t.Run(tc.file, func(t *testing.T) {
			data := read(tc.file)
			data = data[:int(float64(len(data))*tc.cut)]
			if tc.min < 0 {
				tc.min += len(data)
			}
			in := input(tc.file, data, extract.DefaultLimits)
			if !strings.HasSuffix(tc.file, ".zip") {
				in = streamInput(tc.file, bytes.NewReader(data), extract.DefaultLimits)
			}
			s, err := run(t, tc.ex, in)
			if !errors.Is(err, ErrTruncated) || !errors.Is(err, extract.ErrMalformed) {
				t.Fatalf("error %v, want ErrTruncated and ErrMalformed", err)
			}
			if strings.Contains(err.Error(), "users") || strings.Contains(err.Error(), "Passord") {
				t.Errorf("error names the file or its content: %v", err)
			}
			f, ok := s.Lookup(tc.member)
			if !ok {
				t.Fatalf("member %q not handed over: %q", tc.member, sortedNames(s))
			}
			if !errors.Is(f.Err, ErrTruncated) || !errors.Is(f.Err, io.ErrUnexpectedEOF) {
				t.Errorf("member read error %v, want ErrTruncated", f.Err)
			}
			if got := []byte(f.Data); len(got) < tc.min || !bytes.HasPrefix(text, got) {
				t.Errorf("member: %d bytes (prefix of the original: %v), want at least %d",
					len(got), bytes.HasPrefix(text, got), tc.min)
			}
			if a, ok := s.Lookup("a.txt"); ok && (a.Err != nil || string(a.Data) != "first member\n") {
				t.Errorf("a.txt: %q, %v", a.Data, a.Err)
			}
		})
	}
}
