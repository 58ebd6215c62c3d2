package credentials

import (
	"bytes"
	"strconv"
	"strings"

	"github.com/credsweep/credsweep/detectors"
	"github.com/credsweep/credsweep/detectors/structured"
)

// maxTableMisses is how many consecutive lines without the password column
// end a table (title rows and blank rows between classes are fine).
const maxTableMisses = 20

// table is the state of a password table being streamed: where the columns
// are, nothing of the rows already seen.
type table struct {
	active   bool
	delim    byte
	quoted   bool
	passCols []int
	userCol  int // -1 without an identity column
	minCols  int // cells a row needs to reach the first password column
	cols     int // cells of the header row
	detail   detectors.Safe
	// sig is the header row's cells, normalised: a page header repeated
	// inside the table is this row again.
	sig        string
	confidence detectors.Confidence
	misses     int
	// defaults is true for a start-password column ("Startpassord",
	// "Initial password"), where a shared "changeme" is the real password
	// of every account; elsewhere such values are placeholders.
	defaults bool
}

// delimsFor lists the delimiters a header line may use.
func (s *session) delimsFor() []byte { return structured.Delims(s.sec) }

// tryHeader recognises a header row (identity + password columns) and
// starts a table. The header may be anywhere in the section. Inside an
// active table (repeat), a row becomes a new header only when it is the
// table's header again or its key cells are exactly header vocabulary: a
// data row whose password contains the word ("Passord2021.") stays data.
func (s *session) tryHeader(line []byte, repeat bool) bool {
	if len(line) > 4096 {
		return false
	}
	for _, d := range s.delimsFor() {
		if bytes.IndexByte(line, d) < 0 {
			continue
		}
		s.cells = structured.Split(line, d, !s.sec.Table, s.cells)
		if len(s.cells) < 2 {
			continue
		}
		var pass []int
		user, rank, others, bad := -1, 9, 0, false
		var passName string
		var passWord, userWord detectors.Safe
		var sig strings.Builder
		for i, c := range s.cells {
			t := structured.CellText(c)
			sig.WriteString(normWord(t))
			sig.WriteByte(0)
			if t == "" {
				continue
			}
			// In source code a row of brackets and calls is code, not a
			// table heading: ("kontoer", "md", "pw", 15, [...]).
			if !headerCell(t) || s.codeLike && strings.ContainsAny(t, "()[]{}=") {
				bad = true
				break
			}
			if w, ok := isPassHeader(t); ok {
				if len(pass) == 0 {
					passName, passWord = t, w
				}
				pass = append(pass, i)
				continue
			}
			if r, w := idRank(t); r > 0 && r < rank {
				rank, user, userWord = r, i, w
			}
			others++
		}
		if bad || len(pass) == 0 || user < 0 && others < 2 {
			continue
		}
		if repeat && sig.String() != s.tbl.sig && !s.exactKeys(pass, user) {
			continue
		}
		s.tbl = table{active: true, delim: d, quoted: !s.sec.Table, passCols: pass, userCol: user,
			minCols: pass[0] + 1, cols: len(s.cells), confidence: detectors.ConfidenceHigh,
			defaults: isDefaultHeader(passName), sig: sig.String()}
		if user >= 0 {
			s.tbl.detail = detectors.Join(detectors.Text("columns "), detectors.Quote(userWord),
				detectors.Text(" + "), detectors.Quote(passWord))
		} else {
			s.tbl.detail = detectors.Join(detectors.Text("column "), detectors.Quote(passWord))
		}
		return true
	}
	return false
}

// exactKeys reports whether the password and identity cells of s.cells
// are exactly header vocabulary.
func (s *session) exactKeys(pass []int, user int) bool {
	for _, i := range pass {
		if !exactHeader(structured.CellText(s.cells[i])) {
			return false
		}
	}
	return user < 0 || exactHeader(structured.CellText(s.cells[user]))
}

// headerCell reports a cell that can be a column title: short, at most
// three words, no sentence words, not itself a password value.
func headerCell(t string) bool {
	if len(t) > 48 || looksGenerated(t) || strings.Contains(strings.TrimRight(t, ": "), ":") {
		return false
	}
	ws := strings.Fields(strings.ToLower(t))
	if len(ws) > 3 {
		return false
	}
	for _, w := range ws {
		if verbWords[w] || sentenceWords[w] {
			return false
		}
	}
	return true
}

