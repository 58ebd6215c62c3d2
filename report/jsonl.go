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
	Type string `json:"type"`
	resultRecord
}

type jsonlNote struct {
	Type string `json:"type"`
	noteRecord
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
	if err := s.enc.Encode(jsonlResult{Type: "result", resultRecord: resultRecordOf(r)}); err != nil {
		return err
	}
	return s.bw.Flush()
}

// Finish writes the notifications and the summary line, whose results
// count is the number of result lines written.
func (s *JSONLStream) Finish(rep *scanner.Report) error {
	enc := s.enc
	for _, n := range rep.Notifications {
		if err := enc.Encode(jsonlNote{Type: "notification", noteRecord: noteRecordOf(n)}); err != nil {
			return err
		}
	}
	sum := jsonlSummary{Type: "summary", Targets: rep.Targets, Complete: !rep.Incomplete(),
		Results: s.n, Notifications: len(rep.Notifications), Stats: statsRecord(rep)}
	if sum.Targets == nil {
		sum.Targets = []string{}
	}
	if rep.Fatal != nil {
		sum.Fatal = rep.Fatal.Error()
	}
	if err := enc.Encode(sum); err != nil {
		return err
	}
	return s.bw.Flush()
}
