package ghupload_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/credsweep/credsweep/ghupload"
	"github.com/credsweep/credsweep/ghupload/fakegithub"
)

const (
	token = "ghp_testtoken0123456789"
	sha   = "0123456789abcdef0123456789abcdef01234567"
)

// fakeClock advances when slept on; nothing waits.
type fakeClock struct {
	mu    sync.Mutex
	now   time.Time
	slept []time.Duration
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Sleep(ctx context.Context, d time.Duration) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
	c.slept = append(c.slept, d)
	return ctx.Err()
}

func (c *fakeClock) total() time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	var t time.Duration
	for _, d := range c.slept {
		t += d
	}
	return t
}

func setup(t *testing.T) (*fakegithub.Server, *ghupload.Client, *fakeClock) {
	t.Helper()
	srv := fakegithub.New(token)
	t.Cleanup(srv.Close)
	srv.AddRepo("acme", "shares", "main", sha)
	clk := &fakeClock{now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	c := &ghupload.Client{BaseURL: srv.URL, Token: token, UserAgent: "credsweep-test", Clock: clk, Jitter: func() float64 { return 0 }}
	return srv, c, clk
}

// sarif is a small valid log with n results in one run of category cat.
func sarif(cat string, n int, suppressed map[int]string) []byte {
	var results []any
	for i := 0; i < n; i++ {
		r := map[string]any{
			"ruleId": "pw/table", "ruleIndex": 0, "level": "error",
			"message": map[string]any{"text": fmt.Sprintf("password table %d", i)},
			"locations": []any{map[string]any{"physicalLocation": map[string]any{
				"artifactLocation": map[string]any{"uri": fmt.Sprintf("share/f%%20%d.xlsx", i)},
				"region":           map[string]any{"startLine": 1}}}},
			"partialFingerprints": map[string]any{"primaryLocationLineHash": fmt.Sprintf("fp%d", i)},
		}
		if j, ok := suppressed[i]; ok {
			r["suppressions"] = []any{map[string]any{"kind": "external", "status": "accepted", "justification": j,
				"properties": map[string]any{"owner": "it-drift", "dismissedReason": "false positive"}}}
		}
		results = append(results, r)
	}
	if results == nil {
		results = []any{}
	}
	b, _ := json.Marshal(map[string]any{"version": "2.1.0", "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
		"runs": []any{map[string]any{
			"tool":              map[string]any{"driver": map[string]any{"name": "credsweep", "rules": []any{map[string]any{"id": "pw/table"}}}},
			"automationDetails": map[string]any{"id": cat + "/20260101T000000Z"},
			"results":           results,
		}}})
	return b
}

func TestUploadAndWait(t *testing.T) {
	srv, c, clk := setup(t)
	srv.SetPendingPolls(3)
	ctx := context.Background()
	repo, err := c.Repository(ctx, "acme", "shares")
	if err != nil || repo.DefaultBranch != "main" {
		t.Fatalf("repository %+v %v", repo, err)
	}
	got, err := c.CommitOf(ctx, "acme", "shares", "refs/heads/main")
	if err != nil || got != sha {
		t.Fatalf("commit %q %v", got, err)
	}
	rc, err := c.UploadSARIF(ctx, "acme", "shares", ghupload.Upload{CommitSHA: sha, Ref: "refs/heads/main", SARIF: sarif("c", 2, nil)})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(rc.URL, "/code-scanning/sarifs/"+rc.ID) {
		t.Errorf("receipt %+v", rc)
	}
	st, err := c.WaitProcessed(ctx, "acme", "shares", rc.ID, ghupload.Wait{})
	if err != nil || st.ProcessingStatus != "complete" {
		t.Fatalf("status %+v %v", st, err)
	}
	// Three pending polls: waits of 3 s, 4.5 s, 6.75 s.
	if fmt.Sprint(clk.slept) != "[3s 4.5s 6.75s]" {
		t.Errorf("slept %v", clk.slept)
	}
	up := srv.Uploads()
	if len(up) != 1 || string(up[0].SARIF) != string(sarif("c", 2, nil)) || up[0].ToolName != "" || up[0].CheckoutURI != "" {
		t.Errorf("uploads %+v", up)
	}
	if n := len(srv.Alerts("acme", "shares")); n != 2 {
		t.Errorf("%d alerts", n)
	}
	for _, r := range srv.Requests() {
		if r.Status >= 400 || r.UserAgent != "credsweep-test" {
			t.Errorf("request %+v", r)
		}
	}
}

func TestRejectedSARIF(t *testing.T) {
	many := map[string]any{"version": "2.1.0", "runs": make([]any, 21)}
	for i := range 21 {
		many["runs"].([]any)[i] = map[string]any{"tool": map[string]any{"driver": map[string]any{"name": "credsweep"}},
			"automationDetails": map[string]any{"id": fmt.Sprintf("c%d/", i)}, "results": []any{}}
	}
	manyRuns, _ := json.Marshal(many)
	tests := []struct {
		name, sarif, want string
	}{
		{"not JSON", "{", "not valid JSON"},
		{"version", `{"version":"2.0.0","runs":[]}`, "version must be 2.1.0"},
		{"runs", string(manyRuns), "more runs per file than allowed (21 > 20)"},
		{"no results", `{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"x"}}}]}`, "missing 'results' array"},
		{"no location", `{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"x"}},"results":[{"ruleId":"r","message":{"text":"m"}}]}]}`, "expected at least one location"},
		{"same category", `{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"x"}},"automationDetails":{"id":"a/1"},"results":[]},{"tool":{"driver":{"name":"x"}},"automationDetails":{"id":"a/2"},"results":[]}]}`, "same tool and category"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, c, _ := setup(t)
			ctx := context.Background()
			rc, err := c.UploadSARIF(ctx, "acme", "shares", ghupload.Upload{CommitSHA: sha, Ref: "refs/heads/main", SARIF: []byte(tc.sarif)})
			if err != nil {
				t.Fatal(err)
			}
			st, err := c.WaitProcessed(ctx, "acme", "shares", rc.ID, ghupload.Wait{})
			if err != nil || st.ProcessingStatus != "failed" || !strings.Contains(strings.Join(st.Errors, "\n"), tc.want) {
				t.Errorf("status %+v %v", st, err)
			}
		})
	}
}

