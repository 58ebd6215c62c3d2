package extract

import (
	"errors"
	"strings"
	"testing"
)

func TestRecover(t *testing.T) {
	sentinel := errors.New("kept")
	tests := []struct {
		name    string
		body    func() error
		want    error
		message string
	}{
		{"panic becomes malformed", func() error { panic("index out of range") }, ErrMalformed, "odf: failure on damaged input: internal parser error"},
		{"a library's panic text is not quoted", func() error { panic("malformed hex string (Sommer2018!) Tj") }, ErrMalformed, "internal parser error"},
		{"runtime errors are named", func() error { var s []int; _ = s[3]; return nil }, ErrMalformed, "index out of range"},
		{"error without panic is kept", func() error { return sentinel }, sentinel, "kept"},
		{"nil without panic stays nil", func() error { return nil }, nil, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			run := func() (err error) {
				defer Recover(&err, "odf")
				return tc.body()
			}
			err := run()
			if !errors.Is(err, tc.want) || (tc.want == nil) != (err == nil) {
				t.Fatalf("err = %v, want %v", err, tc.want)
			}
			if err != nil && !strings.Contains(err.Error(), tc.message) {
				t.Errorf("message %q lacks %q", err, tc.message)
			}
		})
	}
}
