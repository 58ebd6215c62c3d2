package report

import (
	"bytes"
	"crypto/sha256"
	_ "embed"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"html/template"
	"io"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/credsweep/credsweep/connectors"
	"github.com/credsweep/credsweep/scanner"
)

// The HTML report is one self-contained page for people who do not read
// SARIF (a data-protection officer, a head teacher): headline counts by who
// can read the files, charts drawn here as inline SVG, and the full result
// and not-examined lists as a sortable, filterable, paginated table that the
// page's one inline script draws from an embedded JSON block. It is shared
// like the SARIF, so it holds what the SARIF holds and nothing more: no
// masked sample, no clear name, no owner, no suppression file entries.
//
// The page fetches nothing: its Content-Security-Policy allows no source at
// all but its own inline style and script, by hash.

var (
	//go:embed html/report.html.tmpl
	htmlTemplateText string
	//go:embed html/report.css
	htmlCSS string
	//go:embed html/report.js
	htmlJS string
)

var htmlTemplate = template.Must(template.New("report").Funcs(template.FuncMap{
	"group": group,
}).Parse(htmlTemplateText))

// HTMLPageSize is how many rows a page of the HTML report's tables shows.
const HTMLPageSize = 200

// cspHash is the CSP source of an inline element's text.
func cspHash(s string) string {
	sum := sha256.Sum256([]byte(s))
	return "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
}

// HTMLContentSecurityPolicy is the policy the HTML report declares: nothing
// may be fetched, and only the page's own style and script run.
func HTMLContentSecurityPolicy() string {
	return "default-src 'none'; style-src " + cspHash(htmlCSS) + "; script-src " + cspHash(htmlJS) +
		"; img-src data:; base-uri 'none'; form-action 'none'"
}

// exposures are the audiences in the order the report shows them.
var exposures = []connectors.Audience{connectors.AudiencePublic, connectors.AudienceOrganization,
	connectors.AudienceRestricted, connectors.AudienceUnknown}

var exposureLabels = map[connectors.Audience]string{
	connectors.AudiencePublic:       "public",
	connectors.AudienceOrganization: "organization",
	connectors.AudienceRestricted:   "restricted",
	connectors.AudienceUnknown:      "unknown",
}

var exposureColors = []string{"#c0392b", "#e67e22", "#2e86c1", "#7f8c8d"}

// exposureIndex is the index of a result's audience in exposures.
func exposureIndex(e connectors.Exposure) int {
	switch audience(e) {
	case connectors.AudiencePublic:
		return 0
	case connectors.AudienceOrganization:
		return 1
	case connectors.AudienceRestricted:
		return 2
	}
	return 3
}

var levelIndex = map[string]int{"error": 0, "warning": 1, "note": 2}

var baselineIndex = map[string]int{"": 0, scanner.BaselineNew: 1, scanner.BaselineUnchanged: 2, scanner.BaselineUpdated: 3}

// family is the part of a rule id before the slash: credentials,
// national-id, secret.
func family(ruleID string) string {
	if f, _, ok := strings.Cut(ruleID, "/"); ok {
		return f
	}
	return "other"
}

var familyLabels = map[string]string{
	"credentials": "Credentials",
	"national-id": "National ID numbers",
	"secret":      "Secrets",
}

func familyLabel(f string) string {
	if l, ok := familyLabels[f]; ok {
		return l
	}
	return f
}

// familyOrder sorts the known families first.
func familyOrder(f string) string {
	switch f {
	case "credentials":
		return "0"
	case "national-id":
		return "1"
	case "secret":
		return "2"
	}
	return "3" + f
}

