package fakedrive

import (
	"fmt"
	"net/url"
	"strings"
	"time"

	drive "google.golang.org/api/drive/v3"
)

// MIME types of Drive's own objects and of the exports the fake serves.
const (
	FolderMIME   = "application/vnd.google-apps.folder"
	ShortcutMIME = "application/vnd.google-apps.shortcut"
	DocMIME      = "application/vnd.google-apps.document"
	SheetMIME    = "application/vnd.google-apps.spreadsheet"
	SlidesMIME   = "application/vnd.google-apps.presentation"
	FormMIME     = "application/vnd.google-apps.form"
	DrawingMIME  = "application/vnd.google-apps.drawing"
	SiteMIME     = "application/vnd.google-apps.site"
	XLSXMIME     = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	CSVMIME      = "text/csv"
	TextMIME     = "text/plain"
)

// Permission is one sharing entry of a file, as permissions.list returns it.
type Permission struct {
	Type               string // user, group, domain, anyone
	Role               string // owner, organizer, writer, commenter, reader
	Email              string // user and group
	Domain             string // domain
	AllowFileDiscovery bool   // anyone and domain
}

// File is a Drive object the fake serves: a folder, a file with bytes, a
// Google-native file with its exports, or a shortcut.
type File struct {
	// ID is generated when empty.
	ID       string
	Name     string
	MIMEType string
	// Parents are folder ids or a shared drive id; nil means My Drive's root.
	Parents []string
	// Orphan drops the parents: a file shared with me, or one of my orphans.
	Orphan bool
	// Content is what alt=media returns (not for Google-native files).
	Content []byte
	// Exports maps an export MIME type to its bytes (Google-native files).
	Exports map[string][]byte
	// Owner is an email; it defaults to the server's Me outside shared
	// drives. Files in shared drives have no owner.
	Owner       string
	Permissions []Permission
	Trashed     bool
	// ShortcutTarget is the target file id of a shortcut.
	ShortcutTarget string
	ModifiedTime   time.Time
	// Err makes downloads and exports of this file fail with this reason:
	// downloadQuotaExceeded, cannotDownloadAbusiveFile.
	Err string
	// HidePermissions makes permissions.list fail with
	// insufficientFilePermissions.
	HidePermissions bool

	driveID string
	version int64 // changes of any kind since Add
	headRev int   // content revisions since Add
}

type sharedDrive struct {
	id, name string
	members  []member
}

func isNative(mime string) bool {
	return len(mime) > len("application/vnd.google-apps.") && mime[:len("application/vnd.google-apps.")] == "application/vnd.google-apps."
}

// Add stores a file and returns its id. Parents that are shared drive ids
// (or folders inside one) put the file in that shared drive.
func (s *Server) Add(f File) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.seq++
	if f.ID == "" {
		f.ID = fmt.Sprintf("f%04dx", s.seq)
	}
	if f.Orphan {
		f.Parents = nil
	} else if f.Parents == nil {
		f.Parents = []string{s.rootID}
		if u := s.users[strings.ToLower(f.Owner)]; u != nil {
			f.Parents = []string{u.root}
		}
	}
	f.driveID = s.driveOfLocked(f.Parents)
	if f.Owner == "" && f.driveID == "" {
		f.Owner = s.Me
	}
	if f.ModifiedTime.IsZero() {
		f.ModifiedTime = time.Date(2018, 3, 1, 12, 0, 0, 0, time.UTC).Add(time.Duration(s.seq) * time.Minute)
	}
	if _, dup := s.files[f.ID]; !dup {
		s.order = append(s.order, f.ID)
	}
	oldDrive := f.driveID
	if old := s.files[f.ID]; old != nil {
		f.version, f.headRev, oldDrive = old.version+1, old.headRev+1, old.driveID
	}
	cp := f
	s.files[f.ID] = &cp
	s.recordLocked(f.ID, f.driveID, oldDrive, false)
	return f.ID
}

func parentList(parent string) []string {
	if parent == "" {
		return nil
	}
	return []string{parent}
}

// AddFolder adds a folder under parent ("" = My Drive's root).
func (s *Server) AddFolder(name, parent string) string {
	return s.Add(File{Name: name, MIMEType: FolderMIME, Parents: parentList(parent)})
}

// AddBlob adds a file with bytes under parent ("" = My Drive's root).
func (s *Server) AddBlob(name, parent, mime string, data []byte) string {
	return s.Add(File{Name: name, MIMEType: mime, Parents: parentList(parent), Content: data})
}

