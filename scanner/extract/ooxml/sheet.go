package ooxml

import (
	"encoding/xml"

	"github.com/credsweep/credsweep/scanner/extract"
)

// Excel's grid: rows beyond it are treated as the next row, so that a
// hostile r="999999999" cannot make a billion empty lines.
const (
	maxRows = 1 << 20
	maxCols = 1 << 14
)

// sheetReader turns a worksheet's sheetData into lines: line N is row N,
// cells tab-separated at their column positions.
type sheetReader struct {
	sst  *sst
	fmts digitFormats

	line    int  // line breaks written so far
	col     int  // column the output is at, 1-based
	wrote   bool // the current row has output
	nextCol int

	inCell     bool
	cellCol    int
	typ        string
	style      int
	val        []byte
	scratch    []byte
	padScratch []byte
	inV        int
	inT        int
	inIs       bool
	skip       int
}

// token handles one XML token (an extract.XMLStep callback); it returns
// true at the end of sheetData.
func (s *sheetReader) token(dst []byte, tok xml.Token) ([]byte, bool) {
	switch t := tok.(type) {
	case xml.StartElement:
		dst = s.start(dst, t)
	case xml.EndElement:
		return s.end(dst, t)
	case xml.CharData:
		if s.skip == 0 && (s.inV > 0 || s.inT > 0) {
			s.val = append(s.val, t...)
		}
	}
	return dst, false
}

func (s *sheetReader) start(dst []byte, t xml.StartElement) []byte {
	if s.skip > 0 {
		s.skip++
		return dst
	}
	switch t.Name.Local {
	case "row":
		r := extract.ParseCount(extract.Attr(t, "r"))
		if r <= s.line || r > maxRows {
			r = s.line + 1
		}
		for ; s.line < r-1; s.line++ {
			dst = append(dst, '\n')
		}
		s.col, s.wrote, s.nextCol = 1, false, 1
	case "c":
		s.inCell = true
		s.cellCol = column(extract.Attr(t, "r"))
		if s.cellCol <= 0 {
			s.cellCol = s.nextCol
		}
		s.typ = extract.Attr(t, "t")
		s.style = extract.ParseCount(extract.Attr(t, "s"))
		s.val = s.val[:0]
	case "v":
		if s.inCell {
			s.inV++
		}
	case "is":
		s.inIs = true
	case "t":
		if s.inIs {
			s.inT++
		}
	case "rPh", "f", "extLst":
		s.skip = 1
	}
	return dst
}

func (s *sheetReader) end(dst []byte, t xml.EndElement) ([]byte, bool) {
	if s.skip > 0 {
		s.skip--
		return dst, false
	}
	switch t.Name.Local {
	case "v":
		if s.inV > 0 {
			s.inV--
		}
	case "t":
		if s.inT > 0 {
			s.inT--
		}
	case "is":
		s.inIs = false
	case "c":
		if s.inCell {
			dst = s.cell(dst)
			s.inCell = false
		}
	case "row":
		dst = append(dst, '\n')
		s.line++
	case "sheetData":
		return dst, true
	}
	return dst, false
}

// cell writes the finished cell, padding with tabs to its column.
func (s *sheetReader) cell(dst []byte) []byte {
	s.nextCol = s.cellCol + 1
	v := s.render()
	if len(v) == 0 {
		return dst
	}
	switch {
	case s.cellCol > s.col:
		for ; s.col < s.cellCol; s.col++ {
			dst = append(dst, '\t')
		}
	case s.wrote:
		dst = append(dst, '\t')
		s.col++
	}
	s.wrote = true
	return appendCell(dst, v)
}

// render returns the text of the current cell as Excel shows it, numbers
// without their formatting.
func (s *sheetReader) render() []byte {
	v := s.scratch[:0]
	switch s.typ {
	case "s":
		v = append(v, s.sst.get(extract.ParseCount(string(trimSpace(s.val))))...)
	case "inlineStr", "str", "e", "d":
		v = appendUnescaped(v, s.val)
	case "b":
		switch string(trimSpace(s.val)) {
		case "1":
			v = append(v, "TRUE"...)
		case "0":
			v = append(v, "FALSE"...)
		}
	default:
		v = appendNumber(v, trimSpace(s.val))
		if p, ok := s.fmts[s.style]; ok {
			s.padScratch = appendPadded(s.padScratch[:0], v, p)
			v = append(v[:0], s.padScratch...)
		}
	}
	s.scratch = v
	return v
}

func trimSpace(b []byte) []byte {
	for len(b) > 0 && (b[0] == ' ' || b[0] == '\n' || b[0] == '\r' || b[0] == '\t') {
		b = b[1:]
	}
	for len(b) > 0 && (b[len(b)-1] == ' ' || b[len(b)-1] == '\n' || b[len(b)-1] == '\r' || b[len(b)-1] == '\t') {
		b = b[:len(b)-1]
	}
	return b
}

// column returns the 1-based column of a cell reference like "C5", or -1.
func column(ref string) int {
	n, i := 0, 0
	for ; i < len(ref) && i < 4; i++ {
		b := ref[i] | 0x20 // lower case
		if b < 'a' || b > 'z' {
			break
		}
		n = n*26 + int(b-'a'+1)
	}
	if i == 0 || n > maxCols {
		return -1
	}
	return n
}
