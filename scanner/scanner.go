// Package scanner runs a scan: connectors walk, a pool of workers opens,
// sniffs, extracts, decodes and detects, and one collector turns what the
// workers found into a Report.
//
//	connector.Walk → items (bounded) → workers → outcomes → collector → Report
//
// Every walked item ends in exactly one outcome (scanned, skipped, partial
// or failed) and every outcome but a plain skip is listed, so a scan never
// hides what it did not examine.
package scanner

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"runtime"
	"sync"
	"time"

	"github.com/credsweep/credsweep/connectors"
	"github.com/credsweep/credsweep/detectors"
	"github.com/credsweep/credsweep/scanner/extract"
	"github.com/credsweep/credsweep/state"
)

// Target is one place to scan.
type Target struct {
	// Name is the target as the user wrote it (no secret in it, but it may
	// name the login user): shown in the terminal only.
	Name string
	// Source is the connector scheme: "local", "smb", "gdrive".
	Source string
	// Identity is the target's canonical identity, however it was typed
	// and whoever logs on: "file:///srv/share", "smb://fs01/skole",
	// "gdrive://shared/<driveId>". The default SARIF category is made of
	// it. Empty means Name.
	Identity string
	// Label, when set, is the target's URI label (see Labels).
	Label string
	// Namespace is what the connector's item IDs are relative to
	// ("file:///srv/share", "smb://fs01", "gdrive://"): with the item ID
	// it identifies an object in fingerprints. Empty means Identity.
	Namespace string
	// Connector walks and opens the target. The scanner does not close it.
	Connector connectors.Connector
	// Unavailable, when set, is why the target could not be opened (a
	// folder that is gone, a server that is down): Connector is nil, the
	// target is reported as failed and not examined, and the scan goes on
	// with the others.
	Unavailable error
}

// Progress receives events as the scan goes; it is called from many
// goroutines and must not block.
type Progress interface {
	// Begin is called when a worker starts reading a file, with its
	// display location masked as in the outputs.
	Begin(display string)
	// End is called once for every file walked (not for folders), when
	// the worker is done with it, with the n bytes read (0 for a file
	// skipped, unchanged or failed before a read).
	End(n int64)
}

// Options configure a Scanner.
type Options struct {
	// Detectors to run; every one sees every text section.
	Detectors []detectors.Detector
	// Extractors by sniffed kind; kinds without one are text or skipped.
	Extractors map[extract.Kind]extract.Extractor
	// Workers is the number of files processed at once (default: one
	// more than the CPUs, so that a worker waiting for a read or an
	// open does not leave a CPU idle).
	Workers int
	// MaxWalkers is how many targets are walked at once (default 4).
	MaxWalkers int
	// MaxFileSize skips bigger files (0: no limit); also enforced on
	// streams of unknown size, such as Drive exports.
	MaxFileSize int64
	// Limits for archives and documents.
	Limits extract.Limits
	// FileTimeout bounds the time spent on one file (default 30 min).
	FileTimeout time.Duration
	// Retries of a file after a transient error (default 2).
	Retries int
	// FingerprintKey keys the result fingerprints. Required.
	FingerprintKey []byte
	// TempDir holds spooled nested archives (default os.TempDir()).
	TempDir string
	// Progress, or nil.
	Progress Progress
	// State remembers earlier runs (--state): unchanged items are not
	// opened and their results are carried forward. Nil: none.
	State *state.Store
	// Full examines every item even when the state says it is unchanged,
	// and refreshes the state.
	Full bool
	// ToolVersion is recorded in the state with each run.
	ToolVersion string
	// Exclude, when set, is asked for every walked file: a non-empty
	// answer skips it with that reason (counted, not listed).
	Exclude func(t *Target, it connectors.Item) string
	// DisabledRules are not reported; RuleLevels change rules' levels.
	DisabledRules map[string]bool
	RuleLevels    map[string]detectors.Level
	// NoExposureRaise keeps every result at its rule's level, whoever can
	// read the file (a single-user laptop where every file is 0644).
	NoExposureRaise bool
	// OnResult, when set, receives every result as soon as it is final
	// (identity, fingerprint, exposure and baseline state set), in no
	// particular order, before Run returns: a stream for JSON Lines. It is
	// called from one goroutine at a time and slows the scan while it
	// runs. The report holds the same results.
	OnResult func(Result)
	// Logger receives the scan's course: targets walked, retries, slow
	// files, with masked locations and never content. Nil: none.
	Logger *slog.Logger
	// ShowSamples keeps partial masks of found values ("010190*****") and
	// clear names for the terminal and JSON of an on-premises responder.
	// Off by default: then no part of a found value or a masked name is
	// kept at all.
	ShowSamples bool
}

