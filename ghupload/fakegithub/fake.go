// Package fakegithub is an in-process fake of the parts of GitHub's REST
// API that credsweep upload uses, as strict as GitHub or stricter:
//
//   - every request: Authorization "Bearer <token>" (401 otherwise),
//     X-GitHub-Api-Version 2022-11-28 (400), Accept
//     application/vnd.github+json (415), a User-Agent (403); bodies must be
//     JSON with only the documented keys (422);
//   - POST /repos/{o}/{r}/code-scanning/sarifs: commit_sha of 40 hex digits,
//     ref refs/heads/..., refs/tags/..., refs/pull/N/head or refs/pull/N/merge
//     (422), sarif base64 of gzip (400), at most 10 MB gzipped (413); answers
//     202 {id, url};
//   - GET .../code-scanning/sarifs/{id}: "pending" for PendingPolls polls,
//     then "complete", or "failed" with errors for a log GitHub rejects (not
//     JSON, version not 2.1.0, no runs array, more than 20 runs, a run
//     without results or with more than 25,000, two runs of one tool and
//     category, a result without a message or a location with a URI);
//   - on completion, one alert per tool, rule, path and fingerprint: new
//     results open alerts, fixed alerts that come back re-open, and alerts
//     of the same ref and category absent from the upload become fixed
//     (dismissed alerts stay dismissed);
//   - GET .../code-scanning/alerts (tool_name, ref, state, per_page ≤ 100,
//     page; Link headers) and PATCH .../code-scanning/alerts/{n} (state
//     open/dismissed, dismissed_reason one of GitHub's three, comment ≤ 280);
//   - GET /repos/{o}/{r}, .../commits/{ref} and .../git/ref/{ref}.
//
// Failures can be injected (Fail) to test retries. The token is never
// recorded.
package fakegithub

import (
	"bytes"
	"compress/gzip"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"
)

// Limits GitHub applies to uploads.
const (
	MaxGzipBytes     = 10 * 1024 * 1024
	MaxRuns          = 20
	MaxResultsPerRun = 25000
	MaxComment       = 280
)

// Server is the fake.
type Server struct {
	*httptest.Server
	token string

	mu       sync.Mutex
	pendingN int // status polls answering "pending" before the final status
	repos    map[string]*repo
	uploads  map[string]*upload
	order    []string
	failures []*Failure
	requests []Request
	next     int
}

// Request is a request the fake received (without its Authorization).
type Request struct {
	Method, Path, Query string
	UserAgent           string
	Status              int
}

// Failure makes the fake answer matching requests with Status.
type Failure struct {
	Method     string // "" = any
	Path       string // a substring of the path
	Status     int
	Message    string
	RetryAfter string
	Header     map[string]string
	Times      int // how many requests fail
}

type repo struct {
	owner, name, defaultBranch string
	refs                       map[string]string // "heads/main" -> sha
	alerts                     []*alert
	number                     int
}

type alert struct {
	number                  int
	tool, rule, path, fp    string
	category, ref, commit   string
	startLine               int
	message                 string
	state                   string
	reason, comment         string
	dismissedAt, fixedAt    string
	instances               map[string]string // ref + "\x00" + category -> open/fixed
	severity, securityLevel string
}

type upload struct {
	repo      *repo
	id        string
	commitSHA string
	ref       string
	sarif     []byte
	toolName  string
	checkout  string
	polls     int
	errors    []string
	applied   bool
}

// New starts a fake that accepts token.
func New(token string) *Server {
	s := &Server{token: token, pendingN: 1, repos: map[string]*repo{}, uploads: map[string]*upload{}}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	return s
}

// AddRepo creates a repository whose default branch points to sha.
func (s *Server) AddRepo(owner, name, defaultBranch, sha string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.repos[owner+"/"+name] = &repo{owner: owner, name: name, defaultBranch: defaultBranch,
		refs: map[string]string{"heads/" + defaultBranch: sha}}
}

// SetRef points a ref ("heads/x", "tags/v1", "pull/1/head") to sha.
func (s *Server) SetRef(owner, name, ref, sha string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.repos[owner+"/"+name].refs[ref] = sha
}

// Fail injects a failure.
func (s *Server) Fail(f Failure) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if f.Times == 0 {
		f.Times = 1
	}
	s.failures = append(s.failures, &f)
}

// Requests lists the requests received so far.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.requests...)
}

