package extract

import (
	"context"
	"errors"
	"time"
)

// timeLimit is the cause of a context ended by WithTimeLimit; it carries the
// duration so that ContextErr can name it.
type timeLimit struct{ d time.Duration }

func (t *timeLimit) Error() string { return "time limit of " + t.d.String() }

// WithTimeLimit returns a context that ends after d (Limits.MaxDuration),
// marked so that ContextErr reports it as a limit rather than as the
// caller's own deadline. A d of zero or less adds no deadline.
func WithTimeLimit(ctx context.Context, d time.Duration) (context.Context, context.CancelFunc) {
	if d <= 0 {
		return context.WithCancel(ctx)
	}
	return context.WithTimeoutCause(ctx, d, &timeLimit{d})
}

// ContextErr is ctx.Err(), except that the end of a WithTimeLimit deadline
// gives an ErrLimit error ("extraction took longer than ..."): the file was
// not fully examined, which the report must say, whereas cancellation by
// the caller stays context.Canceled (or DeadlineExceeded). Nil while ctx
// runs.
func ContextErr(ctx context.Context) error {
	err := ctx.Err()
	if err == nil {
		return nil
	}
	var tl *timeLimit
	if errors.Is(err, context.DeadlineExceeded) && errors.As(context.Cause(ctx), &tl) {
		return LimitError("extraction took longer than %s", tl.d)
	}
	return err
}
