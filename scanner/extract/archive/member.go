package archive

import (
	"errors"
	"fmt"
	"io"

	"github.com/credsweep/credsweep/scanner/extract"
)

// member is the reader handed to Sink.File for one member. It enforces the
// member size, total size and compression ratio limits while the sink
// reads, because declared sizes in headers cannot be trusted, and it
// remembers how reading ended so that finish can report it.
type member struct {
	b     *budget
	r     io.Reader
	name  string // display name, as given to the sink
	where string // prefix for messages: `zip member "a.txt"`, "gzip"
	// packed returns the compressed bytes behind the output so far; nil
	// when the member is stored or its compressed size is unknown.
	packed func() int64

	n     int64  // bytes handed out
	cut   string // why reading stopped before the end; "" when it did not
	fatal bool   // cut by a limit that also ends the archive
	eof   bool
	err   error // first read error other than io.EOF
}

// Read hands out the member's bytes until its end or a limit. A limit
// ends the member with io.EOF, so the sink scans a clean prefix; time
// and cancellation end it with the error, so the sink stops too.
func (m *member) Read(p []byte) (int, error) {
	switch {
	case m.cut != "" || m.eof:
		return 0, io.EOF
	case m.err != nil:
		return 0, m.err
	case len(p) == 0:
		return 0, nil
	}
	if err := m.b.check(); err != nil {
		return 0, err
	}
	memberRoom := m.b.lim.MaxMemberBytes - m.n
	room := min(memberRoom, m.b.lim.MaxTotalBytes-m.b.total)
	if room <= 0 {
		if m.more() {
			m.limit(memberRoom <= 0)
		}
		return 0, io.EOF
	}
	if int64(len(p)) > room {
		p = p[:room]
	}
	n, err := safeRead(m.r, p)
	m.n += int64(n)
	m.b.total += int64(n)
	switch {
	case err == io.EOF:
		m.eof = true
	case err != nil:
		m.err = truncation(err)
		if n > 0 {
			// The bytes come first; the error with the next Read.
			return n, nil
		}
		return 0, m.err
	case m.packed != nil && m.n > ratioFloor:
		if c := m.packed(); float64(m.n) > m.b.lim.MaxRatio*float64(c) {
			m.cut = fmt.Sprintf("compression ratio above %g:1 after %s from %s compressed "+
				"(a decompression bomb?); the rest was not examined",
				m.b.lim.MaxRatio, humanBytes(m.n), humanBytes(c))
		}
	}
	return n, err
}

// more probes whether the member goes on past a limit, so that a member
// of exactly the limit's size is not reported as cut.
func (m *member) more() bool {
	var one [1]byte
	for range 16 {
		n, err := safeRead(m.r, one[:])
		if n > 0 {
			return true
		}
		if err == io.EOF {
			m.eof = true
			return false
		}
		if err != nil {
			m.err = truncation(err)
			return false
		}
	}
	return true
}

// limit records that the member was cut at the member or the total size
// limit; the total one ends the archive.
func (m *member) limit(memberLimit bool) {
	if memberLimit {
		m.cut = fmt.Sprintf("exceeds the member size limit of %d bytes; only the first %d bytes were examined",
			m.b.lim.MaxMemberBytes, m.n)
		return
	}
	m.cut = fmt.Sprintf("cut after %d bytes: the total size limit of %d bytes for this file was reached",
		m.n, m.b.lim.MaxTotalBytes)
	m.fatal = true
	m.b.fail(extract.LimitError("%s: total size limit of %d bytes reached in %s; later members were not examined",
		m.b.format, m.b.lim.MaxTotalBytes, m.where))
}

// finish records how reading the member ended, given what Sink.File
// returned, and returns non-nil when the archive loop must stop.
func (m *member) finish(sink extract.Sink, sinkErr error) error {
	if m.cut != "" {
		sink.Skip(m.name, m.cut)
		if !m.fatal {
			m.b.limitedMember("%s: %s", m.where, m.cut)
		}
	}
	stopped := m.b.stop != nil && m.err != nil && errors.Is(m.err, m.b.stop)
	switch {
	case m.err == nil || stopped:
	case errors.Is(m.err, ErrTruncated):
		m.b.truncatedMember("%s: a member ends after %s, cut short by the end of the file",
			m.b.format, humanBytes(m.n))
	default:
		m.b.malformedMember("%s: %s after %s", m.where, describe(m.b.format, m.err), humanBytes(m.n))
	}
	if sinkErr != nil {
		ours := (m.err != nil && errors.Is(sinkErr, m.err)) ||
			(m.b.stop != nil && errors.Is(sinkErr, m.b.stop))
		if !ours {
			// The sink asked to stop: its error is returned as is.
			m.b.fail(sinkErr)
		}
	}
	return m.b.check()
}

// exhausted reports, before a member of the declared size is handed
// over, that the total size limit leaves no room for it, and ends the run.
func (b *budget) exhausted(where string, declared int64) bool {
	if declared == 0 || b.total < b.lim.MaxTotalBytes {
		return false
	}
	b.fail(extract.LimitError("%s: total size limit of %d bytes reached before %s; later members were not examined",
		b.format, b.lim.MaxTotalBytes, where))
	return true
}

// sizeHint bounds a declared size before it reaches the sink, which may
// use it to allocate: headers lie.
func (b *budget) sizeHint(declared int64) int64 {
	if declared < 0 {
		return -1
	}
	return min(declared, b.lim.MaxMemberBytes, max(b.lim.MaxTotalBytes-b.total, 0))
}

// safeRead reads from a decoder, turning its panic on damaged data into
// an error, so that the sink above it is not unwound by a parser bug.
func safeRead(r io.Reader, p []byte) (n int, err error) {
	defer func() {
		if v := recover(); v != nil {
			n, err = 0, fmt.Errorf("decoder failed on damaged data (%s)", extract.PanicText(v))
		}
	}()
	n, err = r.Read(p)
	if n < 0 || n > len(p) {
		return 0, errors.New("decoder returned an invalid count")
	}
	return n, err
}

// counter counts the bytes read through it: the compressed input of a
// stream, against which the output's ratio is judged.
type counter struct {
	r io.Reader
	n int64
}

func (c *counter) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// stream guards a decompressor's whole output (gzip, bzip2, xz). Beyond
// the members' own limits it bounds what a tar reader decompresses
// without handing it out: headers, padding and skipped members.
type stream struct {
	b      *budget
	r      io.Reader // the decompressor
	in     *counter  // its compressed input
	format string    // "gzip", for messages
	out    int64
	err    error // first decompressor error other than io.EOF
}

func (s *stream) Read(p []byte) (int, error) {
	if err := s.b.check(); err != nil {
		return 0, err
	}
	n, err := safeRead(s.r, p)
	s.out += int64(n)
	if err != nil && err != io.EOF && s.err == nil {
		s.err = err
	}
	switch {
	case s.out > ratioFloor && float64(s.out) > s.b.lim.MaxRatio*float64(s.in.n):
		s.b.fail(extract.LimitError("%s: compression ratio above %g:1 after %s out of %s compressed "+
			"(a decompression bomb?); the rest was not examined",
			s.b.format, s.b.lim.MaxRatio, humanBytes(s.out), humanBytes(s.in.n)))
		return n, s.b.stop
	case s.out > s.b.lim.MaxTotalBytes:
		s.b.fail(extract.LimitError("%s: total size limit of %d bytes reached while decompressing; the rest was not examined",
			s.b.format, s.b.lim.MaxTotalBytes))
		return n, s.b.stop
	}
	return n, err
}