// Upload is an upload the fake received.
type Upload struct {
	ID, CommitSHA, Ref, ToolName, CheckoutURI string
	SARIF                                     []byte // decoded
	Status                                    string
	Errors                                    []string
}

// Uploads lists the uploads received, in order.
func (s *Server) Uploads() []Upload {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Upload
	for _, id := range s.order {
		u := s.uploads[id]
		st := "complete"
		if len(u.errors) > 0 {
			st = "failed"
		}
		if u.polls <= s.pendingPolls() {
			st = "pending"
		}
		out = append(out, Upload{ID: u.id, CommitSHA: u.commitSHA, Ref: u.ref, ToolName: u.toolName,
			CheckoutURI: u.checkout, SARIF: u.sarif, Status: st, Errors: u.errors})
	}
	return out
}

// Alert is an alert as tests see it.
type Alert struct {
	Number                                  int
	Tool, Rule, Path, Fingerprint, Category string
	State, DismissedReason, Comment         string
}

// Alerts lists a repository's alerts by number.
func (s *Server) Alerts(owner, name string) []Alert {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Alert
	for _, a := range s.repos[owner+"/"+name].alerts {
		out = append(out, Alert{Number: a.number, Tool: a.tool, Rule: a.rule, Path: a.path, Fingerprint: a.fp,
			Category: a.category, State: a.state, DismissedReason: a.reason, Comment: a.comment})
	}
	return out
}

// Dismiss dismisses an alert as a person would in the UI.
func (s *Server) Dismiss(owner, name string, number int, reason, comment string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, a := range s.repos[owner+"/"+name].alerts {
		if a.number == number {
			a.state, a.reason, a.comment = "dismissed", reason, comment
		}
	}
}

func (s *Server) pendingPolls() int { return max(s.pendingN, 0) }

// SetPendingPolls sets how many status polls answer "pending" before the
// final status (default 1). It is safe while requests are served.
func (s *Server) SetPendingPolls(n int) {
	s.mu.Lock()
	s.pendingN = n
	s.mu.Unlock()
}

type answer struct {
	status int
	body   any
	header map[string]string
}

