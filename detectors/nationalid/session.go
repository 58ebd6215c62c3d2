package nationalid

import (
	"bytes"
	"path"
	"sort"
	"strings"
	"time"

	"github.com/credsweep/credsweep/detectors"
	"github.com/credsweep/credsweep/detectors/structured"
)

// maxEntries bounds the distinct numbers a session remembers until Finish;
// later new numbers in a bigger section are not counted.
const maxEntries = 1 << 18

// earlyBytes: keywords are collected everywhere in a section's first
// bytes (table headers, letter headings); further on only around candidate
// numbers, so long texts without IDs cost one fast digit loop.
const earlyBytes = 64 << 10

type detector struct {
	refYear int // century of 10-digit Swedish numbers
}

// New returns the Nordic national ID detector. It is safe for concurrent
// use; each section gets its own Session.
func New() detectors.Detector {
	return &detector{refYear: time.Now().Year()}
}

// Rules lists the five national ID rules.
func (d *detector) Rules() []detectors.Rule {
	out := make([]detectors.Rule, len(rules))
	for i, r := range rules {
		r.Tags = append([]string(nil), r.Tags...)
		r.Samples = samples[r.ID]
		out[i] = r
	}
	return out
}

// NewSession starts a section; the file's base name counts as context.
func (d *detector) NewSession(sec detectors.Section) detectors.Session {
	s := &session{d: d, sec: sec, toks: getTokens()} // entries: made by add
	base := path.Base(strings.ReplaceAll(sec.File, "\\", "/"))
	s.file = classify([]byte(base)).merge(classify([]byte(sec.Name)))
	return s
}

// entry is one distinct number waiting for Finish.
type entry struct {
	key    string
	sh     shape
	line   int
	own    label // positive labels from its own keyword, column or SQL field
	negOcc int   // occurrences labelled as something else (an account, ...)
	posOcc int
	desc   detectors.Safe
	col    int32 // id of the table column that first labelled it, 0 = none
	row    uint8 // countries its rows' country column names
}

type session struct {
	d   *detector
	sec detectors.Section

	file      label // keywords of the whole section and its name
	hits      []hit
	events    []event
	toks      []token
	schema    structured.Schema
	sqlLabels map[string][]colLabel // CREATE TABLE columns as labels

	table     *event // current table header
	sql       *event // current INSERT statement
	sqlActive bool

	// Line state within the current block.
	line      int
	cur       int
	ls, le    int
	firstCont bool // the block's first line continues a cut line
	sqlEval   bool
	sqlLine   bool
	sqlc      structured.FieldCursor
	tabOK     int8 // -1 unknown
	csv       structured.Cursor
	rowDone   bool  // rowBits is known for the current line
	rowBits   uint8 // countries the row's country column names

	scanned int64
	cutPrev bool
	entries map[string]int32
	list    []entry

	lang     [nLang]int      // language cues (language.go)
	ncols    int32           // table columns seen, for column ids
	colMiss  map[int32]int32 // per column: 10-digit values no rule accepts
	dashMiss int             // dash numbers (DDMMYY-NNNN) no rule accepts

	pending []pendingScan // early keyword scans deferred (inert blocks)
}