type (
	htmlPage struct {
		CSP       string
		CSS       template.CSS
		JS, Data  template.JS
		Version   string
		Targets   []string
		Started   string
		Ended     string
		Duration  string
		Status    string
		StatusCls string
		Results   int
		Suppr     int
		Notes     int
		Headline  []htmlMetric
		Exposures []string
		Charts    []htmlChart
		Families  []htmlOption
		Rules     []htmlOption
		Outcomes  []htmlOption
		Stats     []htmlStat
		PageSize  int
	}
	htmlMetric struct {
		ID, Label, Help string
		Total           int
		By              []htmlCount
	}
	htmlCount struct {
		Exposure string
		N        int
	}
	htmlOption struct{ Value, Label string }
	htmlStat   struct{ Label, Value string }
	htmlChart  struct {
		ID, Title, Caption, Empty string
		Height                    int
		Rows                      []htmlBar
		Legend                    []htmlLegend
	}
	htmlBar struct {
		Label, Title   string
		TextY, BarY    int
		Segs           []htmlSeg
		Total          string
		TotalX, TotalY int
	}
	htmlSeg struct {
		X, W        int
		Fill, Title string
	}
	htmlLegend struct {
		X, TextX   int
		Fill, Text string
	}
)

// HTML writes the report as one self-contained HTML page. The same report
// always gives the same bytes.
func HTML(w io.Writer, rep *scanner.Report, meta Meta) error {
	page := htmlPage{
		CSP:      HTMLContentSecurityPolicy(),
		CSS:      template.CSS(htmlCSS),
		JS:       template.JS(htmlJS),
		Version:  meta.ToolVersion,
		Targets:  rep.Targets,
		Started:  rep.Stats.Started.UTC().Format(time.RFC3339),
		Ended:    rep.Stats.Started.Add(rep.Stats.Duration).UTC().Format(time.RFC3339),
		Duration: roundDuration(rep.Stats.Duration).String(),
		Results:  len(rep.Results),
		Notes:    len(rep.Notifications),
		PageSize: HTMLPageSize,
	}
	switch {
	case rep.Fatal != nil:
		page.Status, page.StatusCls = "The scan stopped early: "+rep.Fatal.Error()+". The figures below are not a complete picture.", "bad"
	case rep.Incomplete():
		page.Status, page.StatusCls = "Incomplete: some files or folders could not be examined (see Not examined). The figures below are not a complete picture.", "warn"
	default:
		page.Status, page.StatusCls = "Complete: every file found was examined or skipped by design.", "ok"
	}
	for _, e := range exposures {
		page.Exposures = append(page.Exposures, exposureLabels[e])
	}
	page.Headline, page.Suppr = headline(rep)
	page.Charts = []htmlChart{familyChart(rep), folderChart(rep), baselineChart(rep), historyChart(rep)}
	page.Families, page.Rules = ruleOptions(rep)
	page.Outcomes = []htmlOption{{"failed", "failed"}, {"partial", "partial"}, {"skipped", "skipped"}, {"accepted", "accepted"}}
	page.Stats = htmlStats(rep)
	data, err := htmlData(rep)
	if err != nil {
		return err
	}
	page.Data = template.JS(data)
	return htmlTemplate.Execute(w, page)
}

// headline counts, by exposure, what is not suppressed: files with
// findings, accounts (credentials/* counts), ID numbers (national-id/*)
// and secrets (secret/*).
func headline(rep *scanner.Report) ([]htmlMetric, int) {
	metrics := []htmlMetric{
		{ID: "files", Label: "Files with findings", Help: "files (and archive members) with at least one result"},
		{ID: "accounts", Label: "Accounts exposed", Help: "credentials found: user names with passwords, hashes, passwords in text"},
		{ID: "ids", Label: "ID numbers", Help: "national ID numbers found"},
		{ID: "secrets", Label: "Secrets", Help: "private keys, API keys, tokens and configuration secrets"},
	}
	counts := make([][]int, len(metrics))
	for i := range counts {
		counts[i] = make([]int, len(exposures))
	}
	files := map[string]int{} // uri → broadest exposure
	suppressed := 0
	for _, r := range rep.Results {
		if r.Suppression != nil {
			suppressed++
			continue
		}
		e := exposureIndex(r.Exposure)
		uri := URI(r.Location)
		if old, ok := files[uri]; !ok || e < old {
			files[uri] = e
		}
		switch family(r.Rule.ID) {
		case "credentials":
			counts[1][e] += r.Count
		case "national-id":
			counts[2][e] += r.Count
		case "secret":
			counts[3][e] += r.Count
		}
	}
	for _, e := range files {
		counts[0][e]++
	}
	for i := range metrics {
		for j, e := range exposures {
			metrics[i].Total += counts[i][j]
			metrics[i].By = append(metrics[i].By, htmlCount{Exposure: exposureLabels[e], N: counts[i][j]})
		}
	}
	return metrics, suppressed
}

