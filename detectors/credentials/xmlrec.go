package credentials

import (
	"bytes"
	"html"

	"github.com/credsweep/credsweep/detectors"
)

// XML account exports write the CSV table as records:
//
//	<user><username>ola</username><password>Sommer18!</password></user>
//
// xmlRecords pairs each password element with the user element of the same
// record. A configuration file holds one or two such pairs (an SMTP and a
// database login), which secret/config-secret reports; three or more
// records are an account export, reported here as a password table, and
// the secrets detector leaves repeated password elements to this rule.
type xmlRecords struct {
	user, pw       string
	userTag, pwTag detectors.Safe
	held           []detectors.Finding
	records        int
	tags           map[string]tagClass // element names seen, classified
}

// tagClass is what an element name says: a password (isPassHeader), a
// user (idRank 1 or 2) or neither.
type tagClass struct {
	kind int
	w    detectors.Safe
}

const (
	tagOther = iota
	tagPass
	tagUser
)

// maxTagCache bounds the element names a section remembers.
const maxTagCache = 512

// classify classifies an element name, remembering the answer: an export
// repeats a few names on every line.
func (x *xmlRecords) classify(tag []byte) tagClass {
	if tc, ok := x.tags[string(tag)]; ok {
		return tc
	}
	name := string(tag)
	var tc tagClass
	if w, ok := isPassHeader(name); ok {
		tc = tagClass{tagPass, w}
	} else if r, w := idRank(name); r == 1 || r == 2 {
		tc = tagClass{tagUser, w}
	}
	if x.tags == nil {
		x.tags = map[string]tagClass{}
	}
	if len(x.tags) < maxTagCache {
		x.tags[name] = tc
	}
	return tc
}

// xmlMinRecords is the number of records that makes an export.
const xmlMinRecords = 3

// line reads the simple elements <tag>text</tag> of one line and reports
// whether it held a user or password element.
func (x *xmlRecords) line(line []byte, n int, emit func(detectors.Finding)) bool {
	used := false
	for i := 0; i < len(line); {
		lt := bytes.IndexByte(line[i:], '<')
		if lt < 0 {
			break
		}
		lt += i
		gt := bytes.IndexByte(line[lt:], '>')
		if gt < 0 {
			break
		}
		gt += lt
		i = gt + 1
		tag := line[lt+1 : gt]
		if len(tag) == 0 || tag[0] == '/' || tag[0] == '?' || tag[0] == '!' || tag[len(tag)-1] == '/' {
			continue
		}
		if sp := bytes.IndexAny(tag, " \t"); sp >= 0 {
			tag = tag[:sp]
		}
		end := bytes.IndexByte(line[i:], '<')
		if end < 0 || !bytes.HasPrefix(line[i+end:], []byte("</")) ||
			!bytes.HasPrefix(line[i+end+2:], tag) {
			continue
		}
		tc := x.classify(tag)
		if tc.kind == tagOther {
			continue
		}
		val := html.UnescapeString(string(bytes.TrimSpace(line[i : i+end])))
		if tc.kind == tagPass {
			x.pw, x.pwTag, used = val, tc.w, true
		} else {
			if x.user != "" && x.pw == "" || x.user == "" {
				x.user, x.userTag = val, tc.w
			}
			used = true
		}
		i += end
		if x.user != "" && x.pw != "" {
			x.record(n, emit)
		}
	}
	return used
}

func (x *xmlRecords) record(n int, emit func(detectors.Finding)) {
	user, pw := x.user, x.pw
	x.user, x.pw = "", ""
	if !tableValueOK(pw) || isTemplateValue(pw) || hashedValue(pw) || !userValueOK(user) {
		return
	}
	f := detectors.Finding{
		Rule:   RulePasswordTable,
		Line:   n,
		Secret: user + "\x00" + pw,
		Masked: masked(user, pw),
		Detail: detectors.Join(detectors.Text("XML records with "), detectors.Quote(x.userTag),
			detectors.Text(" + "), detectors.Quote(x.pwTag)),
		Confidence: detectors.ConfidenceHigh,
	}
	x.records++
	if x.records < xmlMinRecords {
		x.held = append(x.held, f)
		return
	}
	for _, h := range x.held {
		emit(h)
	}
	x.held = nil
	emit(f)
}
