package secrets

import (
	"bytes"
	"regexp"

	"github.com/credsweep/credsweep/detectors"
)

// awsWindow is how far around an access key id the secret key is looked
// for: credentials files and code keep the two within a few lines.
const awsWindow = 400

var awsSecretRe = regexp.MustCompile(`(?:^|[^A-Za-z0-9/+])([A-Za-z0-9/+]{40})(?:[^A-Za-z0-9/+=]|$)`)

// matchAWS finds access key ids by hand (uppercase prefix, 16 base32
// characters) and pairs each with a 40-character secret nearby.
func matchAWS(s *session, l *line) {
	t := l.text
	for i := 0; i+20 <= len(t); i++ {
		if t[i] != 'A' || !isAWSPrefix(t[i:i+4]) {
			continue
		}
		if i > 0 && isAlnum(t[i-1]) || i+20 < len(t) && isAlnum(t[i+20]) {
			continue
		}
		id := t[i : i+20]
		ok := true
		for _, c := range id[4:] {
			if !('A' <= c && c <= 'Z' || '2' <= c && c <= '7') {
				ok = false
				break
			}
		}
		// AWS's documentation key pair (AKIAIOSFODNN7EXAMPLE /
		// wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY) and its variants
		// are not findings: AWS never issues ids containing EXAMPLE, they
		// sit in every README and how-to on a share, and a security team
		// triaging SARIF would close each such alert as noise, which
		// teaches it to ignore the rule.
		if !ok || bytes.Contains(id, []byte("EXAMPLE")) {
			continue
		}
		s.reportAWS(l, string(id), l.start+i)
		i += 19
	}
}

func isAWSPrefix(p []byte) bool {
	switch string(p) {
	case "AKIA", "ASIA", "ABIA", "ACCA":
		return true
	}
	return false
}

func isAlnum(c byte) bool {
	return 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9'
}

func (s *session) reportAWS(l *line, id string, at int) {
	lo, hi := max(0, at-awsWindow), min(len(l.block), at+20+awsWindow)
	var secret string
	best := 1 << 30
	for _, m := range awsSecretRe.FindAllSubmatchIndex(l.block[lo:hi], -1) {
		cand := l.block[lo+m[2] : lo+m[3]]
		if !looksRandom(cand) || bytes.Contains(cand, []byte("EXAMPLE")) {
			continue
		}
		if d := abs(lo + m[2] - at); d < best {
			best, secret = d, string(cand)
		}
	}
	if secret == "" {
		s.report(detectors.Finding{
			Rule: AWSAccessKeyIDRuleID, Line: l.num, Secret: id, Masked: detectors.MaskSecret(id),
			Detail: detectors.Text("AWS access key id without a secret access key nearby"), Confidence: detectors.ConfidenceMedium,
		})
		return
	}
	// The secret key is the credential; keyed on it, a secret found on
	// its own by the aws_secret_access_key pattern deduplicates with it.
	s.report(detectors.Finding{
		Rule: AWSAccessKeyRuleID, Line: l.num, Secret: secret,
		Masked:     detectors.MaskSecret(id) + " + " + detectors.MaskSecret(secret),
		Detail:     detectors.Text("AWS access key id with its secret access key"),
		Confidence: detectors.ConfidenceHigh,
	})
}

// looksRandom accepts a 40-character secret key candidate: mixed classes
// and high entropy, so paths and hex digests are not taken for one.
func looksRandom(b []byte) bool {
	var up, lo, dg bool
	for _, c := range b {
		switch {
		case 'A' <= c && c <= 'Z':
			up = true
		case 'a' <= c && c <= 'z':
			lo = true
		case '0' <= c && c <= '9':
			dg = true
		}
	}
	return up && lo && dg && entropy(string(b)) >= 4.2
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// pendingKey is a private key found inside a JSON string, held until the
// section ends to learn whether the JSON is a service account key.
type pendingKey struct {
	b *pemBlock
}

var serviceAccountRe = regexp.MustCompile(`"type"\s*:\s*"service_account"`)

func matchServiceAccount(s *session, l *line) {
	if serviceAccountRe.Match(l.text) {
		s.serviceAccount = true
	}
}

// flushJSONKeys reports the held JSON private keys.
func (s *session) flushJSONKeys() {
	for _, k := range s.jsonKeys {
		f, ok := k.b.finding()
		if !ok {
			continue
		}
		if s.serviceAccount {
			f.Rule = GCPServiceAccountRuleID
			f.Detail = detectors.Join(detectors.Text("Google Cloud service account key file ("), f.Detail, detectors.Text(")"))
		}
		s.report(f)
	}
	s.jsonKeys = nil
}
