// Package suppress applies what a team has decided about results and
// notifications: suppressions (a result that is accepted, with a reason, an
// owner and an expiry) and accepted not-examined items (a file that can
// never be read, like an encrypted archive kept by law, that must not make
// every nightly scan exit 3).
//
// A suppressed result stays in the SARIF with a SARIF suppressions entry and
// is left out of --fail-on; an expired entry stops applying and is reported;
// an entry that matched nothing this run is reported as stale.
package suppress

import (
	"bytes"
	"fmt"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/bmatcuk/doublestar/v4"
	yaml "go.yaml.in/yaml/v3"

	"github.com/credsweep/credsweep/scanner"
)

// Date is a day, written 2026-12-07.
type Date struct{ time.Time }

// UnmarshalYAML reads YYYY-MM-DD.
func (d *Date) UnmarshalYAML(n *yaml.Node) error {
	t, err := time.Parse(time.DateOnly, n.Value)
	if err != nil {
		return fmt.Errorf("line %d: %q is not a date (YYYY-MM-DD)", n.Line, n.Value)
	}
	d.Time = t
	return nil
}

// MarshalYAML writes YYYY-MM-DD.
func (d Date) MarshalYAML() (any, error) { return d.Format(time.DateOnly), nil }

// Entry is one suppression: by fingerprint, or by rule and path glob.
type Entry struct {
	// Fingerprint is a result's partialFingerprints.primaryLocationLineHash.
	Fingerprint string `yaml:"fingerprint,omitempty"`
	// Rule and Path select results by rule id (empty: any) and by a glob
	// over the result's URI as the SARIF shows it ("**" spans folders).
	Rule string `yaml:"rule,omitempty"`
	Path string `yaml:"path,omitempty"`
	// Reason is the justification written into the SARIF.
	Reason  string `yaml:"reason"`
	Owner   string `yaml:"owner"`
	Created Date   `yaml:"created"`
	Expires *Date  `yaml:"expires,omitempty"`
	// DismissedReason is GitHub's dismissal reason for upload
	// --sync-dismissals: "won't fix" (default), "false positive" or "used
	// in tests".
	DismissedReason string `yaml:"dismissed-reason,omitempty"`
	// line is where the entry is in its file, for messages.
	line int
}

// Accepted is a not-examined item a team has accepted: it stays listed as a
// note and does not make the run incomplete.
type Accepted struct {
	// Path is a glob over the item's URI.
	Path    string `yaml:"path"`
	Reason  string `yaml:"reason"`
	Owner   string `yaml:"owner"`
	Expires *Date  `yaml:"expires,omitempty"`
	line    int
}

// File is a suppressions file (credsweep-ignore.yaml), or the same lists
// inside the configuration file.
type File struct {
	Suppressions      []Entry    `yaml:"suppressions"`
	AcceptNotExamined []Accepted `yaml:"accept-not-examined,omitempty"`
}

// Load reads a suppressions file strictly: unknown keys and wrong types
// are errors with their line.
func Load(path string) (*File, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	f, err := Parse(b)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return f, nil
}

// Parse reads a suppressions document.
func Parse(b []byte) (*File, error) {
	var n yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	var f File
	if err := dec.Decode(&f); err != nil && err.Error() != "EOF" {
		return nil, err
	}
	if err := yaml.Unmarshal(b, &n); err == nil {
		lines(&n, &f)
	}
	return &f, f.Check()
}

// lines records where each entry starts, for messages.
func lines(doc *yaml.Node, f *File) {
	if len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
		return
	}
	m := doc.Content[0]
	for i := 0; i+1 < len(m.Content); i += 2 {
		seq := m.Content[i+1]
		switch m.Content[i].Value {
		case "suppressions":
			for j, e := range seq.Content {
				if j < len(f.Suppressions) {
					f.Suppressions[j].line = e.Line
				}
			}
		case "accept-not-examined":
			for j, e := range seq.Content {
				if j < len(f.AcceptNotExamined) {
					f.AcceptNotExamined[j].line = e.Line
				}
			}
		}
	}
}

// Check validates the entries: each needs a selector, a reason and an
// owner, and globs must parse.
func (f *File) Check() error {
	for _, e := range f.Suppressions {
		where := fmt.Sprintf("suppression at line %d", e.line)
		switch {
		case e.Fingerprint == "" && e.Rule == "" && e.Path == "":
			return fmt.Errorf("%s: needs a fingerprint, or a rule and/or a path", where)
		case strings.TrimSpace(e.Reason) == "":
			return fmt.Errorf("%s: needs a reason", where)
		case strings.TrimSpace(e.Owner) == "":
			return fmt.Errorf("%s: needs an owner", where)
		case e.Created.IsZero():
			return fmt.Errorf("%s: needs a created date", where)
		case e.Path != "" && !doublestar.ValidatePattern(e.Path):
			return fmt.Errorf("%s: bad path glob %q", where, e.Path)
		}
		switch e.DismissedReason {
		case "", "won't fix", "false positive", "used in tests":
		default:
			return fmt.Errorf("%s: dismissed-reason must be \"won't fix\", \"false positive\" or \"used in tests\"", where)
		}
	}
	for _, a := range f.AcceptNotExamined {
		where := fmt.Sprintf("accept-not-examined entry at line %d", a.line)
		switch {
		case a.Path == "" || !doublestar.ValidatePattern(a.Path):
			return fmt.Errorf("%s: needs a valid path glob", where)
		case strings.TrimSpace(a.Reason) == "" || strings.TrimSpace(a.Owner) == "":
			return fmt.Errorf("%s: needs a reason and an owner", where)
		}
	}
	return nil
}

