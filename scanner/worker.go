package scanner

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync/atomic"
	"time"

	"github.com/credsweep/credsweep/connectors"
)

// fileOutcome is what a worker hands the collector for one walked item:
// the item's own outcome plus the members found inside it.
type fileOutcome struct {
	target    *Target
	item      connectors.Item
	artifacts []*artifact
	// folderHits are values in the names of the folders above the item.
	folderHits []folderHit
	// With a state file: the item's key and memory; unchanged items are
	// not opened and carry their stored results; removed items are gone.
	mem       *targetMemory
	key       itemKey
	unchanged bool
	removed   bool
	carried   []Result
	exposure  connectors.Exposure
	bytes     int64
	fatal     error
}

// worker processes items one at a time; its buffers are reused.
type worker struct {
	s     *Scanner
	lines lineBlocks
	head  *bufio.Reader
	// nested[d-1] reads the members at nesting depth d: members at one
	// depth are read one after the other, so one reader each will do
	// (a zip of a thousand members would otherwise allocate a thousand).
	nested []*bufio.Reader
	names  *nameMasker
}

// headAt returns the worker's head reader for depth, reset to r.
func (w *worker) headAt(depth int, r io.Reader) *bufio.Reader {
	if depth == 0 {
		w.head.Reset(r)
		return w.head
	}
	for len(w.nested) < depth {
		w.nested = append(w.nested, nil)
	}
	br := w.nested[depth-1]
	if br == nil {
		br = bufio.NewReaderSize(r, binaryHead)
		w.nested[depth-1] = br
	} else {
		br.Reset(r)
	}
	return br
}

// slowFile is when a file still being examined is logged.
const slowFile = 30 * time.Second

func newWorker(s *Scanner) *worker {
	return &worker{s: s, head: bufio.NewReaderSize(nil, binaryHead),
		names: newNameMasker(s.opt.FingerprintKey, s.opt.Detectors)}
}

// scanItem turns one walked item into an outcome whose names are masked,
// and reads who can access the item when it has findings.
func (w *worker) scanItem(ctx context.Context, j job) *fileOutcome {
	o := w.examine(ctx, j)
	if p := w.s.opt.Progress; p != nil && !j.item.Dir && !o.removed {
		// Every file walked counts, read or not, so a bar with a known
		// total ends full.
		p.End(o.bytes)
	}
	if o.removed {
		return o
	}
	named := w.names.redact(w.s, o)
	if !o.hasFindings() && !named && len(o.carried) == 0 || o.item.Err != nil || o.item.Skip != "" {
		return o
	}
	if ex, ok := j.target.Connector.(connectors.Exposer); ok {
		ectx, cancel := context.WithTimeout(ctx, time.Minute)
		e, err := ex.Exposure(ectx, o.item)
		cancel()
		if err != nil {
			e = connectors.Exposure{Audience: connectors.AudienceUnknown, Detail: "permissions could not be read: " + classify(err).reason}
		}
		o.exposure = e
	} else {
		o.exposure = connectors.Exposure{Audience: connectors.AudienceUnknown, Detail: "this source does not report permissions"}
	}
	return o
}

// examine turns one walked item into an outcome, retrying the whole file
// after a transient error (a dropped SMB connection, a Drive 5xx that
// outlived the client's own retries).
func (w *worker) examine(ctx context.Context, j job) *fileOutcome {
	it := j.item
	o := &fileOutcome{target: j.target, item: it, mem: j.mem}
	top := &artifact{loc: Location{Path: it.Path, Display: it.Display, Link: it.Link}, dir: it.Dir}
	o.artifacts = []*artifact{top}
	if j.mem != nil {
		o.key = w.s.keyOf(j.target, it)
		if it.Removed {
			o.removed = true
			return o
		}
		if p, ok := w.s.unchanged(j.mem, o.key, it); ok && it.Err == nil && it.Skip == "" {
			o.unchanged = true
			top.outcome = p.outcome
			if p.hasResults {
				raw, err := w.s.opt.State.Results(j.mem.id, o.key[:])
				if err == nil {
					o.carried, err = carried(j.target, "", raw, w.s.rules)
				}
				if err != nil {
					o.unchanged, o.carried = false, nil
				}
			}
			if o.unchanged {
				return o
			}
		}
	}
	switch {
	case it.Err != nil:
		c := classify(it.Err)
		top.outcome, top.reason = c.outcome, c.reason
		if c.fatal {
			o.fatal = it.Err
		}
		return o
	case it.Skip != "":
		top.outcome, top.reason = Skipped, it.Skip
		top.listed = true
		return o
	case w.s.opt.Exclude != nil && !it.Dir && w.excluded(j.target, it, top):
		return o
	case w.s.opt.MaxFileSize > 0 && it.Size > w.s.opt.MaxFileSize:
		top.outcome = Skipped
		top.reason = fmt.Sprintf("larger than --max-file-size (%s > %s)", formatBytes(it.Size), formatBytes(w.s.opt.MaxFileSize))
		top.listed = true
		return o
	}
	if down := j.health.downErr(); down != nil {
		top.outcome, top.reason = Failed, "not read: "+down.Error()
		return o
	}
	// Names are masked only when shown (the bar, a log line), not on
	// every file's way.
	if p := w.s.opt.Progress; p != nil {
		p.Begin(w.names.maskLogPath(it.Display, it.Path, w.names.mask))
	}
	// A file still open after a while is logged once, so that a stuck
	// night can be told from a slow one. The timer's goroutine must not
	// use the worker's name cache.
	slow := time.AfterFunc(slowFile, func() {
		w.s.opt.Logger.Warn("a file is taking long", "file", w.names.maskLogPath(it.Display, it.Path, w.names.compute), "after", slowFile.String())
	})
	defer slow.Stop()
	var err error
	for attempt := 0; ; attempt++ {
		var fo *fileOutcome
		fo, err = w.attempt(ctx, j)
		if err == nil || !classify(err).retry || attempt >= w.s.opt.Retries || ctx.Err() != nil || j.health.downErr() != nil {
			if fo != nil {
				fo.mem, fo.key = o.mem, o.key
				o = fo
			}
			break
		}
		w.s.opt.Logger.Info("retrying a file after a transient error", "file", w.names.maskLogPath(it.Display, it.Path, w.names.mask), "attempt", attempt+2)
		select {
		case <-ctx.Done():
		case <-time.After(time.Duration(attempt+1) * 500 * time.Millisecond):
		}
	}
	top = o.artifacts[0]
	switch {
	case err == nil:
		j.health.succeeded()
	case errors.Is(err, connectors.ErrTransient):
		j.health.failed(err)
	}
	if err != nil {
		// What was read before the error was really there: keep the
		// findings of the file and of the members read so far.
		c := classify(err)
		top.outcome, top.reason = c.outcome, c.reason
		if c.outcome == Failed && len(o.artifacts) > 1 {
			top.reason += "; the part read before the error was examined"
		}
		if c.fatal {
			o.fatal = err
		}
	}
	return o
}

