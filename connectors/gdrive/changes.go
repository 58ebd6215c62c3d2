package gdrive

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"sort"

	drive "google.golang.org/api/drive/v3"
	"google.golang.org/api/googleapi"

	"github.com/credsweep/credsweep/connectors"
)

var _ connectors.Incremental = (*Connector)(nil)

// changeFields asks, for each change, for the file as a listing does, so
// that a changed file becomes the Item a Walk gives.
const changeFields = "nextPageToken,newStartPageToken,changes(changeType,removed,fileId,driveId,file(" + fileFields + "))"

// cursor is the opaque cursor of Cursor and WalkChanges, as JSON:
//
//	{"target":"gdrive://all","my":"1234","drives":{"0AB…":"56"}}
//
// My is the page token of the user's change log (My Drive, files shared
// with me), Drives the token of each shared drive's log. A target uses
// the logs its items can be in: gdrive://my the user's, gdrive://shared/ID
// that drive's, gdrive://folder/ID the log of the drive the folder is in,
// gdrive://all the user's and every shared drive's.
type cursor struct {
	Target string            `json:"target"`
	My     string            `json:"my,omitempty"`
	Drives map[string]string `json:"drives,omitempty"`
}

// logs are the change logs of the target: "" is the user's, else a
// shared drive id. For gdrive://all, drives are the shared drives now.
func (c *Connector) logs(ctx context.Context) ([]string, error) {
	switch c.t.Kind {
	case KindMy:
		return []string{""}, nil
	case KindShared:
		return []string{c.t.ID}, nil
	case KindFolder:
		return []string{c.folderDrive}, nil
	}
	drives, every, err := c.sharedDrives(ctx)
	if err != nil {
		return nil, err
	}
	if every {
		return nil, errors.New("gdrive: this Drive cannot list shared drives (drives.list): no change cursor for gdrive://all")
	}
	out := []string{""}
	for _, d := range drives {
		c.res.addRoot(d.Id, d.Name, d.Id)
		out = append(out, d.Id)
	}
	return out, nil
}

// Cursor returns the current position of every change log of the target.
func (c *Connector) Cursor(ctx context.Context) (string, error) {
	logs, err := c.logs(ctx)
	if err != nil {
		return "", err
	}
	cur := cursor{Target: c.t.String()}
	for _, l := range logs {
		tok, err := c.startToken(ctx, l)
		if err != nil {
			return "", err
		}
		cur.set(l, tok)
	}
	return cur.encode(), nil
}

func (cur *cursor) set(log, tok string) {
	if log == "" {
		cur.My = tok
		return
	}
	if cur.Drives == nil {
		cur.Drives = map[string]string{}
	}
	cur.Drives[log] = tok
}

func (cur *cursor) get(log string) (string, bool) {
	if log == "" {
		return cur.My, cur.My != ""
	}
	tok, ok := cur.Drives[log]
	return tok, ok && tok != ""
}

func (cur *cursor) encode() string {
	b, _ := json.Marshal(cur)
	return string(b)
}

// startToken is changes.getStartPageToken of one log.
func (c *Connector) startToken(ctx context.Context, log string) (string, error) {
	var st *drive.StartPageToken
	err := c.p.do(ctx, func(ctx context.Context) (err error) {
		call := c.svc.Changes.GetStartPageToken().SupportsAllDrives(true).Context(ctx)
		if log != "" {
			call = call.DriveId(log)
		}
		st, err = call.Do()
		return err
	})
	if err != nil {
		return "", fmt.Errorf("gdrive: cannot start a change log%s: %w", logName(log), err)
	}
	if st.StartPageToken == "" {
		return "", fmt.Errorf("gdrive: empty start page token%s", logName(log))
	}
	return st.StartPageToken, nil
}

func logName(log string) string {
	if log == "" {
		return ""
	}
	return " of shared drive " + log
}

// changes pages through one log from tok: every change, and the token to
// start from next time. A token Drive refuses (400 or 404) gives
// connectors.ErrCursorExpired.
func (c *Connector) changes(ctx context.Context, log, tok string) ([]*drive.Change, string, error) {
	var out []*drive.Change
	for {
		var cl *drive.ChangeList
		err := c.p.do(ctx, func(ctx context.Context) (err error) {
			call := c.svc.Changes.List(tok).PageSize(c.o.PageSize).Fields(googleapi.Field(changeFields)).
				SupportsAllDrives(true).IncludeRemoved(true).Context(ctx)
			if log != "" {
				// The user's log leaves shared drive items out: their
				// drives' logs have them, and one moved out of My Drive
				// comes as removed.
				call = call.DriveId(log).IncludeItemsFromAllDrives(true)
			}
			cl, err = call.Do()
			return err
		})
		if err != nil {
			if code, _ := reason(err); !isFinal(ctx, err) && (code == http.StatusBadRequest || code == http.StatusNotFound) {
				return nil, "", fmt.Errorf("gdrive: changes%s: %w: %w", logName(log), connectors.ErrCursorExpired, err)
			}
			return nil, "", fmt.Errorf("gdrive: cannot list changes%s: %w", logName(log), err)
		}
		out = append(out, cl.Changes...)
		switch {
		case cl.NewStartPageToken != "":
			return out, cl.NewStartPageToken, nil
		case cl.NextPageToken == "":
			return nil, "", fmt.Errorf("gdrive: changes.list%s gave neither nextPageToken nor newStartPageToken", logName(log))
		case cl.NextPageToken == tok:
			return nil, "", fmt.Errorf("gdrive: changes.list%s returned the same page token twice", logName(log))
		}
		tok = cl.NextPageToken
	}
}

