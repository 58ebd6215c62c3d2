package fakedrive

import (
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/subtle"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"
)

// The fake's OAuth client for the installed-app flow.
const (
	ClientID     = "fake-client.apps.googleusercontent.com"
	ClientSecret = "fake-client-secret"
)

// Grant is one token the fake issued.
type Grant struct {
	Type    string // jwt-bearer, refresh_token, authorization_code, static
	Email   string // service account email (jwt-bearer)
	Subject string // impersonated user (jwt-bearer with sub)
	Scope   string
}

type pending struct {
	redirect, challenge string
}

type authState struct {
	mu       sync.Mutex
	tokens   map[string]Grant // access token -> grant
	refresh  map[string]bool
	accounts map[string]bool // service account emails with a key
	codes    map[string]pending
	grants   []Grant
	n        int
	// delegated are the scopes each service account may impersonate
	// users with (domain-wide delegation); nil allows any.
	delegated map[string][]string
}

func (a *authState) init() {
	a.tokens, a.refresh, a.accounts, a.codes = map[string]Grant{}, map[string]bool{}, map[string]bool{}, map[string]pending{}
}

var (
	keyOnce sync.Once
	testKey *rsa.PrivateKey
	keyErr  error
)

// key is one RSA key per process: generating keys is slow under -race.
func key() *rsa.PrivateKey {
	keyOnce.Do(func() { testKey, keyErr = rsa.GenerateKey(rand.Reader, 2048) })
	if keyErr != nil {
		panic(keyErr)
	}
	return testKey
}

func (a *authState) issue(g Grant) string {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.n++
	tok := fmt.Sprintf("ya29.fake-%d", a.n)
	a.tokens[tok] = g
	a.grants = append(a.grants, g)
	return tok
}

func (a *authState) valid(r *http.Request) bool {
	tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if !ok {
		return false
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	_, ok = a.tokens[tok]
	return ok
}

// delegates says whether service account sa may impersonate users with
// every scope of scope (space-separated).
func (a *authState) delegates(sa, scope string) bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.delegated == nil {
		return true
	}
	for _, sc := range strings.Fields(scope) {
		if !slices.Contains(a.delegated[sa], sc) {
			return false
		}
	}
	return true
}

// IssueToken returns a valid access token, for oauth2.StaticTokenSource.
func (s *Server) IssueToken() string { return s.auth.issue(Grant{Type: "static"}) }

// IssueTokenFor returns a valid access token of a service account
// impersonating subject with scope (space-separated), as the token
// endpoint would issue it.
func (s *Server) IssueTokenFor(subject, scope string) string {
	return s.auth.issue(Grant{Type: "jwt-bearer", Email: "tests@fake-project.iam.gserviceaccount.com", Subject: subject, Scope: scope})
}

// RevokeTokens invalidates every access and refresh token issued so far:
// API calls then get 401 and refreshes invalid_grant.
func (s *Server) RevokeTokens() {
	s.auth.mu.Lock()
	defer s.auth.mu.Unlock()
	s.auth.tokens, s.auth.refresh = map[string]Grant{}, map[string]bool{}
}

// Grants lists the tokens issued, oldest first.
func (s *Server) Grants() []Grant {
	s.auth.mu.Lock()
	defer s.auth.mu.Unlock()
	return append([]Grant(nil), s.auth.grants...)
}

// TokenURL is the fake's token endpoint; AuthURL its consent page.
func (s *Server) TokenURL() string { return s.srv.URL + "/token" }

// AuthURL is the consent page: it approves at once and redirects back.
func (s *Server) AuthURL() string { return s.srv.URL + "/auth" }

