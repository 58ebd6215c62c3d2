package pdf

import (
	"math"
	"strings"
	"unicode/utf8"

	"github.com/ledongthuc/pdf"
)

// matrix is a PDF affine transform [a b c d e f].
type matrix [6]float64

var identity = matrix{1, 0, 0, 1, 0, 0}

func (m matrix) mul(n matrix) matrix {
	return matrix{
		m[0]*n[0] + m[1]*n[2], m[0]*n[1] + m[1]*n[3],
		m[2]*n[0] + m[3]*n[2], m[2]*n[1] + m[3]*n[3],
		m[4]*n[0] + m[5]*n[2] + n[4], m[4]*n[1] + m[5]*n[3] + n[5],
	}
}

// gstate is the part of the graphics state that places text.
type gstate struct {
	ctm                matrix
	tc, tw, th, tl, ts float64
	tfs                float64
	font               *font
	// clip is the clipping box in device space (x0, y0, x1, y1), from
	// rectangles only: a spreadsheet clips a cell's text that runs into
	// the next column.
	clip [4]float64
}

var noClip = [4]float64{math.Inf(-1), math.Inf(-1), math.Inf(1), math.Inf(1)}

type font struct {
	f   pdf.Font
	enc pdf.TextEncoding
	// widths caches Width by byte code: the library looks three keys up
	// in the font's dictionary for each glyph.
	widths [256]float64
	known  [4]uint64 // bit c: widths[c] is set
}

// width is f.f.Width(c), cached.
func (f *font) width(c byte) float64 {
	if f.known[c>>6]&(1<<(c&63)) == 0 {
		f.widths[c] = f.f.Width(int(c))
		f.known[c>>6] |= 1 << (c & 63)
	}
	return f.widths[c]
}

// abort is panicked from inside the library's interpreter to stop it: on
// cancellation, the time limit or too much text.
type abort struct{ err error }

// Limits of one page's interpretation.
const (
	maxGStack   = 256
	maxFormNest = 8
	checkEvery  = 1 << 12 // operators between context checks
)

// layout rebuilds lines from positioned text: a jump in y starts a line,
// a gap in x becomes a space, a wide gap a tab (table columns).
type layout struct {
	limit   int
	ops     int
	out     []byte
	started bool
	lastY   float64
	lastEnd float64
	lastX   float64
	lastSz  float64
	stopErr func() error

	// items is the text by position, for tables (unrotated text only).
	items  []item
	moved  bool // the text position was set since the last piece
	newObj bool // a text object began since the last piece

	// What the page draws besides text, to tell a scanned page (images,
	// no text layer) from an empty one.
	images   bool // an image XObject or an inline image
	drawings bool // a painted path or a shading
}

