package credentials

import (
	"bytes"
	"strings"

	"github.com/credsweep/credsweep/detectors"
)

// Hashes of the empty password: an NT hash equal to emptyNT is no secret,
// an LM hash equal to emptyLM only means LM storage is off.
const (
	emptyNT = "31d6cfe0d16ae931b73c59d7e0c089c0"
	emptyLM = "aad3b435b51404eeaad3b435b51404ee"
)

// cryptNames names crypt(3) hash ids for Detail.
var cryptNames = map[string]detectors.Safe{
	"1": detectors.Text("MD5-crypt"), "2a": detectors.Text("bcrypt"), "2b": detectors.Text("bcrypt"),
	"2x": detectors.Text("bcrypt"), "2y": detectors.Text("bcrypt"), "5": detectors.Text("SHA-256-crypt"),
	"6": detectors.Text("SHA-512-crypt"), "y": detectors.Text("yescrypt"), "gy": detectors.Text("gost-yescrypt"),
	"7": detectors.Text("scrypt"), "sha1": detectors.Text("SHA1-crypt"), "md5": detectors.Text("Sun MD5-crypt"),
	"apr1": detectors.Text("Apache MD5"),
}

// hashSchemes are the RFC 2307 / OpenLDAP scheme names a message may name;
// another scheme is "another scheme".
var hashSchemes = detectors.Words("SSHA", "SHA", "SMD5", "MD5", "CRYPT", "PBKDF2", "PBKDF2-SHA1",
	"PBKDF2-SHA256", "PBKDF2-SHA512", "SSHA256", "SSHA384", "SSHA512", "SHA256", "SHA384", "SHA512",
	"ARGON2", "BCRYPT", "SASL", "CLEARTEXT", "PLAIN")

// schemeName is the vocabulary entry of a {SCHEME} name.
func schemeName(sch string) detectors.Safe {
	if w, ok := hashSchemes.Find(strings.ToUpper(sch)); ok {
		return detectors.Join(detectors.Text("{"), w, detectors.Text("}"))
	}
	return detectors.Text("another {scheme}")
}

// cryptHash reports a modular crypt hash "$id$salt$hash" and its name.
func cryptHash(h string) (detectors.Safe, bool) {
	if len(h) < 20 || len(h) > 256 || h[0] != '$' {
		return detectors.Safe{}, false
	}
	end := strings.IndexByte(h[1:], '$')
	if end < 0 {
		return detectors.Safe{}, false
	}
	name, ok := cryptNames[h[1:1+end]]
	if !ok {
		return detectors.Safe{}, false
	}
	for i := 0; i < len(h); i++ {
		c := h[i]
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || strings.IndexByte("./$=,+-", c) >= 0) {
			return detectors.Safe{}, false
		}
	}
	return name, true
}

// desCrypt reports a traditional 13-character DES crypt hash.
func desCrypt(h string) bool {
	if len(h) != 13 {
		return false
	}
	for i := 0; i < len(h); i++ {
		c := h[i]
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '.' || c == '/') {
			return false
		}
	}
	return true
}

// schemeHash reports an LDAP/htpasswd "{SCHEME}base64" hash.
func schemeHash(h string) (string, bool) {
	if len(h) < 2 || h[0] != '{' {
		return "", false
	}
	end := strings.IndexByte(h, '}')
	if end < 2 || end > 24 || len(h)-end-1 < 8 {
		return "", false
	}
	return h[1:end], true
}

func isHex32(b []byte) bool { return len(b) == 32 && isHex(string(b)) }

// systemAccounts are built-in Windows accounts that are disabled on every
// domain and workstation by default, or (krbtgt) never used to log in: a
// dump holds their hashes whatever the admins do, so they say nothing
// about the exposure. The spec counts only the hashes of real people's
// and services' accounts; krbtgt is named in the rule's help instead.
var systemAccounts = map[string]bool{
	"krbtgt": true, "guest": true, "defaultaccount": true, "wdagutilityaccount": true,
}

