package gdrive

import (
	"net/http"
	"strings"
	"time"

	"golang.org/x/oauth2"
)

// Read-only scopes: credsweep never asks for write access.
const (
	ScopeReadonly         = "https://www.googleapis.com/auth/drive.readonly"
	ScopeMetadataReadonly = "https://www.googleapis.com/auth/drive.metadata.readonly"
)

// Options configure a Connector. Zero values mean the defaults.
type Options struct {
	// Endpoint is the API root ("https://www.googleapis.com/"), with or
	// without its trailing "drive/v3/"; empty means Google's.
	Endpoint string
	// CredentialsJSON is a service_account or authorized_user credentials
	// file; nil means TokenSource, then Application Default Credentials.
	CredentialsJSON []byte
	// TokenSource is an alternative to CredentialsJSON (a cached login).
	TokenSource oauth2.TokenSource
	// Impersonate is the user a service account with domain-wide
	// delegation acts for (the JWT "sub").
	Impersonate string
	// Admin is the Workspace administrator a gdrive://domain scan
	// impersonates for the Directory API (users.list) and to list every
	// shared drive (NewDomain); each user's Drive is read impersonating
	// that user.
	Admin string
	// HTTPClient is the base client (tests); credentials are layered on it.
	HTTPClient *http.Client
	// QPS and Burst pace every request (default 10/s, burst 10).
	QPS   float64
	Burst int
	// MaxRetries per request on rate limits, 5xx and dropped connections
	// (default 8).
	MaxRetries int
	// CallTimeout bounds one attempt until its response headers (default 60 s).
	CallTimeout time.Duration
	// Concurrency is the number of simultaneous downloads and folder
	// listings (default 8).
	Concurrency int
	// MaxExportBytes caps a Google-native export (default 64 MB).
	MaxExportBytes int64
	// PageSize of list calls (default 1000, Drive's maximum).
	PageSize int64

	scopes []string // OAuth scopes; nil means ScopeReadonly
}

func (o *Options) defaults() {
	if o.QPS <= 0 {
		o.QPS = 10
	}
	if o.Burst <= 0 {
		o.Burst = max(1, int(o.QPS))
	}
	if o.MaxRetries <= 0 {
		o.MaxRetries = 8
	}
	if o.CallTimeout <= 0 {
		o.CallTimeout = 60 * time.Second
	}
	if o.Concurrency <= 0 {
		o.Concurrency = 8
	}
	if o.MaxExportBytes <= 0 {
		o.MaxExportBytes = 64 << 20
	}
	if o.PageSize <= 0 || o.PageSize > 1000 {
		o.PageSize = 1000
	}
}

// apiEndpoint returns the drive/v3 base path the client needs ("" for the
// default), accepting the root with or without "drive/v3/".
func apiEndpoint(e string) string {
	if e == "" {
		return ""
	}
	e = strings.TrimRight(e, "/")
	e = strings.TrimSuffix(e, "/drive/v3")
	return e + "/drive/v3/"
}
