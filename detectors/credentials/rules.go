package credentials

import "github.com/credsweep/credsweep/detectors"

// ruleText builds a Rule whose Help and HelpMarkdown say the same thing.
func ruleText(id, name, short, full, what, todo string, sev float64, tags ...string) detectors.Rule {
	return detectors.Rule{
		ID:    id,
		Name:  name,
		Short: short,
		Full:  full,
		Help:  what + "\n\nWhat to do: " + todo,
		HelpMarkdown: "**" + name + "**\n\n" + what + "\n\n**What to do:** " + todo +
			"\n\nThe count of a result is the number of distinct credentials found in the file; " +
			"credsweep never prints the passwords themselves.",
		Severity: sev,
		Level:    detectors.LevelError,
		Tags:     append([]string{"credentials", "password"}, tags...),
	}
}

const resetAdvice = "treat every listed password as known to anyone who could read the file: reset them " +
	"(force a change at next logon), check sign-in logs for misuse, enable two-factor authentication, " +
	"then delete the file and any copies, or move it to a place only its owners can read. " +
	"Hand out new passwords individually instead of in shared lists."

var rules = []detectors.Rule{
	ruleText(RulePasswordTable, "Password table",
		"Table of user names with clear-text passwords",
		"A spreadsheet or CSV/TSV table (or a JSON export of account records) lists identities (user names, "+
			"e-mail addresses or names) next to a column of clear-text passwords, like the class lists that "+
			"exposed 35,000 pupils and staff in Bergen.",
		"A table with a password column (passord, lösenord, adgangskode, salasana, lykilorð, Kennwort, "+
			"password, ...) and one row per person. Anyone who can open the file can log in as every person "+
			"in it. Rows whose password cell is empty, masked (********) or a placeholder are not counted; "+
			"placeholders such as changeme count only in a start-password column (Startpassord, Initial "+
			"password), where a default repeated on every row is still valid for each account.",
		resetAdvice, 9.5, "table", "pii"),
	ruleText(RuleComboList, "Combo list",
		"List of user:password or e-mail:password lines",
		"A block of lines of the form user:password, e-mail:password or user;password, the format of "+
			"credential dumps and of lists handed out by administrators.",
		"Combo lists are what attackers use for credential stuffing. If the accounts are yours, the "+
			"passwords are compromised.",
		resetAdvice, 9.0, "combo-list"),
	ruleText(RulePasswordInText, "Password in text",
		"User name and password written in a note, mail or document",
		"Free text gives a user name and its password (\"Brukernavn: ... Passord: ...\", \"Användarnamn / "+
			"Lösenord\", \"Username ... Password ...\", \"your password is ...\") in any of the Nordic "+
			"languages, English or German.",
		"Passwords sent in mails or kept in notes and documents stay readable by everyone who can read "+
			"the mailbox or folder, long after they were needed.",
		"reset the password, enable two-factor authentication, delete the note or mail, and hand out "+
			"passwords through a channel that does not keep them (a password manager share or a one-time link).",
		8.5, "free-text"),
	ruleText(RuleLDIFPassword, "LDIF userPassword",
		"LDAP export with userPassword attributes",
		"An LDIF file contains userPassword attributes, clear text or salted hashes ({SSHA}, {CRYPT}, ...).",
		"LDAP exports with password attributes let anyone read clear-text passwords or crack the hashes offline.",
		"reset the passwords of the exported accounts, delete the export, and export directories without "+
			"the userPassword attribute.",
		9.0, "ldap", "hash"),
	ruleText(RuleHtpasswd, "htpasswd file",
		"Apache/nginx htpasswd entries with password hashes",
		"Lines user:hash with an htpasswd hash ($apr1$, {SHA}, bcrypt $2y$, SHA-crypt).",
		"htpasswd hashes, above all {SHA} and $apr1$, are cheap to crack; a copy outside the web server "+
			"exposes the accounts it protects.",
		"change the passwords, prefer bcrypt (htpasswd -B), and remove the copy.",
		8.5, "hash", "web"),
	ruleText(RuleUnixShadow, "Unix shadow/passwd backup",
		"Unix shadow or passwd lines with real password hashes",
		"Lines of /etc/shadow or /etc/passwd whose password field holds a real crypt hash ($6$, $5$, $y$, "+
			"$1$, $2b$ ...). Locked and disabled accounts (*, !, !!, x) are not counted.",
		"A shadow backup gives attackers every local password hash to crack offline, often including root.",
		"change the passwords of the listed accounts (root first), delete the backup, and keep system "+
			"backups where only administrators can read them.",
		9.0, "hash", "unix"),
	ruleText(RuleHashDump, "Windows hash dump",
		"pwdump / secretsdump output with NT hashes (user:rid:lmhash:nthash:::)",
		"Output of pwdump, mimikatz or impacket secretsdump (NTDS.dit, SAM): user:RID:LM:NT::: lines. "+
			"Only real accounts' hashes count: not the built-in krbtgt, Guest, DefaultAccount and "+
			"WDAGUtilityAccount accounts, machine accounts (ending in $), accounts marked disabled or locked, "+
			"or empty hashes (the NT hash of the empty password, the LM placeholder).",
		"NT hashes can be used directly to log in (pass-the-hash) without cracking; a krbtgt hash lets an "+
			"attacker forge Kerberos tickets for the whole domain.",
		"treat the domain as compromised: reset all listed passwords (krbtgt twice), investigate how the "+
			"dump was made, delete it, and enable two-factor authentication.",
		9.5, "hash", "windows", "active-directory"),
	ruleText(RuleNetrc, ".netrc credentials",
		".netrc file with host logins and passwords",
		"A .netrc (or _netrc) file, or a copy of one, holds machine/login/password entries that curl, git, "+
			"ftp and package managers use to log in to a host without asking.",
		"Each entry gives a working login for its host, often a personal access token for a Git host, "+
			"an artifact repository or an FTP server. Entries whose password is a placeholder or a variable "+
			"are not counted.",
		"revoke or change each listed password or token, delete the copy, and keep the real ~/.netrc "+
			"readable only by its owner (chmod 600), or use a credential helper instead.",
		8.5, "netrc", "config"),
}
