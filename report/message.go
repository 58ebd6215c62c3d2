package report

import (
	"fmt"
	"strings"

	"github.com/credsweep/credsweep/connectors"
	"github.com/credsweep/credsweep/detectors"
	"github.com/credsweep/credsweep/scanner"
)

// Level is the SARIF level of a result: the rule's level, lowered to note
// for synthetic test data and raised one step when the file is readable by
// everyone or by the whole organisation.
func Level(r scanner.Result) string {
	l := r.Rule.Level
	if l == "" {
		l = detectors.LevelWarning
	}
	if r.TestCount == r.Count && r.Count > 0 {
		return string(detectors.LevelNote)
	}
	if r.NoExposureRaise {
		return string(l)
	}
	switch r.Exposure.Audience {
	case connectors.AudiencePublic, connectors.AudienceOrganization:
		switch l {
		case detectors.LevelNote:
			l = detectors.LevelWarning
		case detectors.LevelWarning:
			l = detectors.LevelError
		}
	}
	return string(l)
}

func audience(e connectors.Exposure) connectors.Audience {
	if e.Audience == "" {
		return connectors.AudienceUnknown
	}
	return e.Audience
}

// Message is the human text of a result: what, how many, where (the file
// as a person would find it, and the sheet and row), who can read it, and
// masked samples. Never a value.
func Message(r scanner.Result) string {
	var b strings.Builder
	what := r.Rule.Name
	if what == "" {
		what = r.Rule.ID
	}
	if r.Rule.PerSecret {
		fmt.Fprintf(&b, "%s in %s", what, display(r.Location))
	} else {
		one, many := unit(r.Rule.ID)
		fmt.Fprintf(&b, "%s: %d %s in %s", what, r.Count, plural(r.Count, one, many), display(r.Location))
	}
	where := fmt.Sprintf("line %d", max(r.Line, 1))
	if r.Section != "" {
		if strings.HasPrefix(r.Section, "sheet ") {
			where = fmt.Sprintf("%s, row %d", r.Section, max(r.Line, 1))
		} else {
			where = r.Section + ", " + where
		}
	}
	fmt.Fprintf(&b, " (first at %s)", where)
	if r.TestCount > 0 {
		if r.TestCount == r.Count {
			b.WriteString("; synthetic test data only")
		} else {
			fmt.Fprintf(&b, "; %d of them synthetic test data", r.TestCount)
		}
	}
	b.WriteString(". ")
	b.WriteString(ExposureText(r.Exposure))
	if len(r.Details) > 0 {
		fmt.Fprintf(&b, " Detail: %s.", strings.Join(r.Details, "; "))
	}
	if r.NotReexamined {
		b.WriteString(" Not re-examined in this scan (the file could not be read): the last known result stands.")
	}
	if r.Location.Link != "" {
		fmt.Fprintf(&b, " Link: %s", r.Location.Link)
	}
	return b.String()
}

// ExposureText says in words who can read the file.
func ExposureText(e connectors.Exposure) string {
	var s string
	switch audience(e) {
	case connectors.AudiencePublic:
		s = "Readable by anyone (public)"
		if e.Discoverable {
			s += ", discoverable by search"
		}
	case connectors.AudienceOrganization:
		s = "Readable by the whole organisation"
	case connectors.AudienceRestricted:
		s = "Readable by named users and groups only"
	default:
		s = "Who can read it is unknown"
	}
	if len(e.Readers) > 0 {
		s += ": " + strings.Join(e.Readers, ", ")
	}
	if e.Owner != "" {
		s += "; owner " + e.Owner
	}
	if len(e.External) > 0 {
		s += "; outside the owner's domain: " + strings.Join(e.External, ", ")
	}
	if e.Detail != "" {
		s += " (" + e.Detail + ")"
	}
	return s + "."
}

// unit names what a rule counts, by its category.
func unit(ruleID string) (one, many string) {
	switch {
	case strings.HasPrefix(ruleID, "national-id/"):
		return "ID number", "ID numbers"
	case strings.HasPrefix(ruleID, "credentials/"):
		return "credential", "credentials"
	case strings.HasPrefix(ruleID, "secret/"):
		return "secret", "secrets"
	}
	return "match", "matches"
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
