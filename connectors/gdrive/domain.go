package gdrive

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sort"
	"strings"
	"sync"

	admin "google.golang.org/api/admin/directory/v1"
	drive "google.golang.org/api/drive/v3"
	"google.golang.org/api/option"

	"github.com/credsweep/credsweep/connectors"
)

// ScopeDirectoryUserReadonly lets the admin of a domain scan list the
// domain's users (Admin SDK Directory API). Domain-wide delegation must
// grant it, with ScopeReadonly, to the service account's client id.
const ScopeDirectoryUserReadonly = "https://www.googleapis.com/auth/admin.directory.user.readonly"

// Unit kinds.
const (
	UnitUser   = "user"   // one user's My Drive
	UnitShared = "shared" // one shared drive
)

// Unit is one independent piece of a gdrive://domain scan: a user's My
// Drive or a shared drive. A plan splits a domain scan into units, and a
// shard scans some of them (Domain.Connect, or Domain.Select then Walk).
type Unit struct {
	// ID is stable across runs: "gdrive://user/<Directory user id>" or
	// "gdrive://shared/<driveId>". It names no person.
	ID string
	// Kind is UnitUser or UnitShared.
	Kind string
	// Display is the user's primary email or the shared drive's name
	// (the email is personal data: keep it on the machine).
	Display string
	// Size is the estimated number of bytes to scan: the user's
	// storageQuota.usageInDrive after EstimateSizes, else -1 (unknown;
	// shared drives have no cheap size).
	Size int64
	// Skip says why the unit is not scanned ("" when it is): suspended
	// and archived users cannot be impersonated.
	Skip string

	subject string // the user impersonated for a user unit
	driveID string
}

// Domain scans a whole Google Workspace domain through domain-wide
// delegation: Options.Admin lists the users (Directory API users.list,
// customer=my_customer) and every shared drive (drives.list with
// useDomainAdminAccess); each user's My Drive is walked impersonating that
// user, each shared drive once, impersonating one of its members (the
// Drive API lets no admin list a shared drive's files without being a
// member).
//
// What a user unit examines: the files under the user's My Drive, the
// files the user owns anywhere, and the files shared with the user whose
// owner is not an active user of the domain (an outsider, or a suspended,
// archived or deleted user): no other unit reads those. A file in a
// shared drive is left to the shared drive's unit; one shared by an active
// user to the owner's unit. A file reached by two units (a file of one
// user in another's folder) is given once per Walk: Walk drops an ID
// already given.
//
// Suspended and archived users are not scanned: Google refuses to
// impersonate them. They are units with Skip set, and Walk reports each as
// a skipped folder, so the gap shows in the report; files of theirs
// shared with active users are examined by those users' units. Deleted
// users are not listed at all (their files are gone or transferred).
//
// Domain implements connectors.Connector and connectors.Exposer. Items
// are those of the unit connectors (Path "gdrive/<fileId>/<title>"),
// Display prefixed with the user's email for My Drive files.
type Domain struct {
	o   Options
	sh  *shared
	hc  *http.Client // as the admin
	dir *admin.Service
	drv *drive.Service

	mu     sync.Mutex
	units  []Unit
	active map[string]bool // lower-case emails of the users scanned
	keep   func(Unit) bool
	conns  []*Connector
}

var (
	_ connectors.Connector = (*Domain)(nil)
	_ connectors.Exposer   = (*Domain)(nil)
)

