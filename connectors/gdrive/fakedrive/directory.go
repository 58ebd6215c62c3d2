package fakedrive

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	admin "google.golang.org/api/admin/directory/v1"
	drive "google.golang.org/api/drive/v3"
)

// Domain mode: once a User is added, the fake is a Google Workspace
// domain. Each user has a My Drive of their own (a root folder), a token
// acts for the user its service account impersonates (the JWT "sub"),
// and that user sees only what Drive would show them: the files they own,
// those shared with them (directly, through a folder above, with their
// domain or with anyone) and the shared drives they are members of. The
// Admin SDK Directory API (users.list) answers admins only, with the
// admin.directory.user(.readonly) scope. Impersonating an unknown,
// suspended or archived user is refused by the token endpoint
// (invalid_grant), and with Delegate set only the delegated scopes are
// granted (unauthorized_client otherwise), as domain-wide delegation in
// the Admin console does.
//
// Without users the fake keeps its single-account behaviour: every token
// sees everything.

// Directory API scopes.
const (
	ScopeDirectoryUserReadonly = "https://www.googleapis.com/auth/admin.directory.user.readonly"
	ScopeDirectoryUser         = "https://www.googleapis.com/auth/admin.directory.user"
)

// CustomerID is the fake domain's customer id (users.list also takes
// "my_customer").
const CustomerID = "C0fake00"

// User is a Workspace user of the fake domain.
type User struct {
	// ID is the Directory id; generated when empty.
	ID    string
	Email string
	Name  string
	// Admin users may call the Directory API and useDomainAdminAccess.
	Admin bool
	// Suspended and Archived users are listed, and cannot be
	// impersonated.
	Suspended, Archived bool
	// QuotaUsed overrides storageQuota.usageInDrive (by default the sum
	// of the sizes of the files the user owns).
	QuotaUsed int64

	root string
}

// member is one membership of a shared drive.
type member struct {
	email, role string
}

// AddUser adds a user with an empty My Drive and returns their id. The
// first user added turns the fake into a domain.
func (s *Server) AddUser(u User) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.seq++
	if u.ID == "" {
		u.ID = fmt.Sprintf("1%011d", s.seq)
	}
	u.Email = strings.ToLower(u.Email)
	u.root = "0Aroot" + u.ID
	if s.users == nil {
		s.users = map[string]*User{}
	}
	if _, dup := s.users[u.Email]; !dup {
		s.userOrder = append(s.userOrder, u.Email)
	}
	cp := u
	s.users[u.Email] = &cp
	return u.ID
}

// UserRoot returns the id of a user's My Drive root folder ("" for an
// unknown user).
func (s *Server) UserRoot(email string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if u := s.users[strings.ToLower(email)]; u != nil {
		return u.root
	}
	return ""
}

// AddDriveMember makes a user a member of a shared drive with a role
// (organizer, fileOrganizer, writer, commenter, reader). A shared drive
// without members is visible to every user; one with members to them
// only (and to admins with useDomainAdminAccess).
func (s *Server) AddDriveMember(driveID, email, role string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if d := s.drives[driveID]; d != nil {
		d.members = append(d.members, member{strings.ToLower(email), role})
	}
}

// Delegate grants domain-wide delegation to a service account for these
// scopes. Once any delegation is set, impersonation by a service account
// asks for delegated scopes only.
func (s *Server) Delegate(serviceAccount string, scopes ...string) {
	s.auth.mu.Lock()
	defer s.auth.mu.Unlock()
	if s.auth.delegated == nil {
		s.auth.delegated = map[string][]string{}
	}
	s.auth.delegated[serviceAccount] = append(s.auth.delegated[serviceAccount], scopes...)
}

// domainLocked says whether the fake is a domain. The caller holds s.mu.
func (s *Server) domainLocked() bool { return len(s.users) > 0 }

