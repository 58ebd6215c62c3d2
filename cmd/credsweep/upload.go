package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"regexp"
	"strings"
	"syscall"
	"time"

	"github.com/credsweep/credsweep/ghupload"
	"github.com/credsweep/credsweep/sarifmerge"
	"github.com/spf13/cobra"
)

type uploadFlags struct {
	repo, ref, commit string
	syncDismissals    bool
	wait              time.Duration
	pollInterval      time.Duration
	writeInterval     time.Duration
}

func newUploadCmd() *cobra.Command {
	var f uploadFlags
	cmd := &cobra.Command{
		Use:   "upload --repo OWNER/REPO [--ref REF] [--commit SHA] [--sync-dismissals] FILE.sarif...",
		Short: "Upload SARIF to GitHub code scanning and wait until it is processed",
		Long: `Upload SARIF files to GitHub code scanning (POST /repos/OWNER/REPO/code-scanning/sarifs)
and wait until GitHub has processed each one, printing GitHub's errors.

The token comes from GITHUB_TOKEN or GH_TOKEN (never from the command line); it
needs the security_events scope (a fine-grained or GitHub App token: "Code
scanning alerts" read and write). GITHUB_API_URL points at another API root,
e.g. https://HOST/api/v3 for GitHub Enterprise Server.

--ref is a full ref (refs/heads/main, refs/tags/v1, refs/pull/7/head) or a
branch name; default: the repository's default branch. --commit is the
commit SHA the analysis belongs to; default: the head of --ref.

Each file may hold at most 20 runs, 25,000 results per run and 10 MB gzipped,
and no category may appear twice: combine and split files with 'credsweep
merge' first. GitHub replaces a category's alerts with each upload of it.

--sync-dismissals: after processing, results that carry a SARIF suppression
(kind "external" or "inSource", status "accepted") dismiss their open alerts
(reason from the suppression's properties.dismissedReason: "false positive",
"won't fix" or "used in tests", default "won't fix"; comment "credsweep: " +
justification + " (owner: ...)"), and alerts credsweep dismissed earlier are
re-opened when their results are no longer suppressed. Alerts are matched by
tool, category, rule id and path (then start line and message); alerts
dismissed by people and alerts of categories not uploaded are never touched.

Exit codes: 0 uploaded and processed; 1 GitHub could not process a file (its
errors are printed), did not finish in time (--wait), or failed after retries;
2 usage error, bad file, missing or rejected token, or a request GitHub refused.`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runUpload(cmd.OutOrStdout(), cmd.ErrOrStderr(), f, args)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&f.repo, "repo", "", "repository, OWNER/REPO (required)")
	fl.StringVar(&f.ref, "ref", "", "Git ref of the analysis (default: the repository's default branch)")
	fl.StringVar(&f.commit, "commit", "", "commit SHA of the analysis (default: the head of --ref)")
	fl.BoolVar(&f.syncDismissals, "sync-dismissals", false, "dismiss alerts of suppressed results and re-open those no longer suppressed")
	fl.DurationVar(&f.wait, "wait", 20*time.Minute, "how long to wait for GitHub to process each file")
	fl.DurationVar(&f.pollInterval, "poll-interval", 3*time.Second, "first interval between status polls")
	fl.DurationVar(&f.writeInterval, "write-interval", time.Second, "least time between two writes to the API")
	fl.MarkHidden("poll-interval")
	fl.MarkHidden("write-interval")
	return cmd
}

var (
	repoRE   = regexp.MustCompile(`^[A-Za-z0-9-]+/[A-Za-z0-9_.-]+$`)
	commitRE = regexp.MustCompile(`^[0-9a-fA-F]{40}$`)
	fullRef  = regexp.MustCompile(`^refs/(heads/\S+|tags/\S+|pull/[0-9]+/(head|merge))$`)
)

func usage(format string, a ...any) error {
	return &exitError{code: exitFatal, err: fmt.Errorf("upload: "+format, a...)}
}

// uploadFile is one file to upload.
type uploadFile struct {
	path    string
	data    []byte
	results []ghupload.LocalResult
	tools   []string
}