// AddNative adds a Google-native file (DocMIME, SheetMIME, ...) whose
// exports are given by MIME type.
func (s *Server) AddNative(name, parent, mime string, exports map[string][]byte) string {
	return s.Add(File{Name: name, MIMEType: mime, Parents: parentList(parent), Exports: exports})
}

// AddShortcut adds a shortcut to target under parent.
func (s *Server) AddShortcut(name, parent, target string) string {
	return s.Add(File{Name: name, MIMEType: ShortcutMIME, Parents: parentList(parent), ShortcutTarget: target})
}

// AddDrive adds a shared drive and returns its id, which is also the id of
// its root folder.
func (s *Server) AddDrive(name string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.seq++
	id := fmt.Sprintf("0AD%04d", s.seq)
	s.drives[id] = &sharedDrive{id: id, name: name}
	s.driveOrder = append(s.driveOrder, id)
	s.driveLogs[id] = &changeLog{}
	return id
}

// Share adds a permission to a file (a change, as in Drive).
func (s *Server) Share(id string, p Permission) {
	s.Update(id, func(f *File) { f.Permissions = append(f.Permissions, p) })
}

// SetFileError makes downloads and exports of a file fail with reason.
func (s *Server) SetFileError(id, reason string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if f, ok := s.files[id]; ok {
		f.Err = reason
	}
}

// RootID is the id of My Drive's root folder ("root" is an alias).
func (s *Server) RootID() string { return s.rootID }

func (s *Server) exportLink(id, mime string) string {
	return s.srv.URL + "/exportlink/" + url.PathEscape(id) + "?mimeType=" + url.QueryEscape(mime)
}

// permissions returns the file's permissions including its owner's.
func (f *File) permissions() []*drive.Permission {
	var out []*drive.Permission
	if f.Owner != "" {
		out = append(out, &drive.Permission{Id: "p-owner", Type: "user", Role: "owner", EmailAddress: f.Owner, Kind: "drive#permission"})
	}
	for i, p := range f.Permissions {
		out = append(out, &drive.Permission{
			Id: fmt.Sprintf("p%d", i), Kind: "drive#permission", Type: p.Type, Role: p.Role,
			EmailAddress: p.Email, Domain: p.Domain, AllowFileDiscovery: p.AllowFileDiscovery,
		})
	}
	return out
}

// resource renders f as the API returns it. Like Drive, permissions are
// only inlined for files outside shared drives.
func (s *Server) resource(f *File, me string) *drive.File {
	if s.variant().MinimalFields {
		df := &drive.File{Id: f.ID, Name: f.Name, MimeType: f.MIMEType}
		if len(f.Parents) != 1 || f.Parents[0] != s.rootID {
			df.Parents = f.Parents
		}
		return df
	}
	df := &drive.File{
		Kind: "drive#file", Id: f.ID, Name: f.Name, MimeType: f.MIMEType,
		Parents: f.Parents, DriveId: f.driveID, Trashed: f.Trashed,
		ModifiedTime: f.ModifiedTime.UTC().Format(time.RFC3339Nano),
		WebViewLink:  s.srv.URL + "/view/" + url.PathEscape(f.ID),
		OwnedByMe:    f.Owner != "" && f.Owner == me,
		Capabilities: &drive.FileCapabilities{CanDownload: true},
	}
	if f.Owner != "" {
		df.Owners = []*drive.User{{EmailAddress: f.Owner, Kind: "drive#user"}}
	}
	perms := f.permissions()
	if f.driveID == "" && !f.HidePermissions {
		df.Permissions = perms
	}
	for _, p := range perms {
		df.PermissionIds = append(df.PermissionIds, p.Id)
	}
	switch {
	case f.MIMEType == ShortcutMIME:
		tm := ""
		if t, ok := s.files[f.ShortcutTarget]; ok {
			tm = t.MIMEType
		}
		df.ShortcutDetails = &drive.FileShortcutDetails{TargetId: f.ShortcutTarget, TargetMimeType: tm}
	case isNative(f.MIMEType):
		if len(f.Exports) > 0 {
			df.ExportLinks = map[string]string{}
			for m := range f.Exports {
				df.ExportLinks[m] = s.exportLink(f.ID, m)
			}
		}
	case f.MIMEType != FolderMIME:
		df.Size = int64(len(f.Content))
		df.Md5Checksum = f.checksum()
		df.HeadRevisionId = f.revision()
	}
	df.Version = f.version + 1
	return df
}
