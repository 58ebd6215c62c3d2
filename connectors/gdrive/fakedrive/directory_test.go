package fakedrive

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"testing"
)

func getAs(t *testing.T, s *Server, tok, path string, q url.Values) (int, map[string]any) {
	t.Helper()
	req, _ := http.NewRequest("GET", s.URL()+path+"?"+q.Encode(), nil)
	req.Header.Set("Authorization", "Bearer "+tok)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	var m map[string]any
	_ = json.Unmarshal(b, &m)
	return resp.StatusCode, m
}

func TestDirectoryUsersList(t *testing.T) {
	s := New()
	defer s.Close()
	s.AddUser(User{Email: "admin@example.no", Admin: true})
	s.AddUser(User{Email: "b@example.no"})
	s.AddUser(User{Email: "a@example.no", Suspended: true})
	adminTok := s.IssueTokenFor("admin@example.no", ScopeDirectoryUserReadonly)
	const users = "/admin/directory/v1/users"
	my := url.Values{"customer": {"my_customer"}}
	with := func(kv ...string) url.Values {
		q := url.Values{"customer": {"my_customer"}}
		for i := 0; i < len(kv); i += 2 {
			q.Set(kv[i], kv[i+1])
		}
		return q
	}
	for _, tc := range []struct {
		name  string
		tok   string
		q     url.Values
		code  int
		count int
	}{
		{"admin", adminTok, my, 200, 3},
		{"customer id", adminTok, url.Values{"customer": {CustomerID}}, 200, 3},
		{"domain", adminTok, url.Values{"domain": {"example.no"}}, 200, 3},
		{"no customer", adminTok, url.Values{}, 400, 0},
		{"other customer", adminTok, url.Values{"customer": {"C999"}}, 400, 0},
		{"page of 2", adminTok, with("maxResults", "2"), 200, 2},
		{"maxResults 0", adminTok, with("maxResults", "0"), 400, 0},
		{"maxResults 501", adminTok, with("maxResults", "501"), 400, 0},
		{"bad page token", adminTok, with("pageToken", "x"), 400, 0},
		{"second page", adminTok, with("maxResults", "2", "pageToken", "u-2"), 200, 1},
		{"query unsupported", adminTok, with("query", "isSuspended=false"), 400, 0},
		{"not an admin", s.IssueTokenFor("b@example.no", ScopeDirectoryUserReadonly), my, 403, 0},
		{"drive scope only", s.IssueTokenFor("admin@example.no", "https://www.googleapis.com/auth/drive.readonly"), my, 403, 0},
		{"no token", "nope", my, 401, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, m := getAs(t, s, tc.tok, users, tc.q)
			list, _ := m["users"].([]any)
			if code != tc.code || len(list) != tc.count {
				t.Fatalf("%d, %d users; want %d, %d", code, len(list), tc.code, tc.count)
			}
		})
	}
	// Paging to the end, and the fields mask.
	code, m := getAs(t, s, adminTok, users, with("maxResults", "2", "orderBy", "email",
		"fields", "nextPageToken,users(primaryEmail,suspended)"))
	list := m["users"].([]any)
	first := list[0].(map[string]any)
	if code != 200 || m["nextPageToken"] != "u-2" || first["primaryEmail"] != "a@example.no" || first["suspended"] != true || first["id"] != nil {
		t.Fatalf("%d %v", code, m)
	}
}

func TestDomainVisibility(t *testing.T) {
	s := New()
	defer s.Close()
	s.AddUser(User{Email: "admin@example.no", Admin: true})
	s.AddUser(User{Email: "a@example.no"})
	s.AddUser(User{Email: "b@example.no"})
	mine := s.Add(File{Name: "a.txt", MIMEType: TextMIME, Owner: "a@example.no"})
	d := s.AddDrive("D")
	s.AddDriveMember(d, "b@example.no", "reader")
	const scope = "https://www.googleapis.com/auth/drive.readonly"
	a, b, adm := s.IssueTokenFor("a@example.no", scope), s.IssueTokenFor("b@example.no", scope), s.IssueTokenFor("admin@example.no", scope)
	for _, tc := range []struct {
		name, tok, path string
		q               url.Values
		code            int
	}{
		{"owner gets", a, "/drive/v3/files/" + mine, nil, 200},
		{"other user gets", b, "/drive/v3/files/" + mine, nil, 404},
		{"member gets drive", b, "/drive/v3/drives/" + d, nil, 200},
		{"non-member drive", a, "/drive/v3/drives/" + d, nil, 404},
		{"admin access", adm, "/drive/v3/drives/" + d, url.Values{"useDomainAdminAccess": {"true"}}, 200},
		{"admin access by a user", a, "/drive/v3/drives/" + d, url.Values{"useDomainAdminAccess": {"true"}}, 403},
		{"members as admin", adm, "/drive/v3/files/" + d + "/permissions", url.Values{"useDomainAdminAccess": {"true"}, "supportsAllDrives": {"true"}}, 200},
		{"members as non-member", a, "/drive/v3/files/" + d + "/permissions", url.Values{"supportsAllDrives": {"true"}}, 404},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if code, m := getAs(t, s, tc.tok, tc.path, tc.q); code != tc.code {
				t.Fatalf("%d %v, want %d", code, m, tc.code)
			}
		})
	}
	if root := s.UserRoot("a@example.no"); root == "" || root == s.RootID() {
		t.Fatalf("a's root %q", root)
	}
	_, m := getAs(t, s, a, "/drive/v3/files", url.Values{"q": {"'root' in parents"}})
	if files := m["files"].([]any); len(files) != 1 {
		t.Fatalf("a's root lists %v", files)
	}
	_, m = getAs(t, s, b, "/drive/v3/files", url.Values{"q": {"'root' in parents"}})
	if files, _ := m["files"].([]any); len(files) != 0 {
		t.Fatalf("b's root lists %v", files)
	}
}
