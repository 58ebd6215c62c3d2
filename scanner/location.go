package scanner

import (
	"crypto/sha256"
	"encoding/hex"
	"net/url"
	"path"
	"strings"
)

// Location names a scanned file, folder or member as the reports show it.
// The collector fills it: every name in it is already masked (see names.go),
// so a report writer can print it as it is.
type Location struct {
	// Target is the short label of the target the location is in, set
	// when a scan has several local targets whose paths could collide.
	Target string
	// Path is the item's connectors.Item.Path, masked.
	Path string
	// Members are the names of nested members, outermost first, masked:
	// "a.zip!/b.tar!/c.csv" is Path "a.zip", Members ["b.tar", "c.csv"].
	Members []string
	// Display is the human form, masked: `\\server\share\a.zip!/b.tar!/c.csv`.
	Display string
	// Clear is Display unmasked. It is set only with Options.ShowSamples,
	// for the terminal of an on-premises responder.
	Clear string
	// Link is a URL for people (Drive).
	Link string
}

// URI is the SARIF artifact URI of the location: scheme-less and relative,
// the target label first when there is one, every path segment
// percent-encoded, and "!/" between an archive and its members, as GitHub
// code scanning requires. It is the one place a location becomes a URI.
func (l Location) URI() string {
	var b strings.Builder
	if l.Target != "" {
		b.WriteString(escapePath(l.Target))
		b.WriteByte('/')
	}
	b.WriteString(escapePath(l.Path))
	for _, m := range l.Members {
		b.WriteString("!/")
		b.WriteString(escapePath(strings.TrimLeft(m, "/")))
	}
	return b.String()
}

func escapePath(p string) string {
	segs := strings.Split(strings.TrimLeft(p, "/"), "/")
	for i, s := range segs {
		s = url.PathEscape(s)
		// PathEscape leaves ':' in a first segment, which would read as a
		// scheme ("C:"), and '!' is our member separator.
		s = strings.ReplaceAll(s, ":", "%3A")
		s = strings.ReplaceAll(s, "!", "%21")
		segs[i] = s
	}
	return strings.Join(segs, "/")
}

// key orders locations.
func (l Location) key() string {
	return l.Target + "\x00" + l.Path + "\x00" + strings.Join(l.Members, "\x00")
}

// Labels gives every local target of a scan with several targets a short
// label (its folder's base name), unique and stable: a second target with
// the same base name gets a tag derived from its identity. Remote targets
// need none: their paths start with smb/<server>/<share> or gdrive/<fileId>.
// A target with Label set keeps it (a shard of a bigger scan uses the
// labels of the whole).
func Labels(targets []Target) []string {
	labels := make([]string, len(targets))
	fixed := false
	for i, t := range targets {
		labels[i] = t.Label
		fixed = fixed || t.Label != ""
	}
	if fixed || len(targets) < 2 {
		return labels
	}
	seen := map[string]int{}
	for i, t := range targets {
		if t.Source != "local" {
			continue
		}
		base := path.Base(strings.ReplaceAll(strings.TrimPrefix(t.identity(), "file://"), `\`, "/"))
		if base == "" || base == "." || base == "/" || base == "smb" || base == "gdrive" {
			base = "local"
		}
		labels[i] = base
		seen[base]++
	}
	for i, t := range targets {
		if labels[i] != "" && seen[labels[i]] > 1 {
			sum := sha256.Sum256([]byte(t.identity()))
			labels[i] += "-" + hex.EncodeToString(sum[:3])
		}
	}
	return labels
}
