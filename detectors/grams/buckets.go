package grams

import (
	"math/bits"
	"slices"
)

// Pieces that share a bucket mix their nibbles: "ghp" and "sk-" in one
// bucket also let "gk-" and "shp" through, and 'p' (0x70) with '-' (0x2d)
// lets 0x7d and 0x20, a space, through. New therefore spreads the pieces so
// that few positions of ordinary text pass, judged by a letter-frequency
// model of Nordic and English prose.

// Piece is three bytes to look for; with AnyThird the third may be any
// byte.
type Piece struct {
	Bytes    [3]byte
	AnyThird bool
}

// New returns a filter of the pieces in banks (1-4) banks of eight
// buckets, each piece in the bucket where it adds the fewest expected false
// candidates (greedy, then improved by moving single pieces while that
// helps). More banks let fewer false candidates through and cost one more
// pass of the tables each.
func New(pieces []Piece, banks int) *Filter {
	nb := 8 * min(max(banks, 1), maxBanks)
	assign := make([]int, len(pieces))
	sets := make([]nibbleSet, nb)
	rates := make([]float64, nb)
	// without is bucket b's set with piece skip left out (-1: none).
	without := func(b, skip int) nibbleSet {
		var s nibbleSet
		for i, p := range pieces {
			if i != skip && assign[i] == b {
				s.add(p)
			}
		}
		return s
	}
	// place puts piece i where it adds least to the pass rate.
	place := func(i int) {
		best, bestDelta := 0, -1.0
		for b := range sets {
			base, baseRate := sets[b], rates[b]
			if assign[i] == b {
				base = without(b, i)
				baseRate = base.rate()
			}
			with := base
			with.add(pieces[i])
			if d := with.rate() - baseRate; bestDelta < 0 || d < bestDelta-1e-15 {
				best, bestDelta = b, d
			}
		}
		old := assign[i]
		assign[i] = best
		for _, b := range [2]int{old, best} {
			if b >= 0 {
				sets[b] = without(b, -1)
				rates[b] = sets[b].rate()
			}
		}
	}
	for i := range pieces {
		assign[i] = -1 // not placed yet
	}
	for i := range pieces {
		place(i)
	}
	for round := 0; round < 2; round++ {
		before := append([]int(nil), assign...)
		for i := range pieces {
			place(i)
		}
		if slices.Equal(before, assign) {
			break
		}
	}
	f := &Filter{}
	for i, p := range pieces {
		f.Add(assign[i], p)
	}
	return f
}

// nibbleSet is one bucket's nibble tables: per role, the low and the high
// nibbles its pieces' bytes have.
type nibbleSet struct{ lo, hi [3]uint16 }

// add takes in p's bytes the way the filter folds them.
func (s *nibbleSet) add(p Piece) {
	for r := 0; r < 3; r++ {
		if r == 2 && p.AnyThird {
			s.lo[r], s.hi[r] = 0xffff, 0xffff
			continue
		}
		// The two bytes v with v|0x20 == c|0x20.
		for _, v := range [2]byte{p.Bytes[r] | 0x20, p.Bytes[r] &^ 0x20} {
			s.lo[r] |= 1 << (v & 15)
			s.hi[r] |= 1 << (v >> 4)
		}
	}
}

// rate is the share of positions of model text the bucket lets through:
// the product over the roles of the model weight of the bytes whose two
// nibbles are both in the tables.
func (s *nibbleSet) rate() float64 {
	rate := 1.0
	for r := 0; r < 3; r++ {
		in := 0.0
		for hi := s.hi[r]; hi != 0; hi &= hi - 1 {
			h := bits.TrailingZeros16(hi) << 4
			for lo := s.lo[r]; lo != 0; lo &= lo - 1 {
				in += textWeights[h|bits.TrailingZeros16(lo)]
			}
		}
		rate *= in / textWeightSum
	}
	return rate
}

// letterWeight is a rough frequency of lower-case letters in Nordic and
// English prose, per mille.
var letterWeight = [26]float64{
	75, 15, 25, 45, 110, 20, 30, 35, 60, 8, 25, 50, 30, 70, 55, 20, 1, 65, 60, 65, 25, 20, 12, 2, 10, 1,
}

// textWeight models a byte's frequency in the text detectors read: prose,
// exports, logs and code.
func textWeight(c byte) float64 {
	switch {
	case 'a' <= c && c <= 'z':
		return letterWeight[c-'a']
	case 'A' <= c && c <= 'Z':
		return letterWeight[c-'A'] / 8
	case '0' <= c && c <= '9':
		return 12
	case c == ' ':
		return 150
	case c == '\n', c == '\t':
		return 15
	case c == 0xc3: // the lead byte of æøåäö
		return 8
	case 0xa4 <= c && c <= 0xb8: // their second bytes
		return 1.5
	case c > ' ' && c < 0x7f: // punctuation
		return 5
	}
	return 0.1
}

var textWeights, textWeightSum = func() (w [256]float64, sum float64) {
	for v := range w {
		w[v] = textWeight(byte(v))
		sum += w[v]
	}
	return w, sum
}()
