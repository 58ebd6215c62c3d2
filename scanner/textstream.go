package scanner

import (
	"bytes"
	"io"
	"unicode/utf8"

	"github.com/credsweep/credsweep/detectors/grams"
	"github.com/credsweep/credsweep/scanner/extract"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// Encoding names reported in the summary.
const (
	encUTF8    = "utf-8"
	encUTF16LE = "utf-16le"
	encUTF16BE = "utf-16be"
	enc8bit    = "utf-8/windows-1252"
)

// decodeText wraps r (whose first bytes are head, still unread in r) so it
// yields UTF-8. UTF-16 with or without a BOM is transcoded; everything
// else passes through and is repaired per block by lineBlocks, which reads
// blocks that are not valid UTF-8 as Windows-1252 (a superset of
// ISO-8859-1 for printable text: æøå in Nordic exports).
func decodeText(r io.Reader, head []byte) (io.Reader, string) {
	switch extract.UTF16Order(head) {
	case 1:
		return transform.NewReader(r, unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewDecoder()), encUTF16LE
	case -1:
		return transform.NewReader(r, unicode.UTF16(unicode.BigEndian, unicode.UseBOM).NewDecoder()), encUTF16BE
	}
	return r, enc8bit
}

// blockSize is how much text a detector sees at once; maxCarry bounds the
// partial line kept between blocks, so memory stays bounded on files with
// no newline at all; overlap is repeated after a cut inside a line so a
// match across the cut is still seen whole.
const (
	blockSize = 1 << 20
	overlap   = 512
)

// lineBlocks reads UTF-8-ish text from r and calls fn with blocks of whole
// lines (CRLF and lone CR turned into LF, a leading BOM dropped, invalid
// UTF-8 blocks decoded as Windows-1252) and the number of the block's first
// line. It returns the number of bytes read.
type lineBlocks struct {
	buf     []byte
	scratch []byte
	// validRun counts the stream's consecutive blocks that were valid
	// UTF-8; after trustAfter of them the rest of the stream is taken as
	// UTF-8 without checking (validation is a quarter of the CPU time on
	// Nordic text). A stream that breaks the pattern early is checked
	// block by block.
	validRun int
	// trusted streams come out of a decoder (UTF-16) and are valid.
	trusted bool
}

// trustAfter is how many valid blocks (MiB) make a stream count as UTF-8.
const trustAfter = 2

func (lb *lineBlocks) run(r io.Reader, fn func(block []byte, firstLine int) error) (int64, error) {
	lb.validRun = 0
	if lb.buf == nil {
		lb.buf = make([]byte, blockSize+overlap)
	}
	buf := lb.buf
	var total int64
	line := 1
	start := 0 // bytes carried over at buf[:start]
	first := true
	for {
		n, err := io.ReadFull(r, buf[start:])
		total += int64(n)
		end := start + n
		eof := err == io.EOF || err == io.ErrUnexpectedEOF
		var readErr error
		if err != nil && !eof {
			// What was read before the error (a truncated member, a
			// dropped connection) is examined, then the error returned.
			readErr, eof = err, true
		}
		data := buf[:end]
		if first {
			data = bytes.TrimPrefix(data, []byte{0xEF, 0xBB, 0xBF})
			first = false
		}
		if len(data) == 0 {
			return total, readErr
		}
		var block, rest []byte
		cut := false
		switch {
		case eof:
			block = data
		default:
			// A lone CR ends a line too (old Mac files).
			if i := bytes.LastIndexAny(data, "\n\r"); i >= 0 {
				block, rest = data[:i+1], data[i+1:]
			} else {
				// One line longer than a block: cut it at a rune boundary
				// and repeat the tail in the next block.
				c := len(data) - overlap
				for k := 0; k < utf8.UTFMax && c > 0 && !utf8.RuneStart(data[c]); k++ {
					c--
				}
				block, rest, cut = data[:c], data[c-min(overlap, c):], true
			}
		}
		// A CR at the end may be the first half of a CRLF split between
		// reads: keep it for the next block.
		if !eof && len(block) > 0 && block[len(block)-1] == '\r' && len(rest) == 0 {
			block, rest = block[:len(block)-1], data[len(block)-1:]
		}
		out := lb.normalise(block)
		if err := fn(out, line); err != nil {
			return total, err
		}
		if eof {
			return total, readErr
		}
		if !cut {
			// The next block's first line (most streams are one
			// block: no count for the last).
			line += bytes.Count(out, []byte{'\n'})
		}
		start = copy(buf, rest)
	}
}

// normalise turns line ends into LF and invalid UTF-8 into Windows-1252
// text. It returns block itself when nothing needs changing.
func (lb *lineBlocks) normalise(block []byte) []byte {
	if bytes.IndexByte(block, '\r') >= 0 {
		w := 0
		for i := 0; i < len(block); i++ {
			c := block[i]
			if c == '\r' {
				if i+1 < len(block) && block[i+1] == '\n' {
					continue
				}
				c = '\n'
			}
			block[w] = c
			w++
		}
		block = block[:w]
	}
	if lb.trusted || lb.validRun >= trustAfter {
		return block
	}
	if validUTF8(block) {
		lb.validRun++
		return block
	}
	lb.validRun = 0
	out, _, err := transform.Append(charmap.Windows1252.NewDecoder(), lb.scratch[:0], block)
	if err != nil {
		return bytes.ToValidUTF8(block, []byte("\uFFFD"))
	}
	lb.scratch = out
	return out
}

// validUTF8 is utf8.Valid, 2.5 times as fast on Nordic text: that has a
// multi-byte letter every 60 bytes or so, and utf8.Valid leaves its
// eight-bytes-a-step loop for good at the first one. Here ASCII and
// two-byte letters are stepped over in one loop (grams.SimpleUTF8Prefix),
// and any other run of non-ASCII bytes (ASCII bytes are never part of a
// multi-byte sequence, so the run is whole) goes to utf8.Valid.
func validUTF8(b []byte) bool {
	for {
		i := grams.SimpleUTF8Prefix(b)
		if i == len(b) {
			return true
		}
		j := i + 1
		for j < len(b) && b[j] >= utf8.RuneSelf {
			j++
		}
		if !utf8.Valid(b[i:j]) {
			return false
		}
		b = b[j:]
	}
}
