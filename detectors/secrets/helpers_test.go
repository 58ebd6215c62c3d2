package secrets

import (
	"bytes"
	"strings"
	"testing"

	"github.com/credsweep/credsweep/detectors"
)

// scan runs the detector over text as the scanner would, in blocks of
// about blockSize bytes cut at line ends.
func scan(file, text string, blockSize int) []detectors.Finding {
	d := New()
	s := d.NewSession(detectors.Section{File: file})
	var out []detectors.Finding
	emit := func(f detectors.Finding) { out = append(out, f) }
	b := []byte(text)
	if len(b) > 0 && b[len(b)-1] != '\n' {
		b = append(b, '\n')
	}
	line := 1
	for len(b) > 0 {
		n := len(b)
		if blockSize > 0 && n > blockSize {
			if i := bytes.IndexByte(b[blockSize:], '\n'); i >= 0 {
				n = blockSize + i + 1
			}
		}
		blk := append([]byte(nil), b[:n]...)
		s.Scan(blk, line, emit)
		line += bytes.Count(blk, []byte{'\n'})
		b = b[n:]
	}
	s.Finish(emit)
	return out
}

func byRule(fs []detectors.Finding, rule string) []detectors.Finding {
	var out []detectors.Finding
	for _, f := range fs {
		if f.Rule == rule {
			out = append(out, f)
		}
	}
	return out
}

// checkSafe asserts the secret shows neither in Masked nor in Detail.
func checkSafe(t *testing.T, f detectors.Finding) {
	t.Helper()
	if f.Secret == "" {
		t.Errorf("%s: empty Secret", f.Rule)
	}
	for _, part := range secretParts(f.Secret) {
		if len(part) < 4 {
			continue
		}
		if strings.Contains(f.Masked, part) || strings.Contains(f.Detail.String(), part) {
			t.Errorf("%s line %d: secret leaks into Masked %q / Detail %q", f.Rule, f.Line, detectors.MaskSecret(f.Masked), f.Detail)
		}
	}
	if f.Masked == "" || f.Line < 1 || f.Confidence == 0 {
		t.Errorf("%s: incomplete finding: masked %q detail %q line %d", f.Rule, f.Masked, f.Detail, f.Line)
	}
}

// secretParts splits "user\x00password" secrets; the user may show.
func secretParts(s string) []string {
	if i := strings.IndexByte(s, 0); i >= 0 {
		return []string{s[i+1:]}
	}
	return []string{s}
}

func ruleIDs(fs []detectors.Finding) []string {
	var ids []string
	for _, f := range fs {
		ids = append(ids, f.Rule)
	}
	return ids
}
