package gdrive

import (
	"context"
	"strings"
	"testing"

	"github.com/credsweep/credsweep/connectors"
	"github.com/credsweep/credsweep/connectors/conformance"
)

// TestConformance runs the connector suite on the fake Drive: the tree in
// My Drive, folders made as Drive folders. A file whose download Drive
// refuses (insufficientFilePermissions) is the unreadable file; Drive
// lists no folder a user may not list, so there is no unreadable folder.
func TestConformance(t *testing.T) {
	conformance.Run(t, func(t *testing.T, tree conformance.Tree) conformance.Backend {
		s := newFake(t)
		folders := map[string]string{"": ""}
		var mkdir func(dir string) string
		mkdir = func(dir string) string {
			if id, ok := folders[dir]; ok {
				return id
			}
			parent, name := "", dir
			if i := strings.LastIndexByte(dir, '/'); i >= 0 {
				parent, name = dir[:i], dir[i+1:]
			}
			id := s.AddFolder(name, mkdir(parent))
			folders[dir] = id
			return id
		}
		ids := map[string]string{}
		add := func(f conformance.File) string {
			dir, name := "", f.Path
			if i := strings.LastIndexByte(f.Path, '/'); i >= 0 {
				dir, name = f.Path[:i], f.Path[i+1:]
			}
			id := s.AddBlob(name, mkdir(dir), "application/octet-stream", f.Content)
			ids[f.Path] = id
			return id
		}
		for _, f := range tree.Files {
			add(f)
		}
		add(tree.Vanish)
		s.SetFileError(add(tree.Denied), "insufficientFilePermissions")
		open := func(t *testing.T) connectors.Connector {
			c, err := New(context.Background(), Target{Kind: KindMy}, testOptions(s))
			if err != nil {
				t.Fatal(err)
			}
			c.p.base = 1
			return c
		}
		return conformance.Backend{
			Connector: open(t),
			Reopen:    open,
			Rel: func(it connectors.Item) string {
				rel, _ := strings.CutPrefix(it.Display, "My Drive/")
				return rel
			},
			Remove: func(t *testing.T, rel string) {
				if !s.Delete(ids[rel]) {
					t.Fatalf("no file %s", rel)
				}
			},
			Modify: func(t *testing.T, rel string, data []byte) {
				if !s.SetContent(ids[rel], data) {
					t.Fatalf("no file %s", rel)
				}
			},
			Denied: true,
		}
	})
}
