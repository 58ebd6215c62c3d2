package grams

import (
	"math/rand/v2"
	"testing"
	"unicode/utf8"
)

// simplePrefixRef is SimpleUTF8Prefix by decoding runes.
func simplePrefixRef(b []byte) int {
	i := 0
	for i < len(b) {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n <= 1 || n > 2 {
			return i
		}
		i += n
	}
	return i
}

// TestSimpleUTF8Prefix puts every kind of byte (ASCII, a lead of two,
// three or four bytes, a continuation, an invalid byte) at every position
// of texts of every length up to 100, in ASCII and in two-byte text.
func TestSimpleUTF8Prefix(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	fills := [][]byte{[]byte("abc def "), []byte("æøå ÆØÅ ")}
	specials := []byte{'x', 0xC3, 0xC1, 0xC0, 0xE2, 0xF0, 0x80, 0xBF, 0xFF, 0xF5}
	for n := range 100 {
		for _, fill := range fills {
			b := make([]byte, 0, n)
			for len(b) < n {
				b = append(b, fill[r.IntN(len(fill))])
			}
			for k := range n {
				for _, c := range specials {
					old := b[k]
					b[k] = c
					if got, want := SimpleUTF8Prefix(b), simplePrefixRef(b); got != want {
						t.Fatalf("%q: %d, want %d", b, got, want)
					}
					b[k] = old
				}
			}
		}
	}
}

func FuzzSimpleUTF8Prefix(f *testing.F) {
	f.Add([]byte("brukernavn: ola.nordmann, passord: Sommer2024 på skolen"))
	f.Add([]byte("€ 100 og 𝄞 and \xc3\x28"))
	f.Fuzz(func(t *testing.T, b []byte) {
		if got, want := SimpleUTF8Prefix(b), simplePrefixRef(b); got != want {
			t.Fatalf("%q: %d, want %d", b, got, want)
		}
	})
}
