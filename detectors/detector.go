// Package detectors defines how credsweep recognises sensitive data in text.
//
// A Detector owns one family of rules (national IDs, credentials, secrets).
// It imports nothing from the rest of credsweep: it sees decoded UTF-8 text
// and reports Findings; the scanner decides what a finding becomes in a report.
package detectors

// Level is the SARIF level of a rule's results.
type Level string

// SARIF levels, lowest to highest.
const (
	LevelNote    Level = "note"
	LevelWarning Level = "warning"
	LevelError   Level = "error"
)

// Rule describes one kind of finding. Rules are stable: their ID is what
// GitHub code scanning keys alerts on, so never rename one.
type Rule struct {
	// ID is "<category>/<name>": national-id/…, credentials/…, secret/….
	ID string
	// Name is a short title, e.g. "Norwegian fødselsnummer".
	Name string
	// Short and Full are SARIF shortDescription and fullDescription.
	Short string
	Full  string
	// Help is plain text and HelpMarkdown markdown: what it is, why it
	// matters, what to do.
	Help         string
	HelpMarkdown string
	// Severity is the SARIF security-severity, in (0, 10].
	Severity float64
	// Level is the default SARIF level.
	Level Level
	// Tags go to properties.tags; the report adds "security".
	Tags []string
	// PerSecret rules (keys, tokens) give one result per distinct secret
	// in a file; the others give one result per (file, rule) whose count
	// is the number of distinct matches.
	PerSecret bool
	// Samples are synthetic true and false positives of the rule, as whole
	// files: the rule's documentation by example, and test data that runs
	// through the whole scanner (cmd/credsweep/rules_samples_test.go).
	// Every rule has at least one of each.
	Samples []Sample
}

// Sample is a small synthetic file a rule must report (Positive) or must
// not report. Values are documented example keys and published test
// numbers, never real secrets.
type Sample struct {
	// File is the file name to save it under ("Groups.xml", ".env",
	// "elever.csv"): detectors use names as hints.
	File string
	// Text is the file's content (bytes, for binary formats).
	Text string
	// Positive is true when the file must give a result of the rule;
	// false when it must not.
	Positive bool
	// Others are the rules of other families the same file rightly gives
	// too (a token in a URL that also carries a password); beyond them a
	// sample must give no result.
	Others []string
}

// TP and FP build samples.
func TP(file, text string) Sample { return Sample{File: file, Text: text, Positive: true} }

// FP builds a false-positive sample: a file that must give no result.
func FP(file, text string) Sample { return Sample{File: file, Text: text} }

// Confidence says how sure a detector is that a match is what it claims.
type Confidence int

// Confidence levels.
const (
	ConfidenceLow Confidence = iota + 1
	ConfidenceMedium
	ConfidenceHigh
)

// String returns "low", "medium" or "high".
func (c Confidence) String() string {
	switch c {
	case ConfidenceHigh:
		return "high"
	case ConfidenceMedium:
		return "medium"
	case ConfidenceLow:
		return "low"
	}
	return "unknown"
}

// Finding is one match. Secret holds the sensitive value and must never be
// printed, logged or written anywhere: the scanner uses it only to count
// distinct matches and, keyed, to fingerprint per-secret results.
type Finding struct {
	// Rule is the Rule.ID this finding belongs to.
	Rule string
	// Line is the 1-based line within the section (a sheet's row number
	// when the section is a table).
	Line int
	// Secret is the normalised sensitive value (an ID without separators,
	// a key, a "user\x00password" pair). Required: distinct Secrets are
	// what a result counts.
	Secret string
	// Masked is a partial mask such as "010190*****": it reveals part of
	// the value, so it is shown only on request (--show-samples), in the
	// terminal and the JSON output, never in SARIF or state.
	Masked string
	// Count, when > 1, says this finding stands for Count items (the rows
	// of a password table). Otherwise it is one item identified by Secret.
	Count int
	// Detail says what was matched by its shape and the vocabulary that
	// matched ("columns 'brukernavn' + 'passord'", "both control digits
	// valid"): never a byte of the file, never a length.
	Detail Safe
	// Confidence of the match.
	Confidence Confidence
	// TestData marks synthetic test numbers (NAV Dolly, Skatteetaten
	// Tenor): reported at note level.
	TestData bool
}

// Section is a run of text the scanner feeds to a Session: a plain text
// file, one sheet of a workbook, the body of a mail, a document's text.
type Section struct {
	// File is the file's path as the user knows it; detectors may use its
	// base name and extension as a hint (".env.example", "Groups.xml").
	File string
	// Name labels the part within the file ("sheet Elever", "body"); empty
	// for a plain file.
	Name string
	// Table is true when the extractor wrote a table: one row per line,
	// cells separated by tabs, no quoting.
	Table bool
}

// Detector finds one family of sensitive data. Implementations must be safe
// for concurrent use: all per-file state lives in the Sessions they create.
type Detector interface {
	// Rules lists every rule this detector can report.
	Rules() []Rule
	// NewSession starts reading one section.
	NewSession(s Section) Session
}

// Session reads one section of text and reports what it finds. A Session
// is used by one goroutine at a time.
type Session interface {
	// Scan receives consecutive blocks of the section. A block is UTF-8
	// text (other encodings already decoded; in a stream that was valid
	// UTF-8 for its first 2 MiB a later stray byte may pass through, so
	// never assume validity for safety), holds whole lines ending
	// in "\n" (CR removed), and firstLine is the 1-based number of its first
	// line. A line longer than the scanner's limit is cut; the cut piece's
	// continuation starts the next block with the same line number and a
	// short overlap, so a match may be reported twice: Secrets deduplicate.
	// The block is only valid during the call: copy what you keep.
	Scan(block []byte, firstLine int, emit func(Finding))
	// Finish is called once after the last block, for detectors that
	// report at the end (tables).
	Finish(emit func(Finding))
}

// BinaryDetector is implemented by detectors that recognise whole files by
// their bytes (KeePass databases, PKCS#12 files), which are never decoded as
// text. The scanner calls DetectBinary once for every file and archive
// member that is not plain text, with its first bytes (up to 64 KiB),
// before extracting it.
type BinaryDetector interface {
	DetectBinary(name string, head []byte, emit func(Finding))
}

// EngineVersion is the version of the detection logic as a whole: bump it
// whenever a change may find more, fewer or other matches in the same text,
// so that nightly scans with state examine every file again once.
const EngineVersion = 2
