//go:build linux

package local

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/credsweep/credsweep/connectors"
)

// oldAtime is far in the past: relatime updates an atime older than the
// mtime (or than a day), so on a relatime mount any plain read moves it.
var oldAtime = time.Date(2001, 2, 3, 4, 5, 6, 0, time.UTC)

// setOldAtime sets p's atime to oldAtime and keeps its mtime.
func setOldAtime(t *testing.T, p string) {
	t.Helper()
	fi, err := os.Stat(p)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Chtimes(p, oldAtime, fi.ModTime()); err != nil {
		t.Fatal(err)
	}
	if got := atimeOf(t, p); !got.Equal(oldAtime) {
		t.Fatalf("Chtimes did not set the atime of %s: %v", p, got)
	}
}

// atimeOf reads p's atime from lstat(2), independently of the connector.
func atimeOf(t *testing.T, p string) time.Time {
	t.Helper()
	var st syscall.Stat_t
	if err := syscall.Lstat(p, &st); err != nil {
		t.Fatal(err)
	}
	return time.Unix(st.Atim.Unix())
}

// requireAtimeUpdates skips t unless a plain read (os.ReadFile, a plain
// os.ReadDir) of an old-atime file and folder in dir moves their atimes: on
// a noatime mount, or a file system without atimes, there is nothing for
// O_NOATIME to protect and an unchanged atime proves nothing.
func requireAtimeUpdates(t *testing.T, dir string) {
	t.Helper()
	ctl := filepath.Join(dir, "control")
	if err := os.MkdirAll(ctl, 0o755); err != nil {
		t.Fatal(err)
	}
	f := filepath.Join(ctl, "control.txt")
	if err := os.WriteFile(f, []byte("control\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	setOldAtime(t, f)
	setOldAtime(t, ctl)
	if _, err := os.ReadFile(f); err != nil {
		t.Fatal(err)
	}
	if _, err := os.ReadDir(ctl); err != nil {
		t.Fatal(err)
	}
	if atimeOf(t, f).Equal(oldAtime) {
		t.Skipf("a plain read does not update atime in %s (mounted noatime?): O_NOATIME cannot be observed here", dir)
	}
	if atimeOf(t, ctl).Equal(oldAtime) {
		t.Skipf("a plain listing does not update folder atime in %s: O_NOATIME cannot be observed here", dir)
	}
	if err := os.RemoveAll(ctl); err != nil {
		t.Fatal(err)
	}
}

// walkOne walks the connector on p (a file) and returns its one item.
func walkOne(t *testing.T, p string) (*Connector, connectors.Item) {
	t.Helper()
	c, err := New(p)
	if err != nil {
		t.Fatal(err)
	}
	var items []connectors.Item
	if err := c.Walk(context.Background(), func(it connectors.Item) error {
		items = append(items, it)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if len(items) != 1 {
		t.Fatalf("walked %d items, want 1", len(items))
	}
	return c, items[0]
}

func readThrough(c *Connector, it connectors.Item) (string, error) {
	f, err := c.Open(context.Background(), it)
	if err != nil {
		return "", err
	}
	defer f.Close()
	b, err := io.ReadAll(f)
	return string(b), err
}

func TestReadKeepsAtime(t *testing.T) {
	dir := t.TempDir()
	requireAtimeUpdates(t, dir)
	tests := []struct {
		name    string
		content string
		mode    os.FileMode
	}{
		{"small", "password=hunter2\n", 0o644},
		{"empty", "", 0o644},
		{"owner only", "fødselsnummer 01010112345\n", 0o600},
		{"read only", strings.Repeat("x", 200_000), 0o444},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := filepath.Join(dir, strings.ReplaceAll(tc.name, " ", "_")+".txt")
			if err := os.WriteFile(p, []byte(tc.content), tc.mode); err != nil {
				t.Fatal(err)
			}
			setOldAtime(t, p)
			c, it := walkOne(t, p)
			got, err := readThrough(c, it)
			if err != nil {
				t.Fatalf("read: %v", err)
			}
			if got != tc.content {
				t.Fatalf("read %d bytes, want %d", len(got), len(tc.content))
			}
			if at := atimeOf(t, p); !at.Equal(oldAtime) {
				t.Errorf("atime changed to %v by a read through Open (was %v)", at, oldAtime)
			}
		})
	}
}

func TestWalkKeepsFolderAtime(t *testing.T) {
	dir := t.TempDir()
	requireAtimeUpdates(t, dir)
	root := filepath.Join(dir, "root")
	sub := filepath.Join(root, "sub")
	deep := filepath.Join(sub, "deep")
	for _, d := range []string{root, sub, deep} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(d, "f.txt"), []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, d := range []string{deep, sub, root} {
		setOldAtime(t, d)
	}
	c, err := New(root)
	if err != nil {
		t.Fatal(err)
	}
	items := walkAll(t, c)
	for _, p := range []string{"f.txt", "sub/f.txt", "sub/deep/f.txt"} {
		if _, ok := items[p]; !ok {
			t.Errorf("%s not walked", p)
		}
	}
	for _, d := range []string{root, sub, deep} {
		if at := atimeOf(t, d); !at.Equal(oldAtime) {
			t.Errorf("%s: atime changed to %v by the walk", d, at)
		}
	}
}

// TestReadWithoutNoAtimePermission reads a file the process neither owns
// nor may O_NOATIME (no CAP_FOWNER): the kernel answers EPERM, and Open
// must retry without the flag. Root drops CAP_FOWNER on one thread by
// setting its fsuid to nobody (the kernel clears the file-system
// capabilities when the fsuid leaves 0).
func TestReadWithoutNoAtimePermission(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("needs root: a non-root test cannot make a file owned by someone else")
	}
	const nobody = 65534
	dir := t.TempDir()
	requireAtimeUpdates(t, dir)
	// Let nobody reach the file: t.TempDir and its parent are 0700.
	for _, d := range []string{filepath.Dir(dir), dir} {
		if err := os.Chmod(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	p := filepath.Join(dir, "roots.txt")
	const content = "owned by root, readable by all\n"
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	setOldAtime(t, p)
	c, it := walkOne(t, p)

	type result struct {
		fsuid   string
		content string
		err     error
	}
	done := make(chan result)
	go func() {
		// The thread keeps its fsuid: it is never unlocked, so the
		// runtime ends it with the goroutine.
		runtime.LockOSThread()
		_ = syscall.Setfsuid(nobody)
		r := result{fsuid: threadFsuid()}
		r.content, r.err = readThrough(c, it)
		done <- r
	}()
	r := <-done
	if r.fsuid != "65534" {
		t.Skipf("could not set the thread's fsuid to nobody (got %q)", r.fsuid)
	}
	if r.err != nil {
		t.Fatalf("read without O_NOATIME permission: %v", r.err)
	}
	if r.content != content {
		t.Fatalf("read %q, want %q", r.content, content)
	}
	// The fallback open has no O_NOATIME: the read moves atime as any
	// plain read does here (requireAtimeUpdates). An unchanged atime would
	// mean CAP_FOWNER was not dropped and the test proved nothing.
	if at := atimeOf(t, p); at.Equal(oldAtime) {
		t.Errorf("atime unchanged: the EPERM fallback was not exercised")
	}
}

// threadFsuid returns the calling thread's fsuid from /proc (the fourth
// number of the Uid: line), "" when unknown.
func threadFsuid() string {
	f, err := os.Open("/proc/thread-self/status")
	if err != nil {
		return ""
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "Uid:"); ok {
			if fields := strings.Fields(rest); len(fields) == 4 {
				return fields[3]
			}
		}
	}
	return ""
}

// TestLstatAt: the walk's stat by dir fd says what os.Lstat says, for each
// kind of entry.
func TestLstatAt(t *testing.T) {
	dir := t.TempDir()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(os.WriteFile(filepath.Join(dir, "plain.txt"), []byte("passord"), 0o640))
	must(os.WriteFile(filepath.Join(dir, "setuid"), nil, 0o4755))
	must(os.Chmod(filepath.Join(dir, "setuid"), 0o4755|fs.ModeSetuid))
	must(os.Mkdir(filepath.Join(dir, "sub"), 0o1777))
	must(os.Chmod(filepath.Join(dir, "sub"), 0o777|fs.ModeSticky))
	must(os.Symlink("plain.txt", filepath.Join(dir, "link")))
	must(syscall.Mkfifo(filepath.Join(dir, "fifo"), 0o600))
	entries, info, done, err := readDir(dir)
	defer done()
	must(err)
	if len(entries) != 5 {
		t.Fatalf("%d entries", len(entries))
	}
	for _, e := range entries {
		got, err := info(e)
		must(err)
		want, err := os.Lstat(filepath.Join(dir, e.Name()))
		must(err)
		if got.Name() != want.Name() || got.Size() != want.Size() || got.Mode() != want.Mode() ||
			!got.ModTime().Equal(want.ModTime()) || got.IsDir() != want.IsDir() || version(got) != version(want) {
			t.Errorf("%s: %s %d %v %v %v %s; os.Lstat: %s %d %v %v %v %s", e.Name(),
				got.Name(), got.Size(), got.Mode(), got.ModTime(), got.IsDir(), version(got),
				want.Name(), want.Size(), want.Mode(), want.ModTime(), want.IsDir(), version(want))
		}
	}
}

// TestReadWholeFile: a file is read to its end, in small reads too; one
// whose size is 0 (as in /proc) is read to the kernel's end.
func TestReadWholeFile(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, "a.txt")
	want := strings.Repeat("brukernavn;passord\nola;Sommer2024\n", 100)
	if err := os.WriteFile(name, []byte(want), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, size := range []int{1, 7, 512, len(want), 64 << 10} {
		h, _, err := openForRead(name)
		if err != nil {
			t.Fatal(err)
		}
		got, err := io.ReadAll(bufio.NewReaderSize(h, max(size, 16)))
		h.Close()
		if err != nil || string(got) != want {
			t.Fatalf("reads of %d: %d bytes, %v", size, len(got), err)
		}
	}
	if _, err := os.Stat("/proc/self/status"); err == nil {
		p, _, err := openForRead("/proc/self/status")
		if err != nil {
			t.Fatal(err)
		}
		defer p.Close()
		b, err := io.ReadAll(p)
		if err != nil || !strings.Contains(string(b), "Name:") {
			t.Fatalf("/proc/self/status: %d bytes, %v", len(b), err)
		}
	}
}

// TestDeepTreeFewFDs walks a tree 200 folders deep with the process
// allowed 64 open files: the walk holds one folder fd at a time.
func TestDeepTreeFewFDs(t *testing.T) {
	root := t.TempDir()
	dir := root
	for i := range 200 {
		dir = filepath.Join(dir, "d")
		if err := os.Mkdir(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "f.txt"), []byte{byte('a' + i%26)}, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var old syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &old); err != nil {
		t.Fatal(err)
	}
	low := old
	low.Cur = 64
	if err := syscall.Setrlimit(syscall.RLIMIT_NOFILE, &low); err != nil {
		t.Skip("cannot lower the open-file limit:", err)
	}
	defer syscall.Setrlimit(syscall.RLIMIT_NOFILE, &old)
	c, err := New(root)
	if err != nil {
		t.Fatal(err)
	}
	files := 0
	err = c.Walk(context.Background(), func(it connectors.Item) error {
		if it.Err != nil {
			return fmt.Errorf("%s: %w", it.Path, it.Err)
		}
		if !it.Dir {
			files++
		}
		return nil
	})
	if err != nil || files != 200 {
		t.Fatalf("%d files walked, %v", files, err)
	}
}
