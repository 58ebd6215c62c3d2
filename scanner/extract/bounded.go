package extract

import (
	"context"
	"io"
)

// Bounded reads at most a given number of bytes from a reader and then
// reports io.EOF, remembering whether the reader had more (Cut): a part or
// stream over its limit is read up to the limit, and the caller reports the
// truncation. Every Read first checks the context (see ContextErr), so a
// huge stream cannot outlive its deadline.
type Bounded struct {
	r     io.Reader
	ctx   context.Context
	left  int64
	cut   bool
	total *int64 // when set, every byte read is added to it
}

// NewBounded returns a reader over at most n bytes of r that stops once ctx
// ends.
func NewBounded(ctx context.Context, r io.Reader, n int64) *Bounded {
	return &Bounded{r: r, ctx: ctx, left: n}
}

// Read reads from the underlying reader within the bound.
func (b *Bounded) Read(p []byte) (int, error) {
	if err := ContextErr(b.ctx); err != nil {
		return 0, err
	}
	if b.left <= 0 {
		if !b.cut {
			// Probe one byte: input of exactly the limit is not cut.
			var one [1]byte
			if k, _ := io.ReadFull(b.r, one[:]); k > 0 {
				b.cut = true
			}
		}
		return 0, io.EOF
	}
	if int64(len(p)) > b.left {
		p = p[:b.left]
	}
	k, err := b.r.Read(p)
	b.left -= int64(k)
	if b.total != nil {
		*b.total += int64(k)
	}
	return k, err
}

// Cut reports whether the underlying reader had more bytes than the bound;
// it is known once Read has returned io.EOF.
func (b *Bounded) Cut() bool { return b.cut }
