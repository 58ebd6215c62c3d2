package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/credsweep/credsweep/connectors"
	"github.com/credsweep/credsweep/detectors"
	"github.com/credsweep/credsweep/report"
	"github.com/credsweep/credsweep/scanner"
)

// The HTML report is tested in a real browser: Debian's chromium, headless,
// driven by chromedp. Without chromium the tests skip, unless
// CREDSWEEP_REQUIRE_CHROMIUM=1 (CI), where they fail. Screenshots go to
// $CREDSWEEP_ARTIFACTS, else to a temporary folder that is kept and logged.

func chromiumPath(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CREDSWEEP_REQUIRE_CHROMIUM") == "1" {
		t.Fatal("chromium is not installed (apt-get install chromium) and CREDSWEEP_REQUIRE_CHROMIUM=1")
	}
	t.Skip("chromium is not installed (apt-get install chromium)")
	return ""
}

// browserTab is one headless chromium tab that records what the page
// requests and what goes wrong in it.
type browserTab struct {
	t        *testing.T
	ctx      context.Context
	mu       sync.Mutex
	requests []string
	problems []string
}

func newBrowserTab(t *testing.T) *browserTab {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromiumPath(t)),
		chromedp.NoSandbox, // root in CI
		chromedp.WindowSize(1400, 1000),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("user-data-dir", t.TempDir()),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(actx)
	t.Cleanup(func() { cancel(); cancelAlloc() })
	b := &browserTab{t: t, ctx: ctx}
	// The first Run starts the browser; its context has no deadline.
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("starting chromium: %v", err)
	}
	if err := chromedp.Listen(ctx, b.record); err != nil {
		t.Fatal(err)
	}
	return b
}

func (b *browserTab) record(ev any) {
	b.mu.Lock()
	defer b.mu.Unlock()
	switch ev := ev.(type) {
	case *network.EventRequestWillBeSent:
		b.requests = append(b.requests, ev.Request.URL)
	case *log.EventEntryAdded:
		if ev.Entry.Level == log.EntryLevelError || ev.Entry.Level == log.EntryLevelWarning {
			b.problems = append(b.problems, fmt.Sprintf("%s %s: %s", ev.Entry.Source, ev.Entry.Level, ev.Entry.Text))
		}
	case *runtime.EventExceptionThrown:
		b.problems = append(b.problems, "exception: "+ev.ExceptionDetails.Text+" "+exceptionText(ev.ExceptionDetails))
	}
}

func exceptionText(d *runtime.ExceptionDetails) string {
	if d.Exception != nil {
		return d.Exception.Description
	}
	return ""
}

// do runs steps with a deadline.
func (b *browserTab) do(what string, d time.Duration, steps ...chromedp.Action[chromedp.Void]) time.Duration {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, d)
	defer cancel()
	start := time.Now()
	if err := chromedp.Do(ctx, steps...); err != nil {
		b.mu.Lock()
		defer b.mu.Unlock()
		b.t.Fatalf("%s: %v (page problems: %q)", what, err, b.problems)
	}
	return time.Since(start)
}

// eval evaluates a JavaScript expression in the page.
func eval[T any](b *browserTab, expr string) T {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, time.Minute)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		b.t.Fatalf("%s: %v", expr, err)
	}
	return v
}

// load opens the report from a file:// URL and waits until its script has
// drawn the tables; it returns the URL and how long that took.
func (b *browserTab) load(path string, d time.Duration) (string, time.Duration) {
	b.t.Helper()
	u := (&url.URL{Scheme: "file", Path: path}).String()
	took := b.do("loading "+u, d, chromedp.Navigate(u), chromedp.WaitReady(chromedp.CSS(`body[data-ready="1"]`)))
	return u, took
}

// checkQuiet fails when the page requested anything but itself or logged
// an error (a CSP violation, a script error).
func (b *browserTab) checkQuiet(self string) {
	b.t.Helper()
	b.mu.Lock()
	defer b.mu.Unlock()
	if len(b.requests) != 1 || b.requests[0] != self {
		b.t.Errorf("the page requested %q, want only %s", b.requests, self)
	}
	if len(b.problems) > 0 {
		b.t.Errorf("the page reported problems: %q", b.problems)
	}
}

func (b *browserTab) screenshot(name string) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 2*time.Minute)
	defer cancel()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		b.t.Fatalf("screenshot: %v", err)
	}
	// go test -artifacts keeps it (under -outputdir); otherwise it is
	// removed with the test.
	p := filepath.Join(b.t.ArtifactDir(), name)
	if err := os.WriteFile(p, png, 0o644); err != nil {
		b.t.Fatal(err)
	}
	b.t.Logf("screenshot: %s", p)
}

