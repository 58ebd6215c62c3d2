package scanner

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"sort"
	"strings"
	"time"

	"github.com/credsweep/credsweep/detectors"
	"github.com/credsweep/credsweep/state"
)

// collector is the single goroutine that turns outcomes into a Report.
type collector struct {
	s       *Scanner
	key     []byte
	results []Result
	notes   []Notification
	stats   Stats
	// labels are the targets' URI labels (see targetLabels).
	labels map[*Target]string
	// folders are the folders whose names were reported, by a keyed
	// digest of their identity.
	folders map[string]bool
	// memory is what the state said and what changed (with State).
	memory   *Memory
	batch    []state.Item
	flushed  time.Time
	gone     []goneItem
	stateErr error
}

func newCollector(s *Scanner, labels map[*Target]string) *collector {
	return &collector{s: s, key: s.opt.FingerprintKey, labels: labels, folders: map[string]bool{},
		stats: Stats{SkipReasons: map[string]int64{}, Kinds: map[string]int64{}}}
}

func (c *collector) add(o *fileOutcome) {
	if o.removed {
		c.remember(o, nil)
		return
	}
	st := &c.stats
	st.Bytes += o.bytes
	label := c.labels[o.target]
	o.exposure = exposureFor(o.exposure, c.s.opt.ShowSamples)
	for _, fh := range o.folderHits {
		c.addFolder(o, label, fh)
	}
	var rs []Result
	for _, a := range o.artifacts {
		a.loc.Target = label
		if a.dir {
			if a.outcome == Failed {
				st.FailedDirs++
			}
			c.notes = append(c.notes, Notification{Location: a.loc, Outcome: a.outcome, Reason: a.reason, Dir: true})
			continue
		}
		if a.member {
			st.Members++
		} else {
			st.Files++
		}
		st.TextBytes += a.textBytes
		switch a.outcome {
		case Scanned:
			st.Scanned++
			if a.kind != "" {
				st.Kinds[a.kind]++
			}
		case Skipped:
			st.Skipped++
			if o.unchanged {
				st.SkipReasons["skipped in the last scan and unchanged since"]++
			} else {
				st.SkipReasons[skipClass(a.reason)]++
			}
		case Partial:
			st.Partial++
		case Failed:
			st.Failed++
		}
		if a.outcome == Failed || a.outcome == Partial || a.listed {
			c.notes = append(c.notes, Notification{Location: a.loc, Outcome: a.outcome, Reason: a.reason})
		}
		for _, k := range a.order {
			g := a.agg[k]
			r := Result{
				Rule:            g.rule,
				Source:          o.target.Source,
				Location:        a.loc,
				Section:         g.section,
				Line:            g.line,
				Count:           g.count(),
				TestCount:       g.tests,
				Samples:         g.samples,
				Details:         g.details,
				Confidence:      g.conf,
				Exposure:        o.exposure,
				NoExposureRaise: c.s.opt.NoExposureRaise,
			}
			r.Fingerprint = c.fingerprint(o, a, g)
			rs = append(rs, r)
		}
	}
	if o.mem != nil {
		rs = c.remember(o, rs)
	}
	c.emit(rs...)
}

// emit records final results and hands them to Options.OnResult.
func (c *collector) emit(rs ...Result) {
	c.results = append(c.results, rs...)
	if on := c.s.opt.OnResult; on != nil {
		for _, r := range rs {
			on(r)
		}
	}
}

// fingerprint is a keyed hash of what identifies a result across scans:
// the rule, the object's identity (the target's canonical namespace, the
// item's ID within it, the real member names) and for per-secret rules a
// keyed digest of the secret. Never the target's spelling or the login
// user, no line numbers or counts: a password sheet that grows keeps its
// alert, and so does a share scanned by another service account.
func (c *collector) fingerprint(o *fileOutcome, a *artifact, g *ruleAgg) string {
	id := o.item.ID
	if id == "" {
		id = o.item.Path
	}
	return c.mac(g.rule.ID, o.target.namespace(), id, strings.Join(a.members, "\x00"), g.section, g.secretMAC)
}

func (c *collector) mac(rule, namespace, id, members, region string, secretMAC []byte) string {
	m := hmac.New(sha256.New, c.key)
	for _, part := range []string{rule, namespace, id, members} {
		m.Write([]byte(part))
		m.Write([]byte{0})
	}
	if isNameRegion(region) {
		m.Write([]byte(region))
		m.Write([]byte{0})
	}
	m.Write(secretMAC)
	return hex.EncodeToString(m.Sum(nil)[:16]) + ":1"
}

func isNameRegion(section string) bool {
	switch section {
	case regionFileName, regionFolderName, regionMemberName, regionSheetName:
		return true
	}
	return false
}

// addFolder reports a value in a folder's name, once per folder.
func (c *collector) addFolder(o *fileOutcome, label string, fh folderHit) {
	d := hmac.New(sha256.New, c.key)
	d.Write([]byte(fh.key + "\x00" + fh.hit.rule))
	k := string(d.Sum(nil))
	if c.folders[k] {
		return
	}
	c.folders[k] = true
	rule, ok := c.s.rules[fh.hit.rule]
	if !ok {
		return
	}
	sm := hmac.New(sha256.New, c.key)
	sm.Write([]byte(regionFolderName + "\x00" + fh.hit.secret))
	loc := fh.loc
	loc.Target = label
	c.emit(Result{
		Rule: rule, Source: o.target.Source, Location: loc, Section: regionFolderName, Line: 1, Count: 1,
		Details:     []string{"the value is in the folder name, which is masked in every output"},
		Confidence:  fh.hit.confidence,
		Fingerprint: c.mac(rule.ID, o.target.namespace(), fh.key, "", regionFolderName, sm.Sum(nil)),
		Exposure:    o.exposure,
	})
}

// skipClass shortens a skip reason to a counting class: "binary file
// (image/png)" counts as "binary file (image/png)", a size skip as one class.
func skipClass(reason string) string {
	if i := strings.Index(reason, " ("); i > 0 && strings.HasPrefix(reason, "larger than") {
		return reason[:i]
	}
	return reason
}

// report sorts everything into a deterministic order and returns it.
func (c *collector) report(rules []detectors.Rule) *Report {
	c.stats.Duration = time.Since(c.stats.Started)
	sort.SliceStable(c.results, func(i, j int) bool {
		a, b := c.results[i], c.results[j]
		if ka, kb := a.Location.key(), b.Location.key(); ka != kb {
			return ka < kb
		}
		if a.Rule.ID != b.Rule.ID {
			return a.Rule.ID < b.Rule.ID
		}
		return a.Fingerprint < b.Fingerprint
	})
	sort.SliceStable(c.notes, func(i, j int) bool {
		return c.notes[i].Location.key() < c.notes[j].Location.key()
	})
	rs := append([]detectors.Rule(nil), rules...)
	sort.Slice(rs, func(i, j int) bool { return rs[i].ID < rs[j].ID })
	return &Report{Rules: rs, Results: c.results, Notifications: c.notes, Stats: c.stats, Memory: c.memory}
}
