package fakedrive

import (
	"reflect"
	"testing"
)

func TestParseQuery(t *testing.T) {
	for _, tc := range []struct {
		q    string
		want []clause
		ok   bool
	}{
		{"", nil, true},
		{"trashed = false", []clause{{"trashed", "=", "false"}}, true},
		{"'abc' in parents and trashed=false", []clause{{"parents", "in", "abc"}, {"trashed", "=", "false"}}, true},
		{"mimeType != 'application/vnd.google-apps.folder' and trashed = false",
			[]clause{{"mimeType", "!=", "application/vnd.google-apps.folder"}, {"trashed", "=", "false"}}, true},
		{`'it\'s' in parents`, []clause{{"parents", "in", "it's"}}, true},
		{"'me' in owners", []clause{{"owners", "in", "me"}}, true},
		{"trashed = false or trashed = true", nil, false},
		{"name contains 'x'", nil, false},
		{"'abc in parents", nil, false},
		{"trashed = maybe", nil, false},
		{"trashed =", nil, false},
		{"mimeType ! 'x'", nil, false},
	} {
		got, err := parseQuery(tc.q)
		if (err == nil) != tc.ok || !reflect.DeepEqual(got, tc.want) {
			t.Errorf("parseQuery(%q) = %v, %v", tc.q, got, err)
		}
	}
}

func FuzzParseQuery(f *testing.F) {
	for _, s := range []string{"trashed = false", "'a' in parents and trashed = false", "mimeType != 'x/y'", `'a\'b' in owners`, "'"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, q string) {
		cs, err := parseQuery(q)
		if err != nil {
			return
		}
		for _, c := range cs {
			switch c.field {
			case "trashed", "mimeType", "parents", "owners":
			default:
				t.Fatalf("unknown field %q from %q", c.field, q)
			}
		}
		match(cs, &File{}, "me@example.no")
	})
}
