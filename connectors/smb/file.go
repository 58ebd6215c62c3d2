package smb

import (
	"context"
	"errors"
	"io"
	"sync"

	smb2 "github.com/cloudsoda/go-smb2"

	"github.com/credsweep/credsweep/connectors"
)

// Open opens the item read-only on a pooled session. go-smb2 asks for
// GENERIC_READ, which the server grants as FILE_GENERIC_READ (0x120089:
// read data, EAs, attributes, security descriptor; synchronize) and no
// write bit; its API has no way to ask for less. The handle cannot set
// LastAccessTime to -1 (MS-FSA: "do not update on this open"), which needs
// FILE_WRITE_ATTRIBUTES, so the server updates access times as its file
// system does: Samba on a relatime mount moves an old atime on the first
// read (TestServerAtimeAfterScan). The File reads Options.ReadSize at a
// time, each SMB call bounded by CallTimeout and by ctx, and implements
// io.ReaderAt with the same deadlines.
//
// Errors: access denied satisfies errors.Is(err, fs.ErrPermission); a
// vanished file fs.ErrNotExist; a lost connection or a server that does not
// answer within CallTimeout wraps connectors.ErrTransient (the session is
// dropped and redialled on next use: retry the whole file).
func (c *Connector) Open(ctx context.Context, it connectors.Item) (connectors.File, error) {
	r, err := refOf(it)
	if err != nil {
		return nil, err
	}
	if r.conn != nil && r.conn != c {
		return r.conn.Open(ctx, it)
	}
	m, err := c.pool.mount(ctx, r.share)
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, c.shareError(err)
	}
	cc := newCallCtx()
	cc.begin(ctx, c.opts.CallTimeout)
	f, err := m.share.WithContext(cc).Open(r.rel)
	if timedOut := cc.end(); err != nil {
		return nil, c.callError(m, err, timedOut)
	}
	return &file{c: c, m: m, f: f, cc: cc, ctx: ctx, bufSize: bufSize(it.Size, c.opts.ReadSize)}, nil
}

// bufSize sizes the read-ahead buffer: ReadSize, or less for a file known
// to be smaller (one byte more than its size, so that the first read is
// short and tells EOF without a second round trip).
func bufSize(size int64, readSize int) int {
	if size < 0 || size >= int64(readSize) {
		return readSize
	}
	return int(min((size+1+4095)&^4095, int64(readSize)))
}

// file is an open SMB file. All calls are serialised by mu: the callCtx
// is re-armed per call and must not be shared by two calls at once.
type file struct {
	c   *Connector
	m   mount
	f   *smb2.File
	cc  *callCtx
	ctx context.Context // Open's context: every read honours it

	mu      sync.Mutex
	off     int64  // offset of the next byte Read returns
	buf     []byte // read-ahead for small Reads: buf[r:] not yet returned
	r       int
	bufSize int   // capacity of buf, allocated on first use
	eof     bool  // a short read reached the end of the file
	err     error // sticky: the handle is unusable after a lost connection
	closed  bool
}

var errFileClosed = errors.New("smb: file already closed")

// Read reads sequentially. A Read of at least ReadSize bytes goes straight
// into p; smaller ones are served from a ReadSize buffer, so callers with
// small buffers still make few round trips.
func (f *file) Read(p []byte) (int, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.closed {
		return 0, errFileClosed
	}
	if len(p) == 0 {
		return 0, nil
	}
	if f.r < len(f.buf) {
		n := copy(p, f.buf[f.r:])
		f.r += n
		f.off += int64(n)
		return n, nil
	}
	if f.eof {
		return 0, io.EOF
	}
	if f.err != nil {
		return 0, f.err
	}
	size := f.c.opts.ReadSize
	if len(p) >= size {
		n, err := f.readCall(p[:size], f.off)
		f.off += int64(n)
		if err == io.EOF {
			f.eof = true
			if n > 0 {
				err = nil
			}
		}
		return n, err
	}
	if f.buf == nil {
		f.buf = make([]byte, f.bufSize)
	}
	n, err := f.readCall(f.buf[:cap(f.buf)], f.off)
	f.buf, f.r = f.buf[:n], 0
	if err == io.EOF {
		f.eof = true
	} else if err != nil {
		return 0, err
	}
	if n == 0 {
		return 0, io.EOF
	}
	k := copy(p, f.buf)
	f.r = k
	f.off += int64(k)
	return k, nil
}

// ReadAt implements io.ReaderAt: it reads len(p) bytes at off in calls of
// at most ReadSize, and returns io.EOF with a short count at the end.
func (f *file) ReadAt(p []byte, off int64) (int, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.closed {
		return 0, errFileClosed
	}
	if f.err != nil {
		return 0, f.err
	}
	if off < 0 {
		return 0, errors.New("smb: negative offset")
	}
	n := 0
	for n < len(p) {
		chunk := min(len(p)-n, f.c.opts.ReadSize)
		k, err := f.readCall(p[n:n+chunk], off+int64(n))
		n += k
		if err != nil {
			return n, err
		}
	}
	return n, nil
}

// readCall is one SMB READ under the per-call deadline. It returns io.EOF
// when fewer than len(p) bytes were left.
func (f *file) readCall(p []byte, off int64) (int, error) {
	f.cc.begin(f.ctx, f.c.opts.CallTimeout)
	n, err := f.f.ReadAt(p, off)
	timedOut := f.cc.end()
	switch {
	case err == nil && n < len(p):
		return n, io.EOF
	case err == nil || err == io.EOF:
		return n, err
	}
	out := f.c.callError(f.m, err, timedOut)
	if errors.Is(out, connectors.ErrTransient) {
		f.err = out // the handle died with its connection
	}
	return n, out
}

// Close closes the handle within CallTimeout, even after the Open context
// was cancelled. It never fails the scan: the file was only read.
func (f *file) Close() error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.closed {
		return nil
	}
	f.closed = true
	if f.err == nil {
		f.c.closeHandle(f.m, f.f, f.cc)
	}
	f.buf = nil
	return nil
}
