package inflate

import "math/bits"

// A table entry is one uint32:
//
//	bits 0-3    code bits the entry consumes
//	bits 4-7    kind (kLit, kLit2, kLen, kEnd, kDist, kSub, kBad)
//	bits 8-11   extra bits after the code (length and distance), or the
//	            index bits of a subtable (kSub)
//	bits 16-31  value: the literal byte, two literal bytes (kLit2, the
//	            first in bits 16-23), the length or distance base, or the
//	            subtable's offset in the same table (kSub)
//
// A code no longer than the primary bits is found with one lookup of the
// next primary bits (its entry repeated for every value of the bits after
// it); a longer one through a subtable of 1<<(longest-primary) entries
// shared by the codes with the same first primary bits. Where the
// primary bits hold two short literal codes, one entry (kLit2) gives both:
// decoding is a chain of dependent lookups, and text of few symbols
// (digits) has codes of three to five bits.
const (
	kLit = iota
	kLit2
	kLen
	kEnd
	kDist
	kSub
	kBad
)

const (
	litPrimary  = 10
	distPrimary = 8
	clPrimary   = 7 // code-length codes are at most 7 bits: one level
	maxCodeLen  = 15
	numLit      = 286 // literal/length symbols a dynamic block may define
	numDist     = 30
)

// tableSize holds any table: a literal/length code of 286 symbols needs
// at most 1<<10 primary entries and 286 subtables of 1<<5, a distance
// code 1<<8 and 30 of 1<<7. A power of two, so that a masked index needs
// no bounds check in the hot loop.
const tableSize = 1 << 14

// table is a decoding table (see entry).
type table [tableSize]uint32

func entry(kind, extra, value uint32) uint32 { return kind<<4 | extra<<8 | value<<16 }

// RFC 1951 section 3.2.5.
var (
	lengthBase  = [29]uint32{3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258}
	lengthExtra = [29]uint32{0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0}
	distBase    = [30]uint32{1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577}
	distExtra   = [30]uint32{0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13}
	// clOrder is the order of the code-length code lengths in a
	// dynamic block header.
	clOrder = [19]uint8{16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15}
)

// Entries without their code length, by symbol: 288 literal/length
// symbols (286 and 287 exist only in the fixed code and are invalid), 32
// distance symbols (30 and 31 likewise) and 19 code-length symbols.
var litSyms, distSyms, clSyms = func() (l [288]uint32, d [32]uint32, c [19]uint32) {
	for i := range 256 {
		l[i] = entry(kLit, 0, uint32(i))
	}
	l[256] = entry(kEnd, 0, 0)
	for i := range lengthBase {
		l[257+i] = entry(kLen, lengthExtra[i], lengthBase[i])
	}
	l[286], l[287] = entry(kBad, 0, 0), entry(kBad, 0, 0)
	for i := range distBase {
		d[i] = entry(kDist, distExtra[i], distBase[i])
	}
	d[30], d[31] = entry(kBad, 0, 0), entry(kBad, 0, 0)
	for i := range c {
		c[i] = entry(kLit, 0, uint32(i))
	}
	return
}()

// The fixed codes of block type 1 (section 3.2.6).
var fixedLit, fixedDist = func() (*table, *table) {
	var lens [288]uint8
	for i := range lens {
		switch {
		case i < 144:
			lens[i] = 8
		case i < 256:
			lens[i] = 9
		case i < 280:
			lens[i] = 7
		default:
			lens[i] = 8
		}
	}
	lit, dist := new(table), new(table)
	ok1 := build(lit, lens[:], litSyms[:], litPrimary)
	pairLiterals(lit)
	var dl [32]uint8
	for i := range dl {
		dl[i] = 5
	}
	ok2 := build(dist, dl[:], distSyms[:], distPrimary)
	if !ok1 || !ok2 {
		panic("inflate: fixed codes do not build")
	}
	return lit, dist
}()

// build makes the decoding table of the canonical Huffman code with the
// code lengths lens (0: symbol unused) into t; syms holds
// each symbol's entry without its length. It reports false for a code
// that is over-subscribed or incomplete, except a code of one symbol of
// length 1, which zlib writes and accepts (and compress/flate too). An
// empty code builds a table of kBad entries: a block may have no
// distances.
func build(t *table, lens []uint8, syms []uint32, primary uint) bool {
	var count [maxCodeLen + 1]int
	longest := 0
	for _, l := range lens {
		if l > 0 {
			count[l]++
			longest = max(longest, int(l))
		}
	}
	size := 1 << primary
	bad := entry(kBad, 0, 0)
	if longest == 0 {
		bad = entry(kBad, 1, 0) // extra 1: the code is empty (see noCode)
	}
	for i := range size {
		t[i] = bad
	}
	if longest == 0 {
		return true
	}
	left := 1
	for l := 1; l <= longest; l++ {
		left = left<<1 - count[l]
		if left < 0 {
			return false
		}
	}
	if left != 0 && !(longest == 1 && count[1] == 1) {
		return false
	}
	var next [maxCodeLen + 1]int
	code := 0
	for l := 1; l <= longest; l++ {
		code = (code + count[l-1]) << 1
		next[l] = code
	}
	subBits := max(longest-int(primary), 0)
	end := size // the next free subtable
	for sym, l := range lens {
		if l == 0 {
			continue
		}
		n := int(l)
		rev := int(bits.Reverse16(uint16(next[n]))) >> (16 - n)
		next[n]++
		if n <= int(primary) {
			e := syms[sym] | uint32(n)
			for i := rev; i < size; i += 1 << n {
				t[i] = e
			}
			continue
		}
		prefix := rev & (size - 1)
		if t[prefix]>>4&15 != kSub {
			for i := range 1 << subBits {
				t[end+i] = bad
			}
			t[prefix] = entry(kSub, uint32(subBits), uint32(end)) | uint32(primary)
			end += 1 << subBits
		}
		off := int(t[prefix] >> 16)
		rest := n - int(primary)
		e := syms[sym] | uint32(rest)
		for i := rev >> primary; i < 1<<subBits; i += 1 << rest {
			t[off+i] = e
		}
	}
	return true
}

// pairLiterals turns each primary entry of a literal whose code leaves
// room for the whole code of another literal into a kLit2 entry of both.
// Entry i's next code starts with i's bits above its own code, so its
// entry is i>>n, valid if that code fits in those bits. Going down, i>>n
// (at most i) is still a single entry when it is read.
func pairLiterals(t *table) {
	for i := 1<<litPrimary - 1; i >= 0; i-- {
		e := t[i]
		n := e & 15
		if e>>4&15 != kLit {
			continue
		}
		f := t[i>>n]
		m := f & 15
		if f>>4&15 != kLit || n+m > litPrimary {
			continue
		}
		t[i] = entry(kLit2, 0, e>>16|(f>>16)<<8) | (n + m)
	}
}
