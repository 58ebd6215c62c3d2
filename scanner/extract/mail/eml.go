// Package mail extracts text and attachments from e-mail: RFC 5322
// messages (.eml), mbox folders and Outlook .msg files.
//
// Headers that carry words (Subject, From, To, Cc) are sent together with
// the first text part of their message, so a detector sees "Subject:
// Passord til ..." next to the body. Every text/plain and text/html part is
// decoded (transfer encoding, then charset) to UTF-8; HTML is reduced to its
// visible text. Attachments and non-text parts go back to the scanner as
// nested files; attached messages (message/rfc822) are walked in place.
package mail

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"io"
	"mime"
	"mime/multipart"
	"net/mail"
	"net/textproto"
	"path"
	"strconv"
	"strings"

	"github.com/credsweep/credsweep/scanner/extract"
)

const (
	// maxHeaderBytes caps one header block; real ones are a few KiB, spam
	// with huge Received chains some tens.
	maxHeaderBytes = 256 << 10
	// maxMIMEDepth bounds multipart and attached-message nesting.
	maxMIMEDepth = 16
	// maxHeaderValue caps one header value sent as text.
	maxHeaderValue = 16 << 10
)

// textHeaders are the headers sent as text, in this order.
var textHeaders = []string{"Subject", "From", "To", "Cc", "Reply-To"}

// EML extracts one RFC 5322 message (.eml, or a message/rfc822 stream).
func EML(ctx context.Context, in extract.Input, sink extract.Sink) (err error) {
	defer extract.Recover(&err, "mail")
	w := newWalker(ctx, in.Limits, sink)
	br := bufio.NewReaderSize(newLimited(ctx, in.R, in.Limits.MaxTotalBytes, "message"), 32<<10)
	return unwrapLimit(w.message(br, "", 0))
}

// walker carries the state of one extraction.
type walker struct {
	ctx   context.Context
	lim   extract.Limits
	sink  extract.Sink
	parts int // MIME parts seen, against MaxEntries
	seq   int // names unnamed parts
	hdr   *bufio.Reader
}

func newWalker(ctx context.Context, lim extract.Limits, sink extract.Sink) *walker {
	return &walker{ctx: ctx, lim: lim, sink: sink}
}

// msgState is what one message still owes the sink.
type msgState struct {
	header []byte // header summary, sent once with the first text part
	sent   bool
}

// message walks one message read from br; prefix names its parts.
func (w *walker) message(br *bufio.Reader, prefix string, depth int) error {
	raw, err := readHeader(br)
	if err != nil {
		return err
	}
	if !looksLikeHeader(raw) {
		return w.sink.Text(prefix, false, io.MultiReader(bytes.NewReader(raw), br))
	}
	hr := raw
	if bytes.HasPrefix(hr, []byte("From ")) {
		// An mbox postmark left in an .eml file is not a header.
		if i := bytes.IndexByte(hr, '\n'); i >= 0 {
			hr = hr[i+1:]
		}
	}
	// ReadMessage keeps a *bufio.Reader it is given: reuse one per walk.
	if w.hdr == nil {
		w.hdr = bufio.NewReaderSize(nil, 4096)
	}
	w.hdr.Reset(io.MultiReader(bytes.NewReader(hr), strings.NewReader("\r\n\r\n")))
	m, err := mail.ReadMessage(w.hdr)
	if err != nil {
		// Not a parseable header: the bytes may still be worth reading.
		return w.sink.Text(prefix, false, io.MultiReader(bytes.NewReader(raw), br))
	}
	h := textproto.MIMEHeader(m.Header)
	if len(h) == 0 {
		// Only a "From " line: a wrong mbox split or a stray line, text.
		return w.sink.Text(prefix, false, io.MultiReader(bytes.NewReader(raw), br))
	}
	st := &msgState{header: headerSummary(h)}
	if err := w.entity(h, br, prefix, depth, st); err != nil {
		return err
	}
	if !st.sent && len(st.header) > 0 {
		return w.sink.Text(prefix, false, bytes.NewReader(st.header))
	}
	return nil
}

// entity walks one MIME entity with header h and raw body.
func (w *walker) entity(h textproto.MIMEHeader, body io.Reader, prefix string, depth int, st *msgState) error {
	if err := w.ctx.Err(); err != nil {
		return err
	}
	ctype, params, _ := mime.ParseMediaType(h.Get("Content-Type"))
	ctype = strings.ToLower(ctype)
	if ctype == "" {
		ctype = "text/plain"
	}
	disp, dparams, _ := mime.ParseMediaType(h.Get("Content-Disposition"))
	filename := dparams["filename"]
	if filename == "" {
		filename = params["name"]
	}
	filename = cleanName(decodeHeader(filename))

	switch {
	case strings.HasPrefix(ctype, "multipart/") && params["boundary"] != "":
		if depth >= maxMIMEDepth {
			w.sink.Skip(join(prefix, "multipart"), "MIME nesting too deep")
			return nil
		}
		return w.multipart(body, params["boundary"], prefix, depth, st)
	case ctype == "message/rfc822" || ctype == "message/global":
		decoded := transferDecode(h.Get("Content-Transfer-Encoding"), body)
		w.seq++
		name := filename
		if name == "" {
			name = "message " + strconv.Itoa(w.seq)
		}
		if depth >= maxMIMEDepth {
			return w.sink.File(join(prefix, withExt(name, ".eml")), -1, decoded)
		}
		return w.message(bufio.NewReaderSize(decoded, 16<<10), join(prefix, name), depth+1)
	}

	decoded := transferDecode(h.Get("Content-Transfer-Encoding"), body)
	isText := strings.HasPrefix(ctype, "text/") || strings.HasPrefix(ctype, "multipart/")
	if strings.EqualFold(disp, "attachment") || filename != "" || !isText {
		w.seq++
		name := filename
		if name == "" {
			name = "part " + strconv.Itoa(w.seq) + extFor(ctype)
		}
		r := newLimited(w.ctx, decoded, w.lim.MaxMemberBytes, "attachment")
		return w.sink.File(join(prefix, name), -1, r)
	}

	r := charsetReader(params["charset"], decoded)
	if ctype == "text/html" {
		r = newHTMLText(r)
	}
	r = newLimited(w.ctx, r, w.lim.MaxMemberBytes, "text part")
	name := prefix
	if st.sent {
		w.seq++
		name = join(prefix, "part "+strconv.Itoa(w.seq))
	} else if len(st.header) > 0 {
		r = io.MultiReader(bytes.NewReader(st.header), r)
	}
	st.sent = true
	return w.sink.Text(name, false, r)
}