// Chart geometry (SVG user units).
const (
	chartWidth  = 760
	chartBarMax = 600
	chartRow    = 36
	chartTop    = 30
)

// stackedChart lays out horizontal bars, each made of one segment per
// exposure, scaled to the largest total.
func stackedChart(id, title, caption, empty string, labels, titles []string, values [][]int, unit [2]string) htmlChart {
	c := htmlChart{ID: id, Title: title, Caption: caption, Empty: empty}
	for i, e := range exposures {
		c.Legend = append(c.Legend, htmlLegend{X: i * 150, TextX: i*150 + 18, Fill: exposureColors[i], Text: exposureLabels[e]})
	}
	most := 0
	for _, v := range values {
		t := 0
		for _, n := range v {
			t += n
		}
		most = max(most, t)
	}
	for i, v := range values {
		y := chartTop + i*chartRow
		bar := htmlBar{Label: labels[i], Title: titles[i], TextY: y + 11, BarY: y + 15}
		x, t := 0, 0
		for j, n := range v {
			if n == 0 {
				continue
			}
			w := int(math.Round(float64(n) * chartBarMax / float64(most)))
			w = max(w, 1)
			bar.Segs = append(bar.Segs, htmlSeg{X: x, W: w, Fill: exposureColors[j],
				Title: fmt.Sprintf("%s: %s %s, %s", titles[i], group(n), pluralWord(n, unit), exposureLabels[exposures[j]])})
			x += w
			t += n
		}
		bar.Total, bar.TotalX, bar.TotalY = group(t), x+6, y+26
		c.Rows = append(c.Rows, bar)
	}
	c.Height = chartTop + len(values)*chartRow + 4
	return c
}

func pluralWord(n int, unit [2]string) string { return plural(n, unit[0], unit[1]) }

// familyChart: results by rule family and exposure.
func familyChart(rep *scanner.Report) htmlChart {
	by := map[string][]int{}
	for _, r := range rep.Results {
		f := family(r.Rule.ID)
		if by[f] == nil {
			by[f] = make([]int, len(exposures))
		}
		by[f][exposureIndex(r.Exposure)]++
	}
	fams := make([]string, 0, len(by))
	for f := range by {
		fams = append(fams, f)
	}
	sort.Slice(fams, func(i, j int) bool { return familyOrder(fams[i]) < familyOrder(fams[j]) })
	var labels, titles []string
	var values [][]int
	for _, f := range fams {
		labels = append(labels, familyLabel(f))
		titles = append(titles, familyLabel(f))
		values = append(values, by[f])
	}
	return stackedChart("chart-families", "Results by kind and exposure",
		"Each bar counts results (one per file and rule), coloured by who can read the file.",
		"No findings.", labels, titles, values, [2]string{"result", "results"})
}

// maxFolders is how many folders the folder chart shows.
const maxFolders = 15