// attempt opens and scans the item once. An error means the top-level read
// failed; problems inside the file are recorded on its artifacts instead.
func (w *worker) attempt(ctx context.Context, j job) (*fileOutcome, error) {
	ctx, cancel := context.WithTimeout(ctx, w.s.opt.FileTimeout)
	defer cancel()
	it := j.item
	o := &fileOutcome{target: j.target, item: it}
	top := &artifact{loc: Location{Path: it.Path, Display: it.Display, Link: it.Link}}
	o.artifacts = []*artifact{top}
	f, err := j.target.Connector.Open(ctx, it)
	if err != nil {
		return o, err
	}
	defer f.Close()
	cr := &countingReader{r: f}
	var r io.Reader = cr
	var at io.ReaderAt
	if fat, ok := f.(io.ReaderAt); ok {
		at = &countingReaderAt{r: fat, n: &cr.shared}
	}
	size := it.Size
	limited := false
	if max := w.s.opt.MaxFileSize; max > 0 && size < 0 {
		r = io.LimitReader(cr, max+1)
		limited = true
	}
	fs := &fileScan{w: w, ctx: ctx, out: o, limits: w.s.opt.Limits}
	defer func() {
		for _, c := range fs.cleanups {
			c()
		}
	}()
	readErr := fs.process(top, it.Path, baseName(it.Display), r, at, size, 0)
	o.bytes = cr.n + cr.shared.Load()
	if readErr != nil {
		return o, readErr
	}
	if limited && cr.n > w.s.opt.MaxFileSize {
		// The cut explains any damage the extractor saw (a zip without
		// its directory), so it replaces a Failed outcome.
		top.outcome = Partial
		top.reason = fmt.Sprintf("stream larger than --max-file-size (%s): only the first part was examined", formatBytes(w.s.opt.MaxFileSize))
	}
	return o, nil
}

// sourceError marks errors from reading the source itself (as opposed to
// problems with the file's content), which fail the whole attempt.
type sourceError struct{ err error }

func (e *sourceError) Error() string { return e.err.Error() }
func (e *sourceError) Unwrap() error { return e.err }

// memberError marks errors from the stream of a nested member (corrupt
// compressed data): the member failed, not the source.
type memberError struct{ err error }

func (e *memberError) Error() string { return e.err.Error() }
func (e *memberError) Unwrap() error { return e.err }

// countingReader counts bytes and marks errors with where they came from:
// a top-level reader marks source errors, a member reader marks member
// errors but lets source errors from below pass as they are.
type countingReader struct {
	r      io.Reader
	n      int64
	member bool
	// shared counts reads through a countingReaderAt of the same file.
	shared atomic.Int64
}

// countingReaderAt counts random-access reads of the source (extractors
// may read from several goroutines) and marks their errors as source errors.
type countingReaderAt struct {
	r io.ReaderAt
	n *atomic.Int64
}

func (c *countingReaderAt) ReadAt(p []byte, off int64) (int, error) {
	n, err := c.r.ReadAt(p, off)
	c.n.Add(int64(n))
	if err != nil && err != io.EOF {
		var se *sourceError
		if !errors.As(err, &se) {
			err = &sourceError{err}
		}
	}
	return n, err
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	if err != nil && err != io.EOF {
		var se *sourceError
		var me *memberError
		switch {
		case errors.As(err, &se), errors.As(err, &me):
		case c.member:
			err = &memberError{err}
		default:
			err = &sourceError{err}
		}
	}
	return n, err
}

func (o *fileOutcome) hasFindings() bool {
	for _, a := range o.artifacts {
		if len(a.agg) > 0 {
			return true
		}
	}
	return false
}

// excluded applies the configuration's excludes.
func (w *worker) excluded(t *Target, it connectors.Item, top *artifact) bool {
	why := w.s.opt.Exclude(t, it)
	if why == "" {
		return false
	}
	top.outcome, top.reason = Skipped, "excluded: "+why
	return true
}

func baseName(display string) string {
	if i := strings.LastIndexAny(display, `/\`); i >= 0 {
		return display[i+1:]
	}
	return display
}

func formatBytes(n int64) string {
	const unit = 1024
	if n < unit {
		return fmt.Sprintf("%d B", n)
	}
	div, exp := int64(unit), 0
	for m := n / unit; m >= unit; m /= unit {
		div *= unit
		exp++
	}
	return fmt.Sprintf("%.1f %ciB", float64(n)/float64(div), "KMGTPE"[exp])
}
