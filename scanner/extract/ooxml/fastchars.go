package ooxml

import (
	"io"
	"unicode/utf8"
)

// Character data, references and the byte classes of the fast tokenizer.

// byte classes for character data and attribute values.
const (
	cPlain = iota
	cLT
	cAmp
	cSpecial // needs a closer look: ']', quotes, '>' — checked by context
	cBad     // control characters, '\r': handed off
	cHigh    // UTF-8 lead or continuation byte
)

var class = func() (t [256]byte) {
	for i := range t {
		switch {
		case i == '\t' || i == '\n':
			t[i] = cPlain
		case i < 0x20:
			t[i] = cBad
		case i >= 0x80:
			t[i] = cHigh
		}
	}
	t['<'] = cLT
	t['&'] = cAmp
	t[']'] = cSpecial
	t['"'] = cSpecial
	t['\''] = cSpecial
	return t
}()

func isNameStart(b byte) bool {
	return 'a' <= b && b <= 'z' || 'A' <= b && b <= 'Z' || b == '_'
}

// isNameByte is encoding/xml's set of ASCII name bytes (':' included).
func isNameByte(b byte) bool {
	return isNameStart(b) || '0' <= b && b <= '9' || b == '.' || b == '-' || b == ':'
}

func isSpace(b byte) bool { return b == ' ' || b == '\n' || b == '\t' || b == '\r' }

func inCharRange(r rune) bool {
	return r == 0x09 || r == 0x0A || r == 0x0D || r >= 0x20 && r <= 0xD7FF ||
		r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= 0x10FFFF
}

// chars reads character data up to the next '<' or the end of input.
func (x *fastXML) chars() (int, int) {
	x.scratch = x.scratch[:0]
	i, seg, dec := x.pos, x.pos, false
	buf := x.buf[:x.end]
	for {
		for i < len(buf) && class[buf[i]] == cPlain {
			i++
		}
		if i == len(buf) {
			if x.srcErr != io.EOF {
				return 0, needMore
			}
			break
		}
		c := buf[i]
		if c == '<' {
			break
		}
		switch class[c] {
		case cSpecial:
			if c == ']' {
				if i+2 >= len(buf) && !x.eof(i+2) {
					return 0, needMore
				}
				if i+2 < len(buf) && buf[i+1] == ']' && buf[i+2] == '>' {
					return 0, bail // encoding/xml: unescaped ]]>
				}
			}
			i++
		case cHigh:
			n, r := x.rune(buf, i)
			if r != parsed {
				return 0, r
			}
			i += n
		case cAmp:
			x.scratch = append(x.scratch, buf[seg:i]...)
			var n, r int
			if x.scratch, n, r = x.entity(x.scratch, buf, i); r != parsed {
				return 0, r
			}
			i += n
			seg, dec = i, true
		default:
			return 0, bail
		}
	}
	if dec {
		x.text = append(x.scratch, buf[seg:i]...)
		x.scratch = x.text
	} else {
		x.text = buf[x.pos:i]
	}
	x.pos = i
	return tokText, parsed
}

// rune checks the UTF-8 sequence at buf[i] and returns its length.
func (x *fastXML) rune(buf []byte, i int) (int, int) {
	if !utf8.FullRune(buf[i:]) {
		if x.srcErr == nil {
			return 0, needMore
		}
		return 0, bail
	}
	r, n := utf8.DecodeRune(buf[i:])
	if r == utf8.RuneError && n == 1 || !inCharRange(r) {
		return 0, bail
	}
	return n, parsed
}

// entity decodes the reference at buf[i] ('&') onto dst; n is its length.
func (x *fastXML) entity(dst, buf []byte, i int) (out []byte, n, r int) {
	j := i + 1
	for j < len(buf) && j-i <= 12 && buf[j] != ';' {
		j++
	}
	if j == len(buf) && x.srcErr == nil && j-i <= 12 {
		return dst, 0, needMore
	}
	if j >= len(buf) || buf[j] != ';' {
		return dst, 0, bail
	}
	name := buf[i+1 : j]
	switch string(name) {
	case "amp":
		return append(dst, '&'), j + 1 - i, parsed
	case "lt":
		return append(dst, '<'), j + 1 - i, parsed
	case "gt":
		return append(dst, '>'), j + 1 - i, parsed
	case "quot":
		return append(dst, '"'), j + 1 - i, parsed
	case "apos":
		return append(dst, '\''), j + 1 - i, parsed
	}
	if len(name) < 2 || name[0] != '#' {
		return dst, 0, bail
	}
	digits, base := name[1:], rune(10)
	if digits[0] == 'x' {
		digits, base = digits[1:], 16
	}
	if len(digits) == 0 || len(digits) > 8 {
		return dst, 0, bail
	}
	v := rune(0)
	for _, b := range digits {
		var d rune
		switch {
		case '0' <= b && b <= '9':
			d = rune(b - '0')
		case base == 16 && 'a' <= b && b <= 'f':
			d = rune(b-'a') + 10
		case base == 16 && 'A' <= b && b <= 'F':
			d = rune(b-'A') + 10
		default:
			return dst, 0, bail
		}
		v = v*base + d
	}
	if v > utf8.MaxRune {
		return dst, 0, bail
	}
	if 0xD800 <= v && v <= 0xDFFF {
		v = utf8.RuneError // what string(rune(v)) gives encoding/xml
	}
	if !inCharRange(v) {
		return dst, 0, bail
	}
	return utf8.AppendRune(dst, v), j + 1 - i, parsed
}
