package mail

import (
	"bytes"
	"io"
	"math/rand/v2"
	"testing"
	"testing/iotest"
)

// TestBase64FilterKeepsAlphabet compares the filter with the obvious
// byte-at-a-time one.
func TestBase64FilterKeepsAlphabet(t *testing.T) {
	r := rand.New(rand.NewPCG(19, 20))
	for i := 0; i < 2000; i++ {
		in := make([]byte, r.IntN(300))
		for k := range in {
			in[k] = byte(r.IntN(256))
		}
		var want []byte
		for _, c := range in {
			if ('A' <= c && c <= 'Z') || ('a' <= c && c <= 'z') || ('0' <= c && c <= '9') || c == '+' || c == '/' {
				want = append(want, c)
			}
		}
		got, err := io.ReadAll(&base64Filter{r: iotest.HalfReader(bytes.NewReader(in))})
		if err != nil || !bytes.Equal(got, want) {
			t.Fatalf("filter(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
}
