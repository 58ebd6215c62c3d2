package scanner

import (
	"crypto/hmac"
	"crypto/sha256"
	"hash/maphash"

	"github.com/credsweep/credsweep/detectors"
)

// artifact is one examined file: a walked item or a member nested in it.
type artifact struct {
	loc       Location
	kind      string
	outcome   Outcome
	reason    string
	member    bool
	dir       bool
	listed    bool // a skip worth listing (FIFO, size limit, depth)
	textBytes int64
	agg       map[aggKey]*ruleAgg
	order     []aggKey
}

// aggKey groups findings into results: per rule, and per secret for
// PerSecret rules.
type aggKey struct {
	rule   string
	secret uint64
}

// ruleAgg accumulates the findings of one result. It keeps digests of the
// secrets, never the secrets.
type ruleAgg struct {
	rule      detectors.Rule
	section   string
	line      int
	seen      map[uint64]bool // digest → test data
	extra     int             // Finding.Count beyond one
	tests     int
	samples   []string
	details   []string
	conf      detectors.Confidence
	secretMAC []byte // PerSecret rules: keyed digest for the fingerprint
}

var digestSeed = maphash.MakeSeed()

const maxSamples = 3

// add folds a finding into the artifact's results.
func (a *artifact) add(s *Scanner, sec detectors.Section, f detectors.Finding) {
	rule, ok := s.rules[f.Rule]
	if !ok {
		rule = detectors.Rule{ID: f.Rule, Name: f.Rule, Short: f.Rule, Full: f.Rule, Help: f.Rule,
			HelpMarkdown: f.Rule, Severity: 5, Level: detectors.LevelWarning}
	}
	d := maphash.String(digestSeed, f.Rule+"\x00"+f.Secret)
	key := aggKey{rule: f.Rule}
	if rule.PerSecret {
		key.secret = d
	}
	if a.agg == nil {
		a.agg = map[aggKey]*ruleAgg{}
	}
	g := a.agg[key]
	if g == nil {
		g = &ruleAgg{rule: rule, section: sec.Name, line: max(f.Line, 1), seen: map[uint64]bool{}}
		if rule.PerSecret {
			m := hmac.New(sha256.New, s.opt.FingerprintKey)
			m.Write([]byte(f.Secret))
			g.secretMAC = m.Sum(nil)
		}
		a.agg[key] = g
		a.order = append(a.order, key)
	}
	if test, dup := g.seen[d]; dup {
		if test && !f.TestData {
			g.seen[d] = false
			g.tests--
		}
		return
	}
	g.seen[d] = f.TestData
	if f.TestData {
		g.tests++
	}
	if f.Count > 1 {
		g.extra += f.Count - 1
	}
	if f.Confidence > g.conf {
		g.conf = f.Confidence
	}
	if len(g.samples) < maxSamples && f.Masked != "" && !contains(g.samples, f.Masked) {
		g.samples = append(g.samples, f.Masked)
	}
	if d := f.Detail.String(); len(g.details) < maxSamples && d != "" && !contains(g.details, d) {
		g.details = append(g.details, d)
	}
}

func (g *ruleAgg) count() int { return len(g.seen) + g.extra }

// degrade lowers the artifact's outcome; the worst outcome and its reason win.
func (a *artifact) degrade(o Outcome, reason string) {
	if o > a.outcome || a.reason == "" {
		if o >= a.outcome {
			a.outcome, a.reason = o, reason
		}
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
