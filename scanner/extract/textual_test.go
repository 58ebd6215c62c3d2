package extract

import (
	"bytes"
	"math/rand/v2"
	"testing"
)

// textualRef and utf16OrderRef are the byte-at-a-time originals of
// Textual and UTF16Order, the reference for their fast paths.
func textualRef(head []byte) bool {
	if utf16OrderRef(head) != 0 {
		return true
	}
	if bytes.HasPrefix(head, []byte{0xEF, 0xBB, 0xBF}) {
		head = head[3:]
	}
	if len(head) == 0 {
		return true
	}
	control := 0
	for _, c := range head {
		switch {
		case c == 0:
			return false
		case c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f' && c != 0x1B && c != 0x1A:
			control++
		}
	}
	return control*20 < len(head)
}

func utf16OrderRef(head []byte) int {
	switch {
	case bytes.HasPrefix(head, []byte{0xFF, 0xFE}):
		return 1
	case bytes.HasPrefix(head, []byte{0xFE, 0xFF}):
		return -1
	}
	n := min(len(head), 4096) &^ 1
	if n < 4 {
		return 0
	}
	var evenNUL, oddNUL, pairs int
	for i := 0; i < n; i += 2 {
		if head[i] == 0 && head[i+1] == 0 {
			continue
		}
		pairs++
		if head[i] == 0 {
			evenNUL++
		}
		if head[i+1] == 0 {
			oddNUL++
		}
	}
	if pairs < 2 {
		return 0
	}
	switch {
	case oddNUL*10 >= pairs*7 && evenNUL*10 <= pairs:
		return 1
	case evenNUL*10 >= pairs*7 && oddNUL*10 <= pairs:
		return -1
	}
	return 0
}

func checkTextual(t *testing.T, b []byte) {
	t.Helper()
	if got, want := Textual(b), textualRef(b); got != want {
		t.Fatalf("Textual(%q) = %v, reference %v", b, got, want)
	}
	if got, want := UTF16Order(b), utf16OrderRef(b); got != want {
		t.Fatalf("UTF16Order(%q) = %v, reference %v", b, got, want)
	}
}

func TestTextualVsReference(t *testing.T) {
	r := rand.New(rand.NewPCG(17, 18))
	alphabet := []byte("ab \n\t\x00\x01\x1b\x1a\x1f\xef\xbb\xbf\xff\xfe")
	for i := 0; i < 50000; i++ {
		b := make([]byte, r.IntN(60))
		for k := range b {
			b[k] = alphabet[r.IntN(len(alphabet))]
		}
		checkTextual(t, b)
	}
	long := bytes.Repeat([]byte("a\x00"), 3000)
	checkTextual(t, long)
	checkTextual(t, append(bytes.Repeat([]byte("text "), 1000), 0))
}

func FuzzTextual(f *testing.F) {
	f.Add([]byte("plain text\n"))
	f.Add([]byte("\xff\xfea\x00b\x00"))
	f.Add([]byte("a\x00b\x00c\x00"))
	f.Fuzz(func(t *testing.T, b []byte) { checkTextual(t, b) })
}
