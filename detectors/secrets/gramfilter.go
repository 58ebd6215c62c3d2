package secrets

// The byte-pair loop of prefilter.next stops wherever a keyword's anchor
// pair occurs ("sk" of "sk-ant-" in every Norwegian "skole", "51" of
// "51:b:" in every timestamp) and costs two table probes per byte. Scan
// only needs to know which lines hold a keyword, so it asks candidate
// instead: a three-byte piece of every keyword is looked for with one
// table load per byte, four positions per round and no branch while
// nothing matches, and a line that passes is confirmed by maskOf.

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
	}
	for _, w := range words {
		if len(w) == 2 {
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
}

// candidate returns a position at or after from, a line start, such that
// no line before the one holding it, from from's on, holds a keyword; -1
// when no line does. Lines it lands on may hold none: maskOf decides. The
// last five bytes are always a candidate, too few for the four-wide loop.
func (p *prefilter) candidate(b []byte, from int) int {
	n := len(b)
	i := max(from, 0)
	m := &p.grams.mask
	set := &p.grams.set
	for ; i+6 <= n; i += 4 {
		s := b[i : i+6 : i+6]
		m0, m1, m2 := m[s[0]], m[s[1]], m[s[2]]
		m3, m4, m5 := m[s[3]], m[s[4]], m[s[5]]
		const c2, c3 = gramClasses, 2 * gramClasses
		h := m0&(m1>>c2)&(m2>>c3) | m1&(m2>>c2)&(m3>>c3) | m2&(m3>>c2)&(m4>>c3) | m3&(m4>>c2)&(m5>>c3)
		if h&(1<<gramClasses-1) == 0 {
			continue
		}
		for q := i; q < i+4; q++ {
			x := uint32(b[q]|0x20) | uint32(b[q+1]|0x20)<<8 | uint32(b[q+2]|0x20)<<16
			if k := gramHash(x); set[k>>6]&(1<<(k&63)) != 0 {
				return q
			}
		}
	}
	if i < n {
		return i
	}
	return -1
}
