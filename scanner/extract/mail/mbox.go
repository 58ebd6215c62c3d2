package mail

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"strconv"

	"github.com/credsweep/credsweep/scanner/extract"
)

// Mbox extracts every message of an mbox folder (mboxo, mboxrd, the
// Thunderbird and Postfix flavours): messages start at lines beginning
// with "From ", and ">From " lines in bodies lose one '>'. Message N is
// named "message N"; its attachments "message N/<file name>".
//
// A body line that starts with an unescaped "From " (mboxcl) splits the
// message; the part after the split is then read as plain text, so nothing
// is lost.
func Mbox(ctx context.Context, in extract.Input, sink extract.Sink) (err error) {
	defer extract.Recover(&err, "mail")
	w := newWalker(ctx, in.Limits, sink)
	src := bufio.NewReaderSize(newLimited(ctx, in.R, in.Limits.MaxTotalBytes, "mbox"), 64<<10)
	msgBuf := bufio.NewReaderSize(nil, 32<<10)
	var carry []byte
	for n := 1; ; n++ {
		if err := ctx.Err(); err != nil {
			return err
		}
		if in.Limits.MaxEntries > 0 && n > in.Limits.MaxEntries {
			return extract.LimitError("more than %d messages", in.Limits.MaxEntries)
		}
		mr := &mboxMessage{br: src, atLineStart: true, first: true}
		if carry != nil {
			// The separator line starts the next message: its postmark, or
			// body text when the split was wrong.
			mr.pending, mr.atLineStart = carry, carry[len(carry)-1] == '\n'
		}
		msgBuf.Reset(mr)
		if b, _ := msgBuf.Peek(1); len(b) > 0 {
			if err := w.message(msgBuf, "message "+strconv.Itoa(n), 0); err != nil {
				return unwrapLimit(err)
			}
		}
		// The walker may stop before the end (epilogue, skipped parts).
		if _, err := io.Copy(io.Discard, mr); err != nil {
			return unwrapLimit(err)
		}
		if !mr.next {
			return nil
		}
		carry = append(carry[:0], mr.carry...)
	}
}

// mboxMessage reads one message of an mbox: it ends before the next "From "
// line (consumed, and next set) or at the end of the file, and unescapes
// ">From " lines.
type mboxMessage struct {
	br          *bufio.Reader
	pending     []byte // rest of the current slice from br
	atLineStart bool
	first       bool // the next line is this message's own first line
	next        bool // stopped at a "From " separator
	carry       []byte
	done        bool
	err         error
}

var fromLine = []byte("From ")

func (m *mboxMessage) Read(p []byte) (int, error) {
	for len(m.pending) == 0 {
		if m.done {
			return 0, m.err
		}
		line, err := m.br.ReadSlice('\n')
		start := m.atLineStart
		m.atLineStart = err != bufio.ErrBufferFull
		if err != nil && err != bufio.ErrBufferFull {
			m.done = true
			m.err = err
		}
		first := m.first
		m.first = false
		if start && !first && bytes.HasPrefix(line, fromLine) {
			m.carry = line
			m.done, m.next, m.err = true, true, io.EOF
			return 0, io.EOF
		}
		if start && len(line) > 0 && line[0] == '>' {
			i := 0
			for i < len(line) && line[i] == '>' {
				i++
			}
			if bytes.HasPrefix(line[i:], fromLine) {
				line = line[1:]
			}
		}
		m.pending = line
	}
	n := copy(p, m.pending)
	m.pending = m.pending[n:]
	return n, nil
}
