package main

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Independent generators for Nordic ID numbers (design §2), written apart
// from the detectors so the acceptance test does not grade them with their
// own arithmetic.

func (c *corpus) date(lo, hi int) time.Time {
	start := time.Date(lo, 1, 1, 0, 0, 0, 0, time.UTC)
	days := int(time.Date(hi, 12, 31, 0, 0, 0, 0, time.UTC).Sub(start).Hours() / 24)
	return start.AddDate(0, 0, c.r.IntN(days+1))
}

func digitsOf(s string) []int {
	var d []int
	for _, ch := range s {
		if ch >= '0' && ch <= '9' {
			d = append(d, int(ch-'0'))
		}
	}
	return d
}

func mod11(d []int, w []int) int {
	sum := 0
	for i, x := range w {
		sum += d[i] * x
	}
	return (11 - sum%11) % 11
}

var (
	noW1 = []int{3, 7, 6, 1, 8, 9, 4, 5, 2}
	noW2 = []int{5, 4, 3, 2, 7, 6, 5, 4, 3, 2}
)

// fnrKind selects ordinary, D-, H- or synthetic (Tenor, month+80) numbers.
type fnrKind int

const (
	fnrPlain fnrKind = iota
	fnrD
	fnrH
	fnrTenor
)

// fnr returns an 11-digit fødselsnummer born between 1940 and 2016.
func (c *corpus) fnr(kind fnrKind) string {
	for {
		d := c.date(1940, 2016)
		day, mon, yy := d.Day(), int(d.Month()), d.Year()%100
		switch kind {
		case fnrD:
			day += 40
		case fnrH:
			mon += 40
		case fnrTenor:
			mon += 80
		}
		var ind int
		if d.Year() < 2000 {
			ind = c.r.IntN(500)
		} else {
			ind = 500 + c.r.IntN(500)
		}
		base := fmt.Sprintf("%02d%02d%02d%03d", day, mon, yy, ind)
		ds := digitsOf(base)
		k1 := mod11(ds, noW1)
		if k1 == 10 {
			continue
		}
		ds = append(ds, k1)
		k2 := mod11(ds, noW2)
		if k2 == 10 {
			continue
		}
		return fmt.Sprintf("%s%d%d", base, k1, k2)
	}
}

// badFnr returns an 11-digit number with a valid date whose control digits
// are wrong.
func (c *corpus) badFnr() string {
	f := c.fnr(fnrPlain)
	k2 := int(f[10] - '0')
	return f[:10] + fmt.Sprint((k2+1+c.r.IntN(8))%10)
}

func luhn(d []int) int {
	sum := 0
	for i, x := range d {
		if i%2 == 0 {
			x *= 2
			if x > 9 {
				x -= 9
			}
		}
		sum += x
	}
	return (10 - sum%10) % 10
}

// pnr returns a Swedish personnummer: "YYMMDD-NNNC" (or "+" when ≥ 100
// years old), or "YYYYMMDD-NNNC" when long. samord adds 60 to the day.
func (c *corpus) pnr(long, samord bool) string {
	lo := 1940
	if c.r.IntN(25) == 0 {
		lo = 1915
	}
	d := c.date(lo, 2016)
	day := d.Day()
	if samord {
		day += 60
	}
	base := fmt.Sprintf("%02d%02d%02d%03d", d.Year()%100, int(d.Month()), day, c.r.IntN(1000))
	chk := luhn(digitsOf(base))
	sep := "-"
	if d.Year() < 1925 {
		sep = "+"
	}
	if long {
		return fmt.Sprintf("%d%s-%s%d", d.Year()/100, base[:6], base[6:], chk)
	}
	return fmt.Sprintf("%s%s%s%d", base[:6], sep, base[6:], chk)
}

func (c *corpus) badPnr() string {
	p := c.pnr(false, false)
	k := int(p[len(p)-1] - '0')
	return p[:len(p)-1] + fmt.Sprint((k+1+c.r.IntN(8))%10)
}

