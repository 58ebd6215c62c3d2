package fakedrive

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"testing"
)

func get(t *testing.T, s *Server, path string, q url.Values) (int, map[string]any) {
	t.Helper()
	req, _ := http.NewRequest("GET", s.URL()+path+"?"+q.Encode(), nil)
	req.Header.Set("Authorization", "Bearer "+s.IssueToken())
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

func TestListRules(t *testing.T) {
	s := New()
	defer s.Close()
	d := s.AddDrive("D")
	s.AddBlob("a", "", "text/plain", nil)
	s.AddBlob("b", d, "text/plain", nil)
	for _, tc := range []struct {
		q     url.Values
		code  int
		count int
	}{
		{url.Values{}, 200, 1},
		{url.Values{"corpora": {"drive"}, "driveId": {d}}, 400, 0},
		{url.Values{"corpora": {"drive"}, "driveId": {d}, "includeItemsFromAllDrives": {"true"}, "supportsAllDrives": {"true"}}, 200, 1},
		{url.Values{"corpora": {"allDrives"}, "includeItemsFromAllDrives": {"true"}, "supportsAllDrives": {"true"}}, 200, 2},
		{url.Values{"q": {"name = 'a'"}}, 400, 0},
		{url.Values{"q": {"'root' in parents"}}, 200, 1},
	} {
		code, m := get(t, s, "/drive/v3/files", tc.q)
		files, _ := m["files"].([]any)
		if code != tc.code || len(files) != tc.count {
			t.Errorf("%v: %d, %d files", tc.q, code, len(files))
		}
	}
	if code, _ := get(t, s, "/drive/v3/files/"+d, nil); code != 404 {
		t.Errorf("drive root without supportsAllDrives: %d", code)
	}
	req, _ := http.NewRequest("GET", s.URL()+"/drive/v3/about", nil)
	resp, _ := http.DefaultClient.Do(req)
	if resp.StatusCode != 401 {
		t.Errorf("no token: %d", resp.StatusCode)
	}
	resp.Body.Close()
}

func TestPagingAndSizeAsString(t *testing.T) {
	s := New()
	defer s.Close()
	for range 5 {
		s.AddBlob("f", "", "text/plain", []byte("abc"))
	}
	seen, tok := 0, ""
	for range 10 {
		q := url.Values{"pageSize": {"2"}}
		if tok != "" {
			q.Set("pageToken", tok)
		}
		_, m := get(t, s, "/drive/v3/files", q)
		files := m["files"].([]any)
		seen += len(files)
		if sz := files[0].(map[string]any)["size"]; sz != "3" {
			t.Fatalf("size %#v, want the string \"3\"", sz)
		}
		tok, _ = m["nextPageToken"].(string)
		if tok == "" {
			break
		}
	}
	if seen != 5 {
		t.Fatalf("saw %d", seen)
	}
}

func TestXLSXIsZip(t *testing.T) {
	b := XLSX([][]string{{"a<b", "c"}})
	if len(b) < 100 || string(b[:2]) != "PK" {
		t.Fatal("not a zip")
	}
	if column(0) != "A" || column(25) != "Z" || column(26) != "AA" {
		t.Fatal("columns")
	}
}
