package odf

import (
	"archive/zip"
	"bufio"
	"context"
	"errors"
	"io"
	"strings"

	"github.com/credsweep/credsweep/scanner/extract"
)

// minRatioBytes is the uncompressed size under which the compression ratio
// is not checked: small XML parts legitimately compress a thousandfold.
const minRatioBytes = 1 << 20

// container is one opened OpenDocument package and the state shared by its parts.
type container struct {
	ctx   context.Context
	zr    *zip.Reader
	files map[string]*zip.File // lower-cased part name without leading slash
	lim   extract.Limits
	sink  extract.Sink
	flat  func() io.ReadCloser // a flat XML document, read from its start
	total int64                // uncompressed bytes read so far from all parts
	errs  []error
}

// withDefaults fills zero limits from extract.DefaultLimits so that a caller
// setting only some limits is not left unbounded elsewhere.
func withDefaults(l extract.Limits) extract.Limits {
	d := extract.DefaultLimits
	if l.MaxMemberBytes <= 0 {
		l.MaxMemberBytes = d.MaxMemberBytes
	}
	if l.MaxTotalBytes <= 0 {
		l.MaxTotalBytes = d.MaxTotalBytes
	}
	if l.MaxRatio <= 0 {
		l.MaxRatio = d.MaxRatio
	}
	if l.MaxEntries <= 0 {
		l.MaxEntries = d.MaxEntries
	}
	if l.MaxDuration <= 0 {
		l.MaxDuration = d.MaxDuration
	}
	return l
}

func openContainer(ctx context.Context, ra io.ReaderAt, size int64, sink extract.Sink, lim extract.Limits) (*container, error) {
	zr, err := zip.NewReader(ra, size)
	if err != nil && !errors.Is(err, zip.ErrInsecurePath) {
		return nil, extract.MalformedError("not a readable zip package: %v", err)
	}
	if len(zr.File) > lim.MaxEntries {
		return nil, extract.LimitError("package has %d parts, more than %d", len(zr.File), lim.MaxEntries)
	}
	c := &container{ctx: ctx, zr: zr, lim: lim, sink: sink, files: make(map[string]*zip.File, len(zr.File))}
	for _, f := range zr.File {
		k := strings.ToLower(strings.TrimPrefix(f.Name, "/"))
		if _, dup := c.files[k]; !dup {
			c.files[k] = f
		}
	}
	return c, nil
}

// note keeps a non-fatal error (a damaged or truncated part) to return once
// the other parts have been read.
func (c *container) note(err error) {
	if err != nil && len(c.errs) < 16 {
		c.errs = append(c.errs, err)
	}
}

// result is the error Extract returns after all parts were read.
func (c *container) result() error {
	return errors.Join(c.errs...)
}

// ctxErr reports cancellation or the time limit; both stop the extraction.
func (c *container) ctxErr() error {
	return ctxError(c.ctx, c.lim)
}

func ctxError(ctx context.Context, lim extract.Limits) error {
	err := ctx.Err()
	if err == nil {
		return nil
	}
	if errors.Is(err, context.DeadlineExceeded) && errors.Is(context.Cause(ctx), errTimeLimit) {
		return extract.LimitError("extraction took longer than %s", lim.MaxDuration)
	}
	return err
}

var errTimeLimit = errors.New("time limit")

func (c *container) lookup(name string) *zip.File {
	return c.files[strings.ToLower(strings.TrimPrefix(name, "/"))]
}

// part is an open package part: a bounded, buffered reader over it.
type part struct {
	name string
	rc   io.ReadCloser
	lr   *boundedReader
	br   *bufio.Reader
}

func (p *part) Read(b []byte) (int, error) { return p.br.Read(b) }
func (p *part) ReadByte() (byte, error)    { return p.br.ReadByte() }
func (p *part) Close() error               { return p.rc.Close() }

// truncated reports whether the part was cut at the member limit.
func (p *part) truncated() bool { return p.lr.cut }

// open opens a part for reading. A part over the ratio limit is skipped (and
// reported to the sink); nil, nil means it does not exist or was skipped.
func (c *container) open(name string) (*part, error) {
	f := c.lookup(name)
	if f == nil {
		return nil, nil
	}
	return c.openFile(f)
}

func (c *container) openFile(f *zip.File) (*part, error) {
	if err := c.ctxErr(); err != nil {
		return nil, err
	}
	if f.UncompressedSize64 > minRatioBytes {
		comp := max(f.CompressedSize64, 1)
		if ratio := float64(f.UncompressedSize64) / float64(comp); ratio > c.lim.MaxRatio {
			err := extract.LimitError("part %s expands %.0f times, more than %.0f", f.Name, ratio, c.lim.MaxRatio)
			c.sink.Skip(f.Name, err.Error())
			c.note(err)
			return nil, nil
		}
	}
	if c.total >= c.lim.MaxTotalBytes {
		err := extract.LimitError("package expands beyond %d bytes", c.lim.MaxTotalBytes)
		c.sink.Skip(f.Name, err.Error())
		c.note(err)
		return nil, nil
	}
	rc, err := f.Open()
	if err != nil {
		c.note(extract.MalformedError("part %s: %v", f.Name, err))
		return nil, nil
	}
	return c.stream(f.Name, rc), nil
}

// stream wraps a part's reader (or a flat XML document) in the limits.
func (c *container) stream(name string, rc io.ReadCloser) *part {
	n := min(c.lim.MaxMemberBytes, c.lim.MaxTotalBytes-c.total)
	lr := &boundedReader{r: rc, n: n, c: c}
	return &part{name: name, rc: rc, lr: lr, br: bufio.NewReaderSize(lr, 64<<10)}
}

// finish closes p and turns its truncation into a noted limit error.
func (c *container) finish(p *part) {
	p.Close()
	if p.truncated() {
		c.note(extract.LimitError("part %s is larger than %d bytes; the rest was not read", p.name, c.lim.MaxMemberBytes))
	}
}

// boundedReader reads at most n bytes, records whether more were there, and
// checks the context on each read so a huge part cannot outlive a deadline.
type boundedReader struct {
	r   io.Reader
	n   int64
	cut bool
	c   *container
}

func (b *boundedReader) Read(p []byte) (int, error) {
	if err := b.c.ctxErr(); err != nil {
		return 0, err
	}
	if b.n <= 0 {
		if !b.cut {
			var one [1]byte
			if k, _ := io.ReadFull(b.r, one[:]); k > 0 {
				b.cut = true
			}
		}
		return 0, io.EOF
	}
	if int64(len(p)) > b.n {
		p = p[:b.n]
	}
	k, err := b.r.Read(p)
	b.n -= int64(k)
	b.c.total += int64(k)
	return k, err
}
