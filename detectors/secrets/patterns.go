package secrets

import (
	"regexp"

	"github.com/credsweep/credsweep/detectors"
)

// pattern is a rule that one regular expression describes well (a token
// with a fixed prefix and shape). Every pattern carries true- and
// false-positive samples that patterns_test.go runs.
type pattern struct {
	rule     string
	keywords []string // lower case, at least 2 bytes; wake the pattern
	re       string   // run on the line; group holds the secret
	group    int
	// requireLine, if set, must also match the line (context such as
	// "sv=" next to an Azure "sig=").
	requireLine string
	minEntropy  float64  // bits per byte of the secret
	allow       []string // regexps; a matching secret is a known example
	confidence  detectors.Confidence
	tp, fp      []string // samples: each tp line yields a finding, fp none
}

// exampleAllow covers the values documentation and tests use.
const exampleAllow = `(?i)example|dummy|sample|placeholder|x{8,}|0{10,}|1234567890|abcdefghij|fake|your`

var patterns = []pattern{
	{
		rule:       GitHubTokenRuleID,
		keywords:   []string{"ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_"},
		re:         `(?:^|[^A-Za-z0-9_])((?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{36}|github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59})(?:[^A-Za-z0-9_]|$)`,
		group:      1,
		minEntropy: 3.5,
		allow:      []string{exampleAllow},
		confidence: detectors.ConfidenceHigh,
		tp: []string{
			`GITHUB_TOKEN=ghp_R3kT9vLq2ZxW8mNb4YcH7uJd1PsA6fGe0Ko5`,
			`url = https://x-access-token:ghs_Q8wE2rT6yU1iO9pA3sD7fG5hJ4kL0zXcVbN2@github.com/org/repo`,
			`token: github_pat_11ABCDEFG0kT9vLq2ZxW8m_Nb4YcH7uJd1PsA6fGe0Ko5R3kT9vLq2ZxW8mNb4YcH7uJd1PsA6fGe0Ko5Q`,
		},
		fp: []string{
			`GITHUB_TOKEN=ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx`,
			`export GITHUB_TOKEN=ghp_yourtokenhere`,
			`see https://docs.github.com/ghp_ for details`,
		},
	},
	{
		rule:       GitLabTokenRuleID,
		keywords:   []string{"glpat-", "gldt-", "glrt-", "glptt-"},
		re:         `(?:^|[^A-Za-z0-9_-])((?:glpat|gldt|glrt|glptt)-[A-Za-z0-9_-]{20,64})(?:[^A-Za-z0-9_-]|$)`,
		group:      1,
		minEntropy: 3.3,
		allow:      []string{exampleAllow},
		confidence: detectors.ConfidenceHigh,
		tp:         []string{`PRIVATE-TOKEN: glpat-Zk3Rq9VbT2xLw7NmP4sY`, `"token": "glrt-8Hq2Lm5Nx9Pz3Rb7Tv1W"`},
		fp:         []string{`token = glpat-xxxxxxxxxxxxxxxxxxxx`, `glpat-EXAMPLE1234567890abc`, `glpat-short`},
	},
	{
		rule:       SlackTokenRuleID,
		keywords:   []string{"xoxb-", "xoxa-", "xoxp-", "xoxr-", "xoxs-"},
		re:         `(?:^|[^A-Za-z0-9])(xox[baprs]-[0-9]{6,}-[0-9A-Za-z]{6,}(?:-[0-9A-Za-z]{6,}){0,3})(?:[^A-Za-z0-9-]|$)`,
		group:      1,
		minEntropy: 3.0,
		allow:      []string{exampleAllow},
		confidence: detectors.ConfidenceHigh,
		tp:         []string{`SLACK_BOT_TOKEN=xoxb-2718281828-3141592653589-Hq7Rk2Lm9Nx4Pz8Tv3Wb6Yc1`},
		fp:         []string{`SLACK_BOT_TOKEN=xoxb-your-token-here`, `xoxb-0000000000-0000000000000-xxxxxxxxxxxxxxxxxxxxxxxx`},
	},
	{
		rule:       SlackWebhookRuleID,
		keywords:   []string{"hooks.slack.com"},
		re:         `(https://hooks\.slack\.com/(?:services|workflows|triggers)/[A-Za-z0-9]{8,12}/[A-Za-z0-9]{8,12}/[A-Za-z0-9]{20,30})`,
		group:      1,
		minEntropy: 3.0,
		allow:      []string{exampleAllow, `T00000000|B00000000`},
		confidence: detectors.ConfidenceHigh,
		tp:         []string{`webhook: https://hooks.slack.com/services/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`},
		fp:         []string{`https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX`, `see hooks.slack.com/services`},
	},
	{
		rule:       GoogleAPIKeyRuleID,
		keywords:   []string{"aiza"},
		re:         `(?:^|[^A-Za-z0-9_-])(AIza[0-9A-Za-z_-]{35})(?:[^0-9A-Za-z_-]|$)`,
		group:      1,
		minEntropy: 3.5,
		allow:      []string{exampleAllow},
		confidence: detectors.ConfidenceHigh,
		tp:         []string{`const key = "AIzaSyC7qR2vX9mL4tN8pW3kZ6hJ1bF5dG0eS3a";`},
		fp:         []string{`key=AIzaSyXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX`, `AIzaSy-your-api-key`, `Aizawa was here`},
	},
	{
		rule:       AzureStorageRuleID,
		keywords:   []string{"accountkey="},
		re:         `(?i)AccountKey=([A-Za-z0-9+/]{86}==)`,
		group:      1,
		minEntropy: 4.5,
		// Azurite's well-known development key is public.
		allow:      []string{exampleAllow, `^Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==$`},
		confidence: detectors.ConfidenceHigh,
		tp: []string{
			`<add name="Storage" connectionString="DefaultEndpointsProtocol=https;AccountName=contosodata;AccountKey=q8Vn3LxR7tZp2YwK9bHd4MfJ6sGc1QeA5uNr0oTi8PvWl3XyE7zBm2KjD9hFg4Sa6CqU1nRt5LeO0pIw3VbXz7==;EndpointSuffix=core.windows.net"/>`,
		},
		fp: []string{
			`DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;`,
			`AccountKey=<your-account-key>`,
		},
	},
	{
		rule:        AzureSASRuleID,
		keywords:    []string{"sig="},
		re:          `[?&;"'\s]sig=([A-Za-z0-9%+/]{30,}(?:=|%3[Dd]){0,2})`,
		group:       1,
		requireLine: `(?:^|[?&;"'\s])sv=\d{4}-\d{2}-\d{2}`,
		minEntropy:  3.5,
		allow:       []string{exampleAllow},
		confidence:  detectors.ConfidenceHigh,
		tp: []string{
			`https://contoso.blob.core.windows.net/backup?sv=2022-11-02&ss=b&srt=co&sp=rwdlac&se=2026-12-31T23:59:59Z&st=2024-01-01T00:00:00Z&spr=https&sig=Xq7R2kLm9Nx4Pz8Tv3Wb6Yc1Hd5Jf0Gs2Ae7Ku3Mo9Q%3D`,
		},
		fp: []string{`https://example.com/?sig=abc&sv=2020-01-01`, `the sig= parameter is described below`},
	},
	{
		rule:       StripeKeyRuleID,
		keywords:   []string{"sk_live_", "rk_live_"},
		re:         `(?:^|[^A-Za-z0-9_])((?:sk|rk)_live_[0-9A-Za-z]{24,99})(?:[^0-9A-Za-z]|$)`,
		group:      1,
		minEntropy: 3.5,
		allow:      []string{exampleAllow},
		confidence: detectors.ConfidenceHigh,
		tp:         []string{`Stripe.api_key = "sk_live_51Hq7Rk2Lm9Nx4Pz8Tv3Wb6Yc1Hd5Jf0Gs"`},
		fp:         []string{`sk_live_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx`, `sk_test_51Hq7Rk2Lm9Nx4Pz8Tv3Wb6Yc1Hd5Jf0Gs`},
	},
	{
		rule:       SendGridKeyRuleID,
		keywords:   []string{"sg."},
		re:         `(?:^|[^A-Za-z0-9_])(SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43})(?:[^A-Za-z0-9_-]|$)`,
		group:      1,
		minEntropy: 4.0,
		allow:      []string{exampleAllow},
		confidence: detectors.ConfidenceHigh,
		tp:         []string{`SENDGRID_API_KEY=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`},
		fp:         []string{`SG.xxxxxxxxxxxxxxxxxxxxxx.xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx`, `see SG. section`},
	},
	{
		rule:       NPMTokenRuleID,
		keywords:   []string{"npm_"},
		re:         `(?:^|[^A-Za-z0-9_])(npm_[A-Za-z0-9]{36})(?:[^A-Za-z0-9]|$)`,
		group:      1,
		minEntropy: 3.5,
		allow:      []string{exampleAllow},
		confidence: detectors.ConfidenceHigh,
		tp:         []string{`//registry.npmjs.org/:_authToken=npm_Hq7Rk2Lm9Nx4Pz8Tv3Wb6Yc1Hd5Jf0Gs2Ae7`},
		fp:         []string{`npm_config_cache=/tmp/npm_cache_directory_for_build_12`, `npm_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx`},
	},
	{
		rule:       PyPITokenRuleID,
		keywords:   []string{"pypi-ageichlwas5vcmc"},
		re:         `(pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{50,})`,
		group:      1,
		minEntropy: 4.0,
		allow:      []string{exampleAllow},
		confidence: detectors.ConfidenceHigh,
		tp:         []string{`password = pypi-AgEIcHlwaS5vcmcCJDhkMjU0ZGM5LTFhYjAtNDNmOC1hMmQ3LTY0MWQxODRmYjE4NQACKlszLCI0ZGQ`},
		fp:         []string{`password = pypi-AgEIcHlwaS5vcmc`},
	},
	{
		rule:       OpenAIKeyRuleID,
		keywords:   []string{"t3blbkfj", "sk-proj-", "sk-svcacct-", "sk-admin-"},
		re:         `(?:^|[^A-Za-z0-9_-])(sk-(?:proj|svcacct|admin)-[A-Za-z0-9_-]{80,200}|sk-[A-Za-z0-9]{20}T3BlbkFJ[A-Za-z0-9]{20})(?:[^A-Za-z0-9_-]|$)`,
		group:      1,
		minEntropy: 4.0,
		allow:      []string{exampleAllow},
		confidence: detectors.ConfidenceHigh,
		tp: []string{
			`OPENAI_API_KEY=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`,
			`OPENAI_API_KEY="sk-proj-Hq7Rk2Lm9Nx4Pz8Tv3Wb6Yc1Hd5Jf0Gs2Ae7Ku3Mo9QzX4bN6vC8wE1rT5yU7iO3pLa2Sd4Fg6Hj8Kl0Zx1Cv3Bn5Mq7We9Rt"`,
		},
		fp: []string{`OPENAI_API_KEY=sk-proj-your-key`, `sk-xxxxxxxxxxxxxxxxxxxxT3BlbkFJxxxxxxxxxxxxxxxxxxxx`},
	},
	{
		rule:       AnthropicKeyRuleID,
		keywords:   []string{"sk-ant-"},
		re:         `(?:^|[^A-Za-z0-9_-])(sk-ant-(?:api03|admin01)-[A-Za-z0-9_-]{80,120})(?:[^A-Za-z0-9_-]|$)`,
		group:      1,
		minEntropy: 4.0,
		allow:      []string{exampleAllow},
		confidence: detectors.ConfidenceHigh,
		tp:         []string{`ANTHROPIC_API_KEY=sk-ant-api03-Hq7Rk2Lm9Nx4Pz8Tv3Wb6Yc1Hd5Jf0Gs2Ae7Ku3Mo9QzX4bN6vC8wE1rT5yU7iO3pLa2Sd4Fg6Hj8Kl0Zx1Cv3Bn5-AA`},
		fp:         []string{`ANTHROPIC_API_KEY=sk-ant-api03-...`},
	},
	{
		rule:       AWSAccessKeyRuleID,
		keywords:   []string{"secret_access_key", "secretaccesskey", "secret-access-key"},
		re:         `(?i)secret[_-]?access[_-]?key["']?\s*[:=]\s*["']?([A-Za-z0-9/+]{40})(?:[^A-Za-z0-9/+=]|$)`,
		group:      1,
		minEntropy: 4.0,
		allow:      []string{exampleAllow},
		confidence: detectors.ConfidenceHigh,
		tp:         []string{`aws_secret_access_key = q8Vn3LxR7tZp2YwK9bHd4MfJ6sGc1QeA5uNr0oTi`},
		fp:         []string{`aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY`, `aws_secret_access_key = ${AWS_SECRET}`},
	},
}

