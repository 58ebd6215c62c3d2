package gdrive

import (
	"context"
	"errors"
	"sync"
	"time"

	drive "google.golang.org/api/drive/v3"
	"google.golang.org/api/googleapi"

	"github.com/credsweep/credsweep/connectors"
)

// listFields asks for everything Open and Exposure need, so neither costs
// an extra metadata call. Drive leaves permissions out for shared drive
// files; Exposure lists them then.
const listFields = "nextPageToken,incompleteSearch,files(id,name,mimeType,parents,driveId,size,modifiedTime," +
	"webViewLink,trashed,ownedByMe,shortcutDetails(targetId,targetMimeType),exportLinks,owners(emailAddress)," +
	"permissions(type,role,emailAddress,domain,allowFileDiscovery,deleted))"

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
	wctx, cancel := context.WithCancel(ctx)
	defer cancel()
	w := &walker{c: c, out: make(chan connectors.Item, 256), stop: cancel}
	go func() {
		defer close(w.out)
		var err error
		switch c.t.Kind {
		case KindMy:
			err = w.corpus(wctx, corpus{mode: modeMy})
		case KindShared:
			err = w.corpus(wctx, corpus{driveID: c.t.ID, mode: modeDrive})
		case KindFolder:
			err = w.folder(wctx)
		case KindAll:
			err = w.all(wctx)
		}
		if err != nil {
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

// list pages through a files.list query, one paced call per page.
func (c *Connector) list(ctx context.Context, q, driveID string, each func(*drive.File) error) error {
	tok := ""
	for {
		var fl *drive.FileList
		err := c.p.do(ctx, func(ctx context.Context) (err error) {
			call := c.svc.Files.List().Q(q).PageSize(c.o.PageSize).Fields(googleapi.Field(listFields)).
				SupportsAllDrives(true).Context(ctx)
			if driveID != "" {
				call = call.Corpora("drive").DriveId(driveID).IncludeItemsFromAllDrives(true)
			} else {
				call = call.Corpora("user")
			}
			if tok != "" {
				call = call.PageToken(tok)
			}
			fl, err = call.Do()
			return err
		})
		if err != nil {
			return err
		}
		for _, f := range fl.Files {
			if err := each(f); err != nil {
				return err
			}
		}
		if fl.NextPageToken == "" {
			return nil
		}
		tok = fl.NextPageToken
	}
}

// corpus lists folders first (to know every path), then the files.
func (w *walker) corpus(ctx context.Context, cs corpus) error {
	c := w.c
	err := c.list(ctx, "mimeType = '"+mimeFolder+"' and trashed = false", cs.driveID, func(f *drive.File) error {
		c.res.add(f)
		return nil
	})
	if err != nil {
		return err
	}
	return c.list(ctx, "mimeType != '"+mimeFolder+"' and trashed = false", cs.driveID, func(f *drive.File) error {
		dir, ok, err := c.dirOf(ctx, f, cs)
		if err != nil || !ok {
			return err
		}
		if it, ok := c.item(f, dir); ok && !w.emit(ctx, it) {
			return ctx.Err()
		}
		return nil
	})
}

// dirOf places a file from a flat listing, and says whether it belongs.
func (c *Connector) dirOf(ctx context.Context, f *drive.File, cs corpus) (string, bool, error) {
	var pl place
	if len(f.Parents) > 0 {
		var err error
		if pl, err = c.res.place(ctx, f.Parents[0]); err != nil {
			return "", false, err
		}
	}
	switch {
	case cs.mode == modeDrive:
		if pl.root == "" {
			return join(c.res.name(cs.driveID), pl.path), true, nil
		}
		return pl.path, true, nil
	case pl.root != "" && (pl.root == c.rootID || cs.mode == modeAll):
		return pl.path, true, nil
	case f.OwnedByMe:
		return join("My Drive", pl.path), true, nil
	case cs.mode == modeAll:
		return join("Shared with me", pl.path), true, nil
	}
	return "", false, nil // shared with me, not in My Drive
}

// item turns a listed file into an Item; ok is false for folders and
// trashed files, which are not items.
func (c *Connector) item(f *drive.File, dir string) (connectors.Item, bool) {
	if f.Trashed || f.MimeType == mimeFolder {
		return connectors.Item{}, false
	}
	it := connectors.Item{
		Path:     "gdrive/" + f.Id + "/" + segment(f.Name),
		Display:  join(dir, f.Name),
		ID:       f.Id,
		Size:     f.Size,
		MIMEType: f.MimeType,
		Link:     f.WebViewLink,
	}
	if t, err := time.Parse(time.RFC3339, f.ModifiedTime); err == nil {
		it.ModTime = t
	}
	r := &ref{id: f.Id, title: f.Name, mime: f.MimeType, exportLinks: f.ExportLinks,
		perms: f.Permissions, permsKnown: f.Permissions != nil, driveID: f.DriveId}
	if len(f.Owners) > 0 {
		r.owner = f.Owners[0].EmailAddress
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
