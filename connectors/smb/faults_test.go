package smb

import (
	"bytes"
	"context"
	"errors"
	"io"
	"path/filepath"
	"testing"
	"time"

	"github.com/credsweep/credsweep/connectors"
	"github.com/credsweep/credsweep/connectors/smb/sambatest"
)

// bigFixture is a server with one 16 MB file, read in 64 KiB calls so a
// fault lands mid-read.
func bigFixture(t *testing.T) (*sambatest.Server, []byte) {
	srv := sambatest.Start(t, sambatest.Options{})
	dir := srv.ShareDir("data")
	data := bytes.Repeat([]byte("fault-injection!"), 1<<20)
	mkfile(t, filepath.Join(dir, "big.bin"), string(data), 0o644)
	mkfile(t, filepath.Join(dir, "small.txt"), "after", 0o644)
	srv.AddShare("data", dir, sambatest.ShareOptions{})
	return srv, data
}

func TestServerKilledMidRead(t *testing.T) {
	srv, data := bigFixture(t)
	c := connect(t, srv, "data", Options{ReadSize: 64 << 10, CallTimeout: 5 * time.Second, Sessions: 1})
	ctx := context.Background()
	f, err := c.Open(ctx, c.item("data", "big.bin"))
	if err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 64<<10)
	if _, err := io.ReadFull(f, buf); err != nil {
		t.Fatal(err)
	}
	srv.Kill()
	start := time.Now()
	_, err = io.Copy(io.Discard, f)
	if d := time.Since(start); d > 6*time.Second {
		t.Errorf("error after %v", d)
	}
	if !errors.Is(err, connectors.ErrTransient) {
		t.Fatalf("read after kill: %v, want ErrTransient", err)
	}
	_ = f.Close()

	// While the server is down, Open fails fast and transient too.
	if _, err := c.Open(ctx, c.item("data", "small.txt")); !errors.Is(err, connectors.ErrTransient) {
		t.Errorf("open while down: %v, want ErrTransient", err)
	}

	// Back up: the session is redialled and the whole file reads again.
	srv.Restart()
	got, err := readAll(t, c, c.item("data", "big.bin"))
	if err != nil || !bytes.Equal(got, data) {
		t.Fatalf("read after restart: %d bytes, %v", len(got), err)
	}
}

func TestServerStalled(t *testing.T) {
	srv, _ := bigFixture(t)
	const callTimeout = 2 * time.Second
	c := connect(t, srv, "data", Options{ReadSize: 64 << 10, CallTimeout: callTimeout, Sessions: 2})
	ctx := context.Background()
	f, err := c.Open(ctx, c.item("data", "big.bin"))
	if err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 64<<10)
	if _, err := io.ReadFull(f, buf); err != nil {
		t.Fatal(err)
	}
	srv.Pause()
	resumed := false
	defer func() {
		if !resumed {
			srv.Resume()
		}
	}()
	start := time.Now()
	_, err = io.Copy(io.Discard, f)
	d := time.Since(start)
	if !errors.Is(err, connectors.ErrTransient) {
		t.Fatalf("read from stalled server: %v, want ErrTransient", err)
	}
	if d > callTimeout+time.Second {
		t.Errorf("stalled read returned after %v, CallTimeout is %v", d, callTimeout)
	}
	// Open and Exposure are bounded too.
	start = time.Now()
	if _, err := c.Open(ctx, c.item("data", "small.txt")); err == nil {
		t.Error("open on a stalled server succeeded")
	}
	if _, err := c.Exposure(ctx, c.item("data", "small.txt")); err == nil {
		t.Error("exposure on a stalled server succeeded")
	}
	if d := time.Since(start); d > 3*(callTimeout+time.Second) {
		t.Errorf("open+exposure on stalled server took %v", d)
	}
	closeStart := time.Now()
	_ = f.Close()
	if d := time.Since(closeStart); d > callTimeout+time.Second {
		t.Errorf("Close took %v", d)
	}

	srv.Resume()
	resumed = true
	got, err := readAll(t, c, c.item("data", "small.txt"))
	if err != nil || string(got) != "after" {
		t.Fatalf("read after resume: %q, %v", got, err)
	}
}

func TestWalkStalledServer(t *testing.T) {
	f := newFixture(t, sambatest.Options{}, sambatest.ShareOptions{})
	c := connect(t, f.srv, "data", Options{CallTimeout: time.Second, Retries: -1})
	f.srv.Pause()
	defer f.srv.Resume()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	start := time.Now()
	var items []connectors.Item
	err := c.Walk(ctx, func(it connectors.Item) error {
		items = append(items, it)
		return nil
	})
	if err != nil {
		t.Fatalf("Walk: %v", err)
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("walk of a stalled server took %v", d)
	}
	if len(items) != 1 || items[0].Err == nil || !errors.Is(items[0].Err, connectors.ErrTransient) {
		t.Fatalf("items = %+v, want the root folder with a transient error", items)
	}
}

func TestCancelledRead(t *testing.T) {
	srv, _ := bigFixture(t)
	c := connect(t, srv, "data", Options{ReadSize: 64 << 10})
	ctx, cancel := context.WithCancel(context.Background())
	f, err := c.Open(ctx, c.item("data", "big.bin"))
	if err != nil {
		t.Fatal(err)
	}
	cancel()
	if _, err := io.Copy(io.Discard, f); !errors.Is(err, context.Canceled) {
		t.Errorf("read after cancel: %v", err)
	}
	// Close still reaches the server, and the session stays usable.
	_ = f.Close()
	got, err := readAll(t, c, c.item("data", "small.txt"))
	if err != nil || string(got) != "after" {
		t.Fatalf("read after cancel: %q, %v", got, err)
	}
}
