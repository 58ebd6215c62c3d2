package credentials

import (
	"bytes"
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
	stack  []jsonObj
	key    string // last key read, waiting for its value
	afterC bool   // a ':' was read after key
	// kinds remembers what each key names: an export repeats the same
	// few keys in every record, and the vocabulary checks are the cost.
	kinds   map[string]keyKind
	first   *detectors.Finding
	records int
	detail  string
}

// keyKind is what a key names: a password (pass), else an identity of
// rank (1 user name, 2 e-mail, 3 other; 0 none), and the vocabulary word.
type keyKind struct {
	pass bool
	rank int
	word detectors.Safe
}

// maxKeyKinds bounds kinds: keys past it are classified every time.
const maxKeyKinds = 256

// kindOf classifies key with isPassHeader and idRank, once per key.
func (j *jsonRecords) kindOf(key string) keyKind {
	if k, ok := j.kinds[key]; ok {
		return k
	}
	var k keyKind
	if w, ok := isPassHeader(key); ok {
		k = keyKind{pass: true, word: w}
	} else if r, w := idRank(key); r > 0 {
		k = keyKind{rank: r, word: w}
	}
	if j.kinds == nil {
		j.kinds = map[string]keyKind{}
	}
	if len(j.kinds) < maxKeyKinds {
		j.kinds[key] = k
	}
	return k
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
			str, k := jsonString(line, i+1)
			j.str(str, line[k:])
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

// jsonString reads the string that starts at line[k], after its opening
// quote: its bytes with backslashes dropped (the byte after one is kept,
// so \" does not end it), and the index of the closing quote (len(line)
// when the line ends first). Strings without a backslash, nearly all, are
// taken in one piece.
func jsonString(line []byte, k int) (string, int) {
	q := bytes.IndexByte(line[k:], '"')
	if q < 0 {
		q = len(line) - k
	}
	if bytes.IndexByte(line[k:k+q], '\\') < 0 {
		return string(line[k : k+q]), k + q
	}
	var b strings.Builder
	for k < len(line) && line[k] != '"' {
		if line[k] == '\\' && k+1 < len(line) {
			k++
		}
		b.WriteByte(line[k])
		k++
	}
	return b.String(), k
}

// str handles a string token; rest is what follows its closing quote.
func (j *jsonRecords) str(s string, rest []byte) {
	if j.afterC {
		if len(j.stack) > 0 {
			o := &j.stack[len(j.stack)-1]
			if k := j.kindOf(j.key); k.pass {
				if o.pw == "" {
					o.pw, o.pwName = s, k.word
				}
			} else if k.rank == 1 || k.rank == 2 {
				if o.user == "" {
					o.user, o.userName = s, k.word
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
