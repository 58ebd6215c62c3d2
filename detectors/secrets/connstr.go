package secrets

import (
	"regexp"
	"strings"

	"github.com/credsweep/credsweep/detectors"
)

// connKeyRe finds the other keys of a connection string; a Password= with
// none of them on its line is an ordinary assignment, not a connection
// string (config-secret looks at those).
var connKeyRe = regexp.MustCompile(`(?i)(?:^|[;"'\s?&{(])(?:server|data source|datasource|host|hostname|address|addr|network address|user id|userid|uid|user|username|database|dbname|initial catalog|driver|provider|dsn|port)\s*=`)

// connHostRe finds the keys that name what a connection string connects
// to. A line without ';' or '&' separators needs one ("host=db user=app
// password=x" is a libpq string; "user=admin password=x" is a note).
var connHostRe = regexp.MustCompile(`(?i)(?:^|[;"'\s?&{(])(?:server|data source|datasource|host|hostname|address|addr|network address|database|dbname|initial catalog|driver|provider|dsn|port)\s*=`)

var connUserRe = regexp.MustCompile(`(?i)(?:^|[;"'\s?&{(])(?:user id|userid|uid|user|username|user name)\s*=\s*([^;"'&<>\s]*)`)

// matchConnString reports Password=/Pwd= values of ADO.NET, OLE DB, ODBC
// and JDBC (key=value) connection strings.
func matchConnString(s *session, l *line) {
	t := l.text
	ctx := 0 // 0 unknown, 1 has other connection-string keys, -1 has none
	for i := 0; i < len(t); i++ {
		var key string
		switch {
		case hasFoldAt(t, i, "password"):
			key = string(t[i : i+8])
		case hasFoldAt(t, i, "pwd"):
			key = string(t[i : i+3])
		default:
			continue
		}
		if i > 0 && !strings.ContainsRune(";\"' \t?&{(", rune(t[i-1])) {
			continue
		}
		j := i + len(key)
		for j < len(t) && (t[j] == ' ' || t[j] == '\t') {
			j++
		}
		if j >= len(t) || t[j] != '=' {
			continue
		}
		j++
		for j < len(t) && (t[j] == ' ' || t[j] == '\t') {
			j++
		}
		if ctx == 0 {
			// The regexp runs only once a "password =" was seen.
			ctx = -1
			if connKeyRe.Match(t) && (strings.ContainsAny(string(t), ";&") || connHostRe.Match(t)) {
				ctx = 1
			}
		}
		if ctx < 0 {
			return
		}
		val, end := connValue(t, j)
		i = end
		if isPlaceholder(val) || isVarRef(val) {
			continue
		}
		user := ""
		if m := connUserRe.FindSubmatch(t); m != nil {
			user = string(m[1])
		}
		s.reportConn(l.num, key, user, val, connKind(t))
	}
}

// connValue reads a value starting at j: "{…}" (ODBC) or up to the next
// separator. Values that start with a quote end the string literal they
// sit in (Password=" + pwd) and count as empty.
func connValue(t []byte, j int) (string, int) {
	if j >= len(t) {
		return "", j
	}
	if t[j] == '{' {
		if j+1 < len(t) && (t[j+1] == '{' || t[j+1] == '%') {
			return "", j // {{ template }} / {% template %}
		}
		k := strings.IndexByte(string(t[j:]), '}')
		if k < 0 {
			return "", j
		}
		v := string(t[j+1 : j+k])
		if isIdentLike(v) {
			return "", j + k // {0}, {password}: a format placeholder
		}
		return v, j + k
	}
	k := j
	for k < len(t) {
		c := t[k]
		if c == ';' || c == '"' || c == '\'' || c == '<' || c == '>' || c == '`' {
			break
		}
		if c == '&' {
			if hasFoldAt(t, k, "&amp;") {
				k += 5
				continue
			}
			break
		}
		k++
	}
	v := strings.TrimSpace(string(t[j:k]))
	v = strings.ReplaceAll(v, "&amp;", "&")
	return v, k
}

// isIdentLike reports digits-only or letters/dots/underscores-only text.
func isIdentLike(v string) bool {
	if v == "" {
		return true
	}
	digits, letters := true, true
	for i := 0; i < len(v); i++ {
		c := v[i]
		if c < '0' || c > '9' {
			digits = false
		}
		if !(c == '.' || c == '_' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z') {
			letters = false
		}
	}
	return digits || letters
}

// isVarRef reports $var, @param and :bind style references, and values
// that are code rather than text.
func isVarRef(v string) bool {
	if len(v) > 1 && (v[0] == '$' || v[0] == '@' || v[0] == ':') && isEnvName(strings.Trim(v[1:], "{}()")) {
		return true
	}
	return strings.Contains(v, " + ") || strings.Contains(v, "\" +") || strings.HasPrefix(v, "+")
}

func connKind(t []byte) detectors.Safe {
	switch {
	case indexFold(t, "jdbc:") >= 0:
		return detectors.Text("JDBC connection string")
	case indexFold(t, "driver=") >= 0 || indexFold(t, "dsn=") >= 0:
		return detectors.Text("ODBC connection string")
	}
	return detectors.Text("connection string")
}

func (s *session) reportConn(num int, key, user, pass string, kind detectors.Safe) {
	d := detectors.Join(kind, detectors.Text(" with a password"))
	if looksLikeUser(user) {
		d = detectors.Join(kind, detectors.Text(" with a user name and a password"))
	}
	s.report(detectors.Finding{
		Rule:       ConnectionStringRuleID,
		Line:       num,
		Secret:     user + "\x00" + pass,
		Masked:     key + "=" + detectors.MaskSecret(pass),
		Detail:     d,
		Confidence: detectors.ConfidenceHigh,
	})
}

