package scanner

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"sort"
	"strings"
	"time"

	"github.com/credsweep/credsweep/detectors"
)

// collector is the single goroutine that turns outcomes into a Report.
type collector struct {
	key     []byte
	results []Result
	notes   []Notification
	stats   Stats
}

func newCollector(key []byte) *collector {
	return &collector{key: key, stats: Stats{SkipReasons: map[string]int64{}, Kinds: map[string]int64{}}}
}

func (c *collector) add(o *fileOutcome) {
	st := &c.stats
	st.Bytes += o.bytes
	for _, a := range o.artifacts {
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
			st.SkipReasons[skipClass(a.reason)]++
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
				Rule:       g.rule,
				Source:     o.target.Source,
				Location:   a.loc,
				Section:    g.section,
				Line:       g.line,
				Count:      g.count(),
				TestCount:  g.tests,
				Samples:    g.samples,
				Details:    g.details,
				Confidence: g.conf,
				Exposure:   o.exposure,
			}
			r.Fingerprint = c.fingerprint(o, a, g)
			c.results = append(c.results, r)
		}
	}
}

// fingerprint is a keyed hash of what identifies a result across scans:
// the rule, the source, the object's location and identity, and for per-secret
// rules a keyed digest of the secret. No line numbers or counts, so a
// password sheet that grows keeps its alert.
func (c *collector) fingerprint(o *fileOutcome, a *artifact, g *ruleAgg) string {
	m := hmac.New(sha256.New, c.key)
	// The path names the server or drive (an SMB ID does not), the ID the
	// object; GitHub keys alerts on the path too, so both may be used.
	for _, part := range []string{g.rule.ID, o.target.Source, o.item.Path, o.item.ID, strings.Join(a.loc.Members, "\x00")} {
		m.Write([]byte(part))
		m.Write([]byte{0})
	}
	m.Write(g.secretMAC)
	return hex.EncodeToString(m.Sum(nil)[:16]) + ":1"
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
		if ka, kb := locKey(a.Location), locKey(b.Location); ka != kb {
			return ka < kb
		}
		if a.Rule.ID != b.Rule.ID {
			return a.Rule.ID < b.Rule.ID
		}
		return a.Fingerprint < b.Fingerprint
	})
	sort.SliceStable(c.notes, func(i, j int) bool {
		return locKey(c.notes[i].Location) < locKey(c.notes[j].Location)
	})
	rs := append([]detectors.Rule(nil), rules...)
	sort.Slice(rs, func(i, j int) bool { return rs[i].ID < rs[j].ID })
	return &Report{Rules: rs, Results: c.results, Notifications: c.notes, Stats: c.stats}
}

func locKey(l Location) string {
	return l.Path + "\x00" + strings.Join(l.Members, "\x00")
}
