package gdrive

import (
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/oauth2"

	"github.com/credsweep/credsweep/connectors/gdrive/fakedrive"
)

// browse plays the browser: it follows the consent redirect to the
// loopback listener.
func browse(t *testing.T, mutate func(string) string) func(string) error {
	return func(u string) error {
		go func() {
			resp, err := http.Get(mutate(u))
			if err != nil {
				t.Errorf("browser: %v", err)
				return
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
		}()
		return nil
	}
}

func TestLogin(t *testing.T) {
	s := newFake(t)
	cfg := LoginConfig{ClientID: fakedrive.ClientID, ClientSecret: fakedrive.ClientSecret,
		AuthURL: s.AuthURL(), TokenURL: s.TokenURL(), Timeout: 10 * time.Second,
		Prompt: browse(t, func(u string) string {
			if !strings.Contains(u, "code_challenge_method=S256") || !strings.Contains(u, "access_type=offline") {
				t.Errorf("auth URL lacks PKCE or offline access: %s", u)
			}
			return u
		})}
	tok, err := Login(context.Background(), cfg)
	if err != nil {
		t.Fatalf("Login: %v", err)
	}
	if tok.AccessToken == "" || tok.RefreshToken == "" {
		t.Fatalf("token %+v", tok)
	}
	// The saved login works as a token source, refresh included.
	path := filepath.Join(t.TempDir(), "cfg", "credsweep", "gdrive-token.json")
	if err := SaveToken(path, tok); err != nil {
		t.Fatal(err)
	}
	fi, _ := os.Stat(path)
	di, _ := os.Stat(filepath.Dir(path))
	if fi.Mode().Perm() != 0o600 || di.Mode().Perm() != 0o700 {
		t.Fatalf("modes %v %v", fi.Mode(), di.Mode())
	}
	back, err := LoadToken(path)
	if err != nil || back.RefreshToken != tok.RefreshToken {
		t.Fatalf("LoadToken: %+v %v", back, err)
	}
	back.Expiry = time.Now().Add(-time.Hour) // force a refresh
	o := testOptions(s)
	o.TokenSource = LoginTokenSource(context.Background(), cfg, back)
	if _, err := New(context.Background(), Target{Kind: KindMy}, o); err != nil {
		t.Fatalf("New with saved login: %v", err)
	}
	if g := s.Grants(); g[len(g)-1].Type != "refresh_token" {
		t.Fatalf("no refresh: %+v", g)
	}
}

func TestLoginRejectsForgedState(t *testing.T) {
	s := newFake(t)
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	cfg := LoginConfig{ClientID: fakedrive.ClientID, ClientSecret: fakedrive.ClientSecret,
		AuthURL: s.AuthURL(), TokenURL: s.TokenURL(),
		Prompt: browse(t, func(u string) string {
			return strings.Replace(u, "state=", "state=forged", 1)
		})}
	if _, err := Login(ctx, cfg); err == nil || !strings.Contains(err.Error(), "not completed") {
		t.Fatalf("forged state accepted: %v", err)
	}
}

func TestLoadTokenErrors(t *testing.T) {
	dir := t.TempDir()
	if _, err := LoadToken(filepath.Join(dir, "none.json")); err == nil {
		t.Error("missing file")
	}
	bad := filepath.Join(dir, "bad.json")
	os.WriteFile(bad, []byte("{"), 0o600)
	if _, err := LoadToken(bad); err == nil {
		t.Error("corrupt file")
	}
	var _ oauth2.TokenSource = LoginTokenSource(context.Background(), LoginConfig{}, &oauth2.Token{})
}

func TestLoginConfigFromJSON(t *testing.T) {
	cfg, err := LoginConfigFromJSON([]byte(`{"installed":{"client_id":"id1","client_secret":"sec","auth_uri":"https://a/auth","token_uri":"https://a/token","redirect_uris":["http://localhost"]}}`))
	if err != nil || cfg.ClientID != "id1" || cfg.TokenURL != "https://a/token" {
		t.Fatalf("%+v %v", cfg, err)
	}
	if _, err := LoginConfigFromJSON([]byte(`{}`)); err == nil {
		t.Error("empty file accepted")
	}
}
