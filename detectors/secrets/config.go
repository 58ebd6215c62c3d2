package secrets

import (
	"path"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/credsweep/credsweep/detectors"
)

// configKind says how a configuration file writes key/value pairs.
type configKind int

const (
	configNone configKind = iota
	configXML             // web.config, app.config, *.xml: <add key value>, attributes
	configJSON            // appsettings.json and friends
	configKV              // .env, .properties, .ini, .conf, YAML, TOML
)

// configKeywords wake config-secret; only config files search for them.
var configKeywords = []string{"pass", "pwd", "secret", "token", "apikey", "api_key", "api-key", "private_key", "privatekey", "access_key", "accesskey"}

// classify derives hints from the file name.
func (s *session) classify() {
	base := fileBase(s.sec.File)
	ext := path.Ext(base)
	switch base {
	case "unattend.xml", "autounattend.xml", "sysprep.xml":
		s.unattend = true
	case "sysprep.inf", "unattend.txt", "winnt.sif":
		s.sysprepInf = true
	case "winscp.ini":
		s.winscp = true
	case "sitemanager.xml", "recentservers.xml", "filezilla.xml":
		s.filezilla = true
	}
	if strings.Contains(base, "unattend") && ext == ".xml" {
		s.unattend = true
	}
	s.gppFile = gppFiles[base]
	for _, w := range []string{".example", ".sample", ".template", ".dist", ".tmpl", ".tpl", ".default", "example.", "sample.", "template."} {
		if strings.Contains(base, w) {
			s.configSkip = true
		}
	}
	switch {
	case s.configSkip || !s.gppFile.IsZero():
	case strings.HasPrefix(base, ".env") || ext == ".env":
		s.config = configKV
	case ext == ".config" || ext == ".xml":
		s.config = configXML
	case ext == ".json":
		for _, w := range []string{"appsettings", "secret", "settings", "config", "credential", "parameters"} {
			if strings.Contains(base, w) {
				s.config = configJSON
			}
		}
	case ext == ".properties", ext == ".ini", ext == ".conf", ext == ".cfg", ext == ".cnf",
		ext == ".toml", ext == ".yml", ext == ".yaml", base == "credentials", base == ".netrc":
		s.config = configKV
	}
}

// secretWords in a normalised key name make it a secret key.
var secretWords = []string{"password", "passwd", "passphrase", "pwd", "secret", "apikey", "apitoken",
	"accesstoken", "authtoken", "accesskey", "privatekey", "token"}

// metaSuffixes end key names that describe a secret rather than hold one.
var metaSuffixes = []string{"url", "uri", "endpoint", "path", "file", "filename", "name", "length", "len",
	"expiry", "expires", "expiration", "timeout", "lifetime", "ttl", "policy", "regex", "pattern", "type",
	"enabled", "enable", "required", "field", "header", "hint", "label", "prompt", "format", "count",
	"attempts", "reset", "hash", "salt", "algorithm", "mode", "version", "store", "provider", "location",
	"env", "var", "id", "ref", "reference", "min", "max", "age", "days", "validity", "complexity", "through",
	"rotation", "issuer", "tokens", "authentication", "secrets", "audience", "source", "kind", "dir", "command", "cmd", "helper", "storage", "changed"}

// isSecretKey reports whether a key name holds a secret: it contains a
// secret word and does not end in a descriptive suffix.
func isSecretKey(k string) bool {
	n := normKey(k)
	if n == "" || n == "cpassword" || len(n) > 64 {
		return false
	}
	for _, suf := range metaSuffixes {
		if strings.HasSuffix(n, suf) {
			return false
		}
	}
	for _, bad := range notSecretWords {
		if strings.Contains(n, bad) {
			return false
		}
	}
	for _, w := range secretWords {
		if strings.Contains(n, w) {
			return true
		}
	}
	// "db_pass", "smtppass", but not "compass" (see notSecretWords).
	return strings.HasSuffix(n, "pass")
}

// notSecretWords contain a secret word by accident.
var notSecretWords = []string{"bypass", "compass", "passthrough", "passive", "passport", "surpass", "passenger",
	"passage", "passwordless", "publickey", "tokenizer", "maxtoken", "mintoken", "secretary", "pwdlastset"}

// normKey lower-cases a key and drops separators: "Smtp:Password" ->
// "smtppassword".
func normKey(k string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 'A' && r <= 'Z':
			return r + 'a' - 'A'
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			return r
		}
		return -1
	}, k)
}

