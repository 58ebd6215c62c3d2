package credentials

import "bytes"

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

// gramMask holds, for each byte, the pieces (one bit each) it can be the
// first letter of in bits 0-7, the second in bits 8-15 and the third in
// bits 16-23, in both cases; "pw" takes any third byte. A position starts
// a piece when the three masks, shifted into line, share a bit: one table
// load per byte and no branch while nothing matches.
var gramMask = func() (t [256]uint32) {
	for bit, g := range []string{"pw", "pas", "kod", "nnw", "eno", "asa", "yki", "\xb6se"} {
		for k := 0; k < len(g); k++ {
			for _, c := range []byte{g[k], g[k] - ('a' - 'A')} {
				t[c] |= 1 << (8*k + bit)
			}
		}
		if len(g) == 2 {
			for c := range t {
				t[c] |= 1 << (16 + bit)
			}
		}
	}
	return t
}()

// gramNext finds the first piece at or after from that kwAt confirms,
// and returns its position (or, near the end of b, the word's start).
func gramNext(b []byte, from int) int {
	n := len(b)
	i := from
	for ; i+10 <= n; i += 8 {
		s := b[i : i+10 : i+10]
		m0, m1, m2, m3, m4 := gramMask[s[0]], gramMask[s[1]], gramMask[s[2]], gramMask[s[3]], gramMask[s[4]]
		m5, m6, m7, m8, m9 := gramMask[s[5]], gramMask[s[6]], gramMask[s[7]], gramMask[s[8]], gramMask[s[9]]
		h := m0&(m1>>8)&(m2>>16) | m1&(m2>>8)&(m3>>16) | m2&(m3>>8)&(m4>>16) | m3&(m4>>8)&(m5>>16) |
			m4&(m5>>8)&(m6>>16) | m5&(m6>>8)&(m7>>16) | m6&(m7>>8)&(m8>>16) | m7&(m8>>8)&(m9>>16)
		if h&0xff == 0 {
			continue
		}
		for p := i; p < i+8; p++ {
			if gramMask[b[p]]&(gramMask[b[p+1]]>>8)&(gramMask[b[p+2]]>>16)&0xff == 0 {
				continue
			}
			for a := max(p-gramSpan, from); a <= p; a++ {
				if kwAt(b, a) {
					return p
				}
			}
		}
	}
	// The last pieces: try the starts they may belong to directly.
	for a := max(i-gramSpan, from); a < n; a++ {
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
