package ghupload

import (
	"encoding/json"
	"fmt"
	"net/url"
	"sort"
	"strings"
	"unicode/utf8"
)

// CommentPrefix starts every dismissal comment credsweep writes; an alert
// dismissed with another comment was dismissed by a person and is never
// re-opened.
const CommentPrefix = "credsweep: "

// MaxComment is GitHub's limit on dismissed_comment, in characters.
const MaxComment = 280

// DefaultReason is the dismissed_reason when a suppression names none.
const DefaultReason = "won't fix"

// Reasons are GitHub's dismissed_reason values.
var Reasons = []string{"false positive", "won't fix", "used in tests"}

// LocalResult is an uploaded result, as the alert sync sees it.
type LocalResult struct {
	Tool, Category string
	RuleID         string
	URI            string
	StartLine      int
	Message        string
	Fingerprint    string
	Suppressed     bool
	Justification  string
	Owner          string
	Reason         string // dismissed_reason
	BadReason      bool   // properties.dismissedReason was not one of Reasons
}

// Comment is the dismissed_comment for a suppressed result: CommentPrefix,
// the justification and "(owner: ...)", cut to MaxComment characters.
func (r LocalResult) Comment() string {
	tail := ""
	if r.Owner != "" {
		tail = " (owner: " + r.Owner + ")"
	}
	j := strings.TrimSpace(r.Justification)
	if j == "" {
		j = "suppressed in the SARIF"
	}
	room := MaxComment - utf8.RuneCountInString(CommentPrefix) - utf8.RuneCountInString(tail)
	if room < 8 {
		tail = ""
		room = MaxComment - utf8.RuneCountInString(CommentPrefix)
	}
	if utf8.RuneCountInString(j) > room {
		rs := []rune(j)
		j = string(rs[:room-1]) + "…"
	}
	c := CommentPrefix + j + tail
	if utf8.RuneCountInString(c) > MaxComment {
		c = string([]rune(c)[:MaxComment])
	}
	return c
}

