// Package archive extracts the members of archives (zip, tar, 7z) and the
// content of compressed files (gzip, bzip2, xz, and their tar
// combinations) for the scanner.
//
// Extractors read one level only: each member goes to Sink.File and the
// scanner recurses into it itself. All of them honour extract.Limits, never
// panic and return, after handing over whatever could be read, an error
// wrapping extract.ErrLimit, extract.ErrEncrypted or extract.ErrMalformed
// (possibly several of them, joined) when the archive was not fully
// examined.
package archive

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/credsweep/credsweep/scanner/extract"
)

// ErrTruncated means the file ends inside a member or a header: an
// interrupted copy or download. What came before the cut was handed to the
// sink, and the member reader returns an error wrapping ErrTruncated (and
// io.ErrUnexpectedEOF) only after its last readable byte. Extractors
// return it joined with extract.ErrMalformed, so that errors.Is holds for
// both: a scanner that knows ErrTruncated keeps the findings and reports
// the file as partial.
var ErrTruncated = fmt.Errorf("%w: the file ends inside a member", extract.ErrTruncated)

// truncatedKind is the sentinel pair of a truncation problem.
var truncatedKind = fmt.Errorf("%w: %w", extract.ErrMalformed, ErrTruncated)

// truncation wraps a decoder's error when it says that its input ended
// early; other errors are returned as they are.
func truncation(err error) error {
	if err == nil || errors.Is(err, ErrTruncated) || !errors.Is(err, io.ErrUnexpectedEOF) {
		return err
	}
	return fmt.Errorf("%w (%w)", ErrTruncated, err)
}

// ratioFloor is the output size below which a compression ratio is not
// judged: a few hundred KB of zeros are no bomb, and tiny members of
// repetitive text legitimately compress beyond any sensible ratio.
const ratioFloor = 1 << 20

// maxMessages bounds how many members one error message names, so that an
// archive with 100,000 encrypted members does not make a 10 MB error.
const maxMessages = 5

// problem collects the non-fatal problems of one kind (one sentinel).
type problem struct {
	kind error
	n    int
	msgs []string
}

// budget is the per-call accounting of one extractor run: limits, bytes
// and entries used so far, and the problems met.
type budget struct {
	ctx    context.Context
	lim    extract.Limits
	format string
	total  int64 // uncompressed bytes handed to the sink
	items  int   // entries seen

	// stop is the first problem that ends the whole run (total size,
	// time, cancellation, a stream-level bomb).
	stop error
	// problems that did not stop the run, by kind.
	encrypted, limited, malformed, truncated problem
}

// newBudget starts the accounting of one run; cancel must be called.
func newBudget(ctx context.Context, in extract.Input, format string) (*budget, context.CancelFunc) {
	lim := in.Limits.WithDefaults()
	ctx, cancel := context.WithTimeoutCause(ctx, lim.MaxDuration,
		extract.LimitError("%s: time limit of %s exceeded", format, lim.MaxDuration))
	return &budget{
		ctx:       ctx,
		lim:       lim,
		format:    format,
		encrypted: problem{kind: extract.ErrEncrypted},
		limited:   problem{kind: extract.ErrLimit},
		malformed: problem{kind: extract.ErrMalformed},
		truncated: problem{kind: truncatedKind},
	}, cancel
}

// check returns the stop error once the run must end: cancelled, out of
// time, or stopped by an earlier fatal limit.
func (b *budget) check() error {
	if b.stop != nil {
		return b.stop
	}
	if b.ctx.Err() != nil {
		b.fail(context.Cause(b.ctx))
		return b.stop
	}
	return nil
}

// fail records the fatal problem that ends the run (the first one wins).
func (b *budget) fail(err error) {
	if b.stop == nil {
		b.stop = err
	}
}

// entry counts one archive entry and reports whether it may be read.
func (b *budget) entry() bool {
	if b.items >= b.lim.MaxEntries {
		b.fail(extract.LimitError("%s: more than %d entries; the rest were not examined",
			b.format, b.lim.MaxEntries))
		return false
	}
	b.items++
	return true
}

func (b *budget) note(p *problem, format string, args ...any) {
	p.n++
	if len(p.msgs) < maxMessages {
		p.msgs = append(p.msgs, fmt.Sprintf(format, args...))
	}
}

// encryptedMember records a member that could not be read for lack of a
// password.
func (b *budget) encryptedMember(name string) {
	b.note(&b.encrypted, "%s member %q", b.format, name)
}

// limitedMember records a member that was skipped or cut short by a limit.
func (b *budget) limitedMember(format string, args ...any) {
	b.note(&b.limited, format, args...)
}

// malformedMember records a member that could not be read to its end.
func (b *budget) malformedMember(format string, args ...any) {
	b.note(&b.malformed, format, args...)
}

// truncatedMember records a member cut short by the end of the file.
func (b *budget) truncatedMember(format string, args ...any) {
	b.note(&b.truncated, format, args...)
}

// result is the error the extractor returns: nil when everything was
// examined, else the fatal problem and one error per kind of problem.
func (b *budget) result() error {
	errs := []error{b.stop}
	for _, p := range []*problem{&b.encrypted, &b.limited, &b.malformed, &b.truncated} {
		if p.n == 0 {
			continue
		}
		msg := strings.Join(p.msgs, "; ")
		if more := p.n - len(p.msgs); more > 0 {
			msg += fmt.Sprintf(" (and %d more)", more)
		}
		errs = append(errs, fmt.Errorf("%w: %s", p.kind, msg))
	}
	return errors.Join(errs...)
}

// recoverAs turns a panic in a parser into a malformed-file error: a
// damaged archive must never take the scanner down.
func recoverAs(format string, err *error) {
	if r := recover(); r != nil {
		*err = errors.Join(*err, extract.MalformedError("%s: parser failed on damaged data (%s)", format, extract.PanicText(r)))
	}
}

// humanBytes formats a byte count for messages: "1.2 MB".
func humanBytes(n int64) string {
	const unit = 1000
	if n < unit {
		return fmt.Sprintf("%d bytes", n)
	}
	div, exp := int64(unit), 0
	for m := n / unit; m >= unit; m /= unit {
		div *= unit
		exp++
	}
	return fmt.Sprintf("%.1f %cB", float64(n)/float64(div), "kMGTPE"[exp])
}

// describe renders a library error without repeating the format prefix
// the library already put in ("gzip: gzip: invalid header").
func describe(format string, err error) string {
	msg := err.Error()
	for _, p := range []string{format + ": ", "flate: ", "zip: "} {
		msg = strings.TrimPrefix(msg, p)
	}
	return msg
}
