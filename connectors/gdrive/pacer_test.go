package gdrive

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"syscall"
	"testing"
	"time"

	"golang.org/x/oauth2"
	"google.golang.org/api/googleapi"

	"github.com/credsweep/credsweep/connectors"
)

func apiErr(code int, reason string, hdr ...string) error {
	h := http.Header{}
	for i := 0; i+1 < len(hdr); i += 2 {
		h.Set(hdr[i], hdr[i+1])
	}
	e := &googleapi.Error{Code: code, Header: h}
	if reason != "" {
		e.Errors = []googleapi.ErrorItem{{Reason: reason}}
	}
	return e
}

var t0 = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)

// testPacer never sleeps: it records the waits it was asked for.
func testPacer(maxRetries int, jit func(int64) int64) (*pacer, *[]time.Duration) {
	p := newPacer(1e9, 1000, maxRetries, time.Second)
	var waits []time.Duration
	p.sleep = func(ctx context.Context, d time.Duration) error { waits = append(waits, d); return ctx.Err() }
	p.jit = jit
	p.now = func() time.Time { return t0 }
	return p, &waits
}

func TestClassify(t *testing.T) {
	now := func() time.Time { return t0 }
	for _, tc := range []struct {
		name  string
		err   error
		retry bool
		fatal bool
		after time.Duration
	}{
		{"403 rateLimitExceeded", apiErr(403, "rateLimitExceeded"), true, false, 0},
		{"403 userRateLimitExceeded", apiErr(403, "userRateLimitExceeded"), true, false, 0},
		{"429 seconds", apiErr(429, "rateLimitExceeded", "Retry-After", "7"), true, false, 7 * time.Second},
		{"429 date", apiErr(429, "", "Retry-After", t0.Add(90*time.Second).Format(http.TimeFormat)), true, false, 90 * time.Second},
		{"429 past date", apiErr(429, "", "Retry-After", t0.Add(-time.Hour).Format(http.TimeFormat)), true, false, 0},
		{"500", apiErr(500, "backendError"), true, false, 0},
		{"503 retry-after", apiErr(503, "", "Retry-After", "2"), true, false, 2 * time.Second},
		{"401", apiErr(401, "authError"), false, true, 0},
		{"403 downloadQuota", apiErr(403, "downloadQuotaExceeded"), false, false, 0},
		{"403 insufficient", apiErr(403, "insufficientFilePermissions"), false, false, 0},
		{"404", apiErr(404, "notFound"), false, false, 0},
		{"400", apiErr(400, "invalid"), false, false, 0},
		{"EOF", &url.Error{Op: "Get", URL: "u", Err: io.EOF}, true, false, 0},
		{"unexpected EOF", fmt.Errorf("read: %w", io.ErrUnexpectedEOF), true, false, 0},
		{"reset", &url.Error{Op: "Get", URL: "u", Err: &net.OpError{Op: "read", Err: syscall.ECONNRESET}}, true, false, 0},
		{"attempt timeout", &url.Error{Op: "Get", URL: "u", Err: context.Canceled}, true, false, 0},
		{"no such host", &url.Error{Op: "Get", URL: "u", Err: &net.DNSError{Err: "no such host", IsNotFound: true}}, false, false, 0},
		{"invalid_grant", &url.Error{Op: "Get", URL: "u", Err: &oauth2.RetrieveError{Response: &http.Response{StatusCode: 400}, ErrorCode: "invalid_grant"}}, false, true, 0},
		{"token 503", &oauth2.RetrieveError{Response: &http.Response{StatusCode: 503}}, true, false, 0},
		{"other", errors.New("boom"), false, false, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v := classify(context.Background(), tc.err, now)
			if v.retry != tc.retry || v.fatal != tc.fatal || v.after != tc.after {
				t.Fatalf("got %+v", v)
			}
		})
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if v := classify(ctx, apiErr(503, ""), now); v.retry {
		t.Error("retry after the context ended")
	}
}

func TestPacerRetriesThenSucceeds(t *testing.T) {
	p, waits := testPacer(8, func(n int64) int64 { return n - 1 }) // jitter at its maximum
	errs := []error{apiErr(403, "rateLimitExceeded"), apiErr(500, ""), &url.Error{Op: "Get", URL: "u", Err: io.EOF}, nil}
	calls := 0
	err := p.do(context.Background(), func(context.Context) error { calls++; return errs[calls-1] })
	if err != nil || calls != 4 {
		t.Fatalf("err %v calls %d", err, calls)
	}
	// Full jitter caps grow 250 ms, 500 ms, 1 s.
	want := []time.Duration{250*time.Millisecond - 1, 500*time.Millisecond - 1, time.Second - 1}
	if fmt.Sprint(*waits) != fmt.Sprint(want) {
		t.Fatalf("waits %v want %v", *waits, want)
	}
}

