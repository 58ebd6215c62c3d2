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