// hasFoldAt reports whether the ASCII lower-case word w is at t[i:].
func hasFoldAt(t []byte, i int, w string) bool {
	if len(t)-i < len(w) {
		return false
	}
	for k := 0; k < len(w); k++ {
		if lowerTable[t[i+k]] != w[k] {
			return false
		}
	}
	return true
}

// urlSchemes take credentials in the user-info part of a URL.
var urlSchemes = map[string]string{
	"postgres": "PostgreSQL", "postgresql": "PostgreSQL", "mysql": "MySQL", "mariadb": "MariaDB",
	"mongodb": "MongoDB", "mongodb+srv": "MongoDB", "amqp": "AMQP", "amqps": "AMQP",
	"redis": "Redis", "rediss": "Redis", "ftp": "FTP", "ftps": "FTPS", "sftp": "SFTP",
	"smb": "SMB", "cifs": "SMB", "mssql": "SQL Server", "sqlserver": "SQL Server", "oracle": "Oracle",
	"ldap": "LDAP", "ldaps": "LDAP", "http": "HTTP", "https": "HTTPS", "ssh": "SSH", "telnet": "Telnet",
	"clickhouse": "ClickHouse", "couchdb": "CouchDB", "neo4j": "Neo4j", "nats": "NATS", "imap": "IMAP",
	"imaps": "IMAP", "smtp": "SMTP", "smtps": "SMTP", "rtsp": "RTSP", "svn": "Subversion", "git": "Git",
	"cassandra": "Cassandra", "influxdb": "InfluxDB", "memcached": "Memcached", "rabbitmq": "RabbitMQ",
}

// matchURLCreds reports scheme://user:password@host URLs.
func matchURLCreds(s *session, l *line) {
	t := l.text
	for p := 0; p+3 <= len(t); p++ {
		if t[p] != ':' || t[p+1] != '/' || t[p+2] != '/' {
			continue
		}
		b := p
		for b > 0 && (isAlnum(t[b-1]) || t[b-1] == '+' || t[b-1] == '.' || t[b-1] == '-') {
			b--
		}
		kind, ok := urlSchemes[strings.ToLower(string(t[b:p]))]
		if !ok {
			continue
		}
		at, colon := -1, false
	scan:
		for k := p + 3; k < len(t) && k < p+3+256; k++ {
			switch t[k] {
			case '@':
				at = k
				break scan
			case ':':
				colon = true
			case '?', '#':
				// People paste passwords with '#' or '?' unencoded
				// ("Pg_Vigilo#88"); before the ':' they end the host.
				if !colon || isPortPrefix(t[p+3:k]) {
					break scan
				}
			case '/', ' ', '\t', '"', '\'', '<', '>', '`', ')', '(', ',', ';':
				break scan
			}
		}
		if at < 0 || at+1 >= len(t) {
			continue
		}
		info := string(t[p+3 : at])
		c := strings.IndexByte(info, ':')
		if c < 0 {
			continue
		}
		user, pass := info[:c], info[c+1:]
		host := t[at+1:]
		if !(isAlnum(host[0]) || host[0] == '[') || isPlaceholder(pass) || isVarRef(pass) ||
			strings.EqualFold(user, "anonymous") || isExampleHost(host) {
			continue
		}
		s.reportConn(l.num, kind+" URL password", user, pass, detectors.Text("service URL"))
		p = at
	}
}

// isPortPrefix reports "host:8080": what follows the first ':' is all
// digits, so a '?' or '#' after it starts a query or fragment.
func isPortPrefix(authority []byte) bool {
	c := strings.IndexByte(string(authority), ':')
	if c < 0 || c+1 >= len(authority) {
		return false
	}
	for _, b := range authority[c+1:] {
		if b < '0' || b > '9' {
			return false
		}
	}
	return true
}

func isExampleHost(h []byte) bool {
	return hasFoldAt(h, 0, "example.") || hasFoldAt(h, 0, "host:") || hasFoldAt(h, 0, "hostname") ||
		hasFoldAt(h, 0, "your") || hasFoldAt(h, 0, "server_name")
}

// matchJDBCOracle reports jdbc:oracle:thin:user/password@host.
func matchJDBCOracle(s *session, l *line) {
	t := l.text
	i := indexFold(t, "jdbc:oracle:")
	if i < 0 {
		return
	}
	rest := t[i+len("jdbc:oracle:"):]
	c := strings.IndexByte(string(rest), ':')
	if c < 0 {
		return
	}
	rest = rest[c+1:]
	at := strings.IndexByte(string(rest), '@')
	if at <= 0 {
		return
	}
	up := string(rest[:at])
	sl := strings.IndexByte(up, '/')
	if sl <= 0 || strings.ContainsAny(up, " \t\"'") {
		return
	}
	user, pass := up[:sl], up[sl+1:]
	if isPlaceholder(pass) || isVarRef(pass) {
		return
	}
	s.reportConn(l.num, "password", user, pass, detectors.Text("Oracle JDBC URL"))
}

// looksLikeUser accepts account names for Details and rejects user fields
// that hold a token themselves (https://ghp_…:x-oauth-basic@github.com).
func looksLikeUser(u string) bool {
	if u == "" || len(u) > 32 || isPlaceholder(u) {
		return false
	}
	if len(u) >= 12 && entropy(u) >= 3.3 {
		return false
	}
	for i := 0; i < len(u); i++ {
		if c := u[i]; c < 0x20 || c == '\'' || c >= 0x7f {
			return false
		}
	}
	return true
}
