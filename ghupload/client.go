// Package ghupload is a small client for GitHub's code scanning REST API:
// upload SARIF, wait for it to be processed, list and dismiss alerts.
//
// Every call has a deadline, goes through one retry policy (5xx, 429,
// secondary and primary rate limits, dropped connections; Retry-After and
// X-RateLimit-Reset honoured, otherwise jittered exponential backoff) and
// one pacer (mutating calls at least WriteInterval apart, as GitHub asks of
// integrators). Time comes from an injectable Clock, so tests never sleep.
// The token is only ever put in the Authorization header, never in an
// error or a message, and never sent to another host.
package ghupload

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"
)

// APIVersion is the REST API version the client speaks.
const APIVersion = "2022-11-28"

// DefaultBaseURL is github.com's API root; GitHub Enterprise Server's is
// https://HOST/api/v3.
const DefaultBaseURL = "https://api.github.com"

// Clock tells the time and waits; tests inject a fake one.
type Clock interface {
	Now() time.Time
	// Sleep waits d or until ctx is done.
	Sleep(ctx context.Context, d time.Duration) error
}

// SystemClock is the real clock.
type SystemClock struct{}

// Now is time.Now.
func (SystemClock) Now() time.Time { return time.Now() }

// Sleep waits d or until ctx is done.
func (SystemClock) Sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// Client calls GitHub's REST API. Set BaseURL and Token; the rest have
// defaults.
type Client struct {
	BaseURL   string
	Token     string
	UserAgent string
	HTTP      *http.Client
	Clock     Clock
	// Retries is how many times a call is retried (default 6).
	Retries int
	// CallTimeout bounds each attempt (default 2 minutes: an upload is up
	// to 13 MB of base64).
	CallTimeout time.Duration
	// MaxRetryWait is the longest wait before a retry the client accepts
	// (default 15 minutes); a longer Retry-After fails the call.
	MaxRetryWait time.Duration
	// WriteInterval is the least time between two mutating calls (default
	// 1 s; negative: none).
	WriteInterval time.Duration
	// Notify, when set, is told about retries.
	Notify func(msg string)
	// Jitter returns a number in [0, 1) (default math/rand/v2).
	Jitter func() float64

	mu        sync.Mutex
	lastWrite time.Time
}

func (c *Client) clock() Clock {
	if c.Clock == nil {
		return SystemClock{}
	}
	return c.Clock
}

func (c *Client) base() string {
	b := c.BaseURL
	if b == "" {
		b = DefaultBaseURL
	}
	return strings.TrimRight(b, "/")
}

// APIError is an error answer of the API.
type APIError struct {
	Method string
	Path   string // without the query
	Status int
	// Message, Errors and DocumentationURL are GitHub's.
	Message          string
	Errors           []string
	DocumentationURL string
}

func (e *APIError) Error() string {
	s := fmt.Sprintf("GitHub answered %d %s to %s %s", e.Status, http.StatusText(e.Status), e.Method, e.Path)
	if e.Message != "" {
		s += ": " + e.Message
	}
	if len(e.Errors) > 0 {
		s += " (" + strings.Join(e.Errors, "; ") + ")"
	}
	return s
}

// Auth says whether the error is about the token or its rights: 401, 403,
// or 404 (GitHub's answer to a repository the token cannot see).
func (e *APIError) Auth() bool {
	return e.Status == http.StatusUnauthorized || e.Status == http.StatusForbidden || e.Status == http.StatusNotFound
}

// errorBody is GitHub's error document.
type errorBody struct {
	Message          string            `json:"message"`
	Errors           []json.RawMessage `json:"errors"`
	DocumentationURL string            `json:"documentation_url"`
}

func apiError(method, path string, status int, body []byte) *APIError {
	e := &APIError{Method: method, Path: path, Status: status}
	var eb errorBody
	if json.Unmarshal(body, &eb) == nil {
		e.Message, e.DocumentationURL = eb.Message, eb.DocumentationURL
		for _, raw := range eb.Errors {
			var s string
			if json.Unmarshal(raw, &s) == nil {
				e.Errors = append(e.Errors, s)
				continue
			}
			var o struct{ Resource, Field, Code, Message string }
			if json.Unmarshal(raw, &o) == nil {
				parts := []string{}
				for _, p := range []string{o.Resource, o.Field, o.Code, o.Message} {
					if p != "" {
						parts = append(parts, p)
					}
				}
				e.Errors = append(e.Errors, strings.Join(parts, " "))
			}
		}
	}
	return e
}

