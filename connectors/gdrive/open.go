package gdrive

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"google.golang.org/api/googleapi"

	"github.com/credsweep/credsweep/connectors"
)

// Open downloads a file (alt=media) or exports a Google-native one, through
// the pacer. A connection dropped mid-stream is resumed where it broke
// (with a Range request for downloads), so a file is read once.
func (c *Connector) Open(ctx context.Context, it connectors.Item) (connectors.File, error) {
	r, ok := it.Ref.(*ref)
	switch {
	case !ok:
		return nil, fmt.Errorf("gdrive: %q was not listed by this connector", it.Display)
	case it.Skip != "" || it.Err != nil:
		return nil, fmt.Errorf("gdrive: %q is not a file to open", it.Display)
	case r.native && r.exp.mime == "":
		return nil, fmt.Errorf("gdrive: %q: %s", r.title, r.exp.skip)
	}
	select {
	case c.sem <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	s := &stream{c: c, ctx: ctx, r: r, release: func() { <-c.sem }}
	if r.native {
		s.mime, s.limit = r.exp.mime, c.o.MaxExportBytes
	}
	err := s.open()
	if err != nil && r.native && r.exp.fallback != "" && !isFinal(ctx, err) {
		s.mime = r.exp.fallback
		err = s.open()
	}
	if err != nil {
		s.release()
		if errors.Is(err, connectors.ErrTransient) {
			return nil, fmt.Errorf("gdrive: %q: %w", r.title, err)
		}
		if isFinal(ctx, err) {
			return nil, err
		}
		return nil, fileError(r.title, err)
	}
	return s, nil
}

// isFinal is true for errors that are not about this file alone.
func isFinal(ctx context.Context, err error) bool {
	return ctx.Err() != nil || errors.Is(err, connectors.ErrFatal) || errors.Is(err, connectors.ErrTransient)
}

// stream is an open file: a response body that resumes after a dropped
// connection and stops exports at MaxExportBytes.
type stream struct {
	c       *Connector
	ctx     context.Context
	r       *ref
	mime    string // export type, "" for a download
	limit   int64  // 0 = none
	body    io.ReadCloser
	cancel  context.CancelFunc
	off     int64
	resumes int
	release func()
	closed  bool
	err     error // sticky: a failed stream never looks complete
}

// open (re)starts the response at s.off.
func (s *stream) open() error {
	var resp *http.Response
	cancel, err := s.c.p.run(s.ctx, func(ctx context.Context) (err error) {
		resp, err = s.request(ctx)
		return err
	}, true)
	if err != nil {
		return err
	}
	skip := s.off
	if resp.StatusCode == http.StatusPartialContent {
		skip = 0
	}
	if skip > 0 {
		// The server ignored the Range (exports never honour one): drop
		// what was already read.
		if _, err := io.CopyN(io.Discard, resp.Body, skip); err != nil {
			resp.Body.Close()
			cancel()
			return err
		}
	}
	s.body, s.cancel = resp.Body, cancel
	return nil
}

// request sends one download or export request.
func (s *stream) request(ctx context.Context) (*http.Response, error) {
	c, r := s.c, s.r
	if s.mime == "" {
		call := c.svc.Files.Get(r.id).SupportsAllDrives(true).Context(ctx)
		if s.off > 0 {
			call.Header().Set("Range", "bytes="+strconv.FormatInt(s.off, 10)+"-")
		}
		return call.Download()
	}
	link := r.exportLinks[s.mime]
	if link == "" || !c.trustedLink(link) {
		return c.svc.Files.Export(r.id, s.mime).Context(ctx).Download()
	}
	// exportLinks are not bound by files.export's 10 MB cap.
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, link, nil)
	if err != nil {
		return nil, err
	}
	resp, err := c.hc.Do(req)
	if err != nil {
		return nil, err
	}
	if err := googleapi.CheckResponse(resp); err != nil {
		resp.Body.Close()
		return nil, err
	}
	return resp, nil
}

// trustedLink keeps the bearer token on Google's hosts or the configured
// endpoint's: an exportLink elsewhere is fetched with files.export.
func (c *Connector) trustedLink(link string) bool {
	u, err := url.Parse(link)
	if err != nil {
		return false
	}
	h := u.Hostname()
	if c.exportHost != "" && u.Host == c.exportHost {
		return true
	}
	return u.Scheme == "https" && (h == "docs.google.com" || strings.HasSuffix(h, ".google.com") || strings.HasSuffix(h, ".googleapis.com"))
}

func (s *stream) Read(p []byte) (int, error) {
	if s.closed {
		return 0, fmt.Errorf("gdrive: read after close")
	}
	if s.err != nil {
		return 0, s.err
	}
	if err := s.ctx.Err(); err != nil {
		// A body already buffered would still read after cancellation.
		return 0, err
	}
	if s.limit > 0 && int64(len(p)) > s.limit-s.off+1 {
		p = p[:s.limit-s.off+1]
	}
	for {
		n, err := s.body.Read(p)
		s.off += int64(n)
		if s.limit > 0 && s.off > s.limit {
			s.err = fmt.Errorf("gdrive: %q: export larger than %d bytes (MaxExportBytes); not examined past that", s.r.title, s.limit)
			return n - int(s.off-s.limit), s.err
		}
		if err == nil || err == io.EOF || n > 0 {
			if err != nil && err != io.EOF {
				err = nil // reported again by the next Read, then resumed
			}
			return n, err
		}
		if s.err = s.resume(err); s.err != nil {
			return 0, s.err
		}
	}
}

// resume reopens the stream after a failed read, if the failure is worth it.
func (s *stream) resume(err error) error {
	if s.ctx.Err() != nil {
		return s.ctx.Err()
	}
	v := classify(s.ctx, err, s.c.p.now)
	if !v.retry {
		return fmt.Errorf("gdrive: %q: %w", s.r.title, err)
	}
	if s.resumes >= s.c.o.MaxRetries {
		return fmt.Errorf("gdrive: %q: %w: connection lost %d times: %w", s.r.title, connectors.ErrTransient, s.resumes+1, err)
	}
	s.resumes++
	s.body.Close()
	s.cancel()
	if oerr := s.open(); oerr != nil {
		s.body = io.NopCloser(strings.NewReader(""))
		s.cancel = func() {}
		if isFinal(s.ctx, oerr) {
			return oerr
		}
		return fileError(s.r.title, oerr)
	}
	return nil
}

// Close ends the response and frees the download slot.
func (s *stream) Close() error {
	if s.closed {
		return nil
	}
	s.closed = true
	err := s.body.Close()
	s.cancel()
	s.release()
	return err
}
