package gdrive

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/credsweep/credsweep/connectors"
	"github.com/credsweep/credsweep/connectors/gdrive/fakedrive"
)

// school builds the Bergen case in My Drive: a pupils folder with a
// password sheet, plus every kind of object a walk meets.
type school struct {
	elever, y2018, passord, klasse, notes, doc, sheet, slides, form, shortcut, trashed, mine, foreign, slash string
}

func buildSchool(s *fakedrive.Server) school {
	var sc school
	sc.elever = s.AddFolder("Elever", "")
	sc.y2018 = s.AddFolder("2018", sc.elever)
	sc.passord = s.AddBlob("passord.xlsx", sc.elever, fakedrive.XLSXMIME, fakedrive.XLSX([][]string{{"brukernavn", "passord"}, {"ola", "x"}}))
	sc.klasse = s.AddBlob("klasse.csv", sc.y2018, "text/csv", []byte("navn;passord\nola;hemmelig\n"))
	sc.notes = s.AddBlob("notes.txt", "", "text/plain", []byte("hello"))
	sc.doc = s.AddNative("Referat", sc.elever, fakedrive.DocMIME, map[string][]byte{fakedrive.TextMIME: []byte("doc text")})
	sc.sheet = s.AddNative("Elevliste", sc.elever, fakedrive.SheetMIME, map[string][]byte{
		fakedrive.XLSXMIME: fakedrive.XLSX([][]string{{"a", "b"}}), fakedrive.CSVMIME: []byte("a,b\n")})
	sc.slides = s.AddNative("Foiler", "", fakedrive.SlidesMIME, map[string][]byte{fakedrive.TextMIME: []byte("slide text")})
	sc.form = s.AddNative("Påmelding", "", fakedrive.FormMIME, nil)
	sc.shortcut = s.AddShortcut("snarvei", "", sc.passord)
	sc.trashed = s.Add(fakedrive.File{Name: "old.txt", MIMEType: "text/plain", Content: []byte("gone"), Trashed: true})
	sc.mine = s.Add(fakedrive.File{Name: "orphan.txt", MIMEType: "text/plain", Content: []byte("o"), Orphan: true})
	sc.foreign = s.Add(fakedrive.File{Name: "shared.txt", MIMEType: "text/plain", Content: []byte("s"), Orphan: true, Owner: "kari@other.no"})
	slashDir := s.AddFolder("a/b", "")
	sc.slash = s.AddBlob("x/y.txt", slashDir, "text/plain", []byte("z"))
	return sc
}

func TestWalkMyDrive(t *testing.T) {
	s := newFake(t)
	sc := buildSchool(s)
	c := connect(t, s, Target{Kind: KindMy}, nil)
	before := s.Stats().Requests
	items := walk(t, c)
	want := []string{
		"My Drive/Elever/2018/klasse.csv", "My Drive/Elever/Elevliste", "My Drive/Elever/Referat",
		"My Drive/Elever/passord.xlsx", "My Drive/Foiler", "My Drive/Påmelding", "My Drive/a/b/x/y.txt",
		"My Drive/notes.txt", "My Drive/orphan.txt", "My Drive/snarvei", "Shared with me/shared.txt",
	}
	if got := displays(items); !reflect.DeepEqual(got, want) {
		t.Fatalf("displays:\n got %q\nwant %q", got, want)
	}
	// Pages of two: 3 folders and 10 untrashed files need 2+5 list calls.
	if n := s.Stats().Requests - before; n < 7 {
		t.Errorf("only %d requests: paging not exercised", n)
	}
	m := byDisplay(items)
	p := m["My Drive/Elever/passord.xlsx"]
	if p.Path != "gdrive/"+sc.passord+"/passord.xlsx" || p.ID != sc.passord || p.Size <= 0 || p.Link == "" || p.ModTime.IsZero() {
		t.Errorf("passord item: %+v", p)
	}
	if it := m["My Drive/a/b/x/y.txt"]; it.Path != "gdrive/"+sc.slash+"/x_y.txt" {
		t.Errorf("slash in title: Path %q", it.Path)
	}
	if it := m["My Drive/Påmelding"]; !strings.HasPrefix(it.Skip, "Google Form") || it.Size != -1 {
		t.Errorf("form: %+v", it)
	}
	// Nothing is dropped silently: a file shared with me is a noted skip.
	if it := m["Shared with me/shared.txt"]; it.ID != sc.foreign || !strings.Contains(it.Skip, "not in My Drive") {
		t.Errorf("shared with me: %+v", it)
	}
	if it := m["My Drive/snarvei"]; it.Skip != "shortcut to "+sc.passord {
		t.Errorf("shortcut: %+v", it)
	}
	for _, d := range []string{"My Drive/Elever/Referat", "My Drive/Elever/Elevliste", "My Drive/Foiler"} {
		if it := m[d]; it.Skip != "" || it.Size != -1 {
			t.Errorf("%s: %+v", d, it)
		}
	}
}

