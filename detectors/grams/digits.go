package grams

import (
	"encoding/binary"
	"math/bits"
)

// DigitRun returns the first position p ≥ from where n (1-33) ASCII
// digits in a row start, or len(b) when there is none. It reads 64 bytes
// at a time: most text has few digits, and most of the digits of logs
// and exports come in runs shorter than an ID.
func DigitRun(b []byte, from, n int) int {
	i := max(from, 0)
	if n == 1 {
		// In exports the next digit is often a byte or two away: look
		// there before setting up a window.
		for end := min(len(b), i+16); i < end; i++ {
			if b[i]-'0' <= 9 {
				return i
			}
		}
	}
	if useAVX2 && len(b)-i >= 64 {
		// One loop in assembly over the windows, not a call for each.
		p, found := digitRunAVX2(b[i:], n)
		if found {
			return i + p
		}
		i += p
	}
	for ; i+64 <= len(b); i += 32 {
		d := digits64(b[i : i+64 : i+64])
		r := d
		for k := 1; k < n; k++ {
			r &= d >> k
		}
		if r &= 0xffffffff; r != 0 {
			return i + bits.TrailingZeros64(r)
		}
	}
	for run := 0; i < len(b); i++ {
		if b[i] < '0' || b[i] > '9' {
			run = 0
			continue
		}
		if run++; run == 1 {
			from = i
		}
		if run == n {
			return from
		}
	}
	return len(b)
}

// digits64 has bit k set when b[k] (len(b) == 64) is an ASCII digit.
func digits64(b []byte) uint64 {
	if useAVX2 {
		return digits64AVX2(&b[0])
	}
	return digits64Go(b)
}

// DigitMask has 0x80 in each byte of x that is '0'..'9' and 0 elsewhere
// (the "has between" bit trick, 0x2F < byte < 0x3A, exact per byte: no
// carry crosses a byte).
func DigitMask(x uint64) uint64 {
	const lo7, hi = 0x7f7f7f7f7f7f7f7f, 0x8080808080808080
	const ones = 0x0101010101010101
	return (ones*(127+0x3A) - (x & lo7)) &^ x & ((x & lo7) + ones*(127-0x2F)) & hi
}

// digits64Go is digits64 eight bytes at a time: DigitMask marks each digit
// byte of a word, and a multiply gathers the eight marks into one byte.
func digits64Go(b []byte) uint64 {
	var m uint64
	for w := 0; w < 8; w++ {
		d := DigitMask(binary.LittleEndian.Uint64(b[8*w:]))
		m |= ((d >> 7) * 0x0102040810204080 >> 56) << (8 * w)
	}
	return m
}

// Masks64 returns, for the 64 bytes of b (len(b) == 64), the bit mask of
// its ASCII digits (bit k for b[k]) and that of its bytes equal to one of
// set's three.
func Masks64(b []byte, set [3]byte) (digits, in uint64) {
	_ = b[63] // the assembly reads 64 bytes
	if useAVX2 {
		return masks64AVX2(&b[0], uint32(set[0])|uint32(set[1])<<8|uint32(set[2])<<16)
	}
	return digits64Go(b), inSetGo(b, set)
}

func inSetGo(b []byte, set [3]byte) uint64 {
	const lo7, ones = 0x7f7f7f7f7f7f7f7f, 0x0101010101010101
	var m uint64
	for w := 0; w < 8; w++ {
		x := binary.LittleEndian.Uint64(b[8*w:])
		var hit uint64
		for _, c := range set {
			// 0x80 in each byte of x equal to c: y's zero bytes, exactly.
			y := x ^ ones*uint64(c)
			hit |= ^((y&lo7 + lo7) | y | lo7)
		}
		m |= ((hit >> 7) * 0x0102040810204080 >> 56) << (8 * w)
	}
	return m
}
