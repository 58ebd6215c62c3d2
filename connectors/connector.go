// Package connectors walks the places credsweep scans (local folders, SMB
// shares, Google Drive) and opens their files, read-only.
//
// Connectors import nothing from the scanner, the detectors or the report:
// they hand out Items and readers, and say who can read an item.
package connectors

import (
	"context"
	"errors"
	"io"
	"time"
)

// Item is one entry found by a walk: a file to scan, or an entry the
// connector could not or would not walk into, with the reason.
type Item struct {
	// Path is the item's location for the report: an unescaped,
	// slash-separated path with no leading slash and no "/" inside a
	// segment. Local: relative to the scan root; SMB:
	// "smb/<server>/<share>/<path>"; Drive: "gdrive/<fileId>/<title>".
	Path string
	// Display is the location as a person would type it:
	// "/srv/share/elever.csv", `\\server\share\elever.csv`, a Drive title.
	Display string
	// ID is a stable identity of the object (Drive file id, SMB path):
	// part of the finding fingerprint, so it must not change between scans.
	ID string
	// Size in bytes, -1 when unknown (Google-native files).
	Size int64
	// ModTime is the last modification time, zero when unknown.
	ModTime time.Time
	// Version changes whenever the item's content may have changed, as
	// far as the source can tell without reading it: local "ctime:inode",
	// SMB ChangeTime, Drive md5Checksum/headRevisionId/version. Empty when
	// the source has nothing beyond Size and ModTime. A nightly scan with
	// state skips an item whose Size, ModTime and Version are unchanged.
	Version string
	// MIMEType is the source's own content type, when it has one (Drive).
	MIMEType string
	// Link is a URL for people (Drive webViewLink); empty for files.
	Link string
	// Skip, when set, says the item is not examined and why ("FIFO",
	// "symlink loop", "Google Form"); the scanner reports it as skipped.
	Skip string
	// Err, when set, says the walk failed here (an unreadable folder, a
	// share that cannot be mounted); the scanner reports it as failed.
	Err error
	// Dir marks an Err or Skip item that is a folder or share, not a file.
	Dir bool
	// Removed marks an item an incremental walk reports as deleted (or
	// trashed, or no longer visible) since the cursor: only ID and Path
	// are set, and the scanner drops what it remembered of it.
	Removed bool
	// Ref is private to the connector that produced the item.
	Ref any
}

// File is an open item. Reads honour the context given to Open (its
// deadline and cancellation) and fail with an error instead of hanging.
// A File may also implement io.ReaderAt (local and SMB files do).
type File interface {
	io.ReadCloser
}

// Connector walks one target and opens its items.
//
// Walk calls fn for every item under the target, one call at a time, until
// the walk ends, ctx is cancelled, or fn returns an error (which Walk
// returns). Errors about single entries are not Walk errors: they come as
// Items with Err set. Walk returns an error only when the whole target is
// unusable (bad credentials, unknown host or share): the scan cannot go on.
//
// Open opens an item for reading; the caller closes the File. Close
// releases connections; it is called once, after every File is closed.
type Connector interface {
	Walk(ctx context.Context, fn func(Item) error) error
	Open(ctx context.Context, it Item) (File, error)
	Close() error
}

// Audience says who can read an item, from broadest to narrowest.
type Audience string

// Audiences, the contract of properties.exposure in the report.
const (
	// AudiencePublic: anyone (Everyone, Anonymous, Guests; Drive "anyone").
	AudiencePublic Audience = "public"
	// AudienceOrganization: any member of the organisation (Authenticated
	// Users, Domain Users; Drive "domain"; a world-readable local file).
	AudienceOrganization Audience = "organization"
	// AudienceRestricted: named users and groups only.
	AudienceRestricted Audience = "restricted"
	// AudienceUnknown: the permissions could not be read.
	AudienceUnknown Audience = "unknown"
)

// Exposure is who can read an item.
//
// Principals are written so that the scanner can tell people from groups:
// an e-mail address is one person (a Drive user), "user:NAME" is one local
// person, "group:ADDRESS" a Drive group, "domain:NAME" a domain; anything
// else (well-known principals, SIDs, "group staff") is shown as it is. By
// default the scanner writes people as "a user at example.no": their
// addresses are personal data and go nowhere outside the machine.
type Exposure struct {
	Audience Audience
	// Owner of the item ("BUILTIN\Administrators", "alice@example.no").
	Owner string
	// Readers are the principals that can read the item.
	Readers []string
	// External are readers outside the owner's domain (Drive).
	External []string
	// Discoverable is true when a public item can be found by search
	// (Drive allowFileDiscovery).
	Discoverable bool
	// Detail is a short human explanation ("Everyone can read",
	// "mode 0644: every local user can read"). It names no person.
	Detail string
}

// Exposer is implemented by connectors that can say who can read an item.
// The scanner calls it only for items with findings.
type Exposer interface {
	Exposure(ctx context.Context, it Item) (Exposure, error)
}

// Incremental is implemented by connectors that can list only what changed
// since a saved cursor (Google Drive's Changes API). The scanner saves the
// cursor in its state after a complete run and uses it on the next.
type Incremental interface {
	// Cursor returns the position to list changes from later. It is
	// called before a full Walk, so that nothing changed during the walk
	// is missed.
	Cursor(ctx context.Context) (string, error)
	// WalkChanges calls fn for every item changed since cursor (new or
	// modified items as Walk gives them, deleted ones with Removed set),
	// one call at a time, and returns the cursor to save once the run is
	// complete. Items it does not list are unchanged. ErrCursorExpired
	// means the cursor is refused: the caller does a full Walk instead.
	WalkChanges(ctx context.Context, cursor string, fn func(Item) error) (next string, err error)
}

// Unit is a part of a target that can be scanned on its own: a disk share
// of an SMB server, a user's My Drive, a shared drive. `credsweep plan`
// lists them and `scan --shard` splits the work by them.
type Unit struct {
	// ID is the unit's canonical identity (no login user): stable, so a
	// unit stays in its shard from night to night.
	ID string
	// Target is what to scan for this unit: the target as the user wrote
	// it, narrowed to the unit ("smb://svc@fs01/skole", "gdrive://shared/ID").
	Target string
	// Size is an estimate in bytes, -1 when not cheap to know.
	Size int64
}

// Splitter is implemented by connectors whose target is made of units.
// Units lists them without walking them.
type Splitter interface {
	Units(ctx context.Context) ([]Unit, error)
}

// ErrCursorExpired is returned by WalkChanges for a cursor the source no
// longer accepts.
var ErrCursorExpired = errors.New("change cursor expired")

// ErrTransient marks an error worth retrying the whole file for (a dropped
// connection that was re-established, a timeout): wrap it with %w.
var ErrTransient = errors.New("transient error")

// ErrFatal marks an error after which no item can be read (credentials
// revoked, token expired): the scan stops with exit code 2.
var ErrFatal = errors.New("fatal error")