func TestRequestChecks(t *testing.T) {
	tests := []struct {
		name   string
		upload ghupload.Upload
		tok    string
		status int
	}{
		{"bad token", ghupload.Upload{CommitSHA: sha, Ref: "refs/heads/main"}, "wrong", 401},
		{"short sha", ghupload.Upload{CommitSHA: "abc123", Ref: "refs/heads/main"}, token, 422},
		{"branch name", ghupload.Upload{CommitSHA: sha, Ref: "main"}, token, 422},
		{"pull head", ghupload.Upload{CommitSHA: sha, Ref: "refs/pull/7/head"}, token, 202},
		{"pull merge", ghupload.Upload{CommitSHA: sha, Ref: "refs/pull/7/merge"}, token, 202},
		{"tag", ghupload.Upload{CommitSHA: sha, Ref: "refs/tags/v1"}, token, 202},
		{"pull other", ghupload.Upload{CommitSHA: sha, Ref: "refs/pull/7/foo"}, token, 422},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, c, _ := setup(t)
			c.Token = tc.tok
			tc.upload.SARIF = sarif("c", 1, nil)
			_, err := c.UploadSARIF(context.Background(), "acme", "shares", tc.upload)
			var ae *ghupload.APIError
			switch {
			case tc.status == 202 && err != nil:
				t.Fatalf("error %v", err)
			case tc.status != 202 && (!errors.As(err, &ae) || ae.Status != tc.status):
				t.Fatalf("error %v, want %d", err, tc.status)
			}
			if err != nil && (strings.Contains(err.Error(), token) || strings.Contains(err.Error(), "wrong")) {
				t.Errorf("error shows the token: %v", err)
			}
			if tc.status == 401 && !ae.Auth() {
				t.Error("401 is an auth error")
			}
		})
	}
	// The fake refuses requests without GitHub's headers.
	srv, _, _ := setup(t)
	for name, h := range map[string]map[string]string{
		"no version": {"Authorization": "Bearer " + token, "Accept": "application/vnd.github+json", "User-Agent": "x"},
		"no accept":  {"Authorization": "Bearer " + token, "X-GitHub-Api-Version": "2022-11-28", "User-Agent": "x"},
		"token form": {"Authorization": "token " + token, "X-GitHub-Api-Version": "2022-11-28", "Accept": "application/vnd.github+json", "User-Agent": "x"},
	} {
		req, _ := http.NewRequest("GET", srv.URL+"/repos/acme/shares", nil)
		for k, v := range h {
			req.Header.Set(k, v)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode < 400 {
			t.Errorf("%s: %d", name, resp.StatusCode)
		}
	}
}

