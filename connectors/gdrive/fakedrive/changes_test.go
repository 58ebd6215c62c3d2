package fakedrive

import (
	"net/url"
	"testing"
)

func TestChangesRules(t *testing.T) {
	s := New()
	defer s.Close()
	d := s.AddDrive("D")
	_, m := get(t, s, "/drive/v3/changes/startPageToken", nil)
	start, _ := m["startPageToken"].(string)
	_, m = get(t, s, "/drive/v3/changes/startPageToken", url.Values{"driveId": {d}, "supportsAllDrives": {"true"}})
	dstart, _ := m["startPageToken"].(string)
	a := s.AddBlob("a", "", "text/plain", []byte("1"))
	b := s.AddBlob("b", d, "text/plain", []byte("2"))
	s.SetContent(a, []byte("3")) // supersedes a's first change
	c := s.AddBlob("c", "", "text/plain", nil)
	s.Delete(c)
	all := url.Values{"supportsAllDrives": {"true"}, "includeItemsFromAllDrives": {"true"}}
	with := func(v url.Values, kv ...string) url.Values {
		out := url.Values{}
		for k, x := range v {
			out[k] = x
		}
		for i := 0; i < len(kv); i += 2 {
			out.Set(kv[i], kv[i+1])
		}
		return out
	}
	for _, tc := range []struct {
		name  string
		q     url.Values
		code  int
		ids   []string
		next  bool // nextPageToken rather than newStartPageToken
		start string
	}{
		{"no pageToken", url.Values{}, 400, nil, false, ""},
		{"bad pageToken", url.Values{"pageToken": {"x"}}, 400, nil, false, ""},
		{"future pageToken", url.Values{"pageToken": {"99"}}, 400, nil, false, ""},
		{"driveId without supportsAllDrives", url.Values{"pageToken": {dstart}, "driveId": {d}}, 400, nil, false, ""},
		{"unknown drive", url.Values{"pageToken": {"1"}, "driveId": {"0ADnope"}, "supportsAllDrives": {"true"}}, 404, nil, false, ""},
		{"user log", url.Values{"pageToken": {start}}, 200, []string{a}, false, "6"},
		{"user log, removals", url.Values{"pageToken": {start}, "includeRemoved": {"true"}}, 200, []string{a, c}, false, "6"},
		{"user log, all drives", with(all, "pageToken", start), 200, []string{b, a}, false, "6"},
		{"paged", with(all, "pageToken", start, "pageSize", "1"), 200, []string{b}, true, ""},
		{"drive log", with(all, "pageToken", dstart, "driveId", d), 200, []string{b}, false, "2"},
		{"up to date", url.Values{"pageToken": {"6"}}, 200, nil, false, "6"},
	} {
		code, m := get(t, s, "/drive/v3/changes", tc.q)
		var ids []string
		chs, _ := m["changes"].([]any)
		for _, ch := range chs {
			ids = append(ids, ch.(map[string]any)["fileId"].(string))
		}
		next, _ := m["nextPageToken"].(string)
		nst, _ := m["newStartPageToken"].(string)
		if code != tc.code || len(ids) != len(tc.ids) || (next != "") != tc.next || nst != tc.start {
			t.Errorf("%s: %d %v next %q new %q, want %d %v", tc.name, code, ids, next, nst, tc.code, tc.ids)
			continue
		}
		for i := range ids {
			if ids[i] != tc.ids[i] {
				t.Errorf("%s: %v, want %v", tc.name, ids, tc.ids)
			}
		}
	}
	s.ExpireChanges("")
	if code, _ := get(t, s, "/drive/v3/changes", url.Values{"pageToken": {start}}); code != 404 {
		t.Errorf("expired token: %d", code)
	}
	if n := s.Calls()["changes.list"]; n < 12 {
		t.Errorf("changes.list counted %d", n)
	}
}
