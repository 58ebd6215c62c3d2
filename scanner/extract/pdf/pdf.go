// Package pdf extracts the text of PDF files in pure Go, page by page, as
// sections "page N"; lines are rebuilt from text positions, with a tab for
// wide gaps.
//
// Tables are rebuilt from the positions too (table.go): a run of lines
// whose text leaves the same vertical gutters free is a table, handed on
// as a table part ("table on pages 1-2": one row a line, cells separated
// by tabs) after the pages, and its lines are left out of the pages'
// text. A table that goes on at the top of a later page with the same
// columns is one table; the columns a spreadsheet prints on later pages
// are joined to their rows by row order and height.
//
// It parses with github.com/ledongthuc/pdf, guarded: the cross-reference
// chain is checked first (the library loops on a /Prev cycle and trusts
// /Size), every library call runs under recover, text is interpreted by
// our own operator callback that checks the context and the text limit,
// and all of it runs on a worker goroutine the caller never waits for
// beyond ctx and Limits.MaxDuration. A worker stuck inside the library
// cannot be killed; it is abandoned and stops at its next check.
//
// Encrypted PDFs are read when the empty user password opens them (the
// usual "owner password only" case); otherwise, and for AES-256 (R5/R6)
// which the library cannot decrypt, the error wraps extract.ErrEncrypted.
//
// A PDF whose pages have no text (no text-showing operator produced a
// character other than white space) is reported with Sink.Skip("", reason):
// "no text layer (scanned image; no OCR)" when they draw images, "no text
// layer (drawings only)" when they paint only paths, "no text (empty
// pages)" when they draw nothing. One page of text is enough for the file
// to count as scanned.
//
// Not read: scanned pages (images; no OCR), XFA form data, text in
// annotations and form fields, fonts without a usable encoding (some CID
// fonts without ToUnicode give wrong characters), embedded files.
package pdf

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/credsweep/credsweep/scanner/extract"
	"github.com/ledongthuc/pdf"
)

var errTextLimit = extract.LimitError("pdf: page text is larger than the member limit")

// maxPages bounds the page tree walk (pages plus intermediate nodes).
const maxPages = 100000

// pageText is one page's result from the worker; done (with n the page
// count) follows the last page when every page was read.
type pageText struct {
	n     int
	text  []byte
	items []item
	seen  marks
	err   error
	done  bool
}

// marks says what a page drew besides its text.
type marks struct{ images, drawings bool }

// Reasons for a PDF without text, reported with Sink.Skip(""): its pages
// were read, but there is nothing to scan without OCR.
const (
	reasonScanned  = "no text layer (scanned image; no OCR)"
	reasonDrawings = "no text layer (drawings only)"
	reasonEmpty    = "no text (empty pages)"
	reasonNoPages  = "no text (no pages)"
)

// noTextReason is the Skip reason for a PDF whose pages have no text.
func noTextReason(pages int, seen marks) string {
	switch {
	case pages == 0:
		return reasonNoPages
	case seen.images:
		return reasonScanned
	case seen.drawings:
		return reasonDrawings
	}
	return reasonEmpty
}

// Extract extracts the text of a PDF into sink, one section per page. It
// honours ctx and in.Limits, returns errors wrapping extract.ErrMalformed,
// extract.ErrLimit or extract.ErrEncrypted, and never panics or hangs.
func Extract(ctx context.Context, in extract.Input, sink extract.Sink) (err error) {
	defer extract.Recover(&err, "pdf")
	lim := in.Limits.WithDefaults()
	ctx, cancel := extract.WithTimeLimit(ctx, lim.MaxDuration)
	defer cancel()
	stop := func() error { return extract.ContextErr(ctx) }

	ra, size, err := in.ReaderAt()
	if err != nil {
		return err
	}
	if size > lim.MaxMemberBytes {
		return extract.LimitError("pdf: file of %d bytes is larger than %d", size, lim.MaxMemberBytes)
	}
	head := readAt(ra, 0, min(size, 1024))
	if !bytes.HasPrefix(head, []byte("%PDF-")) {
		return extract.MalformedError("pdf: no %%PDF- header")
	}
	if err := preflight(ra, size); err != nil {
		return err
	}

	pages := make(chan pageText)
	quit := make(chan struct{})
	defer close(quit)
	go work(&headerFix{ra}, size, int(min(lim.MaxMemberBytes, 1<<30)), stop, pages, quit)

	text := false // some page has text (not only white space)
	var seen marks
	var tables tableBuf
	for {
		select {
		case <-ctx.Done():
			return stop()
		case p, ok := <-pages:
			if !ok {
				return stop()
			}
			if p.done {
				if err := tables.flush(sink); err != nil {
					return err
				}
				if !text {
					// A PDF of scanned pages counts as skipped, not
					// as scanned and clean.
					sink.Skip("", noTextReason(p.n, seen))
				}
				return nil
			}
			if p.err != nil && p.n == 0 {
				return p.err
			}
			p.text = tables.page(p.n, p.items, p.text)
			seen.images = seen.images || p.seen.images
			seen.drawings = seen.drawings || p.seen.drawings
			if len(bytes.TrimSpace(p.text)) > 0 {
				text = true
			}
			if len(p.text) > 0 {
				if err := sink.Text("page "+strconv.Itoa(p.n), false, bytes.NewReader(p.text)); err != nil {
					return err
				}
			}
			if p.err != nil {
				// The tables read so far are handed on with the error.
				if err := tables.flush(sink); err != nil {
					return err
				}
				return p.err
			}
			if tables.size > maxTableBytes {
				if err := tables.flush(sink); err != nil {
					return err
				}
			}
		}
	}
}