func TestRetries(t *testing.T) {
	tests := []struct {
		name    string
		fail    fakegithub.Failure
		wantErr int // 0: success
		slept   string
	}{
		{"503 twice", fakegithub.Failure{Status: 503, Times: 2}, 0, "[1s 2s]"},
		{"Retry-After", fakegithub.Failure{Status: 503, RetryAfter: "7"}, 0, "[7s]"},
		{"429", fakegithub.Failure{Status: 429, Times: 1}, 0, "[1s]"},
		{"secondary rate limit", fakegithub.Failure{Status: 403, Message: "You have exceeded a secondary rate limit. Please wait a few minutes before you try again."}, 0, "[1m0s]"},
		{"secondary with Retry-After", fakegithub.Failure{Status: 403, Message: "You have exceeded a secondary rate limit.", RetryAfter: "30"}, 0, "[30s]"},
		{"primary rate limit", fakegithub.Failure{Status: 403, Message: "API rate limit exceeded", Header: map[string]string{
			"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": fmt.Sprint(time.Date(2026, 1, 1, 0, 2, 0, 0, time.UTC).Unix())}}, 0, "[2m1s]"},
		{"403 forbidden is final", fakegithub.Failure{Status: 403, Message: "Resource not accessible by integration"}, 403, "[]"},
		{"404 is final", fakegithub.Failure{Status: 404, Message: "Not Found"}, 404, "[]"},
		{"too many 502", fakegithub.Failure{Status: 502, Times: 100}, 502, "[1s 2s 4s 8s 16s 32s]"},
		{"Retry-After too long", fakegithub.Failure{Status: 503, RetryAfter: "3600"}, 503, "[]"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			srv, c, clk := setup(t)
			var notes []string
			c.Notify = func(m string) { notes = append(notes, m) }
			tc.fail.Path = "/code-scanning/sarifs"
			srv.Fail(tc.fail)
			_, err := c.UploadSARIF(context.Background(), "acme", "shares", ghupload.Upload{CommitSHA: sha, Ref: "refs/heads/main", SARIF: sarif("c", 1, nil)})
			var ae *ghupload.APIError
			if tc.wantErr == 0 && err != nil {
				t.Fatalf("error %v", err)
			}
			if tc.wantErr != 0 && (!errors.As(err, &ae) || ae.Status != tc.wantErr) {
				t.Fatalf("error %v, want %d", err, tc.wantErr)
			}
			// The first write is not paced; only retries wait.
			if got := fmt.Sprint(clk.slept); got != tc.slept {
				t.Errorf("slept %v, want %v", got, tc.slept)
			}
			for _, n := range notes {
				if strings.Contains(n, token) {
					t.Error("a message shows the token")
				}
			}
		})
	}
}

func TestDeadlineBeforeRetry(t *testing.T) {
	srv, c, clk := setup(t)
	srv.Fail(fakegithub.Failure{Status: 503, RetryAfter: "120", Path: "/repos/acme/shares"})
	ctx, cancel := context.WithDeadline(context.Background(), clk.Now().Add(time.Minute))
	defer cancel()
	if _, err := c.Repository(ctx, "acme", "shares"); err == nil {
		t.Fatal("no error")
	}
	if len(clk.slept) != 0 {
		t.Errorf("slept %v past the deadline", clk.slept)
	}
}

func TestWaitTimesOut(t *testing.T) {
	srv, c, clk := setup(t)
	srv.SetPendingPolls(1 << 30)
	ctx := context.Background()
	rc, err := c.UploadSARIF(ctx, "acme", "shares", ghupload.Upload{CommitSHA: sha, Ref: "refs/heads/main", SARIF: sarif("c", 1, nil)})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.WaitProcessed(ctx, "acme", "shares", rc.ID, ghupload.Wait{Timeout: 5 * time.Minute})
	if !errors.Is(err, ghupload.ErrNotProcessed) {
		t.Fatalf("error %v", err)
	}
	if tot := clk.total(); tot != 5*time.Minute {
		t.Errorf("waited %v", tot)
	}
}

func TestPacedWrites(t *testing.T) {
	srv, c, clk := setup(t)
	ctx := context.Background()
	rc, _ := c.UploadSARIF(ctx, "acme", "shares", ghupload.Upload{CommitSHA: sha, Ref: "refs/heads/main", SARIF: sarif("c", 3, nil)})
	srv.SetPendingPolls(0)
	if _, err := c.WaitProcessed(ctx, "acme", "shares", rc.ID, ghupload.Wait{}); err != nil {
		t.Fatal(err)
	}
	clk.slept = nil
	for _, a := range srv.Alerts("acme", "shares") {
		if _, err := c.UpdateAlert(ctx, "acme", "shares", a.Number, ghupload.AlertUpdate{State: "dismissed", DismissedReason: "won't fix", DismissedComment: "x"}); err != nil {
			t.Fatal(err)
		}
	}
	// The upload was at t=0 and no time passed: every PATCH waits a
	// second after the previous write.
	if fmt.Sprint(clk.slept) != "[1s 1s 1s]" {
		t.Errorf("slept %v", clk.slept)
	}
	_, err := c.UpdateAlert(ctx, "acme", "shares", 1, ghupload.AlertUpdate{State: "dismissed", DismissedReason: "not a reason"})
	var ae *ghupload.APIError
	if !errors.As(err, &ae) || ae.Status != 422 {
		t.Errorf("bad reason: %v", err)
	}
	_, err = c.UpdateAlert(ctx, "acme", "shares", 1, ghupload.AlertUpdate{State: "dismissed", DismissedReason: "won't fix", DismissedComment: strings.Repeat("x", 281)})
	if !errors.As(err, &ae) || ae.Status != 422 {
		t.Errorf("long comment: %v", err)
	}
}

