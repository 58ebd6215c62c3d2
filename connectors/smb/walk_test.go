package smb

import (
	"context"
	"errors"
	"testing"
	"unicode/utf16"

	"golang.org/x/crypto/md4" //nolint:staticcheck // NTLM's NT hash is MD4 by definition

	"github.com/credsweep/credsweep/connectors"
	"github.com/credsweep/credsweep/connectors/smb/sambatest"
)

func TestWalkStopsOnCallbackError(t *testing.T) {
	f := newFixture(t, sambatest.Options{}, sambatest.ShareOptions{})
	c := connect(t, f.srv, "data", Options{})
	errStop := errors.New("stop")
	calls := 0
	err := c.Walk(context.Background(), func(connectors.Item) error {
		calls++
		return errStop
	})
	if !errors.Is(err, errStop) || calls != 1 {
		t.Fatalf("Walk = %v after %d calls, want errStop after 1", err, calls)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := c.Walk(ctx, func(connectors.Item) error { return nil }); !errors.Is(err, context.Canceled) {
		t.Fatalf("Walk with cancelled ctx = %v", err)
	}
	// The connector still works after both.
	if n := len(walkAll(t, c)); n < len(f.files) {
		t.Fatalf("walk after stop: %d items", n)
	}
}

// ntHash is the NT hash of a password: MD4 of its UTF-16LE form.
func ntHash(pw string) []byte {
	h := md4.New()
	for _, u := range utf16.Encode([]rune(pw)) {
		h.Write([]byte{byte(u), byte(u >> 8)})
	}
	return h.Sum(nil)
}

func TestNTHashLogon(t *testing.T) {
	f := newFixture(t, sambatest.Options{}, sambatest.ShareOptions{})
	tg, err := ParseURL(f.srv.URL("data"))
	if err != nil {
		t.Fatal(err)
	}
	c, err := New(context.Background(), tg, Options{NTHash: ntHash(f.srv.Password)})
	if err != nil {
		t.Fatalf("logon with NT hash: %v", err)
	}
	defer c.Close()
	if data, err := readAll(t, c, c.item("data", "readme.txt")); err != nil || string(data) != "hello world\n" {
		t.Fatalf("read: %q, %v", data, err)
	}
	bad := ntHash("not the password")
	if _, err := New(context.Background(), tg, Options{NTHash: bad}); !errors.Is(err, connectors.ErrFatal) {
		t.Fatalf("wrong hash: %v", err)
	}
	if _, err := New(context.Background(), tg, Options{NTHash: bad[:8]}); !errors.Is(err, connectors.ErrFatal) {
		t.Fatalf("short hash: %v", err)
	}
	if _, err := New(context.Background(), tg, Options{}); !errors.Is(err, connectors.ErrFatal) {
		t.Fatalf("no password: %v", err)
	}
}