// realAccount reports whether a dumped hash counts: not a machine account
// (name ending in $), not a built-in system account (with or without a
// DOMAIN\ or domain.tld\ prefix), and not an empty hash (the NT hash of
// the empty password, or the LM placeholder stored when LM is off).
func realAccount(user, hash string) bool {
	if hash == emptyNT || hash == emptyLM || strings.HasSuffix(user, "$") {
		return false
	}
	if i := strings.LastIndexByte(user, '\\'); i >= 0 {
		user = user[i+1:]
	}
	return !systemAccounts[strings.ToLower(user)]
}

// inactive reports a note in the fields after the hashes saying the
// account cannot log in: secretsdump's "(status=Disabled)", or a "locked"
// or "disabled" remark other tools add.
func inactive(rest [][]byte) bool {
	for _, x := range rest {
		if len(x) >= 6 && (containsFold(x, "disabled") || containsFold(x, "locked")) {
			return true
		}
	}
	return false
}

// containsFold reports whether b contains the lower-case ASCII word w,
// ignoring case.
func containsFold(b []byte, w string) bool {
	for i := 0; i+len(w) <= len(b); i++ {
		if hasFold(b[i:], w) {
			return true
		}
	}
	return false
}

// hashLine recognises hash dumps, shadow/passwd lines and htpasswd entries.
// It reports true when the line had one of these shapes, counted or not.
func (s *session) hashLine(line []byte, n int, emit func(detectors.Finding)) bool {
	nf := bytes.Count(line, []byte{':'}) + 1
	if nf < 2 || nf > 12 {
		return false
	}
	var fa [12][]byte
	f := fa[:0]
	rest := line
	for {
		i := bytes.IndexByte(rest, ':')
		if i < 0 {
			f = append(f, rest)
			break
		}
		f = append(f, rest[:i])
		rest = rest[i+1:]
	}
	user := string(bytes.TrimSpace(f[0]))
	if user == "" || len(user) > 128 {
		return false
	}
	// pwdump / secretsdump: user:rid:lm:nt:::
	if nf >= 7 && allDigits(string(f[1])) && isHex32(f[2]) && isHex32(f[3]) {
		nt := strings.ToLower(string(f[3]))
		if !realAccount(user, nt) || inactive(f[4:]) {
			return true
		}
		emit(detectors.Finding{Rule: RuleHashDump, Line: n, Secret: user + "\x00" + nt, Masked: masked(user, nt),
			Detail: detectors.Text("NT hash"), Confidence: detectors.ConfidenceHigh})
		return true
	}
	// shadow (9 fields) or passwd (7 fields, numeric uid/gid).
	shadow := nf == 9 && (len(f[2]) == 0 || allDigits(string(f[2])))
	passwd := nf == 7 && allDigits(string(f[2])) && allDigits(string(f[3]))
	if (shadow || passwd) && userLike(user) {
		h := string(f[1])
		name, ok := cryptHash(h)
		if !ok && desCrypt(h) {
			name, ok = detectors.Text("DES-crypt"), true
		}
		if ok {
			emit(detectors.Finding{Rule: RuleUnixShadow, Line: n, Secret: user + "\x00" + h, Masked: masked(user, h),
				Detail: detectors.Join(name, detectors.Text(" hash")), Confidence: detectors.ConfidenceHigh})
		}
		return true
	}
	if nf == 2 && userLike(user) {
		h := string(bytes.TrimSpace(f[1]))
		if !hasAlnum(h) {
			return false
		}
		// user:nthash, the hashcat input a pwdump is cut down to.
		if isHex32([]byte(h)) && !strings.HasSuffix(user, "$") {
			if realAccount(user, strings.ToLower(h)) {
				emit(detectors.Finding{Rule: RuleHashDump, Line: n, Secret: user + "\x00" + strings.ToLower(h), Masked: masked(user, h),
					Detail: detectors.Text("NT or MD5 hash"), Confidence: detectors.ConfidenceMedium})
			}
			return true
		}
		name, ok := cryptHash(h)
		if !ok {
			if sch, ok2 := schemeHash(h); ok2 && (sch == "SHA" || sch == "SSHA") {
				name, ok = schemeName(sch), true
			}
		}
		if ok {
			emit(detectors.Finding{Rule: RuleHtpasswd, Line: n, Secret: user + "\x00" + h, Masked: masked(user, h),
				Detail: detectors.Join(name, detectors.Text(" hash")), Confidence: detectors.ConfidenceHigh})
			return true
		}
	}
	return false
}
