package nationalid

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/credsweep/credsweep/detectors"
)

// scanReused is scanText with one block buffer, overwritten after each
// Scan as the scanner's buffers are.
func scanReused(sec detectors.Section, text string, blockSize int) string {
	s := New().NewSession(sec)
	var out []string
	emit := func(f detectors.Finding) { out = append(out, fmt.Sprintf("%+v", f)) }
	buf := make([]byte, 0, len(text)+1)
	line := 1
	for len(text) > 0 {
		end, next := len(text), len(text)
		if blockSize > 0 && end > blockSize {
			end = strings.LastIndexByte(text[:blockSize], '\n') + 1
			next = end
			if end <= 0 {
				end, next = blockSize, blockSize-blockSize/4
			}
		}
		buf = append(buf[:0], text[:end]...)
		s.Scan(buf, line, emit)
		for i := range buf {
			buf[i] = 'x'
		}
		line += strings.Count(text[:next], "\n")
		text = text[next:]
	}
	s.Finish(emit)
	return strings.Join(out, "\n")
}

// sameWithDeferral fails t unless deferring the keyword scans of inert
// blocks changes no finding, at several block sizes, as text and table.
func sameWithDeferral(t *testing.T, text string) {
	t.Helper()
	for _, table := range []bool{false, true} {
		sec := detectors.Section{File: "data.csv", Table: table}
		for _, bs := range []int{0, 37, 200, 1000, 4096, 70000} {
			deferKeywords = false
			want := scanReused(sec, text, bs)
			deferKeywords = true
			got := scanReused(sec, text, bs)
			if got != want {
				t.Fatalf("table %v, blocks of %d: findings differ with deferral on %q\nwith:    %s\nwithout: %s", table, bs, trunc(text), got, want)
			}
		}
	}
}

func trunc(s string) string {
	if len(s) > 400 {
		return s[:400] + "..."
	}
	return s
}

func TestInert(t *testing.T) {
	for text, want := range map[string]bool{
		"":                            true,
		"møte 2019-03-04 kl 12:00":    true,
		"tlf 22 33 44 55":             true,
		"tlf +47 22 33 44 55":         false, // ten digits in groups
		"2019-03-04 12:00:01 INFO":    false, // "2019-03-04 12": ten
		"konto 123456":                false,
		"fnr 01019012345":             false,
		"12345 1234.":                 true,
		"fødselsnummer: ikke oppgitt": true,
	} {
		if got := inert([]byte(text)); got != want {
			t.Errorf("inert(%q) = %v, want %v", text, got, want)
		}
	}
}

// genDeferral writes text where keywords, headers and language cues come
// in blocks without numbers and the numbers blocks later.
func genDeferral(r *rand.Rand) string {
	pick := func(s ...string) string { return s[r.IntN(len(s))] }
	var b strings.Builder
	for n := 1 + r.IntN(60); n > 0; n-- {
		switch r.IntN(9) {
		case 0:
			b.WriteString(pick("Navn;Fødselsnummer;Land\n", "name\tpersonnummer\tcountry\n", "navn,cpr,by\n", "Nimi;Henkilötunnus\n", "nafn|kennitala\n"))
		case 1:
			b.WriteString(pick("fnr: ", "Personnummer ", "CPR-nr. ", "hetu ", "kennitala: ", "isikukood ") + pick(Example("no", 1+r.IntN(5)), Example("se", 1+r.IntN(5)), Example("dk", 1+r.IntN(5)), Example("fi", 1+r.IntN(5)), Example("is", 1+r.IntN(5))) + "\n")
		case 2:
			b.WriteString(pick("Ola;", "Kari\t", "Jens,") + pick(Example("no", 1+r.IntN(5)), Example("dk", 1+r.IntN(5)), "0101901234", "10 04 87 44 732") + pick(";Norge\n", "\tSverige\n", ",Danmark\n", "\n"))
		case 3:
			b.WriteString(pick("Hej och välkommen till mötet, vänliga hälsningar\n", "Med vennlig hilsen fra kommunen og skolen\n", "Venlig hilsen og tak for mødet i går\n", "Ystävällisin terveisin\n"))
		case 4:
			b.WriteString(pick("kontonummer ", "konto ", "ordre ", "telefon ") + pick("1234.56.78901", "12345678901", "22 33 44 55", "+47 22334455") + "\n")
		case 5:
			b.WriteString("INSERT INTO p (id, fnr) VALUES (1, '" + Example("no", 1+r.IntN(5)) + "');\n")
		case 6:
			b.WriteString(strings.Repeat(pick("lorem ipsum dolor sit amet ", "møte referat 2019-03-04 "), 1+r.IntN(80)) + "\n")
		default:
			b.WriteString(pick("", "\n", "fødselsnummer\n", "Adresse: Storgata 1, 0101 Oslo\n"))
		}
	}
	return b.String()
}

