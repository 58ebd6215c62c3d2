package grams

import (
	"bytes"
	"math/bits"
	"math/rand"
	"os"
	"slices"
	"testing"
)

// piece is a test piece; the reference matcher below is the plain
// definition: three bytes equal after |0x20.
type piece struct {
	b        [3]byte
	anyThird bool
}

func naiveAt(ps []piece, b []byte, p int) bool {
	for _, pc := range ps {
		ok := true
		for r := 0; r < 3; r++ {
			if r == 2 && pc.anyThird {
				continue
			}
			if b[p+r]|0x20 != pc.b[r]|0x20 {
				ok = false
			}
		}
		if ok {
			return true
		}
	}
	return false
}

// positions lists every candidate position Next reports from from on.
func positions(f *Filter, b []byte, from int, next func([]byte, int) (int, uint32)) []int {
	var out []int
	for i := from; ; {
		base, mask := next(b, i)
		if mask == 0 {
			return out
		}
		if base < i || base+Window <= i {
			panic("window out of order")
		}
		for m := mask; m != 0; m &= m - 1 {
			out = append(out, base+bits.TrailingZeros32(m))
		}
		i = base + Window
	}
}

var credPieces = []piece{{[3]byte{'p', 'w'}, true}, {[3]byte{'p', 'a', 's'}, false}, {[3]byte{'k', 'o', 'd'}, false},
	{[3]byte{'n', 'n', 'w'}, false}, {[3]byte{'e', 'n', 'o'}, false}, {[3]byte{'a', 's', 'a'}, false},
	{[3]byte{'y', 'k', 'i'}, false}, {[3]byte{0xb6, 's', 'e'}, false}}

func randomText(rnd *rand.Rand, n int, alphabet string) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = alphabet[rnd.Intn(len(alphabet))]
	}
	return b
}

// With one piece per bucket the filter is exact: the positions it gives
// are those the plain definition gives.
func TestOnePiecePerBucketIsExact(t *testing.T) {
	var f Filter
	for i, p := range credPieces {
		f.Add(i, Piece{Bytes: p.b, AnyThird: p.anyThird})
	}
	rnd := rand.New(rand.NewSource(1))
	for _, alphabet := range []string{"pPaAsSwWkKoOdDnNeEyYiI\xb6\x96 \n-_", "abcdefghijklmnopqrstuvwxyz \n\xc3\xb6\xb6", "\x00\x10\x20\x30\x50\x70\x90\xb0\xd0\xf0"} {
		for n := 0; n < 300; n++ {
			b := randomText(rnd, n, alphabet)
			var want []int
			for p := 0; p+3 <= len(b); p++ {
				if naiveAt(credPieces, b, p) {
					want = append(want, p)
				}
			}
			for from := 0; from <= min(n, 40); from += 7 {
				got := positions(&f, b, from, f.Next)
				if all := slices.Collect(f.All(b, from)); !equal(all, got) {
					t.Fatalf("n=%d from=%d: All %v, Next %v", n, from, all, got)
				}
				var w []int
				for _, p := range want {
					if p >= from {
						w = append(w, p)
					}
				}
				if !equal(got, w) {
					t.Fatalf("n=%d from=%d: %q: got %v, want %v", n, from, b, got, w)
				}
			}
		}
	}
}

// With many pieces per bucket the filter may give more positions, never
// fewer.
func TestCrowdedBucketsMissNothing(t *testing.T) {
	rnd := rand.New(rand.NewSource(2))
	words := []string{"ghp", "gho", "xox", "sk-", "akia", "pwd", "51:", "://", "<pa", "-----", "sig", "npm", "aiz", "glp", "acc", "hoo"}
	var ps []piece
	var f Filter
	for i, w := range words {
		p := piece{b: [3]byte{w[0], w[1], w[2]}}
		ps = append(ps, p)
		f.Add(i%Buckets, Piece{Bytes: p.b})
	}
	var gp []Piece
	for _, p := range ps {
		gp = append(gp, Piece{Bytes: p.b})
	}
	for _, filt := range []*Filter{&f, New(gp, 1), New(gp, 2)} {
		for n := 0; n < 2000; n += 13 {
			b := randomText(rnd, n, "abcdefghijklmnopqrstuvwxyzGHPXOSKAI-_:/<51 \n")
			got := map[int]bool{}
			for _, p := range positions(filt, b, 0, filt.Next) {
				got[p] = true
			}
			for p := 0; p+3 <= len(b); p++ {
				if naiveAt(ps, b, p) && !got[p] {
					t.Fatalf("n=%d: %q has a piece at %d that Next missed", n, b, p)
				}
			}
		}
	}
}