func (t *Target) identity() string {
	if t.Identity != "" {
		return t.Identity
	}
	return t.Name
}

func (t *Target) namespace() string {
	if t.Namespace != "" {
		return t.Namespace
	}
	return t.identity()
}

// historyRuns is how many runs of the state's history a report shows.
const historyRuns = 30

// Scanner runs scans. It is safe to reuse, one Run at a time.
type Scanner struct {
	opt   Options
	rules map[string]detectors.Rule
	list  []detectors.Rule
	// ruleset identifies the rules for the state.
	rulesetName string
	ruleset     uint64
}

// New checks the options and returns a Scanner.
func New(opt Options) (*Scanner, error) {
	if len(opt.FingerprintKey) == 0 {
		return nil, errors.New("scanner: a fingerprint key is required")
	}
	if opt.Workers <= 0 {
		opt.Workers = runtime.GOMAXPROCS(0) + 1 // the CPUs the process may use
	}
	if opt.MaxWalkers <= 0 {
		opt.MaxWalkers = 4
	}
	if opt.Logger == nil {
		opt.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if opt.FileTimeout <= 0 {
		opt.FileTimeout = 30 * time.Minute
	}
	if opt.Retries < 0 {
		opt.Retries = 0
	} else if opt.Retries == 0 {
		opt.Retries = 2
	}
	opt.Limits = opt.Limits.WithDefaults()
	if opt.TempDir == "" {
		opt.TempDir = os.TempDir()
	}
	s := &Scanner{opt: opt, rules: map[string]detectors.Rule{}}
	known := map[string]bool{}
	for _, d := range opt.Detectors {
		for _, r := range d.Rules() {
			if known[r.ID] {
				return nil, fmt.Errorf("scanner: rule %s defined twice", r.ID)
			}
			known[r.ID] = true
			if opt.DisabledRules[r.ID] {
				continue
			}
			if l, ok := opt.RuleLevels[r.ID]; ok {
				r.Level = l
			}
			s.rules[r.ID] = r
			s.list = append(s.list, r)
		}
	}
	for id := range opt.DisabledRules {
		if !known[id] {
			return nil, fmt.Errorf("scanner: unknown rule %s (see credsweep rules)", id)
		}
	}
	for id := range opt.RuleLevels {
		if !known[id] {
			return nil, fmt.Errorf("scanner: unknown rule %s (see credsweep rules)", id)
		}
	}
	s.rulesetName, s.ruleset = rulesetDigest(s.list)
	return s, nil
}

// Rules returns every rule of the configured detectors.
func (s *Scanner) Rules() []detectors.Rule { return s.list }

// job is one walked item of one target.
type job struct {
	target *Target
	health *health
	mem    *targetMemory
	item   connectors.Item
}

// Run scans the targets one after the other through one worker pool and
// returns the report. It returns an error only for a fatal condition (a
// target that cannot be walked, revoked credentials, cancellation); the
// report then holds what was done so far.
func (s *Scanner) Run(ctx context.Context, targets []Target) (*Report, error) {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)

	outcomes := make(chan *fileOutcome, s.opt.Workers*4)
	labels := map[*Target]string{}
	for i, l := range Labels(targets) {
		labels[&targets[i]] = l
	}
	col := newCollector(s, labels)
	col.stats.Started = time.Now()
	mems := make([]*targetMemory, len(targets))
	if s.opt.State != nil {
		if err := s.beginMemory(col, targets, mems); err != nil {
			return nil, err
		}
	}

	var colDone = make(chan struct{})
	go func() {
		defer close(colDone)
		for o := range outcomes {
			col.add(o)
		}
	}()

	// Every target is walked by a walker of its own, at most MaxWalkers
	// at once, each with its own pool of workers: a Drive target
	// (latency-bound, its workers mostly waiting) does not take the
	// workers of an SMB server (bandwidth- and CPU-bound) nor wait for it
	// to finish. Per-target limits (SMB sessions per host, Drive QPS per
	// identity) stay in the connectors.
	var walkErr error
	var walkMu sync.Mutex
	complete := make([]bool, len(targets))
	sem := make(chan struct{}, s.opt.MaxWalkers)
	var walkers sync.WaitGroup
	for i := range targets {
		walkers.Add(1)
		go func() {
			defer walkers.Done()
			select {
			case sem <- struct{}{}:
				defer func() { <-sem }()
			case <-ctx.Done():
				return
			}
			t := &targets[i]
			if t.Unavailable != nil {
				s.opt.Logger.Error("target cannot be opened", "target", t.identity(), "err", message(t.Unavailable))
				outcomes <- &fileOutcome{target: t, artifacts: []*artifact{{
					loc:     Location{Path: targetPath(t.identity()), Display: t.identity()},
					dir:     true,
					outcome: Failed,
					reason:  "target cannot be opened, nothing in it was examined: " + openFailure(t.Unavailable),
				}}}
				return
			}
			jobs := make(chan job, s.opt.Workers*4)
			var wg sync.WaitGroup
			for range s.opt.Workers {
				wg.Add(1)
				go func() {
					defer wg.Done()
					w := newWorker(s)
					for j := range jobs {
						o := w.scanItem(ctx, j)
						if o.fatal != nil {
							cancel(o.fatal)
						}
						outcomes <- o
					}
				}()
			}
			defer wg.Wait()
			defer close(jobs)
			wctx, stopWalk := context.WithCancel(ctx)
			h := &health{stopWalk: stopWalk}
			log := s.opt.Logger.With("target", t.identity())
			log.Info("walking target")
			defer log.Info("target done")
			err := s.walk(wctx, t, mems[i], func(it connectors.Item) error {
				select {
				case jobs <- job{target: t, health: h, mem: mems[i], item: it}:
					return nil
				case <-wctx.Done():
					return context.Cause(wctx)
				}
			})
			stopWalk()
			if down := h.downErr(); down != nil && ctx.Err() == nil {
				// The walk was stopped on purpose: what it did not
				// list was not examined, and the report must say so.
				outcomes <- &fileOutcome{target: t, artifacts: []*artifact{{
					loc:     Location{Path: targetPath(t.identity()), Display: t.identity()},
					dir:     true,
					outcome: Failed,
					reason:  "walk stopped, files not yet listed were not examined: " + down.Error(),
				}}}
				return
			}
			if err != nil {
				log.Error("target cannot be walked", "err", err)
				walkMu.Lock()
				if walkErr == nil {
					walkErr = fmt.Errorf("%s: %w", t.identity(), err)
				}
				walkMu.Unlock()
				// A target that cannot be walked stops the scan.
				cancel(walkErr)
				return
			}
			complete[i] = ctx.Err() == nil
		}()
	}
	walkers.Wait()
	close(outcomes)
	<-colDone

	fatal := context.Cause(ctx)
	if walkErr != nil && (fatal == nil || errors.Is(walkErr, fatal)) {
		fatal = walkErr
	}
	if fatal == nil && ctx.Err() != nil {
		fatal = ctx.Err()
	}
	if s.opt.State != nil {
		if err := col.endMemory(targets, mems, complete, fatal == nil); err != nil && fatal == nil {
			fatal = err
		}
	}
	rep := col.report(s.list)
	for _, t := range targets {
		rep.Targets = append(rep.Targets, t.identity())
		rep.TargetNames = append(rep.TargetNames, t.Name)
	}
	rep.Fatal = fatal
	if s.opt.State != nil {
		tally := state.Tally{Results: len(rep.Results), Files: rep.Stats.Files}
		if m := rep.Memory; m != nil {
			tally.New, tally.Fixed = m.New, m.Fixed
		}
		if err := s.opt.State.EndRun(!rep.Incomplete(), time.Now(), tally); err != nil && rep.Fatal == nil {
			rep.Fatal = err
		}
		if rep.Memory != nil {
			// The history is for reading: a failure loses a chart, not
			// the run.
			rep.Memory.History, _ = s.opt.State.History(historyRuns)
		}
	}
	return rep, rep.Fatal
}

// walk lists a target's items: only the changes since the saved cursor
// when the connector can and the state has one, else everything (saving a
// cursor to start from next time).
func (s *Scanner) walk(ctx context.Context, t *Target, mem *targetMemory, fn func(connectors.Item) error) error {
	inc, ok := t.Connector.(connectors.Incremental)
	if mem == nil || !ok {
		return t.Connector.Walk(ctx, fn)
	}
	if mem.cursor != "" && !s.opt.Full {
		next, err := inc.WalkChanges(ctx, mem.cursor, fn)
		if !errors.Is(err, connectors.ErrCursorExpired) {
			if err == nil {
				mem.incremental, mem.nextCursor = true, next
			}
			return err
		}
	}
	// A source without a change log (a Drive without the Changes API)
	// is walked in full every time.
	cur, cerr := inc.Cursor(ctx)
	if err := t.Connector.Walk(ctx, fn); err != nil {
		return err
	}
	if cerr == nil {
		mem.nextCursor = cur
	}
	return nil
}
