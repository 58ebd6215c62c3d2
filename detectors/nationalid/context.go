package nationalid

import (
	"bytes"
	"sort"

	"github.com/credsweep/credsweep/detectors/structured"
)

// hit is a keyword found in a block.
type hit struct {
	pos, end int
	lab      label
}

// colLabel is what one column's header says.
type colLabel struct {
	lab label
	id  int32 // table columns only: 1, 2, ... in the order seen
}

// maxCountryCell bounds a country column's cell ("Norge", "Sweden", "IS").
const maxCountryCell = 24

// event changes how later numbers are labelled: a table header (the
// columns of the following rows) or an SQL statement (its column list).
type event struct {
	at    int // block offset from which it applies
	sql   bool
	sep   byte // table: cell separator
	nsep  int  // table: separators in the header line
	cols  []colLabel
	start int // sql: offset of the INSERT line's start
	ctry  int // table: index of the country column, -1 none
}

const (
	maxHeaderLine = 4096
	maxCellName   = 40
	windowBefore  = 200 // a keyword this far back on the line labels a number
	windowAfter   = 40  // "01019012345 (fnr)"
	labelGap      = 40  // "Fødselsnummer:\n01019012345"
)

// scanKeywords records the keywords that start in b[from:to] (hits stay
// sorted: callers scan increasing ranges). With headers, a line holding a
// keyword is also tried as a table header. It returns where the next scan
// may start.
func (s *session) scanKeywords(b []byte, from, to int, headers bool) int {
	prevWord := from > 0 && isAlnum(b[from-1])
	lineStart, checked := 0, -1
	if headers && from > 0 {
		lineStart = bytes.LastIndexByte(b[:from], '\n') + 1
	}
	ws := -1 // start of the current word, for word-end cues
	i := from
	for ; i < to; i++ {
		cl := class[b[i]]
		if cl&clLetter == 0 {
			if cl&clNL != 0 {
				lineStart = i + 1
			}
			if ws >= 0 && i-ws >= 5 && cl&clDigit == 0 {
				if c := b[i-1]; c == 'n' || c == 'e' || c == 'j' {
					s.lang[wordEndCue(b[ws:i])]++
				}
			}
			ws = -1
			prevWord = cl&clDigit != 0
			continue
		}
		if prevWord {
			continue
		}
		prevWord, ws = true, i
		k, ln, ok := matchAt(b, i)
		if !ok {
			continue
		}
		if k.lang != langNone || k.ctry {
			if k.lang != langNone {
				s.lang[k.lang]++
			} else if headers && lineStart != checked {
				checked = lineStart
				s.maybeHeader(b, lineStart)
			}
			ws = -1
			i += ln - 1
			prevWord = isAlnum(b[i])
			continue
		}
		s.hits = append(s.hits, hit{pos: i, end: i + ln, lab: k.lab})
		s.file = s.file.merge(k.lab)
		if headers && lineStart != checked {
			checked = lineStart
			s.maybeHeader(b, lineStart)
		}
		i += ln - 1
		prevWord = isAlnum(b[i])
	}
	return i
}

func lineEnd(b []byte, from int) int {
	if k := bytes.IndexByte(b[from:], '\n'); k >= 0 {
		return from + k
	}
	return len(b)
}

// maybeHeader records the line at ls as a table header when it looks like
// one: separated cells, short names, no long numbers, no code.
func (s *session) maybeHeader(b []byte, ls int) {
	le := lineEnd(b, ls)
	line := b[ls:le]
	if len(line) > maxHeaderLine {
		return
	}
	var cnt [256]int
	run := 0
	for _, c := range line {
		if isDigit(c) {
			run++
			if run >= 4 {
				return
			}
			continue
		}
		run = 0
		switch c {
		case '(', ')', '{', '}', '=', '<', '>':
			return
		case '\t', ';', '|', ',':
			cnt[c]++
		}
	}
	sep := byte('\t')
	if !s.sec.Table {
		for _, c := range []byte{';', '|', ','} {
			if cnt[c] > cnt[sep] {
				sep = c
			}
		}
	}
	if cnt[sep] == 0 {
		return
	}
	cells := structured.Split(line, sep, structured.Quoted(s.sec), nil)
	cols := make([]colLabel, len(cells))
	named, labelled, ctry := 0, false, -1
	for k, c := range cells {
		c = structured.TrimName(c)
		if len(c) > maxCellName {
			return
		}
		if len(c) > 0 {
			named++
		}
		s.ncols++
		cols[k] = colLabel{lab: classify(c), id: s.ncols}
		labelled = labelled || !cols[k].lab.empty()
		if ctry < 0 && countryHeader(c) {
			ctry = k
		}
	}
	if named < 2 || !labelled && ctry < 0 {
		return
	}
	s.events = append(s.events, event{at: le + 1, sep: sep, nsep: len(cells) - 1, cols: cols, ctry: ctry})
}

// windowLabel is the label of the keyword nearest before the number on
// its line (or ending the previous line as a label), else just after it.
func (s *session) windowLabel(b []byte, t *token, ls, le int) (label, origin) {
	h := s.hits
	k := sort.Search(len(h), func(x int) bool { return h[x].pos >= t.pos })
	if k > 0 {
		p := h[k-1]
		if p.pos >= ls && t.pos-p.end <= windowBefore {
			return p.lab, origin{kwFrom: p.pos, kwTo: p.end}
		}
		// Keywords match as prefixes ("personnum"): the rest of the word
		// ("mer", "meret") belongs to the label, not to the gap.
		e := p.end
		for e < t.pos && isLetter(b[e]) {
			e++
		}
		if p.pos < ls && t.pos-e <= labelGap && !hasAlnum(b[e:t.pos]) {
			return p.lab, origin{kwFrom: p.pos, kwTo: p.end}
		}
	}
	if k < len(h) {
		nx := h[k]
		if nx.pos < le && nx.pos-t.end <= windowAfter {
			return nx.lab, origin{kwFrom: nx.pos, kwTo: nx.end}
		}
	}
	return label{}, origin{}
}

func hasAlnum(b []byte) bool {
	for _, c := range b {
		if asciiAlnum(c) {
			return true
		}
	}
	return false
}

// countryHeader reports whether a header cell names a country column: it
// starts with a country header word and is short ("Land", "Country code",
// "Nationality", "Statsborgerskap").
func countryHeader(c []byte) bool {
	if len(c) > maxCountryCell {
		return false
	}
	k, _, ok := matchAt(c, 0)
	return ok && k.ctry
}

// rowCountries returns the countries (bits) the current row's country
// cell names, 0 when the table has no country column or the cell names
// none of the table's countries (countries.go: codes, names, nationality
// adjectives). It is computed once per line.
func (s *session) rowCountries(b []byte) uint8 {
	if s.rowDone {
		return s.rowBits
	}
	s.rowDone, s.rowBits = true, 0
	if s.table == nil || s.table.ctry < 0 || s.tabOK != 1 {
		return 0
	}
	cell, ok := structured.CellAt(b, s.ls, s.lineEnd(b), s.table.sep, structured.Quoted(s.sec), s.table.ctry)
	if !ok {
		return 0
	}
	cell = structured.TrimName(cell)
	if len(cell) == 0 || len(cell) > maxCountryCell {
		return 0
	}
	var buf [maxCountryCell]byte
	for i, c := range cell {
		buf[i] = fold[c]
	}
	if c, ok := rowCountry[string(buf[:len(cell)])]; ok {
		s.rowBits = 1 << c
	}
	return s.rowBits
}
