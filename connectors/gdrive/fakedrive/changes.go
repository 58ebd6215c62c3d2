package fakedrive

import (
	"crypto/md5"
	"encoding/hex"
	"net/http"
	"slices"
	"strconv"
	"time"

	drive "google.golang.org/api/drive/v3"
)

// change is one entry of a change log. Like Drive, a log keeps only the
// latest change of each file: an older entry is superseded by a newer one
// (its id stays taken, so page tokens keep their meaning).
type change struct {
	fileID     string
	driveID    string // the file's shared drive at the time, "" for the user corpus
	removed    bool   // deleted: the entry carries no file
	left       bool   // moved from the user corpus into a shared drive
	time       time.Time
	superseded bool
}

// changeLog is the log of the user corpus (My Drive, files shared with
// me and, with includeItemsFromAllDrives, shared drive items) or of one
// shared drive. Change ids are 1-based positions; a page token is the id
// of the first change to return, the start page token the next id.
type changeLog struct {
	entries []*change
	floor   int // page tokens below this are expired
}

func (l *changeLog) add(c *change) {
	for _, e := range l.entries {
		if e.fileID == c.fileID {
			e.superseded = true
		}
	}
	l.entries = append(l.entries, c)
}

func (l *changeLog) next() int { return len(l.entries) + 1 }

// recordLocked appends a change of file id (now in driveID, before in
// oldDrive) to the user log and to the logs of the shared drives it is or
// was in. The caller holds s.mu.
func (s *Server) recordLocked(id, driveID, oldDrive string, removed bool) {
	s.cseq++
	at := s.clock()
	s.userLog.add(&change{fileID: id, driveID: driveID, removed: removed, time: at,
		left: oldDrive == "" && driveID != ""})
	for i, d := range []string{oldDrive, driveID} {
		if d == "" || s.driveLogs[d] == nil || i == 1 && d == oldDrive {
			continue
		}
		if d == oldDrive && d != driveID && !removed {
			// Moved out of the drive: for that drive it is gone.
			s.driveLogs[d].add(&change{fileID: id, driveID: d, removed: true, time: at})
			continue
		}
		s.driveLogs[d].add(&change{fileID: id, driveID: d, removed: removed, time: at})
	}
}

// clock is the time of the next change: the injected Now or a fixed
// timeline, one minute per change. The caller holds s.mu.
func (s *Server) clock() time.Time {
	if s.now != nil {
		return s.now()
	}
	return time.Date(2018, 3, 1, 12, 0, 0, 0, time.UTC).Add(time.Duration(s.cseq) * time.Minute)
}

// SetClock sets the clock that stamps changes and modifiedTime (default: a
// fixed timeline that advances one minute per change).
func (s *Server) SetClock(now func() time.Time) {
	s.mu.Lock()
	s.now = now
	s.mu.Unlock()
}

// Update changes a file with fn and records a change, as an edit in
// Drive's UI would: version always moves; new Content moves
// headRevisionId, md5Checksum and modifiedTime (unless fn set one). New
// Parents may move it into or out of a shared drive. It reports whether
// the file exists.
func (s *Server) Update(id string, fn func(f *File)) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	f := s.files[id]
	if f == nil {
		return false
	}
	cp := *f
	cp.Parents = slices.Clone(f.Parents)
	cp.Permissions = slices.Clone(f.Permissions)
	fn(&cp)
	oldDrive := f.driveID
	cp.driveID = s.driveOfLocked(cp.Parents)
	if cp.driveID != "" {
		cp.Owner = ""
	} else if cp.Owner == "" {
		cp.Owner = s.Me
	}
	content := string(cp.Content) != string(f.Content) || !sameExports(cp.Exports, f.Exports)
	if content {
		cp.headRev = f.headRev + 1
	}
	if (content || cp.Name != f.Name) && cp.ModifiedTime.Equal(f.ModifiedTime) {
		cp.ModifiedTime = s.clockNext()
	}
	cp.version = f.version + 1
	*f = cp
	s.recordLocked(id, f.driveID, oldDrive, false)
	return true
}

// clockNext is the time of the change about to be recorded.
func (s *Server) clockNext() time.Time {
	s.cseq++
	t := s.clock()
	s.cseq--
	return t
}

func sameExports(a, b map[string][]byte) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || string(w) != string(v) {
			return false
		}
	}
	return true
}

// driveOfLocked is the shared drive that parents put a file in.
func (s *Server) driveOfLocked(parents []string) string {
	d := ""
	for _, p := range parents {
		if _, ok := s.drives[p]; ok {
			d = p
		} else if pf, ok := s.files[p]; ok && pf.driveID != "" {
			d = pf.driveID
		}
	}
	return d
}

// SetContent replaces a file's bytes (an upload of a new revision).
func (s *Server) SetContent(id string, data []byte) bool {
	return s.Update(id, func(f *File) { f.Content = data })
}

// Move gives a file new parents (and, for a name other than "", a new
// name). Moving a folder records a change for the folder only, as Drive
// does: its descendants keep their parents.
func (s *Server) Move(id, name string, parents ...string) bool {
	return s.Update(id, func(f *File) {
		if name != "" {
			f.Name = name
		}
		f.Parents = parents
	})
}

// descendantsLocked returns id's descendants, depth first.
func (s *Server) descendantsLocked(id string) []string {
	var out []string
	for _, cid := range s.order {
		if f := s.files[cid]; f != nil && slices.Contains(f.Parents, id) {
			out = append(out, cid)
			out = append(out, s.descendantsLocked(cid)...)
		}
	}
	return out
}