// NewDomain checks the credentials by listing the domain's first users
// as o.Admin: credentials or a delegation that is refused give an error
// wrapping connectors.ErrFatal (a non-admin gets a plain error). o needs a service account key
// (CredentialsJSON, or Application Default Credentials that are one)
// and Admin; Impersonate is ignored.
func NewDomain(ctx context.Context, o Options) (*Domain, error) {
	if o.Admin == "" {
		return nil, fmt.Errorf("gdrive: gdrive://domain needs the admin to impersonate (--admin ADMIN@DOMAIN)")
	}
	if o.TokenSource != nil && o.CredentialsJSON == nil {
		return nil, fmt.Errorf("gdrive: gdrive://domain needs a service account key with domain-wide delegation, not a login")
	}
	o.defaults()
	d := &Domain{o: o, sh: &shared{
		p:   newPacer(o.QPS, o.Burst, o.MaxRetries, o.CallTimeout),
		sem: make(chan struct{}, o.Concurrency),
	}}
	ao := o
	ao.Impersonate = o.Admin
	ao.scopes = []string{ScopeReadonly, ScopeDirectoryUserReadonly}
	hc, err := d.client(ctx, ao)
	if err != nil {
		return nil, err
	}
	d.hc = hc
	opts := []option.ClientOption{option.WithHTTPClient(hc)}
	dopts := opts
	if ep := apiEndpoint(o.Endpoint); ep != "" {
		dopts = append(dopts, option.WithEndpoint(ep))
		opts = append(opts, option.WithEndpoint(rootEndpoint(o.Endpoint)))
	}
	if d.dir, err = admin.NewService(ctx, opts...); err != nil {
		return nil, fmt.Errorf("gdrive: %v", err)
	}
	if d.drv, err = drive.NewService(ctx, dopts...); err != nil {
		return nil, fmt.Errorf("gdrive: %v", err)
	}
	if _, _, err := d.usersPage(ctx, ""); err != nil {
		return nil, fmt.Errorf("gdrive: cannot list the domain's users as %s: %w", o.Admin, err)
	}
	return d, nil
}

// client is an HTTP client authorized as o.Impersonate.
func (d *Domain) client(ctx context.Context, o Options) (*http.Client, error) {
	base := baseClient(&o)
	ts, err := tokenSource(ctx, &o, base)
	if err != nil {
		return nil, err
	}
	return authorizedClient(base, ts), nil
}

// rootEndpoint is the API root ("https://host/") for APIs other than
// Drive, from Options.Endpoint.
func rootEndpoint(e string) string {
	return strings.TrimSuffix(apiEndpoint(e), "drive/v3/")
}

// usersPage is one page of users.list.
func (d *Domain) usersPage(ctx context.Context, tok string) ([]*admin.User, string, error) {
	var ul *admin.Users
	err := d.sh.p.do(ctx, func(ctx context.Context) (err error) {
		call := d.dir.Users.List().Customer("my_customer").MaxResults(500).OrderBy("email").
			Fields("nextPageToken,users(id,primaryEmail,suspended,archived)").Context(ctx)
		if tok != "" {
			call = call.PageToken(tok)
		}
		ul, err = call.Do()
		return err
	})
	if err != nil {
		return nil, "", err
	}
	return ul.Users, ul.NextPageToken, nil
}

