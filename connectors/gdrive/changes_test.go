package gdrive

import (
	"context"
	"errors"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/credsweep/credsweep/connectors"
	"github.com/credsweep/credsweep/connectors/gdrive/fakedrive"
)

func TestVersion(t *testing.T) {
	for _, tc := range []struct {
		name    string
		change  func(s *fakedrive.Server, blob, doc string)
		id      func(blob, doc string) string
		changed bool
	}{
		{"nothing, blob", func(*fakedrive.Server, string, string) {}, first, false},
		{"nothing, native", func(*fakedrive.Server, string, string) {}, second, false},
		{"new content", func(s *fakedrive.Server, blob, _ string) { s.SetContent(blob, []byte("passord=2")) }, first, true},
		{"same bytes uploaded again", func(s *fakedrive.Server, blob, _ string) {
			s.Update(blob, func(f *fakedrive.File) { f.Content = []byte("passord=1") })
		}, first, false},
		{"native edited", func(s *fakedrive.Server, _, doc string) {
			s.Update(doc, func(f *fakedrive.File) { f.Exports = map[string][]byte{fakedrive.TextMIME: []byte("new")} })
		}, second, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := newFake(t)
			blob := s.AddBlob("a.txt", "", "text/plain", []byte("passord=1"))
			doc := s.AddNative("Doc", "", fakedrive.DocMIME, map[string][]byte{fakedrive.TextMIME: []byte("old")})
			c := connect(t, s, Target{Kind: KindMy}, nil)
			byID := func() map[string]connectors.Item {
				m := map[string]connectors.Item{}
				for _, it := range walk(t, c) {
					m[it.ID] = it
				}
				return m
			}
			id := tc.id(blob, doc)
			before := byID()[id]
			tc.change(s, blob, doc)
			after := byID()[id]
			if before.Version == "" {
				t.Fatalf("no Version: %+v", before)
			}
			if got := before.Version != after.Version; got != tc.changed {
				t.Errorf("Version %q -> %q: changed %v, want %v", before.Version, after.Version, got, tc.changed)
			}
		})
	}
}

func first(a, _ string) string  { return a }
func second(_, b string) string { return b }

// tree is the change scenario: My Drive with folders, and a shared drive.
type tree struct {
	elever, y2018, arkiv, a, b, c, notes, del, trash, perm, drive, d string
}

func buildTree(s *fakedrive.Server) tree {
	var tr tree
	tr.elever = s.AddFolder("Elever", "")
	tr.y2018 = s.AddFolder("2018", tr.elever)
	tr.arkiv = s.AddFolder("Arkiv", "")
	tr.a = s.AddBlob("a.txt", tr.elever, "text/plain", []byte("a"))
	tr.b = s.AddBlob("b.txt", tr.y2018, "text/plain", []byte("b"))
	tr.c = s.AddBlob("c.txt", tr.arkiv, "text/plain", []byte("c"))
	tr.notes = s.AddBlob("notes.txt", "", "text/plain", []byte("n"))
	tr.del = s.AddBlob("del.txt", tr.elever, "text/plain", []byte("x"))
	tr.trash = s.AddBlob("trash.txt", "", "text/plain", []byte("t"))
	tr.perm = s.AddBlob("perm.txt", tr.elever, "text/plain", []byte("p"))
	tr.drive = s.AddDrive("Skole")
	lærere := s.AddFolder("Lærere", tr.drive)
	tr.d = s.AddBlob("d.txt", lærere, "text/plain", []byte("d"))
	return tr
}

// changes runs WalkChanges on a new connector (a nightly run is a new
// process), returning the items, the next cursor and the API requests.
func changes(t *testing.T, s *fakedrive.Server, tg Target, cur string) ([]connectors.Item, string, int64) {
	t.Helper()
	c := connect(t, s, tg, nil)
	before := s.Stats().Requests
	var items []connectors.Item
	next, err := c.WalkChanges(context.Background(), cur, func(it connectors.Item) error {
		items = append(items, it)
		return nil
	})
	if err != nil {
		t.Fatalf("WalkChanges(%v): %v", tg, err)
	}
	return items, next, s.Stats().Requests - before
}