// The AVX2 loops give exactly what the Go loop gives, on any bytes, tables,
// lengths and starts: filters of any banks (nextAVX2), and of one bank
// (next1AVX2, its tables in registers).
func TestAVX2MatchesGo(t *testing.T) {
	if !useAVX2 {
		t.Skip("no AVX2 on this machine: Next runs the Go loop only")
	}
	for _, tc := range []struct {
		name    string
		buckets int
		rounds  int
	}{{"any banks", Buckets, 300}, {"one bank", 8, 3000}} {
		t.Run(tc.name, func(t *testing.T) {
			rnd := rand.New(rand.NewSource(3))
			for round := 0; round < tc.rounds; round++ {
				var f Filter
				for k := rnd.Intn(20); k >= 0; k-- {
					f.Add(rnd.Intn(tc.buckets), Piece{Bytes: [3]byte{randomByte(rnd), randomByte(rnd), byte(rnd.Intn(256))}, AnyThird: rnd.Intn(5) == 0})
				}
				if tc.buckets <= 8 && f.banks != 1 {
					t.Fatalf("round %d: %d banks", round, f.banks)
				}
				n := rnd.Intn(400)
				b := make([]byte, n)
				for i := range b {
					b[i] = randomByte(rnd)
				}
				from := rnd.Intn(n + 1)
				if got, want := positions(&f, b, from, f.Next), positions(&f, b, from, f.nextGo); !equal(got, want) {
					t.Fatalf("round %d: AVX2 %v, Go %v", round, got, want)
				}
			}
		})
	}
}

// randomByte is any byte half the time and one of a-d otherwise, so that
// pieces and texts meet.
func randomByte(rnd *rand.Rand) byte {
	if rnd.Intn(2) == 0 {
		return byte('a' + rnd.Intn(4))
	}
	return byte(rnd.Intn(256))
}

func FuzzNext(f *testing.F) {
	f.Add([]byte("brukernavn;passord\nola;Passord123\n"), 0)
	f.Add(bytes.Repeat([]byte("lösenord pw="), 9), 3)
	var filt Filter
	for i, p := range credPieces {
		filt.Add(i, Piece{Bytes: p.b, AnyThird: p.anyThird})
	}
	f.Fuzz(func(t *testing.T, b []byte, from int) {
		if from < 0 || from > len(b) {
			from = 0
		}
		got := positions(&filt, b, from, filt.Next)
		if want := positions(&filt, b, from, filt.nextGo); !equal(got, want) {
			t.Fatalf("Next %v, Go loop %v", got, want)
		}
		var want []int
		for p := from; p+3 <= len(b); p++ {
			if naiveAt(credPieces, b, p) {
				want = append(want, p)
			}
		}
		if !equal(got, want) {
			t.Fatalf("Next %v, plain definition %v", got, want)
		}
	})
}

func equal(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// BenchmarkNext: GRAMS_TEXT names a text file (default: generated
// Norwegian-like prose).
func BenchmarkNext(b *testing.B) {
	text := []byte(nil)
	if p := os.Getenv("GRAMS_TEXT"); p != "" {
		text, _ = os.ReadFile(p)
	}
	if len(text) == 0 {
		rnd := rand.New(rand.NewSource(4))
		words := []string{"og", "i", "det", "som", "er", "en", "på", "til", "med", "skole", "elev", "møte", "referat", "kommune", "vedtak"}
		for len(text) < 8<<20 {
			text = append(text, words[rnd.Intn(len(words))]...)
			text = append(text, ' ')
		}
	}
	var f Filter
	for i, p := range credPieces {
		f.Add(i, Piece{Bytes: p.b, AnyThird: p.anyThird})
	}
	for _, impl := range []struct {
		name string
		next func([]byte, int) (int, uint32)
	}{{"Next", f.Next}, {"Go", f.nextGo}} {
		b.Run(impl.name, func(b *testing.B) {
			b.SetBytes(int64(len(text)))
			hits := 0
			for i := 0; i < b.N; i++ {
				hits = len(positions(&f, text, 0, impl.next))
			}
			b.ReportMetric(float64(hits), "hits")
		})
	}
}
