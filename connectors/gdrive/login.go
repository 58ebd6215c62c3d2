package gdrive

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"time"

	"golang.org/x/oauth2"
	"golang.org/x/oauth2/google"
)

// LoginConfig configures the interactive installed-app login.
type LoginConfig struct {
	ClientID, ClientSecret string
	// AuthURL and TokenURL default to Google's.
	AuthURL, TokenURL string
	// Scopes default to drive.readonly.
	Scopes []string
	// Prompt receives the URL to open in a browser (cmd prints it or starts
	// a browser). Required.
	Prompt func(url string) error
	// HTTPClient exchanges the code (tests); nil means the default.
	HTTPClient *http.Client
	// Timeout bounds the wait for the browser (default 5 minutes).
	Timeout time.Duration
}

// LoginConfigFromJSON reads a client_secret JSON downloaded from the Google
// Cloud console ("installed" or "web" client).
func LoginConfigFromJSON(data []byte) (LoginConfig, error) {
	cfg, err := google.ConfigFromJSON(data, ScopeReadonly)
	if err != nil {
		return LoginConfig{}, fmt.Errorf("gdrive: bad client secret file: %v", err)
	}
	return LoginConfig{ClientID: cfg.ClientID, ClientSecret: cfg.ClientSecret,
		AuthURL: cfg.Endpoint.AuthURL, TokenURL: cfg.Endpoint.TokenURL}, nil
}

// PromptWriter returns a Prompt that prints the URL to w.
func PromptWriter(w io.Writer) func(string) error {
	return func(u string) error {
		_, err := fmt.Fprintf(w, "Open this URL in a browser to let credsweep read your Drive (read-only):\n\n  %s\n\n", u)
		return err
	}
}

// Login runs the OAuth installed-app flow: a loopback redirect on
// 127.0.0.1, PKCE and a state check, then exchanges the code for a token
// (with a refresh token, for SaveToken).
func Login(ctx context.Context, cfg LoginConfig) (*oauth2.Token, error) {
	if cfg.ClientID == "" || cfg.Prompt == nil {
		return nil, errors.New("gdrive: login needs a client id and a prompt")
	}
	if cfg.AuthURL == "" || cfg.TokenURL == "" {
		cfg.AuthURL, cfg.TokenURL = google.Endpoint.AuthURL, google.Endpoint.TokenURL
	}
	if len(cfg.Scopes) == 0 {
		cfg.Scopes = []string{ScopeReadonly}
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = 5 * time.Minute
	}
	ctx, cancel := context.WithTimeout(ctx, cfg.Timeout)
	defer cancel()

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("gdrive: cannot listen for the login redirect: %v", err)
	}
	conf := &oauth2.Config{
		ClientID: cfg.ClientID, ClientSecret: cfg.ClientSecret, Scopes: cfg.Scopes,
		Endpoint:    oauth2.Endpoint{AuthURL: cfg.AuthURL, TokenURL: cfg.TokenURL},
		RedirectURL: "http://" + ln.Addr().String() + "/",
	}
	state, verifier := randomString(), oauth2.GenerateVerifier()

	type result struct {
		code string
		err  error
	}
	got := make(chan result, 1)
	srv := &http.Server{ReadHeaderTimeout: 10 * time.Second, Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		var res result
		switch {
		case q.Get("state") != state:
			http.Error(w, "Login failed: state mismatch.", http.StatusBadRequest)
			return // a stray or forged request: keep waiting
		case q.Get("error") != "":
			res.err = fmt.Errorf("gdrive: login refused: %s", q.Get("error"))
		case q.Get("code") == "":
			res.err = errors.New("gdrive: login redirect without a code")
		default:
			res.code = q.Get("code")
		}
		msg := "credsweep is logged in to Google Drive. You can close this window."
		if res.err != nil {
			msg = "Login failed: " + res.err.Error()
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, "<!doctype html><title>credsweep</title><p>%s</p>", html.EscapeString(msg))
		select {
		case got <- res:
		default:
		}
	})}
	go func() { _ = srv.Serve(ln) }()
	defer func() {
		sctx, c := context.WithTimeout(context.Background(), time.Second)
		defer c()
		_ = srv.Shutdown(sctx)
	}()

	authURL := conf.AuthCodeURL(state, oauth2.AccessTypeOffline, oauth2.S256ChallengeOption(verifier),
		oauth2.SetAuthURLParam("prompt", "consent"))
	if err := cfg.Prompt(authURL); err != nil {
		return nil, fmt.Errorf("gdrive: %v", err)
	}
	var res result
	select {
	case res = <-got:
	case <-ctx.Done():
		return nil, fmt.Errorf("gdrive: login not completed: %w", ctx.Err())
	}
	if res.err != nil {
		return nil, res.err
	}
	xctx := ctx
	if cfg.HTTPClient != nil {
		xctx = context.WithValue(ctx, oauth2.HTTPClient, cfg.HTTPClient)
	}
	tok, err := conf.Exchange(xctx, res.code, oauth2.VerifierOption(verifier))
	if err != nil {
		return nil, fmt.Errorf("gdrive: cannot exchange the login code: %w", err)
	}
	return tok, nil
}

// LoginTokenSource refreshes a saved login token with the client that
// issued it, for Options.TokenSource.
func LoginTokenSource(ctx context.Context, cfg LoginConfig, tok *oauth2.Token) oauth2.TokenSource {
	if cfg.AuthURL == "" || cfg.TokenURL == "" {
		cfg.AuthURL, cfg.TokenURL = google.Endpoint.AuthURL, google.Endpoint.TokenURL
	}
	if cfg.HTTPClient != nil {
		ctx = context.WithValue(ctx, oauth2.HTTPClient, cfg.HTTPClient)
	}
	conf := &oauth2.Config{ClientID: cfg.ClientID, ClientSecret: cfg.ClientSecret,
		Endpoint: oauth2.Endpoint{AuthURL: cfg.AuthURL, TokenURL: cfg.TokenURL}}
	return conf.TokenSource(context.WithoutCancel(ctx), tok)
}

func randomString() string {
	b := make([]byte, 24)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// SaveToken writes tok to path readable by the owner only (0600, in a
// 0700 directory), replacing the file atomically.
func SaveToken(path string, tok *oauth2.Token) error {
	data, err := json.MarshalIndent(tok, "", "  ")
	if err != nil {
		return err
	}
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("gdrive: %v", err)
	}
	f, err := os.CreateTemp(dir, ".token-*")
	if err != nil {
		return fmt.Errorf("gdrive: %v", err)
	}
	defer os.Remove(f.Name())
	if err := f.Chmod(0o600); err != nil {
		f.Close()
		return fmt.Errorf("gdrive: %v", err)
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return fmt.Errorf("gdrive: %v", err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("gdrive: %v", err)
	}
	if err := os.Rename(f.Name(), path); err != nil {
		return fmt.Errorf("gdrive: %v", err)
	}
	return nil
}

// LoadToken reads a token written by SaveToken.
func LoadToken(path string) (*oauth2.Token, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("gdrive: no saved login (run `credsweep auth gdrive`): %v", err)
	}
	var tok oauth2.Token
	if err := json.Unmarshal(data, &tok); err != nil {
		return nil, fmt.Errorf("gdrive: saved login %s is corrupt: %v", path, err)
	}
	return &tok, nil
}
