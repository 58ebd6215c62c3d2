package credentials

import (
	"bytes"

	"github.com/credsweep/credsweep/detectors/grams"
)

// passFinder answers hasPassKeyword for every line of a block with one
// forward pass over the block instead of a loop and a call per line.
//
// Each password word has a three-letter piece that is rare in Nordic and
// English text ("pas", "kod", "nnw", "eno", "asa", "yki", and "pw"
// followed by anything), unlike the two-letter starts hasPassKeyword
// tests ("ke" of "ikke", "ko" of "skole"); see gramMask. A hit is
// confirmed by kwAt, the test hasPassKeyword applies, at the few starts
// the piece can belong to. No word spans a '\n' ('\n'|0x20 is no
// letter), so a line holds a word exactly when hasPassKeyword says so.
type passFinder struct {
	b    []byte
	next int // result of the last query; see find
}

// reset starts on a new block (nil to drop the reference).
func (f *passFinder) reset(b []byte) {
	f.b, f.next = b, -1
}

// find returns, for a line start from (or 0), a position r ≥ from such
// that the line holding r has a password word and no line from from's
// up to r's has one; len(b) when there is none. Queries come with
// increasing from, so the last answer stays right while it is not behind
// the query and the block is walked once in all.
func (f *passFinder) find(from int) int {
	if f.next < from {
		f.next = gramNext(f.b, from)
	}
	return f.next
}

// gramSpan is how far before its piece a word may start: "asa" is 3 into
// "salasana".
const gramSpan = 3

// passPieces is, per bucket of the filter, the rare piece of the password
// words: one piece per bucket, so the filter gives exactly the positions
// where a piece starts, in either case; "pw" takes any third byte.
var passPieces = func() (f grams.Filter) {
	for bucket, g := range []string{"pw", "pas", "kod", "nnw", "eno", "asa", "yki", "\xb6se"} {
		if len(g) == 2 {
			f.Add(bucket, grams.Piece{Bytes: [3]byte{g[0], g[1]}, AnyThird: true})
			continue
		}
		f.Add(bucket, grams.Piece{Bytes: [3]byte{g[0], g[1], g[2]}})
	}
	return f
}()

// gramNext finds the first piece at or after from that kwAt confirms,
// and returns its position (or, near the end of b, the word's start).
func gramNext(b []byte, from int) int {
	n := len(b)
	for p := range passPieces.All(b, from) {
		for a := max(p-gramSpan, from); a <= p; a++ {
			if kwAt(b, a) {
				return p
			}
		}
	}
	// "pw" in the last two bytes, where no third byte follows: try the
	// starts it may belong to directly.
	for a := max(n-2-gramSpan, from); a < n; a++ {
		if kwAt(b, a) {
			return a
		}
	}
	return n
}

func indexFrom(b []byte, i int, c byte) int {
	if i >= len(b) {
		return len(b)
	}
	if j := bytes.IndexByte(b[i:], c); j >= 0 {
		return i + j
	}
	return len(b)
}
