package mail

import (
	"io"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// maxHTMLToken bounds the tokenizer's buffer: one giant tag or comment must
// not make it hold the whole part in memory.
const maxHTMLToken = 4 << 20

// htmlText streams the visible text of an HTML document: tags dropped,
// entities decoded, script and style skipped, block elements turned into
// line breaks and table cells into tabs so rows stay on one line.
type htmlText struct {
	z    *html.Tokenizer
	buf  []byte
	off  int
	skip int
	done bool
	err  error
}

func newHTMLText(r io.Reader) io.Reader {
	z := html.NewTokenizer(r)
	z.SetMaxBuf(maxHTMLToken)
	return &htmlText{z: z}
}

func (h *htmlText) Read(p []byte) (int, error) {
	for h.off >= len(h.buf) {
		if h.done {
			return 0, h.err
		}
		h.buf, h.off = h.buf[:0], 0
		h.step()
	}
	n := copy(p, h.buf[h.off:])
	h.off += n
	return n, nil
}

func (h *htmlText) step() {
	tt := h.z.Next()
	switch tt {
	case html.ErrorToken:
		h.done, h.err = true, io.EOF
		if err := h.z.Err(); err != io.EOF && isFatal(err) {
			h.err = err
		}
	case html.TextToken:
		if h.skip == 0 {
			h.buf = append(h.buf, h.z.Text()...)
		}
	case html.StartTagToken, html.SelfClosingTagToken:
		name, _ := h.z.TagName()
		a := atom.Lookup(name)
		if (a == atom.Script || a == atom.Style) && tt == html.StartTagToken {
			h.skip++
			return
		}
		h.sep(a)
	case html.EndTagToken:
		name, _ := h.z.TagName()
		a := atom.Lookup(name)
		if a == atom.Script || a == atom.Style {
			if h.skip > 0 {
				h.skip--
			}
			return
		}
		if a == atom.Td || a == atom.Th {
			// Tab after the cell so a row reads "a\tb\t" without a leading
			// empty column.
			h.buf = append(h.buf, '\t')
			return
		}
		h.sep(a)
	}
}

// sep adds the separator a tag implies.
func (h *htmlText) sep(a atom.Atom) {
	switch a {
	case atom.Br, atom.P, atom.Div, atom.Tr, atom.Li, atom.Table, atom.Title,
		atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6, atom.Blockquote, atom.Pre, atom.Hr:
		h.buf = append(h.buf, '\n')
	}
}
