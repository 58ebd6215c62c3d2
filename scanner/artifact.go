package scanner

import (
	"crypto/hmac"
	"crypto/sha256"
	"hash/maphash"

	"github.com/credsweep/credsweep/detectors"
)

// artifact is one examined file: a walked item or a member nested in it.
type artifact struct {
	// loc is masked by the worker before the outcome reaches the
	// collector; members keeps the real member names for fingerprints.
	loc       Location
	members   []string
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
	// region is set for values found in a name ("file name"): a result
	// of its own, apart from the file's content.
	region string
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
	if s.opt.DisabledRules[f.Rule] {
		return
	}
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
	if s.opt.ShowSamples && len(g.samples) < maxSamples && f.Masked != "" && !contains(g.samples, f.Masked) {
		g.samples = append(g.samples, f.Masked)
	}
	if d := f.Detail.String(); len(g.details) < maxSamples && d != "" && !contains(g.details, d) {
		g.details = append(g.details, d)
	}
}

// addName records a value found in a name of the artifact as a result of
// its own, whose section says where ("file name", "sheet name").
func (a *artifact) addName(s *Scanner, region string, h nameHit) {
	rule, ok := s.rules[h.rule]
	if !ok {
		return
	}
	key := aggKey{rule: h.rule, region: region}
	d := maphash.String(digestSeed, h.rule+"\x00"+h.secret)
	if rule.PerSecret {
		key.secret = d
	}
	if a.agg == nil {
		a.agg = map[aggKey]*ruleAgg{}
	}
	g := a.agg[key]
	if g == nil {
		g = &ruleAgg{rule: rule, section: region, line: 1, seen: map[uint64]bool{}, conf: h.confidence}
		m := hmac.New(sha256.New, s.opt.FingerprintKey)
		m.Write([]byte(region + "\x00" + h.secret))
		g.secretMAC = m.Sum(nil)
		g.details = []string{"the value is in the " + region + ", which is masked in every output"}
		a.agg[key] = g
		a.order = append(a.order, key)
	}
	g.seen[d] = false
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
