package ooxml

import (
	"encoding/xml"
)

// flow modes.
const (
	flowAll   = iota // everything; tables as tab-separated rows
	flowBody         // top-level tables left out (they get sections)
	flowTable        // inside one table section
)

// flow turns WordprocessingML and DrawingML text (w:p/a:p paragraphs, w:t/a:t
// runs, w:tbl/a:tbl tables) into lines. Element local names are shared by
// both vocabularies, so one state machine serves docx and pptx.
type flow struct {
	mode      int
	tblDepth  int
	skipDepth int // > 0 inside a subtree that gives no text
	textDepth int
	runDepth  int
	cells     int  // cells begun in the current top-level row
	space     bool // a separator is due before the next text in a cell
	cellText  bool // the current top-level cell has text
	tables    int  // top-level tables left out by flowBody
}

// token handles one XML token (an extract.XMLStep callback); it returns
// true when an end element closes a top-level table, which ends a
// flowTable section.
func (f *flow) token(dst []byte, tok xml.Token) ([]byte, bool) {
	switch t := tok.(type) {
	case xml.StartElement:
		dst, _ = f.start(dst, t.Name.Local)
	case xml.EndElement:
		return f.end(dst, t.Name.Local)
	case xml.CharData:
		dst = f.text(dst, t)
	}
	return dst, false
}

// start handles a start element by its local name; it returns true when it
// opens a top-level table that flowBody leaves out.
func (f *flow) start(dst []byte, local string) ([]byte, bool) {
	if f.skipDepth > 0 {
		f.skipDepth++
		return dst, false
	}
	switch local {
	case "tbl":
		if f.mode == flowBody && f.tblDepth == 0 {
			f.skipDepth = 1
			f.tables++
			return dst, true
		}
		f.tblDepth++
	case "tc":
		if f.tblDepth == 1 {
			if f.cells > 0 {
				dst = append(dst, '\t')
			}
			f.cells++
			f.space = false
			f.cellText = false
		} else {
			f.space = true
		}
	case "t", "delText":
		f.textDepth++
	case "r":
		f.runDepth++
	case "tab":
		if f.runDepth > 0 {
			dst = f.sep(dst, '\t')
		}
	case "br", "cr":
		if f.runDepth > 0 {
			dst = f.sep(dst, '\n')
		}
	case "noBreakHyphen":
		dst = append(dst, '-')
	case "Fallback", "instrText", "rPh", "fldData":
		// Fallback repeats its Choice; field codes and phonetic guides are
		// not document text.
		f.skipDepth = 1
	}
	return dst, false
}

// end handles an end element by its local name; it returns true when it
// closes the table a flowTable section is about.
func (f *flow) end(dst []byte, local string) ([]byte, bool) {
	if f.skipDepth > 0 {
		f.skipDepth--
		return dst, false
	}
	switch local {
	case "p", "comment":
		if f.tblDepth > 0 {
			f.space = true
		} else {
			dst = append(dst, '\n')
		}
	case "tr":
		if f.tblDepth == 1 {
			dst = append(dst, '\n')
			f.cells = 0
		}
		f.space = f.tblDepth > 1
	case "tc":
		f.space = f.tblDepth > 1
	case "tbl":
		if f.tblDepth > 0 {
			f.tblDepth--
		}
		if f.tblDepth == 0 {
			f.space = false
			return dst, true
		}
		f.space = true
	case "t", "delText":
		if f.textDepth > 0 {
			f.textDepth--
		}
	case "r":
		if f.runDepth > 0 {
			f.runDepth--
		}
	}
	return dst, false
}

// sep writes a tab or line break, which inside a table cell become a space.
func (f *flow) sep(dst []byte, b byte) []byte {
	if f.tblDepth > 0 {
		f.space = true
		return dst
	}
	return append(dst, b)
}

func (f *flow) text(dst []byte, cd []byte) []byte {
	if f.skipDepth > 0 || f.textDepth == 0 || len(cd) == 0 {
		return dst
	}
	if f.tblDepth == 0 {
		return append(dst, cd...)
	}
	if f.space && f.cellText {
		dst = append(dst, ' ')
	}
	f.space = false
	f.cellText = true
	return appendCell(dst, cd)
}

// appendCell appends cell text with tabs and line breaks made spaces, so
// that a row stays one line.
func appendCell(dst, s []byte) []byte {
	for _, b := range s {
		if b == '\t' || b == '\n' || b == '\r' {
			b = ' '
		}
		dst = append(dst, b)
	}
	return dst
}
