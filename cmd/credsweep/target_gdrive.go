package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/credsweep/credsweep/connectors/gdrive"
	"github.com/credsweep/credsweep/scanner"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// driveFlags are the Google Drive options.
type driveFlags struct {
	endpoint    string
	impersonate string
	admin       string
	qps         float64
	tokenFile   string
}

func (f *driveFlags) register(fl *pflag.FlagSet) {
	fl.StringVar(&f.endpoint, "drive-endpoint", "", "Drive API root `URL` instead of Google's, with or without drive/v3/ (else CREDSWEEP_DRIVE_ENDPOINT)")
	fl.StringVar(&f.impersonate, "impersonate", "", "act as `USER@DOMAIN` (service account with domain-wide delegation)")
	fl.StringVar(&f.admin, "admin", "", "Workspace admin `ADMIN@DOMAIN` that gdrive://domain impersonates to list users and shared drives (service account with domain-wide delegation)")
	fl.Float64Var(&f.qps, "drive-qps", 10, "Drive requests per second (the quota to run at)")
	fl.StringVar(&f.tokenFile, "drive-token-file", "", "saved login from 'credsweep auth gdrive' (default: in the user config dir)")
}

// defaultDriveFiles returns where 'credsweep auth gdrive' keeps the token
// and the OAuth client it was issued to.
func defaultDriveFiles() (token, client string, err error) {
	dir, err := os.UserConfigDir()
	if err != nil {
		return "", "", err
	}
	dir = filepath.Join(dir, "credsweep")
	return filepath.Join(dir, "gdrive-token.json"), filepath.Join(dir, "gdrive-client.json"), nil
}

func openDrive(ctx context.Context, raw string, f *driveFlags) (scanner.Target, error) {
	t, err := gdrive.ParseURL(raw)
	if err != nil {
		return scanner.Target{}, err
	}
	domain := t.Kind == gdrive.KindDomain
	switch {
	case domain && f.admin == "":
		return scanner.Target{}, usageErr("gdrive://domain needs --admin ADMIN@DOMAIN (the service account impersonates that admin to list the users)")
	case domain && f.impersonate != "":
		return scanner.Target{}, usageErr("gdrive://domain impersonates every user itself: use --admin, not --impersonate")
	case !domain && f.admin != "":
		return scanner.Target{}, usageErr("--admin is only for gdrive://domain")
	}
	opt := gdrive.Options{Endpoint: f.endpoint, Impersonate: f.impersonate, Admin: f.admin, QPS: f.qps}
	if opt.Endpoint == "" {
		opt.Endpoint = os.Getenv("CREDSWEEP_DRIVE_ENDPOINT")
	}
	switch path := os.Getenv("GOOGLE_APPLICATION_CREDENTIALS"); {
	case path != "":
		opt.CredentialsJSON, err = os.ReadFile(path)
		if err != nil {
			return scanner.Target{}, fmt.Errorf("GOOGLE_APPLICATION_CREDENTIALS: %w", err)
		}
	case domain:
		// Domain-wide delegation needs a service account key: Application
		// Default Credentials, never a saved login.
	default:
		// A saved interactive login, if there is one; else the library
		// looks for Application Default Credentials.
		tokenPath, clientPath, derr := defaultDriveFiles()
		if f.tokenFile != "" {
			tokenPath, derr = f.tokenFile, nil
		}
		if derr == nil {
			tok, terr := gdrive.LoadToken(tokenPath)
			if terr != nil && f.tokenFile != "" {
				return scanner.Target{}, terr // asked for, so it must load
			}
			if terr == nil {
				data, cerr := os.ReadFile(clientPath)
				if cerr != nil {
					return scanner.Target{}, fmt.Errorf("saved Drive login without its client (%s): run 'credsweep auth gdrive' again", clientPath)
				}
				cfg, cerr := gdrive.LoginConfigFromJSON(data)
				if cerr != nil {
					return scanner.Target{}, cerr
				}
				opt.TokenSource = gdrive.LoginTokenSource(ctx, cfg, tok)
			}
		}
	}
	if domain {
		d, err := gdrive.NewDomain(ctx, opt)
		if err != nil {
			return scanner.Target{}, err
		}
		return scanner.Target{Name: t.String(), Source: "gdrive", Connector: d,
			Identity: t.String(), Namespace: "gdrive://"}, nil
	}
	c, err := gdrive.New(ctx, t, opt)
	if err != nil {
		return scanner.Target{}, err
	}
	return scanner.Target{Name: t.String(), Source: "gdrive", Connector: c,
		Identity: driveIdentity(t, f.impersonate), Namespace: "gdrive://"}, nil
}

// driveIdentity is a Drive target's canonical identity. My Drive and "all"
// depend on whose drive it is: with --impersonate a digest of the user
// stands for them (the address itself is personal data).
func driveIdentity(t gdrive.Target, subject string) string {
	id := t.String()
	if subject != "" && (t.ID == "" || t.Kind == "my" || t.Kind == "all") {
		sum := sha256.Sum256([]byte(strings.ToLower(subject)))
		id += "/user-" + hex.EncodeToString(sum[:6])
	}
	return id
}

func newAuthCmd() *cobra.Command {
	auth := &cobra.Command{Use: "auth", Short: "Log in to a cloud source for a one-off sweep"}
	var clientSecret, tokenFile string
	var timeout time.Duration
	gd := &cobra.Command{
		Use:   "gdrive",
		Short: "Log in to Google Drive in a browser (read-only) and save the token (mode 0600)",
		Long: `Runs Google's installed-app OAuth flow with a loopback redirect and PKCE, asking
only for the read-only Drive scope, and saves the token with mode 0600 in the
user's config directory. Needs an OAuth client ("Desktop app") JSON from the
Google Cloud console: --client-secret FILE.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if clientSecret == "" {
				return usageErr("--client-secret FILE is required (an OAuth client JSON of type Desktop app)")
			}
			data, err := os.ReadFile(clientSecret)
			if err != nil {
				return usageErr("--client-secret: %v", err)
			}
			cfg, err := gdrive.LoginConfigFromJSON(data)
			if err != nil {
				return usageErr("%v", err)
			}
			cfg.Prompt = gdrive.PromptWriter(cmd.ErrOrStderr())
			cfg.Timeout = timeout
			tok, err := gdrive.Login(cmd.Context(), cfg)
			if err != nil {
				return &exitError{code: exitFatal, err: err}
			}
			tokenPath, clientPath, err := defaultDriveFiles()
			if err != nil {
				return &exitError{code: exitFatal, err: err}
			}
			if tokenFile != "" {
				tokenPath = tokenFile
			}
			if err := gdrive.SaveToken(tokenPath, tok); err != nil {
				return &exitError{code: exitFatal, err: err}
			}
			if err := os.WriteFile(clientPath, data, 0o600); err != nil && !errors.Is(err, fs.ErrExist) {
				return &exitError{code: exitFatal, err: err}
			}
			fmt.Fprintf(cmd.ErrOrStderr(), "Saved the Drive login to %s (mode 0600).\n", tokenPath)
			return nil
		},
	}
	gd.Flags().StringVar(&clientSecret, "client-secret", "", "OAuth client JSON (Desktop app) from the Google Cloud console")
	gd.Flags().StringVar(&tokenFile, "token-file", "", "where to save the token (default: in the user config dir)")
	gd.Flags().DurationVar(&timeout, "timeout", 5*time.Minute, "how long to wait for the browser")
	auth.AddCommand(gd)
	return auth
}
