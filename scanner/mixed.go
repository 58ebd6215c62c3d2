package scanner

import (
	"io"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/credsweep/credsweep/scanner/extract"
)

// A file whose first bytes are not text is not necessarily without text: a
// password table with one stray NUL, a log behind 64 bytes of padding, an
// export after a fake PNG signature, UTF-16 text followed by NULs. Such a
// file is read in chunks; each chunk is text when it is UTF-16 or has few
// control bytes (runs of NULs, which are padding or holes, not counted), and
// reaches the detectors whole; of a binary chunk only its runs of printable
// text do, as strings(1) would print them. A file with no text chunk and no
// finding is a binary file and is skipped.

// mixedChunk is the unit of the text-or-binary decision.
const mixedChunk = 64 << 10

// mixedReader yields the text of a mixed stream as UTF-8-ish bytes (lineBlocks
// repairs 8-bit text): NULs dropped, other control bytes as spaces, UTF-16
// chunks transcoded, and a line break where binary chunks were left out.
type mixedReader struct {
	r        io.Reader
	chunk    []byte
	out      []byte
	pending  []byte
	err      error
	prevText bool
	// carry is a run of printable bytes at the end of the last binary
	// chunk, which may go on in the next.
	carry []byte
	// text and binary count the chunks of each kind.
	text, binary int
}

// minRun is the shortest run of printable bytes taken from a binary chunk:
// random bytes make one by chance about once in 10⁷ positions.
const minRun = 16

func newMixedReader(r io.Reader) *mixedReader {
	return &mixedReader{r: r, chunk: make([]byte, mixedChunk)}
}

func (m *mixedReader) Read(p []byte) (int, error) {
	for len(m.pending) == 0 {
		if m.err != nil {
			return 0, m.err
		}
		m.fill()
	}
	n := copy(p, m.pending)
	m.pending = m.pending[n:]
	return n, nil
}

func (m *mixedReader) fill() {
	n, err := io.ReadFull(m.r, m.chunk)
	if err == io.ErrUnexpectedEOF {
		err = io.EOF
	}
	m.err = err
	c := m.chunk[:n]
	m.out = m.out[:0]
	switch {
	case n == 0:
		if len(m.carry) >= minRun {
			m.out = append(append(m.out, m.carry...), '\n')
		}
		m.carry = m.carry[:0]
	case !textChunk(c):
		m.binary++
		if m.prevText {
			m.out = append(m.out, '\n')
		}
		m.prevText = false
		m.runs(c)
	default:
		m.text++
		m.prevText = true
		m.out = append(m.out, m.carry...)
		m.carry = m.carry[:0]
		if order := extract.UTF16Order(c); order != 0 {
			m.out = appendUTF16(m.out, c, order)
		} else {
			for _, b := range c {
				switch {
				case b == 0:
				case b < 0x20 && b != '\n' && b != '\r' && b != '\t' && b != '\f':
					m.out = append(m.out, ' ')
				default:
					m.out = append(m.out, b)
				}
			}
		}
	}
	m.pending = m.out
}

// runs appends the runs of printable bytes of a binary chunk, one a line.
func (m *mixedReader) runs(c []byte) {
	start := 0
	for i := 0; i <= len(c); i++ {
		if i < len(c) && printable(c[i]) {
			continue
		}
		if i == len(c) {
			// The run may go on in the next chunk.
			m.carry = append(m.carry[:0], c[start:]...)
			if len(m.carry) > mixedChunk {
				m.carry = m.carry[:0]
			}
			return
		}
		run := c[start:i]
		if start == 0 && len(m.carry) > 0 {
			run = append(m.carry, run...)
			m.carry = m.carry[:0]
		}
		if len(run) >= minRun {
			m.out = append(append(m.out, run...), '\n')
		}
		start = i + 1
	}
}

func printable(b byte) bool { return b >= 0x20 && b != 0x7F || b == '\t' || b == '\n' || b == '\r' }

// textChunk reports whether a chunk is text: UTF-16, or at most 5% control
// bytes. Runs of four or more NULs are padding or sparse holes: they do not
// count, but a chunk of little else is not text.
func textChunk(c []byte) bool {
	if extract.UTF16Order(c) != 0 {
		return true
	}
	control, content, nuls := 0, 0, 0
	for _, b := range c {
		if b == 0 {
			nuls++
			continue
		}
		if nuls > 0 {
			if nuls < 4 {
				control += nuls
				content += nuls
			}
			nuls = 0
		}
		content++
		if b < 0x20 && b != '\n' && b != '\r' && b != '\t' && b != '\f' && b != 0x1B && b != 0x1A || b == 0x7F {
			// Content can only reach len(c): past a twentieth of that
			// the answer is known (a binary head ends here early).
			if control++; control*20 > len(c) {
				return false
			}
		}
	}
	if nuls > 0 && nuls < 4 {
		control += nuls
		content += nuls
	}
	return content >= minRun && control*20 <= content
}

// appendUTF16 transcodes a UTF-16 chunk (order +1 little, -1 big endian)
// to UTF-8, dropping NUL padding and the BOM.
func appendUTF16(out, c []byte, order int) []byte {
	units := make([]uint16, 0, len(c)/2)
	for i := 0; i+1 < len(c); i += 2 {
		u := uint16(c[i]) | uint16(c[i+1])<<8
		if order < 0 {
			u = uint16(c[i])<<8 | uint16(c[i+1])
		}
		if u != 0 && u != 0xFEFF {
			units = append(units, u)
		}
	}
	for _, r := range utf16.Decode(units) {
		if r < 0x20 && r != '\n' && r != '\r' && r != '\t' {
			r = ' '
		}
		out = utf8.AppendRune(out, r)
	}
	return out
}
