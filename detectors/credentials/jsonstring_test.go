package credentials

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// jsonStringRef is the byte loop jsonString replaced: the reference.
func jsonStringRef(line []byte, k int) (string, int) {
	var b strings.Builder
	for k < len(line) && line[k] != '"' {
		if line[k] == '\\' && k+1 < len(line) {
			k++
		}
		b.WriteByte(line[k])
		k++
	}
	return b.String(), k
}

func TestJSONString(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 12))
	alphabet := []byte(`ab"\:{} `)
	for range 20000 {
		b := make([]byte, r.IntN(30))
		for i := range b {
			b[i] = alphabet[r.IntN(len(alphabet))]
		}
		for k := 0; k <= len(b); k++ {
			gs, gk := jsonString(b, k)
			ws, wk := jsonStringRef(b, k)
			if gs != ws || gk != wk {
				t.Fatalf("jsonString(%q, %d) = %q, %d; want %q, %d", b, k, gs, gk, ws, wk)
			}
		}
	}
}
