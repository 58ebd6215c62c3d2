// Package rtf extracts the text of Rich Text Format documents.
//
// Control words are interpreted in one streaming pass with an explicit
// group stack (hostile nesting cannot overflow the goroutine stack):
// paragraphs and table rows become lines, cells tabs, \'hh bytes are
// decoded in the document's \ansicpg code page (or the current font's
// \fcharset), \uN escapes with their \ucN fallbacks honoured. Font, colour
// and style tables, document info, pictures, embedded object data and field
// instructions are skipped; the text of fields, footnotes, headers and
// footers is kept. Embedded OLE objects are not handed on.
package rtf

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"io"

	"github.com/credsweep/credsweep/scanner/extract"
)

// Extract extracts the text of an RTF document into sink as the main text
// section (not a table: RTF mixes prose and tables). It returns errors
// wrapping extract.ErrMalformed or extract.ErrLimit and never panics.
func Extract(ctx context.Context, in extract.Input, sink extract.Sink) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = extract.MalformedError("rtf: failure on damaged input: %v", r)
		}
	}()
	lim := in.Limits
	if lim.MaxMemberBytes <= 0 {
		lim.MaxMemberBytes = extract.DefaultLimits.MaxMemberBytes
	}
	if lim.MaxDuration <= 0 {
		lim.MaxDuration = extract.DefaultLimits.MaxDuration
	}
	ctx, cancel := context.WithTimeoutCause(ctx, lim.MaxDuration, errTimeLimit)
	defer cancel()

	src := in.R
	if src == nil && in.At != nil {
		src = io.NewSectionReader(in.At, 0, max(in.Size, 0))
	}
	if src == nil {
		return extract.MalformedError("rtf: no input")
	}
	br := &bounded{r: src, n: lim.MaxMemberBytes, ctx: ctx, lim: lim}
	r := bufio.NewReaderSize(br, 64<<10)
	head, err := r.Peek(64)
	if err != nil && err != io.EOF && err != bufio.ErrBufferFull {
		return err
	}
	head = bytes.TrimLeft(head, " \t\r\n\ufeff\xef\xbb\xbf")
	if !bytes.HasPrefix(head, []byte(`{\rtf`)) {
		return extract.MalformedError("rtf: does not start with {\\rtf")
	}
	p := newParser(r)
	pl := &pull{step: p.step}
	serr := sink.Text("", false, pl)
	perr := pl.failed()
	if serr != nil && (perr == nil || !errors.Is(serr, perr) && serr.Error() != perr.Error()) {
		return serr
	}
	if br.cut {
		return extract.LimitError("rtf: larger than %d bytes; the rest was not read", lim.MaxMemberBytes)
	}
	return perr
}

var errTimeLimit = errors.New("time limit")

// bounded reads at most n bytes, records whether there were more, and stops
// when the context ends.
type bounded struct {
	r   io.Reader
	n   int64
	cut bool
	ctx context.Context
	lim extract.Limits
}

func (b *bounded) Read(p []byte) (int, error) {
	if err := b.ctx.Err(); err != nil {
		if errors.Is(context.Cause(b.ctx), errTimeLimit) {
			return 0, extract.LimitError("rtf: extraction took longer than %s", b.lim.MaxDuration)
		}
		return 0, err
	}
	if b.n <= 0 {
		var one [1]byte
		if k, _ := io.ReadFull(b.r, one[:]); k > 0 {
			b.cut = true
		}
		return 0, io.EOF
	}
	if int64(len(p)) > b.n {
		p = p[:b.n]
	}
	k, err := b.r.Read(p)
	b.n -= int64(k)
	return k, err
}

// pull is an io.Reader producing text on demand from step, so the document
// streams to the sink in bounded memory on the sink's goroutine.
type pull struct {
	buf  []byte
	off  int
	step func(dst []byte) ([]byte, error)
	err  error
}

func (p *pull) Read(b []byte) (int, error) {
	for p.off >= len(p.buf) {
		if p.err != nil {
			return 0, p.err
		}
		p.buf, p.off = p.buf[:0], 0
		p.buf, p.err = p.safeStep(p.buf)
	}
	n := copy(b, p.buf[p.off:])
	p.off += n
	return n, nil
}

func (p *pull) safeStep(dst []byte) (out []byte, err error) {
	defer func() {
		if r := recover(); r != nil {
			out, err = dst, extract.MalformedError("rtf: decoder failure: %v", r)
		}
	}()
	return p.step(dst)
}

func (p *pull) failed() error {
	if p.err == io.EOF {
		return nil
	}
	return p.err
}
