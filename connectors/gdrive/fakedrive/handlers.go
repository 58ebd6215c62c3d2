package fakedrive

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	drive "google.golang.org/api/drive/v3"
)

func truthy(r *http.Request, k string) bool { return r.URL.Query().Get(k) == "true" }

// page returns the offset and size of the requested page.
func (s *Server) page(r *http.Request, def int) (off, size int, err error) {
	size = def
	if v := r.URL.Query().Get("pageSize"); v != "" {
		if size, err = strconv.Atoi(v); err != nil || size < 1 {
			return 0, 0, fmt.Errorf("bad pageSize")
		}
	}
	s.mu.Lock()
	if size > s.maxPage {
		size = s.maxPage
	}
	s.mu.Unlock()
	if t := r.URL.Query().Get("pageToken"); t != "" {
		if !strings.HasPrefix(t, "off-") {
			return 0, 0, fmt.Errorf("bad pageToken")
		}
		if off, err = strconv.Atoi(t[4:]); err != nil || off < 0 {
			return 0, 0, fmt.Errorf("bad pageToken")
		}
	}
	return off, size, nil
}

func nextToken(off, size, total int) string {
	if off+size >= total {
		return ""
	}
	return "off-" + strconv.Itoa(off+size)
}

func (s *Server) handleAbout(w http.ResponseWriter, r *http.Request) {
	if s.variant().NoAbout {
		http.NotFound(w, r)
		return
	}
	s.mu.Lock()
	me, _ := s.callerLocked(r)
	used := s.usedLocked(me)
	s.mu.Unlock()
	s.reply(w, r, &drive.About{Kind: "drive#about",
		User:         &drive.User{EmailAddress: me, DisplayName: me, Kind: "drive#user", Me: true},
		StorageQuota: &drive.AboutStorageQuota{Usage: used, UsageInDrive: used, Limit: 15 << 30}})
}

// handleList is files.list with the corpora rules of Drive: shared drive
// items only with includeItemsFromAllDrives, a driveId only with
// corpora=drive.
func (s *Server) handleList(w http.ResponseWriter, r *http.Request) {
	qv := r.URL.Query()
	all := truthy(r, "includeItemsFromAllDrives")
	if all && !truthy(r, "supportsAllDrives") {
		s.writeError(w, 403, "teamDrivesParameterNotSupported", "includeItemsFromAllDrives requires supportsAllDrives")
		return
	}
	clauses, err := parseQuery(qv.Get("q"))
	if err != nil {
		s.writeError(w, 400, "invalid", "Invalid Value: q")
		return
	}
	corpora, driveID := qv.Get("corpora"), qv.Get("driveId")
	vr := s.variant()
	if vr.rejects(qv.Get("q"), corpora) {
		s.writeError(w, 400, "invalid", "Invalid Value")
		return
	}
	switch {
	case corpora == "drive" && (driveID == "" || !all):
		s.writeError(w, 400, "invalid", "corpora=drive needs driveId and includeItemsFromAllDrives")
		return
	case corpora != "drive" && driveID != "":
		s.writeError(w, 400, "invalid", "driveId needs corpora=drive")
		return
	case corpora == "allDrives" && !all:
		s.writeError(w, 400, "invalid", "corpora=allDrives needs includeItemsFromAllDrives")
		return
	case corpora != "" && corpora != "user" && corpora != "drive" && corpora != "allDrives":
		s.writeError(w, 400, "invalid", "Invalid Value: corpora")
		return
	}
	off, size, err := s.page(r, 100)
	if err != nil {
		s.writeError(w, 400, "invalid", err.Error())
		return
	}
	s.mu.Lock()
	me, _ := s.callerLocked(r)
	if corpora == "drive" && (s.drives[driveID] == nil || !s.driveMemberLocked(driveID, me)) {
		s.mu.Unlock()
		s.writeError(w, 404, "notFound", "Shared drive not found: "+driveID)
		return
	}
	for i := range clauses {
		if clauses[i].field == "parents" && clauses[i].value == "root" && !vr.NoRootAlias {
			clauses[i].value = s.rootOfLocked(me)
		}
	}
	var hits []*File
	for _, id := range s.order {
		f := s.files[id]
		switch {
		case corpora == "drive" && f.driveID != driveID:
			continue
		case f.driveID != "" && !all:
			continue
		}
		if match(clauses, f, me) && s.visibleLocked(f, me) {
			hits = append(hits, f)
		}
	}
	out := &drive.FileList{Kind: "drive#fileList", NextPageToken: nextToken(off, size, len(hits))}
	for i := off; i < len(hits) && i < off+size; i++ {
		out.Files = append(out.Files, s.resource(hits[i], me))
	}
	s.mu.Unlock()
	s.reply(w, r, out)
}

