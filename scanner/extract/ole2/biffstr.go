package ole2

import "unicode/utf16"

// contReader reads a BIFF record together with its CONTINUE records as one
// byte sequence, except for string characters: at each record boundary
// inside a string, the next record starts with a new flags byte that says
// whether the rest is 8-bit or 16-bit (MS-XLS 2.5.293).
type contReader struct {
	segs [][]byte
	si   int
	pos  int
	buf  []uint16
}

// next moves to the next segment; false at the end.
func (r *contReader) next() bool {
	for r.pos >= len(r.segs[r.si]) {
		if r.si+1 >= len(r.segs) {
			return false
		}
		r.si++
		r.pos = 0
	}
	return true
}

func (r *contReader) u8() (byte, bool) {
	if !r.next() {
		return 0, false
	}
	b := r.segs[r.si][r.pos]
	r.pos++
	return b, true
}

func (r *contReader) u16() (uint16, bool) {
	a, ok1 := r.u8()
	b, ok2 := r.u8()
	return uint16(a) | uint16(b)<<8, ok1 && ok2
}

func (r *contReader) u32() (uint32, bool) {
	a, ok1 := r.u16()
	b, ok2 := r.u16()
	return uint32(a) | uint32(b)<<16, ok1 && ok2
}

// skip skips n bytes across boundaries.
func (r *contReader) skip(n int) bool {
	for n > 0 {
		if !r.next() {
			return false
		}
		k := min(n, len(r.segs[r.si])-r.pos)
		r.pos += k
		n -= k
	}
	return true
}

// chars reads cch characters, 16-bit when high, switching width at record
// boundaries. 8-bit characters are the low bytes of UTF-16 (Latin-1).
func (r *contReader) chars(cch int, high bool) (string, bool) {
	r.buf = r.buf[:0]
	for len(r.buf) < cch {
		if r.pos >= len(r.segs[r.si]) {
			if r.si+1 >= len(r.segs) {
				return string(utf16.Decode(r.buf)), false
			}
			r.si++
			r.pos = 0
			f, ok := r.u8()
			if !ok {
				return string(utf16.Decode(r.buf)), false
			}
			high = f&0x01 != 0
			continue
		}
		seg := r.segs[r.si]
		if high {
			if r.pos+1 >= len(seg) {
				r.pos = len(seg) // half a character: damaged, drop it
				continue
			}
			r.buf = append(r.buf, uint16(seg[r.pos])|uint16(seg[r.pos+1])<<8)
			r.pos += 2
		} else {
			r.buf = append(r.buf, uint16(seg[r.pos]))
			r.pos++
		}
	}
	return string(utf16.Decode(r.buf)), true
}

// unicodeString reads an XLUnicodeString (16-bit count) or, with rich, an
// XLUnicodeRichExtendedString, skipping formatting runs and phonetic data.
func (r *contReader) unicodeString(rich bool) (string, bool) {
	cch, ok := r.u16()
	if !ok {
		return "", false
	}
	flags, ok := r.u8()
	if !ok {
		return "", false
	}
	var runs, ext uint32
	if rich && flags&0x08 != 0 {
		n, _ := r.u16()
		runs = uint32(n)
	}
	if rich && flags&0x04 != 0 {
		ext, _ = r.u32()
	}
	s, ok := r.chars(int(cch), flags&0x01 != 0)
	if !ok {
		return s, false
	}
	if !r.skip(int(runs) * 4) {
		return s, false
	}
	if ext > 0 && !r.skip(int(ext&0x7FFFFFFF)) {
		return s, false
	}
	return s, true
}
