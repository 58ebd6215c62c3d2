package gdrive

import (
	"bytes"
	"context"
	"net/http"
	"testing"
	"time"

	"google.golang.org/api/googleapi"

	"github.com/credsweep/credsweep/connectors"
	"github.com/credsweep/credsweep/connectors/gdrive/fakedrive"
)

// partialFixture is the school plus a shared drive with a Doc, and files
// shared with anyone and with the domain. The same calls give the same
// ids on every server.
func partialFixture(s *fakedrive.Server) (school, string) {
	sc := buildSchool(s)
	d := s.AddDrive("Skole")
	f := s.AddFolder("Ansatte", d)
	s.AddBlob("lonn.csv", f, "text/csv", []byte("navn;lonn\nola;1\n"))
	s.AddNative("Rutiner", d, fakedrive.DocMIME, map[string][]byte{fakedrive.TextMIME: []byte("passord: x")})
	s.Add(fakedrive.File{Name: "trash.txt", MIMEType: "text/plain", Parents: []string{d}, Trashed: true})
	s.Share(sc.passord, fakedrive.Permission{Type: "anyone", Role: "reader"})
	s.Share(sc.klasse, fakedrive.Permission{Type: "domain", Role: "reader", Domain: "example.no"})
	return sc, d
}

// outcome is what a scan sees of one file.
type outcome struct {
	skip     bool
	data     string
	audience connectors.Audience
}

// scanAll walks, reads and asks the exposure of every item.
func scanAll(t *testing.T, c *Connector) map[string]outcome {
	t.Helper()
	items := walk(t, c)
	data, errs := readAllParallel(c, items, 4)
	out := map[string]outcome{}
	for _, it := range items {
		if it.Err != nil {
			t.Errorf("%s: walk error %v", it.Display, it.Err)
			continue
		}
		if it.Link == "" {
			t.Errorf("%s: no link", it.Display)
		}
		if err := errs[it.ID]; err != nil {
			t.Errorf("%s: %v", it.Display, err)
		}
		e, err := c.Exposure(context.Background(), it)
		if err != nil {
			t.Errorf("%s: exposure: %v", it.Display, err)
		}
		out[it.ID] = outcome{skip: it.Skip != "", data: string(data[it.ID]), audience: e.Audience}
	}
	return out
}

// TestPartialDriveVariants scans a Drive that answers like a partial,
// independent implementation: the same files must be found, read and
// judged exposed as against the Drive-like fake.
func TestPartialDriveVariants(t *testing.T) {
	base := newFake(t)
	_, drv := partialFixture(base)
	want := map[string]map[string]outcome{}
	for _, tg := range []Target{{Kind: KindAll}, {Kind: KindMy}, {Kind: KindShared, ID: drv}} {
		want[tg.Kind] = scanAll(t, connect(t, base, tg, nil))
	}
	for _, tc := range []struct {
		name string
		v    fakedrive.Variant
		// faults injected at random, none when empty
		faults []fakedrive.Fault
		// kinds whose My-only filtering needs ownership the variant hides
		lax bool
	}{
		{name: "ignore fields", v: fakedrive.Variant{IgnoreFields: true}},
		{name: "no mimeType queries", v: fakedrive.Variant{RejectQueries: []string{"mimeType"}}},
		{name: "no trashed queries", v: fakedrive.Variant{RejectQueries: []string{"trashed"}}},
		{name: "no queries", v: fakedrive.Variant{RejectQueries: []string{"="}}},
		{name: "no corpora=drive", v: fakedrive.Variant{RejectCorpora: []string{"drive"}}},
		{name: "no corpora", v: fakedrive.Variant{RejectCorpora: []string{"drive", "user", "allDrives"}, RejectQueries: []string{"trashed"}}},
		{name: "no root alias", v: fakedrive.Variant{NoRootAlias: true}},
		{name: "minimal fields", v: fakedrive.Variant{MinimalFields: true, NoRootAlias: true}, lax: true},
		{name: "no about, no drives", v: fakedrive.Variant{NoAbout: true, NoDrives: true}},
		{name: "status-only errors", v: fakedrive.Variant{Errors: fakedrive.ErrorsStatusOnly},
			faults: []fakedrive.Fault{fakedrive.RateLimit, fakedrive.UserRateLimit, fakedrive.TooMany, fakedrive.Internal}},
		{name: "html errors", v: fakedrive.Variant{Errors: fakedrive.ErrorsHTML, MinimalFields: true},
			faults: []fakedrive.Fault{fakedrive.TooMany, fakedrive.Internal, fakedrive.Unavailable, fakedrive.Drop, fakedrive.Truncate}, lax: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := newFake(t)
			partialFixture(s)
			s.SetVariant(tc.v)
			s.SetRetryAfter("") // 429 without Retry-After
			if len(tc.faults) > 0 {
				s.FailRandom(0.2, 11, tc.faults...)
			}
			for _, tg := range []Target{{Kind: KindAll}, {Kind: KindMy}, {Kind: KindShared, ID: drv}} {
				if tg.Kind == KindShared && tc.v.NoDrives {
					continue // a shared drive target needs drives.get
				}
				got := scanAll(t, connect(t, s, tg, nil))
				t.Logf("%s: %d/%d files, stats %+v", tg, len(got), len(want[tg.Kind]), s.Stats())
				for id, w := range want[tg.Kind] {
					g, ok := got[id]
					switch {
					case !ok:
						t.Errorf("%s: %s lost", tg, id)
					case tc.lax && tg.Kind == KindMy && w.skip && !g.skip:
						// Without owners, a file shared with me is kept.
					case g != w:
						t.Errorf("%s: %s: got %+v want %+v", tg, id, g, w)
					}
				}
				for id := range got {
					if _, ok := want[tg.Kind][id]; !ok {
						t.Errorf("%s: %s not in the baseline", tg, id)
					}
				}
			}
		})
	}
}

