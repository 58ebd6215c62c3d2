package odf

import (
	"encoding/xml"

	"github.com/credsweep/credsweep/scanner/extract"
)

// skipped are elements whose content is not document text: annotation
// metadata, forms, scripts and base64 pictures of flat documents.
var skipped = map[string]bool{
	"creator": true, "date": true, "forms": true, "scripts": true,
	"binary-data": true, "event-listeners": true, "sequence-decls": true,
}

// maxSpaces caps text:s c="N" so a hostile count cannot make gigabytes.
const maxSpaces = 256

// flow turns ODF paragraphs (text:p, text:h) into lines. In body mode the
// top-level tables are left out (they get sections of their own); otherwise
// table rows are lines and cells tab-separated.
type flow struct {
	body     bool
	skip     int
	tblDepth int
	para     int
	cells    int
	space    bool // collapse: the last output was white space
	tables   int
}

// token handles one XML token (an extract.XMLStep callback); a flow
// section ends with its part, never at an element.
func (f *flow) token(dst []byte, tok xml.Token) ([]byte, bool) {
	switch t := tok.(type) {
	case xml.StartElement:
		dst = f.start(dst, t)
	case xml.EndElement:
		dst = f.end(dst, t)
	case xml.CharData:
		dst = f.text(dst, t)
	}
	return dst, false
}

func (f *flow) start(dst []byte, se xml.StartElement) []byte {
	if f.skip > 0 {
		f.skip++
		return dst
	}
	switch se.Name.Local {
	case "table":
		if f.body && f.tblDepth == 0 {
			f.skip = 1
			f.tables++
			return dst
		}
		f.tblDepth++
	case "table-cell", "covered-table-cell":
		if f.tblDepth == 1 {
			if f.cells > 0 {
				dst = append(dst, '\t')
			}
			f.cells++
			f.space = true
		}
	case "p", "h":
		if f.para > 0 && !f.space {
			dst = append(dst, ' ') // a note or comment inside a paragraph
			f.space = true
		}
		f.para++
	case "tab":
		dst = f.sep(dst, '\t')
	case "line-break":
		dst = f.sep(dst, '\n')
	case "s":
		if f.para > 0 {
			n := extract.ParseCount(extract.Attr(se, "c"))
			if n < 1 {
				n = 1
			}
			for range min(n, maxSpaces) {
				dst = append(dst, ' ')
			}
		}
	default:
		if skipped[se.Name.Local] {
			f.skip = 1
		}
	}
	return dst
}

func (f *flow) end(dst []byte, ee xml.EndElement) []byte {
	if f.skip > 0 {
		f.skip--
		return dst
	}
	switch ee.Name.Local {
	case "p", "h":
		if f.para > 0 {
			f.para--
		}
		if f.para == 0 {
			dst = f.sep(dst, '\n')
		}
	case "table-row":
		if f.tblDepth == 1 {
			dst = append(dst, '\n')
			f.cells = 0
			f.space = true
		}
	case "table":
		if f.tblDepth > 0 {
			f.tblDepth--
		}
	case "page":
		dst = append(dst, '\n')
	}
	return dst
}

// sep writes a tab or line break; inside a table cell it is a space.
func (f *flow) sep(dst []byte, b byte) []byte {
	if f.tblDepth > 0 {
		if !f.space {
			dst = append(dst, ' ')
			f.space = true
		}
		return dst
	}
	f.space = b == '\n'
	return append(dst, b)
}

func (f *flow) text(dst []byte, cd xml.CharData) []byte {
	if f.skip > 0 || f.para == 0 {
		return dst
	}
	return appendCollapsed(dst, cd, &f.space)
}

// appendCollapsed appends paragraph text with runs of white space made one
// space, as ODF renders it (spaces that matter are text:s elements).
func appendCollapsed(dst, s []byte, space *bool) []byte {
	for _, b := range s {
		if b == ' ' || b == '\t' || b == '\n' || b == '\r' {
			if !*space {
				dst = append(dst, ' ')
				*space = true
			}
			continue
		}
		dst = append(dst, b)
		*space = false
	}
	return dst
}
