package report

import (
	"bufio"
	"encoding/json"
	"io"

	"github.com/credsweep/credsweep/scanner"
)

// JSON Lines (--format jsonl): one JSON object a line, each with a "type":
// every result ("result", the fields of the JSON summary's results), then
// every notification ("notification", the fields of its notifications),
// then one "summary" with the targets, completeness, the counts of the
// lines before it and the statistics. A reader can process results as they
// come and knows the stream is whole when the summary's counts match.

type jsonlResult struct {
	Type        string               `json:"type"`
	Rule        string               `json:"rule"`
	Level       string               `json:"level"`
	Location    string               `json:"location"`
	URI         string               `json:"uri"`
	Section     string               `json:"section,omitempty"`
	Line        int                  `json:"line"`
	Count       int                  `json:"count"`
	TestData    int                  `json:"testDataCount,omitempty"`
	Samples     []string             `json:"maskedSamples,omitempty"`
	Details     []string             `json:"details,omitempty"`
	Confidence  string               `json:"confidence"`
	Exposure    string               `json:"exposure"`
	Owner       string               `json:"owner,omitempty"`
	Readers     []string             `json:"readers,omitempty"`
	External    []string             `json:"external,omitempty"`
	Link        string               `json:"link,omitempty"`
	Fingerprint string               `json:"fingerprint"`
	Baseline    string               `json:"baselineState,omitempty"`
	NotReexam   bool                 `json:"notReexamined,omitempty"`
	Suppressed  *scanner.Suppression `json:"suppression,omitempty"`
	Message     string               `json:"message"`
}

type jsonlNote struct {
	Type     string              `json:"type"`
	Location string              `json:"location"`
	URI      string              `json:"uri"`
	Outcome  string              `json:"outcome"`
	Folder   bool                `json:"folder,omitempty"`
	Reason   string              `json:"reason"`
	Accepted *scanner.Acceptance `json:"accepted,omitempty"`
}

type jsonlSummary struct {
	Type          string         `json:"type"`
	Targets       []string       `json:"targets"`
	Complete      bool           `json:"complete"`
	Fatal         string         `json:"fatal,omitempty"`
	Results       int            `json:"results"`
	Notifications int            `json:"notifications"`
	Stats         map[string]any `json:"stats"`
}

// JSONL writes the report as JSON Lines, a line at a time.
func JSONL(w io.Writer, rep *scanner.Report) error {
	bw := bufio.NewWriter(w)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	for _, r := range rep.Results {
		if err := enc.Encode(jsonlResult{Type: "result",
			Rule: r.Rule.ID, Level: Level(r), Location: display(r.Location), URI: URI(r.Location),
			Section: r.Section, Line: r.Line, Count: r.Count, TestData: r.TestCount, Samples: r.Samples,
			Details: r.Details, Confidence: r.Confidence.String(), Exposure: string(audience(r.Exposure)),
			Owner: r.Exposure.Owner, Readers: r.Exposure.Readers, External: r.Exposure.External,
			Link: r.Location.Link, Fingerprint: r.Fingerprint, Baseline: r.Baseline, NotReexam: r.NotReexamined,
			Suppressed: r.Suppression, Message: Message(r),
		}); err != nil {
			return err
		}
	}
	for _, n := range rep.Notifications {
		if err := enc.Encode(jsonlNote{Type: "notification", Location: display(n.Location), URI: URI(n.Location),
			Outcome: n.Outcome.String(), Folder: n.Dir, Reason: n.Reason, Accepted: n.Accepted}); err != nil {
			return err
		}
	}
	s := jsonlSummary{Type: "summary", Targets: rep.Targets, Complete: !rep.Incomplete(),
		Results: len(rep.Results), Notifications: len(rep.Notifications), Stats: statsProperties(rep)}
	if s.Targets == nil {
		s.Targets = []string{}
	}
	if rep.Fatal != nil {
		s.Fatal = rep.Fatal.Error()
	}
	s.Stats["durationSeconds"] = rep.Stats.Duration.Seconds()
	s.Stats["textBytes"] = rep.Stats.TextBytes
	if err := enc.Encode(s); err != nil {
		return err
	}
	return bw.Flush()
}