// ServiceAccountJSON returns a service account key file for email whose
// token_uri is the fake, as GOOGLE_APPLICATION_CREDENTIALS points to.
func (s *Server) ServiceAccountJSON(email string) []byte {
	s.auth.mu.Lock()
	s.auth.accounts[email] = true
	s.auth.mu.Unlock()
	der, err := x509.MarshalPKCS8PrivateKey(key())
	if err != nil {
		panic(err)
	}
	b, _ := json.Marshal(map[string]string{
		"type": "service_account", "project_id": "fake-project", "private_key_id": "fake-key-1",
		"private_key":  string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der})),
		"client_email": email, "client_id": "1234567890",
		"auth_uri": s.AuthURL(), "token_uri": s.TokenURL(),
	})
	return b
}

// AuthorizedUserJSON returns an authorized_user credentials file (what
// `gcloud auth application-default login` writes) with a valid refresh token.
func (s *Server) AuthorizedUserJSON() []byte {
	s.auth.mu.Lock()
	s.auth.n++
	rt := fmt.Sprintf("1//fake-refresh-%d", s.auth.n)
	s.auth.refresh[rt] = true
	s.auth.mu.Unlock()
	b, _ := json.Marshal(map[string]string{
		"type": "authorized_user", "client_id": ClientID, "client_secret": ClientSecret,
		"refresh_token": rt, "token_uri": s.TokenURL(),
	})
	return b
}

func tokenError(w http.ResponseWriter, code int, kind, desc string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	_ = json.NewEncoder(w).Encode(map[string]string{"error": kind, "error_description": desc})
}

func (s *Server) handleToken(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		tokenError(w, 400, "invalid_request", "bad form")
		return
	}
	var g Grant
	refresh := ""
	switch r.PostForm.Get("grant_type") {
	case "urn:ietf:params:oauth:grant-type:jwt-bearer":
		c, err := s.verifyJWT(r.PostForm.Get("assertion"))
		if err != nil {
			tokenError(w, 400, "invalid_grant", err.Error())
			return
		}
		if why := s.impersonable(c.Sub); why != "" {
			tokenError(w, 400, "invalid_grant", why)
			return
		}
		if c.Sub != "" && !s.auth.delegates(c.Iss, c.Scope) {
			tokenError(w, 401, "unauthorized_client",
				"Client is unauthorized to retrieve access tokens using this method, or client not authorized for any of the scopes requested.")
			return
		}
		g = Grant{Type: "jwt-bearer", Email: c.Iss, Subject: c.Sub, Scope: c.Scope}
	case "refresh_token":
		s.auth.mu.Lock()
		ok := s.auth.refresh[r.PostForm.Get("refresh_token")]
		s.auth.mu.Unlock()
		if !ok || !s.clientOK(r) {
			tokenError(w, 400, "invalid_grant", "Token has been expired or revoked.")
			return
		}
		g = Grant{Type: "refresh_token"}
	case "authorization_code":
		s.auth.mu.Lock()
		p, ok := s.auth.codes[r.PostForm.Get("code")]
		delete(s.auth.codes, r.PostForm.Get("code"))
		s.auth.mu.Unlock()
		sum := sha256.Sum256([]byte(r.PostForm.Get("code_verifier")))
		switch {
		case !ok || !s.clientOK(r):
			tokenError(w, 400, "invalid_grant", "Malformed auth code.")
			return
		case p.redirect != r.PostForm.Get("redirect_uri"):
			tokenError(w, 400, "redirect_uri_mismatch", "redirect_uri differs")
			return
		case base64.RawURLEncoding.EncodeToString(sum[:]) != p.challenge:
			tokenError(w, 400, "invalid_grant", "Invalid code verifier.")
			return
		}
		g = Grant{Type: "authorization_code"}
		s.auth.mu.Lock()
		s.auth.n++
		refresh = fmt.Sprintf("1//fake-refresh-%d", s.auth.n)
		s.auth.refresh[refresh] = true
		s.auth.mu.Unlock()
	default:
		tokenError(w, 400, "unsupported_grant_type", "unsupported grant_type")
		return
	}
	out := map[string]any{"access_token": s.auth.issue(g), "token_type": "Bearer", "expires_in": 3599}
	if s.variant().MinimalToken {
		out = map[string]any{"access_token": out["access_token"]}
	}
	if refresh != "" {
		out["refresh_token"] = refresh
	}
	writeJSON(w, out)
}

