package gdrive

import (
	"context"
	"errors"
	"sort"
	"strings"
	"testing"

	"github.com/credsweep/credsweep/connectors"
	"github.com/credsweep/credsweep/connectors/gdrive/fakedrive"
)

const domainSA = "scanner@fake-project.iam.gserviceaccount.com"

// domainFixture is a fake Workspace domain: an admin, two active users,
// a suspended and an archived one, an outsider, and three shared drives
// (one whose only member is suspended).
type domainFixture struct {
	s *fakedrive.Server
	// want maps the id of every file a domain scan must examine to its
	// content.
	want map[string]string
	// d3 is the shared drive no active user can read.
	d3 string
}

func newDomainFixture(t *testing.T) *domainFixture {
	t.Helper()
	s := newFake(t)
	s.SetMaxPageSize(2) // users.list, drives.list and files.list page
	s.Delegate(domainSA, ScopeReadonly, ScopeDirectoryUserReadonly)
	s.AddUser(fakedrive.User{Email: "admin@example.no", Admin: true})
	s.AddUser(fakedrive.User{Email: "alice@example.no"})
	s.AddUser(fakedrive.User{Email: "bob@example.no"})
	s.AddUser(fakedrive.User{Email: "carol@example.no", Suspended: true})
	s.AddUser(fakedrive.User{Email: "dave@example.no", Archived: true})
	f := &domainFixture{s: s, want: map[string]string{}}
	blob := func(name, owner string, parents []string, content string, share ...fakedrive.Permission) string {
		id := s.Add(fakedrive.File{Name: name, MIMEType: "text/plain", Owner: owner, Parents: parents,
			Content: []byte(content), Permissions: share})
		f.want[id] = content
		return id
	}
	bobReads := fakedrive.Permission{Type: "user", Role: "writer", Email: "bob@example.no"}
	aliceReads := fakedrive.Permission{Type: "user", Role: "reader", Email: "alice@example.no"}
	blob("a1.txt", "alice@example.no", nil, "alice one")
	proj := s.Add(fakedrive.File{Name: "Prosjekt", MIMEType: fakedrive.FolderMIME, Owner: "alice@example.no",
		Permissions: []fakedrive.Permission{bobReads}})
	blob("a2.txt", "alice@example.no", []string{proj}, "alice two, bob reads it through the folder")
	blob("b1.txt", "bob@example.no", nil, "bob one")
	// Bob's file in Alice's folder: both units reach it.
	blob("b-in-alice.txt", "bob@example.no", []string{proj}, "bob's file in alice's folder")
	// A suspended user's file shared with Alice: only her unit can read it.
	blob("c1.txt", "carol@example.no", nil, "carol's, shared with alice", aliceReads)
	// Carol's own, unshared: nobody can read it (her unit is skipped).
	s.Add(fakedrive.File{Name: "c-private.txt", MIMEType: "text/plain", Owner: "carol@example.no", Content: []byte("x")})
	// An outsider's file shared with Bob.
	blob("ext.txt", "ext@other.org", []string{"0Aelsewhere"}, "from outside", bobReads)
	d1 := s.AddDrive("Felles")
	s.AddDriveMember(d1, "alice@example.no", "reader")
	s.AddDriveMember(d1, "bob@example.no", "organizer")
	blob("d1.txt", "", []string{d1}, "in Felles")
	sub := s.AddFolder("Under", d1)
	blob("d1-sub.txt", "", []string{sub}, "in Felles/Under")
	d2 := s.AddDrive("Ledelse")
	s.AddDriveMember(d2, "admin@example.no", "writer")
	blob("d2.txt", "", []string{d2}, "in Ledelse")
	f.d3 = s.AddDrive("Gammel")
	s.AddDriveMember(f.d3, "carol@example.no", "organizer")
	s.Add(fakedrive.File{Name: "d3.txt", MIMEType: "text/plain", Parents: []string{f.d3}, Content: []byte("x")})
	return f
}

func domainOptions(s *fakedrive.Server) Options {
	o := testOptions(s)
	o.TokenSource, o.CredentialsJSON = nil, s.ServiceAccountJSON(domainSA)
	o.Admin = "admin@example.no"
	return o
}