// TestMyDriveKeepsOwnedOrphans: in gdrive://my a file I own whose parent
// cannot be placed (no root alias, no parents) is scanned, one shared
// with me is a noted skip.
func TestMyDriveKeepsOwnedOrphans(t *testing.T) {
	s := newFake(t)
	sc := buildSchool(s)
	s.SetVariant(fakedrive.Variant{NoRootAlias: true})
	c := connect(t, s, Target{Kind: KindMy}, nil)
	if c.root() != "" {
		t.Fatalf("root known without the alias: %q", c.root())
	}
	m := map[string]connectors.Item{}
	for _, it := range walk(t, c) {
		m[it.ID] = it
	}
	if it := m[sc.mine]; it.Skip != "" || it.Display != "My Drive/orphan.txt" {
		t.Errorf("owned orphan: %+v", it)
	}
	if it := m[sc.foreign]; it.Skip == "" {
		t.Errorf("foreign file not a noted skip: %+v", it)
	}
	if it := m[sc.klasse]; it.Display != "My Drive/Elever/2018/klasse.csv" {
		t.Errorf("root not derived: %q", it.Display)
	}
	if c.root() != s.RootID() {
		t.Errorf("derived root %q, want %q", c.root(), s.RootID())
	}
}

// TestFolderTargetWithoutTrashedQueries walks a folder with bare
// `'id' in parents` queries.
func TestFolderTargetWithoutTrashedQueries(t *testing.T) {
	s := newFake(t)
	sc := buildSchool(s)
	s.Add(fakedrive.File{Name: "gone.txt", MIMEType: "text/plain", Parents: []string{sc.elever}, Trashed: true})
	s.SetVariant(fakedrive.Variant{RejectQueries: []string{"trashed"}})
	c := connect(t, s, Target{Kind: KindFolder, ID: sc.elever}, nil)
	want := []string{"My Drive/Elever/2018/klasse.csv", "My Drive/Elever/Elevliste", "My Drive/Elever/Referat", "My Drive/Elever/passord.xlsx"}
	if got := displays(walk(t, c)); len(got) != len(want) {
		t.Fatalf("got %q want %q", got, want)
	}
}

// TestMinimalTokenResponse: the JWT flow works when the token endpoint
// leaves out expires_in and token_type.
func TestMinimalTokenResponse(t *testing.T) {
	s := newFake(t)
	s.AddBlob("f.txt", "", "text/plain", []byte("x"))
	s.SetVariant(fakedrive.Variant{MinimalToken: true})
	c, err := New(context.Background(), Target{Kind: KindMy}, jsonOptions(s, s.ServiceAccountJSON("sa@p.iam.gserviceaccount.com")))
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	defer c.Close()
	items := walk(t, c)
	if len(items) != 1 {
		t.Fatalf("items %d", len(items))
	}
	if b, err := readItem(t, c, items[0]); err != nil || !bytes.Equal(b, []byte("x")) {
		t.Fatalf("read %q %v", b, err)
	}
}

func TestClassifyErrorShapes(t *testing.T) {
	for _, tc := range []struct {
		name  string
		err   *googleapi.Error
		retry bool
	}{
		{"403 status only", &googleapi.Error{Code: 403, Body: `{"error":{"code":403,"status":"RESOURCE_EXHAUSTED"}}`}, true},
		{"403 details", &googleapi.Error{Code: 403, Body: `{"error":{"details":[{"reason":"RATE_LIMIT_EXCEEDED"}]}}`}, true},
		{"403 message", &googleapi.Error{Code: 403, Message: "User Rate Limit Exceeded"}, true},
		{"403 download quota", &googleapi.Error{Code: 403, Errors: []googleapi.ErrorItem{{Reason: "downloadQuotaExceeded"}},
			Body: `{"error":{"status":"RESOURCE_EXHAUSTED"}}`}, false},
		{"403 forbidden", &googleapi.Error{Code: 403, Body: `{"error":{"status":"PERMISSION_DENIED"}}`}, false},
		{"429 bare", &googleapi.Error{Code: 429, Body: "<html>slow down</html>", Header: http.Header{}}, true},
		{"502 html", &googleapi.Error{Code: 502, Body: "<html>Bad Gateway</html>"}, true},
		{"501", &googleapi.Error{Code: 501}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if v := classify(context.Background(), tc.err, func() time.Time { return t0 }); v.retry != tc.retry || v.fatal {
				t.Fatalf("got %+v", v)
			}
		})
	}
}
