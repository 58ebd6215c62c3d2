package nationalid

import (
	"math/bits"
	"sort"

	"github.com/credsweep/credsweep/detectors"
)

// strength says how much a form proves on its own.
type strength uint8

const (
	weak   strength = iota // needs context: compact 10 and 12 digits, spaced, FH
	dashed                 // reported at low confidence without context
	strong                 // reported without context
)

// reading is one country's reading of a number.
type reading struct {
	secret string
	detail detectors.Safe
	test   bool
	str    strength
}

type interpretation struct {
	valid uint8 // countries whose rules the number passes
	r     [nCountries]reading
}

var noDetail = map[noKind]detectors.Safe{
	noD:      detectors.Text("D-number"),
	noH:      detectors.Text("H-number or synthetic test number"),
	noTenor:  detectors.Text("synthetic test number (Tenor)"),
	noFH:     detectors.Text("FH-number"),
	noDH:     detectors.Text("D-number; H-number or synthetic test number"),
	noDTenor: detectors.Text("D-number; synthetic test number (Tenor)"),
}

// shapeText says what was checked, per country: the shape of the number,
// never any of its digits.
var shapeText = [nCountries]detectors.Safe{
	cNO: detectors.Text("11 digits, date and both control digits valid"),
	cSE: detectors.Text("date and Luhn check digit valid"),
	cDK: detectors.Text("10 digits, valid date"),
	cFI: detectors.Text("date and check character valid"),
	cIS: detectors.Text("10 digits, date and check digit valid"),
}

// plausible reports without allocating whether any rule accepts the token
// (the filter before any context work).
func (d *detector) plausible(t *token) bool {
	k := t.key[:t.klen]
	switch {
	case t.sh == shC9:
		return false // only its padded form counts (pad.go)
	case t.sh&sh11Family != 0:
		return checkNO(string(k)) != noInvalid
	case t.sh&shFI != 0:
		return checkFI(string(k)) != fiInvalid
	case t.sh&sh12Family != 0:
		return checkSE12(string(k), d.refYear) != seInvalid
	}
	if r, _ := checkSE10(string(k), d.refYear, t.plus); r != seInvalid {
		return true
	}
	if !t.plus && (checkDK(string(k)) || checkIS(string(k))) {
		return true
	}
	if t.sh&(shDash64|shPlus64) != 0 {
		var h [11]byte
		copy(h[:], k[:6])
		h[6] = '-'
		if t.plus {
			h[6] = '+'
		}
		copy(h[7:], k[6:])
		return checkFI(string(h[:])) != fiInvalid
	}
	return false
}

// interpret checks a key (see token) in every shape it was seen in.
func (d *detector) interpret(key string, sh shape) interpretation {
	var in interpretation
	set := func(c country, r reading) {
		if in.valid&(1<<c) == 0 || r.str > in.r[c].str {
			in.r[c] = r
		}
		in.valid |= 1 << c
	}
	switch {
	case sh&sh11Family != 0:
		k := checkNO(key)
		if k == noInvalid {
			break
		}
		r := reading{secret: key, detail: noDetail[k], test: k == noH || k == noTenor || k == noDH || k == noDTenor, str: strong}
		if k == noFH {
			r.str = weak
		}
		set(cNO, r)
	case sh&shFI != 0:
		if f := checkFI(key); f != fiInvalid {
			set(cFI, fiReading(key, f, strong))
		}
	case sh&sh12Family != 0:
		if r := checkSE12(key, d.refYear); r != seInvalid {
			str := weak
			if sh&shDash84 != 0 {
				str = dashed
			}
			set(cSE, seReading(key, r, str))
		}
	case sh&shPlus64 != 0:
		digits := key[:10]
		if r, y := checkSE10(digits, d.refYear, true); r != seInvalid {
			set(cSE, seReading(se12(digits, y), r, dashed))
		}
		if f := checkFI(digits[:6] + "+" + digits[6:]); f != fiInvalid {
			set(cFI, fiReading(digits[:6]+"+"+digits[6:], f, dashed))
		}
	case sh&sh10Family != 0:
		str := weak
		if sh&shDash64 != 0 {
			str = dashed
		}
		if r, y := checkSE10(key, d.refYear, false); r != seInvalid {
			set(cSE, seReading(se12(key, y), r, str))
		}
		if checkDK(key) {
			set(cDK, reading{secret: key, str: str})
		}
		if checkIS(key) {
			set(cIS, reading{secret: key, str: str})
		}
		if sh&shDash64 != 0 {
			h := key[:6] + "-" + key[6:]
			if f := checkFI(h); f != fiInvalid {
				set(cFI, fiReading(h, f, dashed))
			}
		}
	}
	return in
}

func seReading(full string, r seResult, str strength) reading {
	rd := reading{secret: full, str: str}
	if r == seCoord {
		rd.detail = detectors.Text("samordningsnummer")
	}
	return rd
}

func fiReading(h string, f fiResult, str strength) reading {
	rd := reading{secret: h, str: str}
	if f == fiTemporary {
		rd.detail = detectors.Text("temporary identity code")
	}
	return rd
}

// tieOrder breaks ties between readings: the strongest check first. In a
// Danish section CPR goes before the Swedish and Finnish readings.
var (
	tieOrder   = [...]country{cIS, cSE, cFI, cDK, cNO}
	tieOrderDK = [...]country{cIS, cDK, cSE, cFI, cNO}
)

