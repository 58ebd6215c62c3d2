package pdf

import (
	"bytes"
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/credsweep/credsweep/scanner/extract"
)

// Tables are rebuilt from where the text is drawn, not from the order it
// is drawn in: office suites draw every cell as its own text object, at
// the column's x, with gaps between columns that can be narrower than a
// space ("1 Jakob" where a right-aligned number meets a left-aligned
// name). A table is a run of lines whose pieces of text leave the same
// vertical gutters free; its columns are the spans between the gutters.
//
// A table that goes on over the next pages (a Writer table longer than a
// page) is one table, and the columns a spreadsheet prints on later
// pages (Calc prints the columns that do not fit on further pages, "top
// to bottom, then right" or "left to right, then down") are joined to
// the rows they belong to, matched by row order and position.

// item is a run of text drawn without a gap: a cell, a word, a line.
type item struct {
	x0, x1, y, size float64
	end             float64 // where the text ends, before clipping
	clipped         bool
	text            string
	buf             []byte // the text while it is being recorded
}

// texts moves the recorded text of items into their text fields.
func texts(items []item) []item {
	for i := range items {
		if items[i].buf != nil {
			items[i].text, items[i].buf = string(items[i].buf), nil
		}
	}
	return items
}

// maxItems bounds the items kept for one page; a page with more is not
// searched for tables (its text is still read as usual).
const maxItems = 1 << 18

// line is the items that share a baseline, left to right.
type line struct {
	y, size float64
	items   []item
}

// span is a column: the x range its text covers.
type span struct{ x0, x1 float64 }

// block is a table on one page.
type block struct {
	page  int
	first bool // the first table of its page
	last  bool // the last table of its page
	cols  []span
	rows  [][]string
	ys    []float64 // each row's baseline
}

// maxCols bounds the cells of a row: more columns than this is not a table.
const maxCols = 64

// pageLines groups a page's items into lines, top to bottom.
func pageLines(items []item) []line {
	if len(items) == 0 {
		return nil
	}
	sorted := append([]item(nil), items...)
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].y > sorted[j].y })
	var out []line
	for _, it := range sorted {
		it.text = strings.TrimSpace(it.text)
		if n := len(out); n > 0 {
			l := &out[n-1]
			if math.Abs(l.y-it.y) <= 0.3*max(l.size, it.size) {
				l.items = append(l.items, it)
				l.size = max(l.size, it.size)
				continue
			}
		}
		out = append(out, line{y: it.y, size: it.size, items: []item{it}})
	}
	for i := range out {
		its := out[i].items
		sort.SliceStable(its, func(a, b int) bool { return its[a].x0 < its[b].x0 })
	}
	return out
}

// lineText joins a line's items as the page text does: a space for a
// narrow gap, a tab for a wide one.
func lineText(l line) string {
	var b strings.Builder
	for i, it := range l.items {
		if i > 0 {
			prev := l.items[i-1]
			switch gap := it.x0 - prev.x1; {
			case gap > 2*l.size:
				b.WriteByte('\t')
			case gap > 0.15*l.size || it.x0 < prev.x0:
				b.WriteByte(' ')
			}
		}
		b.WriteString(it.text)
	}
	return b.String()
}

// merge adds a line's items to the columns: the union of the spans,
// overlapping spans (or nearly touching ones) joined. It returns nil when
// the line does not fit (too many columns).
func merge(cols []span, l line) []span {
	out := append([]span(nil), cols...)
	gutter := 0.01 * l.size
	for _, it := range l.items {
		s := span{it.x0, max(it.x1, it.x0)}
		// Join every column s touches.
		kept := out[:0:0]
		for _, c := range out {
			if c.x1+gutter > s.x0 && s.x1+gutter > c.x0 {
				s = span{min(s.x0, c.x0), max(s.x1, c.x1)}
			} else {
				kept = append(kept, c)
			}
		}
		out = append(kept, s)
		if len(out) > maxCols {
			return nil
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].x0 < out[j].x0 })
	return out
}