// run interprets a content stream (and the forms it draws) with res as
// its resources.
func (l *layout) run(content, res pdf.Value, ctm matrix, depth int) {
	g := gstate{ctm: ctm, th: 1, clip: noClip}
	var stack []gstate
	// The current path, when it is made of rectangles only, as a box.
	var pathBox [4]float64
	pathRects, pathOther, clipNext := false, false, false
	endPath := func() {
		if clipNext && pathRects && !pathOther {
			c := &g.clip
			c[0], c[1] = max(c[0], pathBox[0]), max(c[1], pathBox[1])
			c[2], c[3] = min(c[2], pathBox[2]), min(c[3], pathBox[3])
		}
		pathRects, pathOther, clipNext = false, false, false
	}
	var tm, tlm matrix
	fonts := map[string]*font{}
	show := func(raw string) {
		if g.font == nil || raw == "" {
			return
		}
		text := g.font.enc.Decode(raw)
		trm := matrix{g.tfs * g.th, 0, 0, g.tfs, 0, g.ts}.mul(tm).mul(g.ctm)
		size := math.Hypot(trm[2], trm[3])
		if size < 0.1 {
			size = 0.1
		}
		w := 0.0
		for i := 0; i < len(raw); i++ {
			w += g.font.width(raw[i])/1000*g.tfs + g.tc
			if raw[i] == ' ' {
				w += g.tw
			}
		}
		if w <= 0 {
			w = 0.5 * g.tfs * float64(utf8.RuneCountInString(text))
		}
		w *= g.th
		l.place(trm[4], trm[5], size, text)
		tm = matrix{1, 0, 0, 1, w, 0}.mul(tm)
		l.lastEnd = matrix{g.tfs * g.th, 0, 0, g.tfs, 0, g.ts}.mul(tm).mul(g.ctm)[4]
		if c := g.clip; math.Abs(trm[1]) < 1e-6 && math.Abs(trm[2]) < 1e-6 && trm[5] >= c[1] && trm[5] <= c[3] {
			if x0, x1 := max(trm[4], c[0]), min(l.lastEnd, c[2]); x1 > x0 || strings.TrimSpace(text) == "" {
				l.record(x0, x1, l.lastEnd, trm[5], size, text)
			}
		}
	}
	pdf.Interpret(content, func(stk *pdf.Stack, op string) {
		l.tick()
		args := make([]pdf.Value, stk.Len())
		for i := len(args) - 1; i >= 0; i-- {
			args[i] = stk.Pop()
		}
		num := func(i int) float64 {
			if i < len(args) {
				return args[i].Float64()
			}
			return 0
		}
		mat := func() matrix {
			return matrix{num(0), num(1), num(2), num(3), num(4), num(5)}
		}
		switch op {
		case "q":
			if len(stack) < maxGStack {
				stack = append(stack, g)
			}
		case "Q":
			if n := len(stack); n > 0 {
				g, stack = stack[n-1], stack[:n-1]
			}
		case "cm":
			if len(args) == 6 {
				g.ctm = mat().mul(g.ctm)
			}
		case "BT":
			tm, tlm = identity, identity
			l.moved, l.newObj = true, true
		case "Tc":
			g.tc = num(0)
		case "Tw":
			g.tw = num(0)
		case "Tz":
			g.th = num(0) / 100
		case "TL":
			g.tl = num(0)
		case "Ts":
			g.ts = num(0)
		case "Tf":
			if len(args) == 2 {
				g.font = l.font(fonts, res, args[0].Name())
				g.tfs = num(1)
			}
		case "TD":
			g.tl = -num(1)
			fallthrough
		case "Td":
			tlm = matrix{1, 0, 0, 1, num(0), num(1)}.mul(tlm)
			tm = tlm
			l.moved = true
		case "Tm":
			if len(args) == 6 {
				tm, tlm = mat(), mat()
			}
			l.moved = true
		case "T*":
			tlm = matrix{1, 0, 0, 1, 0, -g.tl}.mul(tlm)
			tm = tlm
			l.moved = true
		case "Tj":
			if len(args) == 1 {
				show(args[0].RawString())
			}
		case "'", "\"":
			if op == "\"" && len(args) == 3 {
				g.tw, g.tc = num(0), num(1)
				args = args[2:]
			}
			tlm = matrix{1, 0, 0, 1, 0, -g.tl}.mul(tlm)
			tm = tlm
			l.moved = true
			if len(args) == 1 {
				show(args[0].RawString())
			}
		case "TJ":
			if len(args) != 1 {
				return
			}
			a := args[0]
			for i := 0; i < a.Len(); i++ {
				x := a.Index(i)
				if x.Kind() == pdf.String {
					show(x.RawString())
				} else {
					tm = matrix{1, 0, 0, 1, -x.Float64() / 1000 * g.tfs * g.th, 0}.mul(tm)
				}
			}
		case "BI", "ID", "EI": // inline image
			l.images = true
		case "re":
			if len(args) == 4 {
				x, y, w, h := num(0), num(1), num(2), num(3)
				box := [4]float64{math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)}
				for _, p := range [4][2]float64{{x, y}, {x + w, y}, {x, y + h}, {x + w, y + h}} {
					dx := p[0]*g.ctm[0] + p[1]*g.ctm[2] + g.ctm[4]
					dy := p[0]*g.ctm[1] + p[1]*g.ctm[3] + g.ctm[5]
					box = [4]float64{min(box[0], dx), min(box[1], dy), max(box[2], dx), max(box[3], dy)}
				}
				if pathRects {
					box = [4]float64{min(box[0], pathBox[0]), min(box[1], pathBox[1]), max(box[2], pathBox[2]), max(box[3], pathBox[3])}
				}
				pathBox, pathRects = box, true
			}
		case "m", "l", "c", "v", "y", "h":
			pathOther = true
		case "W", "W*":
			clipNext = true
		case "n":
			endPath()
		case "S", "s", "f", "F", "f*", "B", "B*", "b", "b*", "sh":
			l.drawings = true
			if op != "sh" {
				endPath()
			}
		case "Do":
			if len(args) == 1 && depth < maxFormNest {
				xo := res.Key("XObject").Key(args[0].Name())
				switch xo.Key("Subtype").Name() {
				case "Image":
					l.images = true
				case "Form":
					fres := xo.Key("Resources")
					if fres.IsNull() {
						fres = res
					}
					m := identity
					if fm := xo.Key("Matrix"); fm.Len() == 6 {
						for i := range m {
							m[i] = fm.Index(i).Float64()
						}
					}
					l.run(xo, fres, m.mul(g.ctm), depth+1)
				}
			}
		}
	})
}

