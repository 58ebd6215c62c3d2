package nationalid

import (
	"math/bits"

	"github.com/credsweep/credsweep/detectors/grams"
)

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
// least ten digits.
//
// It reads windows of 64 bytes as bit masks, each starting at the next
// digit at least 32 bytes after the last, and decides for the runs that
// start in a window's first 32 bytes: a run of six digits ends, and the
// first ten digits of a chain of groups lie, within 19 bytes of its
// start, so inside the window. Most windows are told apart by their masks
// alone.
func inert(b []byte) bool {
	const low = 1<<32 - 1
	i := 0
	for ; ; i += 32 {
		// The window starts at the next digit: none starts a run
		// before it.
		if i = grams.DigitRun(b, i, 1); i+64 > len(b) {
			break
		}
		d, sep := grams.Masks64(b[i:i+64], groupSeps)
		if d&(d>>1)&(d>>2)&(d>>3)&(d>>4)&(d>>5)&low != 0 {
			return false // six digits in a row
		}
		// The chains: digits, and separators between two digits. At
		// bit 0 a separator's left neighbour is unknown, and the chain
		// is cut there: a chain that started before was decided by an
		// earlier window, and its rest has no more digits than it.
		c := d | sep&(d<<1)&(d>>1)
		long := c
		for k := 1; k < 10; k++ {
			long &= c >> k
		}
		starts := c &^ (c << 1) & long & low // chains of ten bytes or more
		for starts != 0 {
			st := bits.TrailingZeros64(starts)
			starts &= starts - 1
			n := bits.TrailingZeros64(^(c >> st))
			if st+n >= 64 {
				return false // 33 bytes or more: at least 17 digits
			}
			if bits.OnesCount64(d&((1<<n-1)<<st)) >= 10 {
				return false
			}
		}
	}
	return inertTail(b, min(i, len(b)))
}

// groupSeps are the bytes isGroupSep accepts.
var groupSeps = [3]byte{' ', '-', '.'}

// inertTail is inert for the runs that start at or after from, one group
// at a time (a run that started before from is cut there, as above).
func inertTail(b []byte, from int) bool {
	i := from
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