// pageBlocks finds the tables of one page; rest is the page's other
// lines, as text.
func pageBlocks(page int, lines []line) (blocks []block, rest []string) {
	type cand struct {
		from, to int // lines [from, to)
		cols     []span
	}
	var cands []cand
	cur := cand{from: -1}
	multi := 0      // lines of cur with two items or more
	reductions := 0 // times a line joined columns of cur
	end := func() {
		if cur.from >= 0 {
			// Trim single-item lines at the ends: titles, page numbers.
			for cur.from < cur.to && len(lines[cur.from].items) < 2 {
				cur.from++
			}
			for cur.to > cur.from && len(lines[cur.to-1].items) < 2 {
				cur.to--
			}
			if multi >= 2 && cur.to-cur.from >= 2 {
				// The columns of the trimmed lines only.
				var cols []span
				for _, l := range lines[cur.from:cur.to] {
					if cols = merge(cols, l); cols == nil {
						break
					}
				}
				if len(cols) >= 2 {
					cands = append(cands, cand{cur.from, cur.to, cols})
				}
			}
		}
		cur, multi, reductions = cand{from: -1}, 0, 0
	}
	for i, l := range lines {
		if cur.from >= 0 {
			prev := lines[i-1]
			cols := merge(cur.cols, l)
			// A line that joins the cells of a row above, or text far
			// below, ends the table. Joining columns that no row fills
			// both of is fine: a heading over right-aligned numbers.
			joins := cols != nil && len(cols) < len(cur.cols)
			if joins {
				if reductions++; reductions > maxReductions {
					cols = nil
				}
			}
			if cols == nil || joins && joinsCells(lines[cur.from:cur.to], cur.cols, cols) || prev.y-l.y > 4*max(prev.size, l.size) {
				end()
			} else {
				cur.cols, cur.to = cols, i+1
				if len(l.items) >= 2 {
					multi++
				}
				continue
			}
		}
		if cols := merge(nil, l); len(l.items) >= 2 && cols != nil {
			cur = cand{from: i, to: i + 1, cols: cols}
			multi = 1
		}
	}
	end()
	in := make([]bool, len(lines))
	for k, c := range cands {
		for i := c.from; i < c.to; i++ {
			in[i] = true
		}
		blocks = append(blocks, rows(page, k == 0, k == len(cands)-1, lines[c.from:c.to], c.cols))
	}
	for i, l := range lines {
		if !in[i] {
			rest = append(rest, lineText(l))
		}
	}
	return blocks, rest
}

// rows makes a block of the lines of a table: columns that no line
// fills both of are one (a heading over right-aligned numbers), and a
// line that only goes on with some cells of the row above (text wrapped
// in its cell) is part of that row.
func rows(page int, first, last bool, lines []line, cols []span) block {
	for merged := true; merged && len(cols) > 1; {
		merged = false
		for k := 0; k+1 < len(cols); k++ {
			both := false
			for _, l := range lines {
				if both = occupied(l, cols, k) && occupied(l, cols, k+1); both {
					break
				}
			}
			if !both {
				cols = append(cols[:k:k], append([]span{{cols[k].x0, max(cols[k].x1, cols[k+1].x1)}}, cols[k+2:]...)...)
				merged = true
				break
			}
		}
	}
	b := block{page: page, first: first, last: last, cols: cols}
	var ends [][]float64
	for _, l := range lines {
		c, e := cells(l, cols)
		b.rows, b.ys, ends = append(b.rows, c), append(b.ys, l.y), append(ends, e)
	}
	// Key columns are filled on two rows of three or more.
	fill := make([]int, len(cols))
	for _, r := range b.rows {
		for k, c := range r {
			if c != "" {
				fill[k]++
			}
		}
	}
	keys := 0
	for _, n := range fill {
		if 3*n >= 2*len(b.rows) {
			keys++
		}
	}
	out := block{page: page, first: first, last: last, cols: cols}
	var outEnds [][]float64
	for i, r := range b.rows {
		if n := len(out.rows); n > 0 && keys > 0 && lines[i-1].y-lines[i].y <= 1.5*lines[i].size {
			emptyKey, filled := false, 0
			for k, c := range r {
				if c != "" {
					filled++
				} else if 3*fill[k] >= 2*len(b.rows) {
					emptyKey = true
				}
			}
			if emptyKey && 2*filled <= keys {
				prev, pe := out.rows[n-1], outEnds[n-1]
				for k, c := range r {
					switch {
					case c == "":
					case prev[k] == "":
						prev[k], pe[k] = c, ends[i][k]
					default:
						// A word broken at the cell's edge goes on
						// without a space.
						if pe[k] < cols[k].x1-lines[i].size {
							prev[k] += " "
						}
						prev[k] += c
						pe[k] = ends[i][k]
					}
				}
				continue
			}
		}
		out.rows, out.ys, outEnds = append(out.rows, r), append(out.ys, b.ys[i]), append(outEnds, ends[i])
	}
	return out
}

// occupied reports whether a line has text in column k.
func occupied(l line, cols []span, k int) bool {
	for _, it := range l.items {
		if column(it, cols) == k {
			return true
		}
	}
	return false
}

// column is the column an item belongs to.
func column(it item, cols []span) int {
	mid := (it.x0 + max(it.x1, it.x0)) / 2
	k := 0
	for k < len(cols)-1 && mid > cols[k].x1 {
		k++
	}
	return k
}

// maxReductions bounds how often a table's columns may be joined, and
// so the work of checking its rows again.
const maxReductions = 64

// joinsCells reports whether the new columns put two cells of a line,
// apart in the old columns, into one.
func joinsCells(lines []line, old, cols []span) bool {
	for _, l := range lines {
		for i := 1; i < len(l.items); i++ {
			a, b := l.items[i-1], l.items[i]
			if column(a, old) != column(b, old) && column(a, cols) == column(b, cols) {
				return true
			}
		}
	}
	return false
}

