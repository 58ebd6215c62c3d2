package scanner

import (
	"fmt"
	"sort"
	"strings"

	"github.com/credsweep/credsweep/connectors"
)

// People who can read a file are personal data too: their addresses go no
// further than the terminal of an on-premises responder (--show-samples).
// By default they are written as how many users of which domain; groups,
// domains and well-known principals are shown as the connector names them
// (see connectors.Exposure for the convention).

// person reports whether a principal names one person, and what to show
// instead: "a user at example.no", "a local user".
func person(p string) (string, bool) {
	switch {
	case strings.HasPrefix(p, "user:"):
		// "user:DOMAIN\name" is a domain account (SMB with LDAP names).
		if i := strings.IndexByte(p, '\\'); i > len("user:") {
			return "a user of " + p[len("user:"):i], true
		}
		return "a local user", true
	case strings.HasPrefix(p, "group:"), strings.HasPrefix(p, "domain:"):
		return "", false
	}
	if at := strings.LastIndexByte(p, '@'); at > 0 && at < len(p)-1 && !strings.ContainsAny(p, " \\\\/") {
		return "a user at " + strings.ToLower(p[at+1:]), true
	}
	return "", false
}

// clearPrincipal drops the connector's markers for a responder's terminal.
func clearPrincipal(p string) string {
	if strings.HasPrefix(p, "user:") {
		return p[len("user:"):]
	}
	if strings.HasPrefix(p, "group:") {
		return "group " + p[len("group:"):]
	}
	return p
}

// exposureFor writes an exposure for the reports: people counted by domain
// by default, every principal by name with showPeople.
func exposureFor(e connectors.Exposure, showPeople bool) connectors.Exposure {
	if showPeople {
		e.Owner = clearPrincipal(e.Owner)
		e.Readers = mapList(e.Readers, clearPrincipal)
		e.External = mapList(e.External, clearPrincipal)
		return e
	}
	if s, ok := person(e.Owner); ok {
		e.Owner = s
	} else {
		e.Owner = clearPrincipal(e.Owner)
	}
	e.Readers = pseudonyms(e.Readers)
	e.External = pseudonyms(e.External)
	return e
}

func mapList(l []string, f func(string) string) []string {
	if l == nil {
		return nil
	}
	out := make([]string, len(l))
	for i, x := range l {
		out[i] = f(x)
	}
	return out
}

// pseudonyms keeps the non-personal principals and replaces the people by
// a count per domain: "3 users at example.no".
func pseudonyms(l []string) []string {
	if l == nil {
		return nil
	}
	var out []string
	people := map[string]int{}
	for _, p := range l {
		if s, ok := person(p); ok {
			people[s]++
			continue
		}
		out = append(out, clearPrincipal(p))
	}
	keys := make([]string, 0, len(people))
	for k := range people {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if n := people[k]; n > 1 {
			k = fmt.Sprintf("%d users%s", n, strings.TrimPrefix(strings.TrimPrefix(k, "a user"), "a local user"))
			if strings.HasSuffix(k, "users") {
				k += " (local)"
			}
		}
		out = append(out, k)
	}
	return out
}
