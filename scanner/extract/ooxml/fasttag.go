package ooxml

import "unicode/utf8"

// Start and end tags of the fast tokenizer: names, attributes and values.

// markup reads a token starting with '<'.
func (x *fastXML) markup() (int, int) {
	buf := x.buf[:x.end]
	i := x.pos + 1
	if i >= len(buf) {
		return x.short(i)
	}
	switch buf[i] {
	case '/':
		_, local, j, r := x.qname(buf, i+1)
		if r != parsed {
			return 0, r
		}
		for j < len(buf) && isSpace(buf[j]) {
			j++
		}
		if j >= len(buf) {
			return x.short(j)
		}
		if buf[j] != '>' {
			return 0, bail
		}
		x.name = local
		x.pos = j + 1
		return tokEnd, parsed
	case '?':
		return x.procInst(buf, i+1)
	case '!':
		return x.comment(buf, i+1)
	}
	return x.startTag(buf, i)
}

// qname reads an element or attribute name at buf[i]: an ASCII name with at
// most one colon that splits it into a non-empty prefix and local name, as
// encoding/xml's nsname does.
func (x *fastXML) qname(buf []byte, i int) (full, local []byte, j, r int) {
	j = i
	colon := -1
	for {
		if j >= len(buf) {
			_, r = x.short(j)
			return nil, nil, 0, r
		}
		b := buf[j]
		if b >= utf8.RuneSelf {
			return nil, nil, 0, bail
		}
		if !isNameByte(b) {
			break
		}
		if b == ':' {
			if colon >= 0 {
				return nil, nil, 0, bail
			}
			colon = j
		}
		j++
	}
	if j == i || !isNameStart(buf[i]) {
		return nil, nil, 0, bail
	}
	local = buf[i:j]
	if colon >= 0 {
		if colon == j-1 || !isNameStart(buf[colon+1]) {
			return nil, nil, 0, bail
		}
		local = buf[colon+1 : j]
	}
	return buf[i:j], local, j, parsed
}

// startTag reads a start element whose name is at buf[i].
func (x *fastXML) startTag(buf []byte, i int) (int, int) {
	_, local, j, r := x.qname(buf, i)
	if r != parsed {
		return 0, r
	}
	x.attrs = x.attrs[:0]
	if cap(x.arena) < len(buf)-x.pos {
		x.arena = make([]byte, 0, len(buf)-x.pos)
	}
	x.arena = x.arena[:0] // decoded values are never longer than their source
	for {
		for j < len(buf) && isSpace(buf[j]) {
			j++
		}
		if j >= len(buf) {
			return x.short(j)
		}
		switch buf[j] {
		case '/':
			if j+1 >= len(buf) {
				return x.short(j + 1)
			}
			if buf[j+1] != '>' {
				return 0, bail
			}
			x.needClose = true
			x.closeName = append(x.closeName[:0], local...)
			x.name = local
			x.pos = j + 2
			return tokStart, parsed
		case '>':
			x.name = local
			x.pos = j + 1
			return tokStart, parsed
		}
		var a fastAttr
		if _, a.local, j, r = x.qname(buf, j); r != parsed {
			return 0, r
		}
		for j < len(buf) && isSpace(buf[j]) {
			j++
		}
		if j >= len(buf) {
			return x.short(j)
		}
		if buf[j] != '=' {
			return 0, bail
		}
		j++
		for j < len(buf) && isSpace(buf[j]) {
			j++
		}
		if j >= len(buf) {
			return x.short(j)
		}
		if a.value, j, r = x.attrValue(buf, j); r != parsed {
			return 0, r
		}
		x.attrs = append(x.attrs, a)
	}
}

// attrValue reads a quoted attribute value at buf[i].
func (x *fastXML) attrValue(buf []byte, i int) (val []byte, j, r int) {
	q := buf[i]
	if q != '"' && q != '\'' {
		return nil, 0, bail
	}
	j = i + 1
	seg, dec, from := j, false, len(x.arena)
	for {
		for j < len(buf) && class[buf[j]] == cPlain {
			j++
		}
		if j >= len(buf) {
			_, r = x.short(j)
			return nil, 0, r
		}
		b := buf[j]
		switch class[b] {
		case cSpecial:
			if b == q {
				if !dec {
					return buf[i+1 : j], j + 1, parsed
				}
				x.arena = append(x.arena, buf[seg:j]...)
				return x.arena[from:], j + 1, parsed
			}
			j++
		case cHigh:
			n, r := x.rune(buf, j)
			if r != parsed {
				return nil, 0, r
			}
			j += n
		case cAmp:
			x.arena = append(x.arena, buf[seg:j]...)
			var n int
			if x.arena, n, r = x.entity(x.arena, buf, j); r != parsed {
				return nil, 0, r
			}
			j += n
			seg, dec = j, true
		default: // '<' is an error in a value; controls and '\r' are left to encoding/xml
			return nil, 0, bail
		}
	}
}