// summary is what a test compares: present items by Display, removed ones
// by ID.
func summary(items []connectors.Item) (present, removed []string) {
	for _, it := range items {
		if it.Removed {
			removed = append(removed, it.ID)
		} else {
			present = append(present, it.Display)
		}
	}
	sort.Strings(present)
	sort.Strings(removed)
	return present, removed
}

func TestWalkChanges(t *testing.T) {
	type want struct {
		present []string
		removed func(tree) []string // nil: none
		// extraRemoved allows other removals (files changed outside a
		// folder target).
		extraRemoved bool
	}
	for _, tc := range []struct {
		name   string
		target func(tree) Target
		want   want
	}{
		{"all", func(tree) Target { return Target{Kind: KindAll} }, want{
			present: []string{"My Drive/Arkiv/2018/b.txt", "My Drive/Arkiv/a2.txt", "My Drive/Elever/new.txt",
				"My Drive/Elever/perm.txt", "My Drive/notes.txt", "Ny/e.txt", "Skole/Lærere/d.txt"},
			removed: func(tr tree) []string { return []string{tr.del, tr.trash} },
		}},
		{"my", func(tree) Target { return Target{Kind: KindMy} }, want{
			present: []string{"My Drive/Arkiv/2018/b.txt", "My Drive/Arkiv/a2.txt", "My Drive/Elever/new.txt",
				"My Drive/Elever/perm.txt", "My Drive/notes.txt"},
			removed: func(tr tree) []string { return []string{tr.del, tr.trash} },
		}},
		{"shared", func(tr tree) Target { return Target{Kind: KindShared, ID: tr.drive} }, want{
			present: []string{"Skole/Lærere/d.txt"},
		}},
		{"folder", func(tr tree) Target { return Target{Kind: KindFolder, ID: tr.elever} }, want{
			present: []string{"My Drive/Elever/new.txt", "My Drive/Elever/perm.txt"},
			// a.txt and 2018 (with b.txt) moved out; del.txt deleted.
			removed:      func(tr tree) []string { return []string{tr.a, tr.b, tr.del} },
			extraRemoved: true,
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := newFake(t)
			tr := buildTree(s)
			tg := tc.target(tr)
			c := connect(t, s, tg, nil)
			cur, err := c.Cursor(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			full := walk(t, c)
			if len(full) == 0 {
				t.Fatal("empty walk")
			}
			drives := 1
			if tg.Kind == KindAll {
				drives = 2
			}

			// Nothing changed: nothing listed, a few calls per drive.
			items, cur2, calls := changes(t, s, tg, cur)
			if len(items) != 0 {
				t.Errorf("nothing changed, listed %+v", items)
			}
			if calls > int64(3*drives) {
				t.Errorf("nothing changed: %d requests for %d drives", calls, drives)
			}
			t.Logf("%s, nothing changed: %d requests for %d drives", tc.name, calls, drives)

			s.SetContent(tr.notes, []byte("passord=hemmelig"))
			s.AddBlob("new.txt", tr.elever, "text/plain", []byte("ny"))
			s.Delete(tr.del)
			s.Trash(tr.trash)
			s.Move(tr.a, "a2.txt", tr.arkiv)
			s.Share(tr.perm, fakedrive.Permission{Type: "anyone", Role: "reader"})
			s.Move(tr.y2018, "", tr.arkiv) // a change of the folder only
			s.SetContent(tr.d, []byte("dd"))
			ny := s.AddDrive("Ny")
			s.AddBlob("e.txt", ny, "text/plain", []byte("e"))

			downloads := s.TotalDownloads()
			items, cur3, calls := changes(t, s, tg, cur2)
			t.Logf("%s, after edits: %d requests, %d items", tc.name, calls, len(items))
			if s.TotalDownloads() != downloads {
				t.Error("WalkChanges downloaded files")
			}
			present, removed := summary(items)
			if !reflect.DeepEqual(present, tc.want.present) {
				t.Errorf("present:\n got %q\nwant %q", present, tc.want.present)
			}
			var wantRemoved []string
			if tc.want.removed != nil {
				wantRemoved = tc.want.removed(tr)
				sort.Strings(wantRemoved)
			}
			if tc.want.extraRemoved {
				for _, id := range wantRemoved {
					if !contains(removed, id) {
						t.Errorf("%s not removed: %q", id, removed)
					}
				}
			} else if !reflect.DeepEqual(removed, wantRemoved) {
				t.Errorf("removed:\n got %q\nwant %q", removed, wantRemoved)
			}
			// Changed items are the items a full walk gives now.
			now := map[string]connectors.Item{}
			for _, it := range walk(t, connect(t, s, tg, nil)) {
				now[it.ID] = it
			}
			for _, it := range items {
				w, ok := now[it.ID]
				switch {
				case it.Removed && ok:
					t.Errorf("%s removed but walked: %+v", it.ID, w)
				case it.Removed:
					if it.Path != "gdrive/"+it.ID && !strings.HasPrefix(it.Path, "gdrive/"+it.ID+"/") {
						t.Errorf("removed %s: Path %q", it.ID, it.Path)
					}
				case !ok:
					t.Errorf("%s listed but not walked", it.Display)
				case it.Path != w.Path || it.Display != w.Display || it.Version != w.Version || it.Skip != w.Skip ||
					it.Size != w.Size || !it.ModTime.Equal(w.ModTime) || !reflect.DeepEqual(it.Ref, w.Ref):
					t.Errorf("%s differs from the walk:\n got %+v\nwant %+v", it.ID, it, w)
				}
			}
			// The next cursor knows the new drive: nothing to list.
			items, _, calls = changes(t, s, tg, cur3)
			if len(items) != 0 {
				t.Errorf("second run listed %+v", items)
			}
			if max := int64(3 * drives); tg.Kind == KindAll && calls > 3*3 || tg.Kind != KindAll && calls > max {
				t.Errorf("second run: %d requests", calls)
			}
		})
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func TestWalkChangesExpired(t *testing.T) {
	s := newFake(t)
	tr := buildTree(s)
	c := connect(t, s, Target{Kind: KindAll}, nil)
	cur, err := c.Cursor(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	my, err := connect(t, s, Target{Kind: KindMy}, nil).Cursor(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name   string
		prep   func()
		cursor string
	}{
		{"garbage", func() {}, "not json"},
		{"another target's", func() {}, my},
		{"future token", func() {}, strings.Replace(cur, `"my":"`, `"my":"9`, 1)},
		{"shared drive log expired", func() { s.ExpireChanges(tr.drive) }, cur},
		{"user log expired", func() { s.ExpireChanges("") }, cur},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.prep()
			called := false
			_, err := c.WalkChanges(context.Background(), tc.cursor, func(connectors.Item) error {
				called = true
				return nil
			})
			if !errors.Is(err, connectors.ErrCursorExpired) {
				t.Errorf("err %v, want ErrCursorExpired", err)
			}
			if called {
				t.Error("items listed before the cursor was refused")
			}
		})
	}
}

// TestWalkChangesRetries: changes calls go through the pacer, so 5xx and
// dropped connections are retried (net/http itself retries some drops
// of idle connections, so only the 5xx are sure to count).
func TestWalkChangesRetries(t *testing.T) {
	s := newFake(t)
	tr := buildTree(s)
	c := connect(t, s, Target{Kind: KindAll}, nil)
	s.FailNext(fakedrive.Internal, fakedrive.Drop)
	cur, err := c.Cursor(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	s.SetContent(tr.d, []byte("new"))
	s.FailNext(0, fakedrive.Unavailable, fakedrive.Drop)
	var got []string
	if _, err := c.WalkChanges(context.Background(), cur, func(it connectors.Item) error {
		got = append(got, it.Display)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, []string{"Skole/Lærere/d.txt"}) || c.Stats().Retries < 2 {
		t.Errorf("got %q after %d retries", got, c.Stats().Retries)
	}
}
