package smb

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/credsweep/credsweep/connectors/smb/sambatest"
)

// TestDFSLink: a Samba msdfs root with a link to another server's share is
// reported as a skipped DFS link, not walked and not a failure.
func TestDFSLink(t *testing.T) {
	srv := sambatest.Start(t, sambatest.Options{Global: []string{"host msdfs = yes"}})
	dir := srv.ShareDir("dfsroot")
	mkfile(t, filepath.Join(dir, "plain.txt"), "plain", 0o644)
	if err := os.Symlink(`msdfs:192.0.2.1\elsewhere`, filepath.Join(dir, "dfslink")); err != nil {
		t.Fatal(err)
	}
	srv.AddShare("dfsroot", dir, sambatest.ShareOptions{Extra: []string{"msdfs root = yes"}})
	c := connect(t, srv, "dfsroot", Options{})
	items := walkAll(t, c)
	got := byPath(items)
	if it := got["smb/127.0.0.1/dfsroot/plain.txt"]; it.ID == "" || it.Err != nil {
		t.Fatalf("plain.txt: %+v", items)
	}
	link, ok := got["smb/127.0.0.1/dfsroot/dfslink"]
	if !ok {
		t.Fatalf("DFS link not reported: %+v", items)
	}
	if !strings.HasPrefix(link.Skip, "DFS link") || link.Err != nil {
		t.Errorf("DFS link item: %+v", link)
	}
	_, err := readAll(t, c, c.item("dfsroot", "dfslink/x.txt"))
	if code, _ := ntStatus(err); err == nil || !strings.Contains(err.Error(), "DFS link") || code != statusPathNotCovered {
		t.Errorf("open through the DFS link: %v", err)
	}
}