func rowCount(b *browserTab, table string) int {
	return eval[int](b, `document.querySelectorAll('#`+table+`-table tbody tr').length`)
}

func shownCount(b *browserTab, id string) int {
	s := eval[string](b, `document.getElementById('`+id+`').textContent`)
	n, err := strconv.Atoi(strings.ReplaceAll(s, ",", ""))
	if err != nil {
		b.t.Fatalf("#%s shows %q", id, s)
	}
	return n
}

// choose sets a filter (a select, or the search field) and fires the
// change event a person's choice fires.
func choose(b *browserTab, id, value string) {
	b.t.Helper()
	eval[bool](b, fmt.Sprintf(`(function(){var s=document.getElementById(%q); s.value=%q; s.dispatchEvent(new Event('change',{bubbles:true})); return s.value===%q;})()`, id, value, value))
}

// TestHTMLReportInBrowser scans the demo share through the binary with
// --html, --sarif and --state, opens the page in chromium and checks it
// against the SARIF of the same scan.
func TestHTMLReportInBrowser(t *testing.T) {
	b := newBrowserTab(t)
	dir := t.TempDir()
	share := filepath.Join(repoRoot(t), "testdata", "demo-share")
	htmlPath, sarifPath := filepath.Join(dir, "report.html"), filepath.Join(dir, "report.sarif")
	// Last night's scan, so the state has a history of two runs.
	if first := runCLI(t, nil, "scan", "--progress", "never", "--state", filepath.Join(dir, "state.db"), share); first.code != exitFindings {
		t.Fatalf("first scan: exit %d\n%s", first.code, first.stderr)
	}
	// --full reads every file again: carried results have no samples.
	res := runCLI(t, nil, "scan", "--progress", "never", "--show-samples", "--format", "json", "--full",
		"--state", filepath.Join(dir, "state.db"), "--sarif", sarifPath, "--html", htmlPath, share)
	if res.code != exitFindings {
		t.Fatalf("exit %d\n%s\n%s", res.code, res.stdout, res.stderr)
	}
	page, err := os.ReadFile(htmlPath)
	if err != nil {
		t.Fatal(err)
	}
	// The HTML is shared like the SARIF: no clear value, no masked sample
	// even with --show-samples.
	var js struct {
		Results []struct {
			Samples []string `json:"maskedSamples"`
		} `json:"results"`
	}
	if err := json.Unmarshal([]byte(res.stdout), &js); err != nil {
		t.Fatal(err)
	}
	var samples []string
	for _, r := range js.Results {
		samples = append(samples, r.Samples...)
	}
	if len(samples) == 0 {
		t.Fatal("the JSON summary has no samples: the check below would prove nothing")
	}
	assertNoLeak(t, append(demoSecrets(t), samples...), map[string]string{"HTML": string(page)})

	doc := readSARIF(t, sarifPath)
	results := doc.Runs[0].Results
	n := len(results)
	if n == 0 {
		t.Fatal("no results in the SARIF")
	}
	self, took := b.load(htmlPath, time.Minute)
	t.Logf("%d results: page ready in %s", n, took)

	// Charts: kinds, folders, changes since the last scan and findings
	// over time (--state, two runs: the same n results each night, all new
	// the first).
	if got := eval[int](b, `document.querySelectorAll('figure.chart svg').length`); got != 4 {
		t.Errorf("%d charts drawn, want 4", got)
	}
	if got := eval[int](b, `document.querySelectorAll('#chart-history g.bar').length`); got != 2 {
		t.Errorf("history chart: %d bars, want 2 (one per run)", got)
	}
	if got := eval[string](b, `Array.from(document.querySelectorAll('#chart-history text.total')).map(e => e.textContent).join('|')`); got != fmt.Sprintf("%d|%d", n, n) {
		t.Errorf("history totals %q, want %d each night", got, n)
	}
	if got := eval[int](b, `document.querySelectorAll('#chart-families svg rect, #chart-folders svg rect').length`); got < 2 {
		t.Errorf("%d bars in the charts", got)
	}
	if got := rowCount(b, "results"); got != min(report.HTMLPageSize, n) {
		t.Errorf("%d rows on the first page, want %d", got, min(report.HTMLPageSize, n))
	}
	for _, id := range []string{"result-count", "results-shown", "results-total"} {
		if got := shownCount(b, id); got != n {
			t.Errorf("#%s shows %d, want %d results", id, got, n)
		}
	}
	// Headline: sums of the SARIF counts by family (nothing is
	// suppressed here). Every result is new in a first scan.
	sums := map[string]int{}
	fams := map[string]int{}
	maxCount := 0
	for _, r := range results {
		f, _, _ := strings.Cut(r.RuleID, "/")
		sums[f] += r.count()
		fams[f]++
		maxCount = max(maxCount, r.count())
		if r.Properties["exposure"] == nil {
			t.Fatalf("%s: no exposure", r.uri())
		}
	}
	for id, fam := range map[string]string{"accounts": "credentials", "ids": "national-id", "secrets": "secret"} {
		if got := eval[int](b, `+document.getElementById('headline-`+id+`').dataset.total`); got != sums[fam] {
			t.Errorf("headline %s %d, want %d (%s/* counts in the SARIF)", id, got, sums[fam], fam)
		}
	}
	// The second night: nothing new, every result unchanged.
	if got := eval[string](b, `Array.from(document.querySelectorAll('#chart-baseline svg g.bar text.total')).slice(0, 3).map(e => e.textContent).join('|')`); got != "0|0|"+strconv.Itoa(n) {
		t.Errorf("new|updated|unchanged in the changes chart: %s, want 0|0|%d", got, n)
	}

	// Filters: a rule family, then a search over locations.
	choose(b, "f-family", "national-id")
	if got := rowCount(b, "results"); got != fams["national-id"] {
		t.Errorf("family national-id: %d rows, want %d", got, fams["national-id"])
	}
	if got := shownCount(b, "results-shown"); got != fams["national-id"] {
		t.Errorf("family national-id: %d shown, want %d", got, fams["national-id"])
	}
	choose(b, "f-family", "")
	const q = "Elevmapper"
	want := 0
	for _, r := range results {
		if strings.Contains(strings.ToLower(r.Properties["location"].(string)), strings.ToLower(q)) {
			want++
		}
	}
	if want == 0 || want == n {
		t.Fatalf("%d of %d results in %s: the search would prove nothing", want, n, q)
	}
	b.do("search", 30*time.Second, chromedp.SendKeys(chromedp.CSS("#f-search"), q))
	if got := rowCount(b, "results"); got != want {
		t.Errorf("search %q: %d rows, want %d", q, got, want)
	}
	choose(b, "f-search", "")
	if got := rowCount(b, "results"); got != min(report.HTMLPageSize, n) {
		t.Errorf("after clearing the filters: %d rows", got)
	}
	// Sort by count: the largest first.
	b.do("sort", 30*time.Second, chromedp.Click(chromedp.CSS(`#results-table th[data-col="count"]`)))
	if got := eval[string](b, `document.querySelector('#results-table tbody tr td.num:nth-of-type(7)').textContent`); strings.ReplaceAll(got, ",", "") != strconv.Itoa(maxCount) {
		t.Errorf("sorted by count, first row %s, want %d", got, maxCount)
	}
	b.screenshot("credsweep-report-demo.png")
	b.checkQuiet(self)
}

