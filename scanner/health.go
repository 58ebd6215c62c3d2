package scanner

import (
	"context"
	"fmt"
	"strings"
	"sync"
)

// maxConsecutiveTransient is how many files in a row may fail with
// transient errors (timeouts, dropped connections) before a target counts
// as down. A stalled server answers nothing: without this, every remaining
// file would wait out its own timeouts and retries, one after the other.
const maxConsecutiveTransient = 3

// health tracks one target's transient failures and stops its walk when it
// is down. Its methods are safe for concurrent use.
type health struct {
	mu          sync.Mutex
	consecutive int
	down        error
	stopWalk    context.CancelFunc
}

// failed records a file that failed with a transient error.
func (h *health) failed(err error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.consecutive++
	if h.consecutive >= maxConsecutiveTransient && h.down == nil {
		h.down = fmt.Errorf("the source stopped answering (%d files in a row failed; last: %v)", h.consecutive, err)
		if h.stopWalk != nil {
			h.stopWalk()
		}
	}
}

// succeeded records a file that could be read.
func (h *health) succeeded() {
	h.mu.Lock()
	h.consecutive = 0
	h.mu.Unlock()
}

// downErr is non-nil once the target counts as down.
func (h *health) downErr() error {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.down
}

// targetPath turns a target as the user wrote it into a report path of the
// same shape as its items' paths: "smb://user@host:445/share/dir" becomes
// "smb/host/share/dir", "gdrive://all" "gdrive/all", a local folder ".".
func targetPath(name string) string {
	scheme, rest, ok := strings.Cut(name, "://")
	if !ok {
		return "."
	}
	if strings.EqualFold(scheme, "file") {
		// A local target is its label (its folder's name): the path
		// of the root is empty.
		return ""
	}
	host, path, _ := strings.Cut(rest, "/")
	if i := strings.LastIndexByte(host, '@'); i >= 0 {
		host = host[i+1:]
	}
	if i := strings.LastIndexByte(host, ':'); i >= 0 && !strings.Contains(host[i:], "]") {
		host = host[:i]
	}
	return strings.TrimSuffix(strings.ToLower(scheme)+"/"+strings.ToLower(host)+"/"+path, "/")
}