// Merge adds the entries of another file.
func (f *File) Merge(o *File) {
	if o == nil {
		return
	}
	f.Suppressions = append(f.Suppressions, o.Suppressions...)
	f.AcceptNotExamined = append(f.AcceptNotExamined, o.AcceptNotExamined...)
}

// Apply marks the report's suppressed results and accepted notifications
// as of now, and records in rep.Decisions what the entries did.
func (f *File) Apply(rep *scanner.Report, now time.Time) *scanner.Decisions {
	out := &scanner.Decisions{}
	rep.Decisions = out
	used := make([]bool, len(f.Suppressions))
	for i := range rep.Results {
		if f.mark(&rep.Results[i], now, used) {
			out.Suppressed++
		}
	}
	for j, e := range f.Suppressions {
		switch {
		case e.Expires != nil && !now.Before(e.Expires.AddDate(0, 0, 1)):
			out.Expired = append(out.Expired, e.describe()+", expired "+e.Expires.Format(time.DateOnly))
		case !used[j]:
			out.Stale = append(out.Stale, e.describe())
		}
	}
	for i := range rep.Notifications {
		n := &rep.Notifications[i]
		for _, a := range f.AcceptNotExamined {
			if a.Expires != nil && !now.Before(a.Expires.AddDate(0, 0, 1)) {
				continue
			}
			if a.covers(n.Location.URI()) {
				n.Accepted = &scanner.Acceptance{Reason: a.Reason, Owner: a.Owner}
				out.Accepted++
				break
			}
		}
	}
	return out
}

// Mark sets r.Suppression from the first entry in force that matches it,
// and reports whether one did: for results streamed during the scan. Apply
// marks the same results the same way.
func (f *File) Mark(r *scanner.Result, now time.Time) bool { return f.mark(r, now, nil) }

func (f *File) mark(r *scanner.Result, now time.Time, used []bool) bool {
	r.Suppression = nil
	for j, e := range f.Suppressions {
		if !e.matches(r) {
			continue
		}
		if used != nil {
			used[j] = true
		}
		if e.Expires != nil && !now.Before(e.Expires.AddDate(0, 0, 1)) {
			continue
		}
		r.Suppression = &scanner.Suppression{Justification: e.Reason, Owner: e.Owner,
			DismissedReason: e.DismissedReason}
		if e.Expires != nil {
			r.Suppression.Expires = e.Expires.Time
		}
		return true
	}
	return false
}

// covers reports whether the entry accepts an item: its URI matches, or the
// URI of the archive it is in (accepting an archive accepts its members).
func (a Accepted) covers(uri string) bool {
	for {
		if globMatch(a.Path, uri) {
			return true
		}
		i := strings.LastIndex(uri, "!/")
		if i < 0 {
			return false
		}
		uri = uri[:i]
	}
}

func (e Entry) matches(r *scanner.Result) bool {
	if e.Fingerprint != "" && e.Fingerprint != r.Fingerprint {
		return false
	}
	if e.Rule != "" && e.Rule != r.Rule.ID {
		return false
	}
	if e.Path != "" {
		return globMatch(e.Path, r.Location.URI())
	}
	return true
}

// globMatch matches a glob against a URI as the SARIF writes it
// (percent-escaped) or as people read it: "Lønn/**" must match
// "L%C3%B8nn/2026.xlsx".
func globMatch(glob, uri string) bool {
	if ok, _ := doublestar.Match(glob, uri); ok {
		return true
	}
	clear, err := url.PathUnescape(uri)
	if err != nil || clear == uri {
		return false
	}
	ok, _ := doublestar.Match(glob, clear)
	return ok
}

func (e Entry) describe() string {
	var parts []string
	if e.line > 0 {
		parts = append(parts, fmt.Sprintf("line %d", e.line))
	}
	if e.Fingerprint != "" {
		parts = append(parts, "fingerprint "+e.Fingerprint)
	}
	if e.Rule != "" {
		parts = append(parts, "rule "+e.Rule)
	}
	if e.Path != "" {
		parts = append(parts, "path "+e.Path)
	}
	return strings.Join(parts, ", ") + " (owner " + e.Owner + ")"
}

// Baseline writes an entry for every result: a new installation is then
// told only of what is new.
func Baseline(results []scanner.Result, owner string, today time.Time) *File {
	f := &File{}
	seen := map[string]bool{}
	for _, r := range results {
		if seen[r.Fingerprint] {
			continue
		}
		seen[r.Fingerprint] = true
		f.Suppressions = append(f.Suppressions, Entry{Fingerprint: r.Fingerprint, Rule: r.Rule.ID,
			Reason: "baseline: present when credsweep was installed; review and remove", Owner: owner,
			Created: Date{today}})
	}
	return f
}

// Write writes the file as YAML.
func (f *File) Write(path string) error {
	b, err := yaml.Marshal(f)
	if err != nil {
		return err
	}
	head := "# credsweep suppressions: each entry needs a reason and an owner; add expires: YYYY-MM-DD.\n"
	return os.WriteFile(path, append([]byte(head), b...), 0o644)
}
