package ooxml

import (
	"bytes"
	"encoding/xml"
	"io"
)

// fastXML is a streaming tokenizer for the plain XML that spreadsheet
// generators write. It accepts a strict subset of what the encoding/xml
// decoder (strict mode, RawToken) accepts and, on that subset, gives the
// same start, end and character-data tokens (comments and processing
// instructions are checked and dropped). On anything else — a DOCTYPE, an
// unknown entity, a carriage return, a name outside ASCII, a token larger
// than maxFastToken, a read error, or an input error the decoder would
// report — next returns tokBail with the input still unread from the start
// of that token (handoff), so the caller can finish the part with
// encoding/xml and report exactly what it reports.
//
// It reads the source in small requests so that an underlying bufio.Reader
// is filled when, and only when, encoding/xml would have filled it: limits
// and truncation notes come out the same.
type fastXML struct {
	src    io.Reader
	srcErr error // first error from src; io.EOF at its end

	buf   []byte
	start int // first byte of the current token
	pos   int
	end   int
	lines int // '\n' bytes of the input before buf[0]

	// The current token.
	name  []byte // local name of a start or end element
	attrs []fastAttr
	text  []byte // decoded character data

	scratch   []byte // decoded text with entities
	arena     []byte // decoded attribute values
	needClose bool   // a self-closing element's end is due
	closeName []byte
}

// fastAttr is an attribute of the current start element.
type fastAttr struct {
	local, value []byte
}

// Token kinds.
const (
	tokBail = iota
	tokEOF
	tokStart
	tokEnd
	tokText
	tokSkip // internal: a comment or processing instruction
)

// Parse outcomes.
const (
	parsed = iota
	needMore
	bail
)

const (
	fastRead     = 16 << 10 // bytes asked of src at a time
	maxFastToken = 1 << 20  // larger tokens are left to encoding/xml
	maxRefills   = 64       // reads one token may take
)

func newFastXML(src io.Reader) *fastXML {
	return &fastXML{src: src, buf: make([]byte, 128<<10)}
}

// next reads the next token.
func (x *fastXML) next() int {
	if x.needClose {
		x.needClose = false
		x.name = x.closeName
		return tokEnd
	}
	refills := 0
	for {
		x.start = x.pos
		if x.pos == x.end {
			if x.srcErr == io.EOF {
				return tokEOF
			}
			if !x.more() {
				return tokBail
			}
			continue
		}
		var k, r int
		if x.buf[x.pos] == '<' {
			k, r = x.markup()
		} else {
			k, r = x.chars()
		}
		switch r {
		case parsed:
			if k != tokSkip {
				return k
			}
			refills = 0
		case needMore:
			// A token is parsed again from its start after each read:
			// one that takes many reads (a huge value, a source that
			// gives a few bytes at a time) is left to encoding/xml.
			x.pos = x.start
			if refills++; refills > maxRefills || !x.more() {
				return tokBail
			}
		default:
			x.pos = x.start
			return tokBail
		}
	}
}

// more reads more input, keeping the current token; false when there is
// none to be had (an error, or the token is too large).
func (x *fastXML) more() bool {
	if x.srcErr != nil {
		return false
	}
	if x.start > 0 {
		x.lines += bytes.Count(x.buf[:x.start], []byte{'\n'})
		n := copy(x.buf, x.buf[x.start:x.end])
		x.pos -= x.start
		x.end, x.start = n, 0
	}
	if x.end+fastRead > len(x.buf) {
		if len(x.buf) >= maxFastToken {
			return false
		}
		nb := make([]byte, 2*len(x.buf))
		copy(nb, x.buf[:x.end])
		x.buf = nb
	}
	for {
		n, err := x.src.Read(x.buf[x.end : x.end+fastRead])
		x.end += n
		if err != nil {
			x.srcErr = err
			return n > 0 || err == io.EOF
		}
		if n > 0 {
			return true
		}
	}
}

// handoff returns the unread input from the start of the current token,
// and the number of line breaks before it.
func (x *fastXML) handoff() (io.Reader, int) {
	lines := x.lines + bytes.Count(x.buf[:x.start], []byte{'\n'})
	rest := bytes.NewReader(x.buf[x.start:x.end])
	switch x.srcErr {
	case nil:
		return io.MultiReader(rest, x.src), lines
	case io.EOF:
		return rest, lines
	}
	return io.MultiReader(rest, errReader{x.srcErr}), lines
}

// shiftLines moves the line of a syntax error found by a decoder that took
// over after lines line breaks, so it reads as if the whole part had been
// decoded by encoding/xml.
func shiftLines(err error, lines int) error {
	if se, ok := err.(*xml.SyntaxError); ok {
		moved := *se
		moved.Line += lines
		return &moved
	}
	return err
}

type errReader struct{ err error }

func (e errReader) Read([]byte) (int, error) { return 0, e.err }

// eof reports whether the input ends at i (all of it is buffered).
func (x *fastXML) eof(i int) bool { return i >= x.end && x.srcErr == io.EOF }

// short is the outcome of a token cut at i by the end of the buffer.
func (x *fastXML) short(i int) (int, int) {
	if x.eof(i) {
		return 0, bail // encoding/xml reports the unexpected end
	}
	return 0, needMore
}
