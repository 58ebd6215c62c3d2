package nationalid

import "github.com/credsweep/credsweep/detectors/grams"

// shape says how a number was written; a number seen in several shapes
// keeps them all.
type shape uint16

const (
	shC10     shape = 1 << iota // 0101901234
	shDash64                    // 010190-1234
	shSpace64                   // 010190 1234
	shPlus64                    // 010190+1234
	shC11                       // 01019012345
	shSep11                     // 010190 12345, 010190-12345
	shC12                       // 199001011234
	shDash84                    // 19900101-1234
	shFI                        // 010190A123B, 131052-308T
	shC9                        // 9 digits: only a table cell that lost its leading zero
	shPad10                     // a CPR cell 101190123 read as 0101190123
	shPad11                     // a fødselsnummer cell 2088925419 read as 02088925419
	shGrp10                     // 8803-20-0016: digit groups, only under an ID label (grouped.go)
	shGrp11                     // 10 04 87 44 732, 01.01.90 12345
	shGrp12                     // 1988 03 20 0016
)

const (
	sh10Family = shC10 | shDash64 | shSpace64 | shPlus64 | shPad10 | shGrp10
	sh11Family = shC11 | shSep11 | shPad11 | shGrp11
	sh12Family = shC12 | shDash84 | shGrp12
)

// token is one well-formed candidate in a block, before context.
type token struct {
	pos, end int
	sh       shape
	key      [12]byte // digits (10, 11 or 12), or the 11 HETU characters
	klen     uint8
	plus     bool
}

func (t *token) keyString() string { return string(t.key[:t.klen]) }

const (
	swarLo  = 0x0101010101010101
	swarHi  = 0x8080808080808080
	swarLow = swarLo * 127
)

func asciiAlnum(c byte) bool {
	return c-'0' <= 9 || (c|0x20)-'a' <= 'z'-'a'
}

func isFISign(c byte) bool {
	switch c {
	case 'Y', 'X', 'W', 'V', 'U', 'A', 'B', 'C', 'D', 'E', 'F':
		return true
	}
	return false
}

// isFICheckLetter reports whether c is a letter HETU uses as check char.
func isFICheckLetter(c byte) bool {
	return c >= 'A' && c <= 'Y' && c != 'G' && c != 'I' && c != 'O' && c != 'Q' && c != 'Z'
}

// leftOK reports whether a number may start at b[i]: it must not continue
// a word, a longer number or a digit group (grouped: the number itself is
// written with a space, so "4111 111111 11111" is a card, not a number).
func leftOK(b []byte, i int, grouped bool) bool {
	if i == 0 {
		return true
	}
	p := b[i-1]
	if asciiAlnum(p) {
		return false
	}
	switch p {
	case '_', '+', '#', '$', '\\':
		return false
	}
	if i < 2 {
		return true
	}
	q := b[i-2]
	switch p {
	case '-', '.':
		if isDigit(q) {
			return false
		}
		// A word glued by '-' or '.' is a label ("f.nr.01019012345") unless
		// it holds digits: a UUID group, a code like "AB12-".
		for k := i - 2; k >= 0 && k >= i-40 && asciiAlnum(b[k]); k-- {
			if isDigit(b[k]) {
				return false
			}
		}
	case '/', ':', ',':
		if p != ',' && isDigit(q) {
			return false
		}
	case ' ':
		if grouped && isDigit(q) {
			return false
		}
	case 0xA0:
		if grouped && q == 0xC2 && i >= 3 && isDigit(b[i-3]) {
			return false
		}
	}
	return true
}

// rightOK is leftOK's mirror for the byte after a number ending at e.
func rightOK(b []byte, e int, grouped bool) bool {
	if e >= len(b) {
		return true
	}
	c := b[e]
	if asciiAlnum(c) || c == '_' {
		return false
	}
	if e+1 < len(b) {
		d := b[e+1]
		switch c {
		case '-', '.', '/', ':', '+':
			return !isDigit(d)
		case ' ':
			return !(grouped && isDigit(d))
		case 0xC2:
			if d == 0xA0 && e+2 < len(b) {
				return !(grouped && isDigit(b[e+2]))
			}
		}
	}
	return true
}

