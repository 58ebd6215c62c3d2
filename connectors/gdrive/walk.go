package gdrive

import (
	"context"
	"errors"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	drive "google.golang.org/api/drive/v3"

	"github.com/credsweep/credsweep/connectors"
)

// listFields asks for everything Open and Exposure need, so neither costs
// an extra metadata call. Drive leaves permissions out for shared drive
// files; Exposure lists them then.
// md5Checksum, headRevisionId and version make Item.Version.
const listFields = "nextPageToken,incompleteSearch,files(" + fileFields + ")"

// fileFields are the fields of one file in a listing or a change.
const fileFields = "id,name,mimeType,parents,driveId,size,modifiedTime,md5Checksum,headRevisionId,version," +
	"webViewLink,trashed,ownedByMe,shortcutDetails(targetId,targetMimeType),exportLinks,owners(emailAddress,me)," +
	"permissions(type,role,emailAddress,domain,allowFileDiscovery,deleted)"

// md5Empty is the md5Checksum of an empty file: its size 0 is known.
const md5Empty = "d41d8cd98f00b204e9800998ecf8427e"

// ref is what Open and Exposure need from the listing.
type ref struct {
	id, title, mime string
	exp             export
	native          bool
	exportLinks     map[string]string
	perms           []*drive.Permission
	permsKnown      bool
	owner           string
	driveID         string
}

// corpus is one flat listing: My Drive (and files shared with me) or one
// shared drive.
type corpus struct {
	driveID string // "" for the user corpus
	mode    int
	every   bool // the user corpus and every shared drive at once
}

// Where a flat listing's files belong.
const (
	modeMy    = iota // only files under My Drive's root, or owned by me
	modeDrive        // a shared drive
	modeAll          // everything; unreachable files go under "Shared with me"
)

// walker runs one Walk: producers list concurrently and send items to the
// single goroutine that calls fn.
type walker struct {
	c    *Connector
	out  chan connectors.Item
	once sync.Once
	err  error
	stop context.CancelFunc
}

// fail records the first error that ends the walk.
func (w *walker) fail(err error) {
	w.once.Do(func() { w.err = err; w.stop() })
}

func (w *walker) emit(ctx context.Context, it connectors.Item) bool {
	select {
	case w.out <- it:
		return true
	case <-ctx.Done():
		return false
	}
}

// Walk lists the target and calls fn for every file: Google-native files
// to export, shortcuts and unexportable types as skipped items. Folders
// are not items; trashed files are left out.
func (c *Connector) Walk(ctx context.Context, fn func(connectors.Item) error) error {
	return c.run(ctx, fn, func(ctx context.Context, w *walker) error {
		switch c.t.Kind {
		case KindMy:
			return w.corpus(ctx, corpus{mode: modeMy})
		case KindShared:
			return w.corpus(ctx, corpus{driveID: c.t.ID, mode: modeDrive})
		case KindFolder:
			return w.folder(ctx)
		case KindAll:
			return w.all(ctx)
		}
		return nil
	})
}

// run runs produce, which emits items from any number of goroutines, and
// calls fn for each from this one. An item whose ID was already given is
// dropped (a file with several parents; a removal after the file was
// listed elsewhere).
func (c *Connector) run(ctx context.Context, fn func(connectors.Item) error, produce func(context.Context, *walker) error) error {
	wctx, cancel := context.WithCancel(ctx)
	defer cancel()
	w := &walker{c: c, out: make(chan connectors.Item, 256), stop: cancel}
	go func() {
		defer close(w.out)
		if err := produce(wctx, w); err != nil {
			w.fail(err)
		}
	}()
	seen := map[string]bool{}
	var fnErr error
	for it := range w.out {
		if fnErr != nil {
			continue // drain so producers end
		}
		if !it.Dir && it.ID != "" {
			if seen[it.ID] {
				continue // a file with several parents
			}
			seen[it.ID] = true
		}
		if err := fn(it); err != nil {
			fnErr = err
			cancel()
		}
	}
	switch {
	case fnErr != nil:
		return fnErr
	case ctx.Err() != nil:
		return ctx.Err()
	}
	return w.err
}

