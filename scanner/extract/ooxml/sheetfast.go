package ooxml

import (
	"encoding/xml"
	"io"

	"github.com/credsweep/credsweep/scanner/extract"
)

// fastSheet streams a worksheet with the fast tokenizer, and at the first
// token that tokenizer hands off finishes the part with encoding/xml (the
// reference path, sheetReader.token), so the output and the errors are
// those of encoding/xml whatever the input.
type fastSheet struct {
	s    *sheetReader
	x    *fastXML
	part string

	d     *xml.Decoder // set once handed off
	lines int          // line breaks before the handoff, for error lines

	cc fastCell // the cell read by cell
}

// sheetStep returns the Pull step that renders the worksheet XML read from
// r: the fast tokenizer, or encoding/xml alone when slow is set (the
// reference the fast path is tested against).
func sheetStep(s *sheetReader, r io.Reader, part string, slow bool) func([]byte) ([]byte, error) {
	if slow {
		return extract.XMLStep(extract.NewXMLDecoder(r), part, false, s.token)
	}
	return newFastSheet(s, r, part).step
}

func newFastSheet(s *sheetReader, r io.Reader, part string) *fastSheet {
	return &fastSheet{s: s, x: newFastXML(r), part: part}
}

// step is an extract.Pull step; it ends where extract.XMLStep would, after
// the token that takes the output to PullChunk bytes.
func (f *fastSheet) step(dst []byte) ([]byte, error) {
	if f.d != nil {
		return f.slowStep(dst)
	}
	s, x := f.s, f.x
	for len(dst) < extract.PullChunk {
		if !x.needClose && s.skip == 0 && x.end-x.pos > 2 && x.buf[x.pos] == '<' {
			switch b := x.buf[x.pos:x.end]; b[1] {
			case 'c':
				if n, ok := f.cell(b); ok {
					x.pos += n
					dst = f.cellTokens(dst)
					continue
				}
			case 'r', '/':
				// A self-closing row is left to the tokenizer: its
				// end is a token of its own, after which step may
				// stop.
				if n, end, empty, ok := f.row(b); ok && !empty {
					x.pos += n
					if end {
						dst, _ = s.end(dst, elRow)
					} else {
						s.row = parseCount(f.cc.r)
						dst = s.start(dst, elRow)
					}
					continue
				}
			}
		}
		switch x.next() {
		case tokStart:
			el := elementOfBytes(x.name)
			if s.skip == 0 && (el == elRow || el == elCell) {
				f.attrs(el)
			}
			dst = s.start(dst, el)
		case tokEnd:
			var done bool
			if dst, done = s.end(dst, elementOfBytes(x.name)); done {
				return dst, io.EOF
			}
		case tokText:
			s.text(x.text)
		case tokEOF:
			return dst, io.EOF
		default:
			r, lines := x.handoff()
			f.d, f.lines, f.x = extract.NewXMLDecoder(r), lines, nil
			return f.slowStep(dst)
		}
	}
	return dst, nil
}

// A cell of the common shape, <c r="B7" s="1" t="s"><v>12</v></c> (or
// empty: <c r="B7" s="1"/>, <c r="B7"></c>), is read in one pass over its
// bytes instead of as five tokens: a sheet is mostly such cells. Row tags
// likewise. Only the
// plainest spelling is taken: attribute names of ASCII letters, single
// spaces, values in double quotes of bytes that need no decoding, no
// spaces around the child element; the tokenizer reads anything else (and
// a cell cut by the end of the buffer), so the result is the same.

// cell parses a cell of the common shape at b[0] ("<c") into f.cc, and
// reports how many bytes it took.
func (f *fastSheet) cell(b []byte) (int, bool) {
	c := &f.cc
	i, empty, ok := c.plainTag(b, 2)
	if !ok || empty {
		return i, ok
	}
	switch {
	case hasAt(b, i, "</c>"):
		return i + 4, true
	case !hasAt(b, i, "<v>"):
		return 0, false
	}
	i += 3
	vs := i
	for i < len(b) && class[b[i]] == cPlain {
		i++
	}
	if !hasAt(b, i, "</v></c>") {
		return 0, false
	}
	c.v, c.hasV = b[vs:i], true
	return i + 8, true
}