// folderOf is the folder of a location as people name it: the display
// form without archive members and without the file name.
func folderOf(l scanner.Location) string {
	d := display(l)
	if i := strings.Index(d, "!/"); i >= 0 {
		d = d[:i]
	}
	i := strings.LastIndexAny(d, `/\`)
	switch {
	case i < 0:
		d = "(top level)"
	case i == 0:
		d = d[:1]
	default:
		d = d[:i]
	}
	if l.Target != "" {
		d = l.Target + ": " + d
	}
	return d
}

// shorten keeps the end of a long label, where the telling names are.
func shorten(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return "…" + string(r[len(r)-n+1:])
}

// folderChart: the folders with the most results.
func folderChart(rep *scanner.Report) htmlChart {
	by := map[string][]int{}
	total := map[string]int{}
	for _, r := range rep.Results {
		f := folderOf(r.Location)
		if by[f] == nil {
			by[f] = make([]int, len(exposures))
		}
		by[f][exposureIndex(r.Exposure)]++
		total[f]++
	}
	folders := make([]string, 0, len(by))
	for f := range by {
		folders = append(folders, f)
	}
	sort.Slice(folders, func(i, j int) bool {
		a, b := folders[i], folders[j]
		if total[a] != total[b] {
			return total[a] > total[b]
		}
		return a < b
	})
	caption := "The folders holding the most results (a file in an archive counts for the archive's folder)."
	if len(folders) > maxFolders {
		caption = fmt.Sprintf("The %d of %s folders holding the most results (a file in an archive counts for the archive's folder).", maxFolders, group(len(folders)))
		folders = folders[:maxFolders]
	}
	var labels, titles []string
	var values [][]int
	for _, f := range folders {
		labels = append(labels, shorten(f, 90))
		titles = append(titles, f)
		values = append(values, by[f])
	}
	return stackedChart("chart-folders", "Folders with the most findings", caption, "No findings.",
		labels, titles, values, [2]string{"result", "results"})
}

// baselineChart: how this run's results compare with the state file's
// last run.
func baselineChart(rep *scanner.Report) htmlChart {
	c := htmlChart{ID: "chart-baseline", Title: "Changes since the last scan"}
	m := rep.Memory
	if m == nil {
		c.Empty = "No state file: scan with --state FILE to see what is new, unchanged and fixed between scans."
		return c
	}
	c.Caption = "Results of this scan compared with the previous one in the state file."
	if m.Previous == nil {
		c.Caption = "The first scan with this state file: every result is new."
	} else if !m.Previous.Ended.IsZero() {
		c.Caption += " The previous scan ended " + m.Previous.Ended.UTC().Format(time.RFC3339) + "."
	}
	rows := []struct {
		label, fill string
		n           int
	}{
		{"new", "#c0392b", m.New}, {"updated", "#e67e22", m.Updated}, {"unchanged", "#7f8c8d", m.Unchanged},
		{"fixed", "#27ae60", m.Fixed}, {"not re-examined", "#8e44ad", m.NotReexamined},
	}
	most := 1
	for _, r := range rows {
		most = max(most, r.n)
	}
	for i, r := range rows {
		y := 4 + i*chartRow
		bar := htmlBar{Label: r.label, Title: r.label, TextY: y + 11, BarY: y + 15}
		x := 0
		if r.n > 0 {
			x = max(int(math.Round(float64(r.n)*chartBarMax/float64(most))), 1)
			bar.Segs = []htmlSeg{{X: 0, W: x, Fill: r.fill, Title: fmt.Sprintf("%s %s %s", group(r.n), plural(r.n, "result", "results"), r.label)}}
		}
		bar.Total, bar.TotalX, bar.TotalY = group(r.n), x+6, y+26
		c.Rows = append(c.Rows, bar)
	}
	c.Height = 4 + len(rows)*chartRow + 4
	return c
}

// historyChart: results of each run the state file remembers (the last
// 30), the new ones marked, one bar per run, oldest at the top.
func historyChart(rep *scanner.Report) htmlChart {
	c := htmlChart{ID: "chart-history", Title: "Findings over time"}
	m := rep.Memory
	if m == nil || len(m.History) < 2 {
		c.Empty = "Needs a state file with two scans or more (--state FILE): each night's results are kept as counts."
		return c
	}
	c.Caption = "Results of each scan with this state file (counts only, kept in the state file); the red part is new that night, the figure after a bar the results fixed."
	most := 1
	for _, h := range m.History {
		most = max(most, h.Results)
	}
	for i, h := range m.History {
		y := 4 + i*chartRow
		label := h.Ended.UTC().Format("2006-01-02 15:04")
		if !h.Complete {
			label += " (incomplete)"
		}
		bar := htmlBar{Label: label, Title: label, TextY: y + 11, BarY: y + 15}
		x := 0
		for _, seg := range []struct {
			n    int
			fill string
			what string
		}{{h.Results - h.New, "#7f8c8d", "found before"}, {h.New, "#c0392b", "new"}} {
			if seg.n <= 0 {
				continue
			}
			w := max(int(math.Round(float64(seg.n)*chartBarMax/float64(most))), 1)
			bar.Segs = append(bar.Segs, htmlSeg{X: x, W: w, Fill: seg.fill,
				Title: fmt.Sprintf("%s: %s %s %s", label, group(seg.n), plural(seg.n, "result", "results"), seg.what)})
			x += w
		}
		bar.Total = group(h.Results)
		if h.Fixed > 0 {
			bar.Total += fmt.Sprintf(" (%s fixed)", group(h.Fixed))
		}
		bar.TotalX, bar.TotalY = x+6, y+26
		c.Rows = append(c.Rows, bar)
	}
	c.Height = 4 + len(m.History)*chartRow + 4
	return c
}

// ruleOptions are the filter choices: the families and rules with results.
func ruleOptions(rep *scanner.Report) (fams, rules []htmlOption) {
	seenF, seenR := map[string]bool{}, map[string]bool{}
	var fs, rs []string
	for _, r := range rep.Results {
		if f := family(r.Rule.ID); !seenF[f] {
			seenF[f] = true
			fs = append(fs, f)
		}
		if !seenR[r.Rule.ID] {
			seenR[r.Rule.ID] = true
			rs = append(rs, r.Rule.ID)
		}
	}
	sort.Slice(fs, func(i, j int) bool { return familyOrder(fs[i]) < familyOrder(fs[j]) })
	sort.Strings(rs)
	for _, f := range fs {
		fams = append(fams, htmlOption{f, familyLabel(f)})
	}
	for _, r := range rs {
		rules = append(rules, htmlOption{r, r})
	}
	return fams, rules
}

func htmlStats(rep *scanner.Report) []htmlStat {
	st := rep.Stats
	s := []htmlStat{
		{"Files walked", group64(st.Files)},
		{"Members of archives, mail and documents", group64(st.Members)},
		{"Scanned", group64(st.Scanned)},
		{"Skipped", group64(st.Skipped)},
		{"Partly examined", group64(st.Partial)},
		{"Failed", group64(st.Failed)},
		{"Folders that could not be read", group64(st.FailedDirs)},
		{"Read", formatBytes(st.Bytes)},
	}
	if secs := st.Duration.Seconds(); secs > 0 {
		s = append(s, htmlStat{"Rate", fmt.Sprintf("%.1f MB/s, %.0f files/s", float64(st.Bytes)/1e6/secs, float64(st.Files)/secs)})
	}
	if len(st.SkipReasons) > 0 {
		reasons := make([]string, 0, len(st.SkipReasons))
		for r, n := range st.SkipReasons {
			reasons = append(reasons, fmt.Sprintf("%s: %s", r, group64(n)))
		}
		sort.Strings(reasons)
		s = append(s, htmlStat{"Skipped, by reason", strings.Join(reasons, "; ")})
	}
	if d := rep.Decisions; d != nil {
		s = append(s, htmlStat{"Suppressions", fmt.Sprintf("%s results suppressed, %s not-examined items accepted, %s expired and %s stale entries",
			group(d.Suppressed), group(d.Accepted), group(len(d.Expired)), group(len(d.Stale)))})
	}
	if m := rep.Memory; m != nil {
		s = append(s, htmlStat{"State", fmt.Sprintf("%s new, %s unchanged, %s updated, %s fixed, %s not re-examined; %s files unchanged and not read again",
			group(m.New), group(m.Unchanged), group(m.Updated), group(m.Fixed), group(m.NotReexamined), group64(m.Skipped))})
		if m.RulesetChanged {
			s = append(s, htmlStat{"Rules", "changed since the previous scan: every file was examined again"})
		}
	}
	return s
}

// htmlData is the JSON the page's script reads: the rules, then one array
// per result and per notification (see report.js for the columns). It is
// encoded with HTML escaping, so no "</script>" can end the block early.
func htmlData(rep *scanner.Report) ([]byte, error) {
	var b bytes.Buffer
	str := func(s string) error {
		j, err := json.Marshal(s) // escapes <, >, &, U+2028 and U+2029
		b.Write(j)
		return err
	}
	ruleIdx := map[string]int{}
	type ruleInfo struct {
		ID, Name string
		Sev      float64
	}
	var rules []ruleInfo
	addRule := func(id, name string, sev float64) {
		if _, ok := ruleIdx[id]; !ok {
			ruleIdx[id] = len(rules)
			rules = append(rules, ruleInfo{id, nonEmpty(name, id), clampSeverity(sev)})
		}
	}
	for _, r := range rep.Rules {
		addRule(r.ID, r.Name, r.Severity)
	}
	for _, r := range rep.Results {
		addRule(r.Rule.ID, r.Rule.Name, r.Rule.Severity)
	}
	readerIdx := map[string]int{}
	var readers []string
	for _, r := range rep.Results {
		k := strings.Join(r.Exposure.Readers, ", ")
		if _, ok := readerIdx[k]; !ok {
			readerIdx[k] = len(readers)
			readers = append(readers, k)
		}
	}
	b.WriteString(`{"pageSize":`)
	b.WriteString(strconv.Itoa(HTMLPageSize))
	b.WriteString(`,"rules":[`)
	for i, r := range rules {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteByte('[')
		str(r.ID)
		b.WriteByte(',')
		str(r.Name)
		b.WriteByte(',')
		str(family(r.ID))
		b.WriteByte(',')
		b.WriteString(strconv.FormatFloat(r.Sev, 'f', 1, 64))
		b.WriteByte(']')
	}
	b.WriteString(`],"readers":[`)
	for i, r := range readers {
		if i > 0 {
			b.WriteByte(',')
		}
		str(r)
	}
	// A result: rule, level, exposure, readers, location, section, line,
	// count, baseline, suppressed, not re-examined.
	b.WriteString("],\n\"results\":[")
	for i, r := range rep.Results {
		if i > 0 {
			b.WriteString(",\n")
		}
		lvl, ok := levelIndex[Level(r)]
		if !ok {
			lvl = 1
		}
		fmt.Fprintf(&b, "[%d,%d,%d,%d,", ruleIdx[r.Rule.ID], lvl, exposureIndex(r.Exposure), readerIdx[strings.Join(r.Exposure.Readers, ", ")])
		str(display(r.Location))
		b.WriteByte(',')
		str(printable(r.Section))
		fmt.Fprintf(&b, ",%d,%d,%d,%d,%d]", max(r.Line, 1), r.Count, baselineIndex[r.Baseline], b2i(r.Suppression != nil), b2i(r.NotReexamined))
	}
	// A notification: location, outcome, reason, folder, accepted reason.
	b.WriteString("],\n\"notes\":[")
	for i, n := range rep.Notifications {
		if i > 0 {
			b.WriteString(",\n")
		}
		b.WriteByte('[')
		str(display(n.Location))
		b.WriteByte(',')
		str(n.Outcome.String())
		b.WriteByte(',')
		str(nonEmpty(n.Reason, "no reason given"))
		fmt.Fprintf(&b, ",%d,", b2i(n.Dir))
		acc := ""
		if n.Accepted != nil {
			acc = nonEmpty(n.Accepted.Reason, "accepted")
		}
		if err := str(acc); err != nil {
			return nil, err
		}
		b.WriteByte(']')
	}
	b.WriteString("]}")
	return b.Bytes(), nil
}

// roundDuration keeps what matters of a run's length: milliseconds for a
// short run, seconds for a long one.
func roundDuration(d time.Duration) time.Duration {
	if d < 10*time.Second {
		return d.Round(time.Millisecond)
	}
	return d.Round(time.Second)
}

func b2i(v bool) int {
	if v {
		return 1
	}
	return 0
}

// group writes n with thousands separators: 200,000.
func group(n int) string { return group64(int64(n)) }

func group64(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}