func runUpload(stdout, stderr io.Writer, f uploadFlags, paths []string) error {
	if !repoRE.MatchString(f.repo) {
		return usage("--repo must be OWNER/REPO")
	}
	owner, repo, _ := strings.Cut(f.repo, "/")
	ref := f.ref
	if ref != "" && !strings.HasPrefix(ref, "refs/") {
		ref = "refs/heads/" + ref
	}
	if ref != "" && !fullRef.MatchString(ref) {
		return usage("--ref must be a branch name, refs/heads/BRANCH, refs/tags/TAG, refs/pull/N/head or refs/pull/N/merge")
	}
	commit := strings.ToLower(f.commit)
	if commit != "" && !commitRE.MatchString(commit) {
		return usage("--commit must be a full commit SHA (40 hex digits)")
	}
	if f.wait <= 0 {
		return usage("--wait must be positive")
	}
	token, tokenVar := os.Getenv("GITHUB_TOKEN"), "GITHUB_TOKEN"
	if token == "" {
		token, tokenVar = os.Getenv("GH_TOKEN"), "GH_TOKEN"
	}
	if strings.TrimSpace(token) == "" {
		return usage("no token: set GITHUB_TOKEN or GH_TOKEN (a token with the security_events scope)")
	}
	token = strings.TrimSpace(token)

	files, err := readUploadFiles(paths)
	if err != nil {
		return err
	}

	base := os.Getenv("GITHUB_API_URL")
	if base == "" {
		base = ghupload.DefaultBaseURL
	}
	c := &ghupload.Client{BaseURL: base, Token: token, UserAgent: "credsweep/" + version + " (+https://github.com/credsweep/credsweep)",
		WriteInterval: f.writeInterval, Notify: func(m string) { fmt.Fprintln(stderr, m) }}
	if f.writeInterval <= 0 {
		c.WriteInterval = -1
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	callCtx := func() (context.Context, context.CancelFunc) { return context.WithTimeout(ctx, 5*time.Minute) }

	apiFail := func(err error) error {
		var ae *ghupload.APIError
		if errors.As(err, &ae) {
			if ae.Status == 401 {
				return &exitError{code: exitFatal, err: fmt.Errorf("upload: GitHub refused the token from %s: %w", tokenVar, err)}
			}
			if ae.Auth() {
				return &exitError{code: exitFatal, err: fmt.Errorf("upload: %w (is the repository right, and may the token from %s write code scanning alerts?)", err, tokenVar)}
			}
			if ae.Status < 500 {
				return &exitError{code: exitFatal, err: fmt.Errorf("upload: %w", err)}
			}
		}
		if errors.Is(err, context.Canceled) {
			return &exitError{code: exitFatal, err: errors.New("upload: interrupted")}
		}
		return &exitError{code: exitFindings, err: fmt.Errorf("upload: %w", err)}
	}

	if ref == "" {
		cctx, cancel := callCtx()
		r, err := c.Repository(cctx, owner, repo)
		cancel()
		if err != nil {
			return apiFail(err)
		}
		if r.DefaultBranch == "" {
			return &exitError{code: exitFatal, err: errors.New("upload: the repository has no default branch; give --ref")}
		}
		ref = "refs/heads/" + r.DefaultBranch
	}
	if commit == "" {
		cctx, cancel := callCtx()
		sha, err := c.CommitOf(cctx, owner, repo, ref)
		cancel()
		if err != nil {
			return apiFail(err)
		}
		commit = sha
	}
	fmt.Fprintf(stdout, "uploading %d %s to %s/%s, %s at %s\n", len(files), mergeWord(len(files), "file", "files"), owner, repo, ref, commit)

	var failed []string
	var done []uploadFile
	for _, uf := range files {
		cctx, cancel := callCtx()
		rc, err := c.UploadSARIF(cctx, owner, repo, ghupload.Upload{CommitSHA: commit, Ref: ref, SARIF: uf.data})
		cancel()
		if err != nil {
			return apiFail(fmt.Errorf("%s: %w", uf.path, err))
		}
		fmt.Fprintf(stdout, "%s: uploaded, %d %s (sarif id %s)\n", uf.path, len(uf.results), mergeWord(len(uf.results), "result", "results"), rc.ID)
		wctx, cancel := context.WithTimeout(ctx, f.wait+time.Minute)
		st, err := c.WaitProcessed(wctx, owner, repo, rc.ID, ghupload.Wait{Timeout: f.wait, Interval: f.pollInterval})
		cancel()
		switch {
		case errors.Is(err, ghupload.ErrNotProcessed):
			fmt.Fprintf(stdout, "%s: GitHub did not finish processing it within %s (sarif id %s)\n", uf.path, f.wait, rc.ID)
			failed = append(failed, uf.path)
		case err != nil:
			return apiFail(fmt.Errorf("%s: %w", uf.path, err))
		case st.ProcessingStatus == "failed":
			fmt.Fprintf(stdout, "%s: GitHub could not process it:\n", uf.path)
			for _, e := range st.Errors {
				fmt.Fprintf(stdout, "  %s\n", e)
			}
			if len(st.Errors) == 0 {
				fmt.Fprintln(stdout, "  (GitHub gave no reason)")
			}
			failed = append(failed, uf.path)
		default:
			fmt.Fprintf(stdout, "%s: processed\n", uf.path)
			done = append(done, uf)
		}
	}
	if f.syncDismissals && len(done) > 0 {
		if err := syncDismissals(ctx, stdout, c, owner, repo, ref, done); err != nil {
			return apiFail(err)
		}
	}
	if len(failed) > 0 {
		return &exitError{code: exitFindings, err: fmt.Errorf("upload: %d of %d %s not processed: %s", len(failed), len(files),
			mergeWord(len(files), "file was", "files were"), strings.Join(failed, ", "))}
	}
	return nil
}

// readUploadFiles reads the files and applies GitHub's limits before
// anything is sent.
func readUploadFiles(paths []string) ([]uploadFile, error) {
	var files []uploadFile
	seen := map[string]string{} // tool + category -> file
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			return nil, usage("%s: cannot read: %s", p, reasonOf(err))
		}
		var log struct {
			Version string `json:"version"`
			Runs    []struct {
				Tool struct {
					Driver struct {
						Name string `json:"name"`
					} `json:"driver"`
				} `json:"tool"`
				AutomationDetails struct {
					ID string `json:"id"`
				} `json:"automationDetails"`
				Results []json.RawMessage `json:"results"`
			} `json:"runs"`
		}
		if json.Unmarshal(data, &log) != nil {
			return nil, usage("%s: not a SARIF log (not valid JSON, or the wrong shape)", p)
		}
		if log.Version != "2.1.0" {
			return nil, usage("%s: not SARIF 2.1.0", p)
		}
		if len(log.Runs) > sarifmerge.MaxRunsPerFile {
			return nil, usage("%s: %d runs; GitHub accepts at most %d per file: split it with credsweep merge", p, len(log.Runs), sarifmerge.MaxRunsPerFile)
		}
		uf := uploadFile{path: p, data: data}
		for i, run := range log.Runs {
			if len(run.Results) > sarifmerge.MaxResultsPerRun {
				return nil, usage("%s: runs[%d] has %d results; GitHub rejects more than %d per run: split it with credsweep merge", p, i, len(run.Results), sarifmerge.MaxResultsPerRun)
			}
			k := run.Tool.Driver.Name + "\x00" + sarifmerge.Category(run.AutomationDetails.ID)
			if other, ok := seen[k]; ok {
				return nil, usage("%s: category %s is also in %s; GitHub keeps only the last upload of a category: combine them with credsweep merge",
					p, displayCategory(sarifmerge.Category(run.AutomationDetails.ID)), other)
			}
			seen[k] = p
			uf.tools = append(uf.tools, run.Tool.Driver.Name)
		}
		if gz := sarifmerge.GzipSize(data); gz > sarifmerge.MaxGzipBytes {
			return nil, usage("%s: %d bytes gzipped; GitHub accepts at most %d: split it with credsweep merge", p, gz, sarifmerge.MaxGzipBytes)
		}
		if uf.results, err = ghupload.ResultsOf(data); err != nil {
			return nil, usage("%s: %v", p, err)
		}
		files = append(files, uf)
	}
	return files, nil
}