// lookup finds a file; shared drive files need supportsAllDrives, as in
// Drive. The caller holds s.mu.
func (s *Server) lookup(w http.ResponseWriter, r *http.Request) *File {
	id := r.PathValue("id")
	me, _ := s.callerLocked(r)
	root := s.rootOfLocked(me)
	if id == "root" && !s.variant().NoRootAlias {
		id = root
	}
	f := s.files[id]
	if f == nil && id == root && !s.variant().NoRootAlias {
		f = &File{ID: root, Name: "My Drive", MIMEType: FolderMIME, Owner: me}
	}
	if f == nil || (f.driveID != "" && !truthy(r, "supportsAllDrives")) || !s.visibleLocked(f, me) {
		s.writeError(w, 404, "notFound", "File not found: "+id+".")
		return nil
	}
	return f
}

func (s *Server) handleGet(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	f := s.lookup(w, r)
	if f == nil {
		s.mu.Unlock()
		return
	}
	if r.URL.Query().Get("alt") != "media" {
		me, _ := s.callerLocked(r)
		res := s.resource(f, me)
		s.mu.Unlock()
		s.reply(w, r, res)
		return
	}
	id, reason, data := f.ID, f.Err, f.Content
	native := isNative(f.MIMEType)
	s.mu.Unlock()
	switch {
	case native:
		s.writeError(w, 403, "fileNotDownloadable", "Only files with binary content can be downloaded. Use Export with Docs Editors files.")
		return
	case reason != "":
		s.writeError(w, 403, reason, "The download of this file failed: "+reason)
		return
	}
	s.sendBytes(w, r, id, data, true)
}

// sendBytes writes data (honouring a "bytes=N-" Range when ranged) and
// counts a download when the body is sent to the end of the file.
func (s *Server) sendBytes(w http.ResponseWriter, r *http.Request, id string, data []byte, ranged bool) {
	start := 0
	if rg := r.Header.Get("Range"); ranged && strings.HasPrefix(rg, "bytes=") && strings.HasSuffix(rg, "-") {
		n, err := strconv.Atoi(rg[len("bytes=") : len(rg)-1])
		if err != nil || n < 0 || n > len(data) {
			w.Header().Set("Content-Range", fmt.Sprintf("bytes */%d", len(data)))
			s.writeError(w, http.StatusRequestedRangeNotSatisfiable, "requestedRangeNotSatisfiable", "bad range")
			return
		}
		start = n
		w.Header().Set("Content-Range", fmt.Sprintf("bytes %d-%d/%d", n, len(data)-1, len(data)))
	}
	w.Header().Set("Content-Type", "application/octet-stream")
	w.Header().Set("Content-Length", strconv.Itoa(len(data)-start))
	if start > 0 {
		w.WriteHeader(http.StatusPartialContent)
	}
	body := data[start:]
	if truncating(r.Context()) && len(body) > 1 {
		_, _ = w.Write(body[:len(body)/2])
		w.(http.Flusher).Flush()
		panic(http.ErrAbortHandler)
	}
	// Counted before the write, so a client that has read everything sees
	// the count; a write that fails takes it back.
	s.mu.Lock()
	s.downloads[id]++
	s.mu.Unlock()
	if _, err := w.Write(body); err != nil {
		s.mu.Lock()
		s.downloads[id]--
		s.mu.Unlock()
	}
}

func (s *Server) handleExport(w http.ResponseWriter, r *http.Request) { s.export(w, r, true) }

func (s *Server) handleExportLink(w http.ResponseWriter, r *http.Request) { s.export(w, r, false) }

