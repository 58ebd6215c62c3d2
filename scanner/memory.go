package scanner

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"time"

	"github.com/credsweep/credsweep/connectors"
	"github.com/credsweep/credsweep/detectors"
	"github.com/credsweep/credsweep/state"
)

// With a state file (Options.State) a scan remembers what it saw: an item
// whose identity and change markers match the last run is not opened, its
// results are carried forward; every result says whether it is new; what
// disappeared is counted as fixed; what could not be read keeps its last
// results, marked as not re-examined. This file is the scanner's side of it;
// package state stores it.

// Baseline states of a result (SARIF baselineState).
const (
	BaselineNew       = "new"
	BaselineUnchanged = "unchanged"
	BaselineUpdated   = "updated"
)

// Memory sums up what the state said and what changed, for the summary.
type Memory struct {
	// Path of the state file.
	Path string
	// Previous is the run before this one, nil for the first.
	Previous *state.Run
	// Resumed is true when the previous run was interrupted.
	Resumed bool
	// RulesetChanged: the rules changed since the previous run, so every
	// item was examined again.
	RulesetChanged bool
	// Results by baseline state, and results of earlier runs that are gone
	// (Fixed) or could not be checked (NotReexamined).
	New, Unchanged, Updated, Fixed, NotReexamined int
	// Skipped counts items not opened because they did not change.
	Skipped int64
	// History is the state's last runs that ended, this one included,
	// oldest first (counts only).
	History []state.Ended
}

// targetMemory is what the state knows of one target.
type targetMemory struct {
	id    int64
	prior map[itemKey]priorItem
	// seen marks prior items met in this run (collector only).
	seen []bool
	// cursor and incremental: the walk listed only changes since cursor.
	cursor      string
	incremental bool
	nextCursor  string
}

type itemKey [16]byte

type priorItem struct {
	idx        int32
	marker     uint64
	ruleset    uint64
	clean      bool // scanned or skipped: nothing left unexamined
	outcome    Outcome
	hasResults bool
}

// storedResult is a result as the state keeps it: what the SARIF says,
// masked, never a value or a sample.
type storedResult struct {
	Rule        string   `json:"rule"`
	Members     []string `json:"members,omitempty"`
	Display     string   `json:"display"`
	Link        string   `json:"link,omitempty"`
	Section     string   `json:"section,omitempty"`
	Line        int      `json:"line"`
	Count       int      `json:"count"`
	TestCount   int      `json:"testCount,omitempty"`
	Details     []string `json:"details,omitempty"`
	Confidence  int      `json:"confidence"`
	Fingerprint string   `json:"fingerprint"`
	Exposure    string   `json:"exposure,omitempty"`
}

// rulesetDigest identifies the rules and the detection engine: when it
// changes, every item is examined again once.
func rulesetDigest(rules []detectors.Rule) (string, uint64) {
	rs := append([]detectors.Rule(nil), rules...)
	sort.Slice(rs, func(i, j int) bool { return rs[i].ID < rs[j].ID })
	h := sha256.New()
	fmt.Fprintf(h, "engine %d\n", detectors.EngineVersion)
	for _, r := range rs {
		fmt.Fprintf(h, "%s %s %.1f %v\n", r.ID, r.Level, r.Severity, r.PerSecret)
	}
	sum := h.Sum(nil)
	return hex.EncodeToString(sum[:8]), binary.BigEndian.Uint64(sum)
}

// keyOf is the keyed digest that identifies an item in the state.
func (s *Scanner) keyOf(t *Target, it connectors.Item) itemKey {
	id := it.ID
	if id == "" {
		id = it.Path
	}
	m := hmac.New(sha256.New, s.opt.FingerprintKey)
	m.Write([]byte("item\x00" + t.namespace() + "\x00" + id))
	var k itemKey
	copy(k[:], m.Sum(nil))
	return k
}

// markerOf digests an item's change markers (keyed: a Drive version is a
// checksum of the content).
func (s *Scanner) markerOf(it connectors.Item) uint64 {
	m := hmac.New(sha256.New, s.opt.FingerprintKey)
	var mt int64
	if !it.ModTime.IsZero() {
		mt = it.ModTime.UnixNano()
	}
	m.Write([]byte("marker\x00" + strconv.FormatInt(it.Size, 10) + "\x00" + strconv.FormatInt(mt, 10) + "\x00" + it.Version))
	return binary.BigEndian.Uint64(m.Sum(nil))
}

// loadMemory reads what the state knows of a target.
func (s *Scanner) loadMemory(t *Target) (*targetMemory, error) {
	st := s.opt.State
	tg, err := st.Target(t.identity())
	if err != nil {
		return nil, err
	}
	m := &targetMemory{id: tg.ID, prior: map[itemKey]priorItem{}}
	if tg.CompleteRun != 0 {
		m.cursor = tg.Cursor
	}
	err = st.Items(tg.ID, func(key []byte, p state.Prior) {
		var k itemKey
		copy(k[:], key)
		pi := priorItem{idx: int32(len(m.prior)), marker: p.Marker, ruleset: p.Ruleset, hasResults: p.HasResults}
		switch p.Outcome {
		case Scanned.String():
			pi.clean, pi.outcome = true, Scanned
		case Skipped.String():
			pi.clean, pi.outcome = true, Skipped
		}
		m.prior[k] = pi
	})
	m.seen = make([]bool, len(m.prior))
	return m, err
}