// corpus lists folders first (to know every path), then the files. A
// shared drive whose flat listing the server refuses is walked as a tree.
func (w *walker) corpus(ctx context.Context, cs corpus) error {
	c := w.c
	l := listing{want: wantFolders, driveID: cs.driveID, every: cs.every}
	err := c.list(ctx, l, func(f *drive.File) error {
		c.res.add(f)
		return nil
	})
	if err != nil && cs.mode == modeDrive && unsupported(err) {
		return w.tree(ctx, cs.driveID, c.res.name(cs.driveID), cs.driveID)
	}
	if err != nil {
		return err
	}
	l.want = wantFiles
	if cs.mode == modeDrive || c.root() != "" {
		return c.list(ctx, l, func(f *drive.File) error { return w.place(ctx, f, cs) })
	}
	// My Drive's root id is unknown (no "root" alias): it is the parent
	// the listed files share, so the files wait until it is known.
	var files []*drive.File
	if err := c.list(ctx, l, func(f *drive.File) error {
		files = append(files, f)
		return nil
	}); err != nil {
		return err
	}
	c.guessRoot(files)
	for _, f := range files {
		if err := w.place(ctx, f, cs); err != nil {
			return err
		}
	}
	return nil
}

// place emits a file of a flat listing where it belongs.
func (w *walker) place(ctx context.Context, f *drive.File, cs corpus) error {
	dir, skip, err := w.c.dirOf(ctx, f, cs)
	if err != nil {
		return err
	}
	if skip == skipElsewhere {
		return nil // another unit of the domain scan has it
	}
	it, ok := w.c.item(f, dir, cs.driveID)
	if !ok {
		return nil
	}
	if skip != "" && it.Skip == "" {
		it.Skip, it.Size = skip, -1
	}
	if !w.emit(ctx, it) {
		return ctx.Err()
	}
	return nil
}

// dirOf places a file from a flat listing; skip says why a file outside
// the target is not examined (it is still an item: nothing a walk meets
// goes unreported).
func (c *Connector) dirOf(ctx context.Context, f *drive.File, cs corpus) (dir, skip string, err error) {
	var pl place
	if len(f.Parents) > 0 {
		if pl, err = c.res.place(ctx, f.Parents[0]); err != nil {
			return "", "", err
		}
	}
	root := c.root()
	switch {
	case cs.mode == modeDrive:
		if pl.root == "" {
			return join(c.res.name(cs.driveID), pl.path), "", nil
		}
		return pl.path, "", nil
	case pl.root != "" && (pl.root == root || cs.mode == modeAll):
		return pl.path, "", nil
	case cs.mode == modeMy && (f.DriveId != "" || pl.root != ""):
		if c.scope != nil {
			return "", skipElsewhere, nil // the shared drive's unit
		}
		return pl.path, "in a shared drive, not in My Drive: not examined (scan gdrive://all)", nil
	}
	if mine, known := c.ownedByMe(f); mine || !known {
		return join("My Drive", pl.path), "", nil
	}
	dir = join("Shared with me", pl.path)
	if cs.mode == modeMy && c.scope != nil {
		if c.scope.covered(ownerOf(f)) {
			return "", skipElsewhere, nil // the owner's unit
		}
		return dir, "", nil // no unit of the domain reads it as its owner
	}
	if cs.mode == modeMy {
		return dir, "shared with me, not in My Drive: not examined (scan gdrive://all)", nil
	}
	return dir, "", nil
}

// ownerOf is the email of f's owner, "" when the listing names none.
func ownerOf(f *drive.File) string {
	for _, o := range f.Owners {
		if o != nil && o.EmailAddress != "" {
			return o.EmailAddress
		}
	}
	for _, p := range f.Permissions {
		if p != nil && p.Role == "owner" && p.EmailAddress != "" {
			return p.EmailAddress
		}
	}
	return ""
}