// impersonable checks a JWT subject in domain mode: "" when it may be
// impersonated, else the token endpoint's error description.
func (s *Server) impersonable(sub string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.domainLocked() || sub == "" {
		return ""
	}
	u := s.users[strings.ToLower(sub)]
	switch {
	case u == nil:
		return "Invalid email or User ID"
	case u.Suspended, u.Archived:
		return "Invalid email or User ID (the account is suspended or archived)"
	}
	return ""
}

// caller is who a request acts for and with which grant: the impersonated
// subject, else (in domain mode) the service account itself, else Me.
// The caller holds s.mu (the auth lock is taken here).
func (s *Server) callerLocked(r *http.Request) (string, Grant) {
	tok, _ := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	s.auth.mu.Lock()
	g := s.auth.tokens[tok]
	s.auth.mu.Unlock()
	switch {
	case g.Subject != "":
		return strings.ToLower(g.Subject), g
	case g.Type == "jwt-bearer" && s.domainLocked():
		return strings.ToLower(g.Email), g
	}
	return s.Me, g
}

// caller is callerLocked taking s.mu.
func (s *Server) caller(r *http.Request) (string, Grant) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.callerLocked(r)
}

// rootOfLocked is the My Drive root of who ("root" in queries).
func (s *Server) rootOfLocked(who string) string {
	if u := s.users[who]; u != nil {
		return u.root
	}
	return s.rootID
}

// isAdminLocked says whether who is an admin of the domain.
func (s *Server) isAdminLocked(who string) bool {
	u := s.users[who]
	return u != nil && u.Admin
}

// driveMemberLocked says whether who may see shared drive id.
func (s *Server) driveMemberLocked(id, who string) bool {
	d := s.drives[id]
	if d == nil {
		return false
	}
	if !s.domainLocked() || len(d.members) == 0 {
		return true
	}
	for _, m := range d.members {
		if m.email == who {
			return true
		}
	}
	return false
}

// visibleLocked says whether who can see f: always outside domain mode;
// else as Drive decides (owner, a permission on f or a folder above it,
// the drive's membership).
func (s *Server) visibleLocked(f *File, who string) bool {
	if !s.domainLocked() {
		return true
	}
	if f.driveID != "" {
		return s.driveMemberLocked(f.driveID, who)
	}
	dom := ""
	if i := strings.LastIndexByte(who, '@'); i >= 0 {
		dom = who[i+1:]
	}
	cur := f
	for depth := 0; cur != nil && depth < 128; depth++ {
		if strings.EqualFold(cur.Owner, who) {
			return true
		}
		for _, p := range cur.Permissions {
			switch p.Type {
			case "anyone":
				return true
			case "domain":
				if strings.EqualFold(p.Domain, dom) {
					return true
				}
			case "user", "group":
				if strings.EqualFold(p.Email, who) {
					return true
				}
			}
		}
		if len(cur.Parents) == 0 {
			break
		}
		cur = s.files[cur.Parents[0]]
	}
	return false
}

// usedLocked is a user's storageQuota.usageInDrive.
func (s *Server) usedLocked(who string) int64 {
	u := s.users[who]
	if u != nil && u.QuotaUsed != 0 {
		return u.QuotaUsed
	}
	var n int64
	for _, f := range s.files {
		if f.driveID == "" && strings.EqualFold(f.Owner, who) {
			n += int64(len(f.Content))
		}
	}
	return n
}

func hasScope(g Grant, scopes ...string) bool {
	have := strings.Fields(g.Scope)
	for _, sc := range scopes {
		if slices.Contains(have, sc) {
			return true
		}
	}
	return false
}

