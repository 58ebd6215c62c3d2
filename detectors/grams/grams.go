// Package grams finds where any of a set of three-byte pieces may start in
// a text, 32 positions at a time. It is the keyword prefilter that the
// detectors share: they look for a rare piece of each keyword ("pas" of
// "passord", "ghp" of "ghp_") and confirm the keyword around a hit.
//
// The filter is the Teddy idea (Hyperscan; aho-corasick's packed
// searcher): each piece goes into one of eight buckets, and a byte's
// bucket bits for each of the three roles come from two 16-entry tables,
// one indexed by its low nibble and one by its high nibble. A position is a
// candidate when some bucket has its bit for all three of its bytes. That
// is a superset of the pieces' occurrences: pieces that share a bucket mix
// their nibbles, so callers confirm every hit. On amd64 with AVX2 the
// tables are applied to 32 bytes per step with VPSHUFB; elsewhere a Go loop
// computes the same answer.
//
// Comparison is ASCII case-insensitive the way the detectors fold bytes: a
// piece byte c also matches every byte v with v|0x20 == c|0x20.
package grams

import (
	"iter"
	"math/bits"
)

// Buckets is how many buckets a Filter has: banks of eight, each bank one
// more pass of the tables over the text.
const Buckets = 8 * maxBanks

const maxBanks = 4

// Window is how many positions one answer of Next covers.
const Window = 32

// Filter is a set of pieces. The zero value matches nothing; Add pieces
// before the first Next. A Filter is read-only after that and safe for
// concurrent use.
type Filter struct {
	// t holds, per bank and role r (0-2), the low-nibble table at t[2r]
	// and the high-nibble table at t[2r+1], each 16 bytes written twice
	// (VPSHUFB looks up within each 128-bit half).
	t     [maxBanks][6][32]byte
	banks int // banks in use
	// role is, per role and byte, the buckets (bit 8·bank+bucket) the
	// nibble tables give it: what the Go loop looks up.
	role [3][256]uint32
}

// Add puts a piece into bucket (0 to Buckets-1; the filter is fastest
// with all pieces in the first eight).
func (f *Filter) Add(bucket int, p Piece) {
	bucket &= Buckets - 1
	bank, bit := bucket/8, byte(1)<<(bucket%8)
	f.banks = max(f.banks, bank+1)
	t := &f.t[bank]
	var s nibbleSet
	s.add(p)
	for r := 0; r < 3; r++ {
		for k := 0; k < 16; k++ {
			if s.lo[r]&(1<<k) != 0 {
				t[2*r][k] |= bit
				t[2*r][16+k] |= bit
			}
			if s.hi[r]&(1<<k) != 0 {
				t[2*r+1][k] |= bit
				t[2*r+1][16+k] |= bit
			}
		}
		for v := 0; v < 256; v++ {
			in := t[2*r][v&15] & t[2*r+1][v>>4]
			f.role[r][v] = f.role[r][v]&^(0xff<<(8*bank)) | uint32(in)<<(8*bank)
		}
	}
}

// Next looks at the positions p ≥ from with p+3 ≤ len(b), in windows of
// Window positions starting at from, from+Window, …, and returns the first
// window with a candidate: its first position base and a mask whose bit k
// is set exactly when base+k is a candidate. mask is 0 when no position
// from from on is one. Callers continue with Next(b, base+Window).
func (f *Filter) Next(b []byte, from int) (base int, mask uint32) {
	if from < 0 {
		from = 0
	}
	if useAVX2 && f.banks > 0 && from+Window+2 <= len(b) {
		if f.banks == 1 {
			base, mask = next1AVX2(&f.t, b, from)
		} else {
			base, mask = nextAVX2(&f.t, f.banks, b, from)
		}
		if mask != 0 {
			return base, mask
		}
		from = base // the windows left end too close to len(b) for AVX2
	}
	return f.nextGo(b, from)
}

// nextGo is Next one position at a time.
func (f *Filter) nextGo(b []byte, from int) (int, uint32) {
	last := len(b) - 3 // the last position a piece fits at
	for base := from; base <= last; base += Window {
		var mask uint32
		for k := 0; k < Window && base+k <= last; k++ {
			if f.at(b, base+k) {
				mask |= 1 << k
			}
		}
		if mask != 0 {
			return base, mask
		}
	}
	return len(b), 0
}

// at reports whether position p (p+3 ≤ len(b)) is a candidate.
func (f *Filter) at(b []byte, p int) bool {
	s := b[p : p+3 : p+3]
	return f.role[0][s[0]]&f.role[1][s[1]]&f.role[2][s[2]] != 0
}

// All yields the candidate positions from from on, in order: Next's
// windows, bit by bit.
func (f *Filter) All(b []byte, from int) iter.Seq[int] {
	return func(yield func(int) bool) {
		for i := from; ; i += Window {
			base, mask := f.Next(b, i)
			if mask == 0 {
				return
			}
			for ; mask != 0; mask &= mask - 1 {
				if !yield(base + bits.TrailingZeros32(mask)) {
					return
				}
			}
			i = base
		}
	}
}