// syntheticReport makes n results over 500 folders, with every rule family,
// exposure and baseline state, and one hostile file name.
func syntheticReport(n int) *scanner.Report {
	rules := []detectors.Rule{
		{ID: "credentials/password-table", Name: "Password table", Severity: 9.1, Level: detectors.LevelError},
		{ID: "national-id/no-fodselsnummer", Name: "Norwegian fødselsnummer", Severity: 7.5, Level: detectors.LevelWarning},
		{ID: "secret/private-key", Name: "Private key", Severity: 9.5, Level: detectors.LevelError, PerSecret: true},
	}
	aud := []connectors.Audience{connectors.AudiencePublic, connectors.AudienceOrganization, connectors.AudienceRestricted, connectors.AudienceUnknown}
	base := []string{scanner.BaselineNew, scanner.BaselineUnchanged, scanner.BaselineUnchanged, scanner.BaselineUpdated, scanner.BaselineUnchanged}
	rep := &scanner.Report{Targets: []string{"smb://fs01/skole"}, Rules: rules,
		Stats:  scanner.Stats{Files: int64(n), Scanned: int64(n), Started: time.Date(2026, 11, 22, 2, 0, 0, 0, time.UTC), Duration: time.Hour},
		Memory: &scanner.Memory{Path: "state.db"}}
	rep.Results = make([]scanner.Result, n)
	for i := range rep.Results {
		disp := fmt.Sprintf(`\\fs01\skole\d%03d\f%06d.xlsx`, i%500, i)
		if i == hostileAt {
			disp = `\\fs01\skole\` + hostileFile
		}
		rep.Results[i] = scanner.Result{Rule: rules[i%3], Source: "smb",
			Location: scanner.Location{Path: strings.ReplaceAll(disp[2:], `\`, "/"), Display: disp},
			Line:     i%40 + 1, Count: i%97 + 1, Confidence: detectors.ConfidenceHigh, Fingerprint: fmt.Sprintf("%032x:1", i),
			Exposure: connectors.Exposure{Audience: aud[i%4], Readers: []string{fmt.Sprintf(`SKOLE\group%d`, i%7)}},
			Baseline: base[i%5]}
		switch base[i%5] {
		case scanner.BaselineNew:
			rep.Memory.New++
		case scanner.BaselineUpdated:
			rep.Memory.Updated++
		default:
			rep.Memory.Unchanged++
		}
	}
	for i := range 3000 {
		rep.Notifications = append(rep.Notifications, scanner.Notification{Outcome: scanner.Skipped,
			Reason: "no text layer (scanned image; no OCR)", Location: scanner.Location{Display: fmt.Sprintf(`\\fs01\skole\skann\%d.pdf`, i)}})
	}
	return rep
}

const (
	hostileAt   = 12345
	hostileFile = `</script><script>window.pwned=1</script><img src=x onerror="window.pwned=2">.xlsx`
)

// TestHTMLReportLargeInBrowser loads a report of 200,000 results, pages,
// filters, sorts and searches it, and logs how long each step takes.
func TestHTMLReportLargeInBrowser(t *testing.T) {
	b := newBrowserTab(t)
	const n = 200000
	rep := syntheticReport(n)
	path := filepath.Join(t.TempDir(), "large.html")
	start := time.Now()
	var buf bytes.Buffer
	if err := report.HTML(&buf, rep, report.Meta{ToolVersion: "test"}); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("%d results: HTML of %.1f MB written in %s", n, float64(buf.Len())/1e6, time.Since(start).Round(time.Millisecond))

	// Bounds are generous (CI runs this under -race too): they catch a
	// page that hangs or grows quadratic, not a slow machine.
	self, took := b.load(path, 2*time.Minute)
	t.Logf("page ready (parse, first sort, first page) in %s", took.Round(time.Millisecond))
	if took > time.Minute {
		t.Errorf("the page took %s to load", took)
	}
	if got := rowCount(b, "results"); got != report.HTMLPageSize {
		t.Errorf("%d rows on the first page, want %d", got, report.HTMLPageSize)
	}
	for _, id := range []string{"result-count", "results-shown", "results-total"} {
		if got := shownCount(b, id); got != n {
			t.Errorf("#%s shows %d, want %d", id, got, n)
		}
	}
	if got := eval[int](b, `document.querySelectorAll('figure.chart svg').length`); got != 3 {
		t.Errorf("%d charts, want 3", got)
	}
	// The hostile name stayed data: no script of its own, no image.
	if got := eval[string](b, `typeof window.pwned + ' ' + document.scripts.length + ' ' + document.images.length`); got != "undefined 2 0" {
		t.Errorf("pwned, scripts, images: %s, want undefined 2 0", got)
	}

	steps := []struct {
		name string
		act  chromedp.Action[chromedp.Void]
		rows int
		page string
	}{
		{"next page", chromedp.Click(chromedp.CSS(`#results-pager [data-go="next"]`)), report.HTMLPageSize, "2"},
		{"last page", chromedp.Click(chromedp.CSS(`#results-pager [data-go="last"]`)), n - (n-1)/report.HTMLPageSize*report.HTMLPageSize, strconv.Itoa((n + report.HTMLPageSize - 1) / report.HTMLPageSize)},
		{"sort by location", chromedp.Click(chromedp.CSS(`#results-table th[data-col="location"]`)), report.HTMLPageSize, "1"},
		{"sort by count", chromedp.Click(chromedp.CSS(`#results-table th[data-col="count"]`)), report.HTMLPageSize, "1"},
	}
	for _, s := range steps {
		took := b.do(s.name, time.Minute, s.act)
		t.Logf("%s: %s", s.name, took.Round(time.Millisecond))
		if got := rowCount(b, "results"); got != s.rows {
			t.Errorf("%s: %d rows, want %d", s.name, got, s.rows)
		}
		if got := eval[string](b, `document.getElementById('results-table').dataset.page`); got != s.page {
			t.Errorf("%s: page %s, want %s", s.name, got, s.page)
		}
	}
	// Sorted by count, descending: the first row has the largest count.
	if got := eval[string](b, `document.querySelector('#results-table tbody tr td.num:nth-of-type(7)').textContent`); got != "97" {
		t.Errorf("sorted by count, first row %s, want 97", got)
	}

	// Filters, with the expected counts from the data built above.
	wantPublic, wantPublicIDs, wantSearch := 0, 0, 0
	const q = "f19999"
	for _, r := range rep.Results {
		if r.Exposure.Audience == connectors.AudiencePublic {
			wantPublic++
			if strings.HasPrefix(r.Rule.ID, "national-id/") {
				wantPublicIDs++
			}
		}
		if strings.Contains(strings.ToLower(r.Location.Display), q) {
			wantSearch++
		}
	}
	filters := []struct {
		name  string
		apply func()
		want  int
	}{
		{"exposure public", func() { choose(b, "f-exposure", "0") }, wantPublic},
		{"and national ID numbers", func() { choose(b, "f-family", "national-id") }, wantPublicIDs},
		{"none", func() { choose(b, "f-family", ""); choose(b, "f-exposure", "") }, n},
		{"search " + q, func() { b.do("typing", time.Minute, chromedp.SendKeys(chromedp.CSS("#f-search"), q)) }, wantSearch},
	}
	for _, f := range filters {
		start := time.Now()
		f.apply()
		t.Logf("filter %s: %s", f.name, time.Since(start).Round(time.Millisecond))
		if got := shownCount(b, "results-shown"); got != f.want {
			t.Errorf("filter %s: %d shown, want %d", f.name, got, f.want)
		}
		if got := rowCount(b, "results"); got != min(f.want, report.HTMLPageSize) {
			t.Errorf("filter %s: %d rows, want %d", f.name, got, min(f.want, report.HTMLPageSize))
		}
	}
	if got := rowCount(b, "notes"); got != report.HTMLPageSize {
		t.Errorf("%d not-examined rows, want %d", got, report.HTMLPageSize)
	}
	if got := shownCount(b, "notes-shown"); got != len(rep.Notifications) {
		t.Errorf("%d not-examined items shown, want %d", got, len(rep.Notifications))
	}
	b.checkQuiet(self)
}

// TestOutputsAgree runs one scan with every output and checks that the
// JSON Lines on stdout and the CSV list the SARIF's results.
func TestOutputsAgree(t *testing.T) {
	dir := t.TempDir()
	share := filepath.Join(repoRoot(t), "testdata", "demo-share")
	sarifPath, csvPath := filepath.Join(dir, "r.sarif"), filepath.Join(dir, "r.csv")
	res := runCLI(t, nil, "scan", "--progress", "never", "--format", "jsonl", "--sarif", sarifPath, "--csv", csvPath, share)
	if res.code != exitFindings {
		t.Fatalf("exit %d\n%s", res.code, res.stderr)
	}
	doc := readSARIF(t, sarifPath)
	var want []string
	for _, r := range doc.Runs[0].Results {
		want = append(want, fmt.Sprintf("%s %s %d", r.RuleID, r.PartialFingerprints["primaryLocationLineHash"], r.count()))
	}
	sort.Strings(want)

	var fromJSONL []string
	var summary map[string]any
	sc := bufio.NewScanner(strings.NewReader(res.stdout))
	for sc.Scan() {
		var line struct {
			Type, Rule, Fingerprint string
			Count                   int
		}
		if err := json.Unmarshal(sc.Bytes(), &line); err != nil {
			t.Fatalf("jsonl line %q: %v", sc.Text(), err)
		}
		switch line.Type {
		case "result":
			fromJSONL = append(fromJSONL, fmt.Sprintf("%s %s %d", line.Rule, line.Fingerprint, line.Count))
		case "summary":
			json.Unmarshal(sc.Bytes(), &summary)
		case "notification":
		default:
			t.Errorf("jsonl line of type %q", line.Type)
		}
	}
	sort.Strings(fromJSONL)
	if strings.Join(fromJSONL, "\n") != strings.Join(want, "\n") {
		t.Errorf("JSON Lines results:\n%s\nSARIF:\n%s", strings.Join(fromJSONL, "\n"), strings.Join(want, "\n"))
	}
	if summary == nil || summary["results"] != float64(len(want)) {
		t.Errorf("JSON Lines summary %v, want %d results", summary, len(want))
	}

	f, err := os.Open(csvPath)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var fromCSV []string
	for _, row := range rows[1:] {
		fromCSV = append(fromCSV, row[0]+" "+row[12]+" "+row[8])
	}
	sort.Strings(fromCSV)
	if strings.Join(fromCSV, "\n") != strings.Join(want, "\n") {
		t.Errorf("CSV results:\n%s\nSARIF:\n%s", strings.Join(fromCSV, "\n"), strings.Join(want, "\n"))
	}
}
