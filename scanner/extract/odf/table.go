package odf

import (
	"encoding/xml"

	"github.com/credsweep/credsweep/scanner/extract"
)

// The grid of a spreadsheet. Repeats beyond it are ignored: a sheet ending
// in number-rows-repeated="1048576" empty rows must not make a million lines.
const (
	maxRows = 1 << 20
	maxCols = 1 << 14
	// maxCopies caps how often non-empty content is repeated; the rest of
	// a repeat counts as empty so that line numbers stay right.
	maxCopies = 100
	// maxRowBytes caps a buffered row (rows are buffered to repeat them).
	maxRowBytes = 16 << 20
)

// table streams one table:table as lines, one per row, cells tab-separated
// at their column positions, with row and column repeats expanded.
type table struct {
	done bool

	depth   int // table:table nesting, 1 = this table
	skip    int
	line    int // line breaks written
	pending int // empty rows not written yet (trailing ones never are)

	row       []byte
	rowRepeat int
	pos       int // column of the next cell, 0-based
	cursor    int // column the row buffer is at

	inCell     bool
	cell       []byte
	cellRepeat int
	para       int
	space      bool
	valueType  string
	value      string
}

// token handles one XML token (an extract.XMLStep callback); it returns
// true once the table has ended.
func (t *table) token(dst []byte, tok xml.Token) ([]byte, bool) {
	switch v := tok.(type) {
	case xml.StartElement:
		t.start(v)
	case xml.EndElement:
		dst = t.end(dst, v)
	case xml.CharData:
		if t.inCell && t.para > 0 && t.skip == 0 {
			t.cell = appendCollapsed(t.cell, v, &t.space)
		}
	}
	return dst, t.done
}

func repeat(se xml.StartElement, name string) int {
	n := extract.ParseCount(extract.Attr(se, name))
	if n < 1 {
		return 1
	}
	return n
}

func (t *table) start(se xml.StartElement) {
	if t.skip > 0 {
		t.skip++
		return
	}
	switch se.Name.Local {
	case "table":
		t.depth++
	case "table-row":
		if t.depth == 1 {
			t.row, t.pos, t.cursor = t.row[:0], 0, 0
			t.rowRepeat = repeat(se, "number-rows-repeated")
		}
	case "table-cell", "covered-table-cell":
		if t.depth == 1 {
			t.inCell, t.cell, t.para, t.space = true, t.cell[:0], 0, true
			t.cellRepeat = repeat(se, "number-columns-repeated")
			t.valueType = extract.Attr(se, "value-type")
			t.value = extract.Attr(se, "value")
		} else {
			t.cellSpace()
		}
	case "p", "h":
		if t.inCell {
			if t.para == 0 && len(t.cell) > 0 {
				t.cellSpace()
			}
			t.para++
		}
	case "s", "tab", "line-break":
		if t.inCell {
			t.cellSpace()
		}
	default:
		if skipped[se.Name.Local] {
			t.skip = 1
		}
	}
}

func (t *table) cellSpace() {
	if !t.space {
		t.cell = append(t.cell, ' ')
		t.space = true
	}
}

func (t *table) end(dst []byte, ee xml.EndElement) []byte {
	if t.skip > 0 {
		t.skip--
		return dst
	}
	switch ee.Name.Local {
	case "p", "h":
		if t.para > 0 {
			t.para--
		}
	case "table-cell", "covered-table-cell":
		if t.depth == 1 && t.inCell {
			t.finishCell()
		}
	case "table-row":
		if t.depth == 1 {
			dst = t.finishRow(dst)
		}
	case "table":
		t.depth--
		if t.depth == 0 {
			t.done = true
		}
	}
	return dst
}

// finishCell adds the cell, repeated, to the row buffer.
func (t *table) finishCell() {
	t.inCell = false
	c := trimSpace(t.cell)
	// A float cell shows its value rounded or in E notation when the
	// column is narrow; office:value keeps every digit.
	if t.valueType == "float" && t.value != "" && (len(c) == 0 || hasExponent(c)) {
		c = append(t.cell[:0], t.value...)
	}
	n := t.cellRepeat
	if len(c) > 0 {
		for i := 0; i < n && i < maxCopies && t.pos < maxCols && len(t.row) < maxRowBytes; i++ {
			for ; t.cursor < t.pos; t.cursor++ {
				t.row = append(t.row, '\t')
			}
			t.row = append(t.row, c...)
			t.pos++
		}
		return
	}
	t.pos = min(t.pos+n, maxCols)
}

// finishRow writes the row, repeated; empty rows are held back so that
// trailing ones are never written.
func (t *table) finishRow(dst []byte) []byte {
	n := t.rowRepeat
	if len(t.row) == 0 {
		t.pending = min(t.pending+n, maxRows)
		return dst
	}
	for ; t.pending > 0 && t.line < maxRows; t.pending-- {
		dst = append(dst, '\n')
		t.line++
	}
	t.pending = 0
	copies := min(n, maxCopies)
	for i := 0; i < copies && t.line < maxRows; i++ {
		dst = append(dst, t.row...)
		dst = append(dst, '\n')
		t.line++
	}
	t.pending = min(n-copies, maxRows)
	return dst
}

func hasExponent(b []byte) bool {
	for i := 0; i+1 < len(b); i++ {
		if (b[i] == 'E' || b[i] == 'e') && (b[i+1] == '+' || b[i+1] == '-') {
			return true
		}
	}
	return false
}

func trimSpace(b []byte) []byte {
	for len(b) > 0 && b[0] == ' ' {
		b = b[1:]
	}
	for len(b) > 0 && b[len(b)-1] == ' ' {
		b = b[:len(b)-1]
	}
	return b
}
