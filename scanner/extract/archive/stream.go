package archive

import (
	"bufio"
	"compress/bzip2"
	"context"
	"errors"
	"io"
	"strings"

	"github.com/credsweep/credsweep/scanner/extract"
	kgzip "github.com/klauspost/compress/gzip"
	"github.com/ulikunitz/xz"
)

// codec describes one single-stream compression format.
type codec struct {
	format    string   // "gzip"
	tarFormat string   // "tar.gz": the format when the content is a tar
	exts      []string // name suffixes that the decompressed name loses
	// open starts decompressing r; name is the original file name stored
	// in the header, when the format has one.
	open func(r io.Reader) (dec io.Reader, name string, err error)
}

var (
	// klauspost's gzip reader has the standard API and inflates faster.
	gzipCodec = codec{
		format: "gzip", tarFormat: "tar.gz",
		exts: []string{".tgz", ".gz", ".gzip", ".z"},
		open: func(r io.Reader) (io.Reader, string, error) {
			zr, err := kgzip.NewReader(r)
			if err != nil {
				return nil, "", err
			}
			return zr, zr.Name, nil
		},
	}
	bzip2Codec = codec{
		format: "bzip2", tarFormat: "tar.bz2",
		exts: []string{".tbz2", ".tbz", ".bz2", ".bz"},
		open: func(r io.Reader) (io.Reader, string, error) {
			return bzip2.NewReader(r), "", nil
		},
	}
	xzCodec = codec{
		format: "xz", tarFormat: "tar.xz",
		exts: []string{".txz", ".xz"},
		open: openXZ,
	}
)

// Gzip decompresses a gzip file. A tar inside (a .tar.gz or .tgz) has its
// members handed to sink.File; anything else is handed over as one file
// named after the gzip header, or the input name without ".gz", or "data".
func Gzip(ctx context.Context, in extract.Input, sink extract.Sink) error {
	return gzipCodec.extract(ctx, in, sink)
}

// Bzip2 decompresses a bzip2 file; a tar inside is walked as with Gzip.
func Bzip2(ctx context.Context, in extract.Input, sink extract.Sink) error {
	return bzip2Codec.extract(ctx, in, sink)
}

// XZ decompresses an xz file; a tar inside is walked as with Gzip.
func XZ(ctx context.Context, in extract.Input, sink extract.Sink) error {
	return xzCodec.extract(ctx, in, sink)
}

func (c codec) extract(ctx context.Context, in extract.Input, sink extract.Sink) (err error) {
	defer recoverAs(c.format, &err)
	b, cancel := newBudget(ctx, in, c.format)
	defer cancel()
	if in.R == nil {
		return extract.MalformedError("%s: no content to read", c.format)
	}

	packed := &counter{r: in.R}
	dec, headerName, err := c.open(packed)
	if err != nil {
		if b.check() != nil {
			return b.result()
		}
		if errors.Is(err, extract.ErrLimit) {
			return err
		}
		return extract.MalformedError("%s: not a valid %s file (%s)", c.format, c.format, describe(c.format, err))
	}
	s := &stream{b: b, r: dec, in: packed, format: c.format}
	br := bufio.NewReaderSize(s, 64<<10)
	head, err := br.Peek(tarBlock)
	if len(head) == 0 && err != nil && err != io.EOF {
		if b.check() != nil {
			return b.result()
		}
		return extract.MalformedError("%s: not a valid %s file (%s)", c.format, c.format, describe(c.format, err))
	}
	if IsTar(head) {
		b.format = c.tarFormat
		walkTar(b, br, sink, s)
		return b.result()
	}

	name := c.memberName(headerName, in.Name)
	m := &member{b: b, r: br, name: name, where: c.format}
	m.finish(sink, sink.File(name, -1, m))
	return b.result()
}

// memberName names the decompressed content: the name stored in the
// header, else the input's name without its compression suffix, else
// "data".
func (c codec) memberName(headerName, inName string) string {
	if headerName != "" {
		return baseName(cleanName(headerName))
	}
	lower := strings.ToLower(inName)
	for _, ext := range c.exts {
		if strings.HasSuffix(lower, ext) && len(inName) > len(ext) {
			return baseName(cleanName(inName[:len(inName)-len(ext)]))
		}
	}
	return "data"
}

// openXZ starts an xz decompressor after checking the dictionary size of
// the first block, the allocation a hostile header could otherwise force.
func openXZ(r io.Reader) (io.Reader, string, error) {
	br := bufio.NewReader(r)
	head, _ := br.Peek(64)
	if dict, ok := xzDictSize(head); ok && dict > maxDict {
		return nil, "", extract.LimitError("xz: dictionary of %s exceeds the %s allowed",
			humanBytes(dict), humanBytes(maxDict))
	}
	zr, err := xz.NewReader(br)
	if err != nil {
		return nil, "", err
	}
	return zr, "", nil
}

// xzDictSize reads the LZMA2 dictionary size from the first block header
// of an xz stream (stream header, block header, filter flags).
func xzDictSize(h []byte) (int64, bool) {
	const streamHeader = 12
	if len(h) < streamHeader+2 || string(h[:6]) != "\xfd7zXZ\x00" || h[streamHeader] == 0 {
		return 0, false
	}
	end := streamHeader + (int(h[streamHeader])+1)*4
	if end > len(h) {
		return 0, false
	}
	flags := h[streamHeader+1]
	p := streamHeader + 2
	varint := func() (uint64, bool) {
		var v uint64
		for i := 0; i < 9 && p < end; i++ {
			c := h[p]
			p++
			v |= uint64(c&0x7f) << (7 * i)
			if c&0x80 == 0 {
				return v, true
			}
		}
		return 0, false
	}
	for _, bit := range []byte{0x40, 0x80} { // compressed, uncompressed size
		if flags&bit != 0 {
			if _, ok := varint(); !ok {
				return 0, false
			}
		}
	}
	for range int(flags&0x03) + 1 {
		id, ok1 := varint()
		size, ok2 := varint()
		if !ok1 || !ok2 || p+int(size) > end {
			return 0, false
		}
		if id == 0x21 && size == 1 {
			bits := h[p] & 0x3f
			if bits > 40 {
				return 0, false
			}
			if bits == 40 {
				return 0xffffffff, true
			}
			return int64(2|bits&1) << (bits/2 + 11), true
		}
		p += int(size)
	}
	return 0, false
}
