package secrets

import (
	"github.com/credsweep/credsweep/detectors"
)

// Rule IDs. They are stable: GitHub code scanning keys alerts on them.
const (
	PrivateKeyRuleID            = "secret/private-key"
	EncryptedPrivateKeyRuleID   = "secret/private-key-encrypted"
	AWSAccessKeyRuleID          = "secret/aws-access-key"
	AWSAccessKeyIDRuleID        = "secret/aws-access-key-id"
	AzureStorageRuleID          = "secret/azure-storage-connection-string"
	AzureSASRuleID              = "secret/azure-sas-token"
	GCPServiceAccountRuleID     = "secret/gcp-service-account"
	GitHubTokenRuleID           = "secret/github-token"
	GitLabTokenRuleID           = "secret/gitlab-token"
	SlackTokenRuleID            = "secret/slack-token"
	SlackWebhookRuleID          = "secret/slack-webhook"
	GoogleAPIKeyRuleID          = "secret/google-api-key"
	StripeKeyRuleID             = "secret/stripe-key"
	SendGridKeyRuleID           = "secret/sendgrid-api-key"
	NPMTokenRuleID              = "secret/npm-token"
	PyPITokenRuleID             = "secret/pypi-token"
	OpenAIKeyRuleID             = "secret/openai-api-key"
	AnthropicKeyRuleID          = "secret/anthropic-api-key"
	ConnectionStringRuleID      = "secret/connection-string-password"
	GPPCPasswordRuleID          = "secret/gpp-cpassword"
	UnattendPasswordRuleID      = "secret/unattend-password"
	ConfigSecretRuleID          = "secret/config-secret"
	RDPPasswordRuleID           = "secret/rdp-password"
	WinSCPSessionRuleID         = "secret/winscp-session"
	FileZillaPasswordRuleID     = "secret/filezilla-password"
	KeePassDatabaseRuleID       = "secret/keepass-database"
	PasswordSafeDatabaseRuleID  = "secret/password-safe-database"
	PasswordManagerExportRuleID = "secret/password-manager-export"
	PKCS12RuleID                = "secret/pkcs12"
	JavaKeyStoreRuleID          = "secret/java-keystore"
	// EncryptedFileRuleID is reported by the scanner itself when an
	// archive, Office document or PDF is encrypted and could not be read.
	EncryptedFileRuleID = "secret/encrypted-file"
)

// ruleDoc is the human side of a rule; Help and HelpMarkdown are built from
// it so every rule answers the same three questions.
type ruleDoc struct {
	id, name, short string
	what, why, todo string
	severity        float64
	level           detectors.Level
	tags            []string
	perSecret       bool
}

const (
	todoRotate = "Revoke or rotate the credential now (assume it is compromised: anyone who could read the file could copy it), " +
		"then remove it from the file and the share, and keep it in a secret manager instead."
	todoPassword = "Change the password of the account now, remove the file or the value from the share, " +
		"and check the account's sign-in history for use by others."
)