// cells puts a line's items into the columns; items of one cell are
// joined with a space unless they touch. ends says where each cell's
// text ends.
func cells(l line, cols []span) (out []string, ends []float64) {
	out = make([]string, len(cols))
	ends = make([]float64, len(cols))
	for _, it := range l.items {
		k := column(it, cols)
		t := strings.Map(func(r rune) rune {
			if r == '\t' || r == '\n' || r == '\r' {
				return ' '
			}
			return r
		}, it.text)
		if out[k] != "" && it.x0-ends[k] > 0.15*it.size {
			out[k] += " "
		}
		out[k] += t
		ends[k] = it.x1
	}
	return out, ends
}

// sameColumns reports columns that line up: as many, each overlapping
// its counterpart by half the narrower one.
func sameColumns(a, b []span) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		ov := min(a[i].x1, b[i].x1) - max(a[i].x0, b[i].x0)
		if ov < 0.5*min(a[i].x1-a[i].x0, b[i].x1-b[i].x0) {
			return false
		}
	}
	return true
}

// table is a table of the document: blocks going down the pages, and the
// parts printed beside them on other pages.
type table struct {
	parts []*chain // parts[0] holds the leftmost columns
}

// chain is blocks that continue each other down the pages.
type chain struct {
	blocks []block
	joined bool // joined beside an earlier chain
}

func (c *chain) lastBlock() block { return c.blocks[len(c.blocks)-1] }

// sameShape reports chains whose blocks have the same rows at the same
// heights: one spreadsheet printed in strips.
func sameShape(a, b *chain) bool {
	if len(a.blocks) != len(b.blocks) {
		return false
	}
	for i := range a.blocks {
		x, y := a.blocks[i], b.blocks[i]
		if len(x.ys) != len(y.ys) || sameColumns(x.cols, y.cols) {
			return false
		}
		for j := range x.ys {
			if math.Abs(x.ys[j]-y.ys[j]) > 1 {
				return false
			}
		}
	}
	return true
}

// assemble links the blocks of a document into tables.
func assemble(blocks []block) []table {
	var chains []*chain
	for _, b := range blocks {
		var into *chain
		if b.first {
			// The most recent chain that ended at the bottom of an
			// earlier page with the same columns.
			for i := len(chains) - 1; i >= 0; i-- {
				c := chains[i]
				if l := c.lastBlock(); l.last && l.page < b.page && sameColumns(l.cols, b.cols) {
					into = c
					break
				}
			}
		}
		if into != nil {
			into.blocks = append(into.blocks, b)
		} else {
			chains = append(chains, &chain{blocks: []block{b}})
		}
	}
	var out []table
	for i, c := range chains {
		if c.joined {
			continue
		}
		t := table{parts: []*chain{c}}
		for _, d := range chains[i+1:] {
			if !d.joined && sameShape(c, d) && len(t.parts) < 16 {
				d.joined = true
				t.parts = append(t.parts, d)
			}
		}
		out = append(out, t)
	}
	return out
}

// text writes a table as rows of tab-separated cells and names it by its
// pages.
func (t table) text() (name string, data []byte) {
	lo, hi := math.MaxInt, 0
	base := t.parts[0]
	for _, p := range t.parts {
		for _, b := range p.blocks {
			lo, hi = min(lo, b.page), max(hi, b.page)
		}
	}
	var buf []byte
	for bi, b := range base.blocks {
		for r, row := range b.rows {
			for pi, p := range t.parts {
				cells := row
				if pi > 0 {
					cells = p.blocks[bi].rows[r]
				}
				for ci, c := range cells {
					if pi > 0 || ci > 0 {
						buf = append(buf, '\t')
					}
					buf = append(buf, c...)
				}
			}
			buf = append(buf, '\n')
		}
	}
	if lo == hi {
		return "table on page " + strconv.Itoa(lo), buf
	}
	return "table on pages " + strconv.Itoa(lo) + "-" + strconv.Itoa(hi), buf
}

// maxTableBytes is how much table text is held, waiting for the pages
// that may continue it, before the tables found so far are handed on.
const maxTableBytes = 64 << 20

// tableBuf holds the tables of the pages read so far.
type tableBuf struct {
	blocks []block
	size   int
}

// page finds the tables of a page and returns the page's text without
// them; a page without tables keeps its text as drawn.
func (t *tableBuf) page(n int, items []item, text []byte) []byte {
	blocks, rest := pageBlocks(n, pageLines(items))
	if len(blocks) == 0 {
		return text
	}
	for _, b := range blocks {
		for _, r := range b.rows {
			for _, c := range r {
				t.size += len(c) + 1
			}
		}
	}
	t.blocks = append(t.blocks, blocks...)
	var out []byte
	for _, r := range rest {
		out = append(out, r...)
		out = append(out, '\n')
	}
	return out
}

// flush hands the tables to the sink, one text part each.
func (t *tableBuf) flush(sink extract.Sink) error {
	blocks := t.blocks
	t.blocks, t.size = nil, 0
	for _, tb := range assemble(blocks) {
		name, data := tb.text()
		if err := sink.Text(name, true, bytes.NewReader(data)); err != nil {
			return err
		}
	}
	return nil
}
