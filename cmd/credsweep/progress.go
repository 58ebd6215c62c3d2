package main

import (
	"fmt"
	"io"
	"os"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"
)

// progress shows files and bytes done, the rate and the current item on
// stderr. It implements scanner.Progress.
type progress struct {
	bar   *progressbar.ProgressBar
	files atomic.Int64
	mu    sync.Mutex
	last  time.Time
}

// newProgress returns nil when no bar should be shown: "never", or "auto"
// when stderr is not a terminal (CI logs stay clean).
func newProgress(mode string, w io.Writer) *progress {
	switch mode {
	case "never":
		return nil
	case "auto":
		f, ok := w.(*os.File)
		if !ok || !term.IsTerminal(int(f.Fd())) {
			return nil
		}
	}
	bar := progressbar.NewOptions64(-1,
		progressbar.OptionSetWriter(w),
		progressbar.OptionShowBytes(true),
		progressbar.OptionSetWidth(20),
		progressbar.OptionThrottle(200*time.Millisecond),
		progressbar.OptionSpinnerType(14),
		progressbar.OptionSetDescription("starting"),
		progressbar.OptionClearOnFinish(),
		progressbar.OptionSetRenderBlankState(true),
	)
	return &progress{bar: bar}
}

func (p *progress) Begin(display string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if time.Since(p.last) < 200*time.Millisecond {
		return
	}
	p.last = time.Now()
	p.bar.Describe(fmt.Sprintf("%d files · %s", p.files.Load(), shorten(display, 40)))
}

func (p *progress) End(_ string, n int64) {
	p.files.Add(1)
	p.bar.Add64(n)
}

func (p *progress) finish() {
	p.bar.Finish()
	p.bar.Exit()
}

// shorten keeps the end of a long path, which names the file.
func shorten(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return "…" + string(r[len(r)-n+1:])
}
