package secrets

import (
	"bytes"
	"strings"

	"github.com/credsweep/credsweep/detectors"
)

// maxSeen bounds the per-session dedup set; beyond it duplicates may be
// emitted, which the scanner deduplicates anyway.
const maxSeen = 4096

// consumer reads the lines that follow a multi-line secret's first line
// (the body of a PEM block or a PuTTY key). line returns true when the
// secret is complete; finish is called if the section ends first.
type consumer interface {
	line(s *session, l []byte, num int) (done bool)
	finish(s *session)
}

// line is one line of a block handed to a matcher.
type line struct {
	block      []byte // the whole block, for matchers that look around
	start, end int    // the line's bounds in block, end excludes '\n'
	text       []byte // block[start:end]
	num        int    // 1-based line number
}

// session holds the state of one section. It is used by one goroutine.
type session struct {
	sec  detectors.Section
	pf   *prefilter
	emit func(detectors.Finding)
	seen map[string]struct{}
	vals map[string]struct{} // secret values reported by any rule

	consumer consumer

	// hints from the file name or from content seen so far
	config               configKind
	configSkip           bool // .env.example and friends
	unattend, sysprepInf bool
	winscp, filezilla    bool
	gppFile              detectors.Safe // "Groups.xml" etc., for Details

	// unattend.xml element state, across lines
	ua unattendState

	// WinSCP session context
	winscpUser, winscpHost string

	// Google service account JSON: keys are held until Finish because
	// "type" may come after "private_key".
	serviceAccount bool
	jsonKeys       []pendingKey

	// XML element values, held until Finish (config.go)
	xmlHeld []heldElement

	// Bitwarden export
	bwUnencrypted bool
	bwLogins      int
	bwLine        int
}

// report emits f once per (rule, secret).
func (s *session) report(f detectors.Finding) {
	if f.Secret == "" || s.emit == nil {
		return
	}
	k := f.Rule + "\x00" + f.Secret
	if s.seen == nil {
		s.seen = make(map[string]struct{})
	}
	if _, ok := s.seen[k]; ok {
		return
	}
	redact(&f)
	if len(s.seen) < maxSeen {
		s.seen[k] = struct{}{}
		if s.vals == nil {
			s.vals = make(map[string]struct{})
		}
		s.vals[f.Secret] = struct{}{}
	}
	s.emit(f)
}

// redact is the last guard against a value that the words around it
// quote ("AdminPAssword=ssword=*", "0PASSWORD=ASSWORD'"): when Masked or
// Detail contains the secret, they are replaced by neutral text.
func redact(f *detectors.Finding) {
	v := f.Secret
	if i := strings.LastIndexByte(v, 0); i >= 0 {
		v = v[i+1:]
	}
	if len(v) < 4 {
		return
	}
	if strings.Contains(f.Masked, v) {
		f.Masked = detectors.MaskSecret(v)
		if strings.Contains(f.Masked, v) {
			f.Masked = "********"
		}
	}

}

// reported says whether another rule already reported the value, so a
// token in a .env file is a github-token and not also a config-secret.
func (s *session) reported(v string) bool {
	_, ok := s.vals[v]
	return ok
}

// Scan implements detectors.Session.
func (s *session) Scan(block []byte, firstLine int, emit func(detectors.Finding)) {
	s.emit = emit
	defer func() { s.emit = nil }()

	// Line numbers are counted lazily, only up to where something is found.
	cntPos, cntLine := 0, firstLine
	lineAt := func(pos int) int {
		cntLine += bytes.Count(block[cntPos:pos], nl)
		cntPos = pos
		return cntLine
	}

	pos := 0
	if s.consumer != nil {
		pos = s.feed(block, 0, lineAt)
	}
	for pos < len(block) {
		// A line is handed to the matchers when it holds a keyword, with
		// the matchers of every keyword in it.
		hit := s.pf.candidate(block, pos)
		if hit < 0 {
			break
		}
		ls := bytes.LastIndexByte(block[:hit], '\n') + 1
		le := bytes.IndexByte(block[hit:], '\n')
		if le < 0 {
			le = len(block)
		} else {
			le += hit
		}
		if mask := s.pf.maskOf(block[ls:le]); mask != 0 {
			l := line{block: block, start: ls, end: le, text: block[ls:le], num: lineAt(ls)}
			for i, m := range matchers {
				if mask&(1<<uint(i)) != 0 {
					m.run(s, &l)
				}
			}
		}
		pos = le + 1
		if s.consumer != nil && pos < len(block) {
			pos = s.feed(block, pos, lineAt)
		}
	}
}

var nl = []byte{'\n'}

// feed hands lines from pos to the active consumer until it is done or the
// block ends, and returns where normal scanning resumes.
func (s *session) feed(block []byte, pos int, lineAt func(int) int) int {
	num := lineAt(pos)
	for pos < len(block) && s.consumer != nil {
		le := bytes.IndexByte(block[pos:], '\n')
		next := len(block)
		if le < 0 {
			le = len(block)
		} else {
			le += pos
			next = le + 1
		}
		if s.consumer.line(s, block[pos:le], num) {
			s.consumer = nil
		}
		pos = next
		num++
	}
	if pos < len(block) {
		lineAt(pos)
	}
	return pos
}

// Finish implements detectors.Session.
func (s *session) Finish(emit func(detectors.Finding)) {
	s.emit = emit
	defer func() { s.emit = nil }()
	if s.consumer != nil {
		s.consumer.finish(s)
		s.consumer = nil
	}
	s.flushJSONKeys()
	s.flushElements()
	s.flushBitwarden()
}
