package detectors

import (
	"strconv"
	"strings"
)

// Safe is text that may go into any output (SARIF, JSON, terminal, logs,
// state). It can only be made from string literals of the program, from
// counts and from entries of a Vocabulary, never from a string computed at
// run time: no byte of a scanned file can become Safe.
//
// The compiler enforces it. Text takes a parameter of the unexported type
// literal; an untyped string constant converts to it implicitly, but a string
// variable does not, and no code outside this package can name the type to
// convert one.
type Safe struct{ s string }

// literal is the parameter type that only constants can fill.
type literal string

// Text makes Safe text from a string literal (or constant).
func Text(s literal) Safe { return Safe{string(s)} }

// Count is a number with commas between thousands: "35,012".
// A count says how many, never what.
func Count(n int) Safe {
	neg := n < 0
	if neg {
		n = -n
	}
	s := strconv.Itoa(n)
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return Safe{b.String()}
}

// Join concatenates Safe parts.
func Join(parts ...Safe) Safe {
	var b strings.Builder
	for _, p := range parts {
		b.WriteString(p.s)
	}
	return Safe{b.String()}
}

// Quote wraps Safe text in single quotes: 'passord'.
func Quote(s Safe) Safe { return Safe{"'" + s.s + "'"} }

// String returns the text.
func (s Safe) String() string { return s.s }

// IsZero reports whether the text is empty.
func (s Safe) IsZero() bool { return s.s == "" }

// Vocabulary is a fixed list of words built from literals (header words,
// keywords, scheme names). Looking a word up gives the canonical entry as
// Safe text, so a message can say which word matched without quoting the
// file's own bytes.
type Vocabulary struct {
	words []string
	index map[string]int
}

// Words makes a Vocabulary from literals.
func Words(w ...literal) Vocabulary {
	v := Vocabulary{words: make([]string, len(w)), index: make(map[string]int, len(w))}
	for i, x := range w {
		v.words[i] = string(x)
		if _, dup := v.index[string(x)]; !dup {
			v.index[string(x)] = i
		}
	}
	return v
}

// Len is the number of entries.
func (v Vocabulary) Len() int { return len(v.words) }

// At returns entry i for matching. The caller must not keep a modified copy
// as if it were an entry: only Entry and Find give Safe text.
func (v Vocabulary) At(i int) string { return v.words[i] }

// Entry returns entry i as Safe text.
func (v Vocabulary) Entry(i int) Safe { return Safe{v.words[i]} }

// Find returns the entry equal to s.
func (v Vocabulary) Find(s string) (Safe, bool) {
	i, ok := v.index[s]
	if !ok {
		return Safe{}, false
	}
	return Safe{v.words[i]}, true
}

// Has reports whether s is an entry.
func (v Vocabulary) Has(s string) bool {
	_, ok := v.index[s]
	return ok
}
