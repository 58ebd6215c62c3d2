package nationalid

import "github.com/credsweep/credsweep/detectors/grams"

// deferKeywords enables the deferral of early keyword scans over blocks
// that cannot hold a candidate (a test turns it off for the reference).
var deferKeywords = true

// pendingScan is the early keyword scan of an inert block, kept for
// replay: the block's bytes up to n plus pendingMargin (what scanKeywords
// and maybeHeader may look at past n), and n.
type pendingScan struct {
	b []byte
	n int
}

// pendingMargin covers a header line read past the scanned range
// (maybeHeader gives up on lines over maxHeaderLine) and a keyword that
// starts in the range and ends after it.
const pendingMargin = maxHeaderLine + 2*maxKeywordBytes + 2

// maxKeywordBytes bounds the length of a keyword (checked in init).
const maxKeywordBytes = 64

// inert reports whether no candidate can be found in b whatever the
// context: every token starts with six digits in a row, and every grouped
// candidate is a run of digit groups (joined by one separator) with at
// least ten digits. One pass, 32 bytes at a time where there is no digit.
func inert(b []byte) bool {
	i := 0
	for {
		if i = grams.DigitRun(b, i, 1); i >= len(b) {
			return true
		}
		// b[i] starts a run of digit groups (the previous run ended
		// before a byte that neither is a digit nor joins one).
		n := 0
		for {
			run := 0
			for i < len(b) && isDigit(b[i]) {
				run++
				i++
			}
			if run >= 6 {
				return false
			}
			n += run
			if i+1 < len(b) && isGroupSep(b[i]) && isDigit(b[i+1]) {
				i++
				continue
			}
			break
		}
		if n >= 10 {
			return false
		}
	}
}

// replay runs the deferred early keyword scans in block order, as Scan
// would have run them, and applies the table headers they find (SQL
// events were applied by Scan: the two kinds set separate state).
func (s *session) replay() {
	for _, p := range s.pending {
		s.hits, s.events = s.hits[:0], s.events[:0]
		s.scanKeywords(p.b, 0, p.n, true)
		for k := range s.events {
			s.apply(&s.events[k])
		}
		putPending(p.b)
	}
	clear(s.pending) // the buffers are the pool's now
	s.pending = s.pending[:0]
	s.hits, s.events = s.hits[:0], s.events[:0]
}
