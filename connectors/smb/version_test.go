package smb

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/credsweep/credsweep/connectors/smb/sambatest"
)

// TestVersion walks a real Samba share twice around a change and checks
// that Version moves exactly when the content may have changed.
func TestVersion(t *testing.T) {
	srv := sambatest.Start(t, sambatest.Options{})
	dir := srv.ShareDir("data")
	mtime := time.Date(2019, 5, 1, 8, 0, 0, 0, time.UTC)
	write := func(t *testing.T, p, data string, keepMtime bool) {
		t.Helper()
		mkfile(t, p, data, 0o644)
		if keepMtime {
			if err := os.Chtimes(p, mtime, mtime); err != nil {
				t.Fatal(err)
			}
		}
	}
	tests := []struct {
		name    string
		change  func(t *testing.T, p string)
		changed bool
	}{
		{"nothing", func(*testing.T, string) {}, false},
		{"read only", func(t *testing.T, p string) {
			if _, err := os.ReadFile(p); err != nil {
				t.Fatal(err)
			}
		}, false},
		{"rewritten in place, same size", func(t *testing.T, p string) {
			write(t, p, "passord=2", false)
		}, true},
		{"replaced by rename, same size and mtime", func(t *testing.T, p string) {
			tmp := p + ".tmp"
			write(t, tmp, "passord=3", true)
			if err := os.Rename(tmp, p); err != nil {
				t.Fatal(err)
			}
		}, true},
	}
	for _, tc := range tests {
		write(t, filepath.Join(dir, tc.name+".txt"), "passord=1", true)
	}
	srv.AddShare("data", dir, sambatest.ShareOptions{})
	c := connect(t, srv, "data", Options{})
	before := byPath(walkAll(t, c))
	for _, tc := range tests {
		tc.change(t, filepath.Join(dir, tc.name+".txt"))
	}
	after := byPath(walkAll(t, c))
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := "smb/127.0.0.1/data/" + tc.name + ".txt"
			b, a := before[p], after[p]
			if b.Version == "" || a.Version == "" {
				t.Fatalf("no Version: %+v, %+v", b, a)
			}
			if got := a.Version != b.Version; got != tc.changed {
				t.Errorf("Version %q -> %q: changed %v, want %v", b.Version, a.Version, got, tc.changed)
			}
		})
	}
}