// ListUnits lists the domain's units: every user (suspended and archived ones
// with Skip set) and every shared drive, sorted by ID. The list is kept:
// Walk and Connect use it.
func (d *Domain) ListUnits(ctx context.Context) ([]Unit, error) {
	var units []Unit
	active := map[string]bool{}
	tok := ""
	for {
		users, next, err := d.usersPage(ctx, tok)
		if err != nil {
			return nil, fmt.Errorf("gdrive: cannot list the domain's users: %w", err)
		}
		for _, u := range users {
			if u == nil || u.Id == "" || u.PrimaryEmail == "" {
				continue
			}
			un := Unit{ID: "gdrive://user/" + u.Id, Kind: UnitUser, Display: u.PrimaryEmail, Size: -1, subject: u.PrimaryEmail}
			switch {
			case u.Suspended:
				un.Skip = "suspended user: My Drive not examined (Google refuses to impersonate a suspended user)"
			case u.Archived:
				un.Skip = "archived user: My Drive not examined (Google refuses to impersonate an archived user)"
			default:
				active[strings.ToLower(u.PrimaryEmail)] = true
			}
			units = append(units, un)
		}
		if next == "" {
			break
		}
		if next == tok {
			return nil, fmt.Errorf("gdrive: users.list returned the same page token twice")
		}
		tok = next
	}
	tok = ""
	for {
		var dl *drive.DriveList
		err := d.sh.p.do(ctx, func(ctx context.Context) (err error) {
			call := d.drv.Drives.List().UseDomainAdminAccess(true).PageSize(100).
				Fields("nextPageToken,drives(id,name)").Context(ctx)
			if tok != "" {
				call = call.PageToken(tok)
			}
			dl, err = call.Do()
			return err
		})
		if err != nil {
			return nil, fmt.Errorf("gdrive: cannot list the domain's shared drives: %w", err)
		}
		for _, sd := range dl.Drives {
			if sd != nil && validID(sd.Id) && sd.Id != "" {
				units = append(units, Unit{ID: "gdrive://shared/" + sd.Id, Kind: UnitShared, Display: sd.Name, Size: -1, driveID: sd.Id})
			}
		}
		if dl.NextPageToken == "" {
			break
		}
		if dl.NextPageToken == tok {
			return nil, fmt.Errorf("gdrive: drives.list returned the same page token twice")
		}
		tok = dl.NextPageToken
	}
	sort.Slice(units, func(i, j int) bool { return units[i].ID < units[j].ID })
	d.mu.Lock()
	d.units, d.active = units, active
	d.mu.Unlock()
	return slicesClone(units), nil
}

func slicesClone(u []Unit) []Unit { return append([]Unit(nil), u...) }

// EstimateSizes fills Size of the user units from each user's
// storageQuota.usageInDrive (one token and one about.get per user,
// Concurrency at a time). A user whose quota cannot be read keeps -1.
func (d *Domain) EstimateSizes(ctx context.Context, units []Unit) {
	var wg sync.WaitGroup
	sem := make(chan struct{}, d.o.Concurrency)
	for i := range units {
		if units[i].Kind != UnitUser || units[i].Skip != "" {
			continue
		}
		wg.Add(1)
		go func(u *Unit) {
			defer wg.Done()
			select {
			case sem <- struct{}{}:
			case <-ctx.Done():
				return
			}
			defer func() { <-sem }()
			uo := d.o
			uo.Impersonate = u.subject
			hc, err := d.client(ctx, uo)
			if err != nil {
				return
			}
			defer hc.CloseIdleConnections()
			opts := []option.ClientOption{option.WithHTTPClient(hc)}
			if ep := apiEndpoint(d.o.Endpoint); ep != "" {
				opts = append(opts, option.WithEndpoint(ep))
			}
			svc, err := drive.NewService(ctx, opts...)
			if err != nil {
				return
			}
			var about *drive.About
			if err := d.sh.p.do(ctx, func(ctx context.Context) (err error) {
				about, err = svc.About.Get().Fields("storageQuota(usageInDrive)").Context(ctx).Do()
				return err
			}); err == nil && about.StorageQuota != nil {
				u.Size = about.StorageQuota.UsageInDrive
			}
		}(&units[i])
	}
	wg.Wait()
}

// Select makes Walk scan only the units keep accepts (a shard's part of
// the plan); nil scans every unit.
func (d *Domain) Select(keep func(Unit) bool) {
	d.mu.Lock()
	d.keep = keep
	d.mu.Unlock()
}

// covered says whether owner is an active user of the domain: their own
// unit reads their files.
func (d *Domain) covered(owner string) bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	return owner != "" && d.active[strings.ToLower(owner)]
}

