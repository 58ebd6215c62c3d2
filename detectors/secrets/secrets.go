// Package secrets detects credentials that give access by themselves:
// private keys, cloud and SaaS tokens, connection strings with passwords,
// Windows deployment and Group Policy passwords, stored client passwords,
// and password databases recognised by their bytes.
//
// Rules are data where a regular expression says enough (patterns.go) and
// code where a format needs parsing (PEM, PuTTY, GPP, unattend, WinSCP).
// A case-insensitive keyword prefilter decides which lines any rule looks
// at, so text without keywords costs one table lookup per byte.
package secrets

import (
	"path"
	"strings"
	"sync"

	"github.com/credsweep/credsweep/detectors"
)

// detector is stateless after construction and safe for concurrent use.
type detector struct {
	rules []detectors.Rule
}

var (
	compileOnce sync.Once
	pfBase      *prefilter // keywords of every matcher but config-secret
	pfConfig    *prefilter // plus config-secret keywords, for config files
)

// New returns the secrets detector. It also implements
// detectors.BinaryDetector.
func New() detectors.Detector {
	compileOnce.Do(compileMatchers)
	return &detector{rules: buildRules()}
}

// Rules lists every rule, including EncryptedFileRuleID, which the scanner
// reports itself.
func (d *detector) Rules() []detectors.Rule {
	out := make([]detectors.Rule, len(d.rules))
	copy(out, d.rules)
	return out
}

// NewSession starts a session for one section; file-name hints are worked
// out once here.
func (d *detector) NewSession(sec detectors.Section) detectors.Session {
	s := &session{sec: sec}
	s.classify()
	s.pf = pfBase
	if s.config != configNone {
		s.pf = pfConfig
	}
	return s
}

// fileBase returns the lower-cased base name of a path with / or \.
func fileBase(p string) string {
	p = strings.ReplaceAll(p, "\\", "/")
	return strings.ToLower(path.Base(p))
}
