package report

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"github.com/credsweep/credsweep/connectors"
	"github.com/credsweep/credsweep/detectors"
	"github.com/credsweep/credsweep/scanner"
)

// Meta describes the run for the report headers.
type Meta struct {
	// ToolVersion is credsweep's version.
	ToolVersion string
	// Category groups uploads in GitHub code scanning: the latest upload
	// of a category defines its open alerts. Default: "credsweep/" and the
	// targets.
	Category string
}

const (
	toolName = "credsweep" // GitHub keys alerts on it: never change it
	toolURI  = "https://github.com/credsweep/credsweep"
	schema   = "https://json.schemastore.org/sarif-2.1.0.json"
)

// The SARIF 2.1.0 subset credsweep writes.
type (
	sarifLog struct {
		Schema  string     `json:"$schema"`
		Version string     `json:"version"`
		Runs    []sarifRun `json:"runs"`
	}
	sarifRun struct {
		Tool              sarifTool          `json:"tool"`
		AutomationDetails *sarifAutomation   `json:"automationDetails,omitempty"`
		Invocations       []sarifInvocation  `json:"invocations"`
		Results           []sarifResult      `json:"results"`
		Properties        map[string]any     `json:"properties,omitempty"`
		OriginalURIBase   map[string]sarifAL `json:"originalUriBaseIds,omitempty"`
	}
	sarifTool struct {
		Driver sarifDriver `json:"driver"`
	}
	sarifDriver struct {
		Name            string      `json:"name"`
		Version         string      `json:"version,omitempty"`
		SemanticVersion string      `json:"semanticVersion,omitempty"`
		InformationURI  string      `json:"informationUri"`
		Rules           []sarifRule `json:"rules"`
	}
	sarifRule struct {
		ID                   string         `json:"id"`
		Name                 string         `json:"name"`
		ShortDescription     sarifText      `json:"shortDescription"`
		FullDescription      sarifText      `json:"fullDescription"`
		Help                 sarifHelp      `json:"help"`
		DefaultConfiguration sarifConfig    `json:"defaultConfiguration"`
		Properties           map[string]any `json:"properties"`
	}
	sarifText struct {
		Text string `json:"text"`
	}
	sarifHelp struct {
		Text     string `json:"text"`
		Markdown string `json:"markdown"`
	}
	sarifConfig struct {
		Level string `json:"level"`
	}
	sarifAutomation struct {
		ID string `json:"id"`
	}
	sarifInvocation struct {
		ExecutionSuccessful        bool                `json:"executionSuccessful"`
		StartTimeUTC               string              `json:"startTimeUtc"`
		EndTimeUTC                 string              `json:"endTimeUtc"`
		ToolExecutionNotifications []sarifNotification `json:"toolExecutionNotifications,omitempty"`
		Properties                 map[string]any      `json:"properties,omitempty"`
	}
	sarifNotification struct {
		Level      string          `json:"level"`
		Message    sarifText       `json:"message"`
		Locations  []sarifLocation `json:"locations,omitempty"`
		Descriptor *sarifDesc      `json:"descriptor,omitempty"`
		Properties map[string]any  `json:"properties,omitempty"`
	}
	sarifDesc struct {
		ID string `json:"id"`
	}
	sarifResult struct {
		RuleID              string             `json:"ruleId"`
		RuleIndex           int                `json:"ruleIndex"`
		Level               string             `json:"level"`
		BaselineState       string             `json:"baselineState,omitempty"`
		Message             sarifText          `json:"message"`
		Locations           []sarifLocation    `json:"locations"`
		PartialFingerprints map[string]string  `json:"partialFingerprints"`
		Suppressions        []sarifSuppression `json:"suppressions,omitempty"`
		Properties          map[string]any     `json:"properties"`
	}
	sarifSuppression struct {
		Kind          string         `json:"kind"`
		Status        string         `json:"status"`
		Justification string         `json:"justification"`
		Properties    map[string]any `json:"properties,omitempty"`
	}
	sarifLocation struct {
		PhysicalLocation sarifPhysical `json:"physicalLocation"`
	}
	sarifPhysical struct {
		ArtifactLocation sarifAL      `json:"artifactLocation"`
		Region           *sarifRegion `json:"region,omitempty"`
	}
	sarifAL struct {
		URI string `json:"uri"`
	}
	sarifRegion struct {
		StartLine int `json:"startLine"`
	}
)

