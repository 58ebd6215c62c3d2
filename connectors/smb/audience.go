package smb

import (
	"fmt"
	"strings"

	"github.com/credsweep/credsweep/connectors"
)

// AudienceFromSDDL says who can read an object from its security
// descriptor in SDDL text ("O:...G:...D:(A;;FR;;;WD)..."). See
// exposureOf for the rules.
func AudienceFromSDDL(sddl string) (connectors.Exposure, error) {
	sd, err := parseSDDL(sddl)
	if err != nil {
		return connectors.Exposure{Audience: connectors.AudienceUnknown, Detail: "cannot parse the security descriptor"}, err
	}
	return exposureOf(sd), nil
}

// exposureFromBinary is AudienceFromSDDL for a self-relative descriptor as
// read from the server.
func exposureFromBinary(raw []byte) (connectors.Exposure, error) {
	sd, err := parseSD(raw)
	if err != nil {
		return connectors.Exposure{Audience: connectors.AudienceUnknown, Detail: "cannot parse the security descriptor"}, err
	}
	return exposureOf(sd), nil
}

// exposureOf maps a descriptor to an audience. Rules, kept simple on
// purpose:
//
//   - A NULL DACL lets everyone do anything: public.
//   - Only ACEs that apply to the object itself count (not inherit-only).
//   - An ALLOW ACE grants read when its mask has FILE_READ_DATA (0x1),
//     GENERIC_READ or GENERIC_ALL; FR, FA, GR, GA all do.
//   - A DENY ACE of those bits removes the same principal only (a deny for
//     a group does not subtract its members: we cannot expand groups).
//   - Everyone, Anonymous Logon, BUILTIN\Guests, the Guest account and
//     Domain Guests make it public; Authenticated Users, BUILTIN\Users,
//     NETWORK, INTERACTIVE, Domain Users, Domain Computers and
//     Pre-Windows 2000 Compatible Access make it organization-wide; any
//     other principal is restricted.
//
// This is the file's own ACL: share permissions and folders the reader
// cannot traverse may narrow it further, which we do not see.
func exposureOf(sd secDesc) connectors.Exposure {
	return exposureNamed(sd, func(sid string) (string, bool) { return sidName(sid), false })
}

// namer names a SID: how it is shown, and whether it is one person (then
// the exposure writes it "user:NAME" and Detail only counts it).
type namer func(sid string) (name string, person bool)