func TestDeferralChangesNothing(t *testing.T) {
	files, _ := filepath.Glob("testdata/*")
	for _, p := range files {
		if b, err := os.ReadFile(p); err == nil {
			sameWithDeferral(t, string(b))
		}
	}
	r := rand.New(rand.NewPCG(11, 12))
	for i := 0; i < 300; i++ {
		sameWithDeferral(t, genDeferral(r))
	}
}

func FuzzDeferral(f *testing.F) {
	fuzzSeeds(f)
	r := rand.New(rand.NewPCG(13, 14))
	for i := 0; i < 10; i++ {
		f.Add([]byte(genDeferral(r)), 0)
	}
	f.Fuzz(func(t *testing.T, data []byte, _ int) {
		sameWithDeferral(t, string(data))
	})
}

// inertRef is inert spelled out with the tokenizer's own scanners.
func inertRef(b []byte) bool {
	if nextSix(b, 0) < len(b) {
		return false
	}
	for i := 0; i+2 < len(b); {
		if i = nextGroup(b, i, len(b)); i >= len(b) {
			break
		}
		k, n := groupStart(b, 0, i), 0
		for {
			for k < len(b) && isDigit(b[k]) {
				n++
				k++
			}
			if k+1 < len(b) && isGroupSep(b[k]) && isDigit(b[k+1]) {
				k++
				continue
			}
			break
		}
		if n >= 10 {
			return false
		}
		i = k
	}
	return true
}

// TestInertVsReference: texts up to 40 bytes (the byte walk alone) and up
// to 300 (several windows of 64 bytes, runs across their edges), dense
// with digits and separators, and sparse.
func TestInertVsReference(t *testing.T) {
	r := rand.New(rand.NewPCG(15, 16))
	dense := []byte("0123456789 -.+/:ab\n")
	sparse := []byte("0123456789 -.abcdefghijklmnopqrstuvwxyzæøå\n     ")
	for i := 0; i < 60000; i++ {
		alphabet := dense
		if i%2 == 1 {
			alphabet = sparse
		}
		b := make([]byte, r.IntN([]int{40, 300}[i%3/2]))
		for k := range b {
			b[k] = alphabet[r.IntN(len(alphabet))]
		}
		if inert(b) != inertRef(b) {
			t.Fatalf("inert(%q) = %v, reference %v", b, inert(b), inertRef(b))
		}
	}
}

func FuzzInert(f *testing.F) {
	f.Add([]byte("tlf +47 22 33 44 55"))
	f.Add([]byte("2019-03-04 12:00"))
	f.Fuzz(func(t *testing.T, b []byte) {
		if inert(b) != inertRef(b) {
			t.Fatalf("inert(%q) = %v, reference %v", b, inert(b), inertRef(b))
		}
		// An inert block has no candidate.
		if inert(b) && len(findTokens(b, nil, true)) > 0 {
			t.Fatalf("inert block %q has tokens", b)
		}
	})
}
