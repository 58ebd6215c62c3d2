package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/credsweep/credsweep/connectors"
	"github.com/credsweep/credsweep/scanner"
	"github.com/credsweep/credsweep/state"
	"golang.org/x/net/html"
)

// hostileName is a file name that would break out of the data block or
// inject markup if anything were written unescaped.
const hostileName = `</script><script>alert(1)</script><img src=x onerror=alert(2)>.txt`

// htmlSampleReport is sampleReport with what only the HTML shows: a state
// file's comparison, baseline states, a suppressed result, an accepted
// item, a clear name kept for the terminal, and a hostile file name.
func htmlSampleReport() *scanner.Report {
	rep := sampleReport()
	rep.Results[0].Baseline = scanner.BaselineNew
	rep.Results[0].Location.Clear = `\\fs01\skole\IKT\clear-name-for-the-terminal.xlsx`
	rep.Results[1].Baseline = scanner.BaselineUnchanged
	rep.Results[2].Baseline = scanner.BaselineUpdated
	rep.Results = append(rep.Results,
		scanner.Result{Rule: ruleTable, Source: "smb", Location: scanner.Location{Path: "smb/fs01/skole/IKT/gamle.csv", Display: `\\fs01\skole\IKT\gamle.csv`},
			Line: 1, Count: 7, Samples: []string{"kari.n*** / ********"}, Fingerprint: "33333333333333333333333333333333:1",
			Exposure:    connectors.Exposure{Audience: connectors.AudiencePublic, Readers: []string{"Everyone"}},
			Baseline:    scanner.BaselineUnchanged,
			Suppression: &scanner.Suppression{Justification: "test accounts of the lab", Owner: "it@example.no"}},
		scanner.Result{Rule: ruleKey, Source: "local", Location: scanner.Location{Path: "drift/" + hostileName, Display: "/srv/drift/" + hostileName},
			Line: 1, Count: 1, Fingerprint: "44444444444444444444444444444444:1", Baseline: scanner.BaselineNew, NotReexamined: true},
	)
	rep.Notifications = append(rep.Notifications, scanner.Notification{
		Location: scanner.Location{Path: "smb/fs01/skole/Arkiv/2019.7z", Display: `\\fs01\skole\Arkiv\2019.7z`},
		Outcome:  scanner.Partial, Reason: "encrypted member", Accepted: &scanner.Acceptance{Reason: "kept by law", Owner: "arkiv@example.no"}})
	rep.Memory = &scanner.Memory{Path: "/var/lib/credsweep/fs01.db",
		Previous: &state.Run{ID: 6, Started: time.Date(2026, 11, 21, 2, 0, 0, 0, time.UTC), Ended: time.Date(2026, 11, 21, 2, 3, 0, 0, time.UTC), Complete: true},
		New:      2, Unchanged: 2, Updated: 1, Fixed: 4, NotReexamined: 1, Skipped: 120}
	rep.Decisions = &scanner.Decisions{Suppressed: 1, Accepted: 1, Expired: []string{"path IKT/old.csv, expired 2026-01-01"}}
	return rep
}