func fail(status int, msg string) answer {
	return answer{status: status, body: map[string]any{"message": msg,
		"documentation_url": "https://docs.github.com/rest/code-scanning/code-scanning"}}
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	a := s.route(r)
	s.requests = append(s.requests, Request{Method: r.Method, Path: r.URL.Path, Query: r.URL.RawQuery,
		UserAgent: r.Header.Get("User-Agent"), Status: a.status})
	s.mu.Unlock()
	for k, v := range a.header {
		w.Header().Set(k, v)
	}
	w.Header().Set("X-GitHub-Api-Version-Selected", "2022-11-28")
	if a.body == nil {
		w.WriteHeader(a.status)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(a.status)
	json.NewEncoder(w).Encode(a.body)
}

var (
	hexSHA = regexp.MustCompile(`^[0-9a-f]{40}$`)
	refRE  = regexp.MustCompile(`^refs/(heads/[^\s]+|tags/[^\s]+|pull/[0-9]+/(head|merge))$`)
)

func (s *Server) route(r *http.Request) answer {
	for _, f := range s.failures {
		if f.Times > 0 && (f.Method == "" || f.Method == r.Method) && strings.Contains(r.URL.Path, f.Path) {
			f.Times--
			a := fail(f.Status, f.Message)
			a.header = map[string]string{}
			for k, v := range f.Header {
				a.header[k] = v
			}
			if f.RetryAfter != "" {
				a.header["Retry-After"] = f.RetryAfter
			}
			return a
		}
	}
	if r.Header.Get("Authorization") != "Bearer "+s.token || s.token == "" {
		return fail(http.StatusUnauthorized, "Bad credentials")
	}
	if v := r.Header.Get("X-GitHub-Api-Version"); v != "2022-11-28" {
		return fail(http.StatusBadRequest, "Invalid or missing X-GitHub-Api-Version header (the fake requires 2022-11-28)")
	}
	if !strings.Contains(r.Header.Get("Accept"), "application/vnd.github+json") {
		return fail(http.StatusUnsupportedMediaType, "Accept must be application/vnd.github+json")
	}
	if r.Header.Get("User-Agent") == "" {
		return fail(http.StatusForbidden, "Request forbidden by administrative rules. Please make sure your request has a User-Agent header")
	}
	parts := strings.Split(strings.TrimPrefix(r.URL.Path, "/"), "/")
	if len(parts) < 3 || parts[0] != "repos" {
		return fail(http.StatusNotFound, "Not Found")
	}
	rp := s.repos[parts[1]+"/"+parts[2]]
	if rp == nil {
		return fail(http.StatusNotFound, "Not Found")
	}
	rest := parts[3:]
	switch {
	case len(rest) == 0 && r.Method == http.MethodGet:
		return answer{status: 200, body: map[string]any{"id": 1, "name": rp.name, "full_name": rp.owner + "/" + rp.name,
			"default_branch": rp.defaultBranch, "private": true}}
	case len(rest) >= 2 && rest[0] == "commits" && r.Method == http.MethodGet:
		ref := strings.Join(rest[1:], "/")
		sha := rp.resolve(ref)
		if sha == "" {
			return fail(http.StatusUnprocessableEntity, "No commit found for SHA: "+ref)
		}
		return answer{status: 200, body: map[string]any{"sha": sha, "commit": map[string]any{"message": "fake"}}}
	case len(rest) >= 3 && rest[0] == "git" && rest[1] == "ref" && r.Method == http.MethodGet:
		ref := strings.Join(rest[2:], "/")
		sha, ok := rp.refs[ref]
		if !ok {
			return fail(http.StatusNotFound, "Not Found")
		}
		return answer{status: 200, body: map[string]any{"ref": "refs/" + ref, "object": map[string]any{"sha": sha, "type": "commit"}}}
	case len(rest) == 2 && rest[0] == "code-scanning" && rest[1] == "sarifs" && r.Method == http.MethodPost:
		return s.upload(r, rp)
	case len(rest) == 3 && rest[0] == "code-scanning" && rest[1] == "sarifs" && r.Method == http.MethodGet:
		return s.status(rp, rest[2])
	case len(rest) == 2 && rest[0] == "code-scanning" && rest[1] == "alerts" && r.Method == http.MethodGet:
		return s.list(r, rp)
	case len(rest) == 3 && rest[0] == "code-scanning" && rest[1] == "alerts" && r.Method == http.MethodPatch:
		return s.patch(r, rp, rest[2])
	}
	return fail(http.StatusNotFound, "Not Found")
}

func (rp *repo) resolve(ref string) string {
	if hexSHA.MatchString(ref) {
		return ref
	}
	for _, k := range []string{ref, "heads/" + ref, "tags/" + ref} {
		if sha, ok := rp.refs[k]; ok {
			return sha
		}
	}
	return ""
}

// decodeBody decodes a JSON body with only the allowed keys.
func decodeBody(r *http.Request, v any) *answer {
	if !strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") {
		a := fail(http.StatusUnsupportedMediaType, "Content-Type must be application/json")
		return &a
	}
	dec := json.NewDecoder(io.LimitReader(r.Body, 64<<20))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		a := fail(http.StatusUnprocessableEntity, "Invalid request.\n\nThe body is not JSON with only the documented keys.")
		return &a
	}
	return nil
}

func (s *Server) upload(r *http.Request, rp *repo) answer {
	var body struct {
		CommitSHA   *string `json:"commit_sha"`
		Ref         *string `json:"ref"`
		SARIF       *string `json:"sarif"`
		CheckoutURI string  `json:"checkout_uri"`
		StartedAt   string  `json:"started_at"`
		ToolName    string  `json:"tool_name"`
		Validate    bool    `json:"validate"`
	}
	if a := decodeBody(r, &body); a != nil {
		return *a
	}
	if body.CommitSHA == nil || body.Ref == nil || body.SARIF == nil {
		return fail(http.StatusUnprocessableEntity, "Invalid request.\n\ncommit_sha, ref and sarif are required.")
	}
	if !hexSHA.MatchString(*body.CommitSHA) {
		return fail(http.StatusUnprocessableEntity, "Invalid request.\n\ncommit_sha is not a 40-character hex SHA.")
	}
	if !refRE.MatchString(*body.Ref) {
		return fail(http.StatusUnprocessableEntity, "Invalid request.\n\nref must be refs/heads/<branch>, refs/tags/<tag>, refs/pull/<n>/head or refs/pull/<n>/merge.")
	}
	gz, err := base64.StdEncoding.DecodeString(*body.SARIF)
	if err != nil {
		return fail(http.StatusBadRequest, "The sarif field is not valid base64.")
	}
	if len(gz) > MaxGzipBytes {
		return fail(http.StatusRequestEntityTooLarge, "The sarif field is too large: at most 10 MB gzip-compressed.")
	}
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		return fail(http.StatusBadRequest, "The sarif field is not gzip-compressed.")
	}
	raw, err := io.ReadAll(io.LimitReader(zr, 1<<30))
	if err != nil {
		return fail(http.StatusBadRequest, "The sarif field is not gzip-compressed.")
	}
	s.next++
	id := fmt.Sprintf("%08x-fake-4000-8000-%012x", s.next, s.next)
	u := &upload{repo: rp, id: id, commitSHA: *body.CommitSHA, ref: *body.Ref, sarif: raw,
		toolName: body.ToolName, checkout: body.CheckoutURI}
	u.errors = checkSARIF(raw)
	s.uploads[id] = u
	s.order = append(s.order, id)
	return answer{status: http.StatusAccepted, body: map[string]any{"id": id,
		"url": s.URL + "/repos/" + rp.owner + "/" + rp.name + "/code-scanning/sarifs/" + id}}
}

