package credentials

import (
	"bytes"
	"math/rand"
	"testing"
)

// lineKeywords returns, per line of b, whether passFinder finds a password
// word in it.
func lineKeywords(b []byte) []bool {
	var f passFinder
	f.reset(b)
	var out []bool
	for pos := 0; pos < len(b); {
		le := indexFrom(b, pos, '\n')
		out = append(out, f.find(pos) < le)
		pos = le + 1
	}
	return out
}

// checkFinder compares passFinder with hasPassKeyword line by line.
func checkFinder(t *testing.T, b []byte) {
	t.Helper()
	got := lineKeywords(b)
	var lines [][]byte
	if len(b) > 0 {
		lines = bytes.Split(b, []byte{'\n'})
	}
	if len(b) > 0 && b[len(b)-1] == '\n' {
		lines = lines[:len(lines)-1]
	}
	if len(lines) != len(got) {
		t.Fatalf("%d lines, finder saw %d", len(lines), len(got))
	}
	for i, l := range lines {
		if want := hasPassKeyword(l); got[i] != want {
			t.Fatalf("line %d %q: finder %v, hasPassKeyword %v", i+1, l, got[i], want)
		}
	}
}

func TestPassFinder(t *testing.T) {
	for _, s := range []string{
		"", "\n", "pw", "xpw\n", "PW", "pW\nPw\n", "w\nW", "p\nw", "pass", "PASS\n", "pas\ns", "passord: hemmelig\n",
		"kode\nKODE\nkod\ne", "kennwort", "kennwor\n", "Lösenord", "senord", "salasana", "SALASANA\n",
		"lykilorð", "ykil\n", "l\nykil", "LYKIL", "xlykil", "ikke skole kommune plan\n", "pwpwpw\nwwww\npppp",
		"noe tekst\nmer tekst med passord\nog slutt", "kenn\nwort", "seno\nrd", "sala\nsana",
	} {
		checkFinder(t, []byte(s))
	}
}

// TestPassFinderRandom feeds lines built from keyword fragments, letters
// of both cases and separators, so that near misses and lines that end
// mid-word are common.
func TestPassFinderRandom(t *testing.T) {
	parts := []string{"pw", "Pw", "w", "W", "p", "P", "pass", "pas", "ass", "s", "kode", "ko", "de", "kennwort",
		"kenn", "wort", "senord", "seno", "rd", "salasana", "sala", "sana", "lykil", "l", "ykil", "y", "LYKIL",
		"KODE", "SeNoRd", " ", "\n", "\n", ":", "e", "a", "k", "n", "o", "æ", "ø"}
	r := rand.New(rand.NewSource(7))
	for it := 0; it < 20000; it++ {
		var b []byte
		for k := r.Intn(40); k > 0; k-- {
			b = append(b, parts[r.Intn(len(parts))]...)
		}
		checkFinder(t, b)
	}
}

func FuzzPassFinder(f *testing.F) {
	for _, s := range []string{"passord: x\nbrukernavn pw\n", "lykilorð\nKENNWORT", "sala\nsana\npw"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		checkFinder(t, b)
		if want := bytes.Contains(b, []byte(":::")) || bytes.Contains(b, []byte(":$")); dumpColon(b) != want {
			t.Fatalf("dumpColon(%q) = %v", b, !want)
		}
	})
}

func TestDumpColon(t *testing.T) {
	for _, s := range []string{"", ":", "::", ":::", "a:b:c", "x:$1$", "$:", "a::b:::", "10:51:02 x", "::$", ": ::", "::"} {
		b := []byte(s)
		want := bytes.Contains(b, []byte(":::")) || bytes.Contains(b, []byte(":$"))
		if got := dumpColon(b); got != want {
			t.Errorf("dumpColon(%q) = %v, want %v", s, got, want)
		}
	}
}