// sentenceWords mark a cell as prose ("Passordet må ha minst 8 tegn").
var sentenceWords = map[string]bool{
	"må": true, "must": true, "skal": true, "ska": true, "should": true, "minst": true, "least": true,
	"muss": true, "mindestens": true, "ditt": true, "your": true, "dein": true, "har": true, "has": true,
}

// defaultWords mark a column of first-time passwords handed out to users.
var defaultWords = []string{"start", "initial", "forste", "første", "först", "forst", "engang", "temp",
	"midlertid", "tillfällig", "tilfældig", "alku", "erst", "default", "standard", "onetime"}

// isTemplateValue reports a placeholder password such as "changeme"; the
// length check spares the common case an allocation.
func isTemplateValue(v string) bool {
	if len(v) > maxTemplateLen || len(v) > 32 {
		return false
	}
	var b [32]byte
	for i := 0; i < len(v); i++ {
		c := v[i]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		b[i] = c
	}
	if templateValues[string(b[:len(v)])] { // no allocation for the lookup
		return true
	}
	return !isASCII(v) && templateValues[strings.ToLower(v)] // "lösenord"
}

func isASCII(v string) bool {
	for i := 0; i < len(v); i++ {
		if v[i] >= 0x80 {
			return false
		}
	}
	return true
}

// maxTemplateLen is the byte length of the longest templateValues key.
var maxTemplateLen = func() int {
	n := 0
	for k := range templateValues {
		n = max(n, len(k))
	}
	return n
}()

// isDefaultHeader reports a start-password column header.
func isDefaultHeader(h string) bool {
	n := normWord(h)
	for _, w := range defaultWords {
		if strings.Contains(n, w) {
			return true
		}
	}
	return false
}

// tableRow handles one line while a table is active. It reports false
// when the line is not a row of the table, so other rules see it.
func (s *session) tableRow(line []byte, n int, kw bool, emit func(detectors.Finding)) bool {
	t := &s.tbl
	if bytes.IndexByte(line, t.delim) < 0 {
		t.miss()
		return false
	}
	// A new header (next table, next sheet in one CSV) replaces the old.
	if kw && s.tryHeader(line, t.fits(s, line)) {
		return true
	}
	s.cells = structured.Split(line, t.delim, t.quoted, s.cells)
	// Text CSV rows have the header's shape; a sentence with commas after a
	// header-like line does not.
	if len(s.cells) < t.minCols || !s.sec.Table && !t.shape(len(s.cells)) {
		t.miss()
		return false
	}
	t.misses = 0
	pw := ""
	for _, c := range t.passCols {
		if c < len(s.cells) {
			// Unquoted text cells with spaces are prose more often than
			// passphrases.
			if v := structured.CellText(s.cells[c]); tableValueOK(v) && (t.defaults || !isTemplateValue(v)) && (s.sec.Table || !strings.Contains(v, " ") || bytes.HasPrefix(bytes.TrimSpace(s.cells[c]), []byte{'"'})) {
				pw = v
				break
			}
		}
	}
	if pw == "" {
		return true
	}
	user := ""
	if t.userCol >= 0 && t.userCol < len(s.cells) {
		user = structured.CellText(s.cells[t.userCol])
		if isTemplateSyntax(user) {
			return true // "<brukernavn>;<passord>": a template row
		}
	}
	key := user
	if user == "" {
		// Without a user name the row itself is the identity.
		key = "#row" + strconv.Itoa(n)
	}
	emit(detectors.Finding{
		Rule:       RulePasswordTable,
		Line:       n,
		Secret:     key + "\x00" + pw,
		Masked:     masked(user, pw),
		Detail:     t.detail,
		Confidence: t.confidence,
	})
	return true
}

// fits reports whether line has the table's data shape: then it is taken
// for a new header only when it is exactly header vocabulary.
func (t *table) fits(s *session, line []byte) bool {
	s.cells = structured.Split(line, t.delim, t.quoted, s.cells)
	return len(s.cells) >= t.minCols && (s.sec.Table || t.shape(len(s.cells)))
}

