package ooxml

import (
	"bytes"
	"encoding/xml"
	"io"

	"github.com/credsweep/credsweep/scanner/extract"
)

// maxSharedBytes caps the memory held by the shared string table, whatever
// the member limit: the table must be in memory while sheets stream. Text
// and the index of every string (4 bytes each) count against it.
const maxSharedBytes = 128 << 20

// The table grows in chunks, so that it never holds a copy of itself
// while growing (appending to one slice would hold up to three times the
// cap at the moment it doubles): sstChunk bytes of text, sstEndsChunk
// string ends per chunk. Only the first chunk grows by appending, up to
// its full size, so that small workbooks stay small.
const (
	sstChunk     = 1 << 20
	sstEndsChunk = 1 << 18
)

// sst is a workbook's shared string table: the strings' text one after
// the other, and where each ends, to keep millions of short strings cheap.
type sst struct {
	text  [][]byte   // chunks of sstChunk bytes, all full but the last
	n     int64      // bytes of text
	ends  [][]uint32 // chunks of sstEndsChunk end offsets
	count int        // strings
}

// size is the memory the table's content takes.
func (s *sst) size() int64 { return s.n + 4*int64(s.count) }

func (s *sst) end(i int) int64 {
	return int64(s.ends[i/sstEndsChunk][i%sstEndsChunk])
}

// appendTo appends string i to dst; nothing when there is no such string.
func (s *sst) appendTo(dst []byte, i int) []byte {
	if i < 0 || i >= s.count {
		return dst
	}
	from, to := int64(0), s.end(i)
	if i > 0 {
		from = s.end(i - 1)
	}
	for from < to {
		c, off := s.text[from/sstChunk], from%sstChunk
		k := min(to-from, sstChunk-off)
		dst = append(dst, c[off:off+k]...)
		from += k
	}
	return dst
}

// write appends p to the text of the string being built.
func (s *sst) write(p []byte) {
	for len(p) > 0 {
		if len(s.text) == 0 || len(s.text[len(s.text)-1]) == sstChunk {
			size := sstChunk
			if len(s.text) == 0 {
				size = min(max(len(p), 4<<10), sstChunk)
			}
			s.text = append(s.text, make([]byte, 0, size))
		}
		last := &s.text[len(s.text)-1]
		k := min(len(p), sstChunk-len(*last))
		if len(*last)+k > cap(*last) {
			// Only the first chunk grows, never past sstChunk.
			grown := make([]byte, len(*last), min(max(2*cap(*last), len(*last)+k), sstChunk))
			copy(grown, *last)
			*last = grown
		}
		*last = append(*last, p[:k]...)
		p = p[k:]
		s.n += int64(k)
	}
}

// add ends the string being built.
func (s *sst) add() {
	if len(s.ends) == 0 || len(s.ends[len(s.ends)-1]) == sstEndsChunk {
		size := sstEndsChunk
		if len(s.ends) == 0 {
			size = 256
		}
		s.ends = append(s.ends, make([]uint32, 0, size))
	}
	last := &s.ends[len(s.ends)-1]
	if len(*last) == cap(*last) {
		grown := make([]uint32, len(*last), min(2*cap(*last), sstEndsChunk))
		copy(grown, *last)
		*last = grown
	}
	*last = append(*last, uint32(s.n))
	s.count++
}

// loadSST reads the shared strings part; phonetic runs (rPh) are left out.
// Past the memory cap the remaining strings read as empty and a limit error
// is noted.
func (c container) loadSST(partName string) (*sst, error) {
	p, err := c.Open(partName)
	if err != nil || p == nil {
		return &sst{}, err
	}
	defer p.Close()
	capBytes := min(int64(maxSharedBytes), c.Limits().MaxMemberBytes)
	s, capped, err := readSST(p, capBytes, false)
	if capped {
		c.Note(extract.LimitError("shared strings %s exceed %d bytes of memory; later strings read as empty", p.Name(), capBytes))
		return s, nil
	}
	if err != nil {
		return s, c.NoteXML(p.Name(), err)
	}
	return s, nil
}

// readSST reads a shared strings part from r with the fast tokenizer,
// handing off to encoding/xml at the first token it does not take, or with
// encoding/xml alone when slow is set (the reference the fast path is
// tested against). It stops, capped, before the text or the string that
// would take the table's memory (size) past capBytes. err is the decoder's error, its line counted from
// the start of the part.
func readSST(r io.Reader, capBytes int64, slow bool) (s *sst, capped bool, err error) {
	b := &sstBuilder{s: &sst{}, capBytes: capBytes}
	if slow {
		capped, err = b.decode(extract.NewXMLDecoder(r), 0)
		return b.s, capped, err
	}
	capped, _, err = b.fast(r)
	return b.s, capped, err
}