// sids lists the owner's and the DACL's SIDs, each once.
func (sd secDesc) sids() []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range append([]string{sd.owner}, aceSIDs(sd.dacl)...) {
		if s != "" && !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

func aceSIDs(aces []ace) []string {
	out := make([]string, 0, len(aces))
	for _, e := range aces {
		out = append(out, e.sid)
	}
	return out
}

// exposureNamed is exposureOf with names from nm.
func exposureNamed(sd secDesc, nm namer) connectors.Exposure {
	show := func(sid string) (string, bool) {
		n, person := nm(sid)
		if person {
			return "user:" + n, true
		}
		return n, false
	}
	owner, _ := show(sd.owner)
	ex := connectors.Exposure{Owner: owner}
	if !sd.daclPresent {
		ex.Audience = connectors.AudiencePublic
		ex.Readers = []string{"Everyone"}
		ex.Detail = "no DACL (NULL DACL): everyone has full access"
		return ex
	}
	denied := map[string]bool{}
	for _, e := range sd.dacl {
		if e.flags&aceFlagInheritOnly == 0 && e.mask&readBits != 0 && isDeny(e.typ) {
			denied[resolveOwnerRights(e.sid, sd.owner)] = true
		}
	}
	seen := map[string]bool{}
	var readers, groups []string
	persons := 0
	best, bestName := connectors.AudienceRestricted, ""
	for _, e := range sd.dacl {
		if e.flags&aceFlagInheritOnly != 0 || e.mask&readBits == 0 || !isAllow(e.typ) || e.sid == "" {
			continue
		}
		sid := resolveOwnerRights(e.sid, sd.owner)
		if sid == "S-1-3-0" || sid == "S-1-3-1" || denied[sid] || seen[sid] {
			continue // CREATOR OWNER/GROUP only matter for inheritance
		}
		seen[sid] = true
		name, person := show(sid)
		readers = append(readers, name)
		if person {
			persons++
		} else {
			groups = append(groups, name)
		}
		if a := sidAudience(sid); broader(a, best) {
			best, bestName = a, name
		}
	}
	ex.Audience, ex.Readers = best, readers
	switch {
	case len(readers) == 0:
		ex.Detail = "no one is granted read access"
	case bestName != "":
		ex.Detail = bestName + " can read"
	default:
		// Detail names no person: they are counted.
		who := groups
		switch {
		case persons == 1:
			who = append(who, "1 user")
		case persons > 1:
			who = append(who, fmt.Sprintf("%d users", persons))
		}
		ex.Detail = "only named users and groups can read: " + strings.Join(who, ", ")
		if len(ex.Detail) > 300 {
			ex.Detail = fmt.Sprintf("only %d named users and groups can read", len(readers))
		}
	}
	return ex
}

func isAllow(t byte) bool {
	return t == aceAllowed || t == aceAllowedObject || t == aceAllowedCallback || t == aceAllowedCallbackObject
}

func isDeny(t byte) bool {
	return t == aceDenied || t == aceDeniedObject || t == aceDeniedCallback || t == aceDeniedCallbackObject
}

// resolveOwnerRights turns OWNER RIGHTS (S-1-3-4) into the owner's SID.
func resolveOwnerRights(sid, owner string) string {
	if sid == "S-1-3-4" && owner != "" {
		return owner
	}
	return sid
}

func broader(a, b connectors.Audience) bool { return rank(a) > rank(b) }

func rank(a connectors.Audience) int {
	switch a {
	case connectors.AudiencePublic:
		return 3
	case connectors.AudienceOrganization:
		return 2
	case connectors.AudienceRestricted:
		return 1
	}
	return 0
}

// sidAudience classifies one principal.
func sidAudience(sid string) connectors.Audience {
	switch sid {
	case "S-1-1-0", "S-1-5-7", "S-1-5-32-546":
		return connectors.AudiencePublic
	case "S-1-5-11", "S-1-5-32-545", "S-1-5-2", "S-1-5-4", "S-1-5-32-554":
		return connectors.AudienceOrganization
	}
	switch domainRID(sid) {
	case "501", "514": // Guest account, Domain Guests
		return connectors.AudiencePublic
	case "513", "515": // Domain Users, Domain Computers
		return connectors.AudienceOrganization
	}
	return connectors.AudienceRestricted
}

// domainRID returns the last sub-authority of a domain SID
// (S-1-5-21-a-b-c-RID, or "D-RID" from an SDDL alias), else "".
func domainRID(sid string) string {
	switch {
	case strings.HasPrefix(sid, "D-"):
		return sid[2:]
	case strings.HasPrefix(sid, "S-1-5-21-") && strings.Count(sid, "-") == 7:
		return sid[strings.LastIndexByte(sid, '-')+1:]
	}
	return ""
}

// wellKnownNames names the SIDs people recognise.
var wellKnownNames = map[string]string{
	"S-1-1-0":      "Everyone",
	"S-1-5-7":      `NT AUTHORITY\ANONYMOUS LOGON`,
	"S-1-5-11":     `NT AUTHORITY\Authenticated Users`,
	"S-1-5-2":      `NT AUTHORITY\NETWORK`,
	"S-1-5-4":      `NT AUTHORITY\INTERACTIVE`,
	"S-1-5-18":     `NT AUTHORITY\SYSTEM`,
	"S-1-3-0":      "CREATOR OWNER",
	"S-1-3-1":      "CREATOR GROUP",
	"S-1-3-4":      "OWNER RIGHTS",
	"S-1-5-32-544": `BUILTIN\Administrators`,
	"S-1-5-32-545": `BUILTIN\Users`,
	"S-1-5-32-546": `BUILTIN\Guests`,
	"S-1-5-32-547": `BUILTIN\Power Users`,
	"S-1-5-32-551": `BUILTIN\Backup Operators`,
	"S-1-5-32-554": `BUILTIN\Pre-Windows 2000 Compatible Access`,
}

var domainRIDNames = map[string]string{
	"500": "Administrator", "501": "Guest", "512": "Domain Admins", "513": "Domain Users",
	"514": "Domain Guests", "515": "Domain Computers", "516": "Domain Controllers",
	"519": "Enterprise Admins",
}

// sidName is how a SID is shown: a well-known name, "Domain Users
// (S-1-5-21-…-513)", "Unix User 1000 (S-1-22-1-1000)" for Samba's Unix
// IDs, else the SID itself. We do not ask the server to resolve names
// (that needs LSA over DCE/RPC, which go-smb2 lacks).
func sidName(sid string) string {
	if sid == "" {
		return ""
	}
	if n, ok := wellKnownNames[sid]; ok {
		return n
	}
	if rid := domainRID(sid); rid != "" {
		if n, ok := domainRIDNames[rid]; ok {
			if strings.HasPrefix(sid, "D-") {
				return n
			}
			return n + " (" + sid + ")"
		}
	}
	switch {
	case strings.HasPrefix(sid, "S-1-22-1-"):
		return "Unix User " + sid[len("S-1-22-1-"):] + " (" + sid + ")"
	case strings.HasPrefix(sid, "S-1-22-2-"):
		return "Unix Group " + sid[len("S-1-22-2-"):] + " (" + sid + ")"
	}
	return sid
}
