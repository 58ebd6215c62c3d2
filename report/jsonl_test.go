package report

import (
	"bufio"
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/credsweep/credsweep/scanner"
)

// sarifFacts is what the SARIF of a report says of its results, in order.
type sarifFacts struct {
	rules, fingerprints []string
	counts              []int
	notes               int
}

func sarifOf(t *testing.T, rep *scanner.Report) sarifFacts {
	t.Helper()
	var buf bytes.Buffer
	if err := SARIF(&buf, rep, Meta{ToolVersion: "1.0.0"}); err != nil {
		t.Fatal(err)
	}
	var log struct {
		Runs []struct {
			Results []struct {
				RuleID              string            `json:"ruleId"`
				PartialFingerprints map[string]string `json:"partialFingerprints"`
				Properties          struct {
					Count int `json:"count"`
				} `json:"properties"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(buf.Bytes(), &log); err != nil {
		t.Fatal(err)
	}
	var f sarifFacts
	for _, r := range log.Runs[0].Results {
		f.rules = append(f.rules, r.RuleID)
		f.fingerprints = append(f.fingerprints, r.PartialFingerprints["primaryLocationLineHash"])
		f.counts = append(f.counts, r.Properties.Count)
	}
	return f
}

func jsonlReports() []struct {
	name string
	rep  *scanner.Report
} {
	empty := &scanner.Report{}
	return []struct {
		name string
		rep  *scanner.Report
	}{
		{"sample", sampleReport()},
		{"state, suppressions, hostile name", htmlSampleReport()},
		{"empty", empty},
	}
}

func TestJSONL(t *testing.T) {
	for _, tt := range jsonlReports() {
		t.Run(tt.name, func(t *testing.T) {
			rep := tt.rep
			var buf, js bytes.Buffer
			if err := JSONL(&buf, rep); err != nil {
				t.Fatal(err)
			}
			if err := JSON(&js, rep); err != nil {
				t.Fatal(err)
			}
			var summary struct {
				Results       []map[string]any `json:"results"`
				Notifications []map[string]any `json:"notifications"`
				Stats         map[string]any   `json:"stats"`
				Complete      bool             `json:"complete"`
			}
			if err := json.Unmarshal(js.Bytes(), &summary); err != nil {
				t.Fatal(err)
			}
			var results, notes, sums []map[string]any
			order := ""
			sc := bufio.NewScanner(&buf)
			sc.Buffer(nil, 1<<20)
			for sc.Scan() {
				var obj map[string]any
				if err := json.Unmarshal(sc.Bytes(), &obj); err != nil {
					t.Fatalf("line %q: %v", sc.Text(), err)
				}
				typ, _ := obj["type"].(string)
				delete(obj, "type")
				switch typ {
				case "result":
					results = append(results, obj)
					order += "r"
				case "notification":
					notes = append(notes, obj)
					order += "n"
				case "summary":
					sums = append(sums, obj)
					order += "s"
				default:
					t.Fatalf("line of type %q: %s", typ, sc.Text())
				}
			}
			// Results, then notifications, then one summary.
			want := strings.Repeat("r", len(rep.Results)) + strings.Repeat("n", len(rep.Notifications)) + "s"
			if order != want {
				t.Fatalf("line types %q, want %q", order, want)
			}
			sarif := sarifOf(t, rep)
			for i, r := range results {
				if r["rule"] != sarif.rules[i] || r["fingerprint"] != sarif.fingerprints[i] || r["count"] != float64(sarif.counts[i]) {
					t.Errorf("result %d: %v %v %v, SARIF %s %s %d", i, r["rule"], r["fingerprint"], r["count"], sarif.rules[i], sarif.fingerprints[i], sarif.counts[i])
				}
				if r["fingerprint"] != rep.Results[i].Fingerprint || r["count"] != float64(rep.Results[i].Count) {
					t.Errorf("result %d: %v ×%v, want %s ×%d", i, r["fingerprint"], r["count"], rep.Results[i].Fingerprint, rep.Results[i].Count)
				}
				if !reflect.DeepEqual(r, summary.Results[i]) {
					t.Errorf("result %d differs from the JSON summary's:\n%v\n%v", i, r, summary.Results[i])
				}
			}
			for i, n := range notes {
				if !reflect.DeepEqual(n, summary.Notifications[i]) {
					t.Errorf("notification %d differs from the JSON summary's:\n%v\n%v", i, n, summary.Notifications[i])
				}
			}
			s := sums[0]
			if s["results"] != float64(len(rep.Results)) || s["notifications"] != float64(len(rep.Notifications)) || s["complete"] != !rep.Incomplete() {
				t.Errorf("summary %v", s)
			}
			if !reflect.DeepEqual(s["stats"], summary.Stats) {
				t.Errorf("summary stats %v, JSON %v", s["stats"], summary.Stats)
			}
		})
	}
}

// TestJSONLStreams checks that lines leave before the end: a writer that
// fails after the first kilobyte still got whole lines.
func TestJSONLStreams(t *testing.T) {
	rep := sampleReport()
	base := rep.Results[0]
	for range 1000 {
		rep.Results = append(rep.Results, base)
	}
	w := &limitWriter{n: 64 << 10}
	if err := JSONL(w, rep); err == nil {
		t.Fatal("no error from a full writer")
	}
	if w.buf.Len() == 0 || !bytes.Contains(w.buf.Bytes(), []byte(`{"type":"result"`)) {
		t.Fatalf("nothing written before the end (%d bytes)", w.buf.Len())
	}
}

type limitWriter struct {
	buf bytes.Buffer
	n   int
}

func (l *limitWriter) Write(p []byte) (int, error) {
	if l.buf.Len()+len(p) > l.n {
		return 0, errFull
	}
	return l.buf.Write(p)
}

var errFull = &json.UnsupportedValueError{Str: "writer full"}
