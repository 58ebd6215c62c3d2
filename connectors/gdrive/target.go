package gdrive

import (
	"fmt"
	"net/url"
	"strings"
)

// Target kinds.
const (
	KindMy     = "my"     // My Drive of the authenticated (or impersonated) user
	KindShared = "shared" // one shared drive
	KindFolder = "folder" // one folder and everything below it
	KindAll    = "all"    // My Drive, files shared with me and every shared drive
	// KindDomain is every user's My Drive and every shared drive of a
	// Workspace domain, through domain-wide delegation (NewDomain).
	KindDomain = "domain"
)

// Target is what to scan: a kind and, for shared and folder, an id.
type Target struct {
	Kind string
	ID   string
}

// String is the target as a gdrive:// URL.
func (t Target) String() string {
	if t.ID == "" {
		return "gdrive://" + t.Kind
	}
	return "gdrive://" + t.Kind + "/" + t.ID
}

// ParseURL parses gdrive://my, gdrive://shared/<driveId>,
// gdrive://folder/<folderId>, gdrive://all and gdrive://domain.
func ParseURL(raw string) (Target, error) {
	rest, ok := strings.CutPrefix(raw, "gdrive://")
	if !ok {
		return Target{}, fmt.Errorf("gdrive: %q is not a gdrive:// URL", raw)
	}
	rest = strings.TrimSuffix(rest, "/")
	kind, id, _ := strings.Cut(rest, "/")
	id, err := url.PathUnescape(id)
	if err != nil {
		return Target{}, fmt.Errorf("gdrive: bad id in %q: %v", raw, err)
	}
	switch kind {
	case KindMy, KindAll, KindDomain:
		if id != "" {
			return Target{}, fmt.Errorf("gdrive: gdrive://%s takes no id", kind)
		}
	case KindShared, KindFolder:
		if id == "" {
			return Target{}, fmt.Errorf("gdrive: gdrive://%s/<id> needs an id", kind)
		}
		if !validID(id) {
			return Target{}, fmt.Errorf("gdrive: %q is not a Drive id", id)
		}
	default:
		return Target{}, fmt.Errorf("gdrive: unknown target %q (want my, shared/<driveId>, folder/<folderId>, all or domain)", kind)
	}
	return Target{Kind: kind, ID: id}, nil
}

// validID accepts Drive's id alphabet, so an id is safe in a query string.
func validID(id string) bool {
	for i := 0; i < len(id); i++ {
		c := id[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
			return false
		}
	}
	return len(id) <= 200
}