// ErrOtherHost is returned for a pagination link to another host: the
// token is never sent there.
var ErrOtherHost = errors.New("GitHub's pagination link points to another host")

// do sends one API call with retries. path is relative to BaseURL (it may
// hold a query) or an absolute URL on the same host. A nil out discards the
// answer.
func (c *Client) do(ctx context.Context, method, path string, body any, out any) (http.Header, error) {
	target := path
	if !strings.HasPrefix(path, "http://") && !strings.HasPrefix(path, "https://") {
		target = c.base() + path
	} else {
		bu, err1 := url.Parse(c.base())
		tu, err2 := url.Parse(path)
		if err1 != nil || err2 != nil || bu.Scheme != tu.Scheme || bu.Host != tu.Host {
			return nil, ErrOtherHost
		}
	}
	logPath := target
	if u, err := url.Parse(target); err == nil {
		logPath = u.Path
	}
	var payload []byte
	if body != nil {
		var err error
		if payload, err = json.Marshal(body); err != nil {
			return nil, err
		}
	}
	retries := c.Retries
	if retries <= 0 {
		retries = 6
	}
	timeout := c.CallTimeout
	if timeout <= 0 {
		timeout = 2 * time.Minute
	}
	maxWait := c.MaxRetryWait
	if maxWait <= 0 {
		maxWait = 15 * time.Minute
	}
	hc := c.HTTP
	if hc == nil {
		hc = http.DefaultClient
	}
	for attempt := 0; ; attempt++ {
		if method != http.MethodGet {
			if err := c.pace(ctx); err != nil {
				return nil, err
			}
		}
		status, hdr, respBody, err := c.once(ctx, hc, timeout, method, target, payload)
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		var wait time.Duration
		var why string
		switch {
		case err != nil:
			why = "connection failed"
			wait = c.backoff(attempt)
		case status >= 200 && status < 300:
			if out != nil && len(bytes.TrimSpace(respBody)) > 0 {
				if err := json.Unmarshal(respBody, out); err != nil {
					return hdr, fmt.Errorf("%s %s: GitHub's answer is not the expected JSON", method, logPath)
				}
			}
			return hdr, nil
		default:
			var retry bool
			wait, retry = c.retryWait(status, hdr, respBody, attempt)
			if !retry {
				return hdr, apiError(method, logPath, status, respBody)
			}
			why = fmt.Sprintf("%d %s", status, http.StatusText(status))
		}
		if attempt >= retries || wait > maxWait {
			if err != nil {
				return nil, fmt.Errorf("%s %s: %s after %d attempts: %w", method, logPath, why, attempt+1, scrub(err))
			}
			return hdr, apiError(method, logPath, status, respBody)
		}
		if dl, ok := ctx.Deadline(); ok && c.clock().Now().Add(wait).After(dl) {
			if err != nil {
				return nil, fmt.Errorf("%s %s: %s, and the deadline comes before a retry: %w", method, logPath, why, scrub(err))
			}
			return hdr, apiError(method, logPath, status, respBody)
		}
		if c.Notify != nil {
			c.Notify(fmt.Sprintf("GitHub: %s on %s %s; retrying in %s (attempt %d of %d)",
				why, method, logPath, wait.Round(time.Millisecond), attempt+2, retries+1))
		}
		if err := c.clock().Sleep(ctx, wait); err != nil {
			return nil, err
		}
	}
}

// scrub keeps a transport error's reason and drops the URL it carries.
func scrub(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}

func (c *Client) once(ctx context.Context, hc *http.Client, timeout time.Duration, method, target string, payload []byte) (int, http.Header, []byte, error) {
	actx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	var rd io.Reader
	if payload != nil {
		rd = bytes.NewReader(payload)
	}
	req, err := http.NewRequestWithContext(actx, method, target, rd)
	if err != nil {
		return 0, nil, nil, err
	}
	if c.Token != "" {
		req.Header.Set("Authorization", "Bearer "+c.Token)
	}
	req.Header.Set("Accept", "application/vnd.github+json")
	req.Header.Set("X-GitHub-Api-Version", APIVersion)
	ua := c.UserAgent
	if ua == "" {
		ua = "credsweep"
	}
	req.Header.Set("User-Agent", ua)
	if payload != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := hc.Do(req)
	if err != nil {
		return 0, nil, nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, 64<<20))
	if err != nil {
		return 0, nil, nil, err
	}
	return resp.StatusCode, resp.Header, b, nil
}

