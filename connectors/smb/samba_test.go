package smb

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/credsweep/credsweep/connectors"
	"github.com/credsweep/credsweep/connectors/smb/sambatest"
)

func TestWalkAndReadTree(t *testing.T) {
	f := newFixture(t, sambatest.Options{}, sambatest.ShareOptions{})
	c := connect(t, f.srv, "data", Options{})
	items := walkAll(t, c)
	got := byPath(items)

	for rel, content := range f.files {
		p := "smb/127.0.0.1/data/" + rel
		it, ok := got[p]
		if !ok {
			t.Errorf("missing %s", p)
			continue
		}
		if it.Err != nil || it.Skip != "" || it.Dir {
			t.Errorf("%s: unexpected Err=%v Skip=%q Dir=%v", p, it.Err, it.Skip, it.Dir)
		}
		if want := `\\127.0.0.1\data\` + strings.ReplaceAll(rel, "/", `\`); it.Display != want {
			t.Errorf("Display = %q, want %q", it.Display, want)
		}
		if it.ID != "data/"+rel {
			t.Errorf("ID = %q, want %q", it.ID, "data/"+rel)
		}
		if it.Size != int64(len(content)) {
			t.Errorf("%s: Size = %d, want %d", rel, it.Size, len(content))
		}
		st, err := os.Stat(filepath.Join(f.dir, filepath.FromSlash(rel)))
		if err != nil {
			t.Fatal(err)
		}
		if d := it.ModTime.Sub(st.ModTime()); d > time.Second || d < -time.Second {
			t.Errorf("%s: ModTime %v, want %v", rel, it.ModTime, st.ModTime())
		}
		data, err := readAll(t, c, it)
		if err != nil {
			t.Errorf("read %s: %v", rel, err)
		} else if string(data) != content {
			t.Errorf("read %s = %q, want %q", rel, data, content)
		}
	}

	secret := got["smb/127.0.0.1/data/secret"]
	if !secret.Dir || !errors.Is(secret.Err, fs.ErrPermission) || secret.Err.Error() != "access denied" {
		t.Errorf("secret folder: Dir=%v Err=%v, want an access-denied folder item", secret.Dir, secret.Err)
	}
	if _, ok := got["smb/127.0.0.1/data/secret/hidden.txt"]; ok {
		t.Error("walked into the unreadable folder")
	}
	loops := 0
	for _, it := range items {
		if strings.Contains(it.Skip, "loop") {
			loops++
		}
		if strings.Count(it.Path, "/loop") > 1 {
			t.Fatalf("followed the symlink loop: %s", it.Path)
		}
	}
	if loops == 0 {
		t.Error("the symlink loop was not reported")
	}

	// The unreadable file is listed, and opening it says access denied.
	locked, ok := got["smb/127.0.0.1/data/locked.txt"]
	if !ok {
		t.Fatal("locked.txt not listed")
	}
	_, err := readAll(t, c, locked)
	if !errors.Is(err, fs.ErrPermission) || err.Error() != "access denied" {
		t.Errorf("open locked.txt: %v, want access denied (fs.ErrPermission)", err)
	}
}

func TestWalkStartsAtPath(t *testing.T) {
	f := newFixture(t, sambatest.Options{}, sambatest.ShareOptions{})
	tg, err := ParseURL(f.srv.URL("data") + "/æøå")
	if err != nil {
		t.Fatal(err)
	}
	c, err := New(context.Background(), tg, Options{Password: f.srv.Password})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	items := walkAll(t, c)
	if len(items) != 1 || items[0].Path != "smb/127.0.0.1/data/æøå/blåbær.txt" {
		t.Fatalf("items = %+v", items)
	}

	// A URL naming a file scans that file.
	tg.Path = "readme.txt"
	c2, err := New(context.Background(), tg, Options{Password: f.srv.Password})
	if err != nil {
		t.Fatal(err)
	}
	defer c2.Close()
	items = walkAll(t, c2)
	if len(items) != 1 || items[0].ID != "data/readme.txt" || items[0].Size != int64(len("hello world\n")) {
		t.Fatalf("items = %+v", items)
	}

	tg.Path = "no/such/folder"
	_, err = New(context.Background(), tg, Options{Password: f.srv.Password})
	if !errors.Is(err, connectors.ErrFatal) || !strings.Contains(err.Error(), "no such file or folder") {
		t.Fatalf("missing path: %v", err)
	}
}

func TestOpenErrors(t *testing.T) {
	f := newFixture(t, sambatest.Options{}, sambatest.ShareOptions{})
	c := connect(t, f.srv, "data", Options{})
	ctx := context.Background()

	gone := c.item("data", "vanished.txt")
	if _, err := c.Open(ctx, gone); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("open vanished file: %v, want fs.ErrNotExist", err)
	}
	// An item known only by its ID (a resumed scan) opens too.
	data, err := readAll(t, c, connectors.Item{ID: "data/readme.txt"})
	if err != nil || string(data) != "hello world\n" {
		t.Errorf("open by ID: %q, %v", data, err)
	}
	// A cancelled context stops the open.
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := c.Open(cctx, c.item("data", "readme.txt")); !errors.Is(err, context.Canceled) {
		t.Errorf("open with cancelled ctx: %v", err)
	}
}

func TestReadAtAndSmallReads(t *testing.T) {
	f := newFixture(t, sambatest.Options{}, sambatest.ShareOptions{})
	// A zip on the share, read through io.ReaderAt as the extractor does.
	var zb bytes.Buffer
	zw := zip.NewWriter(&zb)
	w, _ := zw.Create("inner/passwords.csv")
	inner := strings.Repeat("user;password\n", 5000)
	_, _ = w.Write([]byte(inner))
	_ = zw.Close()
	mkfile(t, filepath.Join(f.dir, "archive.zip"), zb.String(), 0o644)
	// A file larger than several ReadSize chunks, read with a tiny buffer.
	big := bytes.Repeat([]byte("0123456789abcdef"), 40000) // 640 KB
	mkfile(t, filepath.Join(f.dir, "big.bin"), string(big), 0o644)

	c := connect(t, f.srv, "data", Options{ReadSize: 64 << 10})
	ctx := context.Background()
	file, err := c.Open(ctx, c.item("data", "archive.zip"))
	if err != nil {
		t.Fatal(err)
	}
	ra, ok := file.(io.ReaderAt)
	if !ok {
		t.Fatal("File does not implement io.ReaderAt")
	}
	zr, err := zip.NewReader(ra, int64(zb.Len()))
	if err != nil {
		t.Fatal(err)
	}
	rc, err := zr.File[0].Open()
	if err != nil {
		t.Fatal(err)
	}
	got, err := io.ReadAll(rc)
	if err != nil || string(got) != inner {
		t.Fatalf("zip member: %d bytes, %v", len(got), err)
	}
	// ReadAt past the end: short count and io.EOF.
	buf := make([]byte, 100)
	if n, err := ra.ReadAt(buf, int64(zb.Len()-10)); n != 10 || err != io.EOF {
		t.Errorf("ReadAt at end = %d, %v; want 10, EOF", n, err)
	}
	_ = file.Close()

	file, err = c.Open(ctx, c.item("data", "big.bin"))
	if err != nil {
		t.Fatal(err)
	}
	defer file.Close()
	got, err = io.ReadAll(io.LimitReader(onlyReader{file}, 1<<30))
	if err != nil || !bytes.Equal(got, big) {
		t.Fatalf("big.bin: %d bytes, %v", len(got), err)
	}
}

// onlyReader hides io.WriterTo and the like, so io.ReadAll uses small
// Reads.
type onlyReader struct{ r io.Reader }

func (o onlyReader) Read(p []byte) (int, error) { return o.r.Read(p) }

func TestExposure(t *testing.T) {
	f := newFixture(t, sambatest.Options{}, sambatest.ShareOptions{})
	c := connect(t, f.srv, "data", Options{})
	ctx := context.Background()
	tests := []struct {
		rel    string
		want   connectors.Audience
		reader string
	}{
		{"readme.txt", connectors.AudiencePublic, "Everyone"},
		{"mine.txt", connectors.AudienceRestricted, ""},
		{"group.txt", connectors.AudienceRestricted, "Unix Group"},
		{"locked.txt", connectors.AudienceUnknown, ""},
	}
	for _, tc := range tests {
		ex, err := c.Exposure(ctx, c.item("data", tc.rel))
		if err != nil {
			t.Errorf("%s: %v", tc.rel, err)
			continue
		}
		if ex.Audience != tc.want {
			t.Errorf("%s: audience %q (%+v), want %q", tc.rel, ex.Audience, ex, tc.want)
		}
		if tc.reader != "" && !strings.Contains(strings.Join(ex.Readers, "|"), tc.reader) {
			t.Errorf("%s: readers %q lack %q", tc.rel, ex.Readers, tc.reader)
		}
		if ex.Detail == "" {
			t.Errorf("%s: no Detail", tc.rel)
		}
		if tc.want != connectors.AudienceUnknown && ex.Owner == "" {
			t.Errorf("%s: no Owner", tc.rel)
		}
	}
}

func TestConcurrentOpens(t *testing.T) {
	f := newFixture(t, sambatest.Options{}, sambatest.ShareOptions{})
	for i := range 40 {
		f.write(t, filepath.Join("many", string(rune('a'+i%26))+strings.Repeat("z", i/26)+".txt"), strings.Repeat("x", i*100), 0o644)
	}
	c := connect(t, f.srv, "data", Options{Sessions: 3})
	items := walkAll(t, c)
	var wg sync.WaitGroup
	errs := make(chan error, len(items))
	for _, it := range items {
		if it.Err != nil || it.Skip != "" || strings.HasSuffix(it.ID, "locked.txt") {
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			data, err := readAll(t, c, it)
			if err != nil {
				errs <- err
			} else if int64(len(data)) != it.Size {
				errs <- errors.New(it.Path + ": wrong size")
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

func TestEncryptedShare(t *testing.T) {
	srv := sambatest.Start(t, sambatest.Options{})
	enc := srv.ShareDir("enc")
	mkfile(t, filepath.Join(enc, "secret.txt"), "encrypted on the wire", 0o644)
	srv.AddShare("enc", enc, sambatest.ShareOptions{Encrypt: true})
	plain := srv.ShareDir("plain")
	mkfile(t, filepath.Join(plain, "open.txt"), "clear text", 0o644)
	srv.AddShare("plain", plain, sambatest.ShareOptions{})

	c := connect(t, srv, "enc", Options{Encrypt: true})
	items := walkAll(t, c)
	if len(items) != 1 {
		t.Fatalf("items = %+v", items)
	}
	data, err := readAll(t, c, items[0])
	if err != nil || string(data) != "encrypted on the wire" {
		t.Fatalf("read: %q, %v", data, err)
	}
	if n := c.pool.sessions[0].tcp.enc.Load(); n == 0 {
		t.Error("no encrypted frame seen")
	}

	// Encryption required but the share is plain: refused at start.
	tg, _ := ParseURL(srv.URL("plain"))
	_, err = New(context.Background(), tg, Options{Password: srv.Password, Encrypt: true})
	if !errors.Is(err, connectors.ErrFatal) || !strings.Contains(err.Error(), "does not encrypt") {
		t.Fatalf("plain share with Encrypt: %v", err)
	}
	// Enumerating the server: the plain share is an Item with Err.
	all := connect(t, srv, "", Options{Encrypt: true})
	got := byPath(walkAll(t, all))
	if it := got["smb/127.0.0.1/plain"]; it.Err == nil || !it.Dir {
		t.Errorf("plain share item: %+v", it)
	}
	if it := got["smb/127.0.0.1/enc/secret.txt"]; it.Err != nil || it.ID == "" {
		t.Errorf("encrypted share not walked: %+v", got)
	}
}

func TestSigningMandatory(t *testing.T) {
	f := newFixture(t, sambatest.Options{Signing: "mandatory"}, sambatest.ShareOptions{})
	for _, o := range []Options{{}, {RequireSigning: true}} {
		c := connect(t, f.srv, "data", o)
		got := byPath(walkAll(t, c))
		it := got["smb/127.0.0.1/data/readme.txt"]
		data, err := readAll(t, c, it)
		if err != nil || string(data) != "hello world\n" {
			t.Fatalf("signed read (%+v): %q, %v", o, data, err)
		}
	}
}

func TestGuestShare(t *testing.T) {
	srv := sambatest.Start(t, sambatest.Options{Guest: true})
	dir := srv.ShareDir("public")
	mkfile(t, filepath.Join(dir, "list.csv"), "name;password\n", 0o644)
	srv.AddShare("public", dir, sambatest.ShareOptions{Guest: true})
	tg, err := ParseURL("smb://guest@" + srv.Addr() + "/public")
	if err != nil {
		t.Fatal(err)
	}
	if !tg.Guest {
		t.Fatal("guest not recognised")
	}
	c, err := New(context.Background(), tg, Options{})
	if err != nil {
		t.Fatalf("guest logon: %v\n%s", err, srv.Log())
	}
	defer c.Close()
	items := walkAll(t, c)
	if len(items) != 1 {
		t.Fatalf("items = %+v", items)
	}
	data, err := readAll(t, c, items[0])
	if err != nil || string(data) != "name;password\n" {
		t.Fatalf("guest read: %q, %v", data, err)
	}
}

func TestStartupFailures(t *testing.T) {
	srv := sambatest.Start(t, sambatest.Options{})
	srv.AddShare("data", srv.ShareDir("data"), sambatest.ShareOptions{})
	closed := closedPort(t)
	tests := []struct {
		name, url, password string
		want                string
	}{
		{"wrong password", srv.URL("data"), "Hunter2-not-it", "logon failure: wrong user name or password"},
		{"unknown user", "smb://nosuchuser@" + srv.Addr() + "/data", "Hunter2-not-it", "logon failure: wrong user name or password"},
		{"unknown share", srv.URL("nosuchshare"), srv.Password, `share "nosuchshare": no such share`},
		{"closed port", "smb://alice@127.0.0.1:" + closed + "/data", "Hunter2-not-it", "connection refused"},
		{"unknown host", "smb://alice@no-such-host.invalid/data", "Hunter2-not-it", "unknown host"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tg, err := ParseURL(tc.url)
			if err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
			defer cancel()
			start := time.Now()
			c, err := New(ctx, tg, Options{Password: tc.password, DialTimeout: 5 * time.Second})
			if err == nil {
				c.Close()
				t.Fatal("New succeeded")
			}
			if d := time.Since(start); d > 10*time.Second {
				t.Errorf("took %v", d)
			}
			if !errors.Is(err, connectors.ErrFatal) {
				t.Errorf("%v: not ErrFatal", err)
			}
			if !strings.Contains(err.Error(), tc.want) || !strings.HasPrefix(err.Error(), "smb://") {
				t.Errorf("error %q, want it to contain %q", err, tc.want)
			}
			if strings.Contains(err.Error(), tc.password) {
				t.Errorf("error echoes the password: %q", err)
			}
		})
	}
}

func TestShareEnumeration(t *testing.T) {
	srv := sambatest.Start(t, sambatest.Options{})
	for _, name := range []string{"one", "two", "hidden$"} {
		d := srv.ShareDir(strings.TrimSuffix(name, "$"))
		mkfile(t, filepath.Join(d, name+".txt"), name, 0o644)
		srv.AddShare(name, d, sambatest.ShareOptions{})
	}
	// A share whose folder the user cannot enter.
	closedDir := srv.ShareDir("closed")
	chmod(t, closedDir, 0o700)
	srv.AddShare("closed", closedDir, sambatest.ShareOptions{})

	c := connect(t, srv, "", Options{})
	got := byPath(walkAll(t, c))
	for _, p := range []string{"smb/127.0.0.1/one/one.txt", "smb/127.0.0.1/two/two.txt"} {
		if it, ok := got[p]; !ok || it.Err != nil {
			t.Errorf("%s: %+v (all: %v)", p, it, keys(got))
		}
	}
	if it := got["smb/127.0.0.1/hidden$"]; !it.Dir || !strings.Contains(it.Skip, "administrative share") {
		t.Errorf("admin share: %+v", it)
	}
	if _, ok := got["smb/127.0.0.1/hidden$/hidden$.txt"]; ok {
		t.Error("admin share scanned")
	}
	for p := range got {
		if strings.Contains(p, "IPC$") {
			t.Errorf("IPC$ reported: %s", p)
		}
	}
	if it := got["smb/127.0.0.1/closed"]; !it.Dir || !errors.Is(it.Err, fs.ErrPermission) {
		t.Errorf("closed share: %+v", it)
	}

	c2 := connect(t, srv, "", Options{IncludeAdminShares: true})
	if _, ok := byPath(walkAll(t, c2))["smb/127.0.0.1/hidden$/hidden$.txt"]; !ok {
		t.Error("IncludeAdminShares did not scan hidden$")
	}
}

func keys(m map[string]connectors.Item) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}