// export serves files.export (capped) and exportLinks (not capped).
func (s *Server) export(w http.ResponseWriter, r *http.Request, capped bool) {
	r.URL.RawQuery += "&supportsAllDrives=true" // exports of shared drive files need no flag
	s.mu.Lock()
	f := s.lookup(w, r)
	if f == nil {
		s.mu.Unlock()
		return
	}
	mime := r.URL.Query().Get("mimeType")
	data, ok := f.Exports[mime]
	id, reason, native, max := f.ID, f.Err, isNative(f.MIMEType), s.exportMax
	s.mu.Unlock()
	switch {
	case !native:
		s.writeError(w, 403, "fileNotExportable", "Export only supports Docs Editors files.")
	case !ok:
		s.writeError(w, 400, "badRequest", "The requested conversion is not supported.")
	case reason != "":
		s.writeError(w, 403, reason, "The export of this file failed: "+reason)
	case capped && int64(len(data)) > max:
		s.writeError(w, 403, "exportSizeLimitExceeded", "This file is too large to be exported.")
	default:
		s.sendBytes(w, r, id, data, false)
	}
}

func (s *Server) handlePermissions(w http.ResponseWriter, r *http.Request) {
	adminAccess, ok := s.adminAccess(w, r)
	if !ok {
		return
	}
	s.mu.Lock()
	var hidden bool
	var perms []*drive.Permission
	if id := r.PathValue("id"); s.drives[id] != nil {
		// The shared drive itself: its members.
		me, _ := s.callerLocked(r)
		if !adminAccess && !s.driveMemberLocked(id, me) || !truthy(r, "supportsAllDrives") {
			s.mu.Unlock()
			s.writeError(w, 404, "notFound", "File not found: "+id+".")
			return
		}
		perms = s.drivePermissionsLocked(id)
	} else {
		f := s.lookup(w, r)
		if f == nil {
			s.mu.Unlock()
			return
		}
		hidden, perms = f.HidePermissions, f.permissions()
	}
	s.mu.Unlock()
	if hidden {
		s.writeError(w, 403, "insufficientFilePermissions", "The user does not have sufficient permissions for this file.")
		return
	}
	off, size, err := s.page(r, 100)
	if err != nil {
		s.writeError(w, 400, "invalid", err.Error())
		return
	}
	out := &drive.PermissionList{Kind: "drive#permissionList", NextPageToken: nextToken(off, size, len(perms))}
	for i := off; i < len(perms) && i < off+size; i++ {
		out.Permissions = append(out.Permissions, perms[i])
	}
	s.reply(w, r, out)
}

func (s *Server) handleDrives(w http.ResponseWriter, r *http.Request) {
	if s.variant().NoDrives {
		http.NotFound(w, r)
		return
	}
	adminAccess, ok := s.adminAccess(w, r)
	if !ok {
		return
	}
	off, size, err := s.page(r, 10)
	if err != nil {
		s.writeError(w, 400, "invalid", err.Error())
		return
	}
	s.mu.Lock()
	me, _ := s.callerLocked(r)
	var ids []string
	for _, id := range s.driveOrder {
		if adminAccess || s.driveMemberLocked(id, me) {
			ids = append(ids, id)
		}
	}
	out := &drive.DriveList{Kind: "drive#driveList", NextPageToken: nextToken(off, size, len(ids))}
	for i := off; i < len(ids) && i < off+size; i++ {
		d := s.drives[ids[i]]
		out.Drives = append(out.Drives, &drive.Drive{Kind: "drive#drive", Id: d.id, Name: d.name})
	}
	s.mu.Unlock()
	s.reply(w, r, out)
}

func (s *Server) handleDrive(w http.ResponseWriter, r *http.Request) {
	if s.variant().NoDrives {
		http.NotFound(w, r)
		return
	}
	adminAccess, ok := s.adminAccess(w, r)
	if !ok {
		return
	}
	s.mu.Lock()
	d := s.drives[r.PathValue("id")]
	me, _ := s.callerLocked(r)
	if d != nil && !adminAccess && !s.driveMemberLocked(d.id, me) {
		d = nil
	}
	s.mu.Unlock()
	if d == nil {
		s.writeError(w, 404, "notFound", "Shared drive not found: "+r.PathValue("id"))
		return
	}
	s.reply(w, r, &drive.Drive{Kind: "drive#drive", Id: d.id, Name: d.name})
}