// SARIF writes the report as a SARIF 2.1.0 log that GitHub code scanning
// accepts: one run, rules sorted by id, results and notifications in a
// deterministic order.
func SARIF(w io.Writer, rep *scanner.Report, meta Meta) error {
	index := map[string]int{}
	rules := make([]sarifRule, 0, len(rep.Rules))
	for i, r := range rep.Rules {
		index[r.ID] = i
		rules = append(rules, sarifRuleOf(r))
	}
	kept, dropped := keepForGitHub(rep.Results)
	results := make([]sarifResult, 0, len(kept))
	for _, r := range kept {
		i, ok := index[r.Rule.ID]
		if !ok {
			index[r.Rule.ID] = len(rules)
			i = len(rules)
			rules = append(rules, sarifRuleOf(r.Rule))
		}
		results = append(results, sarifResultOf(r, i))
	}
	inv := sarifInvocation{
		ExecutionSuccessful: !rep.Incomplete() && dropped == 0,
		StartTimeUTC:        rep.Stats.Started.UTC().Format(time.RFC3339),
		EndTimeUTC:          rep.Stats.Started.Add(rep.Stats.Duration).UTC().Format(time.RFC3339),
		Properties:          statsProperties(rep),
	}
	if rep.Fatal != nil {
		inv.ToolExecutionNotifications = append(inv.ToolExecutionNotifications, sarifNotification{
			Level: "error", Message: sarifText{Text: "The scan stopped early: " + rep.Fatal.Error()},
			Descriptor: &sarifDesc{ID: "scan-aborted"}})
	}
	if dropped > 0 {
		inv.ToolExecutionNotifications = append(inv.ToolExecutionNotifications, sarifNotification{
			Level: "error", Descriptor: &sarifDesc{ID: "results-truncated"},
			Message: sarifText{Text: fmt.Sprintf("%d results of lowest severity were left out: GitHub code scanning accepts at most %d results per run. Scan the share in parts (one target per run, each with its own --category) or use --format json for the full list.", dropped, MaxResults)}})
	}
	inv.ToolExecutionNotifications = append(inv.ToolExecutionNotifications, notificationsOf(rep.Notifications)...)
	category := meta.Category
	if category == "" {
		category = DefaultCategory(rep.Targets)
	}
	log := sarifLog{Schema: schema, Version: "2.1.0", Runs: []sarifRun{{
		Tool: sarifTool{Driver: sarifDriver{Name: toolName, Version: meta.ToolVersion,
			SemanticVersion: semver(meta.ToolVersion), InformationURI: toolURI, Rules: rules}},
		AutomationDetails: &sarifAutomation{ID: strings.TrimSuffix(category, "/") + "/" + rep.Stats.Started.UTC().Format("20060102T150405Z")},
		Invocations:       []sarifInvocation{inv},
		Results:           results,
	}}}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(log)
}

// MaxResults is the most results GitHub code scanning accepts in one run.
const MaxResults = 25000

// keepForGitHub keeps at most MaxResults results, the most severe first,
// in their original order, and says how many were left out.
func keepForGitHub(results []scanner.Result) ([]scanner.Result, int) {
	if len(results) <= MaxResults {
		return results, 0
	}
	order := make([]int, len(results))
	for i := range order {
		order[i] = i
	}
	rank := map[string]int{"error": 3, "warning": 2, "note": 1}
	sort.SliceStable(order, func(a, b int) bool {
		ra, rb := results[order[a]], results[order[b]]
		if la, lb := rank[Level(ra)], rank[Level(rb)]; la != lb {
			return la > lb
		}
		return ra.Rule.Severity > rb.Rule.Severity
	})
	keep := order[:MaxResults]
	sort.Ints(keep)
	out := make([]scanner.Result, 0, MaxResults)
	for _, i := range keep {
		out = append(out, results[i])
	}
	return out, len(results) - MaxResults
}

