package smb

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/credsweep/credsweep/connectors"
	"github.com/credsweep/credsweep/connectors/smb/sambatest"
)

// dfsServer is one smbd that also listens on 127.0.0.2, so that a link to
// 127.0.0.2 is a link to another server as far as the client can tell. Its
// shares:
//
//	dfsroot (msdfs root): plain.txt, and links
//	  tolocal  -> \127.0.0.1\target         (same server)
//	  again    -> \127.0.0.1\target         (a second link to it)
//	  tofar    -> \127.0.0.2\far\sub        (another server, a folder)
//	  dead     -> \127.0.0.9\gone           (nobody listens)
//	target (msdfs root): t.txt, and back -> \127.0.0.1\dfsroot (a cycle)
//	far: sub/f.txt, other.txt (outside the linked folder)
func dfsServer(t *testing.T) *sambatest.Server {
	t.Helper()
	srv := sambatest.Start(t, sambatest.Options{
		Global:     []string{"host msdfs = yes"},
		ExtraAddrs: []string{"127.0.0.2"},
	})
	link := func(dir, name, to string) {
		t.Helper()
		if err := os.Symlink("msdfs:"+to, filepath.Join(dir, name)); err != nil {
			t.Fatal(err)
		}
	}
	root := srv.ShareDir("dfsroot")
	mkfile(t, filepath.Join(root, "plain.txt"), "plain", 0o644)
	link(root, "tolocal", `127.0.0.1\target`)
	link(root, "again", `127.0.0.1\target`)
	link(root, "tofar", `127.0.0.2\far\sub`)
	link(root, "dead", `127.0.0.9\gone`)
	target := srv.ShareDir("target")
	mkfile(t, filepath.Join(target, "t.txt"), "target file", 0o644)
	link(target, "back", `127.0.0.1\dfsroot`)
	far := srv.ShareDir("far")
	mkfile(t, filepath.Join(far, "sub", "f.txt"), "far file", 0o644)
	mkfile(t, filepath.Join(far, "other.txt"), "not linked", 0o644)
	srv.AddShare("dfsroot", root, sambatest.ShareOptions{Extra: []string{"msdfs root = yes"}})
	srv.AddShare("target", target, sambatest.ShareOptions{Extra: []string{"msdfs root = yes"}})
	srv.AddShare("far", far, sambatest.ShareOptions{})
	return srv
}

// TestDFSFollow: the links of a namespace are followed to their targets,
// on the same server and on another one; each target is walked once, a
// link back is a cycle that ends, and a link nobody answers is a failed
// item naming the server only.
func TestDFSFollow(t *testing.T) {
	srv := dfsServer(t)
	c := connect(t, srv, "dfsroot", Options{DialTimeout: 2e9, Retries: -1})
	items := walkAll(t, c)

	var files, failed []string
	seen := map[string]int{}
	for _, it := range items {
		seen[it.Path]++
		switch {
		case it.Err != nil:
			failed = append(failed, it.Path+": "+it.Err.Error())
		case it.Skip != "":
			t.Errorf("skipped: %s: %s", it.Path, it.Skip)
		default:
			files = append(files, it.Path)
		}
	}
	sort.Strings(files)
	want := []string{
		"smb/127.0.0.1/dfsroot/plain.txt",
		"smb/127.0.0.1/target/t.txt",
		"smb/127.0.0.2/far/sub/f.txt",
	}
	if strings.Join(files, "\n") != strings.Join(want, "\n") {
		t.Errorf("files:\n%s\nwant:\n%s", strings.Join(files, "\n"), strings.Join(want, "\n"))
	}
	for p, n := range seen {
		if n > 1 {
			t.Errorf("%s reported %d times", p, n)
		}
	}
	if len(failed) != 1 || !strings.HasPrefix(failed[0], "smb/127.0.0.1/dfsroot/dead: DFS link to 127.0.0.9: cannot be followed") {
		t.Errorf("failed: %q", failed)
	}
	if strings.Contains(strings.Join(failed, ""), "gone") {
		t.Errorf("the message names the target share: %q", failed)
	}

	// Files behind the links open and say who can read them.
	got := byPath(items)
	for _, p := range want[1:] {
		it := got[p]
		data, err := readAll(t, c, it)
		if err != nil || len(data) == 0 {
			t.Errorf("%s: %q, %v", p, data, err)
		}
		if ex, err := c.Exposure(t.Context(), it); err != nil || ex.Audience == connectors.AudienceUnknown {
			t.Errorf("%s: exposure %+v, %v", p, ex, err)
		}
	}
	if id := got["smb/127.0.0.2/far/sub/f.txt"].ID; id != "//127.0.0.2/far/sub/f.txt" {
		t.Errorf("ID on the other server: %q", id)
	}
	if id := got["smb/127.0.0.1/target/t.txt"].ID; id != "target/t.txt" {
		t.Errorf("ID on the same server: %q", id)
	}
}

// TestDFSWholeServer: a share reached by a link and listed by the server
// is walked once.
func TestDFSWholeServer(t *testing.T) {
	srv := dfsServer(t)
	c := connect(t, srv, "", Options{DialTimeout: 2e9, Retries: -1})
	seen := map[string]int{}
	for _, it := range walkAll(t, c) {
		seen[it.Path]++
	}
	for _, p := range []string{"smb/127.0.0.1/target/t.txt", "smb/127.0.0.1/far/other.txt", "smb/127.0.0.1/far/sub/f.txt"} {
		if seen[p] != 1 {
			t.Errorf("%s reported %d times: %v", p, seen[p], seen)
		}
	}
	// The link to 127.0.0.2\far\sub is the same folder under another name:
	// the client cannot tell, so it is walked again there.
	if seen["smb/127.0.0.2/far/sub/f.txt"] != 1 {
		t.Errorf("far/sub through 127.0.0.2: %v", seen)
	}
}

// TestDFSLinkOpen: opening a path through a link without following it
// says what it is.
func TestDFSLinkOpen(t *testing.T) {
	srv := dfsServer(t)
	c := connect(t, srv, "dfsroot", Options{})
	_, err := readAll(t, c, c.item("dfsroot", "tolocal/t.txt"))
	if code, _ := ntStatus(err); err == nil || !strings.Contains(err.Error(), "DFS link") || code != statusPathNotCovered {
		t.Errorf("open through the DFS link: %v", err)
	}
}

// TestDFSStartInLink: a target whose path runs through a link (as people
// type namespace paths) walks the link's target, a folder or a file.
func TestDFSStartInLink(t *testing.T) {
	srv := dfsServer(t)
	for _, tc := range []struct{ path, want string }{
		{"tofar", "smb/127.0.0.2/far/sub/f.txt"},
		{"tolocal/t.txt", "smb/127.0.0.1/target/t.txt"},
	} {
		tg, err := ParseURL(srv.URL("dfsroot") + "/" + tc.path)
		if err != nil {
			t.Fatal(err)
		}
		c, err := New(t.Context(), tg, Options{Password: srv.Password})
		if err != nil {
			t.Fatalf("%s: %v", tc.path, err)
		}
		got := strings.Join(itemPaths(walkAll(t, c)), "\n")
		c.Close()
		if got != tc.want {
			t.Errorf("%s: walked\n%s\nwant %s", tc.path, got, tc.want)
		}
	}
}
