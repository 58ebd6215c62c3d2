package rtf

import (
	"io"

	"github.com/credsweep/credsweep/scanner/extract"
)

// control reads what follows a backslash.
func (p *parser) control(dst []byte) ([]byte, error) {
	b, err := p.r.ReadByte()
	if err != nil {
		return dst, nil // a trailing backslash; EOF is handled by step
	}
	if isLetter(b) {
		return p.word(dst, b)
	}
	fresh := p.fresh
	p.fresh = false
	switch b {
	case '\'':
		h, err1 := p.r.ReadByte()
		l, err2 := p.r.ReadByte()
		if err1 != nil || err2 != nil || hexVal(h) < 0 || hexVal(l) < 0 {
			return dst, nil
		}
		return p.char(dst, byte(hexVal(h)<<4|hexVal(l)), true), nil
	case '*':
		p.fresh = fresh // the destination word follows
		p.star = fresh
	case '\\', '{', '}':
		if p.skipN > 0 {
			p.skipN--
			return dst, nil
		}
		return p.text(dst, string(b)), nil
	case '~':
		return p.text(dst, "\u00a0"), nil
	case '_':
		return p.text(dst, "-"), nil
	case '\r', '\n':
		return p.text(dst, "\n"), nil
	case '\t':
		return p.text(dst, "\t"), nil
	}
	return dst, nil
}

func isLetter(b byte) bool { return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' }

// word reads a control word, its optional numeric parameter and the space
// that may end it, and acts on it.
func (p *parser) word(dst []byte, first byte) ([]byte, error) {
	var nb [32]byte
	name := append(nb[:0], first)
	var b byte
	var err error
	for {
		if b, err = p.r.ReadByte(); err != nil {
			break
		}
		if !isLetter(b) {
			break
		}
		if len(name) < cap(nb) {
			name = append(name, b)
		}
	}
	param, hasParam, neg, digits := 0, false, false, 0
	if err == nil && b == '-' {
		neg = true
		b, err = p.r.ReadByte()
	}
	for err == nil && b >= '0' && b <= '9' {
		hasParam = true
		if digits < 10 {
			param = param*10 + int(b-'0')
		}
		digits++
		b, err = p.r.ReadByte()
	}
	if neg {
		param = -param
	}
	if err == nil && b != ' ' {
		p.r.UnreadByte()
	}
	return p.act(dst, string(name), param, hasParam)
}

func (p *parser) act(dst []byte, name string, param int, hasParam bool) ([]byte, error) {
	fresh, star := p.fresh, p.star
	p.fresh, p.star = false, false
	if name != "u" {
		p.skipN = 0 // a control word ends the fallback text of a \uN
	}
	if fresh && (star || skipDests[name]) {
		dst = p.flush(dst)
		p.cur.skip = true
		if name == "fonttbl" {
			p.cur.fontTbl = true
		}
		return dst, nil
	}
	switch name {
	case "par", "line", "lbr":
		if p.cur.intbl {
			// pandoc writes each cell as {\pard\intbl text\par}\cell: the
			// row ends at \row.
			return p.text(dst, " "), nil
		}
		return p.text(dst, "\n"), nil
	case "sect", "page", "row", "nestrow":
		return p.text(dst, "\n"), nil
	case "intbl":
		p.cur.intbl = true
	case "pard":
		p.cur.intbl = false
	case "tab", "cell", "nestcell":
		return p.text(dst, "\t"), nil
	case "emdash":
		return p.text(dst, "\u2014"), nil
	case "endash":
		return p.text(dst, "\u2013"), nil
	case "bullet":
		return p.text(dst, "\u2022"), nil
	case "lquote":
		return p.text(dst, "\u2018"), nil
	case "rquote":
		return p.text(dst, "\u2019"), nil
	case "ldblquote":
		return p.text(dst, "\u201c"), nil
	case "rdblquote":
		return p.text(dst, "\u201d"), nil
	case "emspace", "enspace", "qmspace":
		return p.text(dst, " "), nil
	case "u":
		if !hasParam {
			return dst, nil
		}
		if param < 0 {
			param += 65536
		}
		if param < 0 || param > 0xFFFF {
			param = 0xFFFD
		}
		dst = p.rune(dst, rune(param))
		p.skipN = p.cur.uc
	case "uc":
		if hasParam && param >= 0 && param <= 16 {
			p.cur.uc = param
		}
	case "ansicpg":
		if e := codePage(param); e != nil {
			dst = p.flush(dst)
			p.ansi = e
			clear(p.decoders)
		}
	case "pc":
		p.setANSI(dst, 437)
	case "pca":
		p.setANSI(dst, 850)
	case "mac":
		p.setANSI(dst, 10000)
	case "f":
		dst = p.flush(dst)
		if p.cur.fontTbl {
			p.fontDef = param
		} else {
			p.cur.font = param
		}
	case "fcharset":
		if p.cur.fontTbl && len(p.fonts) < 4096 {
			p.fonts[p.fontDef] = charsetCodePage(param)
		}
	case "cpg":
		if p.cur.fontTbl && len(p.fonts) < 4096 && codePage(param) != nil {
			p.fonts[p.fontDef] = param
		}
	case "bin":
		// \binN: N raw bytes follow that are not RTF.
		dst = p.flush(dst)
		if param > 0 {
			if _, err := io.CopyN(io.Discard, p.r, int64(param)); err != nil {
				return dst, extract.MalformedError("rtf: \\bin data cut short")
			}
		}
	}
	return dst, nil
}

func (p *parser) setANSI(dst []byte, cp int) {
	p.ansi = codePage(cp)
	clear(p.decoders)
}
