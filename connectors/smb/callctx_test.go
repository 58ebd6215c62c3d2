package smb

import (
	"context"
	"errors"
	"testing"
	"time"
)

func TestCallCtx(t *testing.T) {
	c := newCallCtx()
	// Outside a call it is done, so a stray use fails instead of hanging.
	if c.Err() == nil {
		t.Fatal("idle callCtx not done")
	}

	// A call that ends in time.
	c.begin(context.Background(), time.Second)
	if c.Err() != nil {
		t.Fatal("armed callCtx already done")
	}
	if _, ok := c.Deadline(); !ok {
		t.Error("no deadline")
	}
	if c.end() {
		t.Error("timed out")
	}

	// A call that times out.
	c.begin(context.Background(), 20*time.Millisecond)
	select {
	case <-c.Done():
	case <-time.After(2 * time.Second):
		t.Fatal("deadline did not fire")
	}
	if !errors.Is(c.Err(), context.DeadlineExceeded) || !c.end() {
		t.Errorf("timeout: err %v", c.Err())
	}

	// The caller cancels mid-call: not a timeout.
	parent, cancel := context.WithCancel(context.WithValue(context.Background(), ctxKey{}, "v"))
	c.begin(parent, time.Minute)
	if c.Value(ctxKey{}) != "v" {
		t.Error("values not passed through")
	}
	cancel()
	select {
	case <-c.Done():
	case <-time.After(2 * time.Second):
		t.Fatal("cancel did not propagate")
	}
	if !errors.Is(c.Err(), context.Canceled) || c.end() {
		t.Errorf("cancel: err %v", c.Err())
	}

	// An already-cancelled caller fails at once, and a later call with a
	// live context works again (Close after cancel).
	c.begin(parent, time.Minute)
	if c.Err() == nil {
		t.Error("begin with a cancelled parent is not done")
	}
	c.end()
	c.begin(context.Background(), time.Minute)
	if c.Err() != nil {
		t.Error("re-armed callCtx done")
	}
	c.end()
}

type ctxKey struct{}
