package extract

import (
	"errors"
	"io"
)

// PullChunk is how much text a Pull step should produce before it returns:
// it keeps the memory of a streamed part bounded whatever the part's size.
const PullChunk = 32 << 10

// Pull is an io.Reader that produces text on demand from a step function:
// a document part of any size streams to a Sink without a goroutine and
// without being held whole, and the decoding runs on the sink's goroutine
// so that its errors and panics come back to the extractor.
//
// step appends the next text to dst and returns it; it returns io.EOF
// (with any last text) at the end, another error when decoding fails. A
// panic in step becomes an ErrMalformed error. Once step has returned an
// error it is not called again.
type Pull struct {
	buf  []byte
	off  int
	step func(dst []byte) ([]byte, error)
	err  error
	left int64 // output still allowed; <0 means no cap
	cap  bool
}

// NewPull returns a reader over step's output, which may not exceed max
// bytes (an ErrLimit error then ends it): padding cells or repeating rows
// must not turn a small part into gigabytes of text. max <= 0 means no cap.
func NewPull(step func(dst []byte) ([]byte, error), max int64) *Pull {
	return &Pull{step: step, buf: make([]byte, 0, PullChunk+PullChunk/4), left: max, cap: max > 0}
}

// Read hands out the text produced so far, stepping for more when needed.
func (p *Pull) Read(b []byte) (n int, err error) {
	for p.off >= len(p.buf) {
		if p.err != nil {
			return 0, p.err
		}
		p.buf, p.off = p.buf[:0], 0
		p.buf, p.err = p.safeStep(p.buf)
		if !p.cap {
			continue
		}
		if p.left -= int64(len(p.buf)); p.left < 0 && p.err == nil {
			p.err = LimitError("text of a part is larger than the member limit")
		}
	}
	n = copy(b, p.buf[p.off:])
	p.off += n
	return n, nil
}

func (p *Pull) safeStep(dst []byte) (out []byte, err error) {
	defer func() {
		if r := recover(); r != nil {
			out, err = dst, MalformedError("decoder failure: %s", PanicText(r))
		}
	}()
	return p.step(dst)
}

// Err returns the decoding error, if any: nil when step reached its end
// cleanly or has not failed yet.
func (p *Pull) Err() error {
	if p.err == io.EOF {
		return nil
	}
	return p.err
}

// Split sorts out whose error it is once a Sink has read p and returned
// sinkErr. fatal is the sink's own error (cancelled, a total limit), which
// must stop the extraction; a sink that merely passed p's decoding error
// on gives a nil fatal. decode is p's decoding error (Err).
func (p *Pull) Split(sinkErr error) (fatal, decode error) {
	decode = p.Err()
	if sinkErr != nil && (decode == nil || !errors.Is(sinkErr, decode) && sinkErr.Error() != decode.Error()) {
		return sinkErr, decode
	}
	return nil, decode
}

// Drain runs step to its end, discarding the text, when the sink stopped
// reading early but the decoder must move past the section (the next
// section follows in the same stream). It returns the decoding error, nil
// at a clean end.
func (p *Pull) Drain() error {
	for p.err == nil {
		p.buf, p.off = p.buf[:0], 0
		p.buf, p.err = p.safeStep(p.buf)
	}
	return p.Err()
}
