package extract

import (
	"context"
	"encoding/xml"
	"errors"
	"io"
	"strings"
	"testing"
)

func TestParseCount(t *testing.T) {
	for in, want := range map[string]int{
		"": -1, "0": 0, "7": 7, "0042": 42, "999999999": 999999999, "1000000000": -1,
		"-1": -1, " 3": -1, "3 ": -1, "1e3": -1, "x": -1,
	} {
		if got := ParseCount(in); got != want {
			t.Errorf("ParseCount(%q) = %d, want %d", in, got, want)
		}
	}
}

func TestAttr(t *testing.T) {
	d := NewXMLDecoder(strings.NewReader(`<t:cell xmlns:t="urn:t" t:name="Elever" repeat="3" r:id="rId1"/>`))
	tok, err := d.RawToken()
	if err != nil {
		t.Fatal(err)
	}
	se := tok.(xml.StartElement)
	for local, want := range map[string]string{"name": "Elever", "repeat": "3", "id": "rId1", "missing": ""} {
		if got := Attr(se, local); got != want {
			t.Errorf("Attr(%q) = %q, want %q", local, got, want)
		}
	}
}

func TestXMLError(t *testing.T) {
	syntax := func() error {
		d := NewXMLDecoder(strings.NewReader("<a>\n<b></a>"))
		for {
			if _, err := d.Token(); err != nil {
				return err
			}
		}
	}()
	limit := LimitError("part too large")
	tests := []struct {
		name string
		err  error
		want error
		text string
	}{
		{"syntax", syntax, ErrMalformed, "part p.xml: XML syntax error on line 2"},
		{"truncated", io.ErrUnexpectedEOF, ErrMalformed, "part p.xml ends early"},
		{"cancelled passes", context.Canceled, context.Canceled, "context canceled"},
		{"limit passes", limit, ErrLimit, "part too large"},
		{"other", errors.New("odd"), ErrMalformed, "part p.xml: odd"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := XMLError("p.xml", tc.err)
			if !errors.Is(got, tc.want) || !strings.Contains(got.Error(), tc.text) {
				t.Errorf("XMLError = %v, want %v containing %q", got, tc.want, tc.text)
			}
		})
	}
}

func TestXMLDecoderExpandsNoEntities(t *testing.T) {
	d := NewXMLDecoder(strings.NewReader(`<!DOCTYPE a [<!ENTITY x "xxxxxxxx">]><a>&x;&amp;</a>`))
	var text []byte
	for {
		tok, err := d.RawToken()
		if err != nil {
			break
		}
		if cd, ok := tok.(xml.CharData); ok {
			text = append(text, cd...)
		}
	}
	if strings.Contains(string(text), "xxxxxxxx") {
		t.Errorf("a declared entity was expanded: %q", text)
	}
}

// tagText renders the text of <t> elements, one a line, until </stop>.
func tagText(dst []byte, tok xml.Token) ([]byte, bool) {
	switch t := tok.(type) {
	case xml.CharData:
		dst = append(dst, t...)
	case xml.EndElement:
		if t.Name.Local == "t" {
			dst = append(dst, '\n')
		}
		return dst, t.Name.Local == "stop"
	}
	return dst, false
}

func TestXMLStep(t *testing.T) {
	many := strings.Repeat("<t>abcdefghij</t>", 10000)
	tests := []struct {
		name     string
		doc      string
		enclosed bool
		want     string
		err      error
	}{
		{"to the end", "<r><t>a</t><t>b</t></r>", false, "a\nb\n", nil},
		{"stops at the element's end", "<r><t>a</t></stop><t>b</t></r>", false, "a\n", nil},
		{"enclosed element cut short", "<r><t>a</t>", true, "a\n", ErrMalformed},
		{"syntax error", "<r><t>a</t><=/r>", false, "a\n", ErrMalformed},
		{"larger than a chunk", "<r>" + many + "</r>", false, strings.Repeat("abcdefghij\n", 10000), nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			step := XMLStep(NewXMLDecoder(strings.NewReader(tc.doc)), "p.xml", tc.enclosed, tagText)
			p := NewPull(step, 0)
			got, err := io.ReadAll(p)
			if !errors.Is(err, tc.err) || (err == nil) != (tc.err == nil) {
				t.Fatalf("err = %v, want %v", err, tc.err)
			}
			if string(got) != tc.want {
				t.Errorf("text = %.60q, want %.60q", got, tc.want)
			}
		})
	}
}

// TestXMLErrorQuotesNothing: the decoder's message can quote the document
// (an entity name, an element name); a report must not carry it.
func TestXMLErrorQuotesNothing(t *testing.T) {
	d := NewXMLDecoder(strings.NewReader("<p>Passord: Vinter&Sol2024 x</p>"))
	var err error
	for err == nil {
		_, err = d.Token()
	}
	msg := XMLError("word/document.xml", err).Error()
	if strings.Contains(msg, "Sol2024") {
		t.Errorf("XMLError quotes the document: %s", msg)
	}
}
