package scanner

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"regexp"
	"strings"

	"github.com/credsweep/credsweep/detectors"
	"github.com/credsweep/credsweep/detectors/nationalid"
)

// Names of files, folders, archive members and sheets hold values too:
// scanned documents are named by fødselsnummer ("skanning/15038510190.pdf"),
// and people name files "passord=Sommer2018!.txt". The collector masks every
// name before any report sees it, and reports the names that hold a value.
// This file is the one place a name is masked.

// nameHit is a value found in a name.
type nameHit struct {
	rule string
	// secret identifies the value for counting and fingerprints; it never
	// leaves the collector.
	secret     string
	confidence detectors.Confidence
	// report is false for readings that are masked but not reported (a
	// date-valid Danish number without the old checksum).
	report bool
}

// maskedName is a name with its values replaced by tags.
type maskedName struct {
	text string
	hits []nameHit
	// repl maps each value found to its tag, to mask the same value in
	// longer strings (the display path, a reason).
	repl []string // old, new, old, new, …
}

// nameMasker masks names. It is used by the collector goroutine only.
type nameMasker struct {
	key       []byte
	detectors []detectors.Detector
	cache     map[string]*maskedName
}

// maxNameCache bounds the memory of masked names kept for folders that
// repeat in every path below them.
const maxNameCache = 4096

func newNameMasker(key []byte, dets []detectors.Detector) *nameMasker {
	return &nameMasker{key: key, detectors: dets, cache: map[string]*maskedName{}}
}

// tagNames are the words of the tags, by rule family.
var tagNames = map[string]string{
	nationalid.RuleNO: "fødselsnummer",
	nationalid.RuleSE: "personnummer",
	nationalid.RuleDK: "cpr",
	nationalid.RuleFI: "hetu",
	nationalid.RuleIS: "kennitala",
	nationalid.RuleEE: "isikukood",
}

// tag is the replacement of a value: "[fødselsnummer-3f9a1c2b]", keyed with
// the fingerprint key so two names stay distinct and the tag reveals
// nothing without the key.
func (m *nameMasker) tag(rule, value string) string {
	word, ok := tagNames[rule]
	switch {
	case ok:
	case strings.HasPrefix(rule, "credentials/"):
		word = "password"
	case strings.HasPrefix(rule, "user"):
		word = "user"
	default:
		word = "secret"
	}
	mac := hmac.New(sha256.New, m.key)
	mac.Write([]byte("name\x00" + value))
	return "[" + word + "-" + hex.EncodeToString(mac.Sum(nil)[:4]) + "]"
}

// mask masks one name (a path segment, a member or sheet name).
func (m *nameMasker) mask(name string) *maskedName {
	if r, ok := m.cache[name]; ok {
		return r
	}
	r := m.compute(name)
	if len(m.cache) >= maxNameCache {
		clear(m.cache)
	}
	m.cache[name] = r
	return r
}

// compute masks one name without the cache: safe from any goroutine.
func (m *nameMasker) compute(name string) *maskedName {
	r := &maskedName{text: name}
	m.maskIDs(r)
	if strings.IndexByte(name, '@') > 0 {
		m.maskEmails(r)
	}
	if strings.ContainsAny(name, "=:") || longRun(name) >= 16 {
		m.maskValues(r, name)
	}
	return r
}

// emailAddress is a mail address in a name: a Drive user's My Drive, a
// file named after a person.
var emailAddress = regexp.MustCompile(`[A-Za-z0-9._%+\-]+@((?:[A-Za-z0-9\-]+\.)+[A-Za-z]{2,})`)

// maskEmails replaces the person's part of every mail address with a
// keyed tag and keeps the domain (the organisation, not a person).
func (m *nameMasker) maskEmails(r *maskedName) {
	r.text = emailAddress.ReplaceAllStringFunc(r.text, func(addr string) string {
		at := strings.LastIndexByte(addr, '@')
		t := m.tag("user", strings.ToLower(addr[:at]))
		r.repl = append(r.repl, addr[:at+1], t+"@")
		return t + addr[at:]
	})
}

// maskIDs replaces every token that reads as a national ID number.
func (m *nameMasker) maskIDs(r *maskedName) {
	s := r.text
	var b strings.Builder
	last := 0
	for i := 0; i < len(s); {
		if !isDigit(s[i]) || i > 0 && isDigit(s[i-1]) {
			i++
			continue
		}
		j := idCandidateEnd(s, i)
		found := false
		// The whole candidate ("010190-12345"), then its digit runs.
		for _, span := range candidateSpans(s, i, j) {
			tok := s[span[0]:span[1]]
			rd, ok := nationalid.InName(tok)
			if !ok {
				continue
			}
			t := m.tag(rd.Rule, digitsOnly(tok))
			b.WriteString(s[last:span[0]])
			b.WriteString(t)
			last = span[1]
			r.repl = append(r.repl, tok, t)
			r.hits = append(r.hits, nameHit{rule: rd.Rule, secret: digitsOnly(tok), confidence: detectors.ConfidenceMedium, report: rd.Checked})
			found = true
			i = span[1]
			break
		}
		if !found {
			i = j
		}
	}
	if last > 0 {
		b.WriteString(s[last:])
		r.text = b.String()
	}
}

