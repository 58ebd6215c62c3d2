package gdrive

import (
	"context"
	"reflect"
	"testing"

	drive "google.golang.org/api/drive/v3"

	"github.com/credsweep/credsweep/connectors"
	"github.com/credsweep/credsweep/connectors/gdrive/fakedrive"
)

func perm(typ, role, email, domain string, find bool) *drive.Permission {
	return &drive.Permission{Type: typ, Role: role, EmailAddress: email, Domain: domain, AllowFileDiscovery: find}
}

func TestExposureOf(t *testing.T) {
	owner := perm("user", "owner", "Rektor@Skole.no", "", false)
	for _, tc := range []struct {
		name     string
		perms    []*drive.Permission
		audience connectors.Audience
		disc     bool
		readers  []string
		external []string
		detail   string
	}{
		{"owner only", []*drive.Permission{owner}, connectors.AudienceRestricted, false,
			[]string{"rektor@skole.no"}, nil, "only the owner can read it"},
		{"colleague and outsider", []*drive.Permission{owner, perm("user", "reader", "laerer@skole.no", "", false), perm("group", "writer", "foreldre@gmail.com", "", false)},
			connectors.AudienceRestricted, false, []string{"group:foreldre@gmail.com", "laerer@skole.no", "rektor@skole.no"}, []string{"group:foreldre@gmail.com"},
			"shared with 2 users or groups; 1 reader(s) outside skole.no"},
		{"domain", []*drive.Permission{owner, perm("domain", "reader", "", "skole.no", false)}, connectors.AudienceOrganization, false,
			[]string{"domain:skole.no", "rektor@skole.no"}, nil, "anyone at skole.no with the link can read it"},
		{"domain searchable", []*drive.Permission{owner, perm("domain", "reader", "", "skole.no", true)}, connectors.AudienceOrganization, false,
			[]string{"domain:skole.no", "rektor@skole.no"}, nil, "anyone at skole.no can find it by search and read it"},
		{"other domain", []*drive.Permission{owner, perm("domain", "reader", "", "kommune.no", false)}, connectors.AudienceOrganization, false,
			[]string{"domain:kommune.no", "rektor@skole.no"}, []string{"domain:kommune.no"}, "anyone at kommune.no with the link can read it; 1 reader(s) outside skole.no"},
		{"anyone with link", []*drive.Permission{owner, perm("anyone", "reader", "", "", false), perm("domain", "reader", "", "skole.no", true)},
			connectors.AudiencePublic, false, []string{"anyone", "domain:skole.no", "rektor@skole.no"}, nil, "anyone with the link can read it"},
		{"public on the web", []*drive.Permission{owner, perm("anyone", "reader", "", "", true)}, connectors.AudiencePublic, true,
			[]string{"anyone", "rektor@skole.no"}, nil, "public on the web: anyone can find it by search and read it"},
		{"deleted ignored", []*drive.Permission{owner, {Type: "anyone", Role: "reader", Deleted: true}}, connectors.AudienceRestricted, false,
			[]string{"rektor@skole.no"}, nil, "only the owner can read it"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := exposureOf(tc.perms, "Rektor@Skole.no", "skole.no")
			if e.Audience != tc.audience || e.Discoverable != tc.disc || !reflect.DeepEqual(e.Readers, tc.readers) ||
				!reflect.DeepEqual(e.External, tc.external) || e.Detail != tc.detail || e.Owner != "Rektor@Skole.no" {
				t.Fatalf("got %+v", e)
			}
		})
	}
}

func TestExposureFromDrive(t *testing.T) {
	s := newFake(t)
	pub := s.AddBlob("pub.txt", "", "text/plain", []byte("x"))
	s.Share(pub, fakedrive.Permission{Type: "anyone", Role: "reader", AllowFileDiscovery: true})
	hidden := s.Add(fakedrive.File{Name: "hidden.txt", MIMEType: "text/plain", Owner: "kari@other.no", HidePermissions: true})
	d := s.AddDrive("Skole")
	inDrive := s.AddBlob("d.txt", d, "text/plain", []byte("x"))
	s.Share(inDrive, fakedrive.Permission{Type: "user", Role: "reader", Email: "ola@gmail.com"})

	c := connect(t, s, Target{Kind: KindAll}, nil)
	got := map[string]connectors.Exposure{}
	for _, it := range walk(t, c) {
		e, err := c.Exposure(context.Background(), it)
		if err != nil {
			t.Fatalf("%s: %v", it.Display, err)
		}
		got[it.ID] = e
	}
	if e := got[pub]; e.Audience != connectors.AudiencePublic || !e.Discoverable || e.Owner != s.Me {
		t.Errorf("public: %+v", e)
	}
	if e := got[hidden]; e.Audience != connectors.AudienceUnknown || e.Owner != "kari@other.no" || e.Detail == "" {
		t.Errorf("hidden: %+v", e)
	}
	// Shared drive files: listed without permissions, so permissions.list.
	if e := got[inDrive]; e.Audience != connectors.AudienceRestricted || e.Owner != "shared drive Skole" ||
		!reflect.DeepEqual(e.External, []string{"ola@gmail.com"}) {
		t.Errorf("shared drive: %+v", e)
	}
}