func writeHTML(t *testing.T, rep *scanner.Report) string {
	t.Helper()
	var buf bytes.Buffer
	if err := HTML(&buf, rep, Meta{ToolVersion: "1.0.0"}); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

func TestHTMLGolden(t *testing.T) {
	got := writeHTML(t, htmlSampleReport())
	golden := filepath.Join("testdata", "sample.html")
	if *update {
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if got != string(want) {
		t.Errorf("HTML differs from %s (run go test ./report -update after checking the change)", golden)
	}
}

// TestHTMLDeterministic writes a report with many folders, rules and
// readers (map iteration order) twice.
func TestHTMLDeterministic(t *testing.T) {
	rep := htmlSampleReport()
	base := rep.Results[0]
	for i := range 500 {
		r := base
		r.Location.Display = fmt.Sprintf(`\\fs01\skole\d%d\f%d.xlsx`, i%37, i)
		r.Exposure.Readers = []string{fmt.Sprintf("SKOLE\\group%d", i%11)}
		r.Exposure.Audience = exposures[i%4]
		rep.Results = append(rep.Results, r)
	}
	rep.Stats.SkipReasons = map[string]int64{"a": 1, "b": 2, "c": 3, "d": 4}
	first := writeHTML(t, rep)
	for range 5 {
		if writeHTML(t, rep) != first {
			t.Fatal("two writes of the same report differ")
		}
	}
}

// inline returns the text of every element <tag ...>text</tag>.
func inline(page, tag string) []string {
	re := regexp.MustCompile(`(?s)<` + tag + `(?: [^>]*)?>(.*?)</` + tag + `>`)
	var out []string
	for _, m := range re.FindAllStringSubmatch(page, -1) {
		out = append(out, m[1])
	}
	return out
}

func TestHTMLContent(t *testing.T) {
	rep := htmlSampleReport()
	page := writeHTML(t, rep)

	t.Run("holds no sample, clear name, owner or link", func(t *testing.T) {
		var never []string
		for _, r := range rep.Results {
			never = append(never, r.Samples...)
			never = append(never, r.Location.Clear, r.Location.Link, r.Exposure.Owner)
			if r.Suppression != nil {
				never = append(never, r.Suppression.Owner)
			}
		}
		never = append(never, rep.Decisions.Expired...)
		never = append(never, "arkiv@example.no", "clear-name-for-the-terminal")
		for _, s := range never {
			if s != "" && (strings.Contains(page, s) || strings.Contains(page, jsonText(s))) {
				t.Errorf("the page holds %q", s)
			}
		}
	})

	t.Run("fetches nothing and runs no markup of the data", func(t *testing.T) {
		fetching := map[string]bool{"link": true, "iframe": true, "frame": true, "object": true, "embed": true,
			"img": true, "image": true, "base": true, "audio": true, "video": true, "source": true, "use": true}
		scripts, styles := 0, 0
		z := html.NewTokenizer(strings.NewReader(page))
		for {
			tt := z.Next()
			if tt == html.ErrorToken {
				break
			}
			if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
				continue
			}
			tok := z.Token()
			switch {
			case fetching[tok.Data]:
				t.Errorf("the page has <%s>", tok.Data)
			case tok.Data == "script":
				scripts++
			case tok.Data == "style":
				styles++
			}
			for _, a := range tok.Attr {
				switch k := strings.ToLower(a.Key); {
				case k == "src", k == "href", k == "action", k == "formaction", k == "srcset", k == "poster", k == "data",
					k == "style", strings.HasPrefix(k, "on"):
					t.Errorf("<%s %s=%q>", tok.Data, a.Key, a.Val)
				}
			}
		}
		if scripts != 2 || styles != 1 {
			t.Errorf("%d script and %d style elements, want 2 and 1", scripts, styles)
		}
		for _, css := range inline(page, "style") {
			if strings.Contains(css, "url(") || strings.Contains(css, "@import") {
				t.Error("the style fetches")
			}
		}
	})

	t.Run("the hostile name stays data", func(t *testing.T) {
		if n := strings.Count(strings.ToLower(page), "</script"); n != 2 {
			t.Errorf("%d </script> in the page, want 2 (data and code)", n)
		}
		if strings.Contains(page, "<img") || strings.Contains(page, "alert(1)</script>") {
			t.Error("the hostile name reached the page unescaped")
		}
	})

	t.Run("CSP hashes the inline style and script", func(t *testing.T) {
		csp := HTMLContentSecurityPolicy()
		styles, scripts := inline(page, "style"), inline(page, `script`)
		if len(styles) != 1 || len(scripts) != 2 {
			t.Fatalf("%d style and %d script elements, want 1 and 2", len(styles), len(scripts))
		}
		for _, want := range []string{"default-src 'none'", "style-src " + cspHash(styles[0]) + ";", "script-src " + cspHash(scripts[1]) + ";", "img-src data:"} {
			if !strings.Contains(csp, want) {
				t.Errorf("CSP %q lacks %q", csp, want)
			}
		}
		if strings.Contains(csp, "unsafe") {
			t.Errorf("CSP %q allows unsafe sources", csp)
		}
		metaCSP := `<meta http-equiv="Content-Security-Policy" content="` + strings.ReplaceAll(csp, "'", "&#39;") + `">`
		if !strings.Contains(page, metaCSP) {
			t.Errorf("the page lacks %s", metaCSP)
		}
	})

	t.Run("data block", func(t *testing.T) {
		var data struct {
			PageSize int     `json:"pageSize"`
			Rules    [][]any `json:"rules"`
			Readers  []string
			Results  [][]any `json:"results"`
			Notes    [][]any `json:"notes"`
		}
		blocks := regexp.MustCompile(`(?s)<script type="application/json" id="report-data">(.*?)</script>`).FindAllStringSubmatch(page, -1)
		if len(blocks) != 1 {
			t.Fatalf("%d data blocks", len(blocks))
		}
		if err := json.Unmarshal([]byte(blocks[0][1]), &data); err != nil {
			t.Fatal(err)
		}
		if len(data.Results) != len(rep.Results) || len(data.Notes) != len(rep.Notifications) || data.PageSize != HTMLPageSize {
			t.Fatalf("%d results, %d notes, page %d; want %d, %d, %d", len(data.Results), len(data.Notes), data.PageSize,
				len(rep.Results), len(rep.Notifications), HTMLPageSize)
		}
		hostile := data.Results[4]
		if hostile[4] != "/srv/drift/"+hostileName || hostile[8] != float64(1) || hostile[10] != float64(1) {
			t.Errorf("hostile result %v", hostile)
		}
		if sup := data.Results[3]; sup[9] != float64(1) {
			t.Errorf("suppressed result %v", sup)
		}
	})

	// Headline figures from the report above: the suppressed table of 7
	// accounts is not counted; the hostile key has no exposure (unknown).
	tests := []struct {
		id                          string
		total, pub, org, res, unkwn int
	}{
		{"files", 4, 1, 1, 1, 1},
		{"accounts", 35000, 35000, 0, 0, 0},
		{"ids", 4, 0, 0, 4, 0},
		{"secrets", 2, 0, 1, 0, 1},
	}
	for _, tt := range tests {
		t.Run("headline "+tt.id, func(t *testing.T) {
			want := fmt.Sprintf(`<div class="card" id="headline-%s" data-total="%d">`, tt.id, tt.total)
			i := strings.Index(page, want)
			if i < 0 {
				t.Fatalf("no %s", want)
			}
			card := page[i:]
			card = card[:strings.Index(card, "</table>")]
			for j, n := range []int{tt.pub, tt.org, tt.res, tt.unkwn} {
				row := fmt.Sprintf(`<tr class="exp-%s"><th scope="row"><span class="swatch"></span>%s</th><td data-count="%d">`, exposures[j], exposures[j], n)
				if !strings.Contains(card, row) {
					t.Errorf("%s: no %s", tt.id, row)
				}
			}
		})
	}

	for _, want := range []string{
		`<strong id="result-count" data-count="5">5</strong> results (<span id="suppressed-count" data-count="1">1</span> suppressed`,
		`<strong id="note-count" data-count="4">4</strong> items`,
		`<figure class="chart" id="chart-families">`, `<figure class="chart" id="chart-folders">`, `<figure class="chart" id="chart-baseline">`,
		`<title>2 results new</title>`,
		`<title>4 results fixed</title>`,
		`The previous scan ended 2026-11-21T02:03:00Z.`,
		`<title>\\fs01\skole\IKT: 2</title>`,
		`<dt>Suppressions</dt><dd>1 results suppressed, 1 not-examined items accepted, 1 expired and 0 stale entries</dd>`,
		`Incomplete: some files or folders could not be examined`,
		`<option value="secret/private-key">secret/private-key</option>`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("the page lacks %s", want)
		}
	}
}

