package scanner

import (
	"time"

	"github.com/credsweep/credsweep/connectors"
	"github.com/credsweep/credsweep/detectors"
)

// Result is one finding as reported: one per (file, rule), or one per
// (file, rule, secret) for PerSecret rules. It holds no sensitive value.
type Result struct {
	Rule detectors.Rule
	// Source is the connector scheme: "local", "smb", "gdrive".
	Source string
	// Location of the file (a member of an archive included).
	Location Location
	// Section names the part of the file of the first match ("sheet
	// Elever"), empty for plain files.
	Section string
	// Line of the first match (the row, in a table section), ≥ 1.
	Line int
	// Count of distinct matches (rows, numbers, secrets).
	Count int
	// TestCount of those are synthetic test data.
	TestCount int
	// Samples are partial masks of up to three matches ("010190*****"),
	// kept only with Options.ShowSamples; never written to SARIF.
	Samples []string
	// Details describe the matches by shape and vocabulary (up to three):
	// detectors.Safe text, never a byte of the file.
	Details []string
	// Confidence is the highest of the matches.
	Confidence detectors.Confidence
	// Fingerprint is a keyed hash identifying the result across scans.
	Fingerprint string
	// Exposure is who can read the file.
	Exposure connectors.Exposure
	// Baseline is the SARIF baselineState with a state file: "new",
	// "unchanged" or "updated"; empty without one.
	Baseline string
	// NotReexamined marks a result of an earlier run for a file that
	// could not be read in this one: it stands until the file is read.
	NotReexamined bool
	// Suppression, when set, says the result is accepted (package
	// suppress): it stays in the SARIF, marked, and out of --fail-on.
	Suppression *Suppression
	// NoExposureRaise keeps the rule's level whoever can read the file.
	NoExposureRaise bool
}

// Suppression is a team's decision to accept a result.
type Suppression struct {
	Justification, Owner string
	Expires              time.Time
	// DismissedReason is GitHub's alert dismissal reason.
	DismissedReason string
}

// Acceptance is a team's decision that an item that cannot be examined is
// known (an encrypted archive kept by law): it is listed as a note and does
// not make the run incomplete.
type Acceptance struct {
	Reason, Owner string
}

// Outcome says what happened to one file.
type Outcome int

// Outcomes of a file.
const (
	// Scanned: every byte was examined.
	Scanned Outcome = iota
	// Skipped: not examined, by design (binary type with no text, a FIFO,
	// over the size limit); counted, and listed when it matters.
	Skipped
	// Partial: examined in part (a limit tripped, a member encrypted).
	Partial
	// Failed: could not be examined (access denied, I/O error, malformed).
	Failed
)

// String names the outcome.
func (o Outcome) String() string {
	return [...]string{"scanned", "skipped", "partial", "failed"}[o]
}

// Notification is a file or folder that was not (fully) examined, or an
// event worth telling the triager about.
type Notification struct {
	Location Location
	Outcome  Outcome
	// Reason in plain words: "access denied", "zip: member exceeds ...".
	Reason string
	// Dir is true for a folder or share.
	Dir bool
	// Accepted, when set, says the team knows and accepts it.
	Accepted *Acceptance
}

// Stats count the work done.
type Stats struct {
	// Files walked (top-level items that are files).
	Files int64
	// Members examined inside archives, mail and documents.
	Members int64
	Scanned int64
	Skipped int64
	Partial int64
	Failed  int64
	// Dirs that could not be walked.
	FailedDirs int64
	// Bytes read from the sources.
	Bytes int64
	// TextBytes fed to the detectors.
	TextBytes int64
	// SkipReasons counts skipped files by reason.
	SkipReasons map[string]int64
	// Kinds counts scanned files by sniffed kind.
	Kinds    map[string]int64
	Started  time.Time
	Duration time.Duration
}

// Report is everything a scan produced, ready for the report writers.
type Report struct {
	// Targets are the targets' canonical identities (no login user).
	Targets []string
	// TargetNames are the targets as the user typed them, for the terminal.
	TargetNames   []string
	Rules         []detectors.Rule
	Results       []Result
	Notifications []Notification
	Stats         Stats
	// Fatal is set when the scan stopped early.
	Fatal error
	// Memory sums up the state file's part, nil without one.
	Memory *Memory
	// Decisions sums up the suppressions applied, nil without any.
	Decisions *Decisions
}

// Decisions says what the suppressions and accepted items did in a run.
type Decisions struct {
	// Suppressed results, Accepted notifications.
	Suppressed, Accepted int
	// Expired entries (no longer applied) and Stale ones (matched nothing).
	Expired, Stale []string
}

// Incomplete reports whether some files or folders were not examined: the
// run must then not be taken as a complete picture (exit code 3).
// Accepted not-examined items do not count.
func (r *Report) Incomplete() bool {
	if r.Fatal != nil {
		return true
	}
	for _, n := range r.Notifications {
		if (n.Outcome == Failed || n.Outcome == Partial) && n.Accepted == nil {
			return true
		}
	}
	return false
}
