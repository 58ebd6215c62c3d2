package gdrive

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/credsweep/credsweep/connectors"
	"github.com/credsweep/credsweep/connectors/gdrive/fakedrive"
)

// jsonOptions authenticate with a key file only, as from
// GOOGLE_APPLICATION_CREDENTIALS.
func jsonOptions(s *fakedrive.Server, creds []byte) Options {
	o := testOptions(s)
	o.TokenSource, o.CredentialsJSON = nil, creds
	return o
}

func TestServiceAccountJWT(t *testing.T) {
	s := newFake(t)
	s.AddBlob("f.txt", "", "text/plain", []byte("x"))
	const sa = "scanner@fake-project.iam.gserviceaccount.com"
	key := s.ServiceAccountJSON(sa)
	for _, tc := range []struct{ impersonate, wantMe string }{
		{"", s.Me},
		{"rektor@example.no", "rektor@example.no"},
	} {
		o := jsonOptions(s, key)
		o.Impersonate = tc.impersonate
		c, err := New(context.Background(), Target{Kind: KindMy}, o)
		if err != nil {
			t.Fatalf("New: %v", err)
		}
		g := s.Grants()
		last := g[len(g)-1]
		if last.Type != "jwt-bearer" || last.Email != sa || last.Subject != tc.impersonate || last.Scope != ScopeReadonly {
			t.Fatalf("grant %+v", last)
		}
		if c.Account() != tc.wantMe {
			t.Fatalf("account %q", c.Account())
		}
		if items := walk(t, c); len(items) != 1 {
			t.Fatalf("items %d", len(items))
		}
	}
}

func TestAuthorizedUser(t *testing.T) {
	s := newFake(t)
	creds := s.AuthorizedUserJSON()
	if _, err := New(context.Background(), Target{Kind: KindMy}, jsonOptions(s, creds)); err != nil {
		t.Fatalf("New: %v", err)
	}
	s.RevokeTokens() // the refresh token too: invalid_grant
	_, err := New(context.Background(), Target{Kind: KindMy}, jsonOptions(s, creds))
	if !errors.Is(err, connectors.ErrFatal) || !strings.Contains(err.Error(), "invalid_grant") {
		t.Fatalf("revoked refresh token: %v", err)
	}
}

func TestBadCredentials(t *testing.T) {
	s := newFake(t)
	for _, tc := range []struct {
		name  string
		creds string
		imp   string
		want  string
	}{
		{"not json", "nope", "", "not a JSON key file"},
		{"external account", `{"type":"external_account"}`, "", "unsupported credentials type"},
		{"impersonate user creds", string(s.AuthorizedUserJSON()), "x@example.no", "impersonation needs a service account"},
		{"unknown service account", strings.Replace(string(s.ServiceAccountJSON("a@x")), `"a@x"`, `"b@x"`, 1), "", "refused the credentials"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			o := jsonOptions(s, []byte(tc.creds))
			o.Impersonate = tc.imp
			_, err := New(context.Background(), Target{Kind: KindMy}, o)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("got %v, want %q", err, tc.want)
			}
		})
	}
}

func TestEndpointForms(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"", ""},
		{"https://www.googleapis.com", "https://www.googleapis.com/drive/v3/"},
		{"https://www.googleapis.com/", "https://www.googleapis.com/drive/v3/"},
		{"https://www.googleapis.com/drive/v3", "https://www.googleapis.com/drive/v3/"},
		{"https://www.googleapis.com/drive/v3/", "https://www.googleapis.com/drive/v3/"},
		{"http://127.0.0.1:80/proxy/", "http://127.0.0.1:80/proxy/drive/v3/"},
	} {
		if got := apiEndpoint(tc.in); got != tc.want {
			t.Errorf("apiEndpoint(%q) = %q want %q", tc.in, got, tc.want)
		}
	}
	s := newFake(t)
	s.AddBlob("f.txt", "", "text/plain", []byte("x"))
	for _, ep := range []string{s.URL(), s.URL() + "/", s.URL() + "/drive/v3", s.URL() + "/drive/v3/"} {
		c := connect(t, s, Target{Kind: KindMy}, func(o *Options) { o.Endpoint = ep })
		if b, err := readItem(t, c, walk(t, c)[0]); err != nil || string(b) != "x" {
			t.Errorf("%s: %q %v", ep, b, err)
		}
	}
}

func TestTrustedExportLinks(t *testing.T) {
	c := &Connector{exportHost: "127.0.0.1:5555"}
	for link, want := range map[string]bool{
		"https://docs.google.com/feeds/download/documents/export/Export?id=1": true,
		"https://www.googleapis.com/drive/v3/files/1/export":                  true,
		"http://docs.google.com/x":                                            false,
		"https://evil.example/x":                                              false,
		"https://docs.google.com.evil.example/x":                              false,
		"http://127.0.0.1:5555/exportlink/1":                                  true,
		"http://127.0.0.1:6666/exportlink/1":                                  false,
	} {
		if got := c.trustedLink(link); got != want {
			t.Errorf("%s: %v", link, got)
		}
	}
}