// carried turns stored results back into results of this run.
func carried(t *Target, path string, raw []byte, rules map[string]detectors.Rule) ([]Result, error) {
	if raw == nil {
		return nil, nil
	}
	var srs []storedResult
	if err := json.Unmarshal(raw, &srs); err != nil {
		return nil, fmt.Errorf("state: stored results: %w", err)
	}
	out := make([]Result, 0, len(srs))
	for _, sr := range srs {
		rule, ok := rules[sr.Rule]
		if !ok {
			rule = detectors.Rule{ID: sr.Rule, Name: sr.Rule, Severity: 5, Level: detectors.LevelWarning}
		}
		out = append(out, Result{Rule: rule, Source: t.Source,
			Location: Location{Path: path, Members: sr.Members, Display: sr.Display, Link: sr.Link},
			Section:  sr.Section, Line: sr.Line, Count: sr.Count, TestCount: sr.TestCount, Details: sr.Details,
			Confidence: detectors.Confidence(sr.Confidence), Fingerprint: sr.Fingerprint,
			Exposure: connectors.Exposure{Audience: connectors.Audience(sr.Exposure)}})
	}
	return out, nil
}

func encodeResults(rs []Result) ([]byte, error) {
	if len(rs) == 0 {
		return nil, nil
	}
	srs := make([]storedResult, len(rs))
	for i, r := range rs {
		srs[i] = storedResult{Rule: r.Rule.ID, Members: r.Location.Members, Display: r.Location.Display,
			Link: r.Location.Link, Section: r.Section, Line: r.Line, Count: r.Count, TestCount: r.TestCount,
			Details: r.Details, Confidence: int(r.Confidence), Fingerprint: r.Fingerprint,
			Exposure: string(r.Exposure.Audience)}
	}
	return json.Marshal(srs)
}

// stateBatch is how many item records the collector commits at once: a run
// killed at any moment loses at most this many, and resumes from there.
const stateBatch = 256

// stateFlushEvery bounds the time between commits.
const stateFlushEvery = 2 * time.Second

// beginMemory starts the run in the state and loads every target's items.
func (s *Scanner) beginMemory(col *collector, targets []Target, mems []*targetMemory) error {
	st := s.opt.State
	prev, err := st.BeginRun(s.rulesetName, s.opt.ToolVersion, col.stats.Started)
	if err != nil {
		return fmt.Errorf("state: %w", err)
	}
	m := &Memory{Path: st.Path(), Previous: prev}
	if prev != nil {
		m.Resumed = prev.Ended.IsZero()
		m.RulesetChanged = prev.Ruleset != s.rulesetName
	}
	col.memory = m
	for i := range targets {
		if mems[i], err = s.loadMemory(&targets[i]); err != nil {
			return fmt.Errorf("state: %w", err)
		}
	}
	return nil
}

// unchanged reports whether the state says an item need not be opened.
func (s *Scanner) unchanged(mem *targetMemory, key itemKey, it connectors.Item) (priorItem, bool) {
	p, ok := mem.prior[key]
	if !ok || s.opt.Full || !p.clean || p.ruleset != s.ruleset || p.marker != s.markerOf(it) {
		return p, false
	}
	return p, true
}