// pace keeps mutating calls WriteInterval apart.
func (c *Client) pace(ctx context.Context) error {
	iv := c.WriteInterval
	if iv == 0 {
		iv = time.Second
	}
	if iv < 0 {
		return nil
	}
	c.mu.Lock()
	now := c.clock().Now()
	next := c.lastWrite.Add(iv)
	wait := next.Sub(now)
	if wait < 0 {
		wait = 0
		next = now
	}
	c.lastWrite = next
	c.mu.Unlock()
	if wait > 0 {
		return c.clock().Sleep(ctx, wait)
	}
	return nil
}

// backoff is 1 s, 2 s, 4 s, ... at most 60 s, with up to 25% jitter.
func (c *Client) backoff(attempt int) time.Duration {
	d := time.Second << min(attempt, 6)
	d = min(d, time.Minute)
	j := c.Jitter
	if j == nil {
		j = rand.Float64
	}
	return d + time.Duration(float64(d)*0.25*j())
}

// retryWait says whether a status is worth retrying and after how long.
// GitHub: 5xx and 429 are transient; a 403 or 429 with Retry-After or
// "secondary rate limit" in the message is a secondary rate limit (wait
// Retry-After, or at least a minute); a 403 or 429 with
// X-RateLimit-Remaining 0 is the primary limit (wait until
// X-RateLimit-Reset).
func (c *Client) retryWait(status int, hdr http.Header, body []byte, attempt int) (time.Duration, bool) {
	ra, hasRA := retryAfter(hdr, c.clock().Now())
	switch {
	case status == http.StatusForbidden || status == http.StatusTooManyRequests:
		var eb errorBody
		json.Unmarshal(body, &eb)
		secondary := strings.Contains(strings.ToLower(eb.Message), "secondary rate limit")
		if hasRA {
			return ra, true
		}
		if hdr.Get("X-RateLimit-Remaining") == "0" {
			if reset, err := strconv.ParseInt(hdr.Get("X-RateLimit-Reset"), 10, 64); err == nil {
				return max(time.Unix(reset, 0).Sub(c.clock().Now())+time.Second, time.Second), true
			}
			return time.Minute, true
		}
		if secondary {
			return max(time.Minute, c.backoff(attempt)), true
		}
		if status == http.StatusTooManyRequests {
			return c.backoff(attempt), true
		}
		return 0, false
	case status == http.StatusInternalServerError, status == http.StatusBadGateway,
		status == http.StatusServiceUnavailable, status == http.StatusGatewayTimeout:
		if hasRA {
			return ra, true
		}
		return c.backoff(attempt), true
	}
	return 0, false
}

// retryAfter reads a Retry-After header (seconds or an HTTP date).
func retryAfter(hdr http.Header, now time.Time) (time.Duration, bool) {
	v := strings.TrimSpace(hdr.Get("Retry-After"))
	if v == "" {
		return 0, false
	}
	if s, err := strconv.Atoi(v); err == nil && s >= 0 {
		return time.Duration(s) * time.Second, true
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(t.Sub(now), 0), true
	}
	return 0, false
}

// repoPath is /repos/OWNER/REPO.
func repoPath(owner, repo string) string {
	return "/repos/" + url.PathEscape(owner) + "/" + url.PathEscape(repo)
}

// refPath escapes each segment of a ref, keeping its slashes.
func refPath(ref string) string {
	parts := strings.Split(ref, "/")
	for i, p := range parts {
		parts[i] = url.PathEscape(p)
	}
	return strings.Join(parts, "/")
}

// Repository is the part of GET /repos/{owner}/{repo} the client uses.
type Repository struct {
	FullName      string `json:"full_name"`
	DefaultBranch string `json:"default_branch"`
}

// Repository reads the repository.
func (c *Client) Repository(ctx context.Context, owner, repo string) (Repository, error) {
	var r Repository
	_, err := c.do(ctx, http.MethodGet, repoPath(owner, repo), nil, &r)
	return r, err
}

