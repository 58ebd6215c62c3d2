// Package fakedrive is an in-process fake of the Google Drive v3 API, OAuth
// token endpoint included, for tests and benchmarks: the real drive/v3 and
// oauth2 clients talk to it through option.WithEndpoint(URL()+"/drive/v3/").
//
// It models what a read-only scanner uses: files.list (q, corpora, driveId,
// paging), files.get (+alt=media, Range), files.export and exportLinks,
// drives.list/get, permissions.list, about.get and the Changes API
// (changes.getStartPageToken, changes.list; see changes.go), and a
// Workspace domain with the Directory API's users.list (see directory.go);
// plus latency, a request
// quota and injected faults, and counters to check what clients did.
package fakedrive

import (
	"encoding/json"
	"maps"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/time/rate"
)

// Server is a fake Drive. Its methods are safe for concurrent use.
type Server struct {
	// Me is the email of the user every token acts for (unless a service
	// account token names another subject).
	Me string

	srv *httptest.Server

	mu         sync.Mutex
	seq        int
	rootID     string
	files      map[string]*File
	order      []string
	drives     map[string]*sharedDrive
	driveOrder []string
	maxPage    int
	exportMax  int64
	downloads  map[string]int
	cseq       int // changes recorded, for the change clock
	now        func() time.Time
	userLog    changeLog
	driveLogs  map[string]*changeLog
	calls      map[string]int64 // API calls answered by each method
	users      map[string]*User // domain mode: users by lower-case email
	userOrder  []string

	auth authState
	flt  faults
	vmu  sync.Mutex
	vr   Variant

	requests atomic.Int64 // API requests received
	ok       atomic.Int64 // API requests answered 2xx
	injected atomic.Int64 // faults injected
	quotaHit atomic.Int64 // requests refused by the quota
}

// New starts a fake Drive with an empty My Drive owned by me@example.no.
// Close it when done.
func New() *Server {
	s := &Server{
		Me:        "me@example.no",
		rootID:    "0AmyDriveRootFolder",
		files:     map[string]*File{},
		drives:    map[string]*sharedDrive{},
		downloads: map[string]int{},
		driveLogs: map[string]*changeLog{},
		calls:     map[string]int64{},
		maxPage:   1000,
		exportMax: 10 << 20,
	}
	s.auth.init()
	s.flt.retryAfter = "1"
	mux := http.NewServeMux()
	mux.HandleFunc("POST /token", s.handleToken)
	mux.HandleFunc("GET /auth", s.handleAuth)
	api := http.NewServeMux()
	for _, rt := range []struct {
		pattern, name string
		h             http.HandlerFunc
	}{
		{"GET /drive/v3/about", "about.get", s.handleAbout},
		{"GET /drive/v3/files", "files.list", s.handleList},
		{"GET /drive/v3/files/{id}", "files.get", s.handleGet},
		{"GET /drive/v3/files/{id}/export", "files.export", s.handleExport},
		{"GET /drive/v3/files/{id}/permissions", "permissions.list", s.handlePermissions},
		{"GET /drive/v3/drives", "drives.list", s.handleDrives},
		{"GET /drive/v3/drives/{id}", "drives.get", s.handleDrive},
		{"GET /drive/v3/changes", "changes.list", s.handleChanges},
		{"GET /drive/v3/changes/startPageToken", "changes.getStartPageToken", s.handleStartPageToken},
		{"GET /exportlink/{id}", "exportLinks", s.handleExportLink},
		{"GET /admin/directory/v1/users", "directory.users.list", s.handleUsers},
	} {
		api.HandleFunc(rt.pattern, s.counted(rt.name, rt.h))
	}
	mux.Handle("/", s.middleware(api))
	s.srv = httptest.NewServer(mux)
	return s
}

// URL is the server's base URL (no trailing slash).
func (s *Server) URL() string { return s.srv.URL }

// Close shuts the server down.
func (s *Server) Close() { s.srv.Close() }

