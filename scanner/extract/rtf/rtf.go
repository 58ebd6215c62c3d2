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
	"io"

	"github.com/credsweep/credsweep/scanner/extract"
)

// Extract extracts the text of an RTF document into sink as the main text
// section (not a table: RTF mixes prose and tables). It returns errors
// wrapping extract.ErrMalformed or extract.ErrLimit and never panics.
func Extract(ctx context.Context, in extract.Input, sink extract.Sink) (err error) {
	defer extract.Recover(&err, "rtf")
	lim := in.Limits.WithDefaults()
	ctx, cancel := extract.WithTimeLimit(ctx, lim.MaxDuration)
	defer cancel()

	src := in.R
	if src == nil && in.At != nil {
		src = io.NewSectionReader(in.At, 0, max(in.Size, 0))
	}
	if src == nil {
		return extract.MalformedError("rtf: no input")
	}
	br := extract.NewBounded(ctx, src, lim.MaxMemberBytes)
	r := bufio.NewReaderSize(br, 64<<10)
	head, err := r.Peek(64)
	if err != nil && err != io.EOF && err != bufio.ErrBufferFull {
		return err
	}
	head = bytes.TrimLeft(head, " \t\r\n\ufeff\xef\xbb\xbf")
	if !bytes.HasPrefix(head, []byte(`{\rtf`)) {
		return extract.MalformedError("rtf: does not start with {\\rtf")
	}
	pl := extract.NewPull(newParser(r).step, 0)
	serr, perr := pl.Split(sink.Text("", false, pl))
	if serr != nil {
		return serr
	}
	if br.Cut() {
		return extract.LimitError("rtf: larger than %d bytes; the rest was not read", lim.MaxMemberBytes)
	}
	return perr
}
