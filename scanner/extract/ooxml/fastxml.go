package ooxml

import (
	"bytes"
	"io"
	"unicode/utf8"
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

// byte classes for character data and attribute values.
const (
	cPlain = iota
	cLT
	cAmp
	cSpecial // needs a closer look: ']', quotes, '>' — checked by context
	cBad     // control characters, '\r': handed off
	cHigh    // UTF-8 lead or continuation byte
)

var class = func() (t [256]byte) {
	for i := range t {
		switch {
		case i == '\t' || i == '\n':
			t[i] = cPlain
		case i < 0x20:
			t[i] = cBad
		case i >= 0x80:
			t[i] = cHigh
		}
	}
	t['<'] = cLT
	t['&'] = cAmp
	t[']'] = cSpecial
	t['"'] = cSpecial
	t['\''] = cSpecial
	return t
}()

func isNameStart(b byte) bool {
	return 'a' <= b && b <= 'z' || 'A' <= b && b <= 'Z' || b == '_'
}

// isNameByte is encoding/xml's set of ASCII name bytes (':' included).
func isNameByte(b byte) bool {
	return isNameStart(b) || '0' <= b && b <= '9' || b == '.' || b == '-' || b == ':'
}

func isSpace(b byte) bool { return b == ' ' || b == '\n' || b == '\t' || b == '\r' }

func inCharRange(r rune) bool {
	return r == 0x09 || r == 0x0A || r == 0x0D || r >= 0x20 && r <= 0xD7FF ||
		r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= 0x10FFFF
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

type errReader struct{ err error }

func (e errReader) Read([]byte) (int, error) { return 0, e.err }

// eof reports whether the input ends at i (all of it is buffered).
func (x *fastXML) eof(i int) bool { return i >= x.end && x.srcErr == io.EOF }

// chars reads character data up to the next '<' or the end of input.
func (x *fastXML) chars() (int, int) {
	x.scratch = x.scratch[:0]
	i, seg, dec := x.pos, x.pos, false
	buf := x.buf[:x.end]
	for {
		for i < len(buf) && class[buf[i]] == cPlain {
			i++
		}
		if i == len(buf) {
			if x.srcErr != io.EOF {
				return 0, needMore
			}
			break
		}
		c := buf[i]
		if c == '<' {
			break
		}
		switch class[c] {
		case cSpecial:
			if c == ']' {
				if i+2 >= len(buf) && !x.eof(i+2) {
					return 0, needMore
				}
				if i+2 < len(buf) && buf[i+1] == ']' && buf[i+2] == '>' {
					return 0, bail // encoding/xml: unescaped ]]>
				}
			}
			i++
		case cHigh:
			n, r := x.rune(buf, i)
			if r != parsed {
				return 0, r
			}
			i += n
		case cAmp:
			x.scratch = append(x.scratch, buf[seg:i]...)
			var n, r int
			if x.scratch, n, r = x.entity(x.scratch, buf, i); r != parsed {
				return 0, r
			}
			i += n
			seg, dec = i, true
		default:
			return 0, bail
		}
	}
	if dec {
		x.text = append(x.scratch, buf[seg:i]...)
		x.scratch = x.text
	} else {
		x.text = buf[x.pos:i]
	}
	x.pos = i
	return tokText, parsed
}

// rune checks the UTF-8 sequence at buf[i] and returns its length.
func (x *fastXML) rune(buf []byte, i int) (int, int) {
	if !utf8.FullRune(buf[i:]) {
		if x.srcErr == nil {
			return 0, needMore
		}
		return 0, bail
	}
	r, n := utf8.DecodeRune(buf[i:])
	if r == utf8.RuneError && n == 1 || !inCharRange(r) {
		return 0, bail
	}
	return n, parsed
}

// entity decodes the reference at buf[i] ('&') onto dst; n is its length.
func (x *fastXML) entity(dst, buf []byte, i int) (out []byte, n, r int) {
	j := i + 1
	for j < len(buf) && j-i <= 12 && buf[j] != ';' {
		j++
	}
	if j == len(buf) && x.srcErr == nil && j-i <= 12 {
		return dst, 0, needMore
	}
	if j >= len(buf) || buf[j] != ';' {
		return dst, 0, bail
	}
	name := buf[i+1 : j]
	switch string(name) {
	case "amp":
		return append(dst, '&'), j + 1 - i, parsed
	case "lt":
		return append(dst, '<'), j + 1 - i, parsed
	case "gt":
		return append(dst, '>'), j + 1 - i, parsed
	case "quot":
		return append(dst, '"'), j + 1 - i, parsed
	case "apos":
		return append(dst, '\''), j + 1 - i, parsed
	}
	if len(name) < 2 || name[0] != '#' {
		return dst, 0, bail
	}
	digits, base := name[1:], rune(10)
	if digits[0] == 'x' {
		digits, base = digits[1:], 16
	}
	if len(digits) == 0 || len(digits) > 8 {
		return dst, 0, bail
	}
	v := rune(0)
	for _, b := range digits {
		var d rune
		switch {
		case '0' <= b && b <= '9':
			d = rune(b - '0')
		case base == 16 && 'a' <= b && b <= 'f':
			d = rune(b-'a') + 10
		case base == 16 && 'A' <= b && b <= 'F':
			d = rune(b-'A') + 10
		default:
			return dst, 0, bail
		}
		v = v*base + d
	}
	if v > utf8.MaxRune {
		return dst, 0, bail
	}
	if 0xD800 <= v && v <= 0xDFFF {
		v = utf8.RuneError // what string(rune(v)) gives encoding/xml
	}
	if !inCharRange(v) {
		return dst, 0, bail
	}
	return utf8.AppendRune(dst, v), j + 1 - i, parsed
}

// markup reads a token starting with '<'.
func (x *fastXML) markup() (int, int) {
	buf := x.buf[:x.end]
	i := x.pos + 1
	if i >= len(buf) {
		return x.short(i)
	}
	switch buf[i] {
	case '/':
		_, local, j, r := x.qname(buf, i+1)
		if r != parsed {
			return 0, r
		}
		for j < len(buf) && isSpace(buf[j]) {
			j++
		}
		if j >= len(buf) {
			return x.short(j)
		}
		if buf[j] != '>' {
			return 0, bail
		}
		x.name = local
		x.pos = j + 1
		return tokEnd, parsed
	case '?':
		return x.procInst(buf, i+1)
	case '!':
		return x.comment(buf, i+1)
	}
	return x.startTag(buf, i)
}

// short is the outcome of a token cut at i by the end of the buffer.
func (x *fastXML) short(i int) (int, int) {
	if x.eof(i) {
		return 0, bail // encoding/xml reports the unexpected end
	}
	return 0, needMore
}

// qname reads an element or attribute name at buf[i]: an ASCII name with at
// most one colon that splits it into a non-empty prefix and local name, as
// encoding/xml's nsname does.
func (x *fastXML) qname(buf []byte, i int) (full, local []byte, j, r int) {
	j = i
	colon := -1
	for {
		if j >= len(buf) {
			_, r = x.short(j)
			return nil, nil, 0, r
		}
		b := buf[j]
		if b >= utf8.RuneSelf {
			return nil, nil, 0, bail
		}
		if !isNameByte(b) {
			break
		}
		if b == ':' {
			if colon >= 0 {
				return nil, nil, 0, bail
			}
			colon = j
		}
		j++
	}
	if j == i || !isNameStart(buf[i]) {
		return nil, nil, 0, bail
	}
	local = buf[i:j]
	if colon >= 0 {
		if colon == j-1 || !isNameStart(buf[colon+1]) {
			return nil, nil, 0, bail
		}
		local = buf[colon+1 : j]
	}
	return buf[i:j], local, j, parsed
}

// startTag reads a start element whose name is at buf[i].
func (x *fastXML) startTag(buf []byte, i int) (int, int) {
	_, local, j, r := x.qname(buf, i)
	if r != parsed {
		return 0, r
	}
	x.attrs = x.attrs[:0]
	if cap(x.arena) < len(buf)-x.pos {
		x.arena = make([]byte, 0, len(buf)-x.pos)
	}
	x.arena = x.arena[:0] // decoded values are never longer than their source
	for {
		for j < len(buf) && isSpace(buf[j]) {
			j++
		}
		if j >= len(buf) {
			return x.short(j)
		}
		switch buf[j] {
		case '/':
			if j+1 >= len(buf) {
				return x.short(j + 1)
			}
			if buf[j+1] != '>' {
				return 0, bail
			}
			x.needClose = true
			x.closeName = append(x.closeName[:0], local...)
			x.name = local
			x.pos = j + 2
			return tokStart, parsed
		case '>':
			x.name = local
			x.pos = j + 1
			return tokStart, parsed
		}
		var a fastAttr
		if _, a.local, j, r = x.qname(buf, j); r != parsed {
			return 0, r
		}
		for j < len(buf) && isSpace(buf[j]) {
			j++
		}
		if j >= len(buf) {
			return x.short(j)
		}
		if buf[j] != '=' {
			return 0, bail
		}
		j++
		for j < len(buf) && isSpace(buf[j]) {
			j++
		}
		if j >= len(buf) {
			return x.short(j)
		}
		if a.value, j, r = x.attrValue(buf, j); r != parsed {
			return 0, r
		}
		x.attrs = append(x.attrs, a)
	}
}

// attrValue reads a quoted attribute value at buf[i].
func (x *fastXML) attrValue(buf []byte, i int) (val []byte, j, r int) {
	q := buf[i]
	if q != '"' && q != '\'' {
		return nil, 0, bail
	}
	j = i + 1
	seg, dec, from := j, false, len(x.arena)
	for {
		for j < len(buf) && class[buf[j]] == cPlain {
			j++
		}
		if j >= len(buf) {
			_, r = x.short(j)
			return nil, 0, r
		}
		b := buf[j]
		switch class[b] {
		case cSpecial:
			if b == q {
				if !dec {
					return buf[i+1 : j], j + 1, parsed
				}
				x.arena = append(x.arena, buf[seg:j]...)
				return x.arena[from:], j + 1, parsed
			}
			j++
		case cHigh:
			n, r := x.rune(buf, j)
			if r != parsed {
				return nil, 0, r
			}
			j += n
		case cAmp:
			x.arena = append(x.arena, buf[seg:j]...)
			var n int
			if x.arena, n, r = x.entity(x.arena, buf, j); r != parsed {
				return nil, 0, r
			}
			j += n
			seg, dec = j, true
		default: // '<' is an error in a value; controls and '\r' are left to encoding/xml
			return nil, 0, bail
		}
	}
}