// shape reports whether a text row has about as many cells as the header:
// exactly as many for narrow tables, one more or less for wide ones.
func (t *table) shape(n int) bool {
	if t.cols <= 3 {
		return n == t.cols
	}
	return n >= t.cols-1 && n <= t.cols+1
}

func (t *table) miss() {
	t.misses++
	if t.misses > maxTableMisses {
		t.active = false
	}
}

// bufLine is a line held while the start of a section is examined for a
// table without a header.
type bufLine struct {
	n    int
	text []byte
	kw   bool // hasPassKeyword(text), for held lines
}

// Limits of the headerless look-ahead.
const (
	headerlessRows  = 16   // non-empty lines examined
	headerlessLines = 40   // lines buffered at most
	headerlessWidth = 2048 // longer lines are not table rows
)

// decideHeaderless looks at the buffered first rows of a section and
// starts a table when one column plainly holds passwords next to a column
// of user names. It is conservative: most rows must agree.
func (s *session) decideHeaderless() bool {
	var rowBuf [headerlessLines][]byte
	rows := rowBuf[:0]
	for _, b := range s.buf {
		if len(bytes.TrimSpace(b.text)) > 0 {
			rows = append(rows, b.text)
		}
	}
	if len(rows) < 4 {
		return false
	}
	for _, d := range s.delimsFor() {
		// The dominant column count must cover three quarters of the rows.
		// Only counts of 2 to 64 columns can qualify, and one that covers
		// three quarters is the strict maximum over all counts, so the
		// others need no tally. A row without d has one column: when
		// more than a quarter lack it, no count can qualify (prose lines
		// and most files end here, without counting quotes).
		with := 0
		for _, r := range rows {
			if bytes.IndexByte(r, d) >= 0 {
				with++
			}
		}
		if with*4 < len(rows)*3 || with < 4 {
			continue
		}
		var counts [65]int
		for _, r := range rows {
			if c := structured.CountSeps(r, d, true) + 1; c >= 2 && c <= 64 {
				counts[c]++
			}
		}
		k, freq := 0, 0
		for c := 2; c <= 64; c++ {
			if f := counts[c]; f > freq || f == freq && f > 0 && c > k {
				k, freq = c, f
			}
		}
		if k < 2 || k > 64 || freq*4 < len(rows)*3 || freq < 4 {
			continue
		}
		if k == 2 && d == ';' && !s.sec.Table {
			continue // user;password lines are a combo list
		}
		pwLike := make([]int, k)
		uLike := make([]int, k)
		// vals[i*len(rows):][:n] are column i's values so far: at most
		// 40 rows, so distinct values are counted by comparison.
		vals := make([]string, k*len(rows))
		nv := 0
		for _, r := range rows {
			s.cells = structured.Split(r, d, !s.sec.Table, s.cells)
			if len(s.cells) != k {
				continue
			}
			for i, c := range s.cells {
				v := structured.CellText(c)
				if looksGenerated(v) {
					pwLike[i]++
				}
				if userLike(v) || isEmail(v) {
					uLike[i]++
				}
				vals[i*len(rows)+nv] = v
			}
			nv++
		}
		distinct := make([]int, k)
		for i := range distinct {
			col := vals[i*len(rows) : i*len(rows)+nv]
		next:
			for j, v := range col {
				for _, w := range col[:j] {
					if v == w {
						continue next
					}
				}
				distinct[i]++
			}
		}
		pass := -1
		for i := 0; i < k; i++ {
			if pwLike[i]*5 >= freq*4 && distinct[i]*2 >= freq && (pass < 0 || pwLike[i] >= pwLike[pass]) {
				pass = i
			}
		}
		if pass < 0 {
			continue
		}
		user := -1
		for i := 0; i < k; i++ {
			if i != pass && uLike[i]*5 >= freq*4 && pwLike[i]*2 < freq && distinct[i]*2 >= freq {
				user = i
				break
			}
		}
		if user < 0 {
			continue
		}
		s.tbl = table{active: true, delim: d, quoted: !s.sec.Table, passCols: []int{pass}, userCol: user,
			minCols: pass + 1, cols: k, confidence: detectors.ConfidenceMedium,
			detail: detectors.Join(detectors.Text("headerless table: column "), detectors.Count(user+1),
				detectors.Text(" (user) + column "), detectors.Count(pass+1), detectors.Text(" (password)"))}
		return true
	}
	return false
}
