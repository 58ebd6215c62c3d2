package smb

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"

	smb2 "github.com/cloudsoda/go-smb2"

	"github.com/credsweep/credsweep/connectors"
)

// File attributes and reparse tags the walk looks at ([MS-FSCC] 2.6,
// 2.1.2.1).
const (
	attrDirectory    = 0x10
	attrReparsePoint = 0x400
	attrOffline      = 0x1000
	attrRecallOnData = 0x400000

	tagMountPoint = 0xA0000003
	tagSymlink    = 0xA000000C
	tagDFS        = 0x8000000A
	tagNFS        = 0x80000014
	tagLXSymlink  = 0xA000001D
	tagAFUnix     = 0x80000023
)

// listBatch is how many entries one Readdir call asks for: one SMB
// QUERY_DIRECTORY round trip or a few, each batch under one deadline.
const listBatch = 1024

// maxDepth stops runaway recursion (a loop we could not detect).
const maxDepth = 256

// Walk calls fn for every file under the target, and for the folders and
// shares it could not or would not enter (Err or Skip set, Dir true).
// Folders are listed concurrently on the session pool; fn is called from
// Walk's goroutine only, one item at a time.
//
// DFS links are followed once the target is walked (see dfs.go); a link
// that cannot be followed is an Item with Err.
//
// Without a share in the URL, Walk lists the server's shares and walks the
// disk shares. IPC$ and printers are left out silently; administrative
// shares (C$, ADMIN$, any name ending in '$') are reported as skipped
// unless Options.IncludeAdminShares. A share that cannot be mounted is an
// Item with Err, not a Walk error.
func (c *Connector) Walk(ctx context.Context, fn func(connectors.Item) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	w := newDFSWalk(c)
	if c.target.Share != "" && c.startInLink {
		w.pending = append(w.pending, dfsLink{c: c, share: c.target.Share, rel: c.target.Path})
		return w.follow(ctx, fn)
	}
	if c.target.Share != "" {
		w.plan(dfsPath{host: c.target.Host, share: c.target.Share, rel: c.target.Path})
		if err := c.walkShare(ctx, c.target.Share, c.target.Path, fn, w, 0); err != nil {
			return err
		}
		return w.follow(ctx, fn)
	}
	shares, err := c.listShares(ctx)
	if err != nil {
		return err
	}
	var walk []string
	for _, sh := range shares {
		if sh.Type() != smb2.ShareTypeDiskTree {
			continue // IPC$, printers, devices: nothing to read
		}
		if strings.HasSuffix(sh.Name, "$") && !c.opts.IncludeAdminShares {
			it := c.item(sh.Name, "")
			it.Dir, it.Skip = true, "administrative share (not scanned without --include-admin-shares)"
			if err := fn(it); err != nil {
				return err
			}
			continue
		}
		walk = append(walk, sh.Name)
		w.plan(dfsPath{host: c.target.Host, share: sh.Name})
	}
	for _, name := range walk {
		if err := c.walkShare(ctx, name, "", fn, w, 0); err != nil {
			return err
		}
	}
	return w.follow(ctx, fn)
}

// listShares enumerates the server's shares over srvsvc, retrying after a
// dropped connection.
func (c *Connector) listShares(ctx context.Context) ([]smb2.ShareInfo, error) {
	for attempt := 0; ; attempt++ {
		ss := c.pool.pick()
		var gen uint64
		connected, timedOut := false, false
		shares, err := func() ([]smb2.ShareInfo, error) {
			if err := ss.acquire(ctx); err != nil {
				return nil, err
			}
			defer ss.release()
			s, g, err := c.pool.connectLocked(ctx, ss)
			if err != nil {
				return nil, err
			}
			gen, connected = g, true
			cc := newCallCtx()
			cc.begin(ctx, c.opts.CallTimeout)
			shares, err := s.WithContext(cc).ListShares()
			timedOut = cc.end()
			return shares, err
		}()
		if err == nil {
			return shares, nil
		}
		cerr, drop := classify(err, timedOut, c.opts.CallTimeout)
		if drop && connected {
			c.pool.drop(ss, gen)
		}
		if errors.Is(cerr, connectors.ErrTransient) && attempt < c.opts.Retries && ctx.Err() == nil {
			continue
		}
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		if errors.Is(cerr, connectors.ErrFatal) {
			return nil, cerr
		}
		return nil, fatal(fmt.Sprintf("%s: cannot list shares (name one in the URL: %s/SHARE): %v",
			c.target.server(), c.target.server(), cerr), err)
	}
}

