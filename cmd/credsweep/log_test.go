package main

import (
	"strings"
	"testing"
)

func TestVersionAndLogFlags(t *testing.T) {
	for _, arg := range []string{"--version", "-v"} {
		res := runCLI(t, nil, arg)
		if res.code != 0 || !strings.HasPrefix(res.stdout, "credsweep ") {
			t.Errorf("%s: exit %d, stdout %q", arg, res.code, res.stdout)
		}
	}
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"--log-level", "loud"}, "--log-level must be"},
		{[]string{"--log-format", "xml"}, "--log-format must be"},
	}
	for _, tt := range tests {
		res := runCLI(t, nil, append(append([]string{"scan"}, tt.args...), "testdata")...)
		if res.code != 2 || !strings.Contains(res.stderr, tt.want) {
			t.Errorf("%v: exit %d, stderr %q; want 2 and %q", tt.args, res.code, res.stderr, tt.want)
		}
	}
}
