package main

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"
)

// share2 is the second acceptance corpus: written apart from the first
// (its own generators, its own file layouts) so that the two corpora do
// not share the blind spots of one author. Container helpers (xlsxDoc,
// docxDoc, pdfDoc, zipBytes, utf16LEBOM, cp1252) are shared.
type share2 struct {
	*truth
	r *rand.Rand
}

func newShare2(t *testing.T, root string) *share2 {
	return &share2{truth: newTruth(t, root), r: rand.New(rand.NewPCG(1066, 2024))}
}

func (s *share2) put(rel string, data []byte) { s.write(rel, data) }

func (s *share2) putS(rel, text string) { s.put(rel, []byte(text)) }

func (s *share2) exp(uri, rule string, n int) { s.add(uri, rule, n) }

func (s *share2) none(uri string) { s.decoys[uri] = true }

func (s *share2) hide(v ...string) {
	for _, x := range v {
		s.secrets = append(s.secrets, x)
		if c := strings.NewReplacer("-", "", "+", "", " ", "").Replace(x); c != x {
			s.secrets = append(s.secrets, c)
		}
	}
}

func (s *share2) one(list ...string) string { return list[s.r.IntN(len(list))] }

func (s *share2) rnd(n int, alphabet string) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = alphabet[s.r.IntN(len(alphabet))]
	}
	return string(b)
}

func (s *share2) born(lo, hi int) time.Time {
	a := time.Date(lo, 1, 1, 0, 0, 0, 0, time.UTC)
	b := time.Date(hi, 12, 31, 0, 0, 0, 0, time.UTC)
	return a.Add(time.Duration(s.r.Int64N(int64(b.Sub(a)/time.Hour))) * time.Hour)
}

func nums(s string) []int {
	var d []int
	for i := 0; i < len(s); i++ {
		if s[i] >= '0' && s[i] <= '9' {
			d = append(d, int(s[i]-'0'))
		}
	}
	return d
}

func wsum(d, w []int) int {
	t := 0
	for i := range w {
		t += d[i] * w[i]
	}
	return t
}

// --- Norway ---------------------------------------------------------------

type noKind int

const (
	noPlain noKind = iota
	noD
	noH
	noTenor
)

// noID returns a valid fødselsnummer of the kind; validNO checks one.
func (s *share2) noID(k noKind) string {
	for {
		d := s.born(1945, 2019)
		dd, mm := d.Day(), int(d.Month())
		switch k {
		case noD:
			dd += 40
		case noH:
			mm += 40
		case noTenor:
			mm += 80
		}
		ind := s.r.IntN(500)
		if d.Year() >= 2000 {
			ind = 500 + s.r.IntN(500)
		}
		base := fmt.Sprintf("%02d%02d%02d%03d", dd, mm, d.Year()%100, ind)
		if id, ok := noChecks(base); ok {
			return id
		}
	}
}

func noChecks(base string) (string, bool) {
	d := nums(base)
	k1 := (11 - wsum(d, []int{3, 7, 6, 1, 8, 9, 4, 5, 2})%11) % 11
	if k1 == 10 {
		return "", false
	}
	d = append(d, k1)
	k2 := (11 - wsum(d, []int{5, 4, 3, 2, 7, 6, 5, 4, 3, 2})%11) % 11
	if k2 == 10 {
		return "", false
	}
	return fmt.Sprintf("%s%d%d", base, k1, k2), true
}

// validNO reports whether an 11-digit string passes both control digits.
func validNO(x string) bool {
	if len(x) != 11 {
		return false
	}
	id, ok := noChecks(x[:9])
	return ok && id == x
}

// --- Sweden ---------------------------------------------------------------

func luhn10(d []int) int {
	t := 0
	for i, x := range d {
		if i%2 == 0 {
			if x *= 2; x > 9 {
				x -= 9
			}
		}
		t += x
	}
	return (10 - t%10) % 10
}

// seID returns (12-digit form without separator, 10-digit with -/+).
func (s *share2) seID(samord bool) (long, short string) {
	d := s.born(1920, 2018)
	dd := d.Day()
	if samord {
		dd += 60
	}
	b := fmt.Sprintf("%02d%02d%02d%03d", d.Year()%100, int(d.Month()), dd, s.r.IntN(1000))
	c := luhn10(nums(b))
	sep := "-"
	if d.Year() <= 1924 {
		sep = "+"
	}
	return fmt.Sprintf("%02d%s%d", d.Year()/100, b, c), fmt.Sprintf("%s%s%s%d", b[:6], sep, b[6:], c)
}

