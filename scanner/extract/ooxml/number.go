package ooxml

// appendNumber appends a numeric cell value as written, except that
// scientific notation is expanded to plain digits: Excel stores an 11-digit
// ID typed into a General cell as 1.0101901234E10, and the detectors look
// for the digits. The expansion is done on the decimal string, never through
// a float, so no digit changes.
func appendNumber(dst, v []byte) []byte {
	e := -1
	for i, b := range v {
		if b == 'E' || b == 'e' {
			e = i
			break
		}
	}
	if e < 0 {
		return append(dst, v...)
	}
	mant, exp, ok := splitMantissa(v[:e]), 0, true
	ev := v[e+1:]
	neg := false
	if len(ev) > 0 && (ev[0] == '+' || ev[0] == '-') {
		neg = ev[0] == '-'
		ev = ev[1:]
	}
	if len(ev) == 0 || len(ev) > 3 {
		ok = false
	}
	for _, b := range ev {
		if b < '0' || b > '9' {
			ok = false
			break
		}
		exp = exp*10 + int(b-'0')
	}
	if neg {
		exp = -exp
	}
	if !ok || !mant.ok || exp > 40 || exp < -40 {
		return append(dst, v...)
	}
	digits, point := mant.digits, mant.point+exp
	if mant.neg {
		dst = append(dst, '-')
	}
	start := len(dst)
	switch {
	case point <= 0:
		dst = append(dst, '0', '.')
		for range -point {
			dst = append(dst, '0')
		}
		dst = append(dst, digits...)
	case point >= len(digits):
		dst = append(dst, digits...)
		for range point - len(digits) {
			dst = append(dst, '0')
		}
	default:
		dst = append(dst, digits[:point]...)
		dst = append(dst, '.')
		dst = append(dst, digits[point:]...)
	}
	return tidyDecimal(dst, start)
}

type mantissa struct {
	digits []byte
	point  int // digits before the decimal point
	neg    bool
	ok     bool
}

func splitMantissa(m []byte) mantissa {
	var r mantissa
	if len(m) > 0 && (m[0] == '-' || m[0] == '+') {
		r.neg = m[0] == '-'
		m = m[1:]
	}
	r.point = -1
	for i, b := range m {
		switch {
		case b >= '0' && b <= '9':
			r.digits = append(r.digits, b)
		case b == '.' && r.point < 0:
			r.point = i
		default:
			return r
		}
	}
	if r.point < 0 {
		r.point = len(r.digits)
	}
	r.ok = len(r.digits) > 0 && len(r.digits) <= 40
	return r
}

// tidyDecimal drops leading zeros of the integer part and trailing zeros of
// the fraction of the number written at dst[start:].
func tidyDecimal(dst []byte, start int) []byte {
	num := dst[start:]
	dot := -1
	for i, b := range num {
		if b == '.' {
			dot = i
			break
		}
	}
	if dot >= 0 {
		end := len(num)
		for end > dot+1 && num[end-1] == '0' {
			end--
		}
		if end == dot+1 {
			end = dot
		}
		num = num[:end]
	}
	lead := 0
	intLen := len(num)
	if dot >= 0 && dot < intLen {
		intLen = dot
	}
	for lead < intLen-1 && num[lead] == '0' {
		lead++
	}
	n := copy(dst[start:], num[lead:])
	return dst[:start+n]
}
