package report

import (
	"bytes"
	"encoding/csv"
	"strconv"
	"strings"
	"testing"

	"github.com/credsweep/credsweep/scanner"
)

func TestCSV(t *testing.T) {
	for _, tt := range jsonlReports() {
		t.Run(tt.name, func(t *testing.T) {
			rep := tt.rep
			var buf bytes.Buffer
			if err := CSV(&buf, rep); err != nil {
				t.Fatal(err)
			}
			if !strings.HasSuffix(buf.String(), "\r\n") {
				t.Error("rows do not end in CRLF (RFC 4180)")
			}
			r := csv.NewReader(&buf)
			r.FieldsPerRecord = len(CSVHeader)
			rows, err := r.ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			if strings.Join(rows[0], ",") != "rule,level,severity,exposure,location,uri,section,line,count,confidence,baseline,suppressed,fingerprint" {
				t.Fatalf("header %v", rows[0])
			}
			rows = rows[1:]
			sarif := sarifOf(t, rep)
			if len(rows) != len(rep.Results) || len(rows) != len(sarif.fingerprints) {
				t.Fatalf("%d rows, %d results, %d in the SARIF", len(rows), len(rep.Results), len(sarif.fingerprints))
			}
			for i, row := range rows {
				res := rep.Results[i]
				if row[0] != sarif.rules[i] || row[12] != sarif.fingerprints[i] || row[8] != strconv.Itoa(sarif.counts[i]) {
					t.Errorf("row %d: %s %s %s, SARIF %s %s %d", i, row[0], row[12], row[8], sarif.rules[i], sarif.fingerprints[i], sarif.counts[i])
				}
				want := []string{res.Rule.ID, Level(res), strconv.FormatFloat(res.Rule.Severity, 'f', 1, 64), string(audience(res.Exposure)),
					printable(res.Location.Display), res.Location.URI(), res.Section, strconv.Itoa(max(res.Line, 1)), strconv.Itoa(res.Count),
					res.Confidence.String(), res.Baseline, strconv.FormatBool(res.Suppression != nil), res.Fingerprint}
				if strings.Join(row, "|") != strings.Join(want, "|") {
					t.Errorf("row %d:\n%q\nwant\n%q", i, row, want)
				}
			}
		})
	}
}

func TestCSVDefusesFormulas(t *testing.T) {
	rep := sampleReport()
	base := rep.Results[0]
	tests := []struct {
		display, section, wantLoc, wantSection string
	}{
		{`=HYPERLINK("http://x","y").xlsx`, "sheet =1+1", `'=HYPERLINK("http://x","y").xlsx`, "sheet =1+1"},
		{"+4712345678.txt", "+cmd", "'+4712345678.txt", "'+cmd"},
		{"-2+3.csv", "-x", "'-2+3.csv", "'-x"},
		{"@SUM(A1).csv", "@", "'@SUM(A1).csv", "'@"},
		{"\tx.csv", "\rsheet", `\tx.csv`, `\rsheet`}, // printable escapes control characters
		{"plain.csv", "sheet a", "plain.csv", "sheet a"},
	}
	rep.Results = nil
	for _, tt := range tests {
		r := base
		r.Location = scanner.Location{Path: tt.display, Display: tt.display}
		r.Section = tt.section
		rep.Results = append(rep.Results, r)
	}
	var buf bytes.Buffer
	if err := CSV(&buf, rep); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for i, tt := range tests {
		row := rows[i+1]
		if row[4] != tt.wantLoc || row[6] != tt.wantSection {
			t.Errorf("%q / %q: location %q, section %q; want %q, %q", tt.display, tt.section, row[4], row[6], tt.wantLoc, tt.wantSection)
		}
		for j, c := range row {
			if c != "" && strings.ContainsRune("=+-@\t\r", rune(c[0])) {
				t.Errorf("row %d column %s starts with %q", i, CSVHeader[j], c[:1])
			}
		}
	}
}
