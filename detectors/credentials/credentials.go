// Package credentials finds user names with passwords in text: tables of
// identities with a password column (the Bergen case), combo lists, pairs
// written in notes and mails, LDIF exports, htpasswd files, shadow/passwd
// backups, Windows hash dumps and .netrc files.
//
// Every rule reports one Finding per credential (row, pair or hash) with
// Secret = a normalised "user\x00password" string, so the scanner's count of
// distinct Secrets is the number of leaked credentials in a file. Passwords
// never reach Masked or Detail.
//
// Password-manager and browser exports in CSV form (KeePass, Bitwarden,
// LastPass, 1Password, Chrome, Firefox) are tables of logins and are
// reported as credentials/password-table, one count per login with a
// password. That is the triage a security team runs on them: every row is
// an account to rotate, exactly as for a class list, and the count says how
// many. secret/password-manager-export (package secrets) is kept for
// vault formats that are not tables, such as Bitwarden's unencrypted JSON,
// so no export is reported under two rules. Account tables written as SQL
// (INSERT, COPY), JSON or XML records are password tables too; hashed
// password columns are not counted.
package credentials

import (
	"path"
	"strings"

	"github.com/credsweep/credsweep/detectors"
)

// Rule IDs. They are stable: GitHub code scanning keys alerts on them.
const (
	RulePasswordTable  = "credentials/password-table"
	RuleComboList      = "credentials/combo-list"
	RulePasswordInText = "credentials/password-in-text"
	RuleLDIFPassword   = "credentials/ldif-password"
	RuleHtpasswd       = "credentials/htpasswd"
	RuleUnixShadow     = "credentials/unix-shadow"
	RuleHashDump       = "credentials/hash-dump"
	RuleNetrc          = "credentials/netrc"
)

// detector is stateless: everything per section lives in a session.
type detector struct{}

// New returns the credentials detector. It is safe for concurrent use.
func New() detectors.Detector { return detector{} }

// Rules lists every rule the detector reports.
func (detector) Rules() []detectors.Rule { return append([]detectors.Rule(nil), rules...) }

// NewSession starts reading one section.
func (detector) NewSession(sec detectors.Section) detectors.Session {
	s := &session{sec: sec, colon: noColonYet}
	base := strings.ToLower(path.Base(strings.ReplaceAll(sec.File, "\\", "/")))
	s.template = isTemplateName(base)
	s.nrc.named = isNetrcName(base)
	s.secretFile = isSecretFormat(base)
	if isJSONName(base) {
		s.json = &jsonRecords{}
	}
	s.xmlOn = strings.HasSuffix(base, ".xml") && !s.secretFile
	if !sec.Table {
		s.codeLike = isCodeExt(path.Ext(base))
	}
	s.buffering = true
	return s
}

// isTemplateName reports names of example/template files (.env.example,
// config.sample.ini) whose passwords are placeholders by intent.
func isTemplateName(base string) bool {
	for _, w := range []string{"example", "sample", "template", ".dist", "skeleton", "placeholder", "dummy"} {
		if strings.Contains(base, w) {
			return true
		}
	}
	return false
}

// isSecretFormat reports configuration files whose user and password
// fields the secrets detector reports under its own rules (saved sessions,
// answer files, Group Policy Preferences, .NET config): a second result
// for the same password here would only be noise.
func isSecretFormat(base string) bool {
	switch base {
	case "winscp.ini", "sitemanager.xml", "recentservers.xml", "filezilla.xml", "unattend.xml",
		"autounattend.xml", "sysprep.xml", "sysprep.inf", "groups.xml", "services.xml", "scheduledtasks.xml",
		"datasources.xml", "drives.xml", "printers.xml", "web.config", "app.config":
		return true
	}
	switch path.Ext(base) {
	case ".rdp", ".config":
		return true
	}
	return false
}

// isCodeExt reports source and configuration extensions where "key:value"
// lines are syntax, not combo lists, and where a lone password without a
// user belongs to the secrets detectors.
func isCodeExt(ext string) bool {
	switch ext {
	case ".go", ".py", ".js", ".mjs", ".ts", ".tsx", ".jsx", ".java", ".kt", ".c", ".h", ".cc", ".cpp", ".hpp",
		".cs", ".rb", ".php", ".rs", ".swift", ".scala", ".css", ".scss", ".less", ".html", ".htm", ".xml",
		".json", ".yml", ".yaml", ".toml", ".ini", ".cfg", ".conf", ".properties", ".sh", ".bash", ".ps1",
		".psm1", ".bat", ".cmd", ".sql", ".lua", ".pl", ".r", ".vue", ".svelte", ".gradle", ".tf", ".env",
		".log", ".svg", ".lock", ".mod", ".sum":
		return true
	}
	return false
}