// ResultsOf reads the results of a SARIF log with their suppressions. A
// result is suppressed when one of its suppressions has kind "external" or
// "inSource" and status "accepted" (or no status, which SARIF reads as
// accepted); its justification, properties.owner and
// properties.dismissedReason are kept.
func ResultsOf(sarif []byte) ([]LocalResult, error) {
	var log struct {
		Runs []struct {
			Tool struct {
				Driver struct {
					Name  string `json:"name"`
					Rules []struct {
						ID string `json:"id"`
					} `json:"rules"`
				} `json:"driver"`
			} `json:"tool"`
			AutomationDetails struct {
				ID string `json:"id"`
			} `json:"automationDetails"`
			Results []struct {
				RuleID    string `json:"ruleId"`
				RuleIndex *int   `json:"ruleIndex"`
				Message   struct {
					Text string `json:"text"`
				} `json:"message"`
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation struct {
							URI string `json:"uri"`
						} `json:"artifactLocation"`
						Region struct {
							StartLine int `json:"startLine"`
						} `json:"region"`
					} `json:"physicalLocation"`
				} `json:"locations"`
				PartialFingerprints map[string]string `json:"partialFingerprints"`
				Suppressions        []struct {
					Kind          string `json:"kind"`
					Status        string `json:"status"`
					Justification string `json:"justification"`
					Properties    struct {
						Owner           string `json:"owner"`
						DismissedReason string `json:"dismissedReason"`
					} `json:"properties"`
				} `json:"suppressions"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(sarif, &log); err != nil {
		return nil, fmt.Errorf("not a SARIF log")
	}
	var out []LocalResult
	for _, run := range log.Runs {
		cat := category(run.AutomationDetails.ID)
		for _, r := range run.Results {
			lr := LocalResult{Tool: run.Tool.Driver.Name, Category: cat, RuleID: r.RuleID, Message: r.Message.Text,
				Fingerprint: r.PartialFingerprints["primaryLocationLineHash"]}
			if lr.RuleID == "" && r.RuleIndex != nil && *r.RuleIndex >= 0 && *r.RuleIndex < len(run.Tool.Driver.Rules) {
				lr.RuleID = run.Tool.Driver.Rules[*r.RuleIndex].ID
			}
			if len(r.Locations) > 0 {
				lr.URI = r.Locations[0].PhysicalLocation.ArtifactLocation.URI
				lr.StartLine = r.Locations[0].PhysicalLocation.Region.StartLine
			}
			for _, s := range r.Suppressions {
				if (s.Kind == "external" || s.Kind == "inSource") && (s.Status == "" || s.Status == "accepted") {
					lr.Suppressed = true
					lr.Justification, lr.Owner = s.Justification, s.Properties.Owner
					lr.Reason = DefaultReason
					if s.Properties.DismissedReason != "" {
						lr.Reason = s.Properties.DismissedReason
						lr.BadReason = true
						for _, ok := range Reasons {
							if ok == s.Properties.DismissedReason {
								lr.BadReason = false
							}
						}
						if lr.BadReason {
							lr.Reason = DefaultReason
						}
					}
					break
				}
			}
			out = append(out, lr)
		}
	}
	return out, nil
}

// category is GitHub's category of an automationDetails.id.
func category(id string) string {
	if i := strings.LastIndexByte(id, '/'); i >= 0 {
		return id[:i]
	}
	return ""
}

// Action is one alert change of a sync.
type Action struct {
	Alert  Alert
	Update AlertUpdate
	// Kind is "dismiss", "reopen" or "update" (a new comment or reason).
	Kind   string
	Result LocalResult
}

// Plan is what a sync does.
type Plan struct {
	Actions []Action
	// Ambiguous counts alerts that match several results that disagree,
	// left alone.
	Ambiguous int
	// Unmatched counts suppressed results without an alert.
	Unmatched int
	// BadReasons counts suppressions with an unknown dismissedReason
	// (DefaultReason was used).
	BadReasons int
}

// PlanSync matches alerts to uploaded results and says which to dismiss
// and which to re-open.
//
// Matching: GitHub's REST API does not return fingerprints, so an alert
// matches the results of the same tool, category (its
// most_recent_instance.category; an alert of a category that was not
// uploaded is never touched), rule id and path (most_recent_instance.
// location.path, compared with the result's URI as written and
// percent-decoded). When several results match, the start line and then
// the message text narrow them down; results that still tie must agree
// (all suppressed with the same comment, or none), otherwise the alert is
// left alone and counted as ambiguous.
//
// Then: an open alert whose result is suppressed is dismissed with the
// suppression's reason and comment; an alert dismissed by credsweep (its
// comment starts with CommentPrefix) is re-opened when its result is
// uploaded without a suppression, and updated when the reason or comment
// changed. Alerts dismissed by people, fixed alerts, and alerts without a
// result in the upload are left alone.
func PlanSync(results []LocalResult, alerts []Alert) Plan {
	var p Plan
	type key struct{ tool, cat, rule, path string }
	byKey := map[key][]int{}
	cats := map[string]bool{}
	for i, r := range results {
		cats[norm(r.Category)] = true
		for _, path := range paths(r.URI) {
			k := key{r.Tool, norm(r.Category), r.RuleID, path}
			byKey[k] = append(byKey[k], i)
		}
		if r.BadReason {
			p.BadReasons++
		}
	}
	matched := map[int]bool{}
	sorted := append([]Alert(nil), alerts...)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i].Number < sorted[j].Number })
	for _, a := range sorted {
		inst := a.MostRecentInstance
		if !cats[norm(inst.Category)] {
			continue
		}
		cands := dedupInts(byKey[key{a.Tool.Name, norm(inst.Category), a.Rule.ID, inst.Location.Path}])
		if len(cands) == 0 && a.Tool.Name == "" {
			for k, v := range byKey {
				if k.cat == norm(inst.Category) && k.rule == a.Rule.ID && k.path == inst.Location.Path {
					cands = dedupInts(append(cands, v...))
				}
			}
		}
		if len(cands) > 1 && inst.Location.StartLine > 0 {
			cands = narrow(cands, func(i int) bool { return results[i].StartLine == inst.Location.StartLine })
		}
		if len(cands) > 1 && inst.Message.Text != "" {
			cands = narrow(cands, func(i int) bool { return results[i].Message == inst.Message.Text })
		}
		if len(cands) == 0 {
			continue
		}
		r := results[cands[0]]
		agree := true
		for _, i := range cands[1:] {
			o := results[i]
			if o.Suppressed != r.Suppressed || (r.Suppressed && (o.Comment() != r.Comment() || o.Reason != r.Reason)) {
				agree = false
			}
		}
		if !agree {
			p.Ambiguous++
			continue
		}
		for _, i := range cands {
			matched[i] = true
		}
		ours := strings.HasPrefix(a.DismissedComment, CommentPrefix)
		switch {
		case a.State == "open" && r.Suppressed:
			p.Actions = append(p.Actions, Action{Alert: a, Kind: "dismiss", Result: r,
				Update: AlertUpdate{State: "dismissed", DismissedReason: r.Reason, DismissedComment: r.Comment()}})
		case a.State == "dismissed" && ours && !r.Suppressed:
			p.Actions = append(p.Actions, Action{Alert: a, Kind: "reopen", Result: r, Update: AlertUpdate{State: "open"}})
		case a.State == "dismissed" && ours && r.Suppressed && (a.DismissedComment != r.Comment() || a.DismissedReason != r.Reason):
			p.Actions = append(p.Actions, Action{Alert: a, Kind: "update", Result: r,
				Update: AlertUpdate{State: "dismissed", DismissedReason: r.Reason, DismissedComment: r.Comment()}})
		}
	}
	for i, r := range results {
		if r.Suppressed && !matched[i] {
			p.Unmatched++
		}
	}
	return p
}

func norm(c string) string { return strings.TrimSuffix(c, "/") }

// paths are the forms of a URI an alert's path may take.
func paths(uri string) []string {
	out := []string{uri}
	if u, err := url.PathUnescape(uri); err == nil && u != uri {
		out = append(out, u)
	}
	return out
}

func dedupInts(in []int) []int {
	seen := map[int]bool{}
	var out []int
	for _, i := range in {
		if !seen[i] {
			seen[i] = true
			out = append(out, i)
		}
	}
	sort.Ints(out)
	return out
}

// narrow keeps the candidates that pass, unless none does.
func narrow(c []int, ok func(int) bool) []int {
	var out []int
	for _, i := range c {
		if ok(i) {
			out = append(out, i)
		}
	}
	if len(out) == 0 {
		return c
	}
	return out
}
