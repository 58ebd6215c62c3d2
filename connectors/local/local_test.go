package local

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/credsweep/credsweep/connectors"
)

func walkAll(t *testing.T, c *Connector) map[string]connectors.Item {
	t.Helper()
	items := map[string]connectors.Item{}
	err := c.Walk(context.Background(), func(it connectors.Item) error {
		if _, dup := items[it.Path]; dup {
			t.Errorf("%s walked twice", it.Path)
		}
		items[it.Path] = it
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return items
}

func TestWalkOutcomes(t *testing.T) {
	dir := t.TempDir()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(os.MkdirAll(filepath.Join(dir, "a", "b"), 0o755))
	must(os.WriteFile(filepath.Join(dir, "a", "b", "f.txt"), []byte("x"), 0o644))
	must(os.WriteFile(filepath.Join(dir, "top.csv"), []byte("y"), 0o600))
	must(syscall.Mkfifo(filepath.Join(dir, "pipe"), 0o644))
	must(os.Symlink("loop2", filepath.Join(dir, "loop1")))
	must(os.Symlink("loop1", filepath.Join(dir, "loop2")))
	must(os.Symlink("a", filepath.Join(dir, "dirlink")))
	must(os.Symlink("top.csv", filepath.Join(dir, "filelink")))
	must(os.Symlink("missing", filepath.Join(dir, "dangling")))

	c, err := New(dir)
	must(err)
	items := walkAll(t, c)
	tests := []struct {
		path, skip string
	}{
		{"a/b/f.txt", ""},
		{"top.csv", ""},
		{"filelink", ""},
		{"pipe", "FIFO (named pipe)"},
		{"loop1", "symlink loop"},
		{"dirlink", "symlink to a folder (not followed)"},
		{"dangling", "broken symlink"},
	}
	for _, tt := range tests {
		it, ok := items[tt.path]
		if !ok {
			t.Errorf("%s not walked", tt.path)
			continue
		}
		if it.Skip != tt.skip {
			t.Errorf("%s: skip %q, want %q", tt.path, it.Skip, tt.skip)
		}
	}
	f, err := c.Open(context.Background(), items["filelink"])
	must(err)
	b, _ := io.ReadAll(f)
	f.Close()
	if string(b) != "y" {
		t.Errorf("symlinked file read %q", b)
	}
	// A file that vanishes between the walk and the open.
	must(os.Remove(filepath.Join(dir, "a", "b", "f.txt")))
	if _, err := c.Open(context.Background(), items["a/b/f.txt"]); err == nil || !strings.Contains(err.Error(), "vanished") {
		t.Errorf("vanished file: %v", err)
	}
}

func TestSingleFileTarget(t *testing.T) {
	p := filepath.Join(t.TempDir(), "one.txt")
	os.WriteFile(p, []byte("z"), 0o644)
	c, err := New(p)
	if err != nil {
		t.Fatal(err)
	}
	items := walkAll(t, c)
	if _, ok := items["one.txt"]; len(items) != 1 || !ok {
		t.Errorf("items %v", items)
	}
	if _, err := New(filepath.Join(t.TempDir(), "nope")); err == nil {
		t.Error("missing target accepted")
	}
}

func TestExposureFromMode(t *testing.T) {
	dir := t.TempDir()
	c, _ := New(dir)
	for _, tt := range []struct {
		mode os.FileMode
		want connectors.Audience
	}{
		{0o644, connectors.AudienceOrganization},
		{0o604, connectors.AudienceOrganization},
		{0o640, connectors.AudienceRestricted},
		{0o600, connectors.AudienceRestricted},
	} {
		p := filepath.Join(dir, "f")
		os.WriteFile(p, []byte("x"), 0o600)
		os.Chmod(p, tt.mode)
		e, err := c.Exposure(context.Background(), connectors.Item{Ref: ref{p}})
		if err != nil {
			t.Fatal(err)
		}
		if e.Audience != tt.want || e.Owner == "" || !strings.Contains(e.Detail, "mode") {
			t.Errorf("mode %04o: %+v, want %s", tt.mode, e, tt.want)
		}
	}
	if _, err := c.Exposure(context.Background(), connectors.Item{}); err == nil {
		t.Error("foreign item accepted")
	}
}

func TestUnreadableFolderIsAnItem(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root reads every folder; the CLI test runs this case as another user")
	}
	dir := t.TempDir()
	locked := filepath.Join(dir, "locked")
	os.Mkdir(locked, 0o000)
	defer os.Chmod(locked, 0o755)
	c, _ := New(dir)
	it := walkAll(t, c)["locked"]
	if it.Err == nil || !it.Dir || !errors.Is(it.Err, os.ErrPermission) {
		t.Errorf("locked folder: %+v", it)
	}
}