// DefaultCategory names the scanned targets by their canonical identities
// ("file:///srv/share", "smb://fs01/skole"), so that nightly scans of two
// shares keep separate alert sets in GitHub, and the same share keeps its
// set however it is typed and whoever logs on. A long list is cut and a
// digest of the whole keeps it unique.
func DefaultCategory(identities []string) string {
	t := make([]string, 0, len(identities))
	for _, id := range identities {
		scheme, rest, ok := strings.Cut(id, "://")
		if ok {
			id = scheme + "/" + strings.TrimLeft(rest, "/")
		}
		t = append(t, strings.Trim(id, "/"))
	}
	sort.Strings(t)
	c := strings.Join(t, "+")
	r := strings.NewReplacer("\\", "/", " ", "_", "@", "_at_", ";", "_")
	c = r.Replace(c)
	if len(c) > 120 {
		sum := sha256.Sum256([]byte(c))
		c = c[:100] + "-" + hex.EncodeToString(sum[:6])
	}
	return "credsweep/" + c
}

func semver(v string) string {
	v = strings.TrimPrefix(v, "v")
	if v == "" || strings.ContainsAny(v, " ()") {
		return ""
	}
	return v
}

func sarifRuleOf(r detectors.Rule) sarifRule {
	tags := []string{"security"}
	for _, t := range r.Tags {
		if t != "security" {
			tags = append(tags, t)
		}
	}
	level := string(r.Level)
	if level == "" {
		level = "warning"
	}
	name := r.Name
	if name == "" {
		name = r.ID
	}
	return sarifRule{
		ID: r.ID, Name: name,
		ShortDescription:     sarifText{Text: nonEmpty(r.Short, name)},
		FullDescription:      sarifText{Text: nonEmpty(r.Full, r.Short, name)},
		Help:                 sarifHelp{Text: nonEmpty(r.Help, r.Full, name), Markdown: nonEmpty(r.HelpMarkdown, r.Help, name)},
		DefaultConfiguration: sarifConfig{Level: level},
		Properties: map[string]any{
			"tags":              tags,
			"precision":         "high",
			"security-severity": fmt.Sprintf("%.1f", clampSeverity(r.Severity)),
		},
	}
}

func clampSeverity(s float64) float64 {
	switch {
	case s <= 0:
		return 0.1
	case s > 10:
		return 10
	}
	return s
}

func nonEmpty(s ...string) string {
	for _, x := range s {
		if strings.TrimSpace(x) != "" {
			return x
		}
	}
	return "-"
}

func sarifResultOf(r scanner.Result, ruleIndex int) sarifResult {
	props := map[string]any{
		"count":      r.Count,
		"source":     r.Source,
		"location":   display(r.Location),
		"confidence": r.Confidence.String(),
		"exposure":   string(audience(r.Exposure)),
	}
	if r.TestCount > 0 {
		props["testDataCount"] = r.TestCount
	}
	if len(r.Details) > 0 {
		props["details"] = r.Details
	}
	if r.Section != "" {
		props["section"] = r.Section
	}
	if r.Exposure.Owner != "" {
		props["owner"] = r.Exposure.Owner
	}
	if len(r.Exposure.Readers) > 0 {
		props["readers"] = r.Exposure.Readers
	}
	if len(r.Exposure.External) > 0 {
		props["external"] = r.Exposure.External
	}
	if r.Exposure.Audience == connectors.AudiencePublic {
		props["discoverable"] = r.Exposure.Discoverable
	}
	if r.Location.Link != "" {
		props["webViewLink"] = r.Location.Link
	}
	if r.NotReexamined {
		props["notReexamined"] = true
	}
	var sup []sarifSuppression
	if s := r.Suppression; s != nil {
		sp := map[string]any{"owner": s.Owner}
		if !s.Expires.IsZero() {
			sp["expires"] = s.Expires.Format(time.DateOnly)
		}
		if s.DismissedReason != "" {
			sp["dismissedReason"] = s.DismissedReason
		}
		sup = []sarifSuppression{{Kind: "external", Status: "accepted", Justification: s.Justification, Properties: sp}}
	}
	return sarifResult{
		Suppressions:  sup,
		RuleID:        r.Rule.ID,
		RuleIndex:     ruleIndex,
		Level:         Level(r),
		BaselineState: r.Baseline,
		Message:       sarifText{Text: Message(r)},
		Locations: []sarifLocation{{PhysicalLocation: sarifPhysical{
			ArtifactLocation: sarifAL{URI: URI(r.Location)},
			Region:           &sarifRegion{StartLine: max(r.Line, 1)},
		}}},
		PartialFingerprints: map[string]string{"primaryLocationLineHash": r.Fingerprint},
		Properties:          props,
	}
}

