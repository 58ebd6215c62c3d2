package main

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"github.com/credsweep/credsweep/scanner"
)

// progress shows files done (of how many, when known), bytes read, the
// rate, an ETA and the current file (masked) on stderr. It implements
// scanner.Progress.
type progress struct {
	bar   *progressbar.ProgressBar
	files atomic.Int64
	bytes atomic.Int64
	total atomic.Int64 // files expected; 0 while unknown
	mu    sync.Mutex
	last  time.Time
	shown string
}

// describeEvery is how often the current file is shown.
const describeEvery = 200 * time.Millisecond

// newProgress returns nil when no bar should be shown: "never", or "auto"
// when stderr is not a terminal (CI logs stay clean).
func newProgress(mode string, w io.Writer) *progress {
	return newProgressEvery(mode, w, 200*time.Millisecond)
}

// newProgressEvery is newProgress redrawing at most every throttle.
func newProgressEvery(mode string, w io.Writer, throttle time.Duration) *progress {
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
		progressbar.OptionShowCount(),
		progressbar.OptionShowIts(),
		progressbar.OptionSetItsString("files"),
		progressbar.OptionSetWidth(20),
		progressbar.OptionThrottle(throttle),
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
	p.shown = display
	if time.Since(p.last) < describeEvery {
		return
	}
	p.last = time.Now()
	p.bar.Describe(fmt.Sprintf("%s · %s", formatSize(p.bytes.Load()), shorten(display, 40)))
}

func (p *progress) End(n int64) {
	done := p.files.Add(1)
	p.bytes.Add(n)
	if t := p.total.Load(); t > 0 && done > t {
		// The count was short (files added since): grow it rather
		// than run past the end.
		p.expect(done)
	}
	p.bar.Add64(1)
}

// expect sets the number of files the scan will walk: the spinner becomes
// a bar with an ETA.
func (p *progress) expect(files int64) {
	if files <= 0 {
		return
	}
	p.total.Store(files)
	p.bar.ChangeMax64(files)
}

func (p *progress) finish() {
	p.bar.Finish()
	p.bar.Exit()
}

// countLocal counts the files under the local targets, concurrently with
// the scan (it never delays it), and gives the total to the bar. It gives
// up when any target is not local (SMB and Drive are listed as they are
// walked) or when ctx ends. The channel is closed when it is done.
func (p *progress) countLocal(ctx context.Context, targets []scanner.Target) <-chan struct{} {
	done := make(chan struct{})
	var roots []string
	for _, t := range targets {
		if t.Source != "local" || t.Unavailable != nil {
			close(done)
			return done
		}
		roots = append(roots, t.Name)
	}
	go func() {
		defer close(done)
		var n int64
		for _, root := range roots {
			err := filepath.WalkDir(root, func(_ string, d fs.DirEntry, err error) error {
				if ctx.Err() != nil {
					return ctx.Err()
				}
				if err == nil && !d.IsDir() {
					n++
				}
				return nil
			})
			if err != nil && ctx.Err() != nil {
				return
			}
		}
		p.expect(max(n, p.files.Load()))
	}()
	return done
}

// shorten keeps the end of a long path, which names the file.
func shorten(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return "…" + string(r[len(r)-n+1:])
}
