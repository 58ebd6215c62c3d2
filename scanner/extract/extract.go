// Package extract turns the bytes of documents, mail and archives into text
// parts and nested files for the scanner.
//
// An Extractor never decides what is sensitive: it hands text to a Sink
// (which feeds the detectors) and nested files back to the scanner (which
// sniffs and extracts them in turn, up to the depth limit).
package extract

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"
)

// Sink receives what an extractor finds. Its methods return an error when
// the scan of this file must stop (cancelled, a total limit reached): the
// extractor must then return that error, wrapped or not.
type Sink interface {
	// Text streams one text part. name labels it for the report ("sheet
	// Elever", "slide 3", "body"); empty means the file's main text. The
	// bytes may be in any common encoding (the scanner detects it). When
	// table is true, each line is one row and cells are separated by tabs
	// (tabs and newlines inside cells replaced by spaces); then a finding's
	// line number is the row number.
	Text(name string, table bool, r io.Reader) error
	// File hands a nested file (archive member, mail attachment, embedded
	// object) to the scanner, which reports it as "<parent>!/<name>". size
	// is -1 when unknown. r is valid only during the call.
	File(name string, size int64, r io.Reader) error
	// Skip records a part that was not examined and why (an encrypted
	// member, a member over a limit): it is reported, never silently lost.
	Skip(name string, reason string)
}

// Input is the file to extract.
type Input struct {
	// Name is the file's base name (a hint only: content decides).
	Name string
	// Size in bytes, -1 when unknown.
	Size int64
	// R reads the whole file from its start.
	R io.Reader
	// At gives random access to the file, or nil when the source cannot
	// seek; use ReaderAt to get one either way.
	At io.ReaderAt
	// Spool copies a stream to temporary storage and returns random access
	// to it; set by the scanner, which bounds its size.
	Spool func(r io.Reader) (io.ReaderAt, int64, error)
	// Limits for this file.
	Limits Limits
}

// ReaderAt returns random access to the input, spooling it when needed.
func (in Input) ReaderAt() (io.ReaderAt, int64, error) {
	if in.At != nil && in.Size >= 0 {
		return in.At, in.Size, nil
	}
	if in.Spool == nil {
		return nil, 0, errors.New("input cannot seek and no spool is set")
	}
	return in.Spool(in.R)
}

// Extractor extracts one kind of file. It must return, never panic or hang,
// on any input: malformed files give an error saying what is wrong. It reads
// no more than the Limits allow and honours ctx.
type Extractor interface {
	Extract(ctx context.Context, in Input, sink Sink) error
}

// ExtractorFunc adapts a function to an Extractor.
type ExtractorFunc func(ctx context.Context, in Input, sink Sink) error

// Extract calls f.
func (f ExtractorFunc) Extract(ctx context.Context, in Input, sink Sink) error {
	return f(ctx, in, sink)
}

// Limits bound the work done on one top-level file, against zip bombs and
// pathological documents.
type Limits struct {
	// MaxMemberBytes is the most uncompressed bytes read from one member.
	MaxMemberBytes int64
	// MaxTotalBytes is the most uncompressed bytes read from the file and
	// everything nested in it.
	MaxTotalBytes int64
	// MaxRatio is the largest uncompressed/compressed ratio accepted for a
	// member before it is treated as a bomb.
	MaxRatio float64
	// MaxDepth is how deep archives may nest (1 = members of the file
	// itself are extracted, their own archives are not).
	MaxDepth int
	// MaxEntries is the most members read from one archive.
	MaxEntries int
	// MaxDuration is the most time spent on the file.
	MaxDuration time.Duration
}

// DefaultLimits are generous for real shares and stop bombs early.
var DefaultLimits = Limits{
	MaxMemberBytes: 1 << 30,
	MaxTotalBytes:  4 << 30,
	MaxRatio:       200,
	MaxDepth:       5,
	MaxEntries:     100000,
	MaxDuration:    10 * time.Minute,
}

// ErrEncrypted means the file or a member is encrypted or password
// protected; the scanner reports it as a finding of its own kind.
var ErrEncrypted = errors.New("encrypted or password protected")

// ErrLimit means a limit tripped: the file was not fully examined.
var ErrLimit = errors.New("limit reached")

// LimitError says which limit tripped; errors.Is(err, ErrLimit) holds.
func LimitError(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrLimit, fmt.Sprintf(format, args...))
}

// ErrTruncated means the file or a member ends before its format says it
// should (a half-copied backup): what was read was handed on, and the file
// is reported as partial.
var ErrTruncated = errors.New("truncated")

// TruncatedError says what ended early; errors.Is(err, ErrTruncated) holds.
func TruncatedError(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrTruncated, fmt.Sprintf(format, args...))
}

// ErrMalformed means the file is not what its type says or is damaged.
var ErrMalformed = errors.New("malformed file")

// MalformedError says what is wrong; errors.Is(err, ErrMalformed) holds.
func MalformedError(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrMalformed, fmt.Sprintf(format, args...))
}

// WithDefaults replaces unset (zero or negative) limits by DefaultLimits:
// an unset limit must never mean "unbounded" in front of a zip bomb.
func (l Limits) WithDefaults() Limits {
	d := DefaultLimits
	if l.MaxMemberBytes <= 0 {
		l.MaxMemberBytes = d.MaxMemberBytes
	}
	if l.MaxTotalBytes <= 0 {
		l.MaxTotalBytes = d.MaxTotalBytes
	}
	if l.MaxRatio <= 0 {
		l.MaxRatio = d.MaxRatio
	}
	if l.MaxDepth <= 0 {
		l.MaxDepth = d.MaxDepth
	}
	if l.MaxEntries <= 0 {
		l.MaxEntries = d.MaxEntries
	}
	if l.MaxDuration <= 0 {
		l.MaxDuration = d.MaxDuration
	}
	return l
}