// SetMaxPageSize caps the page size of every list call (default 1000),
// to exercise paging whatever pageSize clients ask for.
func (s *Server) SetMaxPageSize(n int) {
	s.mu.Lock()
	s.maxPage = n
	s.mu.Unlock()
}

// SetExportLimit sets files.export's size cap (default 10 MB, as Drive);
// exportLinks have none.
func (s *Server) SetExportLimit(n int64) {
	s.mu.Lock()
	s.exportMax = n
	s.mu.Unlock()
}

// Stats are the server's counters.
type Stats struct {
	Requests int64 // API requests received (token and auth endpoints excluded)
	OK       int64 // API requests answered with a 2xx status
	Injected int64 // requests failed on purpose (FailRandom, FailNext)
	QuotaHit int64 // requests refused by the quota
}

// Stats returns the counters.
func (s *Server) Stats() Stats {
	return Stats{Requests: s.requests.Load(), OK: s.ok.Load(), Injected: s.injected.Load(), QuotaHit: s.quotaHit.Load()}
}

// counted counts the calls of one API method that reach its handler
// (authenticated, not failed on purpose).
func (s *Server) counted(name string, h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.calls[name]++
		s.mu.Unlock()
		h(w, r)
	}
}

// Calls returns how many calls of each API method ("files.list",
// "files.get", "changes.list", "changes.getStartPageToken", "drives.list",
// "about.get", "files.export", "exportLinks", ...) reached the API, alt=media
// downloads included in "files.get".
func (s *Server) Calls() map[string]int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return maps.Clone(s.calls)
}

// TotalDownloads is the sum of Downloads over every file.
func (s *Server) TotalDownloads() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, d := range s.downloads {
		n += d
	}
	return n
}

// Downloads returns how many times the file's bytes (media or an export)
// were sent to the end: a response cut short does not count.
func (s *Server) Downloads(id string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.downloads[id]
}

// statusWriter records the status for the OK counter.
type statusWriter struct {
	http.ResponseWriter
	code int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.code == 0 {
		w.code = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.code == 0 {
		w.code = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

func (w *statusWriter) Flush() {
	if f, ok := w.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

// middleware applies, in order: counting, latency, quota, injected faults
// and authentication, like Google's front end.
func (s *Server) middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.requests.Add(1)
		if d := s.flt.latency(); d > 0 {
			t := time.NewTimer(d)
			select {
			case <-t.C:
			case <-r.Context().Done():
				t.Stop()
				return
			}
		}
		if lim, code := s.flt.quota(); lim != nil && !lim.Allow() {
			s.quotaHit.Add(1)
			if code == http.StatusTooManyRequests {
				w.Header().Set("Retry-After", "1")
				s.writeError(w, code, "rateLimitExceeded", "Quota exceeded.")
			} else {
				s.writeError(w, http.StatusForbidden, "rateLimitExceeded", "Rate Limit Exceeded")
			}
			return
		}
		if f := s.flt.next(); f != 0 {
			s.injected.Add(1)
			if f == Truncate && r.URL.Query().Get("alt") == "media" {
				r = r.WithContext(withTruncate(r.Context()))
			} else {
				s.applyFault(w, f)
				return
			}
		}
		if !s.auth.valid(r) {
			w.Header().Set("WWW-Authenticate", `Bearer realm="https://accounts.google.com/", error="invalid_token"`)
			s.writeError(w, http.StatusUnauthorized, "authError", "Request had invalid authentication credentials.")
			return
		}
		sw := &statusWriter{ResponseWriter: w}
		next.ServeHTTP(sw, r)
		if sw.code >= 200 && sw.code < 300 {
			s.ok.Add(1)
		}
	})
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json; charset=UTF-8")
	_ = json.NewEncoder(w).Encode(v)
}

// newRand returns a seeded generator, for reproducible fault schedules.
func newRand(seed uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)) }

// newLimiter is a quota of rps requests per second with a burst.
func newLimiter(rps float64, burst int) *rate.Limiter {
	if burst < 1 {
		burst = 1
	}
	return rate.NewLimiter(rate.Limit(rps), burst)
}
