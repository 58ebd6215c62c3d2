package secrets

// matcher is one line-level check woken by the prefilter when one of its
// keywords occurs on a line.
type matcher struct {
	name     string
	keywords []string
	// configOnly keywords are searched only in configuration files, so
	// common words ("pass", "token") cost nothing in prose and code.
	configOnly bool
	run        func(s *session, l *line)
}

// matchers is fixed at init; the prefilter masks index into it.
var matchers []matcher

func codeMatchers() []matcher {
	return []matcher{
		{name: "pem", keywords: []string{"-----begin"}, run: matchPEM},
		{name: "ppk", keywords: []string{"putty-user-key-file-"}, run: matchPPK},
		{name: "aws", keywords: []string{"akia", "asia", "abia", "acca"}, run: matchAWS},
		{name: "connstr", keywords: []string{"password", "pwd"}, run: matchConnString},
		{name: "url", keywords: []string{"://"}, run: matchURLCreds},
		{name: "jdbc-oracle", keywords: []string{"jdbc:oracle:"}, run: matchJDBCOracle},
		{name: "gpp", keywords: []string{"cpassword"}, run: matchGPP},
		{name: "unattend", keywords: []string{"password>", "<value>", "<plaintext>", "urn:schemas-microsoft-com:unattend"}, run: matchUnattend},
		{name: "sysprep-inf", keywords: []string{"adminpassword", "[guiunattended]"}, run: matchSysprepInf},
		{name: "rdp", keywords: []string{"51:b:"}, run: matchRDP},
		{name: "winscp", keywords: []string{"password", "sessions\\", "hostname=", "username=", `hostname"=`, `username"=`}, run: matchWinSCP},
		{name: "filezilla", keywords: []string{"<pass", "<filezilla"}, run: matchFileZilla},
		{name: "gcp", keywords: []string{"service_account"}, run: matchServiceAccount},
		{name: "bitwarden", keywords: []string{`"encrypted"`, `"login"`}, run: matchBitwarden},
	}
}

// compileMatchers builds the matcher list and both prefilters.
func compileMatchers() {
	// config-secret runs last on a line so it can skip values that a
	// more specific rule has reported.
	matchers = append(codeMatchers(), patternMatchers()...)
	matchers = append(matchers, matcher{name: "config", keywords: configKeywords, configOnly: true, run: matchConfigSecret})
	if len(matchers) > 64 {
		panic("secrets: more than 64 matchers")
	}
	base := map[string]uint64{}
	conf := map[string]uint64{}
	for i, m := range matchers {
		for _, k := range m.keywords {
			if !m.configOnly {
				base[k] |= 1 << uint(i)
			}
			conf[k] |= 1 << uint(i)
		}
	}
	pfBase = newPrefilter(base)
	pfConfig = newPrefilter(conf)
}