func TestListAlertsPaginates(t *testing.T) {
	srv, c, _ := setup(t)
	srv.SetPendingPolls(0)
	ctx := context.Background()
	rc, _ := c.UploadSARIF(ctx, "acme", "shares", ghupload.Upload{CommitSHA: sha, Ref: "refs/heads/main", SARIF: sarif("c", 250, nil)})
	c.WaitProcessed(ctx, "acme", "shares", rc.ID, ghupload.Wait{})
	alerts, err := c.ListAlerts(ctx, "acme", "shares", "credsweep", "refs/heads/main")
	if err != nil || len(alerts) != 250 {
		t.Fatalf("%d alerts, %v", len(alerts), err)
	}
	seen := map[int]bool{}
	for _, a := range alerts {
		if seen[a.Number] || a.State != "open" || a.Rule.ID != "pw/table" || a.MostRecentInstance.Category != "c" {
			t.Errorf("alert %+v", a)
		}
		seen[a.Number] = true
	}
	n := 0
	for _, r := range srv.Requests() {
		if strings.HasSuffix(r.Path, "/code-scanning/alerts") {
			n++
			if !strings.Contains(r.Query, "tool_name=credsweep") || !strings.Contains(r.Query, "per_page=100") {
				t.Errorf("query %s", r.Query)
			}
		}
	}
	if n != 3 {
		t.Errorf("%d list requests", n)
	}
	// Another ref has no alerts.
	if a, _ := c.ListAlerts(ctx, "acme", "shares", "credsweep", "refs/heads/other"); len(a) != 0 {
		t.Errorf("%d alerts on another ref", len(a))
	}
}

func TestFixedAlerts(t *testing.T) {
	srv, c, _ := setup(t)
	srv.SetPendingPolls(0)
	ctx := context.Background()
	up := func(cat string, n int) {
		rc, err := c.UploadSARIF(ctx, "acme", "shares", ghupload.Upload{CommitSHA: sha, Ref: "refs/heads/main", SARIF: sarif(cat, n, nil)})
		if err != nil {
			t.Fatal(err)
		}
		c.WaitProcessed(ctx, "acme", "shares", rc.ID, ghupload.Wait{})
	}
	states := func() string {
		var s []string
		for _, a := range srv.Alerts("acme", "shares") {
			s = append(s, fmt.Sprintf("%d:%s", a.Number, a.State))
		}
		return strings.Join(s, " ")
	}
	up("a", 3)
	srv.Dismiss("acme", "shares", 3, "won't fix", "by hand")
	up("a", 1)
	if got := states(); got != "1:open 2:fixed 3:dismissed" {
		t.Errorf("after a smaller upload: %s", got)
	}
	up("b", 0) // another category does not fix category a
	up("a", 2)
	if got := states(); got != "1:open 2:open 3:dismissed" {
		t.Errorf("after the result came back: %s", got)
	}
}

func TestCommitOfFallsBackToGitRef(t *testing.T) {
	srv, c, _ := setup(t)
	srv.SetRef("acme", "shares", "pull/9/head", strings.Repeat("b", 40))
	got, err := c.CommitOf(context.Background(), "acme", "shares", "refs/pull/9/head")
	if err != nil || got != strings.Repeat("b", 40) {
		t.Fatalf("%q %v", got, err)
	}
	if _, err := c.CommitOf(context.Background(), "acme", "shares", "refs/heads/nope"); err == nil {
		t.Fatal("an unknown branch resolved")
	}
}

func TestOtherHostLinkRefused(t *testing.T) {
	other := fakegithub.New(token)
	defer other.Close()
	_, c, _ := setup(t)
	// A Link to another host is never followed with the token.
	_, err := c.ListAlertsPage(context.Background(), other.URL+"/repos/acme/shares/code-scanning/alerts?page=2")
	if !errors.Is(err, ghupload.ErrOtherHost) {
		t.Fatalf("error %v", err)
	}
	if len(other.Requests()) != 0 {
		t.Error("the other host was called")
	}
}