var (
	jsonPairRe   = regexp.MustCompile(`"([^"\\]{1,80})"\s*:\s*"((?:[^"\\]|\\.){0,512})"`)
	kvLineRe     = regexp.MustCompile(`^\s*(?:-\s+)?(?:export\s+)?["']?([A-Za-z0-9_.\-\[\]:]{1,80})["']?\s*[:=]\s*(.*?)\s*$`)
	xmlAddRe     = regexp.MustCompile(`(?i)<add\s[^>]*>`)
	xmlAttrRe    = regexp.MustCompile(`([A-Za-z_:][A-Za-z0-9_.:\-]*)\s*=\s*"([^"]*)"`)
	xmlElementRe = regexp.MustCompile(`<([A-Za-z_][A-Za-z0-9_.\-]*)>([^<]{1,512})</([A-Za-z_][A-Za-z0-9_.\-]*)>`)
)

// matchConfigSecret reports secret-named keys with real values in
// configuration files.
func matchConfigSecret(s *session, l *line) {
	t := l.text
	switch s.config {
	case configJSON:
		for _, m := range jsonPairRe.FindAllSubmatch(t, -1) {
			s.configValue(l, string(m[1]), strings.ReplaceAll(string(m[2]), `\\`, `\`))
		}
	case configKV:
		if m := kvLineRe.FindSubmatch(t); m != nil {
			v := string(m[2])
			if len(v) > 0 && v[0] != '"' && v[0] != '\'' {
				if i := strings.Index(v, " #"); i >= 0 {
					v = v[:i]
				}
			}
			v = strings.TrimSuffix(strings.TrimSpace(v), ",")
			s.configValue(l, string(m[1]), trimQuotes(v))
		}
	case configXML:
		for _, tag := range xmlAddRe.FindAll(t, -1) {
			var key, val string
			for _, a := range xmlAttrRe.FindAllSubmatch(tag, -1) {
				switch strings.ToLower(string(a[1])) {
				case "key", "name":
					key = string(a[2])
				case "value":
					val = string(a[2])
				}
			}
			if key != "" {
				s.configValue(l, key, xmlEntities.Replace(val))
			}
		}
		for _, a := range xmlAttrRe.FindAllSubmatch(t, -1) {
			// A bare "pass" attribute is a phase or flag in XML, not a secret.
			if k := strings.ToLower(string(a[1])); k != "key" && k != "value" && k != "name" && k != "pass" {
				s.configValue(l, string(a[1]), xmlEntities.Replace(string(a[2])))
			}
		}
		for _, m := range xmlElementRe.FindAllSubmatch(t, -1) {
			if string(m[1]) == string(m[3]) && !s.unattend && isSecretKey(string(m[1])) {
				s.holdElement(l.num, string(m[1]), xmlEntities.Replace(string(m[2])))
			}
		}
	}
}

func (s *session) configValue(l *line, key, val string) {
	if s.configSkip || s.unattend || !isSecretKey(key) {
		return
	}
	val = strings.TrimSpace(val)
	if utf8.RuneCountInString(val) < 4 || len(val) > 512 || isPlaceholder(val) || isVarRef(val) ||
		strings.ContainsAny(val, " \t") || strings.ContainsAny(val[:1], "!|>&*") || s.reported(val) ||
		strings.Contains(val, "://") || strings.EqualFold(val, key) {
		return
	}
	if isDigits(val) && !strings.Contains(normKey(key), "pass") && !strings.Contains(normKey(key), "pwd") {
		return // max_tokens: 4096, token_ttl: 3600
	}
	masked := key + "=" + detectors.MaskSecret(val)
	if strings.Contains(masked, val) {
		// The key name quotes the value (0PASSWORD=ASSWORD'): leave it out.
		masked = detectors.MaskSecret(val)
	}
	detail := detectors.Join(detectors.Text("value of "), keyName(key), detectors.Text(" in a configuration file"))
	s.report(detectors.Finding{
		Rule:       ConfigSecretRuleID,
		Line:       l.num,
		Secret:     val,
		Masked:     masked,
		Detail:     detail,
		Confidence: detectors.ConfidenceMedium,
	})
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// An XML element <password>x</password> is a configuration secret when a
// file has one or two of them; when the same element name holds three or
// more values the file is an account export (<user><username/><password/>
// </user> records), which credentials/password-table reports with one
// count per account. Reporting each value here too would only double the
// alert, so element values wait for Finish.
const (
	xmlRecordMin   = 3   // same-named password elements that make an export
	maxHeldElement = 256 // element values held per section
)

type heldElement struct {
	num      int
	key, val string
}

func (s *session) holdElement(num int, key, val string) {
	if len(s.xmlHeld) < maxHeldElement {
		s.xmlHeld = append(s.xmlHeld, heldElement{num, key, val})
	}
}

// flushElements reports the held element values of element names that
// occur fewer than xmlRecordMin times.
func (s *session) flushElements() {
	if len(s.xmlHeld) == 0 {
		return
	}
	per := map[string]int{}
	for _, h := range s.xmlHeld {
		per[h.key]++
	}
	for _, h := range s.xmlHeld {
		if per[h.key] < xmlRecordMin {
			s.configValue(&line{num: h.num}, h.key, h.val)
		}
	}
	s.xmlHeld = nil
}
