package ooxml

import (
	"encoding/xml"
	"io"

	"github.com/credsweep/credsweep/scanner/extract"
)

// fastFlow streams a WordprocessingML or DrawingML part (flowPart) with the
// fast tokenizer and, at the first token that tokenizer hands off,
// finishes the part with encoding/xml (the reference path, flow.token),
// so the output and the errors are those of encoding/xml whatever the
// input, as fastSheet does for worksheets.
type fastFlow struct {
	f    *flow
	x    *fastXML
	part string

	d     *xml.Decoder // set once handed off
	lines int          // line breaks before the handoff, for error lines
}

// flowStep returns the Pull step that renders the flow XML read from r
// into f's lines (a top-level table closing does not end the section):
// the fast tokenizer, or encoding/xml alone when slow is set (the
// reference the fast path is tested against).
func flowStep(f *flow, r io.Reader, part string, slow bool) func([]byte) ([]byte, error) {
	if slow {
		return extract.XMLStep(extract.NewXMLDecoder(r), part, false, func(dst []byte, tok xml.Token) ([]byte, bool) {
			dst, _ = f.token(dst, tok)
			return dst, false
		})
	}
	return newFastFlow(f, r, part).step
}

func newFastFlow(f *flow, r io.Reader, part string) *fastFlow {
	return &fastFlow{f: f, x: newFastXML(r), part: part}
}

// step is an extract.Pull step; it ends where extract.XMLStep would, after
// the token that takes the output to PullChunk bytes.
func (ff *fastFlow) step(dst []byte) ([]byte, error) {
	if ff.d != nil {
		return ff.slowStep(dst)
	}
	f, x := ff.f, ff.x
	for len(dst) < extract.PullChunk {
		switch x.next() {
		case tokStart:
			dst, _ = f.start(dst, string(x.name))
		case tokEnd:
			dst, _ = f.end(dst, string(x.name))
		case tokText:
			dst = f.text(dst, x.text)
		case tokEOF:
			return dst, io.EOF
		default:
			r, lines := x.handoff()
			ff.d, ff.lines, ff.x = extract.NewXMLDecoder(r), lines, nil
			return ff.slowStep(dst)
		}
	}
	return dst, nil
}

// slowStep is extract.XMLStep (not enclosed) on the decoder that took
// over, with error lines counted from the start of the part.
func (ff *fastFlow) slowStep(dst []byte) ([]byte, error) {
	for len(dst) < extract.PullChunk {
		tok, err := ff.d.RawToken()
		if err != nil {
			if err == io.EOF {
				return dst, io.EOF
			}
			return dst, extract.XMLError(ff.part, shiftLines(err, ff.lines))
		}
		dst, _ = ff.f.token(dst, tok)
	}
	return dst, nil
}