// WalkChanges lists what changed in the target since cur.
//
// A changed file comes as the Item Walk would give it now (same Path,
// Display, ID, Ref, Skip). A file deleted, trashed, gone out of reach or
// out of the target comes with Removed set: ID is its Drive id, and Path
// "gdrive/<id>/<title>" when Drive still names it, else "gdrive/<id>".
// A changed folder (renamed, moved, shared) has its files listed again
// with their new Display, changed or not: their Version says whether the
// content did; a folder moved out of a gdrive://folder target has them
// Removed, one moved in has them listed. For gdrive://all a shared drive
// that appeared since the cursor is listed whole; one that went away
// gives ErrCursorExpired (a full walk finds what is gone).
//
// For gdrive://folder/ID, the target is the folder's tree now: a file is
// in it when one of its parents' chains reaches the folder; in the
// folder's drive only (a file moved to another drive is Removed).
func (c *Connector) WalkChanges(ctx context.Context, raw string, fn func(connectors.Item) error) (string, error) {
	var cur cursor
	if err := json.Unmarshal([]byte(raw), &cur); err != nil || cur.Target != c.t.String() {
		return "", fmt.Errorf("gdrive: %w: not a cursor of %s", connectors.ErrCursorExpired, c.t)
	}
	c.res.forget()
	logs, err := c.logs(ctx)
	if err != nil {
		return "", err
	}
	next := cursor{Target: cur.Target}
	var known, fresh []string
	for _, l := range logs {
		if _, ok := cur.get(l); ok {
			known = append(known, l)
		} else if c.t.Kind == KindAll && l != "" {
			fresh = append(fresh, l)
		} else {
			return "", fmt.Errorf("gdrive: %w: no token for %s", connectors.ErrCursorExpired, logName(l))
		}
	}
	for l := range cur.Drives {
		if !slices.Contains(logs, l) {
			return "", fmt.Errorf("gdrive: %w: shared drive %s is gone", connectors.ErrCursorExpired, l)
		}
	}
	// Read every log before emitting anything: an expired token must
	// fail the run before fn has seen half of it.
	type batch struct {
		log     string
		changes []*drive.Change
	}
	var batches []batch
	for _, l := range known {
		tok, _ := cur.get(l)
		chs, nt, err := c.changes(ctx, l, tok)
		if err != nil {
			return "", err
		}
		batches = append(batches, batch{l, chs})
		next.set(l, nt)
	}
	// A new shared drive: its token first, so nothing changed during its
	// listing is missed.
	for _, l := range fresh {
		tok, err := c.startToken(ctx, l)
		if err != nil {
			return "", err
		}
		next.set(l, tok)
	}
	err = c.run(ctx, fn, func(ctx context.Context, w *walker) error {
		for _, l := range fresh {
			name := c.res.name(l)
			if err := w.corpus(ctx, corpus{driveID: l, mode: modeDrive}); err != nil {
				w.listErr(ctx, l, name, name, fmt.Errorf("gdrive: cannot list %q: %w", name, err))
			}
		}
		return c.emitChanges(ctx, w, func(yield func(string, *drive.Change) bool) {
			for _, b := range batches {
				for _, ch := range b.changes {
					if !yield(b.log, ch) {
						return
					}
				}
			}
		})
	})
	if err != nil {
		return "", err
	}
	return next.encode(), nil
}

