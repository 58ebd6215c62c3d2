package mail

import (
	"encoding/base64"
	"errors"
	"io"
	"mime"
	"mime/quotedprintable"
	"strings"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/htmlindex"
	"golang.org/x/text/encoding/ianaindex"
	"golang.org/x/text/transform"
)

// lookupCharset finds the decoder for a MIME charset label, or nil when the
// label is UTF-8/ASCII (nothing to do) or unknown (the scanner then sniffs
// the raw bytes itself).
func lookupCharset(label string) encoding.Encoding {
	label = strings.ToLower(strings.Trim(strings.TrimSpace(label), `"'`))
	switch label {
	case "", "us-ascii", "ascii", "utf-8", "utf8", "unicode-1-1-utf-8":
		return nil
	}
	if enc, err := htmlindex.Get(label); err == nil && enc != nil {
		return enc
	}
	if enc, err := ianaindex.MIME.Encoding(label); err == nil && enc != nil {
		return enc
	}
	return nil
}

// charsetReader decodes r from charset label to UTF-8.
func charsetReader(label string, r io.Reader) io.Reader {
	enc := lookupCharset(label)
	if enc == nil {
		return r
	}
	return transform.NewReader(r, enc.NewDecoder())
}

// wordDecoder decodes RFC 2047 encoded words in any charset x/text knows.
var wordDecoder = &mime.WordDecoder{
	CharsetReader: func(charset string, input io.Reader) (io.Reader, error) {
		enc := lookupCharset(charset)
		if enc == nil {
			// UTF-8 and ASCII need no work; unknown labels pass through raw.
			return input, nil
		}
		return transform.NewReader(input, enc.NewDecoder()), nil
	},
}

// decodeHeader decodes encoded words, keeping the raw value when they are
// broken: a half-decoded subject still carries the words detectors need.
func decodeHeader(v string) string {
	if !strings.Contains(v, "=?") {
		return v
	}
	d, err := wordDecoder.DecodeHeader(v)
	if err != nil {
		return v
	}
	return d
}

// transferDecode undoes a Content-Transfer-Encoding. Unknown encodings
// (7bit, 8bit, binary, x-uuencode...) pass through unchanged.
func transferDecode(cte string, r io.Reader) io.Reader {
	switch strings.ToLower(strings.TrimSpace(cte)) {
	case "base64":
		return &lenientReader{r: base64.NewDecoder(base64.RawStdEncoding, &base64Filter{r: r})}
	case "quoted-printable":
		return &lenientReader{r: quotedprintable.NewReader(r)}
	}
	return r
}

// base64Filter keeps only base64 alphabet bytes so that line breaks, spaces,
// padding in the middle of concatenated blocks and stray garbage do not stop
// decoding (mail clients produce all of these).
type base64Filter struct {
	r io.Reader
}

// base64Alphabet is 1 for the bytes base64Filter keeps.
var base64Alphabet = func() (t [256]uint8) {
	for c := 0; c < 256; c++ {
		if ('A' <= c && c <= 'Z') || ('a' <= c && c <= 'z') || ('0' <= c && c <= '9') || c == '+' || c == '/' {
			t[c] = 1
		}
	}
	return t
}()

func (f *base64Filter) Read(p []byte) (int, error) {
	for {
		n, err := f.r.Read(p)
		k := 0
		for _, c := range p[:n] {
			p[k] = c
			k += int(base64Alphabet[c])
		}
		if k > 0 || err != nil || n == 0 {
			return k, err
		}
	}
}

// lenientReader turns decoding errors into a clean end of data: a damaged
// tail must not hide what was decoded before it. Limit and context errors
// from below still pass through.
type lenientReader struct {
	r   io.Reader
	eof bool
}

func (l *lenientReader) Read(p []byte) (int, error) {
	if l.eof {
		return 0, io.EOF
	}
	n, err := l.r.Read(p)
	if err != nil && err != io.EOF && !isFatal(err) {
		l.eof = true
		if n > 0 {
			return n, nil
		}
		return 0, io.EOF
	}
	return n, err
}

// isFatal tells errors that must stop the extraction (limits, cancelled)
// from decoding errors that only end one part.
func isFatal(err error) bool {
	var le *limitErr
	return errors.As(err, &le)
}
