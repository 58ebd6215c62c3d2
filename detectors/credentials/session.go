package credentials

import (
	"bytes"

	"github.com/credsweep/credsweep/detectors"
)

// session reads one section. Memory is bounded: table column positions,
// the first rows while looking for a headerless table, two context lines
// for free-text pairs and a few pending combo-list lines.
type session struct {
	sec      detectors.Section
	template bool // .env.example and the like
	codeLike bool // source and config files
	// secretFile marks formats the secrets detector owns (web.config,
	// Groups.xml, WinSCP.ini): no free-text pairs there.
	secretFile bool
	json       *jsonRecords // JSON text: account records
	xmlOn      bool         // XML text: account records

	buffering   bool
	buf         []bufLine
	bufNonEmpty int
	bufOwned    int // s.buf[:bufOwned] are copies; the rest point into the block

	tbl   table
	find  passFinder // keyword positions of the current block
	cells [][]byte
	// nextColon is the block's next ':' at or after the current line
	// (carried from line to line: prose has few, and one search then
	// serves many lines); colon is the current line's first, -1 for
	// none, or noColonYet when process must look for itself.
	nextColon, colon int

	combo combo
	prev  [2]bufLine // the two lines before the current one
	own   [2][]byte  // storage for prev across blocks
	pend  pending
	dn    string // last LDIF dn
	ldif  ldifPending
	nrc   netrc
	sql   sqlRecords // INSERT / COPY account tables
	xml   xmlRecords // <user><username/><password/></user> exports
}

// Scan reads a block of whole lines.
func (s *session) Scan(block []byte, firstLine int, emit func(detectors.Finding)) {
	n := firstLine
	if firstLine == 1 && s.json == nil && !s.sec.Table {
		// JSON saved under any name: an API export as .txt.
		if t := bytes.TrimLeft(block, " \t\r\n\xef\xbb\xbf"); len(t) > 0 && (t[0] == '[' || t[0] == '{') {
			s.json = &jsonRecords{}
		} else if len(t) > 0 && t[0] == '<' && !s.secretFile {
			s.xmlOn = true // an XML export saved as .txt
		}
	}
	f := &s.find
	f.reset(block)
	s.nextColon = -1
	for pos := 0; pos < len(block); {
		le := indexFrom(block, pos, '\n')
		line := block[pos:le]
		s.colon = s.lineColon(block, pos, le)
		if s.buffering {
			s.bufferLine(line, n, f.find(pos) < le, emit)
		} else {
			s.process(line, n, f.find(pos) < le, emit)
		}
		pos = le + 1
		n++
	}
	f.reset(nil)
	s.colon = noColonYet
	// The block is only valid during this call: keep copies of the
	// lines still held for the headerless decision and of the context
	// lines.
	if s.buffering && s.bufOwned < len(s.buf) {
		size := 0
		for _, b := range s.buf[s.bufOwned:] {
			size += len(b.text)
		}
		arena := make([]byte, 0, size)
		for i := s.bufOwned; i < len(s.buf); i++ {
			arena = append(arena, s.buf[i].text...)
			s.buf[i].text = arena[len(arena)-len(s.buf[i].text) : len(arena) : len(arena)]
		}
		s.bufOwned = len(s.buf)
	}
	for i := range s.prev {
		if s.prev[i].text != nil {
			s.own[i] = append(s.own[i][:0], s.prev[i].text...)
			s.prev[i].text = s.own[i]
		}
	}
}

// Finish reports what waits for the end of the section.
func (s *session) Finish(emit func(detectors.Finding)) {
	if s.buffering {
		s.flushBuffer(emit)
	}
	if s.ldif.attr != 0 {
		s.ldifFlush(emit)
	}
	s.pend.expire(s, emit)
	s.combo.reset()
	if s.nrc.active {
		s.nrc.flush(s, emit)
		s.nrc.active = false
	}
}

// bufferLine holds the first lines of a section until it is clear whether
// they form a table without a header; kw is hasPassKeyword(line). The
// lines point into the block until Scan ends (which copies those still
// held).
func (s *session) bufferLine(line []byte, n int, kw bool, emit func(detectors.Finding)) {
	if s.buf == nil {
		s.buf = make([]bufLine, 0, headerlessRows)
	}
	s.buf = append(s.buf, bufLine{n: n, text: line, kw: kw})
	if len(line) > headerlessWidth || kw {
		s.flushBuffer(emit)
		return
	}
	if len(bytes.TrimSpace(line)) > 0 {
		s.bufNonEmpty++
	}
	if s.bufNonEmpty >= headerlessRows || len(s.buf) >= headerlessLines {
		s.flushBuffer(emit)
	}
}

// flushBuffer decides on a headerless table and replays the held lines.
func (s *session) flushBuffer(emit func(detectors.Finding)) {
	s.buffering = false
	s.decideHeaderless()
	colon := s.colon
	defer func() { s.colon = colon }()
	s.colon = noColonYet // the held lines are not the current one
	buf := s.buf
	s.buf, s.bufOwned = nil, 0
	for _, b := range buf {
		s.process(b.text, b.n, b.kw, emit)
	}
}

