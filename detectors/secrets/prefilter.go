package secrets

import "bytes"

// prefilter finds, case-insensitively, where any of a fixed set of keywords
// starts. Each keyword is anchored on its rarest two-byte pair (by the
// frequency ranking in commonBigrams); a 64 Ki-bit table of anchors
// rejects almost every position with one load, so ordinary text costs a
// few instructions per byte and only rare candidates are compared in full.
type prefilter struct {
	bits  [1 << 10]uint64 // bigram set: bit (lower(b0)<<8 | lower(b1))
	start [1 << 16]uint16 // first index in kws of the bigram's keywords
	count [1 << 16]uint8
	kws   []pfKeyword
	grams gramFilter
}

type pfKeyword struct {
	text []byte // lower case
	off  int    // offset of the anchor pair in text
	mask uint64 // matchers this keyword wakes
}

// commonBigrams lists the 400 most frequent lower-cased byte pairs of
// mixed prose and source code, most frequent first (measured on Swedish
// DPA decisions in English and Go's net package).
const commonBigrams = "\n\t\t\ter, reste teesin   tonse= r orrrt thcoet)\nnt{\ns  een {he}\n sal i anead//n an ntideng\t} cro rat/ unletrilrimef ) d ifnciturea: \",nied\n\nt. flinstt,\n \"calo ::=isec\til nd()odturn wvear o\tr b =ospauectrataddippehthatpfudr hpo\n/ pcetootllou(\" !foam.\n\t/hoiocltsas deqooc rt mo nnfae(ex\ttfis.r)gors lgema.cy  *chimssacustcut!=},e.\tcnospnaprdikequsowrrvcka  uicomt,lsolg oc(t\n} (scefiewael\nfr(t(.s 0ruvawiokbola gh  %t)\").edl.tr.e,; ewrfsie\nc.aibytyg.eedoemop.fepf(ulidbe\t{tlshmosuoffesa\t\".rbuxtupc(iar,mpagsy [plhifrysn(e)[]mudyl.d.rcrlp2(c &ig\ts),ltptly\tf{\"l(yt*tmip nf 1yp\"\n))ow==r\ne:lds,l,00k wocp.n. \tdautwdat:luffdnap\" pp0,fdabak\th(eblgs:\nircibauf\"hivrk.wt\".ar:%v\\no.rddsp. vl\nd(wexpeokit\n(sn..p /.h.l.dn,(f.im e\".b\"}).uiuc _d,\"ttf0 (rrynuud <og.mpv 2);\"/_,w ixei.020n\"n\n |\tw\tn0.s(\tprg\"cwhs\"s:g(rm\"\""

// bigramRank is the position in commonBigrams, or len/2 for rare pairs.
func bigramRank(a, b byte) int {
	for i := 0; i+1 < len(commonBigrams); i += 2 {
		if commonBigrams[i] == a && commonBigrams[i+1] == b {
			return i / 2
		}
	}
	return -1
}

// fold maps a byte to its table form: ASCII letters to lower case. Other
// bytes may collide ('[' with '{'), which only costs a rare verify.
func fold(c byte) uint16 { return uint16(c | 0x20) }

var lowerTable = func() (t [256]byte) {
	for i := range t {
		c := byte(i)
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		t[i] = c
	}
	return t
}()

// newPrefilter builds the table; words maps keyword to matcher mask.
func newPrefilter(words map[string]uint64) *prefilter {
	p := &prefilter{}
	byBigram := map[uint16][]pfKeyword{}
	var all [][]byte
	for w, m := range words {
		lw := bytes.ToLower([]byte(w))
		all = append(all, lw)
		if len(lw) < 2 {
			panic("secrets: prefilter keyword shorter than 2 bytes: " + w)
		}
		// Rare pairs (rank -1) beat every ranked pair; among ranked
		// ones the least frequent (highest rank) wins.
		off, best := 0, -2
		for i := 0; i+1 < len(lw); i++ {
			r := bigramRank(lw[i], lw[i+1])
			if r == -1 {
				off = i
				break
			}
			if r > best {
				off, best = i, r
			}
		}
		k := fold(lw[off])<<8 | fold(lw[off+1])
		byBigram[k] = append(byBigram[k], pfKeyword{text: lw, off: off, mask: m})
	}
	for k := 0; k < 1<<16; k++ {
		list := byBigram[uint16(k)]
		if len(list) == 0 {
			continue
		}
		p.bits[k>>6] |= 1 << (k & 63)
		p.start[k] = uint16(len(p.kws))
		p.count[k] = uint8(len(list))
		p.kws = append(p.kws, list...)
	}
	p.grams.build(all)
	return p
}

// next returns the start and mask of the first keyword occurrence that
// starts at or after from and is found at or after from, or -1. A keyword
// is found at its anchor, so occurrences come in anchor order; callers
// that need every keyword of a line use maskOf on the whole line.
func (p *prefilter) next(b []byte, from int) (int, uint64) {
	if from < 0 {
		from = 0
	}
	bits := &p.bits
	// Two positions per round: the pair at i and the pair at i+1 share
	// the middle byte.
	i := from
	for ; i+2 < len(b); i += 2 {
		c0, c1, c2 := uint16(b[i]|0x20), uint16(b[i+1]|0x20), uint16(b[i+2]|0x20)
		k0, k1 := c0<<8|c1, c1<<8|c2
		if bits[k0>>6]&(1<<(k0&63))|bits[k1>>6]&(1<<(k1&63)) == 0 {
			continue
		}
		if bits[k0>>6]&(1<<(k0&63)) != 0 {
			if s, m := p.verify(b, i, k0, from); m != 0 {
				return s, m
			}
		}
		if bits[k1>>6]&(1<<(k1&63)) != 0 {
			if s, m := p.verify(b, i+1, k1, from); m != 0 {
				return s, m
			}
		}
	}
	for ; i+1 < len(b); i++ {
		k := fold(b[i])<<8 | fold(b[i+1])
		if bits[k>>6]&(1<<(k&63)) != 0 {
			if s, m := p.verify(b, i, k, from); m != 0 {
				return s, m
			}
		}
	}
	return -1, 0
}

// maskOf ORs the masks of every keyword wholly inside b.
func (p *prefilter) maskOf(b []byte) uint64 {
	var m uint64
	n := len(b) - 1
	for i := 0; i < n; i++ {
		k := fold(b[i])<<8 | fold(b[i+1])
		if p.bits[k>>6]&(1<<(k&63)) != 0 {
			_, mm := p.verify(b, i, k, 0)
			m |= mm
		}
	}
	return m
}

// verify checks the keywords anchored on pair k at i; it returns the
// earliest start among those that match.
func (p *prefilter) verify(b []byte, i int, k uint16, from int) (int, uint64) {
	var m uint64
	start := -1
	s := int(p.start[k])
	for _, kw := range p.kws[s : s+int(p.count[k])] {
		st := i - kw.off
		if st < from || len(b)-st < len(kw.text) {
			continue
		}
		ok := true
		for j, c := range kw.text {
			if lowerTable[b[st+j]] != c {
				ok = false
				break
			}
		}
		if ok {
			m |= kw.mask
			if start < 0 || st < start {
				start = st
			}
		}
	}
	return start, m
}