// clientOK checks the client credentials, in the form or in Basic auth.
func (s *Server) clientOK(r *http.Request) bool {
	id, secret, ok := r.BasicAuth()
	if ok {
		id, _ = url.QueryUnescape(id)
		secret, _ = url.QueryUnescape(secret)
	} else {
		id, secret = r.PostForm.Get("client_id"), r.PostForm.Get("client_secret")
	}
	return id == ClientID && subtle.ConstantTimeCompare([]byte(secret), []byte(ClientSecret)) == 1
}

type claims struct {
	Iss   string `json:"iss"`
	Sub   string `json:"sub"`
	Scope string `json:"scope"`
	Aud   string `json:"aud"`
	Exp   int64  `json:"exp"`
	Iat   int64  `json:"iat"`
}

// verifyJWT checks an RS256 assertion signed with the test key for a known
// service account, addressed to this token endpoint and not expired.
func (s *Server) verifyJWT(assertion string) (*claims, error) {
	parts := strings.Split(assertion, ".")
	if len(parts) != 3 {
		return nil, fmt.Errorf("malformed JWT")
	}
	var hdr struct {
		Alg string `json:"alg"`
	}
	hb, err1 := base64.RawURLEncoding.DecodeString(parts[0])
	cb, err2 := base64.RawURLEncoding.DecodeString(parts[1])
	sig, err3 := base64.RawURLEncoding.DecodeString(parts[2])
	if err1 != nil || err2 != nil || err3 != nil || json.Unmarshal(hb, &hdr) != nil || hdr.Alg != "RS256" {
		return nil, fmt.Errorf("malformed JWT")
	}
	sum := sha256.Sum256([]byte(parts[0] + "." + parts[1]))
	if err := rsa.VerifyPKCS1v15(&key().PublicKey, crypto.SHA256, sum[:], sig); err != nil {
		return nil, fmt.Errorf("invalid JWT signature")
	}
	var c claims
	if err := json.Unmarshal(cb, &c); err != nil {
		return nil, fmt.Errorf("malformed JWT claims")
	}
	s.auth.mu.Lock()
	known := s.auth.accounts[c.Iss]
	s.auth.mu.Unlock()
	now := time.Now().Unix()
	switch {
	case !known:
		return nil, fmt.Errorf("invalid_client: unknown service account")
	case c.Aud != s.TokenURL():
		return nil, fmt.Errorf("invalid JWT audience")
	case c.Exp < now || c.Iat > now+300:
		return nil, fmt.Errorf("Invalid JWT: Token must be a short-lived token")
	}
	return &c, nil
}

// handleAuth approves at once: it redirects to redirect_uri with a code
// bound to the PKCE challenge, echoing state.
func (s *Server) handleAuth(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	redirect := q.Get("redirect_uri")
	u, err := url.Parse(redirect)
	switch {
	case q.Get("client_id") != ClientID || q.Get("response_type") != "code":
		http.Error(w, "invalid_client", http.StatusBadRequest)
		return
	case err != nil || u.Scheme != "http" || (u.Hostname() != "127.0.0.1" && u.Hostname() != "localhost"):
		http.Error(w, "redirect_uri must be a loopback address", http.StatusBadRequest)
		return
	case q.Get("code_challenge_method") != "S256" || q.Get("code_challenge") == "":
		http.Error(w, "PKCE required", http.StatusBadRequest)
		return
	}
	s.auth.mu.Lock()
	s.auth.n++
	code := fmt.Sprintf("4/fake-code-%d", s.auth.n)
	s.auth.codes[code] = pending{redirect: redirect, challenge: q.Get("code_challenge")}
	s.auth.mu.Unlock()
	v := u.Query()
	v.Set("code", code)
	v.Set("state", q.Get("state"))
	u.RawQuery = v.Encode()
	http.Redirect(w, r, u.String(), http.StatusFound)
}
