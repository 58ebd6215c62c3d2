package gdrive

import (
	"context"
	"fmt"
	"slices"
	"sync/atomic"

	drive "google.golang.org/api/drive/v3"
	"google.golang.org/api/googleapi"
)

// What a listing keeps.
const (
	wantAll = iota
	wantFolders
	wantFiles
)

// listing is one logical files.list: a flat listing of a corpus (the
// user's or one shared drive's), or the children of one folder.
type listing struct {
	want    int
	parent  string // folder whose children are listed; "" for a flat listing
	driveID string // "" for the user corpus
	every   bool   // every drive the account can see (corpora=allDrives)
}

// queries are the q values to try, most precise first. Drive understands
// the first; a partial implementation may answer 400 to it, and then a
// simpler query, or none, does with the same filter applied here.
func (l listing) queries() []string {
	if l.parent != "" {
		p := "'" + l.parent + "' in parents"
		return []string{p + " and trashed = false", p}
	}
	switch l.want {
	case wantFolders:
		return []string{"mimeType = '" + mimeFolder + "' and trashed = false", "trashed = false", ""}
	case wantFiles:
		return []string{"mimeType != '" + mimeFolder + "' and trashed = false", "trashed = false", ""}
	}
	return []string{"trashed = false", ""}
}

// corpora are the corpora values to try ("" sends none). A flat listing
// of a shared drive needs corpora=drive: without it, its caller walks the
// drive's tree instead.
func (l listing) corpora() []string {
	switch {
	case l.every:
		return []string{"allDrives", ""}
	case l.driveID == "":
		return []string{"user", ""}
	case l.parent == "":
		return []string{"drive"}
	}
	return []string{"drive", "allDrives", ""}
}

// ladder indexes the fallback level remembered per listing shape, so one
// 400 teaches every later listing of that shape.
func (l listing) ladder() int {
	n := 0
	if l.parent != "" {
		n = 1
	}
	switch {
	case l.every:
		n += 4
	case l.driveID != "":
		n += 2
	}
	return n
}

// keep applies the listing's filter to what the server returned.
func (l listing) keep(f *drive.File) bool {
	switch {
	case f == nil || f.Trashed:
		return false
	case l.want == wantFolders && f.MimeType != mimeFolder, l.want == wantFiles && f.MimeType == mimeFolder:
		return false
	case l.parent != "" && len(f.Parents) > 0 && !slices.Contains(f.Parents, l.parent):
		return false
	case l.parent == "" && l.driveID != "" && f.DriveId != "" && f.DriveId != l.driveID:
		return false
	}
	return true
}

// levels remembers the first working (query, corpora) pair per ladder.
type levels [6]atomic.Int32

// list pages through a listing, one paced call per page. A 400 or 501
// (a query or parameter the server does not support) moves to the next
// simpler request and starts over; the walk drops the repeats.
func (c *Connector) list(ctx context.Context, l listing, each func(*drive.File) error) error {
	qs, cs := l.queries(), l.corpora()
	lv := &c.levels[l.ladder()]
	for n := int(lv.Load()); ; n++ {
		q, corp := qs[n/len(cs)], cs[n%len(cs)]
		err := c.listOnce(ctx, l, q, corp, each)
		if err == nil || !unsupported(err) || n+1 >= len(qs)*len(cs) {
			return err
		}
		// Only ever move forward: a concurrent listing may have too.
		for cur := lv.Load(); cur < int32(n+1) && !lv.CompareAndSwap(cur, int32(n+1)); cur = lv.Load() {
		}
	}
}

// listOnce pages through one files.list request shape.
func (c *Connector) listOnce(ctx context.Context, l listing, q, corp string, each func(*drive.File) error) error {
	tok := ""
	for {
		var fl *drive.FileList
		err := c.p.do(ctx, func(ctx context.Context) (err error) {
			call := c.svc.Files.List().PageSize(c.o.PageSize).Fields(googleapi.Field(listFields)).
				SupportsAllDrives(true).Context(ctx)
			if q != "" {
				call = call.Q(q)
			}
			if corp != "" {
				call = call.Corpora(corp)
			}
			switch {
			case corp == "drive":
				call = call.DriveId(l.driveID).IncludeItemsFromAllDrives(true)
			case l.driveID != "" || l.every:
				call = call.IncludeItemsFromAllDrives(true)
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
			if !l.keep(f) {
				continue
			}
			if err := each(f); err != nil {
				return err
			}
		}
		switch fl.NextPageToken {
		case "":
			return nil
		case tok:
			// A server that ignores pageToken would loop for ever.
			return fmt.Errorf("gdrive: files.list returned the same page token twice")
		}
		tok = fl.NextPageToken
	}
}
