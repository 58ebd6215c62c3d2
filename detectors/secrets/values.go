package secrets

import (
	"math"
	"strconv"
	"strings"
)

// entropy is the Shannon entropy of s in bits per byte.
func entropy(s string) float64 {
	if s == "" {
		return 0
	}
	var counts [256]int
	for i := 0; i < len(s); i++ {
		counts[s[i]]++
	}
	n := float64(len(s))
	var h float64
	for _, c := range counts {
		if c > 0 {
			p := float64(c) / n
			h -= p * math.Log2(p)
		}
	}
	return h
}

// placeholderWords are values that stand for a password rather than being
// one; compared after lower-casing and trimming.
var placeholderWords = map[string]bool{
	"password": true, "passwd": true, "pass": true, "pwd": true, "secret": true, "changeme": true,
	"change_me": true, "changeit": true, "your_password": true, "your_password_here": true,
	"yourpassword": true, "yourpasswordhere": true, "mypassword": true, "my_password": true, "password123": false,
	"your-password": true, "enter_password": true, "enterpassword": true, "your_secret": true,
	"your_secret_here": true, "your_api_key": true, "your_api_key_here": true, "your_token": true,
	"your_token_here": true, "yourtoken": true, "apikey": true, "api_key": true, "token": true,
	"null": true, "nil": true, "none": true, "undefined": true, "true": true, "false": true,
	"example": true, "sample": true, "dummy": true, "placeholder": true, "redacted": true, "removed": true,
	"hidden": true, "todo": true, "tbd": true, "fixme": true, "secretpassword": true, "string": true,
	"value": true, "empty": true, "notset": true, "not_set": true, "unset": true, "required": true,
	"*sensitive*data*deleted*": true, "sensitive*data*deleted": true, "xxx": true,
}

// isPlaceholder reports whether v is empty, a template reference, a
// masked value or a stand-in word instead of a real secret.
func isPlaceholder(v string) bool {
	v = strings.TrimSpace(v)
	if v == "" {
		return true
	}
	lv := strings.ToLower(v)
	if placeholderWords[lv] {
		return true
	}
	switch {
	case strings.HasPrefix(v, "${"), strings.HasPrefix(v, "$("), strings.HasPrefix(v, "#{"),
		strings.HasPrefix(v, "{{"), strings.HasPrefix(v, "%("), strings.HasPrefix(v, "<%"),
		strings.HasPrefix(v, "@@"), strings.HasPrefix(v, "[["), strings.HasPrefix(v, "__"),
		strings.HasPrefix(lv, "env:"), strings.HasPrefix(lv, "vault:"), strings.HasPrefix(lv, "enc("),
		strings.HasPrefix(lv, "secretref:"), strings.HasPrefix(lv, "@microsoft.keyvault"),
		strings.HasPrefix(lv, "keyvault:"), strings.HasPrefix(lv, "process.env"), strings.HasPrefix(lv, "os.environ"):
		return true
	}
	if len(v) >= 2 {
		f, l := v[0], v[len(v)-1]
		if (f == '<' && l == '>') || (f == '{' && l == '}') || (f == '[' && l == ']') ||
			(f == '%' && l == '%') || (f == '@' && l == '@') || (f == '$' && isEnvName(v[1:])) {
			return true
		}
	}
	if v == "%s" || v == "%v" || v == "?" || v == "..." || strings.Contains(v, "%s") {
		return true
	}
	// A run of one repeated character: "xxxxxx", "******", "000000".
	same := true
	for i := 1; i < len(lv); i++ {
		if lv[i] != lv[0] {
			same = false
			break
		}
	}
	if same {
		return true
	}
	for _, w := range []string{"your_", "your-", "yourpass", "<your", "example", "changeme", "placeholder", "xxxxx", "*****", "dummy", "replace_me", "replaceme", "insert_", "put_your", "enter_your", "redacted"} {
		if strings.Contains(lv, w) {
			return true
		}
	}
	return false
}

func isEnvName(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c == '_' || ('A' <= c && c <= 'Z') || ('a' <= c && c <= 'z') || (i > 0 && '0' <= c && c <= '9')) {
			return false
		}
	}
	return true
}

// trimQuotes removes one pair of matching quotes.
func trimQuotes(s string) string {
	s = strings.TrimSpace(s)
	if len(s) >= 2 && (s[0] == '"' || s[0] == '\'' || s[0] == '`') && s[len(s)-1] == s[0] {
		return s[1 : len(s)-1]
	}
	return s
}

// thousands formats n as "1,675".
func thousands(n int) string {
	s := strconv.Itoa(n)
	if len(s) <= 3 {
		return s
	}
	var b strings.Builder
	pre := len(s) % 3
	if pre > 0 {
		b.WriteString(s[:pre])
	}
	for i := pre; i < len(s); i += 3 {
		if b.Len() > 0 {
			b.WriteByte(',')
		}
		b.WriteString(s[i : i+3])
	}
	return b.String()
}