// multipart walks the parts of a multipart body.
func (w *walker) multipart(body io.Reader, boundary, prefix string, depth int, st *msgState) error {
	mr := multipart.NewReader(body, boundary)
	for {
		p, err := mr.NextRawPart()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			if isFatal(err) {
				return err
			}
			if strings.Contains(err.Error(), "EOF") {
				// Truncated message: what came before is already out.
				return nil
			}
			return extract.MalformedError("MIME part: %v", err)
		}
		w.parts++
		if w.lim.MaxEntries > 0 && w.parts > w.lim.MaxEntries {
			return extract.LimitError("more than %d MIME parts", w.lim.MaxEntries)
		}
		// A truncated last part ends where the data ends.
		if err := w.entity(p.Header, &lenientReader{r: p}, prefix, depth+1, st); err != nil {
			return err
		}
	}
}

// readHeader reads the header block up to and including the blank line.
func readHeader(br *bufio.Reader) ([]byte, error) {
	var buf []byte
	midLine := false // the last read stopped inside a long line
	for {
		line, err := br.ReadSlice('\n')
		buf = append(buf, line...)
		if len(buf) > maxHeaderBytes {
			return nil, extract.MalformedError("mail header over %d bytes", maxHeaderBytes)
		}
		if err == bufio.ErrBufferFull {
			midLine = true
			continue
		}
		if err != nil {
			if err == io.EOF {
				return buf, nil
			}
			return nil, err
		}
		blank := !midLine && (len(line) == 1 || (len(line) == 2 && line[0] == '\r'))
		midLine = false
		if blank && len(buf) == len(line) {
			// Leading blank lines are not the end of an empty header.
			buf = buf[:0]
			continue
		}
		if blank {
			return buf, nil
		}
	}
}

// looksLikeHeader tells an RFC 5322 header ("Name: value") or an mbox
// postmark from a file that only has an .eml name.
func looksLikeHeader(b []byte) bool {
	if bytes.HasPrefix(b, []byte("From ")) {
		return true
	}
	for i, c := range b {
		switch {
		case c == ':':
			return i > 0
		case c <= ' ' || c >= 127:
			return false
		}
	}
	return false
}

// headerSummary is the text of the headers that matter, decoded.
func headerSummary(h textproto.MIMEHeader) []byte {
	var b bytes.Buffer
	for _, k := range textHeaders {
		for _, v := range h.Values(k) {
			if len(v) > maxHeaderValue {
				v = v[:maxHeaderValue]
			}
			b.WriteString(k)
			b.WriteString(": ")
			b.WriteString(decodeHeader(v))
			b.WriteByte('\n')
		}
	}
	if b.Len() > 0 {
		b.WriteByte('\n')
	}
	return b.Bytes()
}

// cleanName keeps the base name of an attachment and drops control
// characters, so "../../x" or "C:\x" cannot pose as a path.
func cleanName(s string) string {
	s = strings.Map(func(r rune) rune {
		if r < ' ' || r == 0x7f {
			return -1
		}
		return r
	}, s)
	s = path.Base(strings.ReplaceAll(s, `\`, "/"))
	if s == "." || s == "/" || s == ".." {
		return ""
	}
	return strings.TrimSpace(s)
}

// join names a part inside prefix.
func join(prefix, name string) string {
	if prefix == "" {
		return name
	}
	return prefix + "/" + name
}

func withExt(name, ext string) string {
	if path.Ext(name) == "" {
		return name + ext
	}
	return name
}

// extFor gives unnamed parts an extension that hints their type.
func extFor(ctype string) string {
	switch ctype {
	case "text/plain":
		return ".txt"
	case "text/html":
		return ".html"
	case "text/csv":
		return ".csv"
	case "application/pdf":
		return ".pdf"
	case "application/zip", "application/x-zip-compressed":
		return ".zip"
	case "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet":
		return ".xlsx"
	case "application/vnd.openxmlformats-officedocument.wordprocessingml.document":
		return ".docx"
	case "application/vnd.ms-excel":
		return ".xls"
	case "application/msword":
		return ".doc"
	case "application/ms-tnef", "application/vnd.ms-tnef":
		return ".dat"
	}
	return ".bin"
}

// unwrapLimit returns the extract error inside a limitErr.
func unwrapLimit(err error) error {
	var le *limitErr
	if errors.As(err, &le) {
		return le.err
	}
	return err
}
