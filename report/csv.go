package report

import (
	"encoding/csv"
	"io"
	"strconv"

	"github.com/credsweep/credsweep/scanner"
)

// CSVHeader names the columns of the CSV output (--csv), one row per result.
var CSVHeader = []string{"rule", "level", "severity", "exposure", "location", "uri", "section", "line",
	"count", "confidence", "baseline", "suppressed", "fingerprint"}

// CSV writes one row per result, RFC 4180 (CRLF line ends, quotes where
// needed), for a spreadsheet. It holds what the SARIF holds: no sample, no
// reader. A cell that a spreadsheet would take for a formula (it starts
// with = + - @, a tab or a carriage return) gets a leading single quote.
func CSV(w io.Writer, rep *scanner.Report) error {
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	if err := cw.Write(CSVHeader); err != nil {
		return err
	}
	row := make([]string, len(CSVHeader))
	for _, r := range rep.Results {
		row[0] = r.Rule.ID
		row[1] = Level(r)
		row[2] = strconv.FormatFloat(clampSeverity(r.Rule.Severity), 'f', 1, 64)
		row[3] = string(audience(r.Exposure))
		row[4] = display(r.Location)
		row[5] = URI(r.Location)
		row[6] = printable(r.Section)
		row[7] = strconv.Itoa(max(r.Line, 1))
		row[8] = strconv.Itoa(r.Count)
		row[9] = r.Confidence.String()
		row[10] = r.Baseline
		row[11] = strconv.FormatBool(r.Suppression != nil)
		row[12] = r.Fingerprint
		for i, c := range row {
			row[i] = defuse(c)
		}
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// defuse keeps a spreadsheet from reading a cell as a formula (CSV
// injection, OWASP's advice): such a cell gets a leading single quote, so
// it opens as text. A script reading the CSV drops a leading quote before
// = + - @ to get the name back.
func defuse(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return "'" + s
	}
	return s
}
