package fakedrive

import (
	"encoding/json"
	"fmt"
	"html"
	"net/http"
	"slices"
	"strings"
)

// Variant makes the fake answer like a partial, independent Drive
// implementation instead of like Google's.
type Variant struct {
	// IgnoreFields returns whole resources whatever `fields` asks (by
	// default the fake honours the mask, as Drive does).
	IgnoreFields bool
	// RejectQueries answers 400 to files.list when q contains any of
	// these substrings ("mimeType", "trashed", " in parents").
	RejectQueries []string
	// RejectCorpora answers 400 to files.list with these corpora values.
	RejectCorpora []string
	// NoRootAlias: "root" is not an id, and My Drive's root folder has no
	// resource (files.get 404).
	NoRootAlias bool
	// MinimalFields: files carry only id, name, mimeType and parents, and
	// no parents when in My Drive's root. No size, owners, ownedByMe,
	// permissions, exportLinks, webViewLink, modifiedTime, driveId.
	MinimalFields bool
	// NoAbout and NoDrives answer 404 to about.get and drives.list/get.
	NoAbout, NoDrives bool
	// Errors is how error bodies look.
	Errors ErrorStyle
	// MinimalToken leaves expires_in and token_type out of token responses.
	MinimalToken bool
}

// ErrorStyle is the shape of error bodies.
type ErrorStyle int

// Error body styles.
const (
	// ErrorsGoogle is Drive's: error.code, message, errors[].reason.
	ErrorsGoogle ErrorStyle = iota
	// ErrorsStatusOnly has error.code, message and a gRPC status
	// (RESOURCE_EXHAUSTED for rate limits), no errors[].
	ErrorsStatusOnly
	// ErrorsHTML answers 429 and 5xx with an HTML page (a proxy's).
	ErrorsHTML
)

// SetVariant changes how the fake answers.
func (s *Server) SetVariant(v Variant) {
	s.vmu.Lock()
	s.vr = v
	s.vmu.Unlock()
}

// variant may be called with s.mu held: it has its own lock.
func (s *Server) variant() Variant {
	s.vmu.Lock()
	defer s.vmu.Unlock()
	return s.vr
}

// rejects says whether a files.list request uses something the variant
// does not support.
func (v *Variant) rejects(q, corpora string) bool {
	for _, p := range v.RejectQueries {
		if strings.Contains(q, p) {
			return true
		}
	}
	return corpora != "" && slices.Contains(v.RejectCorpora, corpora)
}

// writeError writes an API error body in the variant's style.
func (s *Server) writeError(w http.ResponseWriter, code int, reason, msg string) {
	style := s.variant().Errors
	if style == ErrorsHTML && (code == http.StatusTooManyRequests || code >= 500) {
		w.Header().Set("Content-Type", "text/html; charset=UTF-8")
		w.WriteHeader(code)
		fmt.Fprintf(w, "<html><head><title>Error %d</title></head><body><h1>%s</h1></body></html>", code, html.EscapeString(msg))
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=UTF-8")
	w.WriteHeader(code)
	if style == ErrorsStatusOnly {
		status := "FAILED_PRECONDITION"
		switch {
		case strings.Contains(strings.ToLower(reason), "ratelimit"):
			status, msg = "RESOURCE_EXHAUSTED", "Quota exceeded for quota metric 'Queries'."
		case code == 400:
			status = "INVALID_ARGUMENT"
		case code == 401:
			status = "UNAUTHENTICATED"
		case code == 403:
			status = "PERMISSION_DENIED"
		case code == 404:
			status = "NOT_FOUND"
		case code >= 500:
			status = "UNAVAILABLE"
		}
		_ = json.NewEncoder(w).Encode(map[string]any{"error": map[string]any{"code": code, "message": msg, "status": status}})
		return
	}
	domain := "global"
	if strings.Contains(reason, "RateLimit") || strings.Contains(reason, "rateLimit") {
		domain = "usageLimits"
	}
	_ = json.NewEncoder(w).Encode(map[string]any{"error": map[string]any{
		"code": code, "message": msg,
		"errors": []map[string]string{{"domain": domain, "reason": reason, "message": msg}},
	}})
}

// reply writes v as JSON, keeping only what the request's fields mask
// names (unless the variant ignores masks).
func (s *Server) reply(w http.ResponseWriter, r *http.Request, v any) {
	mask := r.URL.Query().Get("fields")
	if mask == "" || mask == "*" || s.variant().IgnoreFields {
		writeJSON(w, v)
		return
	}
	b, err := json.Marshal(v)
	if err != nil {
		http.Error(w, err.Error(), 500)
		return
	}
	var m any
	_ = json.Unmarshal(b, &m)
	t, err := parseMask(mask)
	if err != nil {
		s.writeError(w, 400, "invalidParameter", "Invalid field selection "+mask)
		return
	}
	writeJSON(w, t.prune(m))
}

// mask is a parsed fields selector: nil means everything below.
type mask map[string]mask

// parseMask parses "a,b(c,d(e)),f".
func parseMask(s string) (mask, error) {
	m, rest, err := parseMaskList(s)
	if err == nil && rest != "" {
		err = fmt.Errorf("trailing %q", rest)
	}
	return m, err
}

func parseMaskList(s string) (mask, string, error) {
	m := mask{}
	for {
		i := strings.IndexAny(s, ",()")
		if i < 0 {
			i = len(s)
		}
		name := strings.TrimSpace(s[:i])
		if name == "" {
			return nil, s, fmt.Errorf("empty field")
		}
		s = s[i:]
		var sub mask
		if strings.HasPrefix(s, "(") {
			var err error
			if sub, s, err = parseMaskList(s[1:]); err != nil {
				return nil, s, err
			}
			if !strings.HasPrefix(s, ")") {
				return nil, s, fmt.Errorf("missing )")
			}
			s = s[1:]
		}
		if name != "*" {
			m[name] = sub
		} else {
			return nil, s, nil // "*" selects everything
		}
		if !strings.HasPrefix(s, ",") {
			return m, s, nil
		}
		s = s[1:]
	}
}

// prune keeps only the selected keys of v.
func (m mask) prune(v any) any {
	if m == nil {
		return v
	}
	switch x := v.(type) {
	case map[string]any:
		for k, val := range x {
			sub, ok := m[k]
			if !ok {
				delete(x, k)
				continue
			}
			x[k] = sub.prune(val)
		}
	case []any:
		for i := range x {
			x[i] = m.prune(x[i])
		}
	}
	return v
}