func TestOpenNativeAndBlob(t *testing.T) {
	s := newFake(t)
	sc := buildSchool(s)
	c := connect(t, s, Target{Kind: KindMy}, nil)
	m := byDisplay(walk(t, c))
	for _, tc := range []struct{ display, want string }{
		{"My Drive/Elever/Referat", "doc text"},
		{"My Drive/Foiler", "slide text"},
		{"My Drive/Elever/2018/klasse.csv", "navn;passord\nola;hemmelig\n"},
	} {
		b, err := readItem(t, c, m[tc.display])
		if err != nil || string(b) != tc.want {
			t.Errorf("%s: %q, %v", tc.display, b, err)
		}
	}
	b, err := readItem(t, c, m["My Drive/Elever/Elevliste"])
	if err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatalf("sheet export is not xlsx: %v", err)
	}
	found := false
	for _, f := range zr.File {
		found = found || f.Name == "xl/worksheets/sheet1.xml"
	}
	if !found || s.Downloads(sc.sheet) != 1 {
		t.Errorf("sheet1 found %v, downloads %d", found, s.Downloads(sc.sheet))
	}
	if _, err := c.Open(context.Background(), m["My Drive/Påmelding"]); err == nil {
		t.Error("opening a skipped form succeeded")
	}
}

func TestSheetFallsBackToCSV(t *testing.T) {
	s := newFake(t)
	id := s.AddNative("Only CSV", "", fakedrive.SheetMIME, map[string][]byte{fakedrive.CSVMIME: []byte("a,b\n")})
	c := connect(t, s, Target{Kind: KindMy}, nil)
	items := walk(t, c)
	b, err := readItem(t, c, items[0])
	if err != nil || string(b) != "a,b\n" || items[0].ID != id {
		t.Fatalf("csv fallback: %q %v", b, err)
	}
}

func TestWalkSharedDrive(t *testing.T) {
	s := newFake(t)
	buildSchool(s)
	d := s.AddDrive("Skole")
	f := s.AddFolder("Ansatte", d)
	id := s.AddBlob("lonn.csv", f, "text/csv", []byte("x"))
	s.AddBlob("root.txt", d, "text/plain", []byte("r"))
	s.Add(fakedrive.File{Name: "trash.txt", MIMEType: "text/plain", Parents: []string{d}, Trashed: true})
	c := connect(t, s, Target{Kind: KindShared, ID: d}, nil)
	items := walk(t, c)
	if got, want := displays(items), []string{"Skole/Ansatte/lonn.csv", "Skole/root.txt"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("got %q want %q", got, want)
	}
	b, err := readItem(t, c, byDisplay(items)["Skole/Ansatte/lonn.csv"])
	if err != nil || string(b) != "x" || s.Downloads(id) != 1 {
		t.Fatalf("read: %q %v", b, err)
	}
}

