// Package conformance is one test suite run against every connector (as
// rclone runs one suite against every backend): a backend's test builds
// a known Tree in its source (a temporary folder, a share of a real
// Samba, the fake Drive) and hands Run a Backend over it; Run checks what
// the connectors.Connector contract promises.
//
// What is checked:
//
//   - Walk gives every file of the tree exactly once, with well-formed
//     Items (Path rules of connectors.Item, Display and ID set, Size equal
//     to the content length, ModTime set, Version set), in segment-wise
//     lexical order when the backend says it walks in order;
//   - ID and Version are the same on a second walk and from a new
//     connector, Version changes (and ID does not) after a content change;
//   - an unreadable folder is an Err item with Dir set, wrapping
//     fs.ErrPermission, and nothing below it is listed;
//   - Open and Read give the content (ReadAt too, when the File has it);
//     Read after Close fails; reads honour the Open context: an Open with
//     a cancelled context fails, and a Read after cancellation or past the
//     deadline fails promptly with an error wrapping ctx.Err();
//   - opening an unreadable file fails with fs.ErrPermission, a file
//     removed between the walk and the open with fs.ErrNotExist, and no
//     error message carries file content;
//   - an Exposer gives a known Audience for every file;
//   - Close returns nil once every File is closed.
package conformance

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/credsweep/credsweep/connectors"
)

// File is one readable file of a Tree.
type File struct {
	// Path is slash-separated, relative to the target's root.
	Path    string
	Content []byte
}

// Tree is what a backend builds before Run checks it.
type Tree struct {
	// Files are readable: nested folders, an empty file, a large one,
	// non-ASCII names, a name that is a prefix of a folder's name.
	Files []File
	// Denied is a file the connector lists but may not read; build it
	// when Backend.Denied says the backend can express it.
	Denied File
	// DeniedDir is a folder the connector may not list, with DeniedDir/
	// DeniedChild in it; build it when Backend.DeniedDir.
	DeniedDir, DeniedChild string
	// Vanish is a readable file that Run removes between a walk and an
	// open (Backend.Remove).
	Vanish File
}

// Backend is a connector over a built Tree, and what Run needs to know
// of its source.
type Backend struct {
	// Connector is over the tree's root; Run closes it.
	Connector connectors.Connector
	// Reopen returns a new connector over the same tree (IDs must be the
	// same); Run closes it.
	Reopen func(t *testing.T) connectors.Connector
	// Rel maps an item to its tree path ("" for an item outside the tree).
	Rel func(it connectors.Item) string
	// Remove deletes a tree file in the source.
	Remove func(t *testing.T, path string)
	// Modify replaces a tree file's content in the source.
	Modify func(t *testing.T, path string, content []byte)
	// Denied and DeniedDir say whether the backend built Tree.Denied and
	// Tree.DeniedDir (a local test running as root cannot).
	Denied, DeniedDir bool
	// Ordered says Walk gives items in segment-wise lexical order of
	// their tree path (a sorted depth-first walk).
	Ordered bool
}

// DefaultTree is the tree Run asks for.
func DefaultTree() Tree {
	big := make([]byte, 300<<10+17)
	for i := range big {
		big[i] = byte('a' + (i*7+i/1024)%26)
	}
	return Tree{
		Files: []File{
			{"a.txt", []byte("alpha\n")},
			{"empty.txt", nil},
			{"dir/b.txt", []byte("bravo in dir\n")},
			{"dir.txt", []byte("a file named like the folder\n")},
			{"dir/sub/c.txt", []byte("charlie two levels down\n")},
			{"dir/sub/deeper/d.txt", []byte("delta three levels down\n")},
			{"æøå/blåbær.txt", []byte("syltetøy\n")},
			{"big.bin", big},
			{"z-last.txt", []byte("zulu\n")},
		},
		Denied:      File{"locked.txt", []byte("conformance-locked-content")},
		DeniedDir:   "closed",
		DeniedChild: "hidden.txt",
		Vanish:      File{"vanish.txt", []byte("conformance-vanishing-content")},
	}
}

// promptly bounds how long a read may take to notice a cancelled context.
const promptly = 10 * time.Second