// sstBuilder collects the strings of a shared strings part from its
// tokens; the fast tokenizer and encoding/xml drive it alike.
type sstBuilder struct {
	s        *sst
	capBytes int64
	inSI     bool
	inT      int // open t elements of the current si
	skip     int // depth inside a phonetic run
	scratch  []byte
}

// Elements the shared strings reader acts on, by local name.
const (
	sstOther = iota
	sstItem
	sstText
	sstPhonetic
)

func sstElementOf(local string) int {
	switch local {
	case "si":
		return sstItem
	case "t":
		return sstText
	case "rPh":
		return sstPhonetic
	}
	return sstOther
}

func sstElementOfBytes(local []byte) int {
	switch string(local) {
	case "si":
		return sstItem
	case "t":
		return sstText
	case "rPh":
		return sstPhonetic
	}
	return sstOther
}

// fast reads the part with the fast tokenizer and, from the first token it
// hands off, with encoding/xml.
func (b *sstBuilder) fast(r io.Reader) (capped, handedOff bool, err error) {
	x := newFastXML(r)
	for {
		switch x.next() {
		case tokStart:
			b.start(sstElementOfBytes(x.name))
		case tokEnd:
			if !b.end(sstElementOfBytes(x.name)) {
				return true, false, nil
			}
		case tokText:
			if !b.text(x.text) {
				return true, false, nil
			}
		case tokEOF:
			return false, false, nil
		default:
			rest, lines := x.handoff()
			capped, err = b.decode(extract.NewXMLDecoder(rest), lines)
			return capped, true, err
		}
	}
}

// decode reads the rest of the part with encoding/xml; lines is the number
// of line breaks before it. capped is true when the table hit its cap.
func (b *sstBuilder) decode(d *xml.Decoder, lines int) (capped bool, err error) {
	for {
		tok, err := d.RawToken()
		if err != nil {
			if err == io.EOF {
				return false, nil
			}
			return false, shiftLines(err, lines)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			b.start(sstElementOf(t.Name.Local))
		case xml.EndElement:
			if !b.end(sstElementOf(t.Name.Local)) {
				return true, nil
			}
		case xml.CharData:
			if !b.text(t) {
				return true, nil
			}
		}
	}
}

func (b *sstBuilder) start(el int) {
	switch {
	case b.skip > 0:
		b.skip++
	case el == sstItem:
		b.inSI = true
	case el == sstPhonetic:
		b.skip = 1
	case el == sstText && b.inSI:
		b.inT++
	}
}

// end handles an end tag; false, adding nothing, when the string it ends
// would take the table past its cap.
func (b *sstBuilder) end(el int) bool {
	switch {
	case b.skip > 0:
		b.skip--
	case el == sstText && b.inT > 0:
		b.inT--
	case el == sstItem && b.inSI:
		if b.s.size()+4 > b.capBytes {
			return false
		}
		b.inSI = false
		b.s.add()
	}
	return true
}

// text adds character data to the current string; false, adding nothing,
// when it would take the table past its cap (counting the 4 bytes that
// will mark the string's end).
func (b *sstBuilder) text(t []byte) bool {
	if b.inT == 0 || b.skip > 0 {
		return true
	}
	if b.s.size()+int64(len(t))+4 > b.capBytes {
		return false
	}
	b.scratch = appendUnescaped(b.scratch[:0], t)
	b.s.write(b.scratch)
	return true
}

// appendUnescaped appends OOXML string text with its _xHHHH_ escapes (used
// for control characters) decoded.
func appendUnescaped(dst, s []byte) []byte {
	for {
		i := bytes.IndexByte(s, '_')
		if i < 0 {
			return append(dst, s...)
		}
		dst = append(dst, s[:i]...)
		s = s[i:]
		if len(s) > 6 && s[1] == 'x' && s[6] == '_' {
			if v, ok := hex4(s[2:6]); ok {
				dst = appendRune(dst, v)
				s = s[7:]
				continue
			}
		}
		dst = append(dst, '_')
		s = s[1:]
	}
}

// hex4 parses four hexadecimal digits.
func hex4(h []byte) (rune, bool) {
	v := rune(0)
	for _, c := range h[:4] {
		switch {
		case '0' <= c && c <= '9':
			c -= '0'
		case 'a' <= c && c <= 'f':
			c -= 'a' - 10
		case 'A' <= c && c <= 'F':
			c -= 'A' - 10
		default:
			return 0, false
		}
		v = v<<4 | rune(c)
	}
	return v, true
}

func appendRune(dst []byte, r rune) []byte {
	if r < 0x80 {
		return append(dst, byte(r))
	}
	return append(dst, string(r)...)
}