// sarifLog is what the fake reads of an upload.
type sarifLog struct {
	Version *string `json:"version"`
	Runs    *[]struct {
		Tool struct {
			Driver struct {
				Name string `json:"name"`
			} `json:"driver"`
		} `json:"tool"`
		AutomationDetails struct {
			ID string `json:"id"`
		} `json:"automationDetails"`
		Results *[]struct {
			RuleID  string `json:"ruleId"`
			Level   string `json:"level"`
			Message struct {
				Text string `json:"text"`
			} `json:"message"`
			Locations []struct {
				PhysicalLocation *struct {
					ArtifactLocation struct {
						URI string `json:"uri"`
					} `json:"artifactLocation"`
					Region struct {
						StartLine int `json:"startLine"`
					} `json:"region"`
				} `json:"physicalLocation"`
			} `json:"locations"`
			PartialFingerprints map[string]string `json:"partialFingerprints"`
		} `json:"results"`
	} `json:"runs"`
}

func categoryOf(id string) string {
	if i := strings.LastIndexByte(id, '/'); i >= 0 {
		return id[:i]
	}
	return ""
}

// checkSARIF returns GitHub's processing errors for a log.
func checkSARIF(raw []byte) []string {
	var log sarifLog
	if err := json.Unmarshal(raw, &log); err != nil {
		return []string{"could not parse SARIF: the file is not valid JSON"}
	}
	var errs []string
	if log.Version == nil || *log.Version != "2.1.0" {
		errs = append(errs, "invalid SARIF: version must be 2.1.0")
	}
	if log.Runs == nil {
		return append(errs, "invalid SARIF: missing 'runs' array")
	}
	if n := len(*log.Runs); n > MaxRuns {
		errs = append(errs, fmt.Sprintf("rejecting SARIF, as there are more runs per file than allowed (%d > %d)", n, MaxRuns))
	}
	cats := map[string]int{}
	for i, run := range *log.Runs {
		k := run.Tool.Driver.Name + "\x00" + categoryOf(run.AutomationDetails.ID)
		if j, ok := cats[k]; ok {
			errs = append(errs, fmt.Sprintf("runs[%d] and runs[%d] have the same tool and category; a SARIF upload may not contain several runs of one category", j, i))
		}
		cats[k] = i
		if run.Tool.Driver.Name == "" {
			errs = append(errs, fmt.Sprintf("runs[%d]: tool.driver.name is required", i))
		}
		if run.Results == nil {
			errs = append(errs, fmt.Sprintf("runs[%d]: missing 'results' array", i))
			continue
		}
		if n := len(*run.Results); n > MaxResultsPerRun {
			errs = append(errs, fmt.Sprintf("rejecting SARIF, as there are more results per run than allowed (%d > %d)", n, MaxResultsPerRun))
		}
		for j, res := range *run.Results {
			if res.Message.Text == "" {
				errs = append(errs, fmt.Sprintf("runs[%d].results[%d]: message.text is required", i, j))
			}
			if len(res.Locations) == 0 || res.Locations[0].PhysicalLocation == nil || res.Locations[0].PhysicalLocation.ArtifactLocation.URI == "" {
				errs = append(errs, fmt.Sprintf("runs[%d].results[%d]: locationFromSarifResult: expected at least one location with an artifact location", i, j))
			}
			if len(errs) > 50 {
				return errs
			}
		}
	}
	return errs
}

