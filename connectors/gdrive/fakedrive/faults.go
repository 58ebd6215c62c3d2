package fakedrive

import (
	"context"
	"math/rand/v2"
	"net/http"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// Fault is a failure injected into an API request.
type Fault int

// Faults Google's front end produces.
const (
	// RateLimit is 403 rateLimitExceeded.
	RateLimit Fault = iota + 1
	// UserRateLimit is 403 userRateLimitExceeded.
	UserRateLimit
	// TooMany is 429 with a Retry-After header.
	TooMany
	// Internal is 500 backendError.
	Internal
	// Unavailable is 503.
	Unavailable
	// Drop closes the connection without a response.
	Drop
	// Truncate cuts an alt=media response after half its body (a Drop for
	// other requests).
	Truncate
)

// AllTransient lists every fault a client should retry.
var AllTransient = []Fault{RateLimit, UserRateLimit, TooMany, Internal, Unavailable, Drop}

type faults struct {
	mu         sync.Mutex
	delay      time.Duration
	lim        *rate.Limiter
	limCode    int
	frac       float64
	kinds      []Fault
	rnd        *rand.Rand
	schedule   []Fault
	retryAfter string
}

// SetLatency delays every API request by d.
func (s *Server) SetLatency(d time.Duration) {
	s.flt.mu.Lock()
	s.flt.delay = d
	s.flt.mu.Unlock()
}

// SetQuota refuses requests beyond rps per second (with a burst): with 403
// rateLimitExceeded, or with 429 and Retry-After when code is 429.
// rps <= 0 removes the quota.
func (s *Server) SetQuota(rps float64, burst, code int) {
	s.flt.mu.Lock()
	defer s.flt.mu.Unlock()
	if rps <= 0 {
		s.flt.lim = nil
		return
	}
	s.flt.lim, s.flt.limCode = newLimiter(rps, burst), code
}

// FailRandom fails a fraction of API requests with faults picked at random
// among kinds (AllTransient when none), reproducibly from seed.
func (s *Server) FailRandom(fraction float64, seed uint64, kinds ...Fault) {
	s.flt.mu.Lock()
	defer s.flt.mu.Unlock()
	if len(kinds) == 0 {
		kinds = AllTransient
	}
	s.flt.frac, s.flt.kinds, s.flt.rnd = fraction, kinds, newRand(seed)
}

// FailNext fails the next API requests, one fault each, in order (0 lets
// a request through).
func (s *Server) FailNext(fs ...Fault) {
	s.flt.mu.Lock()
	s.flt.schedule = append(s.flt.schedule, fs...)
	s.flt.mu.Unlock()
}

// SetRetryAfter sets the Retry-After header value of injected 429s
// (default "1", seconds; an HTTP date works too; "" sends none).
func (s *Server) SetRetryAfter(v string) {
	s.flt.mu.Lock()
	s.flt.retryAfter = v
	s.flt.mu.Unlock()
}

func (f *faults) latency() time.Duration {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.delay
}

func (f *faults) quota() (*rate.Limiter, int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.lim, f.limCode
}

// next picks the fault for this request, 0 for none.
func (f *faults) next() Fault {
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.schedule) > 0 {
		x := f.schedule[0]
		f.schedule = f.schedule[1:]
		return x
	}
	if f.rnd != nil && f.rnd.Float64() < f.frac {
		return f.kinds[f.rnd.IntN(len(f.kinds))]
	}
	return 0
}

// applyFault answers a request with fault x.
func (s *Server) applyFault(w http.ResponseWriter, x Fault) {
	f := &s.flt
	switch x {
	case RateLimit:
		s.writeError(w, http.StatusForbidden, "rateLimitExceeded", "Rate Limit Exceeded")
	case UserRateLimit:
		s.writeError(w, http.StatusForbidden, "userRateLimitExceeded", "User Rate Limit Exceeded")
	case TooMany:
		f.mu.Lock()
		if f.retryAfter != "" {
			w.Header().Set("Retry-After", f.retryAfter)
		}
		f.mu.Unlock()
		s.writeError(w, http.StatusTooManyRequests, "rateLimitExceeded", "Too Many Requests")
	case Internal:
		s.writeError(w, http.StatusInternalServerError, "backendError", "Backend Error")
	case Unavailable:
		s.writeError(w, http.StatusServiceUnavailable, "backendError", "Service Unavailable")
	default: // Drop, Truncate
		if hj, ok := w.(http.Hijacker); ok {
			if c, _, err := hj.Hijack(); err == nil {
				_ = c.Close()
				return
			}
		}
		panic(http.ErrAbortHandler)
	}
}

type truncateKey struct{}

func withTruncate(ctx context.Context) context.Context {
	return context.WithValue(ctx, truncateKey{}, true)
}

func truncating(ctx context.Context) bool {
	v, _ := ctx.Value(truncateKey{}).(bool)
	return v
}