// Scan finds candidates in the block, labels them and keeps them.
func (s *session) Scan(block []byte, firstLine int, emit func(detectors.Finding)) {
	s.hits, s.events = s.hits[:0], s.events[:0]
	kwDone, noTokens := 0, false
	if s.scanned < earlyBytes {
		n := min(len(block), int(earlyBytes-s.scanned))
		if deferKeywords && inert(block) {
			noTokens = true
			// No candidate can be in this block: its early keywords
			// (section label, language cues, table headers) only matter
			// to later blocks and to Finish, which replay them when they
			// have a number. Most sections have none.
			s.pending = append(s.pending, pendingScan{b: copyPending(block[:min(len(block), n+pendingMargin)]), n: n})
		} else {
			s.replay()
			kwDone = s.scanKeywords(block, 0, n, true)
		}
	} else {
		s.replay()
	}
	s.sqlLines(block)
	if len(s.events) > 1 {
		sort.SliceStable(s.events, func(a, b int) bool { return s.events[a].at < s.events[b].at })
	}
	// 9-digit runs matter only in tables (pad.go).
	nine := s.table != nil
	for k := range s.events {
		nine = nine || !s.events[k].sql
	}
	if noTokens {
		s.toks = s.toks[:0] // what both would find in an inert block
	} else {
		s.toks = findTokens(block, s.toks[:0], nine)
		if len(s.hits) > 0 || s.table != nil || len(s.events) > 0 {
			s.groupedCandidates(block)
		}
	}
	s.line, s.cur, s.ls, s.le = firstLine, 0, 0, -1
	s.firstCont = s.cutPrev
	s.newLine()
	ev := 0
	for k := range s.toks {
		t := &s.toks[k]
		// Only tables get the column work below: 9- and 10-digit cells
		// that lost a leading zero, and the values no rule accepts, which
		// the Danish column vote weighs against.
		inTable := s.table != nil || ev < len(s.events)
		if t.sh&(shC9|sh10Family) != 0 && inTable {
			s.advance(block, t.pos)
			for ev < len(s.events) && s.events[ev].at <= t.pos {
				s.apply(&s.events[ev])
				ev++
			}
			if t.sh&(shC9|shC10) != 0 {
				s.padCell(block, t)
			}
		}
		if t.sh == shC9 {
			continue
		}
		if !s.d.plausible(t) {
			if t.sh&(sh10Family&^shGrp10) != 0 {
				s.countMiss(block, t, inTable)
			}
			continue
		}
		s.advance(block, t.pos)
		for ev < len(s.events) && s.events[ev].at <= t.pos {
			s.apply(&s.events[ev])
			ev++
		}
		if to := min(s.lineEnd(block), t.end+windowAfter); to > kwDone {
			kwDone = s.scanKeywords(block, max(kwDone, t.pos-windowBefore), to, false)
		}
		lab, o := s.label(block, t)
		if t.sh&shGrpAll != 0 && lab.pri|lab.sec == 0 {
			continue // digit groups only under an ID label
		}
		var row uint8
		if s.table != nil && s.table.ctry >= 0 && !s.sqlLine && s.column(block, t.pos) != nil {
			row = s.rowCountries(block)
		}
		s.add(block, t, lab, o, row)
	}
	for ; ev < len(s.events); ev++ {
		s.apply(&s.events[ev])
	}
	// Events outlive the block: forget block offsets.
	if s.sql != nil {
		s.sql.start = -1
	}
	s.scanned += int64(len(block))
	s.cutPrev = len(block) > 0 && block[len(block)-1] != '\n'
}

func (s *session) newLine() {
	s.le = -1
	s.sqlEval = false
	s.sqlLine = false
	s.tabOK = -1
	s.csv.Reset(s.ls)
	s.rowDone = false
}

// advance moves the line state to offset p.
func (s *session) advance(b []byte, p int) {
	seg := b[s.cur:p]
	if n := bytes.Count(seg, []byte{'\n'}); n > 0 {
		s.line += n
		s.ls = s.cur + bytes.LastIndexByte(seg, '\n') + 1
		s.firstCont = false
		s.newLine()
	}
	s.cur = p
}

func (s *session) apply(ev *event) {
	if ev.sql {
		c := *ev
		s.sql, s.sqlActive, s.sqlEval = &c, true, false
		return
	}
	c := *ev
	s.table, s.tabOK = &c, -1
	s.csv.Reset(s.ls)
	s.rowDone = false
}

func (s *session) lineEnd(b []byte) int {
	if s.le < 0 {
		s.le = lineEnd(b, s.cur)
	}
	return s.le
}

// origin says where a label came from, to describe it only when needed.
type origin struct {
	col          *colLabel
	kwFrom, kwTo int
}

// describe names the origin for a Detail: a column header or a keyword
// (which one is not said: header cells are the file's bytes).
func (o origin) describe() detectors.Safe {
	if o.col != nil {
		return detectors.Text("labelled by its column header")
	}
	if o.kwTo <= o.kwFrom {
		return detectors.Safe{}
	}
	return detectors.Text("labelled by a keyword nearby")
}

