package extract

import (
	"archive/zip"
	"errors"
	"io"
	"sync"

	"github.com/credsweep/credsweep/scanner/extract/inflate"
	kflate "github.com/klauspost/compress/flate"
)

// inflaters and wholeInflaters keep decompressors for reuse: a package of
// many small parts would otherwise allocate one (hundreds of KiB) per
// part.
var inflaters, wholeInflaters sync.Pool

var errInflaterClosed = errors.New("flate: read after close")

// pooledInflater is a decompressor that goes back to its pool when
// closed: inflate's for a member read whole, klauspost's for one that
// streams.
type pooledInflater struct {
	mu  sync.Mutex
	fr  io.ReadCloser
	z   *inflate.Reader
	buf *[]byte // the compressed member, read at once (wholeLimit)
}

// wholeLimit is the largest compressed member read into memory at once
// and inflated by package inflate, which needs its whole input and is
// about 1.5 times as fast as klauspost's decoder (and one read replaces a
// read per 4 KiB). Larger members stream through klauspost's.
const wholeLimit = 1 << 20

// wholeBufs keeps the buffers of members read at once.
var wholeBufs sync.Pool

func (p *pooledInflater) Read(b []byte) (int, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	switch {
	case p.z != nil:
		return p.z.Read(b)
	case p.fr != nil:
		return p.fr.Read(b)
	}
	return 0, errInflaterClosed
}

func (p *pooledInflater) Close() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	var err error
	if p.z != nil {
		p.z.Close()
		wholeInflaters.Put(p.z)
		p.z = nil
	}
	if p.fr != nil {
		err = p.fr.Close()
		inflaters.Put(p.fr)
		p.fr = nil
	}
	if p.buf != nil {
		wholeBufs.Put(p.buf)
		p.buf = nil
	}
	return err
}

// whole reads a small member's compressed bytes at once; ok is false when
// the member is large or the read fails (the stream then meets the error).
func whole(r io.Reader) (b []byte, bp *[]byte, ok bool) {
	sr, isSection := r.(*io.SectionReader)
	if !isSection || sr.Size() > wholeLimit {
		return nil, nil, false
	}
	bp, _ = wholeBufs.Get().(*[]byte)
	if bp == nil {
		bp = new([]byte)
	}
	n := int(sr.Size())
	if cap(*bp) < n {
		*bp = make([]byte, n, max(n, 64<<10))
	}
	b = (*bp)[:n]
	if _, err := sr.ReadAt(b, 0); err != nil {
		wholeBufs.Put(bp)
		return nil, nil, false
	}
	return b, bp, true
}

// Inflate is a zip decompressor for the deflate method: package inflate
// for members of up to wholeLimit compressed bytes, klauspost's streaming
// inflate (about 1.5 times as fast as the standard library's on text) for
// larger ones. Decompressors are pooled as archive/zip pools its own.
func Inflate(r io.Reader) io.ReadCloser {
	p := &pooledInflater{}
	if b, bp, ok := whole(r); ok {
		z, _ := wholeInflaters.Get().(*inflate.Reader)
		if z == nil {
			z = new(inflate.Reader)
		}
		z.Reset(b)
		p.z, p.buf = z, bp
		return p
	}
	if fr, ok := inflaters.Get().(io.ReadCloser); ok {
		if err := fr.(kflate.Resetter).Reset(r, nil); err == nil {
			p.fr = fr
			return p
		}
	}
	p.fr = kflate.NewReader(r)
	return p
}

// fastInflate makes zr inflate deflated members with Inflate.
func fastInflate(zr *zip.Reader) *zip.Reader {
	if zr != nil {
		zr.RegisterDecompressor(zip.Deflate, Inflate)
	}
	return zr
}