// cpr returns a Danish CPR number "DDMMYY-SSSS" with the century digit
// matching the birth year; no mod-11 (numbers since 2007 need none).
func (c *corpus) cpr() string {
	d := c.date(1940, 2016)
	var seventh int
	if d.Year() < 2000 {
		seventh = c.r.IntN(4)
	} else {
		seventh = []int{4, 9, 5, 6, 7, 8}[c.r.IntN(6)]
	}
	return fmt.Sprintf("%02d%02d%02d-%d%03d", d.Day(), int(d.Month()), d.Year()%100, seventh, c.r.IntN(1000))
}

const hetuChars = "0123456789ABCDEFHJKLMNPRSTUVWXY"

// hetu returns a Finnish henkilötunnus with any of the century signs.
func (c *corpus) hetu() string {
	d := c.date(1940, 2016)
	sign := byte('-')
	if d.Year() >= 2000 {
		sign = "ABCDEF"[c.r.IntN(6)]
	} else if c.r.IntN(3) == 0 {
		sign = "YXWVU"[c.r.IntN(5)]
	}
	z := 2 + c.r.IntN(898)
	base := fmt.Sprintf("%02d%02d%02d", d.Day(), int(d.Month()), d.Year()%100)
	n, _ := strconv.Atoi(fmt.Sprintf("%s%03d", base, z))
	return fmt.Sprintf("%s%c%03d%c", base, sign, z, hetuChars[n%31])
}

func (c *corpus) badHetu() string {
	h := c.hetu()
	i := strings.IndexByte(hetuChars, h[10])
	return h[:10] + string(hetuChars[(i+1+c.r.IntN(29))%31])
}

// kennitala returns a personal kennitala "DDMMYY-RRCK".
func (c *corpus) kennitala() string {
	for {
		d := c.date(1940, 2012)
		base := fmt.Sprintf("%02d%02d%02d%02d", d.Day(), int(d.Month()), d.Year()%100, 20+c.r.IntN(80))
		k := mod11(digitsOf(base), []int{3, 2, 7, 6, 5, 4, 3, 2})
		if k == 10 {
			continue
		}
		cent := 9
		if d.Year() >= 2000 {
			cent = 0
		}
		return fmt.Sprintf("%s-%s%d%d", base[:6], base[6:], k, cent)
	}
}

// bankAccount returns a Norwegian 11-digit account number (mod-11 with
// the second control digit's weights), formatted "1234.56.78903" or bare.
func (c *corpus) bankAccount(dotted bool) string {
	for {
		base := fmt.Sprintf("%04d%02d%04d", 1200+c.r.IntN(8000), c.r.IntN(100), c.r.IntN(10000))
		k := mod11(digitsOf(base), noW2)
		if k == 10 {
			continue
		}
		s := fmt.Sprintf("%s%d", base, k)
		if dotted {
			return s[:4] + "." + s[4:6] + "." + s[6:]
		}
		return s
	}
}

// orgnr returns a Norwegian organisation number (9 digits, mod 11).
func (c *corpus) orgnr() string {
	for {
		base := fmt.Sprintf("9%07d", c.r.IntN(10000000))
		k := mod11(digitsOf(base), []int{3, 2, 7, 6, 5, 4, 3, 2})
		if k != 10 {
			return fmt.Sprintf("%s%d", base, k)
		}
	}
}

// seOrgnr returns a Swedish organisationsnummer "55NNNN-NNNC" (Luhn).
func (c *corpus) seOrgnr() string {
	base := fmt.Sprintf("55%07d", c.r.IntN(10000000))
	return fmt.Sprintf("%s-%s%d", base[:6], base[6:], luhn(digitsOf(base)))
}

// --- people ----------------------------------------------------------------

