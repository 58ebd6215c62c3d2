package secrets

import "github.com/credsweep/credsweep/detectors/grams"

// The byte-pair loop of prefilter.next stops wherever a keyword's anchor
// pair occurs ("sk" of "sk-ant-" in every Norwegian "skole", "51" of
// "51:b:" in every timestamp) and costs two table probes per byte. Scan
// only needs to know which lines hold a keyword, so it asks candidate
// instead: a three-byte piece of every keyword is looked for 32 positions
// at a time by the shared filter of package grams, each position it lets
// through is checked against the pieces' class masks and hashed set, and a
// line that passes is confirmed by maskOf.

// gramClasses is how many groups of pieces fit a gram entry: three
// fields of 21 bits, for the first, second and third byte.
const gramClasses = 21

// gramFilter is candidate's state, built with the prefilter.
type gramFilter struct {
	// mask holds, per byte, the classes whose pieces it can be the first
	// byte of (bits 0-20), the second (21-41) and the third (42-62).
	mask [256]uint64
	// set is the exact set of pieces, hashed (gramHash), to drop the
	// mixtures of pieces one class lets through.
	set [1 << 10]uint64
	// wide finds the positions to check with mask and set 32 at a time.
	wide *grams.Filter
	// short is true when a keyword has two bytes: one in a block's last
	// two bytes has no third byte for wide to see.
	short bool
}

// gramHash maps three case-folded bytes (the low 24 bits of x) to 16 bits.
func gramHash(x uint32) uint32 {
	return ((x << 8) * 0x9E3779B1) >> 16
}

// pairRarity scores a lower-case byte pair: higher is rarer. Pairs ranked
// in commonBigrams score their rank; unranked pairs of two letters or
// digits (timestamps, Nordic words) count as fairly common, unranked
// pairs with punctuation as rare.
func pairRarity(a, b byte) int {
	if r := bigramRank(a, b); r >= 0 {
		return r
	}
	if alnum(a) && alnum(b) {
		if a <= '9' && b <= '9' {
			return 0
		}
		return 300
	}
	return 1000
}

func alnum(c byte) bool { return '0' <= c && c <= '9' || 'a' <= c && c <= 'z' }

// buildGrams picks each keyword's rarest three-byte piece (a two-byte
// keyword is a piece followed by any byte) and fills the tables.
func (g *gramFilter) build(words [][]byte) {
	classOf := map[byte]int{}
	var pieces []grams.Piece
	add := func(t [3]byte, any bool) {
		c, ok := classOf[t[0]|0x20]
		if !ok {
			c = len(classOf) % gramClasses
			classOf[t[0]|0x20] = c
		}
		for v := 0; v < 256; v++ {
			f := byte(v) | 0x20
			if f == t[0]|0x20 {
				g.mask[v] |= 1 << c
			}
			if f == t[1]|0x20 {
				g.mask[v] |= 1 << (gramClasses + c)
			}
			if any || f == t[2]|0x20 {
				g.mask[v] |= 1 << (2*gramClasses + c)
				h := gramHash(uint32(t[0]|0x20) | uint32(t[1]|0x20)<<8 | uint32(f)<<16)
				g.set[h>>6] |= 1 << (h & 63)
			}
		}
		pieces = append(pieces, grams.Piece{Bytes: t, AnyThird: any})
	}
	for _, w := range words {
		if len(w) == 2 {
			g.short = true
			add([3]byte{w[0], w[1], 0}, true)
			continue
		}
		best, off := -1, 0
		for o := 0; o+3 <= len(w); o++ {
			if s := pairRarity(w[o], w[o+1]) + pairRarity(w[o+1], w[o+2]); s > best {
				best, off = s, o
			}
		}
		add([3]byte{w[off], w[off+1], w[off+2]}, false)
	}
	g.wide = grams.New(pieces, wideBanks)
}

// candidate returns a position at or after from, a line start, such that
// no line before the one holding it, from from's on, holds a keyword; -1
// when no line does. Lines it lands on may hold none: maskOf decides. With
// a two-byte keyword the last two bytes are always a candidate: one there
// has no third byte for the filter to see.
func (p *prefilter) candidate(b []byte, from int) int {
	n := len(b)
	m := &p.grams.mask
	set := &p.grams.set
	const c2, c3 = gramClasses, 2 * gramClasses
	for q := range p.grams.wide.All(b, max(from, 0)) {
		s := b[q : q+3 : q+3]
		if m[s[0]]&(m[s[1]]>>c2)&(m[s[2]]>>c3)&(1<<gramClasses-1) == 0 {
			continue
		}
		x := uint32(s[0]|0x20) | uint32(s[1]|0x20)<<8 | uint32(s[2]|0x20)<<16
		if k := gramHash(x); set[k>>6]&(1<<(k&63)) != 0 {
			return q
		}
	}
	if t := max(from, n-2, 0); t < n && p.grams.short {
		return t
	}
	return -1
}

// wideBanks is how many banks of eight buckets the filter spreads the
// keywords' pieces over: with one, about one position in 600 of
// Norwegian prose passes it by accident; with two none did, at 5-10 GB/s
// (BenchmarkCandidate).
const wideBanks = 2
