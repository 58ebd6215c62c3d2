package archive

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"

	"github.com/bodgit/sevenzip"
	"github.com/credsweep/credsweep/scanner/extract"
	"github.com/stangelandcl/ppmd"
	"github.com/ulikunitz/xz/lzma"
)

// maxDict is the largest LZMA or LZMA2 dictionary accepted, in 7z and xz
// alike. The decoders allocate the dictionary the header asks for, up to
// 4 GiB, before decoding a byte, and fill it as they decode: a hostile
// header is a memory bomb. The presets of 7-Zip and xz use at most 64 MiB
// (-mx9, -9).
const maxDict = 128 << 20

// maxPPMdMemory is the largest PPMd model accepted: 7-Zip's -mx9 for
// PPMd uses 192 MB, allocated when the coder starts.
const maxPPMdMemory = 192 << 20

// The 7z coders whose memory a header sets, by method ID (7-Zip's
// DOC/Methods.txt): their properties (7-Zip's DOC/7zFormat.txt, "Coder
// properties") are checked before the decoder allocates anything. The
// library's own decoders are replaced by the same ones configured with
// the checked sizes.
func init() {
	sevenzip.RegisterDecompressor([]byte{0x03, 0x01, 0x01}, sevenzip.Decompressor(newLZMA))
	sevenzip.RegisterDecompressor([]byte{0x21}, sevenzip.Decompressor(newLZMA2))
	sevenzip.RegisterDecompressor([]byte{0x03, 0x04, 0x01}, sevenzip.Decompressor(newPPMd))
}

var errCoderProps = errors.New("7z: invalid coder properties")

// lzmaDict is the dictionary an LZMA decoder allocates for props (a
// properties byte and the dictionary size, little-endian) and an output
// of size bytes: xz's lzma reader never allocates more than the output.
func lzmaDict(props []byte, size uint64) (int64, error) {
	if len(props) != 5 {
		return 0, errCoderProps
	}
	dict := uint64(binary.LittleEndian.Uint32(props[1:]))
	return int64(max(min(dict, size), lzma.MinDictCap)), nil
}

// lzma2Dict decodes the LZMA2 dictionary size byte (xz's file format,
// section 5.3.1, "LZMA2"; 7z stores the same byte). An LZMA2 stream
// cannot refer further back than its output, so no more than size bytes
// are needed.
func lzma2Dict(props []byte, size uint64) (int64, error) {
	if len(props) != 1 || props[0] > 40 {
		return 0, errCoderProps
	}
	dict := uint64(0xffffffff)
	if b := props[0]; b < 40 {
		dict = uint64(2|b&1) << (b/2 + 11)
	}
	return int64(max(min(dict, size), lzma.MinDictCap)), nil
}

func dictLimit(method string, dict int64) error {
	return extract.LimitError("7z: %s dictionary of %s exceeds the %s allowed",
		method, humanBytes(dict), humanBytes(maxDict))
}

func newLZMA(props []byte, size uint64, in []io.ReadCloser) (io.ReadCloser, error) {
	if len(in) != 1 {
		return nil, errCoderProps
	}
	dict, err := lzmaDict(props, size)
	if err != nil {
		return nil, err
	}
	if dict > maxDict {
		return nil, dictLimit("LZMA", dict)
	}
	// The classic header: properties, dictionary size (the one that will
	// be allocated, which the reader checks against its cap), output size.
	var h [13]byte
	h[0] = props[0]
	binary.LittleEndian.PutUint32(h[1:], uint32(dict))
	binary.LittleEndian.PutUint64(h[5:], size)
	r, err := lzma.ReaderConfig{DictCap: maxDict}.NewReader(
		bufio.NewReaderSize(io.MultiReader(bytes.NewReader(h[:]), in[0]), 32<<10))
	if err != nil {
		return nil, fmt.Errorf("lzma: %w", err)
	}
	return readCloser{r, in[0]}, nil
}

func newLZMA2(props []byte, size uint64, in []io.ReadCloser) (io.ReadCloser, error) {
	if len(in) != 1 {
		return nil, errCoderProps
	}
	dict, err := lzma2Dict(props, size)
	if err != nil {
		return nil, err
	}
	if dict > maxDict {
		return nil, dictLimit("LZMA2", dict)
	}
	cfg := lzma.Reader2Config{DictCap: int(dict)}
	if err := cfg.Verify(); err != nil {
		return nil, fmt.Errorf("lzma2: %w", err)
	}
	r, err := cfg.NewReader2(bufio.NewReaderSize(in[0], 32<<10))
	if err != nil {
		return nil, fmt.Errorf("lzma2: %w", err)
	}
	return readCloser{r, in[0]}, nil
}

func newPPMd(props []byte, size uint64, in []io.ReadCloser) (io.ReadCloser, error) {
	if len(in) != 1 || len(props) != 5 {
		return nil, errCoderProps
	}
	order, mem := int(props[0]), int64(binary.LittleEndian.Uint32(props[1:]))
	if mem > maxPPMdMemory {
		return nil, extract.LimitError("7z: PPMd model of %s exceeds the %s allowed",
			humanBytes(mem), humanBytes(maxPPMdMemory))
	}
	r, err := ppmd.NewH7zReader(in[0], order, int(mem), int(min(size, 1<<62)))
	if err != nil {
		return nil, fmt.Errorf("ppmd: %w", err)
	}
	return readCloser{&r, in[0]}, nil
}

// readCloser reads from a decoder and closes its input.
type readCloser struct {
	io.Reader
	c io.Closer
}

func (rc readCloser) Close() error { return rc.c.Close() }
