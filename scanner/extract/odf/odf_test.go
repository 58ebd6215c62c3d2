package odf

import (
	"errors"
	"strings"
	"testing"

	"github.com/credsweep/credsweep/scanner/extract"
	"github.com/credsweep/credsweep/scanner/extract/extracttest"
)

func TestODT(t *testing.T) {
	s, err := run(t, fixture(t, "users.odt", buildODT), extract.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	want := []extracttest.Text{
		{Name: "", Table: false, Data: "Elevliste\nBrukernavn\tog   passord\nneste linje med span kommentar\nPunkt\n"},
		{Name: "table 1", Table: true, Data: "Brukernavn\tPassord\tFødselsnummer\nola nordmann\tSommer 2018\t01019012345\n"},
		{Name: "styles", Table: false, Data: "Topphemmelig\n"},
	}
	if len(s.Texts) != len(want) {
		t.Fatalf("sections = %+v", s.Texts)
	}
	for i, w := range want {
		if s.Texts[i] != w {
			t.Errorf("section %d = %+v\nwant %+v", i, s.Texts[i], w)
		}
	}
	if !strings.Contains(s.Data("Basic/Standard/Module1.xml"), "Sub Main") {
		t.Errorf("macro module not handed on: %v", s.Files)
	}
}

func TestODS(t *testing.T) {
	s, err := run(t, fixture(t, "users.ods", buildODS), extract.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	want := []extracttest.Text{
		{Name: "sheet Elever", Table: true, Data: "Brukernavn\tPassord\t\t\tID\n\n\nola\tx\tx\t\t10101901234\t01019012345\nsame\nsame\nsame\n"},
		{Name: "sheet Ark 2", Table: true, Data: "\tb\n"},
	}
	if len(s.Texts) != len(want) {
		t.Fatalf("sections = %+v", s.Texts)
	}
	for i, w := range want {
		if s.Texts[i] != w {
			t.Errorf("section %d = %+v\nwant %+v", i, s.Texts[i], w)
		}
	}
}

func TestRepeatsAreCapped(t *testing.T) {
	body := `<office:spreadsheet><table:table table:name="S">` +
		`<table:table-row table:number-rows-repeated="999999999"><table:table-cell table:number-columns-repeated="999999999"><text:p>x</text:p></table:table-cell></table:table-row>` +
		`<table:table-row><table:table-cell><text:p>last</text:p></table:table-cell></table:table-row>` +
		`</table:table></office:spreadsheet>`
	s, err := run(t, buildODF(t, "application/vnd.oasis.opendocument.spreadsheet", zpart{"content.xml", content(body)}), extract.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	text := s.Texts[0].Data
	if lines := strings.Count(text, "\n"); lines > maxRows {
		t.Errorf("%d lines", lines)
	}
	if first, _, _ := strings.Cut(text, "\n"); strings.Count(first, "x") != maxCopies {
		t.Errorf("first row has %d copies", strings.Count(first, "x"))
	}
}

func TestFlat(t *testing.T) {
	flat := `<?xml version="1.0" encoding="UTF-8"?>
<office:document ` + ns + ` office:mimetype="application/vnd.oasis.opendocument.text">
  <office:body>
    ` + odtBody + `
  </office:body>
</office:document>`
	s, err := run(t, []byte(flat), extract.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if b, _ := s.Section(""); !strings.HasPrefix(b.Data, "Elevliste\nBrukernavn\tog") {
		t.Errorf("body = %q", b.Data)
	}
	if tb, _ := s.Section("table 1"); !strings.Contains(tb.Data, "ola nordmann\tSommer 2018") {
		t.Errorf("table = %q", tb.Data)
	}
}

func TestErrors(t *testing.T) {
	odt := buildODT(t)
	for _, tc := range []struct {
		name string
		data []byte
		lim  extract.Limits
		want error
	}{
		{"encrypted", fixture(t, "encrypted.odt", buildEncrypted), extract.Limits{}, extract.ErrEncrypted},
		{"not odf", []byte("just text"), extract.Limits{}, extract.ErrMalformed},
		{"truncated", odt[:len(odt)/2], extract.Limits{}, extract.ErrMalformed},
		{"no content", buildODF(t, "application/vnd.oasis.opendocument.text"), extract.Limits{}, extract.ErrMalformed},
		{"broken xml", buildODF(t, "x", zpart{"content.xml", content(`<office:text><text:p>a</text:p><text:p a=></office:text>`)}), extract.Limits{}, extract.ErrMalformed},
		{"member limit", odt, extract.Limits{MaxMemberBytes: 300}, extract.ErrLimit},
		{"entries", odt, extract.Limits{MaxEntries: 2}, extract.ErrLimit},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := run(t, tc.data, tc.lim); !errors.Is(err, tc.want) {
				t.Fatalf("err = %v, want %v", err, tc.want)
			}
		})
	}
}
