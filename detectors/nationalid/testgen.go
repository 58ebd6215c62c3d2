package nationalid

import "fmt"

// Example returns a valid, formatted, synthetic national ID number for
// country "no", "se", "dk", "fi", "is" or "ee", the same for the same
// seed. It is for tests and benchmark corpora.
//
// Forms: NO "DDMMYYIIIKK", SE "YYMMDD-NNNC", DK "DDMMYY-SSSS", FI
// "DDMMYYCZZZQ" (check character a letter), IS "DDMMYY-RRCK" and EE
// "GYYMMDDSSSC". The forms are chosen so no other country's rules accept
// them, except that every kennitala is also a possible CPR number
// (kennitala wins without context). It panics on an unknown country.
func Example(country string, seed int) string {
	return generate(country, seed, true)
}

// ExampleInvalid returns a number of the same form as Example that no rule
// of this package accepts: decoys for "rejected numbers" lists. NO, SE, FI
// and EE get a wrong check digit; DK and IS an impossible day (32–39),
// since any date-valid kennitala is also a possible CPR number.
func ExampleInvalid(country string, seed int) string {
	return generate(country, seed, false)
}

// rng is splitmix64: tiny, deterministic, good enough for test data.
type rng uint64

func (r *rng) next() uint64 {
	*r += 0x9E3779B97F4A7C15
	z := uint64(*r)
	z = (z ^ z>>30) * 0xBF58476D1CE4E5B9
	z = (z ^ z>>27) * 0x94D049BB133111EB
	return z ^ z>>31
}

func (r *rng) intn(n int) int { return int(r.next() % uint64(n)) }

// date returns a random valid date with the year in [lo, hi].
func (r *rng) date(lo, hi int) (y, m, d int) {
	for {
		y, m, d = lo+r.intn(hi-lo+1), 1+r.intn(12), 1+r.intn(31)
		if validDate(y, m, d) {
			return
		}
	}
}

func generate(code string, seed int, valid bool) string {
	c, ok := byCode[code]
	if !ok {
		panic("nationalid: unknown country " + code)
	}
	r := rng(uint64(seed)*0x2545F4914F6CDD1D + uint64(len(code)))
	for {
		if s := countries[c].gen(&r, valid); s != "" && accepted(c, s, valid) {
			return s
		}
	}
}

// accepted reports, for a valid example, that the country's rules accept s
// and no competing reading does (bar the exampleAlso countries: CPR for a
// kennitala); for an invalid one, that no rule accepts it.
func accepted(c country, s string, valid bool) bool {
	d := New().(*detector)
	sh := countries[c].exampleShape
	key := s
	if sh == shDash64 {
		key = s[:6] + s[7:]
	}
	in := d.interpret(key, sh)
	if c != cEE {
		// Added after the others: their examples stay what they were, and
		// about 1 in 400 of the 11-digit ones is also a valid isikukood.
		in.valid &^= bEE
	}
	if !valid {
		return in.valid == 0
	}
	return in.valid&(1<<c) != 0 && in.valid&^(1<<c|countries[c].exampleAlso) == 0
}

func genNO(r *rng, valid bool) string {
	y, m, d := r.date(1940, 2020)
	var ind int
	if y < 2000 {
		ind = r.intn(500)
	} else {
		ind = 500 + r.intn(500)
	}
	base := fmt.Sprintf("%02d%02d%02d%03d", d, m, y%100, ind)
	k1 := mod11(base, noK1)
	if k1 < 0 {
		return ""
	}
	base += fmt.Sprint(k1)
	k2 := mod11(base, noK2)
	if k2 < 0 {
		return ""
	}
	if !valid {
		k2 = (k2 + 1 + r.intn(9)) % 10
	}
	return base + fmt.Sprint(k2)
}

func luhnDigit(s string) int {
	for c := 0; c < 10; c++ {
		if luhn(s + fmt.Sprint(c)) {
			return c
		}
	}
	return 0
}

func genSE(r *rng, valid bool) string {
	y, m, d := r.date(1930, 2015)
	base := fmt.Sprintf("%02d%02d%02d%03d", y%100, m, d, r.intn(1000))
	c := luhnDigit(base)
	if !valid {
		c = (c + 1 + r.intn(9)) % 10
	}
	return fmt.Sprintf("%s-%s%d", base[:6], base[6:], c)
}

func genDK(r *rng, valid bool) string {
	y, m, d := r.date(1940, 2015)
	var d7 int
	if y < 2000 {
		d7 = r.intn(4)
	} else {
		d7 = 4 + r.intn(6)
	}
	if !valid {
		d = 32 + r.intn(8)
	}
	return fmt.Sprintf("%02d%02d%02d-%d%03d", d, m, y%100, d7, r.intn(1000))
}

func genFI(r *rng, valid bool) string {
	y, m, d := r.date(1930, 2020)
	sign := byte('-')
	if y >= 2000 {
		sign = 'A'
	}
	z := 2 + r.intn(898)
	q := fiCheckChars[(((d*100+m)*100+y%100)*1000+z)%31]
	if q <= '9' {
		return "" // keep examples unambiguous with a letter check character
	}
	if !valid {
		q = fiCheckChars[(int(q)+1+r.intn(30))%31]
		if q <= '9' {
			return ""
		}
	}
	return fmt.Sprintf("%02d%02d%02d%c%03d%c", d, m, y%100, sign, z, q)
}

func genIS(r *rng, valid bool) string {
	y, m, d := r.date(1930, 2015)
	if !valid {
		d = 32 + r.intn(8)
	}
	base := fmt.Sprintf("%02d%02d%02d%02d", d, m, y%100, 20+r.intn(80))
	c := mod11(base, isW)
	if c < 0 {
		return ""
	}
	return fmt.Sprintf("%s-%s%d%d", base[:6], base[6:], c, y/100%10)
}

func genEE(r *rng, valid bool) string {
	y, m, d := r.date(1930, 2020)
	g := 3 + 2*((y-1900)/100) + r.intn(2)
	base := fmt.Sprintf("%d%02d%02d%02d%03d", g, y%100, m, d, r.intn(1000))
	c := eeCheckDigit(base)
	if !valid {
		c = (c + 1 + r.intn(9)) % 10
	}
	return base + fmt.Sprint(c)
}
