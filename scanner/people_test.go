package scanner

import (
	"reflect"
	"testing"

	"github.com/credsweep/credsweep/connectors"
)

func TestExposurePseudonyms(t *testing.T) {
	e := connectors.Exposure{
		Audience: connectors.AudienceRestricted,
		Owner:    "rektor@skole.no",
		Readers:  []string{"BUILTIN\\Administrators", "domain:skole.no", "group:elever@skole.no", "kari@skole.no", "ola@skole.no", "per@gmail.com", "user:ola"},
		External: []string{"per@gmail.com"},
	}
	got := exposureFor(e, false)
	want := []string{"BUILTIN\\Administrators", "domain:skole.no", "group elever@skole.no", "a local user", "a user at gmail.com", "2 users at skole.no"}
	if got.Owner != "a user at skole.no" || !reflect.DeepEqual(got.Readers, want) || !reflect.DeepEqual(got.External, []string{"a user at gmail.com"}) {
		t.Fatalf("pseudonyms: owner %q readers %q external %q", got.Owner, got.Readers, got.External)
	}
	clear := exposureFor(e, true)
	if clear.Owner != "rektor@skole.no" || clear.Readers[6] != "ola" || clear.Readers[2] != "group elever@skole.no" {
		t.Fatalf("--show-samples: %+v", clear)
	}
}

// A domain account named through LDAP ("user:DOMAIN\name") is counted per
// domain, not named; the group's name and count stay.
func TestExposureDomainUsers(t *testing.T) {
	e := connectors.Exposure{
		Owner:   `user:SKOLE\kari`,
		Readers: []string{`SKOLE\Alle-elever (35 members)`, `user:SKOLE\kari`, `user:SKOLE\ola`, "user:per"},
	}
	got := exposureFor(e, false)
	want := []string{`SKOLE\Alle-elever (35 members)`, "a local user", "2 users of SKOLE"}
	if got.Owner != "a user of SKOLE" || !reflect.DeepEqual(got.Readers, want) {
		t.Fatalf("owner %q readers %q", got.Owner, got.Readers)
	}
}