// Connect builds the Connector of one unit (from ListUnits): a user's My
// Drive impersonating the user, or a shared drive impersonating one of
// its members (an organizer first, among the active users). The
// Connector shares this Domain's pacer and download limit; Close closes
// it.
func (d *Domain) Connect(ctx context.Context, u Unit) (*Connector, error) {
	if u.Skip != "" {
		return nil, fmt.Errorf("gdrive: %s is not scanned: %s", u.ID, u.Skip)
	}
	d.mu.Lock()
	known := d.active != nil
	d.mu.Unlock()
	if !known {
		if _, err := d.ListUnits(ctx); err != nil {
			return nil, err
		}
	}
	o := d.o
	var t Target
	scope := &unitScope{covered: d.covered}
	switch u.Kind {
	case UnitUser:
		if u.subject == "" {
			return nil, fmt.Errorf("gdrive: unit %s was not listed by ListUnits", u.ID)
		}
		t, o.Impersonate, scope.prefix = Target{Kind: KindMy}, u.subject, u.subject
	case UnitShared:
		m, err := d.member(ctx, u.driveID)
		if err != nil {
			return nil, err
		}
		t, o.Impersonate = Target{Kind: KindShared, ID: u.driveID}, m
	default:
		return nil, fmt.Errorf("gdrive: unknown unit kind %q", u.Kind)
	}
	c, err := newConnector(ctx, t, o, &shared{p: d.sh.p, sem: d.sh.sem, scope: scope})
	if err != nil {
		return nil, err
	}
	d.mu.Lock()
	d.conns = append(d.conns, c)
	d.mu.Unlock()
	return c, nil
}

// roleRank orders shared drive roles for choosing whom to read it as.
var roleRank = map[string]int{"organizer": 0, "fileOrganizer": 1, "writer": 2, "commenter": 3, "reader": 4}

// member picks the active user to read shared drive id as: the highest
// role, then the admin, then the first address.
func (d *Domain) member(ctx context.Context, id string) (string, error) {
	var perms []*drive.Permission
	tok := ""
	for {
		var pl *drive.PermissionList
		err := d.sh.p.do(ctx, func(ctx context.Context) (err error) {
			call := d.drv.Permissions.List(id).SupportsAllDrives(true).UseDomainAdminAccess(true).PageSize(100).
				Fields("nextPageToken,permissions(type,role,emailAddress,deleted)").Context(ctx)
			if tok != "" {
				call = call.PageToken(tok)
			}
			pl, err = call.Do()
			return err
		})
		if err != nil {
			return "", fmt.Errorf("gdrive: cannot list the members of shared drive %s: %w", id, err)
		}
		perms = append(perms, pl.Permissions...)
		if pl.NextPageToken == "" || pl.NextPageToken == tok {
			break
		}
		tok = pl.NextPageToken
	}
	best, bestRank := "", 99
	for _, p := range perms {
		if p == nil || p.Deleted || p.Type != "user" || !d.covered(p.EmailAddress) {
			continue
		}
		r, ok := roleRank[p.Role]
		if !ok {
			r = 5
		}
		e := strings.ToLower(p.EmailAddress)
		adm := strings.EqualFold(e, d.o.Admin)
		if r < bestRank || r == bestRank && (adm || !strings.EqualFold(best, d.o.Admin) && e < best) {
			best, bestRank = e, r
		}
	}
	if best == "" {
		return "", fmt.Errorf("gdrive: shared drive %s has no active user as a member (add one to scan it)", id)
	}
	return best, nil
}

// unitScope is what a unit connector of a domain scan knows of the
// domain.
type unitScope struct {
	prefix  string                  // Display prefix: the user's email
	covered func(owner string) bool // owner's own unit reads the file
}

// skipElsewhere marks a file another unit of the domain scan examines.
const skipElsewhere = "\x00elsewhere"

// domainRef is the Ref of a Domain item: the unit connector and its ref.
type domainRef struct {
	c   *Connector
	ref any
}

// unitItem is the item a Walk reports for a unit it cannot scan.
func unitItem(u Unit) connectors.Item {
	kind, id, _ := strings.Cut(strings.TrimPrefix(u.ID, "gdrive://"), "/")
	return connectors.Item{Path: "gdrive/" + kind + "/" + id, Display: u.Display, ID: u.ID, Size: -1, Dir: true}
}