// Trash moves a file (a folder with everything below it) to the trash,
// recording a change for each.
func (s *Server) Trash(id string) bool {
	s.mu.Lock()
	ids := append([]string{id}, s.descendantsLocked(id)...)
	s.mu.Unlock()
	ok := false
	for _, x := range ids {
		ok = s.Update(x, func(f *File) { f.Trashed = true }) || ok
	}
	return ok
}

// Delete deletes a file (a folder with everything below it) for good,
// recording a removal for each.
func (s *Server) Delete(id string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.files[id] == nil {
		return false
	}
	for _, x := range append([]string{id}, s.descendantsLocked(id)...) {
		f := s.files[x]
		delete(s.files, x)
		s.order = slices.DeleteFunc(s.order, func(o string) bool { return o == x })
		s.recordLocked(x, f.driveID, f.driveID, true)
	}
	return true
}

// ExpireChanges makes every page token issued so far for driveID's log
// ("" for the user's) expired, as Drive does with very old tokens.
func (s *Server) ExpireChanges(driveID string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if l := s.logLocked(driveID); l != nil {
		// A change id no token points to yet, so that every token
		// issued so far is below the floor.
		l.entries = append(l.entries, &change{superseded: true})
		l.floor = l.next()
	}
}

func (s *Server) logLocked(driveID string) *changeLog {
	if driveID == "" {
		return &s.userLog
	}
	return s.driveLogs[driveID]
}

// md5 and revision fields of a file with bytes (Drive gives none for
// Google-native files, folders and shortcuts).
func (f *File) checksum() string {
	sum := md5.Sum(f.Content)
	return hex.EncodeToString(sum[:])
}

func (f *File) revision() string { return "rev" + strconv.Itoa(f.headRev+1) }

// changesArgs validates the shared drive parameters of the changes
// methods and returns the log; it writes the error itself.
func (s *Server) changesArgs(w http.ResponseWriter, r *http.Request) (*changeLog, string, bool) {
	driveID := r.URL.Query().Get("driveId")
	if driveID != "" && !truthy(r, "supportsAllDrives") {
		s.writeError(w, 400, "invalid", "The driveId parameter requires supportsAllDrives.")
		return nil, "", false
	}
	if truthy(r, "includeItemsFromAllDrives") && !truthy(r, "supportsAllDrives") {
		s.writeError(w, 403, "teamDrivesParameterNotSupported", "includeItemsFromAllDrives requires supportsAllDrives")
		return nil, "", false
	}
	if driveID != "" && s.driveLogs[driveID] == nil {
		s.writeError(w, 404, "notFound", "Shared drive not found: "+driveID)
		return nil, "", false
	}
	return s.logLocked(driveID), driveID, true
}

// handleStartPageToken is changes.getStartPageToken.
func (s *Server) handleStartPageToken(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	l, _, ok := s.changesArgs(w, r)
	if !ok {
		s.mu.Unlock()
		return
	}
	tok := strconv.Itoa(l.next())
	s.mu.Unlock()
	s.reply(w, r, &drive.StartPageToken{Kind: "drive#startPageToken", StartPageToken: tok})
}

// handleChanges is changes.list: the changes from pageToken on, pageSize
// at a time, with nextPageToken while more remain and newStartPageToken
// on the last page. Removals only with includeRemoved; shared drive items
// in the user log only with includeItemsFromAllDrives.
func (s *Server) handleChanges(w http.ResponseWriter, r *http.Request) {
	qv := r.URL.Query()
	raw := qv.Get("pageToken")
	if raw == "" {
		s.writeError(w, 400, "required", "Required parameter: pageToken")
		return
	}
	size := 100
	if v := qv.Get("pageSize"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 1000 {
			s.writeError(w, 400, "invalid", "Invalid Value: pageSize")
			return
		}
		size = n
	}
	all, removed := truthy(r, "includeItemsFromAllDrives"), truthy(r, "includeRemoved")
	s.mu.Lock()
	me, _ := s.callerLocked(r)
	l, driveID, ok := s.changesArgs(w, r)
	if !ok {
		s.mu.Unlock()
		return
	}
	size = min(size, s.maxPage)
	tok, err := strconv.Atoi(raw)
	switch {
	case err != nil || tok < 1 || tok > l.next():
		s.mu.Unlock()
		s.writeError(w, 400, "invalid", "Invalid Value: pageToken")
		return
	case tok < l.floor:
		s.mu.Unlock()
		s.writeError(w, 404, "notFound", "The page token is no longer valid.")
		return
	}
	out := &drive.ChangeList{Kind: "drive#changeList"}
	i := tok - 1
	for ; i < len(l.entries) && len(out.Changes) < size; i++ {
		e := l.entries[i]
		gone := e.removed
		if driveID == "" && e.driveID != "" && !all {
			// Shared drive items are out of view; one that moved there
			// from My Drive has left it.
			if !e.left {
				continue
			}
			gone = true
		}
		if e.superseded || gone && !removed {
			continue
		}
		if f := s.files[e.fileID]; f != nil && !gone && !s.visibleLocked(f, me) {
			continue
		}
		ch := &drive.Change{Kind: "drive#change", ChangeType: "file", FileId: e.fileID,
			Removed: gone, Time: e.time.UTC().Format(time.RFC3339Nano)}
		if driveID != "" {
			ch.DriveId = driveID
		}
		if f := s.files[e.fileID]; f != nil && !gone {
			ch.File = s.resource(f, me)
		}
		out.Changes = append(out.Changes, ch)
	}
	if i < len(l.entries) {
		out.NextPageToken = strconv.Itoa(i + 1)
	} else {
		out.NewStartPageToken = strconv.Itoa(l.next())
	}
	s.mu.Unlock()
	s.reply(w, r, out)
}
