package extract

import (
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/credsweep/credsweep/scanner/extract/extracttest"
)

// rowsOf renders <row><c>..</c></row> as tab-separated lines until </tbl>.
func rowsOf() func([]byte, xml.Token) ([]byte, bool) {
	cells := 0
	return func(dst []byte, tok xml.Token) ([]byte, bool) {
		switch t := tok.(type) {
		case xml.StartElement:
			if t.Name.Local == "c" {
				if cells > 0 {
					dst = append(dst, '\t')
				}
				cells++
			}
		case xml.CharData:
			dst = append(dst, t...)
		case xml.EndElement:
			switch t.Name.Local {
			case "row":
				dst, cells = append(dst, '\n'), 0
			case "tbl":
				return dst, true
			}
		}
		return dst, false
	}
}

func TestEmitTables(t *testing.T) {
	table := func(rows ...string) string {
		var b strings.Builder
		b.WriteString("<tbl>")
		for _, r := range rows {
			b.WriteString("<row><c>" + strings.ReplaceAll(r, ",", "</c><c>") + "</c></row>")
		}
		b.WriteString("</tbl>")
		return b.String()
	}
	tests := []struct {
		name  string
		doc   string
		limit int64 // sink reads at most this, 0 all
		want  []string
		noted error
	}{
		{"two tables", "<d><p>x</p>" + table("a,b", "c,d") + "<p>y</p>" + table("e") + "</d>", 0, []string{"table 1=a\tb\nc\td\n", "table 2=e\n"}, nil},
		{"skipped subtree", "<d><skip>" + table("hidden") + "</skip>" + table("seen") + "</d>", 0, []string{"table 1=seen\n"}, nil},
		{"sink stops early, next table still found", "<d>" + table("aaaa,bbbb", "cccc") + table("next") + "</d>", 3, []string{"table 1=aaa", "table 2=nex"}, nil},
		{"table cut short", "<d>" + table("a") + "<tbl><row><c>b", 0, []string{"table 1=a\n", "table 2=b"}, ErrMalformed},
		{"damage between tables", "<d>" + table("a") + "<=>" + table("b"), 0, []string{"table 1=a\n"}, ErrMalformed},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := &extracttest.Recorder{TextLimit: tc.limit}
			c := NewContainer(context.Background(), s, Limits{}.WithDefaults())
			n := 0
			err := c.EmitTables(NewXMLDecoder(strings.NewReader(tc.doc)), "p.xml",
				func(local string) bool { return local == "skip" },
				func(se xml.StartElement) (string, func([]byte, xml.Token) ([]byte, bool), bool) {
					if se.Name.Local != "tbl" {
						return "", nil, false
					}
					n++
					return fmt.Sprintf("table %d", n), rowsOf(), true
				})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, sec := range s.Texts {
				if !sec.Table {
					t.Errorf("%s is not a table section", sec.Name)
				}
				got = append(got, sec.Name+"="+sec.Data)
			}
			if strings.Join(got, "|") != strings.Join(tc.want, "|") {
				t.Errorf("sections %q, want %q", got, tc.want)
			}
			if e := c.Err(); !errors.Is(e, tc.noted) || (e == nil) != (tc.noted == nil) {
				t.Errorf("Err = %v, want %v", e, tc.noted)
			}
		})
	}
}