// jsonText is s as it appears inside a JSON string.
func jsonText(s string) string {
	b, _ := json.Marshal(s)
	return string(b[1 : len(b)-1])
}

func TestFolderOf(t *testing.T) {
	tests := []struct {
		loc  scanner.Location
		want string
	}{
		{scanner.Location{Display: `\\fs01\skole\IKT\a.xlsx`}, `\\fs01\skole\IKT`},
		{scanner.Location{Display: `\\fs01\skole\backup.zip!/dir/b.csv`}, `\\fs01\skole`},
		{scanner.Location{Display: "My Drive/Drift/id_rsa"}, "My Drive/Drift"},
		{scanner.Location{Display: "/a.txt"}, "/"},
		{scanner.Location{Display: "a.txt"}, "(top level)"},
		{scanner.Location{Target: "share2", Display: "/srv/share2/x/a.txt"}, "share2: /srv/share2/x"},
	}
	for _, tt := range tests {
		if got := folderOf(tt.loc); got != tt.want {
			t.Errorf("folderOf(%q) = %q, want %q", tt.loc.Display, got, tt.want)
		}
	}
}

func TestGroup(t *testing.T) {
	for n, want := range map[int]string{0: "0", 999: "999", 1000: "1,000", 200000: "200,000", 1234567: "1,234,567", -4500: "-4,500"} {
		if got := group(n); got != want {
			t.Errorf("group(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestHTMLEmptyReport(t *testing.T) {
	page := writeHTML(t, &scanner.Report{Stats: scanner.Stats{Started: time.Unix(0, 0)}})
	for _, want := range []string{
		`<strong id="result-count" data-count="0">0</strong> results`,
		`<p class="empty" id="results-empty" hidden>No findings.</p>`,
		`<p class="empty" id="notes-empty" hidden>Every file found was examined.</p>`,
		`"results":[]`, `"notes":[]`,
		`Complete: every file found was examined`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("the page of an empty report lacks %s", want)
		}
	}
}