// Walk lists the units (unless ListUnits already did), then walks every
// selected unit in ID order: a unit that is skipped or cannot be read is
// an item with Skip or Err. A file already given by an earlier unit is
// dropped.
func (d *Domain) Walk(ctx context.Context, fn func(connectors.Item) error) error {
	d.mu.Lock()
	units, keep := d.units, d.keep
	d.mu.Unlock()
	if units == nil {
		var err error
		if units, err = d.ListUnits(ctx); err != nil {
			return err
		}
	}
	seen := map[string]bool{}
	for _, u := range units {
		if keep != nil && !keep(u) {
			continue
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		if u.Skip != "" {
			it := unitItem(u)
			it.Skip = u.Skip
			if err := fn(it); err != nil {
				return err
			}
			continue
		}
		c, err := d.Connect(ctx, u)
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			it := unitItem(u)
			it.Err = fmt.Errorf("gdrive: cannot scan %s: %s", u.ID, unitError(err))
			if err := fn(it); err != nil {
				return err
			}
			continue
		}
		var fnErr error
		err = c.Walk(ctx, func(it connectors.Item) error {
			if !it.Dir && it.ID != "" {
				if seen[it.ID] {
					return nil
				}
				seen[it.ID] = true
			}
			it.Ref = &domainRef{c: c, ref: it.Ref}
			if err := fn(it); err != nil {
				fnErr = err
				return err
			}
			return nil
		})
		c.res.forget() // the folders are no longer needed; roots stay
		switch {
		case fnErr != nil:
			return fnErr
		case ctx.Err() != nil:
			return ctx.Err()
		case err != nil:
			it := unitItem(u)
			it.Err = fmt.Errorf("gdrive: cannot scan %s: %s", u.ID, unitError(err))
			if err := fn(it); err != nil {
				return err
			}
		}
	}
	return nil
}

// unitError is the text of a unit's failure: one user's refused token
// fails that unit, not the scan, so ErrFatal is not kept.
func unitError(err error) string {
	if errors.Is(err, connectors.ErrFatal) {
		return "access refused for this user or drive: " + err.Error()
	}
	return err.Error()
}

func unwrapDomain(it connectors.Item) (*Connector, connectors.Item, error) {
	r, ok := it.Ref.(*domainRef)
	if !ok {
		return nil, it, fmt.Errorf("gdrive: %q was not listed by this domain scan", it.Display)
	}
	it.Ref = r.ref
	return r.c, it, nil
}

// Open opens an item with the connector of its unit.
func (d *Domain) Open(ctx context.Context, it connectors.Item) (connectors.File, error) {
	c, in, err := unwrapDomain(it)
	if err != nil {
		return nil, err
	}
	return c.Open(ctx, in)
}

// Exposure says who can read an item, as its unit's user sees it.
func (d *Domain) Exposure(ctx context.Context, it connectors.Item) (connectors.Exposure, error) {
	c, in, err := unwrapDomain(it)
	if err != nil {
		return connectors.Exposure{}, err
	}
	return c.Exposure(ctx, in)
}

// Stats are the request counters of the whole domain scan.
func (d *Domain) Stats() Stats {
	return Stats{Requests: d.sh.p.attempts.Load(), Retries: d.sh.p.retries.Load()}
}

// Close closes every unit connector and the admin's connections.
func (d *Domain) Close() error {
	d.mu.Lock()
	conns := d.conns
	d.conns = nil
	d.mu.Unlock()
	for _, c := range conns {
		c.Close()
	}
	d.hc.CloseIdleConnections()
	return nil
}

// UnitByID finds a unit of the domain by its ID (as a plan names it).
func (d *Domain) UnitByID(ctx context.Context, id string) (Unit, error) {
	d.mu.Lock()
	units := d.units
	d.mu.Unlock()
	if units == nil {
		var err error
		if units, err = d.ListUnits(ctx); err != nil {
			return Unit{}, err
		}
	}
	for _, u := range units {
		if u.ID == id {
			return u, nil
		}
	}
	return Unit{}, fmt.Errorf("gdrive: no unit %s in the domain", id)
}
