package report

import "github.com/credsweep/credsweep/scanner"

// resultRecord is a result as the JSON summary and JSON Lines write it.
type resultRecord struct {
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

func resultRecordOf(r scanner.Result) resultRecord {
	return resultRecord{
		Rule: r.Rule.ID, Level: Level(r), Location: display(r.Location), URI: URI(r.Location),
		Section: r.Section, Line: r.Line, Count: r.Count, TestData: r.TestCount, Samples: r.Samples,
		Details: r.Details, Confidence: r.Confidence.String(), Exposure: string(audience(r.Exposure)),
		Owner: r.Exposure.Owner, Readers: r.Exposure.Readers, External: r.Exposure.External,
		Link: r.Location.Link, Fingerprint: r.Fingerprint, Baseline: r.Baseline, NotReexam: r.NotReexamined,
		Suppressed: r.Suppression, Message: Message(r),
	}
}

// noteRecord is a notification as the JSON summary and JSON Lines write it.
type noteRecord struct {
	Location string              `json:"location"`
	URI      string              `json:"uri"`
	Outcome  string              `json:"outcome"`
	Folder   bool                `json:"folder,omitempty"`
	Reason   string              `json:"reason"`
	Accepted *scanner.Acceptance `json:"accepted,omitempty"`
}

func noteRecordOf(n scanner.Notification) noteRecord {
	return noteRecord{Location: display(n.Location), URI: URI(n.Location),
		Outcome: n.Outcome.String(), Folder: n.Dir, Reason: n.Reason, Accepted: n.Accepted}
}

// statsRecord is the statistics of the JSON summary and JSON Lines.
func statsRecord(rep *scanner.Report) map[string]any {
	st := statsProperties(rep)
	st["durationSeconds"] = rep.Stats.Duration.Seconds()
	st["textBytes"] = rep.Stats.TextBytes
	return st
}
