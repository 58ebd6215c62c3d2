//go:build linux

package local

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

// TestVersion: a content change gives a new Version even when size and
// mtime are put back; nothing changing keeps it. Linux 6.13+ (multigrain
// timestamps) changes ctime on every write after a stat; older kernels
// only at their clock tick, so two writes within one tick can share one.
func TestVersion(t *testing.T) {
	mtime := time.Date(2019, 5, 1, 8, 0, 0, 0, time.UTC)
	write := func(t *testing.T, p, data string) {
		t.Helper()
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(p, mtime, mtime); err != nil {
			t.Fatal(err)
		}
	}
	for _, tc := range []struct {
		name    string
		path    string // the item whose Version is compared
		change  func(t *testing.T, dir string)
		changed bool
	}{
		{"nothing", "f.txt", func(*testing.T, string) {}, false},
		{"read only", "f.txt", func(t *testing.T, dir string) {
			if _, err := os.ReadFile(filepath.Join(dir, "f.txt")); err != nil {
				t.Fatal(err)
			}
		}, false},
		{"rewrite in place, same size and mtime", "f.txt", func(t *testing.T, dir string) {
			write(t, filepath.Join(dir, "f.txt"), "passord=2")
		}, true},
		{"replaced by rename, same size and mtime", "f.txt", func(t *testing.T, dir string) {
			tmp := filepath.Join(dir, ".tmp")
			write(t, tmp, "passord=3")
			if err := os.Rename(tmp, filepath.Join(dir, "f.txt")); err != nil {
				t.Fatal(err)
			}
		}, true},
		{"symlink target rewritten", "link", func(t *testing.T, dir string) {
			write(t, filepath.Join(dir, "f.txt"), "passord=4")
		}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			write(t, filepath.Join(dir, "f.txt"), "passord=1")
			if err := os.Symlink("f.txt", filepath.Join(dir, "link")); err != nil {
				t.Fatal(err)
			}
			c, err := New(dir)
			if err != nil {
				t.Fatal(err)
			}
			before := walkAll(t, c)[tc.path]
			if before.Version == "" {
				t.Fatalf("%s: no Version", tc.path)
			}
			tc.change(t, dir)
			after := walkAll(t, c)[tc.path]
			if after.Size != before.Size || !after.ModTime.Equal(before.ModTime) {
				t.Fatalf("size or mtime changed: %+v -> %+v", before, after)
			}
			if got := after.Version != before.Version; got != tc.changed {
				t.Errorf("Version %q -> %q: changed %v, want %v", before.Version, after.Version, got, tc.changed)
			}
		})
	}
}
