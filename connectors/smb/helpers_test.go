package smb

import (
	"context"
	"io"
	"net"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/credsweep/credsweep/connectors"
	"github.com/credsweep/credsweep/connectors/smb/sambatest"
)

// fixture is a Samba server with one share "data" holding a tree that
// covers the walk's cases.
type fixture struct {
	srv   *sambatest.Server
	dir   string            // the share's folder on disk
	files map[string]string // readable files: slash path -> content
}

// deepPath is the 30-level folder chain of the fixture.
func deepPath() string {
	parts := make([]string, 30)
	for i := range parts {
		parts[i] = "d" + string(rune('a'+i%26)) + strings.Repeat("x", i/26)
	}
	return strings.Join(parts, "/")
}

func newFixture(t *testing.T, opts sambatest.Options, share sambatest.ShareOptions) *fixture {
	t.Helper()
	srv := sambatest.Start(t, opts)
	f := &fixture{srv: srv, dir: srv.ShareDir("data"), files: map[string]string{}}
	f.write(t, "readme.txt", "hello world\n", 0o644)
	f.write(t, "æøå/blåbær.txt", "syltetøy\n", 0o644)
	f.write(t, "emoji 🎉/party 🎈.txt", "🎉🎈\n", 0o644)
	f.write(t, "spaces dir/file with spaces.txt", "spaced out\n", 0o644)
	f.write(t, deepPath()+"/bottom.txt", "deep\n", 0o644)
	f.write(t, "empty.txt", "", 0o644)
	// Readable by the user only: its own 0600 file, and a 0640 file of
	// its group.
	f.write(t, "mine.txt", "my own\n", 0o600)
	chown(t, filepath.Join(f.dir, "mine.txt"), srv.UID, srv.GID)
	f.write(t, "group.txt", "group only\n", 0o640)
	chown(t, filepath.Join(f.dir, "group.txt"), 0, srv.GID)
	// Not readable: a root 0700 folder and a root 0600 file.
	mkfile(t, filepath.Join(f.dir, "secret", "hidden.txt"), "x", 0o644)
	chmod(t, filepath.Join(f.dir, "secret"), 0o700)
	mkfile(t, filepath.Join(f.dir, "locked.txt"), "no", 0o600)
	// A symlink loop: Samba follows links, so only loop detection stops it.
	if err := os.Symlink(".", filepath.Join(f.dir, "loop")); err != nil {
		t.Fatal(err)
	}
	srv.AddShare("data", f.dir, share)
	return f
}

// write adds a readable file to the share and to f.files.
func (f *fixture) write(t *testing.T, rel, content string, mode os.FileMode) {
	t.Helper()
	mkfile(t, filepath.Join(f.dir, filepath.FromSlash(rel)), content, mode)
	f.files[rel] = content
}

func mkfile(t *testing.T, p, content string, mode os.FileMode) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), mode); err != nil {
		t.Fatal(err)
	}
	chmod(t, p, mode)
}

func chmod(t *testing.T, p string, mode os.FileMode) {
	t.Helper()
	if err := os.Chmod(p, mode); err != nil {
		t.Fatal(err)
	}
}

func chown(t *testing.T, p string, uid, gid int) {
	t.Helper()
	if err := os.Chown(p, uid, gid); err != nil {
		t.Fatal(err)
	}
}

// connect opens a Connector on srv's share (may be "") with o, filling the
// password when o has none.
func connect(t testing.TB, srv *sambatest.Server, share string, o Options) *Connector {
	t.Helper()
	tg, err := ParseURL(srv.URL(share))
	if err != nil {
		t.Fatal(err)
	}
	if o.Password == "" {
		o.Password = srv.Password
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	c, err := New(ctx, tg, o)
	if err != nil {
		t.Fatalf("New: %v\n%s", err, srv.Log())
	}
	t.Cleanup(func() { _ = c.Close() })
	return c
}

// walkAll collects every item of a walk.
func walkAll(t testing.TB, c *Connector) []connectors.Item {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	var items []connectors.Item
	if err := c.Walk(ctx, func(it connectors.Item) error {
		items = append(items, it)
		return nil
	}); err != nil {
		t.Fatalf("Walk: %v", err)
	}
	sort.Slice(items, func(i, j int) bool { return items[i].Path < items[j].Path })
	return items
}

// readAll opens an item and reads it whole.
func readAll(t testing.TB, c *Connector, it connectors.Item) ([]byte, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	f, err := c.Open(ctx, it)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(f)
}

func byPath(items []connectors.Item) map[string]connectors.Item {
	m := map[string]connectors.Item{}
	for _, it := range items {
		m[it.Path] = it
	}
	return m
}

// closedPort returns a local port nothing listens on.
func closedPort(t testing.TB) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	_, port, _ := net.SplitHostPort(l.Addr().String())
	l.Close()
	return port
}
