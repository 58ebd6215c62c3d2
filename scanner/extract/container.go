package extract

import (
	"archive/zip"
	"bufio"
	"context"
	"errors"
	"io"
	"strings"
	"sync"
)

// minRatioBytes is the uncompressed size under which the compression ratio
// of a part is not checked: small XML parts (empty styled cells, say)
// legitimately compress a thousandfold.
const minRatioBytes = 1 << 20

// maxNoted bounds the non-fatal errors a Container keeps.
const maxNoted = 16

// Container is a document made of parts, usually a zip package (OOXML,
// OpenDocument), read under one set of Limits: each part is cut at
// MaxMemberBytes, all parts together at MaxTotalBytes, a part expanding
// more than MaxRatio times is skipped and reported to the sink, and every
// read stops when the context ends (see ContextErr).
//
// Damage to one part does not stop the others: it is noted (Note) and
// returned by Err once the extractor is done. Errors that must stop the
// extraction (the sink's, cancellation) are returned directly. A Container
// is used by one goroutine.
type Container struct {
	ctx   context.Context
	lim   Limits
	sink  Sink
	zr    *zip.Reader
	files map[string]*zip.File // lower-cased part name without leading slash
	total int64                // uncompressed bytes read so far from all parts
	errs  []error
}

// NewContainer returns a Container without a zip package, for a document
// whose parts are streams of its own (a flat XML document): see Stream.
// lim should have its defaults filled (Limits.WithDefaults).
func NewContainer(ctx context.Context, sink Sink, lim Limits) *Container {
	return &Container{ctx: ctx, lim: lim, sink: sink}
}

// OpenZip opens the zip package of size bytes in ra. It fails with
// ErrMalformed when ra is not a readable zip, with ErrLimit when it has more
// than lim.MaxEntries members; the central directory is read no further
// than that (see ZipDir), whatever its size. Part names are matched case-insensitively and without a
// leading slash (as OPC wants); the first wins on clashes. lim should
// have its defaults filled (Limits.WithDefaults).
func OpenZip(ctx context.Context, ra io.ReaderAt, size int64, sink Sink, lim Limits) (*Container, error) {
	dir, err := NewZipDir(ra, size)
	var zr *zip.Reader
	if err == nil {
		zr, err = dir.Next(lim.MaxEntries)
	}
	if err != nil && !errors.Is(err, zip.ErrInsecurePath) {
		return nil, MalformedError("not a readable zip package: %v", err)
	}
	if zr == nil {
		zr = &zip.Reader{}
	}
	if dir.More() {
		return nil, LimitError("package has more than %d parts", lim.MaxEntries)
	}
	c := NewContainer(ctx, sink, lim)
	c.zr = zr
	c.files = make(map[string]*zip.File, len(zr.File))
	for _, f := range zr.File {
		k := partKey(f.Name)
		if _, dup := c.files[k]; !dup {
			c.files[k] = f
		}
	}
	return c, nil
}

func partKey(name string) string {
	return strings.ToLower(strings.TrimPrefix(name, "/"))
}

// Zipped reports whether the container is a zip package (OpenZip).
func (c *Container) Zipped() bool { return c.zr != nil }

// Files lists the members of the zip package in directory order (nil
// without one).
func (c *Container) Files() []*zip.File {
	if c.zr == nil {
		return nil
	}
	return c.zr.File
}

// Lookup finds a part by name, case-insensitively; nil when there is none.
func (c *Container) Lookup(name string) *zip.File {
	return c.files[partKey(name)]
}

// Sink is the sink the container reports to.
func (c *Container) Sink() Sink { return c.sink }

// Limits are the container's limits.
func (c *Container) Limits() Limits { return c.lim }

// Note keeps a non-fatal error (a damaged or truncated part) for Err.
func (c *Container) Note(err error) {
	if err != nil && len(c.errs) < maxNoted {
		c.errs = append(c.errs, err)
	}
}

// Err joins the errors noted so far: what Extract returns after all parts
// were read.
func (c *Container) Err() error {
	return errors.Join(c.errs...)
}

// Stopped reports cancellation or the time limit (see ContextErr); both
// stop the extraction.
func (c *Container) Stopped() error {
	return ContextErr(c.ctx)
}

// NoteXML handles err from decoding the XML of part: when the context has
// ended it returns that, which must stop the extraction; otherwise it notes
// the damage (XMLError) and returns nil so that other parts are still read.
func (c *Container) NoteXML(part string, err error) error {
	if cerr := c.Stopped(); cerr != nil {
		return cerr
	}
	c.Note(XMLError(part, err))
	return nil
}