// syncDismissals dismisses and re-opens the alerts of the uploaded
// categories to match the results' suppressions.
func syncDismissals(ctx context.Context, w io.Writer, c *ghupload.Client, owner, repo, ref string, files []uploadFile) error {
	var results []ghupload.LocalResult
	tools := map[string]bool{}
	var toolList []string
	for _, f := range files {
		results = append(results, f.results...)
		for _, t := range f.tools {
			if !tools[t] {
				tools[t] = true
				toolList = append(toolList, t)
			}
		}
	}
	var alerts []ghupload.Alert
	for _, t := range toolList {
		lctx, cancel := context.WithTimeout(ctx, 10*time.Minute)
		a, err := c.ListAlerts(lctx, owner, repo, t, ref)
		cancel()
		if err != nil {
			return err
		}
		alerts = append(alerts, a...)
	}
	plan := ghupload.PlanSync(results, alerts)
	var dismissed, reopened, updated int
	for _, a := range plan.Actions {
		uctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
		_, err := c.UpdateAlert(uctx, owner, repo, a.Alert.Number, a.Update)
		cancel()
		if err != nil {
			return err
		}
		where := fmt.Sprintf("alert #%d (%s, %s)", a.Alert.Number, a.Alert.Rule.ID, a.Alert.MostRecentInstance.Location.Path)
		switch a.Kind {
		case "dismiss":
			dismissed++
			fmt.Fprintf(w, "dismissed %s as %q\n", where, a.Update.DismissedReason)
		case "reopen":
			reopened++
			fmt.Fprintf(w, "re-opened %s: its result is no longer suppressed\n", where)
		case "update":
			updated++
			fmt.Fprintf(w, "updated the dismissal of %s\n", where)
		}
	}
	fmt.Fprintf(w, "dismissals: %d dismissed, %d re-opened, %d updated", dismissed, reopened, updated)
	if plan.Unmatched > 0 {
		fmt.Fprintf(w, ", %d suppressed %s without an alert", plan.Unmatched, mergeWord(plan.Unmatched, "result", "results"))
	}
	if plan.Ambiguous > 0 {
		fmt.Fprintf(w, ", %d %s left alone (several results match and disagree)", plan.Ambiguous, mergeWord(plan.Ambiguous, "alert", "alerts"))
	}
	if plan.BadReasons > 0 {
		fmt.Fprintf(w, ", %d %s with an unknown dismissedReason (used %q)", plan.BadReasons, mergeWord(plan.BadReasons, "suppression", "suppressions"), ghupload.DefaultReason)
	}
	fmt.Fprintln(w)
	return nil
}