func TestWalkFolder(t *testing.T) {
	s := newFake(t)
	sc := buildSchool(s)
	c := connect(t, s, Target{Kind: KindFolder, ID: sc.elever}, nil)
	want := []string{"My Drive/Elever/2018/klasse.csv", "My Drive/Elever/Elevliste", "My Drive/Elever/Referat", "My Drive/Elever/passord.xlsx"}
	if got := displays(walk(t, c)); !reflect.DeepEqual(got, want) {
		t.Fatalf("got %q want %q", got, want)
	}
	// A folder inside a shared drive.
	d := s.AddDrive("Skole")
	sub := s.AddFolder("IT", d)
	s.AddBlob("keys.txt", s.AddFolder("deep", sub), "text/plain", []byte("k"))
	c = connect(t, s, Target{Kind: KindFolder, ID: sub}, nil)
	if got := displays(walk(t, c)); !reflect.DeepEqual(got, []string{"Skole/IT/deep/keys.txt"}) {
		t.Fatalf("shared drive folder: %q", got)
	}
	if _, err := New(context.Background(), Target{Kind: KindFolder, ID: sc.notes}, testOptions(s)); err == nil {
		t.Error("a file accepted as folder target")
	}
}

func TestWalkAll(t *testing.T) {
	s := newFake(t)
	sc := buildSchool(s)
	d1, d2 := s.AddDrive("Skole"), s.AddDrive("Admin")
	s.AddBlob("a.txt", d1, "text/plain", []byte("a"))
	s.AddBlob("b.txt", s.AddFolder("sub", d2), "text/plain", []byte("b"))
	c := connect(t, s, Target{Kind: KindAll}, func(o *Options) { o.Concurrency = 3 })
	items := walk(t, c)
	m := byDisplay(items)
	for _, d := range []string{"Skole/a.txt", "Admin/sub/b.txt", "Shared with me/shared.txt", "My Drive/Elever/passord.xlsx"} {
		if _, ok := m[d]; !ok {
			t.Errorf("missing %s in %q", d, displays(items))
		}
	}
	ids := map[string]int{}
	for _, it := range items {
		ids[it.ID]++
		if it.ID == sc.trashed {
			t.Error("trashed file listed")
		}
	}
	for id, n := range ids {
		if n != 1 {
			t.Errorf("%s listed %d times", id, n)
		}
	}
}

func TestShortcutNotedOnce(t *testing.T) {
	s := newFake(t)
	f := s.AddFolder("F", "")
	target := s.AddBlob("t.txt", f, "text/plain", []byte("t"))
	s.AddShortcut("link1", f, target)
	s.AddShortcut("link2", "", f) // a shortcut to the folder itself
	c := connect(t, s, Target{Kind: KindMy}, nil)
	items := walk(t, c)
	var skips, files int
	for _, it := range items {
		switch {
		case it.Skip != "":
			skips++
			if !strings.HasPrefix(it.Skip, "shortcut to ") {
				t.Errorf("skip %q", it.Skip)
			}
		case it.ID == target:
			files++
		}
	}
	if skips != 2 || files != 1 || len(items) != 3 {
		t.Fatalf("skips %d files %d items %q", skips, files, displays(items))
	}
}

func TestWalkStopsOnCallbackError(t *testing.T) {
	s := newFake(t)
	buildSchool(s)
	c := connect(t, s, Target{Kind: KindAll}, nil)
	stop := errors.New("stop")
	n := 0
	err := c.Walk(context.Background(), func(connectors.Item) error { n++; return stop })
	if !errors.Is(err, stop) || n != 1 {
		t.Fatalf("err %v after %d calls", err, n)
	}
}

func TestWalkFolderListingErrorIsItem(t *testing.T) {
	s := newFake(t)
	sc := buildSchool(s)
	c := connect(t, s, Target{Kind: KindFolder, ID: sc.elever}, func(o *Options) { o.MaxRetries = 1; o.PageSize = 100 })
	walk(t, c) // learn the folder's path first
	// The top listing (one page) works, both attempts at the subfolder
	// fail: the subfolder becomes an Err item and the walk goes on.
	s.FailNext(0, fakedrive.Internal, fakedrive.Internal)
	var got []connectors.Item
	err := c.Walk(context.Background(), func(it connectors.Item) error {
		got = append(got, it)
		return nil
	})
	if err != nil || len(got) != 4 {
		t.Fatalf("Walk: %v, %d items", err, len(got))
	}
	var dirErr bool
	for _, it := range got {
		if it.Err != nil && it.Dir && errors.Is(it.Err, connectors.ErrTransient) {
			dirErr = true
		}
	}
	if !dirErr {
		t.Fatalf("no Err item for the unlistable folder: %+v", got)
	}
}
