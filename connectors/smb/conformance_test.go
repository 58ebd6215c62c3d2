package smb

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/credsweep/credsweep/connectors"
	"github.com/credsweep/credsweep/connectors/conformance"
	"github.com/credsweep/credsweep/connectors/smb/sambatest"
)

// TestConformance runs the connector suite on a share of a real smbd.
// The SMB user reads files it can as a Unix user: a root 0600 file and a
// root 0700 folder are unreadable to it.
func TestConformance(t *testing.T) {
	conformance.Run(t, func(t *testing.T, tree conformance.Tree) conformance.Backend {
		srv := sambatest.Start(t, sambatest.Options{})
		dir := srv.ShareDir("conf")
		for _, f := range tree.Files {
			mkfile(t, filepath.Join(dir, filepath.FromSlash(f.Path)), string(f.Content), 0o644)
		}
		mkfile(t, filepath.Join(dir, tree.Vanish.Path), string(tree.Vanish.Content), 0o644)
		mkfile(t, filepath.Join(dir, tree.Denied.Path), string(tree.Denied.Content), 0o600)
		mkfile(t, filepath.Join(dir, tree.DeniedDir, tree.DeniedChild), "x", 0o644)
		chmod(t, filepath.Join(dir, tree.DeniedDir), 0o700)
		srv.AddShare("conf", dir, sambatest.ShareOptions{})
		open := func(t *testing.T) connectors.Connector {
			tg, err := ParseURL(srv.URL("conf"))
			if err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			c, err := New(ctx, tg, Options{Password: srv.Password, ReadSize: 64 << 10})
			if err != nil {
				t.Fatalf("New: %v\n%s", err, srv.Log())
			}
			return c
		}
		return conformance.Backend{
			Connector: open(t),
			Reopen:    open,
			Rel: func(it connectors.Item) string {
				rel, _ := strings.CutPrefix(it.Path, "smb/127.0.0.1/conf/")
				return rel
			},
			Remove: func(t *testing.T, rel string) {
				if err := os.Remove(filepath.Join(dir, filepath.FromSlash(rel))); err != nil {
					t.Fatal(err)
				}
			},
			Modify: func(t *testing.T, rel string, data []byte) {
				if err := os.WriteFile(filepath.Join(dir, filepath.FromSlash(rel)), data, 0o644); err != nil {
					t.Fatal(err)
				}
			},
			Denied: true, DeniedDir: true,
		}
	})
}
