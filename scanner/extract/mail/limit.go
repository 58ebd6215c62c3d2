package mail

import (
	"context"
	"io"

	"github.com/credsweep/credsweep/scanner/extract"
)

// limitErr wraps the error a limitedReader returns so decoders can tell it
// from damage in the data.
type limitErr struct{ err error }

func (e *limitErr) Error() string { return e.err.Error() }
func (e *limitErr) Unwrap() error { return e.err }

// limitedReader fails with an extract.ErrLimit error once more than n bytes
// are read, and with the context's error once ctx is done.
type limitedReader struct {
	ctx  context.Context
	r    io.Reader
	n    int64 // bytes left; <0 means no limit
	what string
}

func newLimited(ctx context.Context, r io.Reader, n int64, what string) io.Reader {
	if n <= 0 {
		n = -1
	}
	return &limitedReader{ctx: ctx, r: r, n: n, what: what}
}

func (l *limitedReader) Read(p []byte) (int, error) {
	if err := l.ctx.Err(); err != nil {
		return 0, &limitErr{err}
	}
	if l.n == 0 {
		// Probe for one more byte so an input of exactly the limit is fine.
		var b [1]byte
		if k, _ := l.r.Read(b[:]); k == 0 {
			return 0, io.EOF
		}
		return 0, &limitErr{extract.LimitError("%s over the size limit", l.what)}
	}
	if l.n > 0 && int64(len(p)) > l.n {
		p = p[:l.n]
	}
	n, err := l.r.Read(p)
	if l.n > 0 {
		l.n -= int64(n)
	}
	return n, err
}