// emitChanges turns the changes into items. Folders come first: their
// new metadata is what paths are built from. An item present in one log
// wins over its removal from another (a file moved between drives).
func (c *Connector) emitChanges(ctx context.Context, w *walker, all func(func(string, *drive.Change) bool)) error {
	type entry struct {
		log string
		ch  *drive.Change
	}
	last := map[string]entry{}
	var order []string
	for log, ch := range all {
		if ch == nil || ch.ChangeType != "" && ch.ChangeType != "file" || ch.FileId == "" {
			continue
		}
		if _, ok := last[ch.FileId]; !ok {
			order = append(order, ch.FileId)
		}
		last[ch.FileId] = entry{log, ch}
	}
	var folders []*drive.File
	for _, id := range order {
		e := last[id]
		if f := e.ch.File; f != nil && !e.ch.Removed && f.MimeType == mimeFolder && !f.Trashed {
			c.res.add(f)
			if f.DriveId == e.log {
				// Folders of other drives are their logs' business.
				folders = append(folders, f)
			}
		}
	}
	c.res.forgetPlaces()
	items := map[string]connectors.Item{}
	var ids []string
	put := func(it connectors.Item) {
		old, seen := items[it.ID]
		if !seen {
			ids = append(ids, it.ID)
		}
		if !seen || old.Removed {
			items[it.ID] = it
		}
	}
	for _, id := range order {
		e := last[id]
		f := e.ch.File
		if e.ch.Removed || f == nil {
			put(connectors.Item{ID: id, Path: "gdrive/" + id, Removed: true})
			continue
		}
		if f.MimeType == mimeFolder {
			continue
		}
		it, ok, err := c.judge(ctx, f, e.log)
		if err != nil {
			return err
		}
		if ok {
			put(it)
		}
	}
	// Files under a changed folder: their paths (or scope) changed.
	for _, d := range folders {
		if err := c.subtree(ctx, d, func(f *drive.File) error {
			if _, done := items[f.Id]; done {
				return nil
			}
			it, ok, err := c.judge(ctx, f, f.DriveId)
			if ok && err == nil {
				put(it)
			}
			return err
		}); err != nil {
			return err
		}
	}
	sort.SliceStable(ids, func(i, j int) bool { return !items[ids[i]].Removed && items[ids[j]].Removed })
	for _, id := range ids {
		if !w.emit(ctx, items[id]) {
			return ctx.Err()
		}
	}
	return nil
}

// removed is the Removed item of a file Drive still describes.
func removed(f *drive.File) connectors.Item {
	return connectors.Item{ID: f.Id, Path: "gdrive/" + f.Id + "/" + segment(f.Name), Removed: true}
}

// judge turns a changed file of log into the Item Walk would give, a
// removal when Walk would not list it, or nothing (ok false) when
// another log of the target reports it.
func (c *Connector) judge(ctx context.Context, f *drive.File, log string) (it connectors.Item, ok bool, err error) {
	if f.Trashed {
		return removed(f), true, nil
	}
	var cs corpus
	switch c.t.Kind {
	case KindMy:
		if f.DriveId != "" {
			return removed(f), true, nil
		}
		cs = corpus{mode: modeMy}
	case KindShared:
		if f.DriveId != c.t.ID {
			return removed(f), true, nil
		}
		cs = corpus{driveID: c.t.ID, mode: modeDrive}
	case KindAll:
		if f.DriveId != log {
			return connectors.Item{}, false, nil // the log of its drive has it
		}
		cs = corpus{driveID: log, mode: modeAll}
		if log != "" {
			cs.mode = modeDrive
		}
	case KindFolder:
		for _, p := range f.Parents {
			in, err := c.under(ctx, p, c.t.ID)
			if err != nil {
				return connectors.Item{}, false, err
			}
			if in {
				pl, err := c.res.place(ctx, p)
				if err != nil {
					return connectors.Item{}, false, err
				}
				it, ok := c.item(f, pl.path, f.DriveId)
				if !ok {
					return removed(f), true, nil
				}
				return it, true, nil
			}
		}
		return removed(f), true, nil
	}
	dir, skip, err := c.dirOf(ctx, f, cs)
	if err != nil {
		return connectors.Item{}, false, err
	}
	if skip == skipElsewhere {
		return removed(f), true, nil // out of this unit of a domain scan
	}
	it, ok = c.item(f, dir, cs.driveID)
	if !ok {
		return removed(f), true, nil
	}
	if skip != "" && it.Skip == "" {
		it.Skip, it.Size = skip, -1
	}
	return it, true, nil
}

// under says whether folder id is top or below it.
func (c *Connector) under(ctx context.Context, id, top string) (bool, error) {
	for depth := 0; id != "" && depth < maxDepth; depth++ {
		if id == top {
			return true, nil
		}
		n, err := c.res.lookup(ctx, id)
		if err != nil || n == nil || n.root {
			return false, err
		}
		id = n.parent
	}
	return false, nil
}

// subtree lists the files below folder d (its subfolders recorded for
// paths), depth first.
func (c *Connector) subtree(ctx context.Context, d *drive.File, each func(*drive.File) error) error {
	visited := map[string]bool{}
	var visit func(id string, depth int) error
	visit = func(id string, depth int) error {
		if visited[id] || depth >= maxDepth {
			return nil
		}
		visited[id] = true
		var subs []string
		err := c.list(ctx, listing{parent: id, driveID: d.DriveId}, func(f *drive.File) error {
			if f.MimeType == mimeFolder {
				c.res.add(f)
				subs = append(subs, f.Id)
				return nil
			}
			return each(f)
		})
		if err != nil {
			return fmt.Errorf("gdrive: cannot list a changed folder: %w", err)
		}
		for _, s := range subs {
			if err := visit(s, depth+1); err != nil {
				return err
			}
		}
		return nil
	}
	return visit(d.Id, 0)
}