var ruleDocs = []ruleDoc{
	{PrivateKeyRuleID, "Private key", "Unencrypted private key",
		"A PEM, OpenSSH, PGP or PuTTY private key that is not protected by a passphrase.",
		"Whoever copies the key can impersonate its owner: log in over SSH, decrypt TLS traffic, sign code or mail.",
		"Replace the key pair, remove the public key from every authorized_keys file, certificate or service that trusts it, and delete the private key from the share.",
		9.3, detectors.LevelError, []string{"secret", "private-key"}, true},
	{EncryptedPrivateKeyRuleID, "Encrypted private key", "Passphrase-protected private key",
		"A private key encrypted with a passphrase (PKCS#8 ENCRYPTED PRIVATE KEY, Proc-Type ENCRYPTED, encrypted OpenSSH or PuTTY key).",
		"The passphrase can be attacked offline, without limit; weak passphrases fall quickly.",
		"Move the key off the share; if the passphrase may be weak, replace the key pair.",
		6.5, detectors.LevelWarning, []string{"secret", "private-key"}, true},
	{AWSAccessKeyRuleID, "AWS access key", "AWS access key with secret",
		"An AWS access key id (AKIA…/ASIA…) together with its 40-character secret access key.",
		"The pair gives API access to the AWS account with the permissions of its IAM user or role.",
		"Deactivate and delete the key in IAM, review CloudTrail for its use, and issue a new key stored outside the share.",
		9.5, detectors.LevelError, []string{"secret", "cloud", "aws"}, true},
	{AWSAccessKeyIDRuleID, "AWS access key id", "AWS access key id without its secret",
		"An AWS access key id (AKIA…/ASIA…) with no secret access key next to it.",
		"The id alone is not enough to sign requests, but it names the account and often travels with its secret elsewhere.",
		"Find where the matching secret is kept; if it may be exposed too, deactivate the key in IAM.",
		5.0, detectors.LevelWarning, []string{"secret", "cloud", "aws"}, true},
	{AzureStorageRuleID, "Azure storage connection string", "Azure storage account key",
		"An Azure Storage connection string with an AccountKey.",
		"The account key gives full control of every blob, queue, table and file share in the storage account.",
		"Rotate the storage account key in the Azure portal and switch clients to managed identities or SAS with short expiry.",
		9.2, detectors.LevelError, []string{"secret", "cloud", "azure"}, true},
	{AzureSASRuleID, "Azure SAS token", "Azure shared access signature",
		"An Azure shared access signature (sv=…&sig=…) in a URL or connection string.",
		"Anyone with the URL gets the access it grants until it expires.",
		"Revoke it by rotating the key that signed it (or deleting its stored access policy); issue short-lived SAS instead.",
		8.0, detectors.LevelError, []string{"secret", "cloud", "azure"}, true},
	{GCPServiceAccountRuleID, "Google Cloud service account key", "Google Cloud service account key file",
		`A Google Cloud service account key in JSON ("type": "service_account" with "private_key").`,
		"The key authenticates as the service account, with all its IAM roles, until it is deleted.",
		"Delete the key in the Cloud console (IAM > Service accounts > Keys) and use workload identity instead of key files.",
		9.3, detectors.LevelError, []string{"secret", "cloud", "gcp"}, true},
	{GitHubTokenRuleID, "GitHub token", "GitHub access token",
		"A GitHub personal access token, OAuth, app or refresh token (ghp_, gho_, ghu_, ghs_, ghr_, github_pat_).",
		"It gives access to repositories and organisations with the owner's rights.",
		todoRotate + " Revoke it under GitHub Settings > Developer settings.",
		8.8, detectors.LevelError, []string{"secret", "token", "github"}, true},
	{GitLabTokenRuleID, "GitLab token", "GitLab access token",
		"A GitLab personal, project, deploy or runner token (glpat-, gldt-, glrt-, glptt-).",
		"It gives API and repository access with the owner's rights.",
		todoRotate, 8.5, detectors.LevelError, []string{"secret", "token", "gitlab"}, true},
	{SlackTokenRuleID, "Slack token", "Slack API token",
		"A Slack bot, user, app or refresh token (xoxb-, xoxp-, xoxa-, xoxr-, xoxs-).",
		"It reads and posts messages and files in the workspace.",
		todoRotate, 8.2, detectors.LevelError, []string{"secret", "token", "slack"}, true},
	{SlackWebhookRuleID, "Slack webhook", "Slack incoming webhook URL",
		"A Slack incoming webhook URL.",
		"Anyone with it can post messages into the channel, e.g. convincing phishing.",
		"Delete the webhook in the Slack app configuration and create a new one.",
		6.5, detectors.LevelWarning, []string{"secret", "token", "slack"}, true},
	{GoogleAPIKeyRuleID, "Google API key", "Google API key",
		"A Google API key (AIza…).",
		"Unrestricted keys can be used for billable Google APIs and to read data the key can reach.",
		"Restrict or regenerate the key in the Google Cloud console.",
		7.0, detectors.LevelWarning, []string{"secret", "cloud", "gcp"}, true},
	{StripeKeyRuleID, "Stripe live key", "Stripe live secret or restricted key",
		"A Stripe live secret (sk_live_) or restricted (rk_live_) key.",
		"It moves money and reads customer payment data.",
		"Roll the key in the Stripe dashboard.", 9.3, detectors.LevelError, []string{"secret", "token", "payment"}, true},
	{SendGridKeyRuleID, "SendGrid API key", "SendGrid API key",
		"A SendGrid API key (SG.…).", "It sends mail as your domain, a ready-made phishing tool.",
		todoRotate, 8.0, detectors.LevelError, []string{"secret", "token"}, true},
	{NPMTokenRuleID, "npm token", "npm access token",
		"An npm access token (npm_…).", "It can publish packages under the owner's name: a supply-chain risk.",
		todoRotate, 8.5, detectors.LevelError, []string{"secret", "token"}, true},
	{PyPITokenRuleID, "PyPI token", "PyPI API token",
		"A PyPI API token (pypi-AgEIcHlwaS5vcmc…).", "It can upload releases of the owner's packages.",
		todoRotate, 8.5, detectors.LevelError, []string{"secret", "token"}, true},
	{OpenAIKeyRuleID, "OpenAI API key", "OpenAI API key",
		"An OpenAI API key (sk-…T3BlbkFJ…, sk-proj-…).", "It is billed to the owner and can read the organisation's files and assistants.",
		todoRotate, 8.0, detectors.LevelError, []string{"secret", "token"}, true},
	{AnthropicKeyRuleID, "Anthropic API key", "Anthropic API key",
		"An Anthropic API key (sk-ant-api03-…).", "It is billed to the owner's organisation.",
		todoRotate, 8.0, detectors.LevelError, []string{"secret", "token"}, true},
	{ConnectionStringRuleID, "Connection string with password", "Database or service connection string with a password",
		"A connection string or URL with an embedded password: ADO.NET/ODBC (Password=, Pwd=), JDBC, or a URL such as postgres://user:pass@host.",
		"It gives direct access to the database or service, often with an administrative or shared account.",
		todoPassword + " Prefer integrated authentication or a secret store.",
		8.5, detectors.LevelError, []string{"secret", "password", "database"}, true},
	{GPPCPasswordRuleID, "Group Policy Preferences password", "Group Policy Preferences cpassword",
		"A cpassword attribute in a Group Policy Preferences file (Groups.xml, Services.xml, ScheduledTasks.xml, DataSources.xml, Drives.xml, Printers.xml).",
		"Microsoft published the AES key (MS-GPPREF), so every domain user who can read SYSVOL can decrypt it (MS14-025).",
		"Change the account's password, delete the preference item (or the whole file) from SYSVOL, and use LAPS or gMSA instead.",
		9.0, detectors.LevelError, []string{"secret", "password", "active-directory"}, true},
	{UnattendPasswordRuleID, "Unattended install password", "Password in an unattended Windows setup file",
		"An administrator, auto-logon or domain-join password in unattend.xml, autounattend.xml, sysprep.xml or sysprep.inf, in clear text or base64 (which is not encryption).",
		"These are often the local administrator password of every machine built from the image.",
		todoPassword + " Remove passwords from answer files; use LAPS for local administrators.",
		8.8, detectors.LevelError, []string{"secret", "password", "windows"}, true},
	{ConfigSecretRuleID, "Secret in configuration file", "Password, key or token in a configuration file",
		"A password, client secret, API key or token assigned in a configuration file (web.config, appsettings.json, .env, YAML, properties, INI).",
		"Configuration files are copied, backed up and shared; the value usually unlocks a production system.",
		todoRotate, 7.5, detectors.LevelError, []string{"secret", "password", "config"}, true},
	{RDPPasswordRuleID, "RDP saved password", "Saved password in an .rdp file",
		"A Remote Desktop connection file with a saved password (password 51:b:…).",
		"The password is DPAPI-encrypted: whoever runs code as the user (or has the user's DPAPI keys) can decrypt it.",
		"Delete the file or the password line and change the password if the file has been readable by others.",
		6.0, detectors.LevelWarning, []string{"secret", "password", "windows"}, true},
	{WinSCPSessionRuleID, "WinSCP stored password", "Stored WinSCP session password",
		"A password stored in a WinSCP session (WinSCP.ini or a registry export).",
		"WinSCP only obfuscates stored passwords; they decode without any key.",
		todoPassword + " Use a WinSCP master password or key authentication.",
		8.0, detectors.LevelError, []string{"secret", "password"}, true},
	{FileZillaPasswordRuleID, "FileZilla stored password", "Stored FileZilla site password",
		"A password in FileZilla's sitemanager.xml or recentservers.xml, in clear or base64.",
		"Base64 is not encryption: anyone who reads the file has the FTP/SFTP password.",
		todoPassword + " Set a FileZilla master password.",
		8.0, detectors.LevelError, []string{"secret", "password"}, true},
	{KeePassDatabaseRuleID, "KeePass database", "KeePass password database",
		"A KeePass 1.x (.kdb) or 2.x (.kdbx) password database, recognised by its signature.",
		"It is encrypted, but a copy can be attacked offline without limit; a weak master password exposes every entry.",
		"Keep password databases off shared folders; if the copy was readable by others, change the master password and the most important entries.",
		5.0, detectors.LevelWarning, []string{"secret", "password-manager"}, true},
	{PasswordSafeDatabaseRuleID, "Password Safe database", "Password Safe v3 database",
		"A Password Safe (.psafe3) database, recognised by its PWS3 signature.",
		"It is encrypted, but a copy can be attacked offline without limit.",
		"Keep password databases off shared folders; change the master passphrase if it may be weak.",
		5.0, detectors.LevelWarning, []string{"secret", "password-manager"}, true},
	{PasswordManagerExportRuleID, "Unencrypted password manager export", "Unencrypted password manager export",
		`An unencrypted Bitwarden JSON export ("encrypted": false with login items).`,
		"Every saved password is in clear text in the file.",
		"Delete the export everywhere it was copied and change the passwords it holds.",
		9.0, detectors.LevelError, []string{"secret", "password", "password-manager"}, false},
	{PKCS12RuleID, "PKCS#12 key store", "PKCS#12 (.pfx/.p12) file with a private key",
		"A PKCS#12 file (.pfx, .p12), which normally holds a certificate and its private key.",
		"The password protecting it is often empty or weak, and the private key can sign or impersonate the certificate's subject.",
		"Remove the file from the share; if its password may be weak, reissue the certificate and revoke the old one.",
		7.0, detectors.LevelWarning, []string{"secret", "private-key", "certificate"}, true},
	{JavaKeyStoreRuleID, "Java key store", "Java KeyStore (JKS/JCEKS) file",
		"A Java KeyStore or JCEKS file, which often holds private keys.",
		"Key store passwords are often the default (changeit) and the keys can be extracted offline.",
		"Remove the file from the share and reissue the keys if the password may be weak.",
		5.5, detectors.LevelWarning, []string{"secret", "private-key", "certificate"}, true},
	{EncryptedFileRuleID, "Encrypted or password-protected file", "Encrypted file that could not be inspected",
		"An archive, Office document or PDF protected with a password, so its content was not scanned.",
		"Its content is unknown; password-protected files on shares often hold exactly the data someone wanted to protect, and the password is often stored nearby.",
		"Check with the owner what the file holds and whether it belongs on the share.",
		4.0, detectors.LevelWarning, []string{"secret", "encrypted"}, false},
}

// buildRules turns ruleDocs into detectors.Rules once.
func buildRules() []detectors.Rule {
	out := make([]detectors.Rule, 0, len(ruleDocs))
	for _, d := range ruleDocs {
		tags := append([]string(nil), d.tags...)
		out = append(out, detectors.Rule{
			ID:    d.id,
			Name:  d.name,
			Short: d.short,
			Full:  d.what + " " + d.why,
			Help:  "What: " + d.what + "\nWhy it matters: " + d.why + "\nWhat to do: " + d.todo,
			HelpMarkdown: "**What:** " + d.what + "\n\n**Why it matters:** " + d.why +
				"\n\n**What to do:** " + d.todo + "\n\nThe finding never shows the secret itself; open the file to see it.",
			Severity:  d.severity,
			Level:     d.level,
			Tags:      tags,
			PerSecret: d.perSecret,
			Samples:   samplesFor(d.id),
		})
	}
	return out
}