// --- Denmark --------------------------------------------------------------

// dkID returns "DDMMYY-SSSS" with a century digit that fits the year.
func (s *share2) dkID() string {
	d := s.born(1940, 2020)
	var c int
	if d.Year() < 2000 {
		c = s.r.IntN(4)
	} else {
		c = 4 + s.r.IntN(2)*5 // 4 or 9
	}
	return fmt.Sprintf("%02d%02d%02d-%d%03d", d.Day(), int(d.Month()), d.Year()%100, c, s.r.IntN(1000))
}

// --- Finland --------------------------------------------------------------

const fiTab = "0123456789ABCDEFHJKLMNPRSTUVWXY"

// fiID returns a HETU with the given century sign (0 = choose).
func (s *share2) fiID(sign byte) string {
	var d time.Time
	switch {
	case sign == '+':
		d = s.born(1880, 1899)
	case sign >= 'A' && sign <= 'F':
		d = s.born(2000, 2022)
	case sign == 0:
		d = s.born(1950, 2015)
		sign = '-'
		if d.Year() >= 2000 {
			sign = 'A'
		}
	default:
		d = s.born(1930, 1999)
	}
	n := 2 + s.r.IntN(897)
	b := fmt.Sprintf("%02d%02d%02d", d.Day(), int(d.Month()), d.Year()%100)
	v := 0
	for _, x := range nums(fmt.Sprintf("%s%03d", b, n)) {
		v = v*10 + x
	}
	return fmt.Sprintf("%s%c%03d%c", b, sign, n, fiTab[v%31])
}

// --- Iceland --------------------------------------------------------------

// isID returns a kennitala; org adds 40 to the day (a company).
func (s *share2) isID(org bool) string {
	for {
		d := s.born(1950, 2015)
		dd := d.Day()
		if org {
			dd += 40
		}
		b := fmt.Sprintf("%02d%02d%02d%02d", dd, int(d.Month()), d.Year()%100, 20+s.r.IntN(79))
		k := (11 - wsum(nums(b), []int{3, 2, 7, 6, 5, 4, 3, 2})%11) % 11
		if k == 10 {
			continue
		}
		cent := 9
		if d.Year() >= 2000 {
			cent = 0
		}
		return fmt.Sprintf("%s-%s%d%d", b[:6], b[6:], k, cent)
	}
}

// --- people and passwords -------------------------------------------------

var (
	g2First = []string{"Sander", "Thea", "Magnus", "Live", "Tobias", "Ella", "Henrik", "Selma", "Kasper", "Frida", "Ludvig", "Alma", "Elias", "Saga", "Oliver", "Julie", "Noah", "Klara", "Viktor", "Hedda"}
	g2Last  = []string{"Solberg", "Hauge", "Lie", "Myhre", "Nygård", "Bråten", "Vik", "Ødegård", "Lunde", "Holm", "Sandvik", "Kvamme", "Ås", "Bjørnstad"}
	g2Words = []string{"Appelsin", "Pingvin", "Rakett", "Karamell", "Elefant", "Skiløper", "Bringebær", "Dinosaur", "Regnbue", "Tromsø", "Nordlys", "Lønneblad", "Mørkeblå", "Svømming"}
)

func (s *share2) name() (string, string) { return s.one(g2First...), s.one(g2Last...) }

func (s *share2) login(f, l string, i int) string {
	t := strings.NewReplacer("ø", "o", "å", "a", "æ", "ae", "Ø", "O", "Å", "A").Replace(strings.ToLower(f[:2] + l))
	return fmt.Sprintf("%s%02d", t, i)
}

// pw returns a distinct, realistic password; it is planted.
func (s *share2) pw(i int) string {
	var p string
	switch s.r.IntN(5) {
	case 0:
		p = fmt.Sprintf("%s%d", s.one(g2Words...), 100+i*7+s.r.IntN(5))
	case 1:
		p = fmt.Sprintf("%s%02d!", s.one(g2Words...), i)
	case 2:
		p = s.rnd(9, "abcdefghkmnpqrstuvwxyzABCDEFGHKMNPQRSTUVWXYZ23456789") + fmt.Sprint(i%10)
	case 3:
		p = fmt.Sprintf("%s-%s-%d", strings.ToLower(s.one(g2Words...)), strings.ToLower(s.one(g2Words...)), i)
	default:
		p = fmt.Sprintf("Høst%d#%s", 2020+i%5, s.rnd(3, "abcdefghijkmnpqrstuvwxyz"))
	}
	s.hide(p)
	return p
}
