package gdrive

import (
	"context"
	"fmt"
	"sort"
	"strings"

	drive "google.golang.org/api/drive/v3"

	"github.com/credsweep/credsweep/connectors"
)

// Exposure says who can read an item, from the permissions in the listing
// or, for shared drive files (whose listings carry none), permissions.list.
// Permissions this account may not read give AudienceUnknown, not an error.
func (c *Connector) Exposure(ctx context.Context, it connectors.Item) (connectors.Exposure, error) {
	r, ok := it.Ref.(*ref)
	if !ok {
		return connectors.Exposure{}, fmt.Errorf("gdrive: %q was not listed by this connector", it.Display)
	}
	owner, ownerDomain := r.owner, domainOf(r.owner)
	if r.driveID != "" {
		owner = "shared drive " + c.res.name(r.driveID)
	}
	if ownerDomain == "" {
		ownerDomain = c.meDomain
	}
	perms := r.perms
	if !r.permsKnown {
		var err error
		perms, err = c.permissions(ctx, r.id)
		if err != nil && !isFinal(ctx, err) && missing(err) {
			// A Drive without permissions.list may still inline them.
			var f *drive.File
			if f, err = c.getFile(ctx, r.id, "permissions("+permFields+")"); err == nil {
				perms = f.Permissions
			}
		}
		if err != nil {
			if isFinal(ctx, err) {
				return connectors.Exposure{}, err
			}
			_, why := reason(err)
			if why == "" {
				why = err.Error()
			}
			return connectors.Exposure{Audience: connectors.AudienceUnknown, Owner: owner,
				Detail: "permissions cannot be read with this account (" + why + ")"}, nil
		}
	}
	return exposureOf(perms, owner, ownerDomain), nil
}

const permFields = "type,role,emailAddress,domain,allowFileDiscovery,deleted"

// permissions is permissions.list, all pages.
func (c *Connector) permissions(ctx context.Context, id string) ([]*drive.Permission, error) {
	var out []*drive.Permission
	tok := ""
	for {
		var pl *drive.PermissionList
		err := c.p.do(ctx, func(ctx context.Context) (err error) {
			call := c.svc.Permissions.List(id).SupportsAllDrives(true).PageSize(100).
				Fields("nextPageToken,permissions(" + permFields + ")").Context(ctx)
			if tok != "" {
				call = call.PageToken(tok)
			}
			pl, err = call.Do()
			return err
		})
		if err != nil {
			return nil, err
		}
		out = append(out, pl.Permissions...)
		if tok = pl.NextPageToken; tok == "" {
			return out, nil
		}
	}
}

// exposureOf maps Drive permissions to an audience: anyone is public
// (discoverable when allowFileDiscovery), a domain is the organisation,
// else named users and groups. External readers are users and groups
// outside the owner's domain.
func exposureOf(perms []*drive.Permission, owner, ownerDomain string) connectors.Exposure {
	e := connectors.Exposure{Audience: connectors.AudienceRestricted, Owner: owner}
	var anyone, anyoneFind, people int
	var domains, domainsFind []string
	readers := map[string]bool{}
	external := map[string]bool{}
	for _, p := range perms {
		if p == nil || p.Deleted {
			continue
		}
		switch p.Type {
		case "anyone":
			anyone++
			if p.AllowFileDiscovery {
				anyoneFind++
			}
			readers["anyone"] = true
		case "domain":
			domains = append(domains, p.Domain)
			if p.AllowFileDiscovery {
				domainsFind = append(domainsFind, p.Domain)
			}
			readers["domain:"+p.Domain] = true
		case "user", "group":
			email := strings.ToLower(p.EmailAddress)
			if email == "" {
				continue
			}
			key := email
			if p.Type == "group" {
				key = "group:" + email
			}
			readers[key] = true
			if p.Role != "owner" {
				people++
			}
			if e.Owner == "" && p.Role == "owner" {
				e.Owner, ownerDomain = email, domainOf(email)
			}
			if d := domainOf(email); ownerDomain != "" && d != ownerDomain {
				external[key] = true
			}
		}
	}
	// An external domain permission is external too.
	for _, d := range domains {
		if ownerDomain != "" && !strings.EqualFold(d, ownerDomain) {
			external["domain:"+d] = true
		}
	}
	e.Readers, e.External = sorted(readers), sorted(external)
	switch {
	case anyone > 0:
		e.Audience, e.Discoverable = connectors.AudiencePublic, anyoneFind > 0
		e.Detail = "anyone with the link can read it"
		if e.Discoverable {
			e.Detail = "public on the web: anyone can find it by search and read it"
		}
	case len(domains) > 0:
		// Discoverable is about the public web: a domain-wide search hit
		// shows in Detail only.
		e.Audience = connectors.AudienceOrganization
		e.Detail = "anyone at " + strings.Join(domains, ", ") + " with the link can read it"
		if len(domainsFind) > 0 {
			e.Detail = "anyone at " + strings.Join(domainsFind, ", ") + " can find it by search and read it"
		}
	case people == 0:
		e.Detail = "only the owner can read it"
	case people == 1:
		e.Detail = "shared with 1 user or group"
	default:
		e.Detail = fmt.Sprintf("shared with %d users or groups", people)
	}
	if len(e.External) > 0 {
		e.Detail += fmt.Sprintf("; %d reader(s) outside %s", len(e.External), ownerDomain)
	}
	return e
}

func sorted(m map[string]bool) []string {
	if len(m) == 0 {
		return nil
	}
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
