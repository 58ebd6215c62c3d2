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
// sorted: callers scan increasing ranges) and counts the language cues of
// the words that end in it (wordEndCue). With headers, a line holding a
// keyword is also tried as a table header. It returns where the next scan
// may start: to, or the end of a keyword that runs past it.
//
// A keyword counts at a word start (a letter after neither a letter nor a
// digit); the bytes of a keyword found are not looked at again, so a word
// that goes on after a keyword is that keyword's word. Only the positions
// the shared filter gives are examined: the first three bytes of a keyword,
// the last three of a word-end cue. scanKeywordsRef (the tests) is the same
// walk byte by byte.
func (s *session) scanKeywords(b []byte, from, to int, headers bool) int {
	if from >= to {
		return from
	}
	checked := -1
	// The last keyword found, [mStart, mEnd), and whether a word-end cue
	// may still count for its word (labels yes, language and country
	// words no).
	mStart, mEnd, mCue := -1, -1, false
	// The start of the line at lsAt, carried forward so that a long line
	// is searched for its start once, not once per keyword on it.
	lsAt, ls := 0, 0
	// The filter looks at the starts before to only (keywords found may
	// run past it).
	window := b[:min(len(b), to+2)]
	for p := range kwPieces.All(window, from) {
		if p >= to {
			break
		}
		if p >= mEnd && isLetter(b[p]) && (p == 0 || !isAlnum(b[p-1])) {
			if k, ln, ok := matchAt(b, p); ok {
				label := k.lang == langNone && !k.ctry
				switch {
				case k.lang != langNone:
					s.lang[k.lang]++
				case label:
					s.hits = append(s.hits, hit{pos: p, end: p + ln, lab: k.lab})
					s.file = s.file.merge(k.lab)
				}
				if headers && k.lang == langNone {
					if nl := bytes.LastIndexByte(b[lsAt:p], '\n'); nl >= 0 {
						ls = lsAt + nl + 1
					}
					if lsAt = p; ls != checked {
						checked = ls
						s.maybeHeader(b, ls)
					}
				}
				mStart, mEnd, mCue = p, p+ln, label
				continue
			}
		}
		if e := p + 3; e < to && e >= mEnd && class[b[e]]&(clLetter|clDigit) == 0 && cueSuffix(b[p:e]) {
			if ws := s.cueWordStart(b, from, p, mStart, mEnd, mCue); ws >= 0 && e-ws >= 5 {
				s.lang[wordEndCue(b[ws:e])]++
			}
		}
	}
	return max(to, mEnd)
}

// cueSuffix reports whether t (three bytes) ends a word-end cue: -sen,
// -sson, -gade, -vej.
func cueSuffix(t []byte) bool {
	switch string(t) {
	case "sen", "son", "ade", "vej":
		return true
	}
	return false
}

// cueWordStart returns where the byte-by-byte walk would have started the
// word whose last letters end at p (a cue suffix starts at p), or -1 when
// it would have counted no word there: a word that began before from,
// after a digit, or with a language or country keyword. [mStart, mEnd) is
// the last keyword found before p; mCue says its word may give a cue.
func (s *session) cueWordStart(b []byte, from, p, mStart, mEnd int, mCue bool) int {
	lo := max(from, mEnd)
	j := p - 1
	for j >= lo && isLetter(b[j]) {
		j--
	}
	switch {
	case j >= lo && isDigit(b[j]):
		return -1 // letters after a digit are no word start
	case j >= lo:
		return j + 1
	case lo == mEnd && isAlnum(b[mEnd-1]):
		// The word goes on from the keyword's last byte: it is the
		// keyword's word.
		if mCue {
			return mStart
		}
		return -1
	case lo == mEnd:
		return mEnd
	case from > 0 && isAlnum(b[from-1]):
		return -1 // the word began before from
	}
	return from
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
