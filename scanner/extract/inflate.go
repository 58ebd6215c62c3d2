package extract

import (
	"archive/zip"
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
	mu sync.Mutex
	fr io.ReadCloser
}

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
	return err
}

// Inflate is a zip decompressor for the deflate method on klauspost's
// inflate, about 1.5 times as fast as the standard library's on text;
// decompressors are pooled as archive/zip pools its own.
func Inflate(r io.Reader) io.ReadCloser {
	if fr, ok := inflaters.Get().(io.ReadCloser); ok {
		if err := fr.(kflate.Resetter).Reset(r, nil); err == nil {
			return &pooledInflater{fr: fr}
		}
	}
	return &pooledInflater{fr: kflate.NewReader(r)}
}

// fastInflate makes zr inflate deflated members with Inflate.
func fastInflate(zr *zip.Reader) *zip.Reader {
	if zr != nil {
		zr.RegisterDecompressor(zip.Deflate, Inflate)
	}
	return zr
}