// process runs the rules on one line; kw is hasPassKeyword(line), which
// Scan works out for a whole block at once. Ordinary prose costs an
// IndexByte for ':' and ' '.
func (s *session) process(line []byte, n int, kw bool, emit func(detectors.Finding)) {
	defer s.pushPrev(line, n)
	if s.ldif.attr != 0 {
		if s.ldifContinue(line) {
			return
		}
		s.ldifFlush(emit)
	}
	if s.json != nil {
		s.json.line(line, n, emit)
	}
	if s.sqlLine(line, n, emit) {
		s.combo.reset()
		return
	}
	if s.xmlOn && s.xml.line(line, n, emit) {
		return
	}
	if (s.nrc.named || s.nrc.active || s.netrcStart(line)) && s.netrcLine(line, n, emit) {
		s.combo.reset()
		return
	}
	if s.tbl.active && s.tableRow(line, n, kw, emit) {
		return
	}
	if s.pend.ttl > 0 {
		s.pend.next(s, line, n, emit)
	}
	if len(line) > 3 && (line[0]|0x20 == 'd' || line[0]|0x20 == 'u') && s.ldifStart(line, n) {
		s.combo.reset()
		return
	}
	if kw {
		if s.tryHeader(line, false) {
			s.combo.reset()
			return
		}
		s.pairs(line, n, emit)
	}
	// Combo, htpasswd, shadow and dump lines have no spaces; only hash
	// dumps with a status suffix and passwd lines with a GECOS name do.
	candidate := false
	spaced := bytes.IndexByte(line, ' ') >= 0
	colon := s.colon
	if colon == noColonYet {
		colon = bytes.IndexByte(line, ':')
	}
	if colon >= 0 && (!spaced || dumpColon(line[colon:])) {
		if s.hashLine(line, n, emit) {
			s.combo.reset()
			return
		}
	}
	if !spaced && !s.codeLike && (colon >= 0 || bytes.IndexByte(line, ';') >= 0) && bytes.IndexByte(line, '\t') < 0 {
		candidate = s.combo.line(s, line, n, emit)
	}
	if !candidate {
		s.combo.other(line)
	}
}

// lineColon returns the first ':' of block[pos:end], a line (-1: none),
// for the lines of a block in order.
func (s *session) lineColon(block []byte, pos, end int) int {
	if s.nextColon < pos {
		s.nextColon = indexFrom(block, pos, ':')
	}
	if s.nextColon < end {
		return s.nextColon - pos
	}
	return -1
}

// noColonYet marks session.colon as unknown.
const noColonYet = -2

// dumpColon reports whether b holds ":::" or ":$" (a hash dump's empty
// fields or a crypt hash after a spaced name), in one walk over its colons.
func dumpColon(b []byte) bool {
	for i := 0; ; {
		j := bytes.IndexByte(b[i:], ':')
		if j < 0 {
			return false
		}
		i += j + 1
		if i < len(b) && (b[i] == '$' || b[i] == ':' && i+1 < len(b) && b[i+1] == ':') {
			return true
		}
	}
}

// pushPrev remembers the line as context for the next ones.
func (s *session) pushPrev(line []byte, n int) {
	s.prev[0] = s.prev[1]
	s.own[0], s.own[1] = s.own[1], s.own[0]
	s.prev[1] = bufLine{n: n, text: line}
}

// Password words are found by their first two letters: pa(ss), pw, ko(de),
// ke(nnwort), se(nord) as in lösenord/losenord, sa(lasana), yk(il) as in
// lykilorð, lö(sen). first maps a byte to the bit of each word family it
// can start, second to the families it can follow; a two-byte window hits
// when they share a bit, which is rare in prose, and only then are the
// letters compared.
var first, second = func() (f, s [256]uint8) {
	const p, k, sv, y, l = 1, 2, 4, 8, 16
	for _, c := range []byte{'p', 'P'} {
		f[c] = p
	}
	for _, c := range []byte{'k', 'K'} {
		f[c] = k
	}
	for _, c := range []byte{'s', 'S'} {
		f[c] = sv
	}
	for _, c := range []byte{'y', 'Y'} {
		f[c] = y
	}
	for c, bits := range map[byte]uint8{'a': p | sv, 'w': p, 'o': k, 'e': k | sv, 'k': y} {
		s[c] |= bits
		s[c-32] |= bits
	}
	// "lösen" (Swedish for password, a common short header): 'l' then
	// the UTF-8 lead byte of 'ö'.
	f['l'], f['L'] = l, l
	s[0xC3] |= l
	return
}()

// hasPassKeyword is the prefilter: a single pass over the line looking for
// the start of a password word in any supported language.
func hasPassKeyword(l []byte) bool {
	if len(l) < 2 {
		return false
	}
	for i := 0; i < len(l)-1; i++ {
		if first[l[i]]&second[l[i+1]] != 0 && kwAt(l, i) {
			return true
		}
	}
	return false
}

// kwAt reports whether a password word starts at l[i] (for "lykil", at
// its 'y'). passFinder relies on it being the whole test.
func kwAt(l []byte, i int) bool {
	if i+1 >= len(l) || first[l[i]]&second[l[i+1]] == 0 {
		return false
	}
	r := l[i+1:]
	switch l[i] | 0x20 {
	case 'p':
		c := r[0] | 0x20
		return c == 'w' || len(r) >= 3 && r[1]|0x20 == 's' && r[2]|0x20 == 's'
	case 'k':
		return hasFold(r, "ode") || hasFold(r, "ennwort")
	case 's':
		return hasFold(r, "enord") || hasFold(r, "alasana")
	case 'y':
		return hasFold(r, "kil") && i > 0 && l[i-1]|0x20 == 'l'
	case 'l':
		return len(r) >= 5 && r[0] == 0xC3 && (r[1] == 0xB6 || r[1] == 0x96) && hasFold(r[2:], "sen")
	}
	return false
}

// hasFold reports whether b starts with the lower-case ASCII word w,
// ignoring case.
func hasFold(b []byte, w string) bool {
	if len(b) < len(w) {
		return false
	}
	for i := 0; i < len(w); i++ {
		if b[i]|0x20 != w[i] {
			return false
		}
	}
	return true
}
