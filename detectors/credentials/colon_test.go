package credentials

import (
	"bytes"
	"math/rand/v2"
	"testing"
)

// TestLineColon: the colon carried through a block is each line's first,
// as bytes.IndexByte finds it on the line alone.
func TestLineColon(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 10))
	alphabet := []byte("ab :\n\n:")
	for range 5000 {
		b := make([]byte, r.IntN(150))
		for i := range b {
			b[i] = alphabet[r.IntN(len(alphabet))]
		}
		s := &session{nextColon: -1}
		for pos := 0; pos < len(b); {
			le := indexFrom(b, pos, '\n')
			if got, want := s.lineColon(b, pos, le), bytes.IndexByte(b[pos:le], ':'); got != want {
				t.Fatalf("%q, line at %d: colon %d, want %d", b, pos, got, want)
			}
			pos = le + 1
		}
	}
}