// dirJob is a folder to list; rel is slash-separated, "" for the root.
type dirJob struct {
	rel   string
	depth int
}

// dirResult is what listing one folder produced.
type dirResult struct {
	items   []connectors.Item
	subdirs []dirJob
	ids     []uint64 // FileId of each subdir, for loop detection
	links   []string // DFS links met (slash paths in the share)
}

// walkShare walks share from start (a folder or a file), adding the DFS
// links it meets to w, hops links away from the target.
func (c *Connector) walkShare(ctx context.Context, share, start string, fn func(connectors.Item) error, w *dfsWalk, hops int) error {
	// A share that cannot be mounted is reported and the walk goes on.
	if _, err := c.mountRetry(ctx, share); err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		it := c.item(share, "")
		it.Dir, it.Err = true, c.shareError(err)
		return fn(it)
	}
	if start != "" {
		st, err := c.stat(ctx, share, start)
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			it := c.item(share, start)
			it.Dir, it.Err = true, err
			return fn(it)
		}
		if !st.IsDir() {
			return fn(c.fileItem(share, start, st))
		}
	}

	wctx, cancel := context.WithCancel(ctx)
	jobs := make(chan dirJob)
	results := make(chan dirResult)
	var wg sync.WaitGroup
	for range c.opts.Sessions {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				r := c.listDir(wctx, share, j)
				select {
				case results <- r:
				case <-wctx.Done():
					return
				}
			}
		}()
	}
	defer func() {
		cancel()
		close(jobs)
		wg.Wait()
	}()

	queue := []dirJob{{rel: start}}
	seen := map[uint64]bool{}
	if id := c.dirID(ctx, share, start); id != 0 {
		seen[id] = true // a link back to the start is a loop too
	}
	pending := 0
	for len(queue) > 0 || pending > 0 {
		var send chan dirJob
		var next dirJob
		if len(queue) > 0 {
			// Last in, first out: depth-first keeps the queue short.
			send, next = jobs, queue[len(queue)-1]
		}
		select {
		case send <- next:
			queue = queue[:len(queue)-1]
			pending++
		case r := <-results:
			pending--
			if err := ctx.Err(); err != nil {
				return err // the listing failed because of it: do not report
			}
			for _, it := range r.items {
				if err := fn(it); err != nil {
					return err
				}
			}
			for _, rel := range r.links {
				w.pending = append(w.pending, dfsLink{c: c, share: share, rel: rel, hops: hops})
			}
			for i, d := range r.subdirs {
				if id := r.ids[i]; id != 0 {
					if seen[id] {
						it := c.item(share, d.rel)
						it.Dir, it.Skip = true, "folder seen before (symbolic link loop)"
						if err := fn(it); err != nil {
							return err
						}
						continue
					}
					seen[id] = true
				}
				queue = append(queue, d)
			}
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	return ctx.Err()
}

// listDir lists one folder, retrying after a dropped connection; a folder
// that cannot be listed becomes an Item with Err.
func (c *Connector) listDir(ctx context.Context, share string, j dirJob) dirResult {
	var res dirResult
	var entries []os.FileInfo
	var err error
	for attempt := 0; ; attempt++ {
		entries, err = c.readDir(ctx, share, j.rel)
		if err == nil || !errors.Is(err, connectors.ErrTransient) || attempt >= c.opts.Retries || ctx.Err() != nil {
			break
		}
	}
	if err != nil {
		it := c.item(share, j.rel)
		it.Dir, it.Err = true, err
		if code, _ := ntStatus(err); code == statusPathNotCovered {
			// A DFS link the listing did not flag as a reparse point.
			res.links = append(res.links, j.rel)
			return res
		}
		res.items = append(res.items, it)
		return res
	}
	for _, fi := range entries {
		rel := fi.Name()
		if j.rel != "" {
			rel = j.rel + "/" + rel
		}
		st, _ := fi.Sys().(*smb2.FileStat)
		var attrs, tag uint32
		var id uint64
		if st != nil {
			attrs, tag, id = st.FileAttributes, st.ReparsePointTag, st.FileId
		}
		isDir := attrs&attrDirectory != 0 || fi.IsDir()
		if attrs&attrReparsePoint != 0 {
			if tag == tagDFS {
				res.links = append(res.links, rel)
				continue
			}
			if why := reparseSkip(tag, isDir); why != "" {
				it := c.item(share, rel)
				it.Dir, it.Skip = isDir, why
				res.items = append(res.items, it)
				continue
			}
		}
		if isDir {
			if j.depth+1 >= maxDepth {
				it := c.item(share, rel)
				it.Dir, it.Skip = true, fmt.Sprintf("deeper than %d folders", maxDepth)
				res.items = append(res.items, it)
				continue
			}
			res.subdirs = append(res.subdirs, dirJob{rel: rel, depth: j.depth + 1})
			res.ids = append(res.ids, id)
			continue
		}
		it := c.fileItem(share, rel, fi)
		if attrs&(attrOffline|attrRecallOnData) != 0 {
			it.Skip = "offline file (reading it would recall it from archive storage)"
		}
		res.items = append(res.items, it)
	}
	return res
}

// reparseSkip says why a reparse point is not followed, or "" when it is
// an ordinary file whose data is merely stored elsewhere (deduplicated,
// cloud placeholder, HSM): those are read like any file.
func reparseSkip(tag uint32, isDir bool) string {
	switch tag {
	case tagSymlink, tagLXSymlink, tagNFS:
		return "symbolic link: not followed"
	case tagMountPoint:
		return "junction or mount point: not followed"
	case tagAFUnix:
		return "socket"
	}
	if isDir {
		return fmt.Sprintf("reparse point (tag 0x%08X): not followed", tag)
	}
	return ""
}

func (c *Connector) fileItem(share, rel string, fi os.FileInfo) connectors.Item {
	it := c.item(share, rel)
	it.Size, it.ModTime = fi.Size(), fi.ModTime()
	if st, ok := fi.Sys().(*smb2.FileStat); ok {
		it.Version = version(st)
	}
	return it
}

// version is the file's ChangeTime in nanoseconds and, when the server
// gives one, its FileId (the inode on Samba, the MFT reference on NTFS):
// "<ns>:<id>". Samba reports the mtime as ChangeTime, so there a content
// change with the mtime put back is only seen when it replaced the file
// (a new FileId). Without a ChangeTime (a zero FILETIME) it is
// "w<LastWriteTime ns>:<size>", then ":<id>" if known.
func version(st *smb2.FileStat) string {
	var v string
	switch {
	case setTime(st.ChangeTime):
		v = strconv.FormatInt(st.ChangeTime.UnixNano(), 10)
	case setTime(st.LastWriteTime):
		v = "w" + strconv.FormatInt(st.LastWriteTime.UnixNano(), 10) + ":" + strconv.FormatInt(st.EndOfFile, 10)
	default:
		return ""
	}
	if st.FileId != 0 {
		v += ":" + strconv.FormatUint(st.FileId, 10)
	}
	return v
}

// setTime says whether an SMB time is set: a zero FILETIME (1601) decodes
// to a time before 1970 (or an overflowed one), and no file share holds
// files from before 1980.
func setTime(t time.Time) bool {
	return t.Year() >= 1980 && t.Year() < 3000
}

// shareError is the Err of a share that cannot be mounted.
func (c *Connector) shareError(err error) error {
	if code, ok := ntStatus(err); ok && code == statusBadNetworkName {
		return &kindError{msg: "no such share", kind: fs.ErrNotExist, cause: err}
	}
	if errors.Is(err, errNotEncrypted) {
		return err
	}
	err, _ = classify(err, errors.Is(err, errCallTimeout), c.opts.CallTimeout)
	return err
}

// mountRetry mounts share, retrying after a dropped connection.
func (c *Connector) mountRetry(ctx context.Context, share string) (mount, error) {
	for attempt := 0; ; attempt++ {
		m, err := c.pool.mount(ctx, share)
		if err == nil {
			return m, nil
		}
		transient := isConnectionLost(err) || errors.Is(err, errCallTimeout) || errors.Is(err, connectors.ErrTransient)
		if !transient || attempt >= c.opts.Retries || ctx.Err() != nil {
			return mount{}, err
		}
	}
}

// readDir lists one folder with a deadline per batch.
func (c *Connector) readDir(ctx context.Context, share, rel string) ([]os.FileInfo, error) {
	m, err := c.mountRetry(ctx, share)
	if err != nil {
		return nil, c.shareError(err)
	}
	cc := newCallCtx()
	cc.begin(ctx, c.opts.CallTimeout)
	f, err := m.share.WithContext(cc).Open(rel)
	if timedOut := cc.end(); err != nil {
		return nil, c.callError(m, err, timedOut)
	}
	defer c.closeHandle(m, f, cc)
	var all []os.FileInfo
	for {
		cc.begin(ctx, c.opts.CallTimeout)
		batch, err := f.Readdir(listBatch)
		timedOut := cc.end()
		all = append(all, batch...)
		if err == io.EOF {
			return all, nil
		}
		if err != nil {
			return nil, c.callError(m, err, timedOut)
		}
		if len(batch) == 0 {
			return all, nil
		}
	}
}

// dirID returns the server's file id of a folder, 0 when unknown. Listings
// carry the ids of subfolders; the start folder needs this extra call.
func (c *Connector) dirID(ctx context.Context, share, rel string) uint64 {
	m, err := c.mountRetry(ctx, share)
	if err != nil {
		return 0
	}
	cc := newCallCtx()
	cc.begin(ctx, c.opts.CallTimeout)
	f, err := m.share.WithContext(cc).Open(rel)
	if timedOut := cc.end(); err != nil {
		_ = c.callError(m, err, timedOut)
		return 0
	}
	defer c.closeHandle(m, f, cc)
	cc.begin(ctx, c.opts.CallTimeout)
	fi, err := f.Stat()
	if timedOut := cc.end(); err != nil {
		_ = c.callError(m, err, timedOut)
		return 0
	}
	if st, ok := fi.Sys().(*smb2.FileStat); ok {
		return st.FileId
	}
	return 0
}

// stat looks up one path (for a URL naming a file or folder).
func (c *Connector) stat(ctx context.Context, share, rel string) (os.FileInfo, error) {
	m, err := c.mountRetry(ctx, share)
	if err != nil {
		return nil, c.shareError(err)
	}
	cc := newCallCtx()
	cc.begin(ctx, c.opts.CallTimeout)
	fi, err := m.share.WithContext(cc).Stat(rel)
	timedOut := cc.end()
	if err != nil {
		return nil, c.callError(m, err, timedOut)
	}
	return fi, nil
}

// callError classifies an error of a call on m and drops m's session when
// the connection is gone.
func (c *Connector) callError(m mount, err error, timedOut bool) error {
	out, drop := classify(err, timedOut, c.opts.CallTimeout)
	if drop {
		c.pool.drop(m.sess, m.gen)
	}
	return out
}

// closeHandle closes an SMB handle within CallTimeout, even when the
// caller's context is already cancelled (else the handle would stay open
// on the server until the session ends).
func (c *Connector) closeHandle(m mount, f *smb2.File, cc *callCtx) {
	cc.begin(context.Background(), c.opts.CallTimeout)
	err := f.Close()
	if timedOut := cc.end(); err != nil {
		_ = c.callError(m, err, timedOut)
	}
}