// remember records an outcome in the state and sets the baseline state of
// its results. It runs in the collector.
func (c *collector) remember(o *fileOutcome, rs []Result) []Result {
	mem, m := o.mem, c.memory
	p, had := mem.prior[o.key]
	if had {
		mem.seen[p.idx] = true
	}
	top := o.artifacts[0]
	switch {
	case o.removed:
		if had && p.hasResults {
			m.Fixed += c.countStored(mem, o.key)
		}
		c.gone = append(c.gone, goneItem{mem.id, o.key})
		return rs
	case o.unchanged:
		m.Skipped++
		for i := range o.carried {
			r := &o.carried[i]
			// The item may have been renamed or moved (a Drive folder):
			// its location is today's.
			r.Location.Path, r.Location.Target, r.Location.Link = top.loc.Path, top.loc.Target, top.loc.Link
			r.Location.Display = top.loc.Display
			for _, m := range r.Location.Members {
				r.Location.Display += "!/" + m
			}
			if o.exposure.Audience != "" {
				r.Exposure = o.exposure
			}
			r.Baseline = BaselineUnchanged
			m.Unchanged++
		}
		return append(rs, o.carried...)
	case top.outcome == Failed && len(rs) == 0 && had && p.hasResults:
		// Could not be read this run: its last results stand, marked.
		old := c.storedResults(o.target, mem, o.key, top)
		for i := range old {
			old[i].Baseline, old[i].NotReexamined = BaselineUnchanged, true
		}
		m.NotReexamined += len(old)
		return append(rs, old...)
	}
	before := map[string]int{}
	if had && p.hasResults {
		for _, r := range c.storedResults(o.target, mem, o.key, top) {
			before[r.Fingerprint] = r.Count
		}
	}
	for i := range rs {
		n, ok := before[rs[i].Fingerprint]
		switch {
		case !ok:
			rs[i].Baseline = BaselineNew
			m.New++
		case n != rs[i].Count:
			rs[i].Baseline = BaselineUpdated
			m.Updated++
		default:
			rs[i].Baseline = BaselineUnchanged
			m.Unchanged++
		}
		delete(before, rs[i].Fingerprint)
	}
	m.Fixed += len(before)
	if top.dir {
		return rs
	}
	raw, err := encodeResults(rs)
	if err != nil {
		c.stateErr = err
		return rs
	}
	c.batch = append(c.batch, state.Item{Target: mem.id, Key: append([]byte(nil), o.key[:]...), Path: top.loc.Path,
		Size: o.item.Size, ModTime: o.item.ModTime, Marker: c.s.markerOf(o.item), Ruleset: c.s.ruleset,
		Outcome: top.outcome.String(), Reason: top.reason, Results: raw})
	if len(c.batch) >= stateBatch || time.Since(c.flushed) > stateFlushEvery {
		c.flush()
	}
	return rs
}

// flush commits the pending records.
func (c *collector) flush() {
	if len(c.batch) > 0 && c.stateErr == nil {
		c.stateErr = c.s.opt.State.Put(c.batch)
	}
	c.batch, c.flushed = c.batch[:0], time.Now()
}

type goneItem struct {
	target int64
	key    itemKey
}

// storedResults loads an item's last results.
func (c *collector) storedResults(t *Target, mem *targetMemory, key itemKey, top *artifact) []Result {
	raw, err := c.s.opt.State.Results(mem.id, key[:])
	if err != nil {
		c.stateErr = err
		return nil
	}
	rs, err := carried(t, top.loc.Path, raw, c.s.rules)
	if err != nil {
		c.stateErr = err
	}
	for i := range rs {
		rs[i].Location.Target = top.loc.Target
	}
	return rs
}

func (c *collector) countStored(mem *targetMemory, key itemKey) int {
	raw, err := c.s.opt.State.Results(mem.id, key[:])
	if err != nil || raw == nil {
		return 0
	}
	var srs []storedResult
	if json.Unmarshal(raw, &srs) != nil {
		return 0
	}
	return len(srs)
}

// endMemory settles the items this run did not meet: on a complete walk
// they are gone (their results fixed); after an incremental walk they are
// unchanged; after an incomplete walk they were not re-examined and keep
// their results. Then it saves the cursors of complete targets.
func (c *collector) endMemory(targets []Target, mems []*targetMemory, complete []bool, ok bool) error {
	m := c.memory
	for i, mem := range mems {
		t := &targets[i]
		label := c.labels[t]
		for key, p := range mem.prior {
			if mem.seen[p.idx] {
				continue
			}
			switch {
			case mem.incremental:
				if p.hasResults {
					rs := c.storedResults(t, mem, key, &artifact{loc: Location{Path: c.storedPath(mem, key), Target: label}})
					for j := range rs {
						rs[j].Baseline = BaselineUnchanged
					}
					m.Unchanged += len(rs)
					c.emit(rs...)
				}
			case complete[i] && ok:
				if p.hasResults {
					m.Fixed += c.countStored(mem, key)
				}
				c.gone = append(c.gone, goneItem{mem.id, key})
			default:
				if p.hasResults {
					rs := c.storedResults(t, mem, key, &artifact{loc: Location{Path: c.storedPath(mem, key), Target: label}})
					for j := range rs {
						rs[j].Baseline, rs[j].NotReexamined = BaselineUnchanged, true
					}
					m.NotReexamined += len(rs)
					c.emit(rs...)
				}
			}
		}
	}
	c.flush()
	byTarget := map[int64][][]byte{}
	for _, g := range c.gone {
		byTarget[g.target] = append(byTarget[g.target], append([]byte(nil), g.key[:]...))
	}
	for id, keys := range byTarget {
		if err := c.s.opt.State.Delete(id, keys); err != nil && c.stateErr == nil {
			c.stateErr = err
		}
	}
	for i, mem := range mems {
		if complete[i] && ok && c.stateErr == nil {
			if err := c.s.opt.State.TargetDone(mem.id, mem.nextCursor); err != nil {
				c.stateErr = err
			}
		}
	}
	if c.stateErr != nil {
		return fmt.Errorf("state: %w", c.stateErr)
	}
	return nil
}

// storedPath is the masked path the state recorded for an item.
func (c *collector) storedPath(mem *targetMemory, key itemKey) string {
	p, err := c.s.opt.State.ItemPath(mem.id, key[:])
	if err != nil {
		return ""
	}
	return p
}
