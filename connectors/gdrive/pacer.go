package gdrive

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"golang.org/x/time/rate"

	"github.com/credsweep/credsweep/connectors"
)

// pacer runs every Drive call: it spaces requests with a token bucket and
// retries rate limits, 5xx and dropped connections with full-jitter
// exponential backoff, honouring Retry-After. The drive/v3 client retries
// nothing itself. All waits end when the context does.
type pacer struct {
	lim        *rate.Limiter
	maxRetries int
	base, cap  time.Duration
	timeout    time.Duration // one attempt, until response headers
	maxAfter   time.Duration // longest Retry-After obeyed

	// Injectable for tests.
	sleep func(ctx context.Context, d time.Duration) error
	jit   func(n int64) int64 // uniform in [0, n)
	now   func() time.Time

	attempts atomic.Int64
	retries  atomic.Int64
}

func newPacer(qps float64, burst, maxRetries int, timeout time.Duration) *pacer {
	return &pacer{
		lim:        rate.NewLimiter(rate.Limit(qps), burst),
		maxRetries: maxRetries,
		base:       250 * time.Millisecond,
		cap:        32 * time.Second,
		timeout:    timeout,
		maxAfter:   15 * time.Minute,
		sleep:      sleepCtx,
		jit:        rand.Int64N,
		now:        time.Now,
	}
}

// sleepCtx waits d or until ctx ends, whichever comes first.
func sleepCtx(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// backoff is the wait before retry number n (0-based): uniform in
// [0, min(cap, base*2^n)), at least the server's Retry-After.
func (p *pacer) backoff(n int, after time.Duration) time.Duration {
	ceil := p.cap
	if n < 30 && p.base<<n < p.cap {
		ceil = p.base << n
	}
	d := time.Duration(p.jit(int64(ceil)))
	if after > 0 {
		d = min(after, p.maxAfter) + time.Duration(p.jit(int64(p.base)))
	}
	return d
}

// do runs op until it succeeds, fails for good, or retries run out. op
// gets a context that ends with the attempt.
func (p *pacer) do(ctx context.Context, op func(ctx context.Context) error) error {
	_, err := p.run(ctx, op, false)
	return err
}

// run is do; with keep, a successful attempt's context stays alive (for a
// response body) until the returned cancel is called. The attempt timeout
// only covers the wait for response headers.
func (p *pacer) run(ctx context.Context, op func(ctx context.Context) error, keep bool) (context.CancelFunc, error) {
	for n := 0; ; n++ {
		if err := p.lim.Wait(ctx); err != nil {
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			return nil, err
		}
		p.attempts.Add(1)
		actx, cancel := context.WithCancel(ctx)
		timer := time.AfterFunc(p.timeout, cancel)
		err := op(actx)
		timer.Stop()
		if err == nil {
			if keep {
				return cancel, nil
			}
			cancel()
			return func() {}, nil
		}
		cancel()
		v := classify(ctx, err, p.now)
		switch {
		case v.fatal:
			return nil, fatalError(err)
		case !v.retry:
			return nil, err
		case n >= p.maxRetries:
			return nil, fmt.Errorf("gdrive: %w: gave up after %d attempts: %w", connectors.ErrTransient, n+1, err)
		}
		p.retries.Add(1)
		if serr := p.sleep(ctx, p.backoff(n, v.after)); serr != nil {
			return nil, serr
		}
	}
}

// retryAfter parses a Retry-After header: delay seconds or an HTTP date.
func retryAfter(h http.Header, now func() time.Time) time.Duration {
	v := strings.TrimSpace(h.Get("Retry-After"))
	if v == "" {
		return 0
	}
	if s, err := strconv.Atoi(v); err == nil {
		if s < 0 {
			return 0
		}
		return time.Duration(min(s, 1<<20)) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil {
		if d := t.Sub(now()); d > 0 {
			return d
		}
	}
	return 0
}