// idCandidateEnd extends a candidate from a digit at i: digit groups joined
// by one separator, and a trailing HETU check letter.
func idCandidateEnd(s string, i int) int {
	j := i
	seps := 0
	for j < len(s) {
		switch c := s[j]; {
		case isDigit(c):
			j++
		case seps == 0 && j+1 < len(s) && isDigit(s[j+1]) && strings.IndexByte("-+ ABCDEFUVWXYabcdefuvwxy", c) >= 0:
			seps++
			j++
		case seps == 1 && isLetter(c) && (j+1 == len(s) || !isLetter(s[j+1])):
			return j + 1
		default:
			return j
		}
	}
	return j
}

// candidateSpans lists the candidate itself, then each of its digit runs.
func candidateSpans(s string, i, j int) [][2]int {
	spans := [][2]int{{i, j}}
	for k := i; k < j; {
		if !isDigit(s[k]) {
			k++
			continue
		}
		e := k
		for e < j && isDigit(s[e]) {
			e++
		}
		if e-k != j-i {
			spans = append(spans, [2]int{k, e})
		}
		k = e
	}
	return spans
}

// maskValues runs the detectors over a name as if it were one line of text
// and masks what they find in it (the password of "passord=Sommer2018!",
// a token). National IDs are maskIDs' work.
func (m *nameMasker) maskValues(r *maskedName, name string) {
	text := name
	if d := strings.LastIndexByte(text, '.'); d > 0 && len(text)-d <= 6 {
		text = text[:d] // "…=Sommer2018!.txt": the extension is not the value
	}
	var fs []detectors.Finding
	emit := func(f detectors.Finding) {
		if !strings.HasPrefix(f.Rule, "national-id/") {
			fs = append(fs, f)
		}
	}
	line := []byte(text + "\n")
	for _, d := range m.detectors {
		s := d.NewSession(detectors.Section{File: text})
		s.Scan(line, 1, emit)
		s.Finish(emit)
	}
	for _, f := range fs {
		located := false
		for k, part := range strings.Split(f.Secret, "\x00") {
			if len(part) < 3 || !strings.Contains(r.text, part) {
				continue
			}
			rule := f.Rule
			if k == 0 && strings.Contains(f.Secret, "\x00") {
				rule = "user"
			}
			t := m.tag(rule, part)
			r.text = strings.ReplaceAll(r.text, part, t)
			r.repl = append(r.repl, part, t)
			located = true
		}
		if !located {
			// The value is normalised beyond recognition: hide the whole name.
			t := m.tag(f.Rule, f.Secret)
			r.repl = append(r.repl, r.text, t)
			r.text = t
		}
		r.hits = append(r.hits, nameHit{rule: f.Rule, secret: f.Secret, confidence: f.Confidence, report: true})
	}
}

// maskText masks a longer string (a display path, a reason) with the
// replacements of its names, then masks any ID token left in it.
func (m *nameMasker) maskText(s string, repl []string) string {
	if len(repl) > 0 {
		s = strings.NewReplacer(repl...).Replace(s)
	}
	r := &maskedName{text: s}
	m.maskIDs(r)
	return r.text
}

// maskDisplay masks a display location, leaving alone its first part up
// to the item's relative path: the target's root as the user gave it,
// which the SARIF category already names (and masking a random digit run
// of a temp dir's name would make one scan's locations depend on luck).
func (m *nameMasker) maskDisplay(display, rel string, repl []string) string {
	i := rootEnd(display, rel)
	if i < 0 {
		// The display form is not the root and the item's path (a Drive
		// item's path is its id, its display the folder names): mask
		// every segment of it.
		return m.maskText(m.maskPath(display), repl)
	}
	return display[:i] + m.maskText(display[i:], repl)
}

// maskLogPath is maskDisplay for a log line or the progress bar, which
// show a file before its outcome's names are known: every segment below
// the root is masked, each by mask (m.mask, or m.compute off the
// collector's goroutine).
func (m *nameMasker) maskLogPath(display, rel string, mask func(string) *maskedName) string {
	i := max(rootEnd(display, rel), 0)
	return display[:i] + maskSegments(display[i:], mask)
}