// MaxNotificationsPerReason is how many files SARIF lists for one kind of
// notification and one reason; the rest are counted in one more
// notification, so a share of 300,000 scanned PDFs stays within GitHub's
// 10 MB. The JSON and text outputs list every file.
const MaxNotificationsPerReason = 100

// notificationsOf lists the notifications, at most
// MaxNotificationsPerReason per outcome and reason class.
func notificationsOf(notes []scanner.Notification) []sarifNotification {
	type class struct {
		outcome scanner.Outcome
		dir     bool
		reason  string
	}
	counts := map[class]int{}
	var order []class
	var out []sarifNotification
	for _, n := range notes {
		c := class{n.Outcome, n.Dir, reasonClass(n.Reason)}
		counts[c]++
		if counts[c] == 1 {
			order = append(order, c)
		}
		if counts[c] <= MaxNotificationsPerReason {
			out = append(out, sarifNotificationOf(n))
		}
	}
	for _, c := range order {
		if extra := counts[c] - MaxNotificationsPerReason; extra > 0 {
			n := sarifNotificationOf(scanner.Notification{Outcome: c.outcome, Dir: c.dir, Reason: c.reason})
			n.Locations = nil
			n.Message.Text = fmt.Sprintf("%d more %s for the same reason (%s) are not listed here: GitHub limits the size of a SARIF file. The JSON output (--format json) lists every one.",
				extra, plural(extra, "file", "files"), c.reason)
			n.Properties["count"] = extra
			out = append(out, n)
		}
	}
	return out
}

// reasonClass groups reasons that differ only in figures ("larger than
// --max-file-size (5.1 GiB > 4.0 GiB)").
func reasonClass(reason string) string {
	if i := strings.Index(reason, " ("); i > 0 && strings.HasPrefix(reason, "larger than") {
		return reason[:i]
	}
	return reason
}

func sarifNotificationOf(n scanner.Notification) sarifNotification {
	level, id := "error", "file-failed"
	what := "could not be examined"
	switch {
	case n.Dir && n.Outcome == scanner.Failed:
		id, what = "folder-failed", "folder could not be walked"
	case n.Outcome == scanner.Partial:
		level, id, what = "warning", "file-partial", "was not fully examined"
	case n.Outcome == scanner.Skipped:
		level, id, what = "note", "file-skipped", "was skipped"
	}
	props := map[string]any{"outcome": n.Outcome.String(), "reason": n.Reason}
	if a := n.Accepted; a != nil {
		level, id = "note", "accepted-not-examined"
		what += " (accepted: " + a.Reason + "; owner " + a.Owner + ")"
		props["accepted"] = map[string]any{"reason": a.Reason, "owner": a.Owner}
	}
	return sarifNotification{
		Level:      level,
		Message:    sarifText{Text: fmt.Sprintf("%s %s: %s", display(n.Location), what, nonEmpty(n.Reason, "no reason given"))},
		Locations:  []sarifLocation{{PhysicalLocation: sarifPhysical{ArtifactLocation: sarifAL{URI: URI(n.Location)}}}},
		Descriptor: &sarifDesc{ID: id},
		Properties: props,
	}
}

func statsProperties(rep *scanner.Report) map[string]any {
	st := rep.Stats
	props := map[string]any{
		"targets":           rep.Targets,
		"files":             st.Files,
		"members":           st.Members,
		"scanned":           st.Scanned,
		"skipped":           st.Skipped,
		"partial":           st.Partial,
		"failed":            st.Failed,
		"unreadableFolders": st.FailedDirs,
		"bytes":             st.Bytes,
		"skipReasons":       st.SkipReasons,
	}
	if d := rep.Decisions; d != nil {
		props["decisions"] = map[string]any{"suppressed": d.Suppressed, "acceptedNotExamined": d.Accepted,
			"expiredSuppressions": len(d.Expired), "staleSuppressions": len(d.Stale)}
	}
	if m := rep.Memory; m != nil {
		sp := map[string]any{"new": m.New, "unchanged": m.Unchanged, "updated": m.Updated, "fixed": m.Fixed,
			"notReexamined": m.NotReexamined, "filesUnchanged": m.Skipped, "resumed": m.Resumed,
			"rulesetChanged": m.RulesetChanged}
		if m.Previous != nil && !m.Previous.Ended.IsZero() {
			sp["previousScanEnded"] = m.Previous.Ended.UTC().Format(time.RFC3339)
		}
		props["state"] = sp
	}
	return props
}
