// Package gdrive walks Google Drive (My Drive, shared drives, folders, or
// everything an account can see) read-only with drive/v3, exports
// Google-native files to scannable formats, and says who can read a file.
//
// Every call goes through one pacer (a token bucket plus retries with
// jittered backoff), because the drive/v3 client retries nothing and Drive
// answers bursts with 403 rateLimitExceeded and 429.
package gdrive

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"

	drive "google.golang.org/api/drive/v3"
	"google.golang.org/api/googleapi"
	"google.golang.org/api/option"

	"github.com/credsweep/credsweep/connectors"
)

// Connector scans one Drive target. It implements connectors.Connector and
// connectors.Exposer.
type Connector struct {
	t   Target
	o   Options
	svc *drive.Service
	hc  *http.Client // authorized; also fetches exportLinks
	p   *pacer
	sem chan struct{} // open downloads

	me          string // account email
	meDomain    string
	rootMu      sync.Mutex
	rootID      string // My Drive root folder; "" until known
	exportHost  string // host exportLinks may point to besides Google's
	res         *resolver
	folderDrive string // the shared drive of a folder target, "" for My Drive
	levels      levels // files.list fallbacks that worked
	scope       *unitScope
}

// shared is what the connectors of one domain scan share: one pacer (the
// project's quota) and one download limit.
type shared struct {
	p     *pacer
	sem   chan struct{}
	scope *unitScope
}

var (
	_ connectors.Connector = (*Connector)(nil)
	_ connectors.Exposer   = (*Connector)(nil)
)

// New connects to Drive and checks the credentials and the target up
// front: rejected credentials give an error wrapping connectors.ErrFatal.
func New(ctx context.Context, t Target, o Options) (*Connector, error) {
	return newConnector(ctx, t, o, nil)
}

func newConnector(ctx context.Context, t Target, o Options, sh *shared) (*Connector, error) {
	switch t.Kind {
	case KindDomain:
		return nil, fmt.Errorf("gdrive: gdrive://domain is scanned with NewDomain (needs --admin)")
	case KindMy, KindAll:
	case KindShared, KindFolder:
		if !validID(t.ID) || t.ID == "" {
			return nil, fmt.Errorf("gdrive: %q is not a Drive id", t.ID)
		}
	default:
		return nil, fmt.Errorf("gdrive: unknown target kind %q", t.Kind)
	}
	o.defaults()
	base := baseClient(&o)
	ts, err := tokenSource(ctx, &o, base)
	if err != nil {
		return nil, err
	}
	c := &Connector{t: t, o: o, hc: authorizedClient(base, ts)}
	if sh != nil {
		c.p, c.sem, c.scope = sh.p, sh.sem, sh.scope
	} else {
		c.p = newPacer(o.QPS, o.Burst, o.MaxRetries, o.CallTimeout)
		c.sem = make(chan struct{}, o.Concurrency)
	}
	opts := []option.ClientOption{option.WithHTTPClient(c.hc)}
	if ep := apiEndpoint(o.Endpoint); ep != "" {
		opts = append(opts, option.WithEndpoint(ep))
		c.exportHost = hostOf(ep)
	}
	if c.svc, err = drive.NewService(ctx, opts...); err != nil {
		return nil, fmt.Errorf("gdrive: %v", err)
	}
	c.res = newResolver(c)
	if err := c.checkAuth(ctx); err != nil {
		return nil, err
	}
	if err := c.checkTarget(ctx); err != nil {
		return nil, err
	}
	return c, nil
}

// checkAuth asks who we are: the cheapest call that proves the token.
func (c *Connector) checkAuth(ctx context.Context) error {
	var about *drive.About
	err := c.p.do(ctx, func(ctx context.Context) (err error) {
		about, err = c.svc.About.Get().Fields("user(emailAddress)").Context(ctx).Do()
		return err
	})
	if err != nil && !isFinal(ctx, err) && missing(err) {
		// A partial Drive without about.get: ownership then comes from
		// owners[].me and ownedByMe alone.
		return nil
	}
	if err != nil {
		return fmt.Errorf("gdrive: cannot use Drive: %w", err)
	}
	if about.User != nil {
		c.me = about.User.EmailAddress
		c.meDomain = domainOf(c.me)
	}
	return nil
}

