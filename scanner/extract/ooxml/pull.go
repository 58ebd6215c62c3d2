package ooxml

import (
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"

	"github.com/credsweep/credsweep/scanner/extract"
)

// chunk is how much text a step produces before Read hands it out; it keeps
// the memory of a streamed part bounded whatever its size.
const chunk = 32 << 10

// pull is an io.Reader that produces text on demand by decoding XML tokens:
// a part of any size streams to the sink without a goroutine or buffering it
// whole, and the decoding runs on the sink's goroutine so errors and panics
// come back to Extract.
type pull struct {
	buf  []byte
	off  int
	step func(dst []byte) ([]byte, error) // appends text; io.EOF at the end
	err  error
	left int64 // output still allowed
}

// newPull returns a reader over step's output, which may not exceed max
// bytes: padding cells to column XFD in every row, or repeating rows, must
// not turn a small part into gigabytes of text.
func newPull(step func(dst []byte) ([]byte, error), max int64) *pull {
	return &pull{step: step, buf: make([]byte, 0, chunk+chunk/4), left: max}
}

func (p *pull) Read(b []byte) (n int, err error) {
	for p.off >= len(p.buf) {
		if p.err != nil {
			return 0, p.err
		}
		p.buf, p.off = p.buf[:0], 0
		p.buf, p.err = p.safeStep(p.buf)
		if p.left -= int64(len(p.buf)); p.left < 0 && p.err == nil {
			p.err = extract.LimitError("text of a part is larger than the member limit")
		}
	}
	n = copy(b, p.buf[p.off:])
	p.off += n
	return n, nil
}

func (p *pull) safeStep(dst []byte) (out []byte, err error) {
	defer func() {
		if r := recover(); r != nil {
			out, err = dst, extract.MalformedError("decoder failure: %v", r)
		}
	}()
	return p.step(dst)
}

// failed returns the decoding error, if any, once the sink is done.
func (p *pull) failed() error {
	if p.err == io.EOF {
		return nil
	}
	return p.err
}

// emit streams a text section through p and sorts out whose error it is: an
// error of the sink stops everything, a decoding error is noted and the
// other parts are still read.
func (c *container) emit(name string, table bool, p *pull) error {
	err := c.sink.Text(name, table, p)
	perr := p.failed()
	if err != nil && (perr == nil || !errors.Is(err, perr) && err.Error() != perr.Error()) {
		return err
	}
	if perr != nil {
		if cerr := c.ctxErr(); cerr != nil {
			return cerr
		}
		c.note(perr)
	}
	return nil
}

// newDecoder returns a decoder over r that only tokenises: no namespace
// translation (local names identify OOXML elements) and no entity expansion
// beyond XML's own five, so entity bombs cannot grow.
func newDecoder(r io.Reader) *xml.Decoder {
	d := xml.NewDecoder(r)
	d.Strict = true
	return d
}

// xmlErr describes a decoding failure of a part.
func xmlErr(partName string, err error) error {
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	if se, ok := err.(*xml.SyntaxError); ok {
		return extract.MalformedError("part %s: XML error on line %d: %s", partName, se.Line, se.Msg)
	}
	if err == io.ErrUnexpectedEOF {
		return extract.MalformedError("part %s ends early", partName)
	}
	if _, ok := err.(interface{ Unwrap() error }); ok {
		return err
	}
	return extract.MalformedError("part %s: %s", partName, fmt.Sprint(err))
}

func attr(se xml.StartElement, local string) string {
	for _, a := range se.Attr {
		if a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}

// relID is the r:id attribute (whatever its prefix) of an element that
// also has an unprefixed id.
func relID(se xml.StartElement) string {
	for _, a := range se.Attr {
		if a.Name.Local == "id" && a.Name.Space != "" {
			return a.Value
		}
	}
	return ""
}