// work opens the PDF and sends the text of each page; an error with page
// 0 means the file could not be opened. It closes pages when done.
func work(ra io.ReaderAt, size int64, limit int, stop func() error, pages chan<- pageText, quit <-chan struct{}) {
	defer close(pages)
	send := func(p pageText) bool {
		select {
		case pages <- p:
			return true
		case <-quit:
			return false
		}
	}
	defer func() {
		if r := recover(); r != nil {
			send(pageText{err: extract.MalformedError("pdf: %s", extract.PanicText(r))})
		}
	}()
	r, err := pdf.NewReader(ra, size)
	if err != nil {
		send(pageText{err: openError(err)})
		return
	}
	var list []pdf.Value
	budget := maxPages
	walk(r.Trailer().Key("Root").Key("Pages"), 0, &budget, &list)
	for i, pv := range list {
		if err := stop(); err != nil {
			return // Extract reports it
		}
		text, items, seen, err := pageTextOf(pv, limit, stop)
		if !send(pageText{n: i + 1, text: text, items: items, seen: seen, err: err}) || err != nil {
			return
		}
	}
	send(pageText{n: len(list), done: true})
}

// openError classifies the library's error opening a file.
func openError(err error) error {
	msg := err.Error()
	if errors.Is(err, pdf.ErrInvalidPassword) || strings.Contains(msg, "encryption") {
		return fmt.Errorf("pdf: %w", extract.ErrEncrypted)
	}
	// The library's messages can quote the bytes it choked on.
	return extract.MalformedError("pdf: the file structure could not be read")
}

// walk collects the page objects of the page tree in order. Depth and a
// node budget bound it, so a tree whose Kids loop back ends.
func walk(node pdf.Value, depth int, budget *int, out *[]pdf.Value) {
	if depth > 64 || *budget <= 0 || node.Kind() != pdf.Dict {
		return
	}
	*budget--
	kids := node.Key("Kids")
	if node.Key("Type").Name() == "Page" || kids.Kind() != pdf.Array {
		*out = append(*out, node)
		return
	}
	for i := 0; i < kids.Len() && *budget > 0; i++ {
		walk(kids.Index(i), depth+1, budget, out)
	}
}

// pageTextOf interprets one page; a panic of the library is this page's
// error, a limit or cancellation stops the page with what was read.
func pageTextOf(pv pdf.Value, limit int, stop func() error) (text []byte, items []item, seen marks, err error) {
	l := &layout{limit: limit, stopErr: stop}
	content := pv.Key("Contents")
	if content.IsNull() {
		return nil, nil, marks{}, nil
	}
	defer func() {
		if r := recover(); r != nil {
			text, items, seen = l.out, texts(l.items), marks{l.images, l.drawings}
			if a, ok := r.(abort); ok {
				err = a.err
				return
			}
			err = extract.MalformedError("pdf: damaged page: %s", extract.PanicText(r))
		}
	}()
	l.run(content, inherited(pv, "Resources"), identity, 0)
	if len(l.out) > 0 {
		l.out = append(l.out, '\n')
	}
	return l.out, texts(l.items), marks{l.images, l.drawings}, nil
}

// inherited looks a page attribute up the Parent chain, which is bounded
// here (the library's own lookup loops on a cyclic chain).
func inherited(pv pdf.Value, key string) pdf.Value {
	for i := 0; i < 64 && pv.Kind() == pdf.Dict; i++ {
		if v := pv.Key(key); !v.IsNull() {
			return v
		}
		pv = pv.Key("Parent")
	}
	return pdf.Value{}
}

// headerFix presents a "%PDF-1.7" header to the library, which accepts
// only 1.0 to 1.7 and a line break right after: PDF 2.0 files and headers
// followed by a comment on the same line are otherwise refused.
type headerFix struct{ io.ReaderAt }

var fixedHeader = []byte("%PDF-1.7\n")

func (h *headerFix) ReadAt(p []byte, off int64) (int, error) {
	n, err := h.ReaderAt.ReadAt(p, off)
	for i := 0; i < n; i++ {
		if at := off + int64(i); at < int64(len(fixedHeader)) {
			p[i] = fixedHeader[at]
		} else {
			break
		}
	}
	return n, err
}