// checkTarget resolves the target's root: My Drive's root id, the shared
// drive's name, the folder's path.
func (c *Connector) checkTarget(ctx context.Context) error {
	if c.t.Kind == KindMy || c.t.Kind == KindAll {
		f, err := c.getFile(ctx, "root", "id")
		switch {
		case err != nil && !isFinal(ctx, err) && missing(err):
			// No "root" alias: the walk learns the root from the parents
			// of the files it lists.
		case err != nil:
			return fmt.Errorf("gdrive: cannot find My Drive: %w", err)
		case f.Id != "":
			c.setRoot(f.Id)
		}
	}
	switch c.t.Kind {
	case KindShared:
		var d *drive.Drive
		err := c.p.do(ctx, func(ctx context.Context) (err error) {
			d, err = c.svc.Drives.Get(c.t.ID).Fields("id,name").Context(ctx).Do()
			return err
		})
		if err != nil {
			return fmt.Errorf("gdrive: shared drive %s not found or not accessible: %w", c.t.ID, err)
		}
		c.res.addRoot(d.Id, d.Name, d.Id)
	case KindFolder:
		f, err := c.getFile(ctx, c.t.ID, "id,name,mimeType,parents,driveId")
		if err != nil {
			return fmt.Errorf("gdrive: folder %s not found or not accessible: %w", c.t.ID, err)
		}
		if f.MimeType != mimeFolder {
			return fmt.Errorf("gdrive: %s is a %s, not a folder", c.t.ID, f.MimeType)
		}
		c.folderDrive = f.DriveId
		if f.DriveId != "" {
			if err := c.addDriveRoot(ctx, f.DriveId); err != nil {
				return err
			}
		}
		c.res.add(f)
	}
	return nil
}

// root is My Drive's root folder id, "" while unknown.
func (c *Connector) root() string {
	c.rootMu.Lock()
	defer c.rootMu.Unlock()
	return c.rootID
}

func (c *Connector) setRoot(id string) {
	c.rootMu.Lock()
	c.rootID = id
	c.rootMu.Unlock()
	c.res.addRoot(id, "My Drive", "")
}

// guessRoot finds My Drive's root without the "root" alias: the parent
// that listed folders and files name most often but that is not itself a
// known folder, files the account owns counting double.
func (c *Connector) guessRoot(files []*drive.File) {
	votes := map[string]int{}
	best := ""
	vote := func(p string, mine bool) {
		if p == "" || c.res.known(p) {
			return
		}
		votes[p]++
		if mine {
			votes[p]++
		}
		if best == "" || votes[p] > votes[best] || votes[p] == votes[best] && p < best {
			best = p
		}
	}
	for _, n := range c.res.folders() {
		if n.driveID != "" {
			continue
		}
		vote(n.parent, n.mine)
	}
	for _, f := range files {
		mine, _ := c.ownedByMe(f)
		if len(f.Parents) > 0 {
			vote(f.Parents[0], mine)
		}
	}
	if best != "" && c.root() == "" {
		c.setRoot(best)
	}
}

// addDriveRoot names a shared drive's root folder for paths.
func (c *Connector) addDriveRoot(ctx context.Context, id string) error {
	var d *drive.Drive
	err := c.p.do(ctx, func(ctx context.Context) (err error) {
		d, err = c.svc.Drives.Get(id).Fields("id,name").Context(ctx).Do()
		return err
	})
	if err != nil {
		if code, _ := reason(err); code == http.StatusNotFound || code == http.StatusForbidden {
			c.res.addRoot(id, "Shared drive "+id, id)
			return nil
		}
		return fmt.Errorf("gdrive: shared drive %s: %w", id, err)
	}
	c.res.addRoot(d.Id, d.Name, d.Id)
	return nil
}

// getFile is files.get of metadata through the pacer.
func (c *Connector) getFile(ctx context.Context, id, fields string) (*drive.File, error) {
	var f *drive.File
	err := c.p.do(ctx, func(ctx context.Context) (err error) {
		f, err = c.svc.Files.Get(id).SupportsAllDrives(true).Fields(googleapi.Field(fields)).Context(ctx).Do()
		return err
	})
	return f, err
}

// Account is the email of the account the scan runs as.
func (c *Connector) Account() string { return c.me }

// Stats are the connector's request counters.
type Stats struct {
	Requests int64 // attempts sent, retries included
	Retries  int64 // attempts that were retries
}

// Stats returns the request counters.
func (c *Connector) Stats() Stats {
	return Stats{Requests: c.p.attempts.Load(), Retries: c.p.retries.Load()}
}

// Close releases idle connections.
func (c *Connector) Close() error {
	c.hc.CloseIdleConnections()
	return nil
}

func domainOf(email string) string {
	if i := strings.LastIndexByte(email, '@'); i >= 0 {
		return strings.ToLower(email[i+1:])
	}
	return ""
}

func hostOf(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	return u.Host
}