// plainTag reads the attributes of a start tag of the plainest spelling
// from b[i], just after its name, to the end of the tag, keeping the
// one-letter ones in c. It returns the index after the tag and whether
// the element closed itself.
func (c *fastCell) plainTag(b []byte, i int) (end int, empty, ok bool) {
	*c = fastCell{}
	for {
		if i >= len(b) {
			return 0, false, false
		}
		switch b[i] {
		case '>':
			return i + 1, false, true
		case '/':
			if i+1 < len(b) && b[i+1] == '>' {
				return i + 2, true, true
			}
			return 0, false, false
		case ' ':
			i++
			ns := i
			for i < len(b) && ('a' <= b[i]|0x20 && b[i]|0x20 <= 'z') {
				i++
			}
			if i == ns || i+1 >= len(b) || b[i] != '=' || b[i+1] != '"' {
				return 0, false, false
			}
			name := b[ns:i]
			i += 2
			vs := i
			for i < len(b) && class[b[i]] == cPlain {
				i++
			}
			if i >= len(b) || b[i] != '"' {
				return 0, false, false
			}
			if len(name) == 1 {
				c.set(name[0], b[vs:i])
			}
			i++
		default:
			return 0, false, false // another element (<col>) or spelling
		}
	}
}

// row reads a row's start tag of the plainest spelling at b[0] ("<row"),
// or its end tag; like cell, it reports how many bytes it took.
func (f *fastSheet) row(b []byte) (n int, end, empty, ok bool) {
	if hasAt(b, 0, "</row>") {
		return 6, true, false, true
	}
	if !hasAt(b, 0, "<row") {
		return 0, false, false, false
	}
	n, empty, ok = f.cc.plainTag(b, 4)
	return n, false, empty, ok
}

func hasAt(b []byte, i int, s string) bool { return len(b)-i >= len(s) && string(b[i:i+len(s)]) == s }

// fastCell is a cell read by fastSheet.cell.
type fastCell struct {
	r, t, s          []byte
	hasR, hasT, hasS bool
	v                []byte
	hasV             bool
}

// set keeps the first r, s and t attribute, as fastSheet.attrs does.
func (c *fastCell) set(name byte, v []byte) {
	switch name {
	case 'r':
		if !c.hasR {
			c.r, c.hasR = v, true
		}
	case 't':
		if !c.hasT {
			c.t, c.hasT = v, true
		}
	case 's':
		if !c.hasS {
			c.s, c.hasS = v, true
		}
	}
}

// cellTokens makes the calls the tokens of f.cc would make in step.
func (f *fastSheet) cellTokens(dst []byte) []byte {
	s, c := f.s, &f.cc
	s.ref = column(c.r)
	s.ctype = cellTypeOfBytes(c.t)
	s.cstyle = parseCount(c.s)
	dst = s.start(dst, elCell)
	if c.hasV {
		dst = s.start(dst, elValue)
		if len(c.v) > 0 {
			s.text(c.v)
		}
		dst, _ = s.end(dst, elValue)
	}
	dst, _ = s.end(dst, elCell)
	return dst
}

// attrs sets the row or cell attributes of the current start element; the
// first attribute of a local name counts, as with extract.Attr.
func (f *fastSheet) attrs(el int) {
	var r, t, st []byte
	var hasR, hasT, hasS bool
	for _, a := range f.x.attrs {
		if len(a.local) != 1 {
			continue
		}
		switch a.local[0] {
		case 'r':
			if !hasR {
				r, hasR = a.value, true
			}
		case 't':
			if !hasT {
				t, hasT = a.value, true
			}
		case 's':
			if !hasS {
				st, hasS = a.value, true
			}
		}
	}
	s := f.s
	if el == elRow {
		s.row = parseCount(r)
		return
	}
	s.ref = column(r)
	s.ctype = cellTypeOfBytes(t)
	s.cstyle = parseCount(st)
}

// slowStep is extract.XMLStep (not enclosed) on the decoder that took
// over, with error lines counted from the start of the part.
func (f *fastSheet) slowStep(dst []byte) ([]byte, error) {
	for len(dst) < extract.PullChunk {
		tok, err := f.d.RawToken()
		if err != nil {
			if err == io.EOF {
				return dst, io.EOF
			}
			return dst, extract.XMLError(f.part, shiftLines(err, f.lines))
		}
		var done bool
		if dst, done = f.s.token(dst, tok); done {
			return dst, io.EOF
		}
	}
	return dst, nil
}

// elementOfBytes is elementOf for the tokenizer's bytes; the conversion of
// a short, non-escaping name does not allocate.
func elementOfBytes(local []byte) int { return elementOf(string(local)) }

func cellTypeOfBytes(t []byte) int {
	switch string(t) {
	case "s":
		return cellShared
	case "inlineStr", "str", "e", "d":
		return cellString
	case "b":
		return cellBool
	}
	return cellNumber
}
