package nationalid

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"

	"github.com/credsweep/credsweep/detectors"
)

// scanKeywordsRef is scanKeywords byte by byte, as it was before the
// shared filter: the reference the fast walk must equal. It records the keywords that start in b[from:to] (hits stay
// sorted: callers scan increasing ranges). With headers, a line holding a
// keyword is also tried as a table header. It returns where the next scan
// may start.
func (s *session) scanKeywordsRef(b []byte, from, to int, headers bool) int {
	prevWord := from > 0 && isAlnum(b[from-1])
	lineStart, checked := 0, -1
	if headers && from > 0 {
		lineStart = bytes.LastIndexByte(b[:from], '\n') + 1
	}
	ws := -1 // start of the current word, for word-end cues
	i := from
	for ; i < to; i++ {
		cl := class[b[i]]
		if cl&clLetter == 0 {
			if cl&clNL != 0 {
				lineStart = i + 1
			}
			if ws >= 0 && i-ws >= 5 && cl&clDigit == 0 {
				if c := b[i-1]; c == 'n' || c == 'e' || c == 'j' {
					s.lang[wordEndCue(b[ws:i])]++
				}
			}
			ws = -1
			prevWord = cl&clDigit != 0
			continue
		}
		if prevWord {
			continue
		}
		prevWord, ws = true, i
		k, ln, ok := matchAt(b, i)
		if !ok {
			continue
		}
		if k.lang != langNone || k.ctry {
			if k.lang != langNone {
				s.lang[k.lang]++
			} else if headers && lineStart != checked {
				checked = lineStart
				s.maybeHeader(b, lineStart)
			}
			ws = -1
			i += ln - 1
			prevWord = isAlnum(b[i])
			continue
		}
		s.hits = append(s.hits, hit{pos: i, end: i + ln, lab: k.lab})
		s.file = s.file.merge(k.lab)
		if headers && lineStart != checked {
			checked = lineStart
			s.maybeHeader(b, lineStart)
		}
		i += ln - 1
		prevWord = isAlnum(b[i])
	}
	return i
}

// keywordState is what a keyword scan leaves in a session. s.lang[langNone]
// is left out: the byte walk counts every long word ending in n, e or j
// there, and nothing reads it.
func keywordState(s *session, ret int) string {
	return fmt.Sprintf("ret=%d hits=%v lang=%v file=%v events=%+v", ret, s.hits, s.lang[langNone+1:], s.file, s.events)
}

// sameKeywords runs the fast scan and the reference over b[from:to] in
// fresh sessions and compares all they record.
func sameKeywords(t *testing.T, b []byte, from, to int, headers bool) {
	t.Helper()
	d := New().(*detector)
	fast := d.NewSession(detectors.Section{File: "x.txt"}).(*session)
	ref := d.NewSession(detectors.Section{File: "x.txt"}).(*session)
	got := keywordState(fast, fast.scanKeywords(b, from, to, headers))
	want := keywordState(ref, ref.scanKeywordsRef(b, from, to, headers))
	if got != want {
		t.Fatalf("scanKeywords(%q, %d, %d, %v):\nfast %s\nref  %s", b, from, to, headers, got, want)
	}
}

// keywordWords are the words and pieces random texts are made of: keywords
// of every kind, cue endings, capitals, digits and separators.
var keywordWords = []string{"fødselsnummer", "Fødselsnummer", "FØDSELSNUMMER", "personnummer", "cpr", "CPR-nr", "fnr", "og", "och",
	"Nielsen", "Larsson", "Vestergade", "Søndervej", "sen", "sson", "gade", "vej", "Hansen", "kontonr", "konto", "personnr",
	"Sverige", "Danmark", "land", "country", "kennitala", "hetu", "henkilötunnus", "ikke", "inte", "ja", "nej", "ÆØÅ", "æøå",
	"123", "9", " ", " ", "\n", "\t", ";", ",", ":", "-", ".", "(", "\xa0", "\xc2\xa0", "x", "E", "n", "j", "e", "skole", "adresse"}

func randomKeywordText(r *rand.Rand) []byte {
	var b []byte
	for k := r.IntN(60); k > 0; k-- {
		b = append(b, keywordWords[r.IntN(len(keywordWords))]...)
	}
	return b
}

func TestScanKeywordsVsReference(t *testing.T) {
	r := rand.New(rand.NewPCG(21, 22))
	for it := 0; it < 20000; it++ {
		b := randomKeywordText(r)
		from := r.IntN(len(b) + 1)
		to := from + r.IntN(len(b)-from+1)
		if r.IntN(3) == 0 {
			from, to = 0, len(b)
		}
		sameKeywords(t, b, from, to, r.IntN(2) == 0)
	}
	files, _ := filepath.Glob("testdata/*")
	for _, p := range files {
		if b, err := os.ReadFile(p); err == nil {
			sameKeywords(t, b, 0, len(b), true)
			sameKeywords(t, b, 0, min(len(b), 65536), false)
		}
	}
}

func FuzzScanKeywords(f *testing.F) {
	f.Add([]byte("Fødselsnummer: 01019012345\nNavn: Ola Nielsen, Vestergade 3\n"), 0, 60, true)
	f.Add([]byte("CPR-nr;Navn\n010190-1234;Hansen\n"), 3, 30, false)
	f.Fuzz(func(t *testing.T, b []byte, from, to int, headers bool) {
		if from < 0 || from > len(b) {
			from = 0
		}
		if to < from || to > len(b) {
			to = len(b)
		}
		sameKeywords(t, b, from, to, headers)
	})
}