func (s *Server) status(rp *repo, id string) answer {
	u := s.uploads[id]
	if u == nil || u.repo != rp {
		return fail(http.StatusNotFound, "Not Found")
	}
	u.polls++
	if u.polls <= s.pendingPolls() {
		return answer{status: 200, body: map[string]any{"processing_status": "pending", "analyses_url": nil, "errors": nil}}
	}
	if len(u.errors) > 0 {
		return answer{status: 200, body: map[string]any{"processing_status": "failed", "analyses_url": nil, "errors": u.errors}}
	}
	if !u.applied {
		u.applied = true
		s.apply(u)
	}
	return answer{status: 200, body: map[string]any{"processing_status": "complete", "errors": nil,
		"analyses_url": s.URL + "/repos/" + rp.owner + "/" + rp.name + "/code-scanning/analyses?sarif_id=" + id}}
}

// apply turns a processed upload into alerts.
func (s *Server) apply(u *upload) {
	var log sarifLog
	json.Unmarshal(u.sarif, &log)
	rp := u.repo
	now := time.Now().UTC().Format(time.RFC3339)
	for _, run := range *log.Runs {
		tool := run.Tool.Driver.Name
		cat := categoryOf(run.AutomationDetails.ID)
		inst := u.ref + "\x00" + cat
		seen := map[*alert]bool{}
		for _, res := range *run.Results {
			pl := res.Locations[0].PhysicalLocation
			path := pl.ArtifactLocation.URI
			if p, err := url.PathUnescape(path); err == nil {
				path = p
			}
			fp := res.PartialFingerprints["primaryLocationLineHash"]
			if fp == "" {
				fp = fmt.Sprintf("line:%d", pl.Region.StartLine)
			}
			var a *alert
			for _, x := range rp.alerts {
				if x.tool == tool && x.rule == res.RuleID && x.path == path && x.fp == fp {
					a = x
					break
				}
			}
			if a == nil {
				rp.number++
				a = &alert{number: rp.number, tool: tool, rule: res.RuleID, path: path, fp: fp, state: "open",
					instances: map[string]string{}, severity: res.Level}
				rp.alerts = append(rp.alerts, a)
			}
			seen[a] = true
			a.category, a.ref, a.commit = cat, u.ref, u.commitSHA
			a.startLine, a.message = max(pl.Region.StartLine, 1), res.Message.Text
			a.instances[inst] = "open"
			if a.state == "fixed" {
				a.state, a.fixedAt = "open", ""
			}
		}
		for _, a := range rp.alerts {
			if a.tool != tool || seen[a] || a.instances[inst] != "open" {
				continue
			}
			a.instances[inst] = "fixed"
			open := false
			for _, st := range a.instances {
				if st == "open" {
					open = true
				}
			}
			if !open && a.state == "open" {
				a.state, a.fixedAt = "fixed", now
			}
		}
	}
}

func (s *Server) alertJSON(rp *repo, a *alert, ref string) map[string]any {
	base := s.URL + "/repos/" + rp.owner + "/" + rp.name
	instState := a.instances[ref+"\x00"+a.category]
	if instState == "" {
		instState = a.state
	}
	null := func(v string) any {
		if v == "" {
			return nil
		}
		return v
	}
	return map[string]any{
		"number": a.number, "created_at": "2026-01-01T00:00:00Z", "updated_at": "2026-01-01T00:00:00Z",
		"url": fmt.Sprintf("%s/code-scanning/alerts/%d", base, a.number), "html_url": fmt.Sprintf("https://github.example/%s/%s/security/code-scanning/%d", rp.owner, rp.name, a.number),
		"state": a.state, "fixed_at": null(a.fixedAt), "dismissed_by": nil, "dismissed_at": null(a.dismissedAt),
		"dismissed_reason": null(a.reason), "dismissed_comment": null(a.comment),
		"rule": map[string]any{"id": a.rule, "severity": a.severity, "description": a.rule, "name": a.rule},
		"tool": map[string]any{"name": a.tool, "guid": nil, "version": nil},
		"most_recent_instance": map[string]any{
			"ref": ref, "analysis_key": "API upload", "environment": "{}", "category": a.category, "state": instState,
			"commit_sha": a.commit, "message": map[string]any{"text": a.message},
			"location":        map[string]any{"path": a.path, "start_line": a.startLine, "end_line": a.startLine, "start_column": 1, "end_column": 1},
			"classifications": []any{},
		},
	}
}

