package fakegithub

import (
	"bytes"
	"compress/gzip"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
)

const tok = "t0ken"

func do(t *testing.T, s *Server, method, path, body string) (*http.Response, string) {
	t.Helper()
	req, _ := http.NewRequest(method, s.URL+path, strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+tok)
	req.Header.Set("Accept", "application/vnd.github+json")
	req.Header.Set("X-GitHub-Api-Version", "2022-11-28")
	req.Header.Set("User-Agent", "test")
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	return resp, string(b)
}

func gz(b []byte) string {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write(b)
	zw.Close()
	return base64.StdEncoding.EncodeToString(buf.Bytes())
}

func body(v map[string]any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

func TestUploadChecks(t *testing.T) {
	s := New(tok)
	defer s.Close()
	s.AddRepo("o", "r", "main", strings.Repeat("a", 40))
	sha := strings.Repeat("a", 40)
	okSARIF := gz([]byte(`{"version":"2.1.0","runs":[]}`))
	noise := make([]byte, MaxGzipBytes+1)
	rand.Read(noise)
	tests := []struct {
		name   string
		body   string
		status int
	}{
		{"ok", body(map[string]any{"commit_sha": sha, "ref": "refs/heads/main", "sarif": okSARIF}), 202},
		{"unknown key", body(map[string]any{"commit_sha": sha, "ref": "refs/heads/main", "sarif": okSARIF, "category": "x"}), 422},
		{"missing sarif", body(map[string]any{"commit_sha": sha, "ref": "refs/heads/main"}), 422},
		{"not base64", body(map[string]any{"commit_sha": sha, "ref": "refs/heads/main", "sarif": "***"}), 400},
		{"not gzip", body(map[string]any{"commit_sha": sha, "ref": "refs/heads/main", "sarif": base64.StdEncoding.EncodeToString([]byte("{}"))}), 400},
		{"over 10 MB gzipped", body(map[string]any{"commit_sha": sha, "ref": "refs/heads/main", "sarif": base64.StdEncoding.EncodeToString(noise)}), 413},
		{"not JSON", "{", 422},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			resp, b := do(t, s, "POST", "/repos/o/r/code-scanning/sarifs", tc.body)
			if resp.StatusCode != tc.status {
				t.Errorf("%d %s", resp.StatusCode, b)
			}
		})
	}
}

func TestAlertPages(t *testing.T) {
	s := New(tok)
	defer s.Close()
	s.AddRepo("o", "r", "main", strings.Repeat("a", 40))
	s.SetPendingPolls(0)
	var res []any
	for i := 0; i < 5; i++ {
		res = append(res, map[string]any{"ruleId": "r", "message": map[string]any{"text": "m"},
			"locations":           []any{map[string]any{"physicalLocation": map[string]any{"artifactLocation": map[string]any{"uri": "f" + string(rune('a'+i))}}}},
			"partialFingerprints": map[string]any{"primaryLocationLineHash": string(rune('a' + i))}})
	}
	log, _ := json.Marshal(map[string]any{"version": "2.1.0", "runs": []any{map[string]any{
		"tool": map[string]any{"driver": map[string]any{"name": "credsweep"}}, "automationDetails": map[string]any{"id": "c/1"}, "results": res}}})
	_, b := do(t, s, "POST", "/repos/o/r/code-scanning/sarifs", body(map[string]any{"commit_sha": strings.Repeat("a", 40), "ref": "refs/heads/main", "sarif": gz(log)}))
	var rc struct{ ID string }
	json.Unmarshal([]byte(b), &rc)
	if _, b := do(t, s, "GET", "/repos/o/r/code-scanning/sarifs/"+rc.ID, ""); !strings.Contains(b, `"complete"`) {
		t.Fatal(b)
	}
	resp, b := do(t, s, "GET", "/repos/o/r/code-scanning/alerts?per_page=2&tool_name=credsweep", "")
	if l := resp.Header.Get("Link"); !strings.Contains(l, "page=2") || !strings.Contains(l, `rel="next"`) || !strings.Contains(l, `rel="last"`) {
		t.Errorf("Link %q", l)
	}
	var page []map[string]any
	json.Unmarshal([]byte(b), &page)
	if len(page) != 2 || page[0]["number"].(float64) != 5 {
		t.Errorf("page %v", page)
	}
	resp, _ = do(t, s, "GET", "/repos/o/r/code-scanning/alerts?per_page=2&page=3", "")
	if l := resp.Header.Get("Link"); strings.Contains(l, `rel="next"`) {
		t.Errorf("last page has next: %q", l)
	}
	if resp, _ := do(t, s, "GET", "/repos/o/r/code-scanning/alerts?per_page=101", ""); resp.StatusCode != 422 {
		t.Errorf("per_page 101: %d", resp.StatusCode)
	}
	if resp, _ := do(t, s, "PATCH", "/repos/o/r/code-scanning/alerts/1", `{"state":"dismissed"}`); resp.StatusCode != 422 {
		t.Errorf("dismiss without reason: %d", resp.StatusCode)
	}
	if resp, _ := do(t, s, "PATCH", "/repos/o/r/code-scanning/alerts/1", `{"state":"dismissed","dismissed_reason":"won't fix","dismissed_comment":"ok"}`); resp.StatusCode != 200 {
		t.Errorf("dismiss: %d", resp.StatusCode)
	}
	if a := s.Alerts("o", "r")[0]; a.State != "dismissed" || a.Comment != "ok" {
		t.Errorf("%+v", a)
	}
	for _, r := range s.Requests() {
		if strings.Contains(r.Path+r.Query, tok) {
			t.Error("the token is recorded")
		}
	}
}
