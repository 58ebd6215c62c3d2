package grams

import (
	"math/rand/v2"
	"testing"
)

func asciiPrefixRef(b []byte) int {
	for i, c := range b {
		if c >= 0x80 {
			return i
		}
	}
	return len(b)
}

// TestASCIIPrefix puts one high byte at every position of texts of every
// length up to 100, and none.
func TestASCIIPrefix(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for n := range 100 {
		b := make([]byte, n)
		for i := range b {
			b[i] = byte(r.IntN(0x80))
		}
		if got := ASCIIPrefix(b); got != n {
			t.Fatalf("all ASCII, %d bytes: %d", n, got)
		}
		for k := range n {
			c := b[k]
			b[k] = 0x80 | byte(r.IntN(0x80))
			if got, want := ASCIIPrefix(b), asciiPrefixRef(b); got != want {
				t.Fatalf("%d bytes, high byte at %d: %d", n, k, got)
			}
			b[k] = c
		}
	}
}

func FuzzASCIIPrefix(f *testing.F) {
	f.Add([]byte("brukernavn: ola.nordmann, passord: Sommer2024 på skolen"))
	f.Fuzz(func(t *testing.T, b []byte) {
		if got, want := ASCIIPrefix(b), asciiPrefixRef(b); got != want {
			t.Fatalf("%d, want %d", got, want)
		}
	})
}
