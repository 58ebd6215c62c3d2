package rtf

import (
	"bufio"
	"io"
	"unicode/utf8"

	"github.com/credsweep/credsweep/scanner/extract"
	"golang.org/x/text/encoding"
)

// maxDepth bounds group nesting. The parser keeps its own stack (no
// recursion), so this only bounds memory and rejects hostile files.
const maxDepth = 4096

// chunk is how much text a step produces before Read hands it out.
const chunk = 32 << 10

// skipDests are destinations whose content is not document text.
var skipDests = map[string]bool{
	"fonttbl": true, "colortbl": true, "stylesheet": true, "info": true,
	"pict": true, "objdata": true, "themedata": true, "colorschememapping": true,
	"datastore": true, "latentstyles": true, "listtable": true, "listoverridetable": true,
	"revtbl": true, "rsidtbl": true, "xmlnstbl": true, "filetbl": true, "pgdsctbl": true,
	"generator": true, "fldinst": true, "sp": true, "nonshppict": true, "mmathPr": true,
	"userprops": true, "ftnsep": true, "ftnsepc": true, "aftnsep": true, "aftnsepc": true,
	"bkmkstart": true, "bkmkend": true, "xe": true, "tc": true, "template": true,
	"listtext": true, "pntext": true,
}

// state is what a group scopes.
type state struct {
	skip    bool
	fontTbl bool
	uc      int
	font    int
	// intbl: the paragraph is in a table cell (\intbl until \pard), where
	// \par breaks a line inside the cell, not the row.
	intbl bool
}

// parser turns RTF into UTF-8 text. It reads the input once, byte by byte.
type parser struct {
	r       *bufio.Reader
	stack   []state
	cur     state
	fresh   bool // no token yet in the current group: a destination may follow
	star    bool // \* seen at the start of the group
	skipN   int  // fallback characters of a \uN still to skip
	pending []byte
	high    rune // a UTF-16 high surrogate waiting for its pair

	ansi     encoding.Encoding
	fonts    map[int]int // font number -> code page
	fontDef  int
	decoders map[int]*encoding.Decoder

	started bool
	ended   bool
}

func newParser(r *bufio.Reader) *parser {
	return &parser{r: r, cur: state{uc: 1, font: -1}, fonts: map[int]int{}, decoders: map[int]*encoding.Decoder{}, ansi: codePage(1252)}
}

// step appends text until it has a chunk or the input ends.
func (p *parser) step(dst []byte) ([]byte, error) {
	for len(dst) < chunk {
		if p.ended {
			return p.flush(dst), io.EOF
		}
		b, err := p.r.ReadByte()
		if err != nil {
			dst = p.flush(dst)
			if err == io.EOF {
				if len(p.stack) > 0 || !p.started {
					return dst, extract.MalformedError("rtf: ends inside %d open groups", len(p.stack)+1)
				}
				return dst, io.EOF
			}
			return dst, err
		}
		switch b {
		case '{':
			dst = p.flush(dst)
			if len(p.stack) >= maxDepth {
				return dst, extract.MalformedError("rtf: groups nested deeper than %d", maxDepth)
			}
			if p.started {
				p.stack = append(p.stack, p.cur)
			}
			p.started = true
			p.fresh, p.star, p.skipN = true, false, 0
		case '}':
			dst = p.flush(dst)
			p.skipN = 0
			if len(p.stack) == 0 {
				p.ended = true // text after the document's last brace is not RTF
				continue
			}
			p.cur = p.stack[len(p.stack)-1]
			p.stack = p.stack[:len(p.stack)-1]
			p.fresh = false
		case '\\':
			if dst, err = p.control(dst); err != nil {
				return p.flush(dst), err
			}
		case '\r', '\n':
		default:
			p.fresh = false
			dst = p.char(dst, b, false)
		}
	}
	return dst, nil
}

// char handles one text byte; escaped is true for \'hh.
func (p *parser) char(dst []byte, b byte, escaped bool) []byte {
	if p.skipN > 0 {
		p.skipN--
		return dst
	}
	if p.cur.skip {
		return dst
	}
	if b < 0x80 && !escaped {
		dst = p.flush(dst)
		if b == '\t' {
			return append(dst, '\t')
		}
		if b < 0x20 {
			return dst
		}
		return append(dst, b)
	}
	if len(p.pending) < 4096 {
		p.pending = append(p.pending, b)
	}
	return dst
}

// flush decodes the pending code-page bytes, in the current font's code
// page (multi-byte pages need the bytes together).
func (p *parser) flush(dst []byte) []byte {
	if len(p.pending) == 0 {
		return dst
	}
	dec := p.decoder()
	out, err := dec.Bytes(p.pending)
	if err != nil {
		out = p.pending
	}
	dst = append(dst, out...)
	p.pending = p.pending[:0]
	return dst
}

func (p *parser) decoder() *encoding.Decoder {
	cp := 0
	if p.cur.font >= 0 {
		cp = p.fonts[p.cur.font]
	}
	if d, ok := p.decoders[cp]; ok {
		return d
	}
	enc := p.ansi
	if cp != 0 {
		if e := codePage(cp); e != nil {
			enc = e
		}
	}
	d := enc.NewDecoder()
	p.decoders[cp] = d
	return d
}

func (p *parser) rune(dst []byte, r rune) []byte {
	dst = p.flush(dst)
	if p.cur.skip {
		return dst
	}
	switch {
	case r >= 0xD800 && r < 0xDC00:
		p.high = r
		return dst
	case r >= 0xDC00 && r < 0xE000:
		if p.high != 0 {
			r = (p.high-0xD800)<<10 + (r - 0xDC00) + 0x10000
			p.high = 0
		} else {
			r = utf8.RuneError
		}
	}
	return utf8.AppendRune(dst, r)
}

func (p *parser) text(dst []byte, s string) []byte {
	dst = p.flush(dst)
	if p.cur.skip {
		return dst
	}
	return append(dst, s...)
}

func hexVal(b byte) int {
	switch {
	case b >= '0' && b <= '9':
		return int(b - '0')
	case b >= 'a' && b <= 'f':
		return int(b-'a') + 10
	case b >= 'A' && b <= 'F':
		return int(b-'A') + 10
	}
	return -1
}
