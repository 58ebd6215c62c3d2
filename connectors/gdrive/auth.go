package gdrive

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"

	"golang.org/x/oauth2"
	"golang.org/x/oauth2/google"
)

// baseClient is the client tokens are fetched with and requests sent on.
func baseClient(o *Options) *http.Client {
	if o.HTTPClient != nil {
		return o.HTTPClient
	}
	tr := http.DefaultTransport.(*http.Transport).Clone()
	// Enough idle connections that parallel downloads reuse them instead
	// of opening (and TLS-handshaking) a new one per file.
	tr.MaxIdleConnsPerHost = 2*o.Concurrency + 4
	return &http.Client{Transport: tr}
}

// tokenSource picks the credentials: CredentialsJSON, then TokenSource,
// then Application Default Credentials. Only service_account and
// authorized_user files are accepted: other types (external_account) can
// run commands or reach arbitrary URLs, which a key file handed to a
// scanner must not do.
func tokenSource(ctx context.Context, o *Options, base *http.Client) (oauth2.TokenSource, error) {
	// Token refreshes outlive New's context; they use the base client.
	tctx := context.WithValue(context.WithoutCancel(ctx), oauth2.HTTPClient, base)
	scopes := o.scopes
	if len(scopes) == 0 {
		scopes = []string{ScopeReadonly}
	}
	params := google.CredentialsParams{Scopes: scopes, Subject: o.Impersonate}
	switch {
	case o.CredentialsJSON != nil:
		var f struct {
			Type string `json:"type"`
		}
		if err := json.Unmarshal(o.CredentialsJSON, &f); err != nil {
			return nil, fmt.Errorf("gdrive: credentials are not a JSON key file: %v", err)
		}
		switch f.Type {
		case "service_account":
		case "authorized_user":
			if o.Impersonate != "" {
				return nil, fmt.Errorf("gdrive: impersonation needs a service account key, not %s credentials", f.Type)
			}
		default:
			return nil, fmt.Errorf("gdrive: unsupported credentials type %q (want service_account or authorized_user)", f.Type)
		}
		creds, err := google.CredentialsFromJSONWithTypeAndParams(tctx, o.CredentialsJSON, google.CredentialsType(f.Type), params)
		if err != nil {
			return nil, fmt.Errorf("gdrive: bad %s credentials: %v", f.Type, err)
		}
		return creds.TokenSource, nil
	case o.TokenSource != nil:
		if o.Impersonate != "" {
			return nil, fmt.Errorf("gdrive: impersonation needs a service account key, not a token source")
		}
		return o.TokenSource, nil
	}
	creds, err := google.FindDefaultCredentialsWithParams(tctx, params)
	if err != nil {
		return nil, fmt.Errorf("gdrive: no credentials: set GOOGLE_APPLICATION_CREDENTIALS to a key file or run `credsweep auth gdrive`: %v", err)
	}
	return creds.TokenSource, nil
}

// authorizedClient layers the token source over the base client.
func authorizedClient(base *http.Client, ts oauth2.TokenSource) *http.Client {
	c := *base
	c.Transport = &oauth2.Transport{Source: oauth2.ReuseTokenSource(nil, ts), Base: base.Transport}
	return &c
}