// font returns the decoder of a font resource, cached per content stream.
func (l *layout) font(cache map[string]*font, res pdf.Value, name string) *font {
	if f, ok := cache[name]; ok {
		return f
	}
	v := res.Key("Font").Key(name)
	f := &font{f: pdf.Font{V: v}}
	f.enc = f.f.Encoder()
	if len(cache) < 1024 {
		cache[name] = f
	}
	return f
}

// place appends text at (x, y) with a separator inferred from where the
// previous text ended.
func (l *layout) place(x, y, size float64, text string) {
	if text == "" {
		return
	}
	if l.started {
		sz := max(size, l.lastSz)
		switch gap := x - l.lastEnd; {
		case math.Abs(y-l.lastY) > 0.5*sz:
			l.out = append(l.out, '\n')
		case gap > 2*sz:
			l.out = append(l.out, '\t')
		case gap > 0.15*sz || x < l.lastX-sz:
			l.out = append(l.out, ' ')
		}
	}
	l.started = true
	l.lastX, l.lastY, l.lastSz = x, y, size
	l.out = append(l.out, text...)
	if len(l.out) > l.limit {
		panic(abort{errTextLimit})
	}
}

// record keeps a piece of text with its position: a piece drawn right
// where the last one ended (the next glyphs of a word, a space glyph,
// kerning) extends it, unless a clip cut either. end is where the piece
// ends unclipped.
func (l *layout) record(x0, x1, end, y, size float64, text string) {
	defer func() { l.moved, l.newObj = false, false }()
	clipped := x1 < end
	if n := len(l.items); n > 0 {
		p := &l.items[n-1]
		sz := max(size, p.size)
		// A new text object, or a piece placed anew (Td) after a space,
		// is the next cell: office suites draw every cell on its own,
		// sometimes closer to the last than a space.
		fresh := l.newObj || l.moved && len(p.buf) > 0 && p.buf[len(p.buf)-1] == ' '
		if gap := x0 - p.end; !fresh && !p.clipped && !clipped && math.Abs(y-p.y) <= 0.3*sz && gap <= 0.15*sz && gap >= -0.5*size {
			p.buf = append(p.buf, text...) // amortised: a line of many pieces stays linear
			p.x1, p.end = max(p.x1, x1), max(p.end, end)
			return
		}
	}
	if len(l.items) >= maxItems || strings.TrimSpace(text) == "" {
		return
	}
	l.items = append(l.items, item{x0: x0, x1: x1, end: end, y: y, size: size, buf: []byte(text), clipped: clipped})
}

func (l *layout) tick() {
	l.ops++
	if l.ops%checkEvery == 0 {
		if err := l.stopErr(); err != nil {
			panic(abort{err})
		}
	}
}
