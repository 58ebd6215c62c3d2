package smb

import (
	"context"
	"sync"
	"time"
)

// callCtx is the context a go-smb2 Share or File is bound to, re-armed
// before every SMB call with a fresh deadline and the caller's context.
//
// Why: go-smb2 binds a context to a Share (and to every File opened
// through it) once, but a file is read over many calls and each one needs
// its own deadline (CallTimeout), while Close must still work after the
// caller's context was cancelled (or the handle leaks on a live session).
//
// begin and end bracket one call; calls on one callCtx never overlap (the
// owner serialises them), so no request of an earlier call still watches
// Done when begin swaps in a new channel. Between calls the context is
// "done" (Err is errNotInCall), so a stray use fails instead of hanging.
type callCtx struct {
	mu       sync.Mutex
	done     chan struct{}
	err      error
	deadline time.Time
	parent   context.Context
	timer    *time.Timer
	stop     func() bool
	timedOut bool
}

// errNotInCall is the Err of a callCtx used outside begin/end.
var errNotInCall = context.Canceled

func newCallCtx() *callCtx {
	c := &callCtx{done: make(chan struct{}), err: errNotInCall, parent: context.Background()}
	close(c.done)
	return c
}

// begin arms the context for one call bounded by parent and timeout.
func (c *callCtx) begin(parent context.Context, timeout time.Duration) {
	c.mu.Lock()
	c.done = make(chan struct{})
	c.err = nil
	c.timedOut = false
	c.parent = parent
	c.deadline = time.Now().Add(timeout)
	if d, ok := parent.Deadline(); ok && d.Before(c.deadline) {
		c.deadline = d
	}
	done := c.done
	if parent.Err() != nil {
		// Fail before anything reaches the wire: go-smb2 reuses its encode
		// buffer, and a request abandoned while the sender writes it races
		// with the next one (context.AfterFunc would fire too late).
		c.err = context.Cause(parent)
		close(c.done)
	}
	c.mu.Unlock()
	c.timer = time.AfterFunc(timeout, func() { c.fire(done, context.DeadlineExceeded, true) })
	c.stop = context.AfterFunc(parent, func() { c.fire(done, context.Cause(parent), false) })
}

// end disarms the context after the call and reports whether the call's
// own deadline (not the caller's context) ended it.
func (c *callCtx) end() (timedOut bool) {
	c.timer.Stop()
	c.stop()
	c.mu.Lock()
	defer c.mu.Unlock()
	timedOut = c.timedOut
	if c.err == nil {
		c.err = errNotInCall
		close(c.done)
	}
	return timedOut
}

func (c *callCtx) fire(done chan struct{}, err error, timeout bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.done != done || c.err != nil {
		return // a later call, or already ended
	}
	c.err, c.timedOut = err, timeout
	close(c.done)
}

// Deadline is the earlier of the call's and the caller's deadlines.
func (c *callCtx) Deadline() (time.Time, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.deadline, !c.deadline.IsZero()
}

// Done is closed when the current call must stop.
func (c *callCtx) Done() <-chan struct{} {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.done
}

// Err says why Done is closed.
func (c *callCtx) Err() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.err
}

// Value reads the caller's context.
func (c *callCtx) Value(key any) any {
	c.mu.Lock()
	p := c.parent
	c.mu.Unlock()
	return p.Value(key)
}