// CommitOf is the commit SHA a full ref (refs/heads/main, refs/tags/v1,
// refs/pull/1/head) points to: GET /repos/{o}/{r}/commits/{ref}, which
// peels tags, and GET /repos/{o}/{r}/git/ref/{ref} when that fails.
func (c *Client) CommitOf(ctx context.Context, owner, repo, ref string) (string, error) {
	short := strings.TrimPrefix(ref, "refs/")
	var commit struct {
		SHA string `json:"sha"`
	}
	_, err := c.do(ctx, http.MethodGet, repoPath(owner, repo)+"/commits/"+refPath(short), nil, &commit)
	if err == nil && commit.SHA != "" {
		return commit.SHA, nil
	}
	var ae *APIError
	if !errors.As(err, &ae) || (ae.Status != http.StatusNotFound && ae.Status != http.StatusUnprocessableEntity) {
		if err == nil {
			err = fmt.Errorf("GitHub returned no commit for %s", ref)
		}
		return "", err
	}
	var gr struct {
		Object struct {
			SHA  string `json:"sha"`
			Type string `json:"type"`
		} `json:"object"`
	}
	if _, err2 := c.do(ctx, http.MethodGet, repoPath(owner, repo)+"/git/ref/"+refPath(short), nil, &gr); err2 != nil {
		return "", err
	}
	if gr.Object.Type != "commit" || gr.Object.SHA == "" {
		return "", fmt.Errorf("%s points to a %s, not a commit; give --commit", ref, gr.Object.Type)
	}
	return gr.Object.SHA, nil
}

// Upload is a SARIF upload.
type Upload struct {
	CommitSHA string
	Ref       string
	// SARIF is the log as JSON; the client gzips and base64-encodes it.
	SARIF []byte
	// CheckoutURI and ToolName are sent only when set.
	CheckoutURI string
	ToolName    string
}

// Receipt is GitHub's answer to an upload.
type Receipt struct {
	ID  string `json:"id"`
	URL string `json:"url"`
}

// EncodeSARIF is the upload's sarif field: base64 of the gzipped log.
func EncodeSARIF(sarif []byte) string {
	var b bytes.Buffer
	zw := newGzip(&b)
	zw.Write(sarif)
	zw.Close()
	return base64Std(b.Bytes())
}

// UploadSARIF posts SARIF: POST /repos/{o}/{r}/code-scanning/sarifs.
func (c *Client) UploadSARIF(ctx context.Context, owner, repo string, u Upload) (Receipt, error) {
	body := map[string]string{"commit_sha": u.CommitSHA, "ref": u.Ref, "sarif": EncodeSARIF(u.SARIF)}
	if u.CheckoutURI != "" {
		body["checkout_uri"] = u.CheckoutURI
	}
	if u.ToolName != "" {
		body["tool_name"] = u.ToolName
	}
	var r Receipt
	_, err := c.do(ctx, http.MethodPost, repoPath(owner, repo)+"/code-scanning/sarifs", body, &r)
	if err == nil && r.ID == "" {
		err = errors.New("GitHub accepted the upload but returned no id")
	}
	return r, err
}

// Status is a SARIF upload's processing status.
type Status struct {
	ProcessingStatus string   `json:"processing_status"` // pending, complete, failed
	AnalysesURL      string   `json:"analyses_url"`
	Errors           []string `json:"errors"`
}

// SARIFStatus reads GET /repos/{o}/{r}/code-scanning/sarifs/{id}.
func (c *Client) SARIFStatus(ctx context.Context, owner, repo, id string) (Status, error) {
	var s Status
	_, err := c.do(ctx, http.MethodGet, repoPath(owner, repo)+"/code-scanning/sarifs/"+url.PathEscape(id), nil, &s)
	return s, err
}

// ErrNotProcessed is returned when processing did not end in time.
var ErrNotProcessed = errors.New("GitHub did not finish processing the upload in time")

// Wait tunes WaitProcessed.
type Wait struct {
	Timeout     time.Duration // default 20 minutes
	Interval    time.Duration // first poll interval, default 3 s
	MaxInterval time.Duration // default 30 s
}