// ownedByMe says whether the account owns f, and whether that is known at
// all: a server that leaves out owners and ownedByMe says nothing.
func (c *Connector) ownedByMe(f *drive.File) (mine, known bool) {
	if f.OwnedByMe {
		return true, true
	}
	for _, o := range f.Owners {
		if o != nil && (o.Me || c.me != "" && strings.EqualFold(o.EmailAddress, c.me)) {
			return true, true
		}
	}
	if len(f.Owners) > 0 {
		return false, true
	}
	for _, p := range f.Permissions {
		if p != nil && p.Role == "owner" && p.EmailAddress != "" {
			return c.me != "" && strings.EqualFold(p.EmailAddress, c.me), true
		}
	}
	return false, false
}

// item turns a listed file into an Item; ok is false for folders and
// trashed files, which are not items. driveID is the listing's drive.
func (c *Connector) item(f *drive.File, dir, driveID string) (connectors.Item, bool) {
	if f.Trashed || f.MimeType == mimeFolder {
		return connectors.Item{}, false
	}
	if c.scope != nil && c.scope.prefix != "" {
		dir = join(c.scope.prefix, dir)
	}
	it := connectors.Item{
		Path:     "gdrive/" + f.Id + "/" + segment(f.Name),
		Display:  join(dir, f.Name),
		ID:       f.Id,
		Size:     f.Size,
		MIMEType: f.MimeType,
		Link:     f.WebViewLink,
	}
	if it.Link == "" {
		it.Link = "https://drive.google.com/file/d/" + url.PathEscape(f.Id) + "/view"
	}
	if it.Size == 0 && f.Md5Checksum != md5Empty {
		it.Size = -1 // "0" and a size left out decode alike
	}
	if t, err := time.Parse(time.RFC3339, f.ModifiedTime); err == nil {
		it.ModTime = t
	}
	it.Version = version(f)
	r := &ref{id: f.Id, title: f.Name, mime: f.MimeType, exportLinks: f.ExportLinks,
		perms: f.Permissions, permsKnown: len(f.Permissions) > 0, driveID: f.DriveId}
	if r.driveID == "" {
		r.driveID = driveID
	}
	for _, o := range f.Owners {
		if o != nil && o.EmailAddress != "" {
			r.owner = o.EmailAddress
			break
		}
	}
	if f.MimeType == mimeShortcut {
		it.Size = -1
		target := "?"
		if f.ShortcutDetails != nil {
			target = f.ShortcutDetails.TargetId
		}
		it.Skip = "shortcut to " + target
	} else if exp, native := nativeExport(f.MimeType); native {
		it.Size = -1
		it.Skip = exp.skip
		r.exp, r.native = exp, true
	}
	it.Ref = r
	return it, true
}

// listErr reports a folder or drive that could not be listed, unless the
// error ends the whole walk.
func (w *walker) listErr(ctx context.Context, id, name, display string, err error) {
	if ctx.Err() != nil || errors.Is(err, connectors.ErrFatal) {
		w.fail(err)
		return
	}
	w.emit(ctx, connectors.Item{Path: "gdrive/" + id + "/" + segment(name), Display: display, ID: id,
		Size: -1, Dir: true, Err: err})
}

// version is what Item.Version holds for a Drive file: its md5Checksum
// (files with bytes), else its headRevisionId, else its version (a
// counter Drive moves on every change, metadata too: Google-native files
// have nothing finer), with modifiedTime after "@". "" when the server
// gives none of them.
func version(f *drive.File) string {
	var v string
	switch {
	case f.Md5Checksum != "":
		v = "md5:" + f.Md5Checksum
	case f.HeadRevisionId != "":
		v = "rev:" + f.HeadRevisionId
	case f.Version != 0:
		v = "v:" + strconv.FormatInt(f.Version, 10)
	default:
		return ""
	}
	return v + "@" + f.ModifiedTime
}