// Open opens the part called name. nil, nil means it does not exist or was
// skipped (over the ratio or total limit, reported to the sink and noted).
// The error is that of Stopped.
func (c *Container) Open(name string) (*Part, error) {
	f := c.Lookup(name)
	if f == nil {
		return nil, nil
	}
	return c.OpenFile(f)
}

// OpenFile opens a member of the zip package, like Open.
func (c *Container) OpenFile(f *zip.File) (*Part, error) {
	if err := c.Stopped(); err != nil {
		return nil, err
	}
	if f.UncompressedSize64 > minRatioBytes {
		comp := max(f.CompressedSize64, 1)
		if ratio := float64(f.UncompressedSize64) / float64(comp); ratio > c.lim.MaxRatio {
			c.skip(f.Name, LimitError("part %s expands %.0f times, more than %.0f", f.Name, ratio, c.lim.MaxRatio))
			return nil, nil
		}
	}
	if c.total >= c.lim.MaxTotalBytes {
		c.skip(f.Name, LimitError("package expands beyond %d bytes", c.lim.MaxTotalBytes))
		return nil, nil
	}
	rc, err := f.Open()
	if err != nil {
		c.Note(MalformedError("part %s: %v", f.Name, err))
		return nil, nil
	}
	return c.Stream(f.Name, rc), nil
}

func (c *Container) skip(name string, err error) {
	c.sink.Skip(name, err.Error())
	c.Note(err)
}

// Stream reads rc as the part called name under the container's limits;
// closing the Part closes rc.
func (c *Container) Stream(name string, rc io.ReadCloser) *Part {
	b := NewBounded(c.ctx, rc, min(c.lim.MaxMemberBytes, c.lim.MaxTotalBytes-c.total))
	b.total = &c.total
	br, _ := partReaders.Get().(*bufio.Reader)
	if br == nil {
		br = bufio.NewReaderSize(b, 64<<10)
	} else {
		br.Reset(b)
	}
	return &Part{name: name, c: c, rc: rc, b: b, br: br}
}

// partReaders keeps the 64 KiB buffers of closed Parts: a document has
// several parts and a share thousands of documents.
var partReaders sync.Pool

var errPartClosed = errors.New("part already closed")

// HandOn gives member f of the zip package to the sink as a nested file.
// A member that cannot be opened is skipped as Open says; the error is the
// sink's or that of Stopped.
func (c *Container) HandOn(f *zip.File) error {
	p, err := c.OpenFile(f)
	if err != nil || p == nil {
		return err
	}
	err = c.sink.File(f.Name, int64(f.UncompressedSize64), p)
	p.Close()
	if err != nil {
		return err
	}
	return c.Stopped()
}

// Emit streams a text section produced by pl to the sink and sorts out
// whose error it is (Pull.Split): an error of the sink, or the end of the
// context, stops everything and is returned; a decoding error is noted and
// nil returned, so that the other parts are still read.
func (c *Container) Emit(name string, table bool, pl *Pull) error {
	fatal, decode := pl.Split(c.sink.Text(name, table, pl))
	if fatal != nil {
		return fatal
	}
	if decode != nil {
		if cerr := c.Stopped(); cerr != nil {
			return cerr
		}
		c.Note(decode)
	}
	return nil
}

// Part is an open part of a Container: a bounded, buffered reader.
type Part struct {
	name   string
	c      *Container
	rc     io.ReadCloser
	b      *Bounded
	br     *bufio.Reader
	closed bool
}

// Name is the part's name as stored in the package.
func (p *Part) Name() string { return p.name }

// Read reads the part's uncompressed bytes.
func (p *Part) Read(b []byte) (int, error) {
	if p.br == nil {
		return 0, errPartClosed
	}
	return p.br.Read(b)
}

// ReadByte reads one byte (the XML decoder then needs no buffer of its own).
func (p *Part) ReadByte() (byte, error) {
	if p.br == nil {
		return 0, errPartClosed
	}
	return p.br.ReadByte()
}

// Truncated reports whether the part was cut at the member limit.
func (p *Part) Truncated() bool { return p.b.Cut() }

// Close closes the part and, the first time, notes its truncation as a
// limit error in the container.
func (p *Part) Close() error {
	if p.closed {
		return nil
	}
	p.closed = true
	p.br.Reset(nil)
	partReaders.Put(p.br)
	p.br = nil
	err := p.rc.Close()
	if p.Truncated() {
		p.c.Note(LimitError("part %s is larger than %d bytes; the rest was not read", p.name, p.c.lim.MaxMemberBytes))
	}
	return err
}