var (
	firstNO = []string{"Ola", "Kari", "Nora", "Emma", "Jakob", "Filip", "Ingrid", "Sofie", "Lukas", "Aksel", "Tiril", "Sondre", "Maja", "Håkon", "Sølvi", "Ørjan", "Åse", "Mathias", "Vilde", "Eirik"}
	lastNO  = []string{"Nordmann", "Hansen", "Johansen", "Olsen", "Larsen", "Berg", "Haugen", "Bakken", "Sæther", "Løvås", "Strøm", "Dahl", "Aasen", "Kristiansen", "Moen", "Fjeld"}
	firstSE = []string{"Elsa", "Alice", "Maja", "William", "Hugo", "Liam", "Astrid", "Signe", "Björn", "Åsa", "Göran", "Linnéa", "Oskar", "Ebba"}
	lastSE  = []string{"Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson", "Öberg", "Lindqvist", "Åkesson", "Sjöberg"}
	firstDK = []string{"Freja", "Ida", "Mikkel", "Frederik", "Søren", "Mette", "Rasmus", "Ærtebjørg", "Anders", "Lærke"}
	lastDK  = []string{"Jensen", "Nielsen", "Pedersen", "Sørensen", "Rasmussen", "Jørgensen", "Møller", "Kjær"}
	firstFI = []string{"Aino", "Eino", "Väinö", "Helmi", "Onni", "Elli", "Leevi", "Siiri", "Jääkko", "Aada"}
	lastFI  = []string{"Korhonen", "Virtanen", "Mäkinen", "Nieminen", "Hämäläinen", "Järvinen", "Heikkinen", "Laaksonen"}
	firstIS = []string{"Jón", "Guðrún", "Sigríður", "Ólafur", "Þórdís", "Björk", "Ragnar", "Eyþór", "Ásdís", "Hildur"}
	lastIS  = []string{"Jónsson", "Sigurðardóttir", "Guðmundsson", "Ólafsdóttir", "Einarsson", "Þórsdóttir", "Magnússon"}
	firstEN = []string{"James", "Olivia", "Noah", "Amelia", "George", "Isla", "Harry", "Ava", "Jack", "Mia"}
	lastEN  = []string{"Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Davies", "Evans"}
	pwWords = []string{"Fotball", "Sommer", "Vinter", "Hest", "Katt", "Bergen", "Solsikke", "Tiger", "Blåbær", "Sjokolade", "Höst", "Kanelbulle", "Lakrids", "Kesä", "Hestur", "Dragon", "Monkey", "Snø", "Regn", "Fjord"}
)

// person returns a first and last name from a language's list.
func (c *corpus) person(lang string) (string, string) {
	f, l := firstNO, lastNO
	switch lang {
	case "se":
		f, l = firstSE, lastSE
	case "dk":
		f, l = firstDK, lastDK
	case "fi":
		f, l = firstFI, lastFI
	case "is":
		f, l = firstIS, lastIS
	case "en":
		f, l = firstEN, lastEN
	}
	return c.pick(f), c.pick(l)
}

// username derives a login like "ola.nordmann7" or "olanor01".
func (c *corpus) username(first, last string, i int) string {
	fold := strings.NewReplacer("æ", "ae", "ø", "o", "å", "a", "ä", "a", "ö", "o", "é", "e", "ð", "d", "þ", "th", "ó", "o", "í", "i", "ú", "u", "á", "a", "ý", "y")
	f, l := fold.Replace(strings.ToLower(first)), fold.Replace(strings.ToLower(last))
	switch i % 3 {
	case 0:
		return fmt.Sprintf("%s.%s%d", f, l, i)
	case 1:
		return fmt.Sprintf("%s%s%02d", f[:min(3, len(f))], l[:min(3, len(l))], i)
	}
	return fmt.Sprintf("%s%d", l[:min(4, len(l))], 1000+i)
}

// password returns a distinct, realistic clear-text password.
func (c *corpus) password(i int) string {
	switch c.r.IntN(4) {
	case 0:
		return fmt.Sprintf("%s%d", c.pick(pwWords), 10+c.r.IntN(90)+i*100)
	case 1:
		return fmt.Sprintf("%s%d!", c.pick(pwWords), 2000+c.r.IntN(25)+i*100)
	case 2:
		const al = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
		b := make([]byte, 10)
		for k := range b {
			b[k] = al[c.r.IntN(len(al))]
		}
		return string(b) + fmt.Sprint(i)
	}
	return fmt.Sprintf("%s.%s%d", strings.ToLower(c.pick(pwWords)), c.pick(pwWords), i)
}