func newDomain(t *testing.T, s *fakedrive.Server, mod func(*Options)) *Domain {
	t.Helper()
	o := domainOptions(s)
	if mod != nil {
		mod(&o)
	}
	d, err := NewDomain(context.Background(), o)
	if err != nil {
		t.Fatalf("NewDomain: %v", err)
	}
	d.sh.p.base = 1
	t.Cleanup(func() { d.Close() })
	return d
}

func TestDomainUnits(t *testing.T) {
	f := newDomainFixture(t)
	d := newDomain(t, f.s, nil)
	units, err := d.ListUnits(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	d.EstimateSizes(context.Background(), units)
	type row struct {
		kind, display, skip string
		size                int64
	}
	got := map[string]row{}
	var ids []string
	for _, u := range units {
		ids = append(ids, u.ID)
		skip := ""
		if u.Skip != "" {
			skip = strings.Fields(u.Skip)[0]
		}
		got[u.Display] = row{u.Kind, u.Display, skip, u.Size}
		prefix := "gdrive://user/"
		if u.Kind == UnitShared {
			prefix = "gdrive://shared/"
		}
		if !strings.HasPrefix(u.ID, prefix) || strings.Contains(u.ID, "@") {
			t.Errorf("unit ID %q", u.ID)
		}
	}
	if !sort.StringsAreSorted(ids) || len(units) != 8 {
		t.Fatalf("units %v", ids)
	}
	for _, tc := range []row{
		{UnitUser, "admin@example.no", "", 0},
		{UnitUser, "alice@example.no", "", int64(len("alice one") + len("alice two, bob reads it through the folder"))},
		{UnitUser, "bob@example.no", "", int64(len("bob one") + len("bob's file in alice's folder"))},
		{UnitUser, "carol@example.no", "suspended", -1},
		{UnitUser, "dave@example.no", "archived", -1},
		{UnitShared, "Felles", "", -1},
		{UnitShared, "Ledelse", "", -1},
		{UnitShared, "Gammel", "", -1},
	} {
		if got[tc.display] != tc {
			t.Errorf("%s: got %+v, want %+v", tc.display, got[tc.display], tc)
		}
	}
	// Stable across listings.
	again, err := d.ListUnits(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for i := range again {
		if again[i].ID != units[i].ID {
			t.Fatalf("unit %d: %s then %s", i, units[i].ID, again[i].ID)
		}
	}
	// The Directory call impersonated the admin, Drive calls each user.
	subjects := map[string]string{}
	for _, g := range f.s.Grants() {
		if g.Type == "jwt-bearer" {
			subjects[g.Subject] += g.Scope + ";"
		}
	}
	if !strings.Contains(subjects["admin@example.no"], ScopeDirectoryUserReadonly) {
		t.Errorf("admin grant scopes %q", subjects["admin@example.no"])
	}
	if sc := subjects["alice@example.no"]; sc != ScopeReadonly+";" {
		t.Errorf("alice grant scopes %q, want drive.readonly only", sc)
	}
	if _, ok := subjects["carol@example.no"]; ok {
		t.Error("tried to impersonate a suspended user")
	}
}

func TestDomainWalkEveryFileOnce(t *testing.T) {
	f := newDomainFixture(t)
	d := newDomain(t, f.s, nil)
	var items []connectors.Item
	if err := d.Walk(context.Background(), func(it connectors.Item) error {
		items = append(items, it)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	seen := map[string]int{}
	var skipped, failed []string
	for _, it := range items {
		switch {
		case it.Skip != "":
			skipped = append(skipped, it.Display)
			continue
		case it.Err != nil:
			failed = append(failed, it.Display)
			if errors.Is(it.Err, connectors.ErrFatal) {
				t.Errorf("%s: a unit's failure is fatal: %v", it.Display, it.Err)
			}
			continue
		}
		seen[it.ID]++
		if !strings.HasPrefix(it.Path, "gdrive/"+it.ID+"/") {
			t.Errorf("path %q of %s", it.Path, it.ID)
		}
		data, err := d.Open(context.Background(), it)
		if err != nil {
			t.Errorf("open %s: %v", it.Display, err)
			continue
		}
		b := make([]byte, 200)
		n, _ := data.Read(b)
		data.Close()
		if string(b[:n]) != f.want[it.ID] {
			t.Errorf("%s: read %q, want %q", it.Display, b[:n], f.want[it.ID])
		}
		if _, err := d.Exposure(context.Background(), it); err != nil {
			t.Errorf("exposure %s: %v", it.Display, err)
		}
	}
	for id := range f.want {
		if seen[id] != 1 {
			t.Errorf("file %s seen %d times", id, seen[id])
		}
	}
	for id := range seen {
		if _, ok := f.want[id]; !ok {
			t.Errorf("unexpected file %s", id)
		}
	}
	sort.Strings(skipped)
	if strings.Join(skipped, ",") != "carol@example.no,dave@example.no" {
		t.Errorf("skipped %v", skipped)
	}
	if strings.Join(failed, ",") != "Gammel" {
		t.Errorf("failed %v", failed)
	}
	disp := byDisplay(items)
	for _, want := range []string{
		"alice@example.no/My Drive/a1.txt", "alice@example.no/My Drive/Prosjekt/a2.txt",
		"alice@example.no/Shared with me/c1.txt", "bob@example.no/My Drive/b1.txt",
		"Felles/Under/d1-sub.txt", "Ledelse/d2.txt",
	} {
		if _, ok := disp[want]; !ok {
			t.Errorf("no item %q in %v", want, displays(items))
		}
	}
}

func TestDomainSelectAndConnect(t *testing.T) {
	f := newDomainFixture(t)
	d := newDomain(t, f.s, nil)
	units, err := d.ListUnits(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var bob Unit
	for _, u := range units {
		if u.Display == "bob@example.no" {
			bob = u
		}
	}
	// One unit alone, as a shard runs it: Bob's files, the outsider's
	// file shared with him, nothing of Alice's.
	if u, err := d.UnitByID(context.Background(), bob.ID); err != nil || u != bob {
		t.Fatalf("UnitByID: %+v, %v", u, err)
	}
	if _, err := d.UnitByID(context.Background(), "gdrive://user/0"); err == nil {
		t.Fatal("UnitByID of an unknown unit")
	}
	c, err := d.Connect(context.Background(), bob)
	if err != nil {
		t.Fatal(err)
	}
	got := displays(walk(t, c))
	want := []string{"bob@example.no/My Drive/Prosjekt/b-in-alice.txt", "bob@example.no/My Drive/b1.txt",
		"bob@example.no/Shared with me/ext.txt"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("bob's unit: %v, want %v", got, want)
	}
	d.Select(func(u Unit) bool { return u.Kind == UnitShared })
	var shared []string
	if err := d.Walk(context.Background(), func(it connectors.Item) error {
		if it.Err == nil {
			shared = append(shared, it.Display)
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	sort.Strings(shared)
	if strings.Join(shared, "|") != "Felles/Under/d1-sub.txt|Felles/d1.txt|Ledelse/d2.txt" {
		t.Errorf("shared units: %v", shared)
	}
}

func TestDomainRefused(t *testing.T) {
	for _, tc := range []struct {
		name  string
		setup func(s *fakedrive.Server, o *Options)
		fatal bool
	}{
		{"no directory scope delegated", func(s *fakedrive.Server, o *Options) {
			s.Delegate("other@fake-project.iam.gserviceaccount.com", ScopeReadonly)
			o.CredentialsJSON = s.ServiceAccountJSON("other@fake-project.iam.gserviceaccount.com")
		}, true},
		{"not an admin", func(s *fakedrive.Server, o *Options) { o.Admin = "alice@example.no" }, false},
		{"unknown admin", func(s *fakedrive.Server, o *Options) { o.Admin = "nobody@example.no" }, true},
		{"no admin", func(s *fakedrive.Server, o *Options) { o.Admin = "" }, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newDomainFixture(t)
			o := domainOptions(f.s)
			tc.setup(f.s, &o)
			_, err := NewDomain(context.Background(), o)
			if err == nil || errors.Is(err, connectors.ErrFatal) != tc.fatal {
				t.Fatalf("err %v, want fatal=%v", err, tc.fatal)
			}
		})
	}
}
