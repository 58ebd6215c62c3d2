package fakedrive

import (
	"encoding/json"
	"reflect"
	"testing"
)

func TestMaskPrune(t *testing.T) {
	for _, tc := range []struct{ mask, in, want string }{
		{"nextPageToken,files(id,owners(me))", `{"nextPageToken":"t","kind":"k","files":[{"id":"1","name":"n","owners":[{"me":true,"emailAddress":"e"}]}]}`,
			`{"nextPageToken":"t","files":[{"id":"1","owners":[{"me":true}]}]}`},
		{"files", `{"files":[{"id":"1"}],"kind":"k"}`, `{"files":[{"id":"1"}]}`},
		{"user(emailAddress)", `{"user":{"emailAddress":"a","me":true}}`, `{"user":{"emailAddress":"a"}}`},
	} {
		m, err := parseMask(tc.mask)
		if err != nil {
			t.Fatalf("%s: %v", tc.mask, err)
		}
		var in, want any
		_ = json.Unmarshal([]byte(tc.in), &in)
		_ = json.Unmarshal([]byte(tc.want), &want)
		if got := m.prune(in); !reflect.DeepEqual(got, want) {
			t.Errorf("%s: got %v want %v", tc.mask, got, want)
		}
	}
	for _, bad := range []string{"files(id", "a,,b", "a)"} {
		if _, err := parseMask(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

func FuzzParseMask(f *testing.F) {
	for _, s := range []string{"nextPageToken,files(id,name,shortcutDetails(targetId,targetMimeType),owners(emailAddress,me))", "*", "a(*)", "user(emailAddress)"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if m, err := parseMask(s); err == nil {
			m.prune(map[string]any{"a": []any{map[string]any{"b": 1}}})
		}
	})
}
