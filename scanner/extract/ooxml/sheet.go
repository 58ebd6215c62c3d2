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

	// Attributes of the row or cell element being started.
	row    int
	ref    int
	ctype  int
	cstyle int

	inCell     bool
	cellCol    int
	typ        int
	style      int
	val        []byte
	scratch    []byte
	padScratch []byte
	inV        int
	inT        int
	inIs       bool
	skip       int
}

// Elements the sheet reader acts on, by local name.
const (
	elOther = iota
	elRow
	elCell
	elValue
	elInline
	elText
	elSkip
	elSheetData
)

// Cell types (c/@t) as far as rendering tells them apart.
const (
	cellNumber = iota
	cellShared
	cellString
	cellBool
)

func elementOf(local string) int {
	switch local {
	case "row":
		return elRow
	case "c":
		return elCell
	case "v":
		return elValue
	case "is":
		return elInline
	case "t":
		return elText
	case "rPh", "f", "extLst":
		return elSkip
	case "sheetData":
		return elSheetData
	}
	return elOther
}

func cellTypeOf(t string) int {
	switch t {
	case "s":
		return cellShared
	case "inlineStr", "str", "e", "d":
		return cellString
	case "b":
		return cellBool
	}
	return cellNumber
}

// token handles one XML token (an extract.XMLStep callback); it returns
// true at the end of sheetData. It is the reference path: the fast
// tokenizer (sheetfast.go) must drive the reader exactly as this does.
func (s *sheetReader) token(dst []byte, tok xml.Token) ([]byte, bool) {
	switch t := tok.(type) {
	case xml.StartElement:
		el := elementOf(t.Name.Local)
		switch {
		case s.skip > 0:
		case el == elRow:
			s.row = extract.ParseCount(extract.Attr(t, "r"))
		case el == elCell:
			s.ref = column(extract.Attr(t, "r"))
			s.ctype = cellTypeOf(extract.Attr(t, "t"))
			s.cstyle = extract.ParseCount(extract.Attr(t, "s"))
		}
		dst = s.start(dst, el)
	case xml.EndElement:
		return s.end(dst, elementOf(t.Name.Local))
	case xml.CharData:
		s.text(t)
	}
	return dst, false
}

// text handles character data.
func (s *sheetReader) text(b []byte) {
	if s.skip == 0 && (s.inV > 0 || s.inT > 0) {
		s.val = append(s.val, b...)
	}
}

// start handles a start element; for rows and cells the caller has set
// the attributes (row, ref, ctype, cstyle) first.
func (s *sheetReader) start(dst []byte, el int) []byte {
	if s.skip > 0 {
		s.skip++
		return dst
	}
	switch el {
	case elRow:
		r := s.row
		if r <= s.line || r > maxRows {
			r = s.line + 1
		}
		for ; s.line < r-1; s.line++ {
			dst = append(dst, '\n')
		}
		s.col, s.wrote, s.nextCol = 1, false, 1
	case elCell:
		s.inCell = true
		s.cellCol = s.ref
		if s.cellCol <= 0 {
			s.cellCol = s.nextCol
		}
		s.typ = s.ctype
		s.style = s.cstyle
		s.val = s.val[:0]
	case elValue:
		if s.inCell {
			s.inV++
		}
	case elInline:
		s.inIs = true
	case elText:
		if s.inIs {
			s.inT++
		}
	case elSkip:
		s.skip = 1
	}
	return dst
}

// end handles an end element; it returns true at the end of sheetData.
func (s *sheetReader) end(dst []byte, el int) ([]byte, bool) {
	if s.skip > 0 {
		s.skip--
		return dst, false
	}
	switch el {
	case elValue:
		if s.inV > 0 {
			s.inV--
		}
	case elText:
		if s.inT > 0 {
			s.inT--
		}
	case elInline:
		s.inIs = false
	case elCell:
		if s.inCell {
			dst = s.cell(dst)
			s.inCell = false
		}
	case elRow:
		dst = append(dst, '\n')
		s.line++
	case elSheetData:
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
	case cellShared:
		v = s.sst.appendTo(v, parseCount(trimSpace(s.val)))
	case cellString:
		v = appendUnescaped(v, s.val)
	case cellBool:
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
func column[T string | []byte](ref T) int {
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

// parseCount is extract.ParseCount for bytes, without a conversion.
func parseCount[T string | []byte](s T) int {
	if len(s) == 0 || len(s) > 9 {
		return -1
	}
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return -1
		}
		n = n*10 + int(s[i]-'0')
	}
	return n
}