// shapeCountries are the countries a shape can belong to at all.
func shapeCountries(sh shape) uint8 {
	var m uint8
	if sh&sh11Family != 0 {
		m |= bNO
	}
	if sh&sh10Family != 0 {
		m |= bSE | bDK | bIS
	}
	if sh&(shDash64|shPlus64|shFI) != 0 {
		m |= bFI
	}
	if sh&sh12Family != 0 {
		m |= bSE
	}
	return m
}

func score(l label, c country) int {
	s := 0
	if l.pri&(1<<c) != 0 {
		s += 2
	}
	if l.sec&(1<<c) != 0 {
		s++
	}
	return s
}

// pick returns the valid country with the best score under l, ties broken
// by the section's vote, then by tieOrder; ok is false when none scores.
func pick(valid uint8, l label, vote *[nCountries]int, order *[nCountries]country) (country, bool) {
	best, bestScore, found := country(0), 0, false
	for _, c := range order {
		if valid&(1<<c) == 0 {
			continue
		}
		sc := score(l, c)
		if sc == 0 {
			continue
		}
		if !found || sc > bestScore || (sc == bestScore && vote[c] > vote[best]) {
			best, bestScore, found = c, sc, true
		}
	}
	return best, found
}

// decide turns the section's numbers into findings, one rule each.
func (s *session) decide() []detectors.Finding {
	ins := make([]interpretation, len(s.list))
	var vote [nCountries]int
	for i := range s.list {
		e := &s.list[i]
		ins[i] = s.d.interpret(e.key, e.sh)
		if v := ins[i].valid &^ bNO; e.negOcc == 0 && bits.OnesCount8(v) == 1 {
			vote[bits.TrailingZeros8(v)]++
		}
	}
	fileOnlyNeg := s.file.neg && s.file.pri|s.file.sec == 0
	dv := s.vote(ins)
	order := &tieOrder
	if dv.lang == langDK {
		order = &tieOrderDK
	}
	var out []detectors.Finding
	seen := map[string]bool{}
	for i := range s.list {
		e := &s.list[i]
		in := ins[i]
		if in.valid == 0 || (e.negOcc > 0 && e.posOcc == 0) {
			continue
		}
		conf := detectors.ConfidenceHigh
		desc := e.desc
		own, file := dv.relabel(e.own, e.sh, e.col), dv.relabel(s.file, e.sh, e.col)
		c, ok := pick(in.valid, own, &vote, order)
		if !ok && own.pri != 0 {
			// Its own column or keyword names a country whose rules it
			// fails ("Ogiltiga personnummer" above 040909-2198, a
			// 10-digit value in a "Fødselsnummer" column): a rejected or
			// mangled number, not one of the file's other countries. A
			// Danish "personnummer" was relabelled to CPR above.
			continue
		}
		if !ok {
			c, ok = pick(in.valid, file, &vote, order)
			conf = detectors.ConfidenceMedium
			desc = detectors.Text("labelled by the section's keywords")
		}
		if ok && conf == detectors.ConfidenceMedium && in.r[c].str == strong {
			conf = detectors.ConfidenceHigh
		}
		if !ok {
			// No label names a country this number passes.
			named := (own.pri | own.sec | file.pri) & shapeCountries(e.sh)
			if named != 0 {
				continue
			}
			c = pickByVote(in.valid, &vote, order)
			switch in.r[c].str {
			case weak:
				continue
			case dashed:
				if fileOnlyNeg {
					continue
				}
				conf, desc = detectors.ConfidenceLow, detectors.Safe{}
			case strong:
				if fileOnlyNeg && e.sh&sh11Family == shC11 {
					continue
				}
				conf, desc = detectors.ConfidenceMedium, detectors.Safe{}
			}
		}
		// A padded cell under a Norwegian-or-Swedish "personnummer" header
		// needs Norwegian context (pad.go).
		if e.sh&sh11Family == shPad11 && e.own.pri&bNO == 0 && !dv.norwegian(s.file, e.col) {
			continue
		}
		r := in.r[c]
		rule := ruleIDs[c]
		if seen[rule+"\x00"+r.secret] {
			continue
		}
		seen[rule+"\x00"+r.secret] = true
		detail := shapeText[c]
		if !r.detail.IsZero() {
			detail = detectors.Join(r.detail, detectors.Text(", "), detail)
		}
		if !desc.IsZero() {
			detail = detectors.Join(detail, detectors.Text("; "), desc)
		}
		out = append(out, detectors.Finding{
			Rule:       rule,
			Line:       e.line,
			Secret:     r.secret,
			Masked:     detectors.Mask(r.secret, maskKeep[c]),
			Detail:     detail,
			Confidence: conf,
			TestData:   r.test,
		})
	}
	sort.SliceStable(out, func(a, b int) bool { return out[a].Line < out[b].Line })
	return out
}

func pickByVote(valid uint8, vote *[nCountries]int, order *[nCountries]country) country {
	best, found := country(0), false
	for _, c := range order {
		if valid&(1<<c) != 0 && (!found || vote[c] > vote[best]) {
			best, found = c, true
		}
	}
	return best
}
