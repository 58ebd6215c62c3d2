package extract

import (
	"archive/zip"
	"bytes"
	"errors"
	"io"
	"sync"

	kflate "github.com/klauspost/compress/flate"
)

// inflaters keeps klauspost decompressors for reuse: a package of many
// small parts would otherwise allocate one (tens of KiB) per part.
var inflaters sync.Pool

var errInflaterClosed = errors.New("flate: read after close")

// pooledInflater is a klauspost decompressor that goes back to the pool
// when closed.
type pooledInflater struct {
	mu  sync.Mutex
	fr  io.ReadCloser
	buf *[]byte // the compressed member, read at once (wholeLimit)
}

// wholeLimit is the largest compressed member read into memory at once
// and inflated from a bytes.Reader: klauspost's byte-slice path decodes
// faster than its bufio path (a call per byte), and one read replaces a
// read per 4 KiB. Larger members stream.
const wholeLimit = 1 << 20

// wholeBufs keeps the buffers of members read at once.
var wholeBufs sync.Pool

func (p *pooledInflater) Read(b []byte) (int, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.fr == nil {
		return 0, errInflaterClosed
	}
	return p.fr.Read(b)
}

func (p *pooledInflater) Close() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	var err error
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

// whole reads a small member's compressed bytes at once; nil when the
// member is large or the read fails (the stream then meets the error).
func whole(r io.Reader) (*bytes.Reader, *[]byte) {
	sr, ok := r.(*io.SectionReader)
	if !ok || sr.Size() > wholeLimit {
		return nil, nil
	}
	bp, _ := wholeBufs.Get().(*[]byte)
	if bp == nil {
		bp = new([]byte)
	}
	n := int(sr.Size())
	if cap(*bp) < n {
		*bp = make([]byte, n, max(n, 64<<10))
	}
	b := (*bp)[:n]
	if _, err := sr.ReadAt(b, 0); err != nil {
		wholeBufs.Put(bp)
		return nil, nil
	}
	return bytes.NewReader(b), bp
}

// Inflate is a zip decompressor for the deflate method on klauspost's
// inflate, about 1.5 times as fast as the standard library's on text;
// decompressors are pooled as archive/zip pools its own.
func Inflate(r io.Reader) io.ReadCloser {
	p := &pooledInflater{}
	if br, bp := whole(r); br != nil {
		r, p.buf = br, bp
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
