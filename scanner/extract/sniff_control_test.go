package extract

import (
	"math/rand"
	"testing"
)

// controlBytes equals the plain count over controlByte for every byte
// value at every offset in a word.
func TestControlBytes(t *testing.T) {
	plain := func(b []byte) int {
		n := 0
		for _, c := range b {
			n += int(controlByte[c])
		}
		return n
	}
	b := make([]byte, 300)
	for v := 0; v < 256; v++ {
		for k := range b {
			b[k] = byte(v + 7*k)
		}
		for _, n := range []int{0, 1, 7, 8, 9, 63, 300} {
			if got, want := controlBytes(b[:n]), plain(b[:n]); got != want {
				t.Fatalf("start %#x, %d bytes: %d, want %d", v, n, got, want)
			}
		}
	}
	r := rand.New(rand.NewSource(1))
	for it := 0; it < 2000; it++ {
		b := make([]byte, r.Intn(200))
		for k := range b {
			b[k] = "\x00\x01\x09\x0a\x0d\x1a\x1b\x1f\x20a\x7f\x80\x9f\xc3"[r.Intn(14)]
		}
		if got, want := controlBytes(b), plain(b); got != want {
			t.Fatalf("%q: %d, want %d", b, got, want)
		}
	}
}
