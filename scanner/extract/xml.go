package extract

import (
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
)

// NewXMLDecoder returns a strict decoder over r meant for RawToken only: no
// namespace translation (local names identify the elements of office
// formats) and no entity expansion beyond XML's own five, so entity bombs
// cannot grow.
func NewXMLDecoder(r io.Reader) *xml.Decoder {
	d := xml.NewDecoder(r)
	d.Strict = true
	return d
}

// XMLError describes a failure decoding the XML part named part as an
// ErrMalformed error with the line. Cancellation, and errors that already
// wrap a sentinel (a limit or context error from the reader), pass through
// unchanged.
func XMLError(part string, err error) error {
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	if se, ok := err.(*xml.SyntaxError); ok {
		// se.Msg may quote the document ("invalid character entity
		// &Sol2024"): the line number is all a report may carry.
		return MalformedError("part %s: XML syntax error on line %d", part, se.Line)
	}
	if err == io.ErrUnexpectedEOF {
		return MalformedError("part %s ends early", part)
	}
	if _, ok := err.(interface{ Unwrap() error }); ok {
		return err
	}
	return MalformedError("part %s: %s", part, safeText(err))
}

// Attr returns the value of the attribute of se with local name local,
// whatever its namespace prefix, or "" when there is none.
func Attr(se xml.StartElement, local string) string {
	for _, a := range se.Attr {
		if a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}

// ParseCount parses a small non-negative decimal such as a repeat count, a
// row number or a style index (at most nine digits, no sign or spaces);
// anything else gives -1.
func ParseCount(s string) int {
	if s == "" || len(s) > 9 {
		return -1
	}
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return -1
		}
		n = n*10 + int(s[i]-'0')
	}
	return n
}

// XMLStep returns a Pull step that feeds the tokens of d to fn until
// PullChunk bytes of text are out. fn appends the text a token gives and
// returns true when the element it renders is complete, which ends the
// step with io.EOF. At the end of d the step ends with io.EOF, or, when
// enclosed is true (fn renders an element that must be closed first), with
// an ErrMalformed error saying that part ends early. Decoding errors are
// described by XMLError.
func XMLStep(d *xml.Decoder, part string, enclosed bool, fn func(dst []byte, tok xml.Token) ([]byte, bool)) func(dst []byte) ([]byte, error) {
	return func(dst []byte) ([]byte, error) {
		for len(dst) < PullChunk {
			tok, err := d.RawToken()
			if err != nil {
				if err == io.EOF {
					if !enclosed {
						return dst, io.EOF
					}
					err = io.ErrUnexpectedEOF
				}
				return dst, XMLError(part, err)
			}
			var done bool
			if dst, done = fn(dst, tok); done {
				return dst, io.EOF
			}
		}
		return dst, nil
	}
}

// safeText keeps an error message only when it quotes nothing: messages
// with quotes or long tails may carry file content.
func safeText(err error) string {
	msg := fmt.Sprint(err)
	if len(msg) > 80 || strings.ContainsAny(msg, "\"'`&<>") {
		return "unreadable data"
	}
	return msg
}