func TestBackoffBounds(t *testing.T) {
	lo, _ := testPacer(30, func(int64) int64 { return 0 })
	hi, _ := testPacer(30, func(n int64) int64 { return n - 1 })
	for n := range 20 {
		ceil := min(32*time.Second, 250*time.Millisecond<<n)
		if d := lo.backoff(n, 0); d != 0 {
			t.Errorf("n=%d low %v", n, d)
		}
		if d := hi.backoff(n, 0); d != ceil-1 {
			t.Errorf("n=%d high %v want %v", n, d, ceil-1)
		}
	}
	// The real jitter stays in [0, ceil).
	p := newPacer(1, 1, 8, time.Second)
	for n := range 8 {
		ceil := min(32*time.Second, 250*time.Millisecond<<n)
		for range 200 {
			if d := p.backoff(n, 0); d < 0 || d >= ceil {
				t.Fatalf("n=%d: %v outside [0,%v)", n, d, ceil)
			}
		}
	}
}

func TestPacerHonoursRetryAfter(t *testing.T) {
	p, waits := testPacer(8, func(int64) int64 { return 0 })
	calls := 0
	err := p.do(context.Background(), func(context.Context) error {
		calls++
		if calls == 1 {
			return apiErr(429, "rateLimitExceeded", "Retry-After", "30")
		}
		return nil
	})
	if err != nil || len(*waits) != 1 || (*waits)[0] < 30*time.Second {
		t.Fatalf("err %v waits %v", err, *waits)
	}
}

func TestPacerGivesUp(t *testing.T) {
	p, waits := testPacer(3, func(int64) int64 { return 0 })
	calls := 0
	err := p.do(context.Background(), func(context.Context) error { calls++; return apiErr(503, "") })
	if !errors.Is(err, connectors.ErrTransient) || calls != 4 || len(*waits) != 3 {
		t.Fatalf("err %v calls %d waits %v", err, calls, *waits)
	}
	var ge *googleapi.Error
	if !errors.As(err, &ge) || ge.Code != 503 {
		t.Fatalf("last error lost: %v", err)
	}
}

func TestPacerFinalErrors(t *testing.T) {
	p, waits := testPacer(8, func(int64) int64 { return 0 })
	if err := p.do(context.Background(), func(context.Context) error { return apiErr(401, "authError") }); !errors.Is(err, connectors.ErrFatal) {
		t.Fatalf("401: %v", err)
	}
	if err := p.do(context.Background(), func(context.Context) error { return apiErr(404, "notFound") }); errors.Is(err, connectors.ErrFatal) || errors.Is(err, connectors.ErrTransient) {
		t.Fatalf("404: %v", err)
	}
	if len(*waits) != 0 {
		t.Fatalf("waited %v", *waits)
	}
}

// A cancelled context ends a long Retry-After wait at once, with the real
// clock.
func TestPacerCancelEndsWait(t *testing.T) {
	p := newPacer(1e9, 1000, 8, time.Second)
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(20*time.Millisecond, cancel)
	start := time.Now()
	err := p.do(ctx, func(context.Context) error { return apiErr(429, "", "Retry-After", "3600") })
	if !errors.Is(err, context.Canceled) || time.Since(start) > 2*time.Second {
		t.Fatalf("err %v after %v", err, time.Since(start))
	}
}

// The attempt timeout cancels a hung call and retries it.
func TestPacerAttemptTimeout(t *testing.T) {
	p, _ := testPacer(8, func(int64) int64 { return 0 })
	p.timeout = 10 * time.Millisecond
	calls := 0
	err := p.do(context.Background(), func(ctx context.Context) error {
		calls++
		if calls == 1 {
			<-ctx.Done()
			return &url.Error{Op: "Get", URL: "u", Err: ctx.Err()}
		}
		return nil
	})
	if err != nil || calls != 2 {
		t.Fatalf("err %v calls %d", err, calls)
	}
}

func TestPacerRateLimits(t *testing.T) {
	p := newPacer(50, 1, 8, time.Second)
	start := time.Now()
	for range 6 {
		if err := p.do(context.Background(), func(context.Context) error { return nil }); err != nil {
			t.Fatal(err)
		}
	}
	// Burst 1 at 50/s: five gaps of 20 ms.
	if d := time.Since(start); d < 90*time.Millisecond {
		t.Fatalf("6 calls in %v: not paced", d)
	}
}
