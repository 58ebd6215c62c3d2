package local_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/credsweep/credsweep/connectors"
	"github.com/credsweep/credsweep/connectors/conformance"
	"github.com/credsweep/credsweep/connectors/local"
)

// TestConformance runs the connector suite on a real temporary folder.
// Unreadable files and folders only exist for a user other than root.
func TestConformance(t *testing.T) {
	conformance.Run(t, func(t *testing.T, tree conformance.Tree) conformance.Backend {
		root := t.TempDir()
		write := func(rel string, data []byte, mode os.FileMode) {
			p := filepath.Join(root, filepath.FromSlash(rel))
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, data, mode); err != nil {
				t.Fatal(err)
			}
		}
		for _, f := range tree.Files {
			write(f.Path, f.Content, 0o644)
		}
		write(tree.Vanish.Path, tree.Vanish.Content, 0o644)
		unprivileged := os.Geteuid() != 0
		if unprivileged {
			write(tree.Denied.Path, tree.Denied.Content, 0o000)
			write(tree.DeniedDir+"/"+tree.DeniedChild, []byte("x"), 0o644)
			dir := filepath.Join(root, tree.DeniedDir)
			if err := os.Chmod(dir, 0o000); err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { os.Chmod(dir, 0o755) })
		}
		open := func(t *testing.T) connectors.Connector {
			c, err := local.New(root)
			if err != nil {
				t.Fatal(err)
			}
			return c
		}
		return conformance.Backend{
			Connector: open(t),
			Reopen:    open,
			Rel:       func(it connectors.Item) string { return it.Path },
			Remove: func(t *testing.T, rel string) {
				if err := os.Remove(filepath.Join(root, filepath.FromSlash(rel))); err != nil {
					t.Fatal(err)
				}
			},
			Modify: func(t *testing.T, rel string, data []byte) {
				if err := os.WriteFile(filepath.Join(root, filepath.FromSlash(rel)), data, 0o644); err != nil {
					t.Fatal(err)
				}
			},
			Denied: unprivileged, DeniedDir: unprivileged, Ordered: true,
		}
	})
}