func (s *Server) list(r *http.Request, rp *repo) answer {
	q := r.URL.Query()
	perPage, page := 30, 1
	if v := q.Get("per_page"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 100 {
			return fail(http.StatusUnprocessableEntity, "per_page must be 1..100")
		}
		perPage = n
	}
	if v := q.Get("page"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			return fail(http.StatusUnprocessableEntity, "page must be a positive number")
		}
		page = n
	}
	ref := q.Get("ref")
	if ref == "" {
		ref = "refs/heads/" + rp.defaultBranch
	}
	if !strings.HasPrefix(ref, "refs/") {
		ref = "refs/heads/" + ref
	}
	var match []*alert
	for _, a := range rp.alerts {
		if t := q.Get("tool_name"); t != "" && a.tool != t {
			continue
		}
		if st := q.Get("state"); st != "" && a.state != st {
			continue
		}
		onRef := false
		for k := range a.instances {
			if strings.HasPrefix(k, ref+"\x00") {
				onRef = true
			}
		}
		if onRef {
			match = append(match, a)
		}
	}
	// GitHub's default order: newest first.
	sort.Slice(match, func(i, j int) bool { return match[i].number > match[j].number })
	from := (page - 1) * perPage
	to := min(from+perPage, len(match))
	body := []any{}
	for i := from; i < to; i++ {
		body = append(body, s.alertJSON(rp, match[i], ref))
	}
	a := answer{status: 200, body: body, header: map[string]string{}}
	last := max((len(match)+perPage-1)/perPage, 1)
	link := func(p int, rel string) string {
		qq := url.Values{}
		for k, v := range q {
			qq[k] = v
		}
		qq.Set("page", strconv.Itoa(p))
		qq.Set("per_page", strconv.Itoa(perPage))
		return fmt.Sprintf("<%s%s?%s>; rel=\"%s\"", s.URL, r.URL.Path, qq.Encode(), rel)
	}
	var links []string
	if page < last {
		links = append(links, link(page+1, "next"), link(last, "last"))
	}
	if page > 1 {
		links = append(links, link(1, "first"), link(page-1, "prev"))
	}
	if len(links) > 0 {
		a.header["Link"] = strings.Join(links, ", ")
	}
	return a
}

func (s *Server) patch(r *http.Request, rp *repo, num string) answer {
	n, err := strconv.Atoi(num)
	if err != nil {
		return fail(http.StatusNotFound, "Not Found")
	}
	var a *alert
	for _, x := range rp.alerts {
		if x.number == n {
			a = x
		}
	}
	if a == nil {
		return fail(http.StatusNotFound, "No alert found for alert number "+num)
	}
	var body struct {
		State            string  `json:"state"`
		DismissedReason  *string `json:"dismissed_reason"`
		DismissedComment *string `json:"dismissed_comment"`
		CreateRequest    bool    `json:"create_request"`
	}
	if ans := decodeBody(r, &body); ans != nil {
		return *ans
	}
	switch body.State {
	case "dismissed":
		if body.DismissedReason == nil {
			return fail(http.StatusUnprocessableEntity, "Invalid request.\n\ndismissed_reason is required when state is dismissed.")
		}
		ok := false
		for _, v := range []string{"false positive", "won't fix", "used in tests"} {
			ok = ok || *body.DismissedReason == v
		}
		if !ok {
			return fail(http.StatusUnprocessableEntity, "Invalid request.\n\ndismissed_reason is not one of false positive, won't fix, used in tests.")
		}
		comment := ""
		if body.DismissedComment != nil {
			comment = *body.DismissedComment
		}
		if utf8.RuneCountInString(comment) > MaxComment {
			return fail(http.StatusUnprocessableEntity, "Invalid request.\n\ndismissed_comment is longer than 280 characters.")
		}
		a.state, a.reason, a.comment = "dismissed", *body.DismissedReason, comment
		a.dismissedAt = time.Now().UTC().Format(time.RFC3339)
	case "open":
		if a.state == "fixed" {
			return fail(http.StatusBadRequest, "A fixed alert cannot be re-opened.")
		}
		a.state, a.reason, a.comment, a.dismissedAt = "open", "", "", ""
	default:
		return fail(http.StatusUnprocessableEntity, "Invalid request.\n\nstate must be open or dismissed.")
	}
	return answer{status: 200, body: s.alertJSON(rp, a, a.ref)}
}