// handleUsers is the Directory API's users.list: customer (my_customer or
// CustomerID) or domain, maxResults 1..500 (default 100), pageToken,
// orderBy=email, showDeleted; admins only, with a Directory scope.
func (s *Server) handleUsers(w http.ResponseWriter, r *http.Request) {
	qv := r.URL.Query()
	s.mu.Lock()
	who, g := s.callerLocked(r)
	domain := s.domainLocked()
	isAdmin := s.isAdminLocked(who)
	s.mu.Unlock()
	switch {
	case !hasScope(g, ScopeDirectoryUserReadonly, ScopeDirectoryUser) && g.Type != "static":
		s.writeError(w, 403, "insufficientPermissions", "Request had insufficient authentication scopes.")
		return
	case !domain || !isAdmin:
		s.writeError(w, 403, "forbidden", "Not Authorized to access this resource/api")
		return
	}
	customer, dom := qv.Get("customer"), qv.Get("domain")
	switch {
	case customer == "" && dom == "":
		s.writeError(w, 400, "badRequest", "Bad Request")
		return
	case customer != "" && customer != "my_customer" && customer != CustomerID:
		s.writeError(w, 400, "badRequest", "Bad Request")
		return
	case qv.Get("query") != "" || qv.Get("customFieldMask") != "" || qv.Get("projection") == "custom":
		s.writeError(w, 400, "invalid", "The fake supports no query")
		return
	case qv.Get("orderBy") != "" && qv.Get("orderBy") != "email":
		s.writeError(w, 400, "invalid", "Invalid Input: orderBy")
		return
	}
	size := 100
	if v := qv.Get("maxResults"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 500 {
			s.writeError(w, 400, "invalid", "Invalid Input: maxResults")
			return
		}
		size = n
	}
	off := 0
	if t := qv.Get("pageToken"); t != "" {
		n, err := strconv.Atoi(strings.TrimPrefix(t, "u-"))
		if !strings.HasPrefix(t, "u-") || err != nil || n < 0 {
			s.writeError(w, 400, "invalid", "Invalid Input: pageToken")
			return
		}
		off = n
	}
	s.mu.Lock()
	size = min(size, s.maxPage)
	var emails []string
	for _, e := range s.userOrder {
		if dom == "" || strings.HasSuffix(e, "@"+strings.ToLower(dom)) {
			emails = append(emails, e)
		}
	}
	if qv.Get("orderBy") == "email" {
		slices.Sort(emails)
	}
	out := &admin.Users{Kind: "admin#directory#users"}
	for i := off; i < len(emails) && i < off+size; i++ {
		u := s.users[emails[i]]
		out.Users = append(out.Users, &admin.User{
			Kind: "admin#directory#user", Id: u.ID, PrimaryEmail: u.Email,
			Name:    &admin.UserName{FullName: u.Name},
			IsAdmin: u.Admin, Suspended: u.Suspended, Archived: u.Archived,
			CustomerId: CustomerID, OrgUnitPath: "/",
		})
	}
	if off+size < len(emails) {
		out.NextPageToken = "u-" + strconv.Itoa(off+size)
	}
	s.mu.Unlock()
	s.reply(w, r, out)
}

// adminAccess checks useDomainAdminAccess: false when not asked; an
// error written when asked by a non-admin.
func (s *Server) adminAccess(w http.ResponseWriter, r *http.Request) (asked, ok bool) {
	if !truthy(r, "useDomainAdminAccess") {
		return false, true
	}
	s.mu.Lock()
	who, _ := s.callerLocked(r)
	isAdmin := s.isAdminLocked(who)
	s.mu.Unlock()
	if !isAdmin {
		s.writeError(w, 403, "insufficientAdministratorPrivileges",
			"The authenticated user is not an administrator of the domain (useDomainAdminAccess).")
		return true, false
	}
	return true, true
}

// drivePermissions is permissions.list of a shared drive itself: its
// members.
func (s *Server) drivePermissionsLocked(id string) []*drive.Permission {
	var out []*drive.Permission
	for i, m := range s.drives[id].members {
		out = append(out, &drive.Permission{Id: fmt.Sprintf("m%d", i), Kind: "drive#permission",
			Type: "user", Role: m.role, EmailAddress: m.email})
	}
	return out
}
