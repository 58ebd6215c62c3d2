package nationalid

import (
	"encoding/binary"
	"math/rand"
	"reflect"
	"testing"

	"github.com/credsweep/credsweep/detectors/grams"
)

// findTokensRef is findTokens written byte by byte: the word-at-a-time
// version must agree with it on every input.
func findTokensRef(b []byte, out []token, nine bool) []token {
	n := len(b)
	for i := 0; i < n; {
		for i < n && !isDigit(b[i]) {
			i++
		}
		if i >= n {
			break
		}
		j := i + 1
		for j < n && isDigit(b[j]) {
			j++
		}
		switch j - i {
		case 9:
			if !nine {
				i = j
				break
			}
			fallthrough
		case 6, 8, 10, 11, 12:
			var next int
			out, next = tokenAt(b, i, j, out)
			i = next
		default:
			i = j
		}
	}
	return out
}

func TestDigitMask(t *testing.T) {
	for c := 0; c < 256; c++ {
		for pos := 0; pos < 8; pos++ {
			var w [8]byte
			for k := range w {
				w[k] = byte(c + k*37)
			}
			w[pos] = byte(c)
			m := grams.DigitMask(binary.LittleEndian.Uint64(w[:]))
			for k := range w {
				if got, want := m>>(8*k)&0xff == 0x80, isDigit(w[k]); got != want {
					t.Fatalf("byte %#x at %d: flagged %v", w[k], k, got)
				}
			}
		}
	}
}

func checkTokens(t *testing.T, b []byte) {
	t.Helper()
	for _, nine := range []bool{false, true} {
		got, want := findTokens(b, nil, nine), findTokensRef(b, nil, nine)
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("findTokens(%q, %v) = %v, want %v", b, nine, got, want)
		}
	}
}

func TestFindTokensWordAtATime(t *testing.T) {
	parts := []string{"0", "1", "9", "01019012345", "010190", "-", "+", " ", "\n", "A", "x", "12345678", "-1234",
		"131052-308T", "\u00a0", "ø", ".", ":", "19900101", "1234", "123", "_", "/"}
	r := rand.New(rand.NewSource(3))
	for it := 0; it < 20000; it++ {
		var b []byte
		for k := r.Intn(30); k > 0; k-- {
			b = append(b, parts[r.Intn(len(parts))]...)
		}
		checkTokens(t, b)
	}
}

func FuzzFindTokens(f *testing.F) {
	for _, s := range []string{"fnr 01019012345\n", "010190-12345 og 131052-308T", "19900101-1234;0101901234"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		checkTokens(t, b)
	})
}
