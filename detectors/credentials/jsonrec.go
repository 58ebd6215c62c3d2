package credentials

import (
	"strings"

	"github.com/credsweep/credsweep/detectors"
)

// maxJSONDepth bounds the object stack of a JSON record scan.
const maxJSONDepth = 32

// jsonRecords finds arrays of account objects in JSON exports
// ([{"username": "ola", "password": "Sommer18!"}, ...]): the same table as
// a CSV export, written as records. It lexes strings, braces and colons
// only, line by line, and keeps one user and password per open object.
type jsonRecords struct {
	stack   []jsonObj
	key     string // last key read, waiting for its value
	afterC  bool   // a ':' was read after key
	first   *detectors.Finding
	records int
	detail  string
}

type jsonObj struct {
	parentKey        string // the key whose value this object is
	user, pw         string
	userName, pwName detectors.Safe
}

// line lexes one line of JSON text.
func (j *jsonRecords) line(line []byte, n int, emit func(detectors.Finding)) {
	for i := 0; i < len(line); i++ {
		switch c := line[i]; c {
		case '"':
			k := i + 1
			var b strings.Builder
			for k < len(line) && line[k] != '"' {
				if line[k] == '\\' && k+1 < len(line) {
					k++
				}
				b.WriteByte(line[k])
				k++
			}
			j.str(b.String(), line[k:])
			i = k
		case ':':
			if j.key != "" {
				j.afterC = true
			}
		case '{':
			if len(j.stack) < maxJSONDepth {
				pk := ""
				if j.afterC {
					pk = j.key
				}
				j.stack = append(j.stack, jsonObj{parentKey: pk})
			}
			j.key, j.afterC = "", false
		case '}':
			if len(j.stack) > 0 {
				o := j.stack[len(j.stack)-1]
				j.stack = j.stack[:len(j.stack)-1]
				j.record(o, n, emit)
			}
			j.key, j.afterC = "", false
		case ',', '[', ']':
			j.key, j.afterC = "", false
		}
	}
}

// str handles a string token; rest is what follows its closing quote.
func (j *jsonRecords) str(s string, rest []byte) {
	if j.afterC {
		if len(j.stack) > 0 {
			o := &j.stack[len(j.stack)-1]
			if w, ok := isPassHeader(j.key); ok {
				if o.pw == "" {
					o.pw, o.pwName = s, w
				}
			} else if r, w := idRank(j.key); r == 1 || r == 2 {
				if o.user == "" {
					o.user, o.userName = s, w
				}
			}
		}
		j.key, j.afterC = "", false
		return
	}
	// A key is a string followed by ':'.
	k := 0
	if len(rest) > 0 && rest[0] == '"' {
		k = 1
	}
	for k < len(rest) && (rest[k] == ' ' || rest[k] == '\t') {
		k++
	}
	if k < len(rest) && rest[k] == ':' {
		j.key = s
	} else {
		j.key = ""
	}
}

// record reports a closed object holding a user name and a password. The
// first is held back: a single object is a configuration file, which the
// secrets rules cover; two or more are an account export.
func (j *jsonRecords) record(o jsonObj, n int, emit func(detectors.Finding)) {
	// Bitwarden exports nest credentials under "login": that file is
	// secret/password-manager-export.
	if o.user == "" || o.pw == "" || strings.EqualFold(o.parentKey, "login") ||
		!tableValueOK(o.pw) || isTemplateValue(o.pw) || !userValueOK(o.user) {
		return
	}
	// Translation files: {"username": "Brugernavn", "password": "Adgangskode"}.
	if _, ok := isPassHeader(o.pw); ok {
		return
	}
	if r, _ := idRank(o.user); r > 0 {
		return
	}
	f := detectors.Finding{
		Rule:   RulePasswordTable,
		Line:   n,
		Secret: o.user + "\x00" + o.pw,
		Masked: masked(o.user, o.pw),
		Detail: detectors.Join(detectors.Text("JSON records with "), detectors.Quote(o.userName),
			detectors.Text(" + "), detectors.Quote(o.pwName)),
		Confidence: detectors.ConfidenceHigh,
	}
	j.records++
	switch j.records {
	case 1:
		j.first = &f
	case 2:
		emit(*j.first)
		j.first = nil
		fallthrough
	default:
		emit(f)
	}
}

// isJSONName reports file names whose text is JSON.
func isJSONName(base string) bool {
	return strings.HasSuffix(base, ".json") || strings.HasSuffix(base, ".jsonl") || strings.HasSuffix(base, ".ndjson")
}
