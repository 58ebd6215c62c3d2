package secrets

import (
	"strings"

	"github.com/credsweep/credsweep/detectors"
)

// keyKinds names the private-key labels, algorithms and ciphers a message
// may name; anything else in a file's header is "another".
var keyKinds = detectors.Words("RSA", "EC", "DSA", "Ed25519", "ENCRYPTED", "OPENSSH", "SSH2", "PKCS#8",
	"ssh-rsa", "ssh-dss", "ssh-ed25519", "ssh-ed448", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384",
	"ecdsa-sha2-nistp521", "aes128-ctr", "aes192-ctr", "aes256-ctr", "aes128-cbc", "aes192-cbc",
	"aes256-cbc", "aes128-gcm@openssh.com", "aes256-gcm@openssh.com", "chacha20-poly1305@openssh.com",
	"3des-cbc", "none", "PuTTY-User-Key-File-1", "PuTTY-User-Key-File-2", "PuTTY-User-Key-File-3",
	"P-224", "P-256", "P-384", "P-521", "1024", "2048", "3072", "4096", "8192")

// kindOf is the vocabulary entry of a key label, algorithm or cipher.
func kindOf(s string) detectors.Safe {
	if w, ok := keyKinds.Find(strings.TrimSpace(s)); ok {
		return w
	}
	return detectors.Text("another kind")
}

// configKeys are the configuration key names a message may name.
var configKeys = detectors.Words("password", "Password", "PASSWORD", "passwd", "pwd", "secret", "Secret",
	"SECRET", "token", "Token", "TOKEN", "api_key", "apikey", "ApiKey", "API_KEY", "client_secret",
	"ClientSecret", "secret_key", "SECRET_KEY", "access_token", "auth_token", "private_key",
	"DB_PASSWORD", "DATABASE_PASSWORD", "MYSQL_PASSWORD", "POSTGRES_PASSWORD", "REDIS_PASSWORD",
	"SMTP_PASSWORD", "MAIL_PASSWORD", "AdminPassword", "AdministratorPassword", "DomainAdminPassword",
	"JoinPassword", "DomainJoinPassword", "ProxyPassword", "TunnelPassword")

// keyStems are the words that make a configuration key secret-named.
var keyStems = detectors.Words("password", "passwd", "passord", "pwd", "secret", "token", "apikey",
	"credential", "privatekey", "accesskey", "key")

// keyName names a configuration key by its vocabulary: the key itself when
// it is a well-known name, else the word that made it secret-named.
func keyName(k string) detectors.Safe {
	if w, ok := configKeys.Find(k); ok {
		return detectors.Quote(w)
	}
	n := strings.ToLower(strings.NewReplacer("_", "", "-", "", ".", "").Replace(k))
	for i := range keyStems.Len() {
		if strings.Contains(n, keyStems.At(i)) {
			return detectors.Join(detectors.Text("a "), detectors.Quote(keyStems.Entry(i)), detectors.Text("-named key"))
		}
	}
	return detectors.Text("a secret-named key")
}
