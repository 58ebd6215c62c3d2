package nationalid

import "sync"

// A session lives for one section, and most sections are small files: the
// token list and the copies of inert blocks a session grows go back to
// pools when it finishes, for the next session to reuse instead of
// allocating (and the collector clearing) them again.
var (
	tokenPool   sync.Pool // *[]token
	pendingPool sync.Pool // *[]byte
)

// maxPooledTokens bounds what a pool keeps (3 MB of tokens): a register
// with hundreds of thousands of numbers per block should not pin its list
// for every later session, but a spreadsheet's tens of thousands are the
// common case that would otherwise grow a new list each time.
const maxPooledTokens = 1 << 16

func getTokens() []token {
	if p, ok := tokenPool.Get().(*[]token); ok {
		return (*p)[:0]
	}
	return nil
}

func putTokens(t []token) {
	if c := cap(t); c > 0 && c <= maxPooledTokens {
		clear(t) // the digits of the numbers found go with the section
		t = t[:0]
		tokenPool.Put(&t)
	}
}

// copyPending returns a copy of b in a pooled buffer.
func copyPending(b []byte) []byte {
	if p, ok := pendingPool.Get().(*[]byte); ok && cap(*p) >= len(b) {
		return append((*p)[:0], b...)
	}
	return append([]byte(nil), b...)
}

func putPending(b []byte) {
	if cap(b) > 0 {
		clear(b) // the section's text goes with it
		b = b[:0]
		pendingPool.Put(&b)
	}
}