// label says what the number's own surroundings call it: its SQL field,
// its table column, or the nearest keyword.
func (s *session) label(b []byte, t *token) (label, origin) {
	if s.sqlActive && !s.sqlEval {
		s.evalSQLLine(b)
	}
	if s.sqlLine {
		s.sqlc.Advance(b, t.pos)
		if f := s.sqlc.Field(); s.sqlc.Known() && f < len(s.sql.cols) {
			c := &s.sql.cols[f]
			return c.lab, origin{col: c}
		}
		return label{}, origin{}
	}
	if c := s.column(b, t.pos); c != nil && !c.lab.empty() {
		return c.lab, origin{col: c}
	}
	return s.windowLabel(b, t, s.ls, s.lineEnd(b))
}

// column returns the table column of the cell holding offset p of the
// current line, or nil outside a table (or on a row of another width).
func (s *session) column(b []byte, p int) *colLabel {
	if s.table == nil || s.firstCont || s.sqlLine {
		return nil
	}
	quoted := structured.Quoted(s.sec)
	if s.tabOK < 0 {
		s.tabOK = 0
		n := structured.CountSeps(b[s.ls:s.lineEnd(b)], s.table.sep, quoted)
		if n == s.table.nsep || (s.sec.Table && n > 0) {
			s.tabOK = 1
		}
	}
	if s.tabOK != 1 {
		return nil
	}
	s.csv.Advance(b, p, s.table.sep, quoted)
	if i := s.csv.Cell(); i < len(s.table.cols) {
		return &s.table.cols[i]
	}
	return nil
}

// evalSQLLine decides whether the current line holds values of the
// current INSERT: the INSERT line itself, or "(...)," continuation lines.
func (s *session) evalSQLLine(b []byte) {
	s.sqlEval = true
	switch {
	case s.sql.start == s.ls:
		s.sqlLine = true
		s.sqlc = structured.NewFieldCursor(s.sql.at, true)
	case s.firstCont:
		s.sqlLine = true
		s.sqlc = structured.NewFieldCursor(s.ls, false)
	default:
		i := structured.SkipSpace(b[:s.lineEnd(b)], s.ls)
		if i < len(b) && (b[i] == '(' || b[i] == ',' || structured.HasPrefixFold(b[i:], "values")) {
			s.sqlLine = true
			s.sqlc = structured.NewFieldCursor(s.ls, true)
			return
		}
		s.sqlActive, s.sqlLine = false, false
	}
}

// add merges one occurrence into the section's distinct numbers.
func (s *session) add(b []byte, t *token, lab label, o origin, row uint8) {
	var kb [13]byte
	n := copy(kb[:], t.key[:t.klen])
	if t.plus {
		kb[n] = '+'
		n++
	}
	key := kb[:n]
	idx, ok := s.entries[string(key)]
	if !ok {
		// Scan only adds tokens that passed plausible.
		if len(s.list) >= maxEntries {
			return
		}
		ks := string(key)
		idx = int32(len(s.list))
		if s.entries == nil {
			s.entries = map[string]int32{} // most sections have no numbers
		}
		s.entries[ks] = idx
		s.list = append(s.list, entry{key: ks, line: s.line})
	}
	e := &s.list[idx]
	e.sh |= t.sh
	e.row |= row
	if e.col == 0 && o.col != nil {
		e.col = o.col.id
	}
	if lab.pri|lab.sec != 0 {
		e.own = e.own.merge(label{pri: lab.pri, sec: lab.sec})
		e.posOcc++
		if e.posOcc == 1 {
			e.desc = o.describe()
		}
	} else if lab.neg {
		e.negOcc++
	}
}

// Finish decides every number of the section and reports it.
func (s *session) Finish(emit func(detectors.Finding)) {
	if len(s.list) > 0 {
		s.replay()
	}
	for _, f := range s.decide() {
		emit(f)
	}
	s.list, s.entries = nil, nil
	for _, p := range s.pending {
		putPending(p.b)
	}
	s.pending = nil
	putTokens(s.toks)
	s.toks = nil
}
