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
	s := NewJSONLStream(w)
	for _, r := range rep.Results {
		if err := s.Result(r); err != nil {
			return err
		}
	}
	return s.Finish(rep)
}

// JSONLStream writes JSON Lines while the scan runs: each result as it
// comes (Result, flushed at once), then the notifications and the summary
// (Finish). A stream that ends without a summary line is incomplete.
type JSONLStream struct {
	bw  *bufio.Writer
	enc *json.Encoder
	n   int
}

// NewJSONLStream starts a stream on w.
func NewJSONLStream(w io.Writer) *JSONLStream {
	bw := bufio.NewWriter(w)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	return &JSONLStream{bw: bw, enc: enc}
}

// Result writes one result line.
func (s *JSONLStream) Result(r scanner.Result) error {
	s.n++
	if err := s.enc.Encode(jsonlResult{Type: "result",
		Rule: r.Rule.ID, Level: Level(r), Location: display(r.Location), URI: URI(r.Location),
		Section: r.Section, Line: r.Line, Count: r.Count, TestData: r.TestCount, Samples: r.Samples,
		Details: r.Details, Confidence: r.Confidence.String(), Exposure: string(audience(r.Exposure)),
		Owner: r.Exposure.Owner, Readers: r.Exposure.Readers, External: r.Exposure.External,
		Link: r.Location.Link, Fingerprint: r.Fingerprint, Baseline: r.Baseline, NotReexam: r.NotReexamined,
		Suppressed: r.Suppression, Message: Message(r),
	}); err != nil {
		return err
	}
	return s.bw.Flush()
}

// Finish writes the notifications and the summary line, whose results
// count is the number of result lines written.
func (s *JSONLStream) Finish(rep *scanner.Report) error {
	enc := s.enc
	for _, n := range rep.Notifications {
		if err := enc.Encode(jsonlNote{Type: "notification", Location: display(n.Location), URI: URI(n.Location),
			Outcome: n.Outcome.String(), Folder: n.Dir, Reason: n.Reason, Accepted: n.Accepted}); err != nil {
			return err
		}
	}
	sum := jsonlSummary{Type: "summary", Targets: rep.Targets, Complete: !rep.Incomplete(),
		Results: s.n, Notifications: len(rep.Notifications), Stats: statsProperties(rep)}
	if sum.Targets == nil {
		sum.Targets = []string{}
	}
	if rep.Fatal != nil {
		sum.Fatal = rep.Fatal.Error()
	}
	sum.Stats["durationSeconds"] = rep.Stats.Duration.Seconds()
	sum.Stats["textBytes"] = rep.Stats.TextBytes
	if err := enc.Encode(sum); err != nil {
		return err
	}
	return s.bw.Flush()
}
