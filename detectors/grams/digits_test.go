package grams

import (
	"math/rand"
	"testing"
)

func naiveDigitRun(b []byte, from, n int) int {
	for p := max(from, 0); p+n <= len(b); p++ {
		ok := true
		for k := 0; k < n; k++ {
			if b[p+k] < '0' || b[p+k] > '9' {
				ok = false
				break
			}
		}
		if ok {
			return p
		}
	}
	return len(b)
}

func TestDigitRun(t *testing.T) {
	rnd := rand.New(rand.NewSource(5))
	for _, alphabet := range []string{"0123456789 -:a\n", "0123456789", "abc /:;@\x2f\x3a\xb0\xb9", "0000000001 "} {
		for round := 0; round < 3000; round++ {
			b := randomText(rnd, rnd.Intn(300), alphabet)
			n := 1 + rnd.Intn(12)
			from := rnd.Intn(len(b) + 1)
			if got, want := DigitRun(b, from, n), naiveDigitRun(b, from, n); got != want {
				t.Fatalf("DigitRun(%q, %d, %d) = %d, want %d", b, from, n, got, want)
			}
		}
	}
}

// The AVX2 mask equals the Go one for every byte value in every lane.
func TestDigits64(t *testing.T) {
	b := make([]byte, 64)
	for v := 0; v < 256; v++ {
		for k := range b {
			b[k] = byte(v + k)
		}
		want := digits64Go(b)
		for k := range b {
			if isDigit := b[k] >= '0' && b[k] <= '9'; isDigit != (want>>k&1 == 1) {
				t.Fatalf("digits64Go: byte %#x at %d", b[k], k)
			}
		}
		if useAVX2 {
			if got := digits64AVX2(&b[0]); got != want {
				t.Fatalf("AVX2 %#x, Go %#x", got, want)
			}
		}
	}
}

func FuzzDigitRun(f *testing.F) {
	f.Add([]byte("tlf 22 33 44 55, fnr 01019012345, 2019-03-04"), 0, 6)
	f.Fuzz(func(t *testing.T, b []byte, from, n int) {
		n = 1 + (n&0x7fffffff)%33
		if from < 0 || from > len(b) {
			from = 0
		}
		if got, want := DigitRun(b, from, n), naiveDigitRun(b, from, n); got != want {
			t.Fatalf("DigitRun(%q, %d, %d) = %d, want %d", b, from, n, got, want)
		}
	})
}

func BenchmarkDigitRun(b *testing.B) {
	rnd := rand.New(rand.NewSource(6))
	text := randomText(rnd, 8<<20, "abcdefghij klmnop\n12345")
	b.SetBytes(int64(len(text)))
	for i := 0; i < b.N; i++ {
		for p := 0; p < len(text); p = DigitRun(text, p, 6) + 1 {
		}
	}
}

// TestMasks64 compares both masks with a byte loop on random windows.
func TestMasks64(t *testing.T) {
	rnd := rand.New(rand.NewSource(9))
	set := [3]byte{' ', '-', '.'}
	for range 5000 {
		b := []byte(randomText(rnd, 64, "0123456789 -.ab/\x80\xff:"))
		var wd, wi uint64
		for k, c := range b {
			if c >= '0' && c <= '9' {
				wd |= 1 << k
			}
			if c == set[0] || c == set[1] || c == set[2] {
				wi |= 1 << k
			}
		}
		if d, in := Masks64(b, set); d != wd || in != wi {
			t.Fatalf("Masks64(%q) = %x, %x; want %x, %x", b, d, in, wd, wi)
		}
		if d, in := digits64Go(b), inSetGo(b, set); d != wd || in != wi {
			t.Fatalf("Go masks of %q = %x, %x; want %x, %x", b, d, in, wd, wi)
		}
	}
}