// WaitProcessed polls an upload until it is complete or failed, with a
// growing interval, until the timeout. A 404 right after the upload means
// GitHub has not registered it yet and counts as pending.
func (c *Client) WaitProcessed(ctx context.Context, owner, repo, id string, w Wait) (Status, error) {
	if w.Timeout <= 0 {
		w.Timeout = 20 * time.Minute
	}
	if w.Interval <= 0 {
		w.Interval = 3 * time.Second
	}
	if w.MaxInterval < w.Interval {
		w.MaxInterval = max(30*time.Second, w.Interval)
	}
	deadline := c.clock().Now().Add(w.Timeout)
	iv := w.Interval
	for {
		s, err := c.SARIFStatus(ctx, owner, repo, id)
		var ae *APIError
		switch {
		case err == nil && (s.ProcessingStatus == "complete" || s.ProcessingStatus == "failed"):
			return s, nil
		case err == nil, errors.As(err, &ae) && ae.Status == http.StatusNotFound:
		default:
			return s, err
		}
		now := c.clock().Now()
		if !now.Before(deadline) {
			return s, ErrNotProcessed
		}
		if err := c.clock().Sleep(ctx, min(iv, deadline.Sub(now))); err != nil {
			return s, err
		}
		iv = min(iv*3/2, w.MaxInterval)
	}
}

// Alert is the part of a code scanning alert the client uses.
type Alert struct {
	Number           int    `json:"number"`
	State            string `json:"state"` // open, dismissed, fixed
	DismissedReason  string `json:"dismissed_reason"`
	DismissedComment string `json:"dismissed_comment"`
	Rule             struct {
		ID string `json:"id"`
	} `json:"rule"`
	Tool struct {
		Name string `json:"name"`
	} `json:"tool"`
	MostRecentInstance struct {
		Ref      string `json:"ref"`
		Category string `json:"category"`
		State    string `json:"state"`
		Message  struct {
			Text string `json:"text"`
		} `json:"message"`
		Location struct {
			Path      string `json:"path"`
			StartLine int    `json:"start_line"`
		} `json:"location"`
	} `json:"most_recent_instance"`
}

// ListAlerts lists a tool's alerts on a ref, every state, following the
// Link headers: GET /repos/{o}/{r}/code-scanning/alerts.
func (c *Client) ListAlerts(ctx context.Context, owner, repo, tool, ref string) ([]Alert, error) {
	q := url.Values{"per_page": {"100"}}
	if tool != "" {
		q.Set("tool_name", tool)
	}
	if ref != "" {
		q.Set("ref", ref)
	}
	next := repoPath(owner, repo) + "/code-scanning/alerts?" + q.Encode()
	var all []Alert
	for pages := 0; next != ""; pages++ {
		if pages > 10000 {
			return all, errors.New("GitHub's alert list does not end")
		}
		var page []Alert
		hdr, err := c.do(ctx, http.MethodGet, next, nil, &page)
		if err != nil {
			return all, err
		}
		all = append(all, page...)
		next = nextLink(hdr.Get("Link"))
	}
	return all, nil
}

// nextLink is the rel="next" URL of a Link header, or "".
func nextLink(h string) string {
	for _, part := range strings.Split(h, ",") {
		segs := strings.Split(part, ";")
		if len(segs) < 2 {
			continue
		}
		u := strings.TrimSpace(segs[0])
		if !strings.HasPrefix(u, "<") || !strings.HasSuffix(u, ">") {
			continue
		}
		for _, p := range segs[1:] {
			k, v, _ := strings.Cut(strings.TrimSpace(p), "=")
			if strings.TrimSpace(k) == "rel" {
				for _, rel := range strings.Fields(strings.Trim(v, `"`)) {
					if rel == "next" {
						return u[1 : len(u)-1]
					}
				}
			}
		}
	}
	return ""
}

// AlertUpdate is the body of PATCH .../code-scanning/alerts/{number}.
type AlertUpdate struct {
	State            string `json:"state"`                      // open or dismissed
	DismissedReason  string `json:"dismissed_reason,omitempty"` // false positive, won't fix, used in tests
	DismissedComment string `json:"dismissed_comment,omitempty"`
}

// UpdateAlert dismisses or re-opens an alert.
func (c *Client) UpdateAlert(ctx context.Context, owner, repo string, number int, u AlertUpdate) (Alert, error) {
	var a Alert
	_, err := c.do(ctx, http.MethodPatch, repoPath(owner, repo)+"/code-scanning/alerts/"+strconv.Itoa(number), u, &a)
	return a, err
}
