package nationalid

import (
	"bytes"
	"encoding/binary"
	"math/bits"
	"sort"

	"github.com/credsweep/credsweep/detectors/grams"
)

// People print IDs in digit groups: "10 04 87 44 732", "13-04-99-58441",
// "26 11 15 940 14", "8803-20-0016", "01.01.90 12345". Such groups are
// everywhere in text that holds no ID (phone numbers, dates, amounts,
// account numbers), so they are read only where a positive label is near:
// after an ID keyword on its line (or on the next line below a label), and
// in the rows of a table whose header names an ID column. A grouped number
// is kept only when its own label (keyword or column) is an ID label; the
// shapes the tokenizer reads anyway (DDMMYY-NNNN, DDMMYY NNNNN,
// YYYYMMDD-NNNN) are left to it.

const shGrpAll = shGrp10 | shGrp11 | shGrp12

func isGroupSep(c byte) bool { return c == ' ' || c == '-' || c == '.' }

// groupedAt parses digit groups starting at b[i] (a digit) up to end. It
// returns the token and true when they make a grouped ID candidate, and
// the index to continue from.
func groupedAt(b []byte, i, end int) (token, int, bool) {
	t := token{pos: i}
	groups, first, n := 0, 0, 0
	k := i
	for {
		s := k
		for k < end && isDigit(b[k]) {
			if n < len(t.key) {
				t.key[n] = b[k]
			}
			n++
			k++
		}
		if groups == 0 {
			first = k - s
		}
		groups++
		if k+1 < end && isGroupSep(b[k]) && isDigit(b[k+1]) {
			k++
			continue
		}
		break
	}
	if groups < 2 || n < 10 || n > 12 || groups == 2 && (first == 6 || first == 8) {
		return t, k, false
	}
	// Nothing may touch the groups: no word, no longer number, no sign.
	if i > 0 {
		if p := b[i-1]; asciiAlnum(p) || p == '+' || p == '_' || p == '/' || p == ':' || isGroupSep(p) && i > 1 && isDigit(b[i-2]) {
			return t, k, false
		}
	}
	if k < len(b) {
		if c := b[k]; asciiAlnum(c) || c == '_' || (c == '/' || c == ':' || c == ',' || c == '.') && k+1 < len(b) && isDigit(b[k+1]) {
			return t, k, false
		}
	}
	t.end, t.klen = k, uint8(n)
	switch n {
	case 10:
		t.sh = shGrp10
	case 11:
		t.sh = shGrp11
	default:
		t.sh = shGrp12
	}
	return t, k, true
}

// eqMask has 0x80 in each byte of x equal to c (exact per byte).
func eqMask(x uint64, c byte) uint64 {
	v := x ^ swarLo*uint64(c)
	return ^((v&swarLow + swarLow) | v) & swarHi
}

// nextGroup returns the first i at or after from where b[i], b[i+1],
// b[i+2] are digit, separator, digit (i+2 < to), or to.
func nextGroup(b []byte, from, to int) int {
	i := from
	for ; i+10 <= to; i += 8 {
		d0 := grams.DigitMask(binary.LittleEndian.Uint64(b[i:]))
		if d0 == 0 {
			continue
		}
		w1 := binary.LittleEndian.Uint64(b[i+1:])
		p := d0 & (eqMask(w1, ' ') | eqMask(w1, '-') | eqMask(w1, '.'))
		if p == 0 {
			continue
		}
		if p &= grams.DigitMask(binary.LittleEndian.Uint64(b[i+2:])); p != 0 {
			return i + bits.TrailingZeros64(p)>>3
		}
	}
	for ; i+2 < to; i++ {
		if isDigit(b[i]) && isGroupSep(b[i+1]) && isDigit(b[i+2]) {
			return i
		}
	}
	return to
}

// findGrouped appends the grouped candidates of b[from:to].
func findGrouped(b []byte, from, to int, out []token) []token {
	for i := from; i+2 < to; i++ {
		if i = nextGroup(b, i, to); i >= to {
			break
		}
		t, next, ok := groupedAt(b, groupStart(b, from, i), to)
		if ok {
			out = append(out, t)
		}
		i = next
	}
	return out
}

// groupStart goes back from i to the start of its run of digit groups.
func groupStart(b []byte, from, i int) int {
	for i > from && (isDigit(b[i-1]) || isGroupSep(b[i-1]) && i-2 >= from && isDigit(b[i-2])) {
		i--
	}
	return i
}

// groupedCandidates finds the grouped numbers of a block: after the
// positive keywords found so far, and on the rows of tables with an ID
// column. They are merged into toks in position order.
func (s *session) groupedCandidates(b []byte) {
	var g []token
	for _, h := range s.hits {
		if h.lab.pri|h.lab.sec == 0 {
			continue
		}
		le := lineEnd(b, h.end)
		to := min(le, h.end+windowBefore+20)
		e := h.end
		for e < le && isLetter(b[e]) {
			e++
		}
		if le < len(b) && !hasAlnum(b[e:le]) {
			// A label ending its line: the number may be on the next.
			to = min(lineEnd(b, le+1), le+1+labelGap+20)
		}
		g = findGrouped(b, h.end, to, g)
	}
	// Tables: one pass over the block for digit groups; only their lines
	// are looked at.
	anyTable := s.table != nil
	for k := range s.events {
		anyTable = anyTable || !s.events[k].sql
	}
	for i := 0; anyTable; {
		if i = nextGroup(b, i, len(b)); i >= len(b) {
			break
		}
		st := groupStart(b, 0, i)
		t, next, ok := groupedAt(b, st, len(b))
		i = next
		if !ok {
			continue
		}
		ls := bytes.LastIndexByte(b[:st], '\n') + 1
		tab := s.table
		for k := range s.events {
			if ev := &s.events[k]; !ev.sql && ev.at <= ls {
				tab = ev
			}
		}
		if tab != nil && tab.idCol() {
			g = append(g, t)
		}
	}
	sort.Slice(g, func(x, y int) bool { return g[x].pos < g[y].pos })
	if len(g) == 0 {
		return
	}
	// Merge, dropping candidates that overlap a token or one another.
	out := make([]token, 0, len(s.toks)+len(g))
	i, j, last := 0, 0, -1
	for i < len(s.toks) || j < len(g) {
		var t token
		if j >= len(g) || i < len(s.toks) && s.toks[i].pos <= g[j].pos {
			t = s.toks[i]
			i++
		} else {
			t = g[j]
			j++
			if t.pos < last || i < len(s.toks) && s.toks[i].pos < t.end {
				continue
			}
		}
		if t.pos < last {
			continue
		}
		out = append(out, t)
		last = t.end
	}
	s.toks = out
}

// idCol reports whether a table header names an ID column.
func (e *event) idCol() bool {
	for _, c := range e.cols {
		if c.lab.pri|c.lab.sec != 0 {
			return true
		}
	}
	return false
}