// rootEnd is where the item's relative path starts in its display form:
// 0 when there is no relative path, -1 when the display form does not
// hold it.
func rootEnd(display, rel string) int {
	head := display
	if i := strings.IndexByte(head, '!'); i >= 0 {
		head = head[:i]
	}
	if rel == "" || rel == "." {
		return 0
	}
	return strings.LastIndex(head, rel)
}

// maskPath masks every segment of a path (for logs, before an outcome is
// redacted).
func (m *nameMasker) maskPath(p string) string { return maskSegments(p, m.mask) }

func maskSegments(p string, mask func(string) *maskedName) string {
	var b strings.Builder
	start := 0
	for i := 0; i <= len(p); i++ {
		if i < len(p) && p[i] != '/' && p[i] != '\\' {
			continue
		}
		b.WriteString(mask(p[start:i]).text)
		if i < len(p) {
			b.WriteByte(p[i])
		}
		start = i + 1
	}
	return b.String()
}

func longRun(s string) int {
	best, n := 0, 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if isDigit(c) || isLetter(c) || c == '_' || c == '-' {
			n++
			best = max(best, n)
		} else {
			n = 0
		}
	}
	return best
}

// digitsOnly is a token without separators, letters upper-cased: the
// identity of an ID number however it was written.
func digitsOnly(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case isDigit(c):
			b.WriteByte(c)
		case isLetter(c):
			b.WriteByte(c &^ 0x20)
		}
	}
	return b.String()
}

func isDigit(c byte) bool  { return c >= '0' && c <= '9' }
func isLetter(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }

// folderHit is a value in the name of a folder above a file: reported once
// per folder by the collector.
type folderHit struct {
	// key identifies the folder (namespace and real path) for the
	// collector's once-only check; it never leaves the collector.
	key string
	loc Location
	hit nameHit
}

// Regions of a name finding, for the report.
const (
	regionFileName   = "file name"
	regionFolderName = "folder name"
	regionMemberName = "member name"
	regionSheetName  = "sheet name"
)

// redact masks every name of an outcome (path segments, members, section
// names, the display form and reasons) and turns the values found in names
// into findings. It reports whether any name finding was made, so that the
// worker reads who can access the file.
func (m *nameMasker) redact(s *Scanner, o *fileOutcome) bool {
	found := false
	segs := strings.Split(o.item.Path, "/")
	masked := make([]string, len(segs))
	var pathRepl []string
	for k, seg := range segs {
		r := m.mask(seg)
		masked[k] = r.text
		pathRepl = append(pathRepl, r.repl...)
		last := k == len(segs)-1
		for _, h := range r.hits {
			if !h.report || last {
				continue
			}
			found = true
			dir := strings.Join(masked[:k+1], "/")
			o.folderHits = append(o.folderHits, folderHit{
				key: o.target.namespace() + "\x00" + strings.Join(segs[:k+1], "/"),
				loc: Location{Path: dir, Display: cutAfter(m.maskDisplay(o.item.Display, o.item.Path, pathRepl), r.text)},
				hit: h,
			})
		}
	}
	top := m.mask(segs[len(segs)-1])
	maskedPath := strings.Join(masked, "/")
	for i, a := range o.artifacts {
		a.members = a.loc.Members
		repl := pathRepl
		own := top
		region := regionFileName
		if a.dir {
			region = regionFolderName
		}
		if len(a.loc.Members) > 0 {
			ms := make([]string, len(a.loc.Members))
			for k, name := range a.loc.Members {
				r := m.mask(name)
				ms[k] = r.text
				repl = append(repl, r.repl...)
				own = r
			}
			region = regionMemberName
			a.loc.Members = ms
		} else if i > 0 {
			own = nil
		}
		if own != nil {
			for _, h := range own.hits {
				if h.report {
					a.addName(s, region, h)
					found = true
				}
			}
		}
		for _, k := range a.order {
			g := a.agg[k]
			if g.section == "" || k.region != "" {
				continue
			}
			r := m.mask(strings.TrimPrefix(g.section, "sheet "))
			if r.text == strings.TrimPrefix(g.section, "sheet ") {
				continue
			}
			g.section = m.maskText(g.section, r.repl)
			for _, h := range r.hits {
				if h.report {
					a.addName(s, regionSheetName, h)
					found = true
				}
			}
		}
		if s.opt.ShowSamples {
			a.loc.Clear = a.loc.Display
		}
		a.loc.Path = maskedPath
		a.loc.Display = m.maskDisplay(a.loc.Display, o.item.Path, repl)
		a.reason = m.maskText(a.reason, repl)
	}
	return found
}

// cutAfter cuts s after the last occurrence of seg: the display form of a
// folder from the display form of a file in it.
func cutAfter(s, seg string) string {
	if i := strings.LastIndex(s, seg); i >= 0 {
		return s[:i+len(seg)]
	}
	return s
}