// Run builds the default tree with setup and runs every check. Checks
// that change the source (a removal, a modification) come last.
func Run(t *testing.T, setup func(t *testing.T, tree Tree) Backend) {
	t.Helper()
	tree := DefaultTree()
	b := setup(t, tree)
	defer func() {
		if b.Connector != nil {
			b.Connector.Close()
		}
	}()
	var first []connectors.Item
	t.Run("Walk", func(t *testing.T) { first = checkWalk(t, b, tree) })
	files := fileItems(b, first)
	t.Run("StableIDs", func(t *testing.T) { checkStable(t, b, first) })
	t.Run("Read", func(t *testing.T) { checkRead(t, b, tree, files) })
	t.Run("Context", func(t *testing.T) { checkContext(t, b, tree, files) })
	t.Run("Denied", func(t *testing.T) { checkDenied(t, b, tree, files) })
	t.Run("Exposure", func(t *testing.T) { checkExposure(t, b, tree, files) })
	t.Run("Vanished", func(t *testing.T) { checkVanished(t, b, tree, files) })
	t.Run("Changed", func(t *testing.T) { checkChanged(t, b, tree, files) })
	t.Run("Close", func(t *testing.T) {
		c := b.Connector
		b.Connector = nil
		if err := c.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
}

// walk collects one walk's items.
func walk(t *testing.T, c connectors.Connector) []connectors.Item {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	var items []connectors.Item
	if err := c.Walk(ctx, func(it connectors.Item) error {
		items = append(items, it)
		return nil
	}); err != nil {
		t.Fatalf("Walk: %v", err)
	}
	return items
}

// fileItems indexes the walk's file items by tree path.
func fileItems(b Backend, items []connectors.Item) map[string]connectors.Item {
	m := map[string]connectors.Item{}
	for _, it := range items {
		if rel := b.Rel(it); rel != "" && !it.Dir && it.Err == nil && it.Skip == "" {
			m[rel] = it
		}
	}
	return m
}

// wantFiles are the tree paths a walk must give as files, with content.
func wantFiles(b Backend, tree Tree) map[string][]byte {
	m := map[string][]byte{}
	for _, f := range tree.Files {
		m[f.Path] = f.Content
	}
	m[tree.Vanish.Path] = tree.Vanish.Content
	if b.Denied {
		m[tree.Denied.Path] = tree.Denied.Content
	}
	return m
}

// checkPath checks the Item.Path rules.
func checkPath(p string) error {
	switch {
	case p == "":
		return errors.New("empty Path")
	case !utf8.ValidString(p):
		return errors.New("Path is not UTF-8")
	case strings.HasPrefix(p, "/"):
		return errors.New("Path has a leading slash")
	case strings.Contains(p, `\`):
		return errors.New("Path has a backslash")
	}
	for _, seg := range strings.Split(p, "/") {
		if seg == "" || seg == "." || seg == ".." {
			return fmt.Errorf("Path has a segment %q", seg)
		}
	}
	return nil
}

// segLess orders tree paths as a sorted depth-first walk does.
func segCompare(a, b string) int {
	return slices.Compare(strings.Split(a, "/"), strings.Split(b, "/"))
}

func checkWalk(t *testing.T, b Backend, tree Tree) []connectors.Item {
	items := walk(t, b.Connector)
	want := wantFiles(b, tree)
	count := map[string]int{}
	var order []string
	deniedDir := false
	for _, it := range items {
		if err := checkPath(it.Path); err != nil {
			t.Errorf("%q: %v", it.Path, err)
		}
		if it.Display == "" || it.ID == "" && !it.Dir {
			t.Errorf("%q: Display %q, ID %q", it.Path, it.Display, it.ID)
		}
		rel := b.Rel(it)
		if b.DeniedDir && rel == tree.DeniedDir {
			deniedDir = true
			if !it.Dir || !errors.Is(it.Err, fs.ErrPermission) {
				t.Errorf("unreadable folder: Dir %v, Err %v; want Dir and fs.ErrPermission", it.Dir, it.Err)
			}
			continue
		}
		if b.DeniedDir && strings.HasPrefix(rel, tree.DeniedDir+"/") {
			t.Errorf("listed %q below the unreadable folder", rel)
		}
		content, ok := want[rel]
		if !ok {
			t.Errorf("unexpected item %q (Display %q, Err %v, Skip %q)", it.Path, it.Display, it.Err, it.Skip)
			continue
		}
		count[rel]++
		order = append(order, rel)
		switch {
		case it.Err != nil || it.Skip != "" || it.Dir:
			t.Errorf("%s: Err %v, Skip %q, Dir %v; want a file", rel, it.Err, it.Skip, it.Dir)
		case it.Size != int64(len(content)):
			t.Errorf("%s: Size %d, want %d", rel, it.Size, len(content))
		case it.ModTime.IsZero():
			t.Errorf("%s: no ModTime", rel)
		case it.Version == "":
			t.Errorf("%s: no Version", rel)
		}
	}
	for rel := range want {
		if count[rel] != 1 {
			t.Errorf("%s: walked %d times, want once", rel, count[rel])
		}
	}
	if b.DeniedDir && !deniedDir {
		t.Errorf("the unreadable folder %q was not reported", tree.DeniedDir)
	}
	if b.Ordered && !slices.IsSortedFunc(order, segCompare) {
		t.Errorf("not in lexical order: %v", order)
	}
	return items
}

func checkStable(t *testing.T, b Backend, first []connectors.Item) {
	key := func(items []connectors.Item) map[string]connectors.Item {
		m := map[string]connectors.Item{}
		for _, it := range items {
			if rel := b.Rel(it); rel != "" && !it.Dir {
				m[rel] = it
			}
		}
		return m
	}
	before := key(first)
	check := func(what string, after map[string]connectors.Item) {
		for rel, a := range before {
			z, ok := after[rel]
			switch {
			case !ok:
				t.Errorf("%s: %s missing", what, rel)
			case z.ID != a.ID || z.Path != a.Path:
				t.Errorf("%s: %s: ID %q then %q, Path %q then %q", what, rel, a.ID, z.ID, a.Path, z.Path)
			case z.Version != a.Version || z.Size != a.Size || !z.ModTime.Equal(a.ModTime):
				t.Errorf("%s: %s changed with nothing changed: Version %q then %q, Size %d then %d, ModTime %v then %v",
					what, rel, a.Version, z.Version, a.Size, z.Size, a.ModTime, z.ModTime)
			}
		}
	}
	check("second walk", key(walk(t, b.Connector)))
	if b.Reopen != nil {
		c := b.Reopen(t)
		defer c.Close()
		check("new connector", key(walk(t, c)))
	}
}

// read opens it under ctx and reads it whole.
func read(ctx context.Context, c connectors.Connector, it connectors.Item) ([]byte, error) {
	f, err := c.Open(ctx, it)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(f)
}

func checkRead(t *testing.T, b Backend, tree Tree, files map[string]connectors.Item) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	for _, f := range tree.Files {
		it, ok := files[f.Path]
		if !ok {
			continue // reported by Walk
		}
		got, err := read(ctx, b.Connector, it)
		switch {
		case err != nil:
			t.Errorf("read %s: %v", f.Path, err)
		case !bytes.Equal(got, f.Content):
			t.Errorf("read %s: %d bytes, want %d (content differs)", f.Path, len(got), len(f.Content))
		}
	}
	// ReadAt, Read after Close.
	big := tree.Files[7]
	it, ok := files[big.Path]
	if !ok {
		return
	}
	f, err := b.Connector.Open(ctx, it)
	if err != nil {
		t.Fatalf("open %s: %v", big.Path, err)
	}
	if ra, ok := f.(io.ReaderAt); ok {
		p := make([]byte, 1000)
		off := int64(len(big.Content) - 600)
		n, err := ra.ReadAt(p, off)
		if n != 600 || !bytes.Equal(p[:n], big.Content[off:]) || err != io.EOF {
			t.Errorf("ReadAt at the end: %d bytes, %v; want 600 and io.EOF", n, err)
		}
		n, err = ra.ReadAt(p, 4096)
		if n != len(p) || err != nil || !bytes.Equal(p, big.Content[4096:4096+len(p)]) {
			t.Errorf("ReadAt: %d bytes, %v", n, err)
		}
	}
	p := make([]byte, 10)
	if _, err := io.ReadFull(f, p); err != nil || !bytes.Equal(p, big.Content[:10]) {
		t.Errorf("first Read: %v", err)
	}
	if err := f.Close(); err != nil {
		t.Errorf("Close: %v", err)
	}
	if n, err := f.Read(p); err == nil || n > 0 {
		t.Errorf("Read after Close: %d bytes, %v; want an error", n, err)
	}
	_ = f.Close() // a second Close must not panic
}

// readAfter reads from f until an error, within promptly.
func readAfter(f connectors.File) (int, error) {
	done := make(chan struct{})
	var n int
	var err error
	go func() {
		defer close(done)
		p := make([]byte, 32<<10)
		for {
			var k int
			k, err = f.Read(p)
			n += k
			if err != nil {
				return
			}
		}
	}()
	select {
	case <-done:
		return n, err
	case <-time.After(promptly):
		return n, errors.New("conformance: Read did not return")
	}
}

func checkContext(t *testing.T, b Backend, tree Tree, files map[string]connectors.Item) {
	big := tree.Files[7]
	it, ok := files[big.Path]
	if !ok {
		t.Skip("no big file walked")
	}
	t.Run("CancelledBeforeOpen", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		f, err := b.Connector.Open(ctx, it)
		if err == nil {
			n, rerr := readAfter(f)
			f.Close()
			if rerr == nil || rerr == io.EOF || n == len(big.Content) {
				t.Fatalf("Open and Read with a cancelled context: %d bytes, %v", n, rerr)
			}
			err = rerr
		}
		if !errors.Is(err, context.Canceled) {
			t.Errorf("cancelled context: %v, want it to wrap context.Canceled", err)
		}
	})
	t.Run("CancelledAfterOpen", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		f, err := b.Connector.Open(ctx, it)
		if err != nil {
			t.Fatalf("open: %v", err)
		}
		defer f.Close()
		cancel()
		n, err := readAfter(f)
		if err == nil || err == io.EOF || n == len(big.Content) {
			t.Fatalf("Read after cancel: %d bytes, %v; want an error", n, err)
		}
		if !errors.Is(err, context.Canceled) {
			t.Errorf("Read after cancel: %v, want it to wrap context.Canceled", err)
		}
	})
	t.Run("Deadline", func(t *testing.T) {
		ctx, cancel := context.WithTimeout(context.Background(), 500*time.Millisecond)
		defer cancel()
		f, err := b.Connector.Open(ctx, it)
		if err == nil {
			<-ctx.Done() // the deadline passes while the file is open
			var n int
			n, err = readAfter(f)
			f.Close()
			if err == nil || err == io.EOF || n == len(big.Content) {
				t.Fatalf("Read past the deadline: %d bytes, %v; want an error", n, err)
			}
		}
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("past the deadline: %v, want it to wrap context.DeadlineExceeded", err)
		}
	})
}

// noContent fails when an error message quotes file content.
func noContent(t *testing.T, err error, content []byte) {
	t.Helper()
	if err != nil && len(content) > 0 && strings.Contains(err.Error(), string(content)) {
		t.Errorf("error message carries file content: %v", err)
	}
}

func checkDenied(t *testing.T, b Backend, tree Tree, files map[string]connectors.Item) {
	if !b.Denied {
		t.Skip("the backend cannot express an unreadable file")
	}
	it, ok := files[tree.Denied.Path]
	if !ok {
		t.Fatalf("%s not walked", tree.Denied.Path)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	got, err := read(ctx, b.Connector, it)
	if !errors.Is(err, fs.ErrPermission) {
		t.Errorf("read the unreadable file: %d bytes, %v; want fs.ErrPermission", len(got), err)
	}
	noContent(t, err, tree.Denied.Content)
}

func checkExposure(t *testing.T, b Backend, tree Tree, files map[string]connectors.Item) {
	ex, ok := b.Connector.(connectors.Exposer)
	if !ok {
		t.Skip("not an Exposer")
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	for rel, it := range files {
		e, err := ex.Exposure(ctx, it)
		if err != nil {
			t.Errorf("%s: Exposure: %v", rel, err)
			continue
		}
		switch e.Audience {
		case connectors.AudiencePublic, connectors.AudienceOrganization, connectors.AudienceRestricted, connectors.AudienceUnknown:
		default:
			t.Errorf("%s: audience %q", rel, e.Audience)
		}
		if e.Detail == "" {
			t.Errorf("%s: exposure without Detail", rel)
		}
	}
}

func checkVanished(t *testing.T, b Backend, tree Tree, files map[string]connectors.Item) {
	it, ok := files[tree.Vanish.Path]
	if !ok {
		t.Fatalf("%s not walked", tree.Vanish.Path)
	}
	b.Remove(t, tree.Vanish.Path)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	got, err := read(ctx, b.Connector, it)
	if !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("read a removed file: %d bytes, %v; want fs.ErrNotExist", len(got), err)
	}
	noContent(t, err, tree.Vanish.Content)
	for _, x := range walk(t, b.Connector) {
		if b.Rel(x) == tree.Vanish.Path {
			t.Errorf("a removed file is still walked")
		}
	}
}

func checkChanged(t *testing.T, b Backend, tree Tree, files map[string]connectors.Item) {
	f := tree.Files[0]
	before, ok := files[f.Path]
	if !ok {
		t.Fatalf("%s not walked", f.Path)
	}
	content := append(bytes.Clone(f.Content), "changed\n"...)
	b.Modify(t, f.Path, content)
	var after connectors.Item
	for _, it := range walk(t, b.Connector) {
		if b.Rel(it) == f.Path {
			after = it
		}
	}
	switch {
	case after.ID != before.ID:
		t.Errorf("ID changed with the content: %q then %q", before.ID, after.ID)
	case after.Version == before.Version:
		t.Errorf("Version %q did not change with the content", after.Version)
	case after.Size != int64(len(content)):
		t.Errorf("Size %d after the change, want %d", after.Size, len(content))
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if got, err := read(ctx, b.Connector, after); err != nil || !bytes.Equal(got, content) {
		t.Errorf("read after the change: %v (content equal: %v)", err, bytes.Equal(got, content))
	}
}