// compiledPattern is a pattern ready to run.
type compiledPattern struct {
	pattern
	re, require *regexp.Regexp
	allow       []*regexp.Regexp
}

func compilePattern(p pattern) *compiledPattern {
	c := &compiledPattern{pattern: p, re: regexp.MustCompile(p.re)}
	if p.requireLine != "" {
		c.require = regexp.MustCompile(p.requireLine)
	}
	for _, a := range p.allow {
		c.allow = append(c.allow, regexp.MustCompile(a))
	}
	return c
}

// patternMatchers wraps each pattern as a matcher.
func patternMatchers() []matcher {
	out := make([]matcher, 0, len(patterns))
	for _, p := range patterns {
		c := compilePattern(p)
		out = append(out, matcher{name: p.rule, keywords: p.keywords, run: c.run})
	}
	return out
}

// secrets returns the accepted secrets of the pattern in text.
func (c *compiledPattern) secrets(text []byte) []string {
	if c.require != nil && !c.require.Match(text) {
		return nil
	}
	var out []string
	for _, m := range c.re.FindAllSubmatch(text, -1) {
		sec := string(m[c.group])
		if entropy(sec) < c.minEntropy {
			continue
		}
		allowed := false
		for _, a := range c.allow {
			if a.MatchString(sec) {
				allowed = true
				break
			}
		}
		if !allowed {
			out = append(out, sec)
		}
	}
	return out
}

func (c *compiledPattern) run(s *session, l *line) {
	for _, sec := range c.secrets(l.text) {
		s.report(detectors.Finding{
			Rule:       c.rule,
			Line:       l.num,
			Secret:     sec,
			Masked:     detectors.MaskSecret(sec),
			Confidence: c.confidence,
		})
	}
}