// findTokens appends the well-formed candidates of b to out; 9-digit runs
// only with nine (a table's cells, see pad.go). Every candidate starts
// with a run of at least six digits, so shorter runs (dates, times,
// amounts: most digits of logs and exports) are skipped a word at a time
// by nextSix and never walked byte by byte.
func findTokens(b []byte, out []token, nine bool) []token {
	n := len(b)
	// i is 0 or just past a digit run or a token, so it is no digit and
	// the first six digits at or after it start a run.
	for i := 0; i < n; {
		i = nextSix(b, i)
		if i >= n {
			break
		}
		j := i + 6
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
			out, i = tokenAt(b, i, j, out)
		default:
			i = j
		}
	}
	return out
}

// nextSix returns the first index at or after i where six digits in a row
// start, or len(b).
func nextSix(b []byte, i int) int { return grams.DigitRun(b, i, 6) }

// tokenAt examines the digit run b[i:j] and what follows; it returns the
// index to continue from.
func tokenAt(b []byte, i, j int, out []token) ([]token, int) {
	n := len(b)
	L := j - i
	t := token{pos: i}
	switch L {
	case 9, 10, 11, 12:
		if !leftOK(b, i, false) || !rightOK(b, j, false) {
			return out, j
		}
		t.end = j
		t.klen = uint8(copy(t.key[:], b[i:j]))
		t.sh = shC10
		if L == 9 {
			t.sh = shC9
		} else if L == 11 {
			t.sh = shC11
		} else if L == 12 {
			t.sh = shC12
		}
		return append(out, t), j
	case 8:
		if j+5 > n || b[j] != '-' || !isDigit(b[j+1]) || !isDigit(b[j+2]) || !isDigit(b[j+3]) || !isDigit(b[j+4]) {
			return out, j
		}
		e := j + 5
		if (e < n && isDigit(b[e])) || !leftOK(b, i, false) || !rightOK(b, e, false) {
			return out, j
		}
		copy(t.key[:], b[i:j])
		copy(t.key[8:], b[j+1:e])
		t.klen, t.sh, t.end = 12, shDash84, e
		return append(out, t), e
	}
	// L == 6: DDMMYY or YYMMDD followed by a separator or a HETU sign.
	if j >= n {
		return out, j
	}
	sep, m := b[j], j+1
	switch {
	case sep == '-' || sep == '+' || sep == ' ' || isFISign(sep):
	case sep == 0xC2 && j+1 < n && b[j+1] == 0xA0:
		sep, m = ' ', j+2
	default:
		return out, j
	}
	e := m
	for e < n && isDigit(b[e]) {
		e++
	}
	grouped := sep == ' '
	r := e - m
	copy(t.key[:], b[i:j])
	switch {
	case r == 5 && (sep == '-' || sep == ' '):
		t.sh = shSep11
		copy(t.key[6:], b[m:e])
		t.klen = 11
	case r == 4 && isFISign(sep):
		t.sh = shFI
		t.key[6] = sep
		copy(t.key[7:], b[m:e])
		t.klen = 11
	case r == 4:
		t.sh = shDash64
		if sep == '+' {
			t.sh = shPlus64
		} else if sep == ' ' {
			t.sh = shSpace64
		}
		t.plus = sep == '+'
		copy(t.key[6:], b[m:e])
		t.klen = 10
	case r == 3 && e < n && isFICheckLetter(b[e]) && sep != ' ':
		t.sh = shFI
		t.key[6] = sep
		copy(t.key[7:], b[m:e+1])
		t.klen = 11
		e++
	default:
		return out, j
	}
	if !leftOK(b, i, grouped) || !rightOK(b, e, grouped) {
		return out, j
	}
	t.end = e
	return append(out, t), e
}
