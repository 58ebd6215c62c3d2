package ghupload_test

import (
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/credsweep/credsweep/ghupload"
)

func alert(n int, state, comment, cat, rule, path string, line int, msg string) ghupload.Alert {
	var a ghupload.Alert
	a.Number, a.State, a.DismissedComment = n, state, comment
	if state == "dismissed" {
		a.DismissedReason = "won't fix"
	}
	a.Rule.ID, a.Tool.Name = rule, "credsweep"
	a.MostRecentInstance.Category = cat
	a.MostRecentInstance.Location.Path, a.MostRecentInstance.Location.StartLine = path, line
	a.MostRecentInstance.Message.Text = msg
	return a
}

func TestPlanSync(t *testing.T) {
	sup := func(r ghupload.LocalResult, j string) ghupload.LocalResult {
		r.Suppressed, r.Justification, r.Owner, r.Reason = true, j, "it-drift", "won't fix"
		return r
	}
	res := func(cat, rule, uri string, line int, msg string) ghupload.LocalResult {
		return ghupload.LocalResult{Tool: "credsweep", Category: cat, RuleID: rule, URI: uri, StartLine: line, Message: msg}
	}
	a1 := res("c", "pw", "dir/a%20b.txt", 1, "m")
	ours := "credsweep: old (owner: it-drift)"
	tests := []struct {
		name    string
		results []ghupload.LocalResult
		alerts  []ghupload.Alert
		want    string // kind:number ...
		amb     int
		unmatch int
	}{
		{"dismiss an open alert (decoded path)", []ghupload.LocalResult{sup(a1, "test data")},
			[]ghupload.Alert{alert(1, "open", "", "c", "pw", "dir/a b.txt", 1, "m")}, "dismiss:1", 0, 0},
		{"category trailing slash", []ghupload.LocalResult{sup(a1, "test data")},
			[]ghupload.Alert{alert(1, "open", "", "c/", "pw", "dir/a%20b.txt", 1, "m")}, "dismiss:1", 0, 0},
		{"already dismissed alike", []ghupload.LocalResult{sup(a1, "old")},
			[]ghupload.Alert{alert(1, "dismissed", ours, "c", "pw", "dir/a b.txt", 1, "m")}, "", 0, 0},
		{"new justification", []ghupload.LocalResult{sup(a1, "new")},
			[]ghupload.Alert{alert(1, "dismissed", ours, "c", "pw", "dir/a b.txt", 1, "m")}, "update:1", 0, 0},
		{"reopen ours", []ghupload.LocalResult{a1},
			[]ghupload.Alert{alert(1, "dismissed", ours, "c", "pw", "dir/a b.txt", 1, "m")}, "reopen:1", 0, 0},
		{"a person's dismissal stays", []ghupload.LocalResult{a1},
			[]ghupload.Alert{alert(1, "dismissed", "checked by Kari", "c", "pw", "dir/a b.txt", 1, "m")}, "", 0, 0},
		{"other category untouched", []ghupload.LocalResult{sup(a1, "x")},
			[]ghupload.Alert{alert(1, "open", "", "d", "pw", "dir/a b.txt", 1, "m")}, "", 0, 1},
		{"other rule untouched", []ghupload.LocalResult{sup(a1, "x")},
			[]ghupload.Alert{alert(1, "open", "", "c", "id", "dir/a b.txt", 1, "m")}, "", 0, 1},
		{"fixed untouched", []ghupload.LocalResult{sup(a1, "x")},
			[]ghupload.Alert{alert(1, "fixed", "", "c", "pw", "dir/a b.txt", 1, "m")}, "", 0, 0},
		{"absent result: no reopen", []ghupload.LocalResult{res("c", "pw", "other", 1, "m")},
			[]ghupload.Alert{alert(1, "dismissed", ours, "c", "pw", "dir/a b.txt", 1, "m")}, "", 0, 0},
		{"start line narrows", []ghupload.LocalResult{sup(res("c", "pw", "f", 1, "m"), "x"), res("c", "pw", "f", 2, "m")},
			[]ghupload.Alert{alert(1, "open", "", "c", "pw", "f", 1, "m"), alert(2, "open", "", "c", "pw", "f", 2, "m")}, "dismiss:1", 0, 0},
		{"message narrows", []ghupload.LocalResult{res("c", "pw", "f", 1, "in name"), sup(res("c", "pw", "f", 1, "in text"), "x")},
			[]ghupload.Alert{alert(1, "open", "", "c", "pw", "f", 1, "in name"), alert(2, "open", "", "c", "pw", "f", 1, "in text")}, "dismiss:2", 0, 0},
		{"ambiguous", []ghupload.LocalResult{res("c", "pw", "f", 1, "m"), sup(res("c", "pw", "f", 1, "m"), "x")},
			[]ghupload.Alert{alert(1, "open", "", "c", "pw", "f", 1, "m")}, "", 1, 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := ghupload.PlanSync(tc.results, tc.alerts)
			var got []string
			for _, a := range p.Actions {
				got = append(got, a.Kind+":"+itoa(a.Alert.Number))
				if a.Kind != "reopen" && (a.Update.State != "dismissed" || a.Update.DismissedReason != "won't fix" ||
					!strings.HasPrefix(a.Update.DismissedComment, ghupload.CommentPrefix)) {
					t.Errorf("update %+v", a.Update)
				}
				if a.Kind == "reopen" && a.Update.State != "open" {
					t.Errorf("update %+v", a.Update)
				}
			}
			if strings.Join(got, " ") != tc.want || p.Ambiguous != tc.amb || p.Unmatched != tc.unmatch {
				t.Errorf("actions %v ambiguous %d unmatched %d; want %q %d %d", got, p.Ambiguous, p.Unmatched, tc.want, tc.amb, tc.unmatch)
			}
		})
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

func TestComment(t *testing.T) {
	r := ghupload.LocalResult{Justification: "Testdata for the 2019 migration", Owner: "it-drift"}
	if got := r.Comment(); got != "credsweep: Testdata for the 2019 migration (owner: it-drift)" {
		t.Errorf("%q", got)
	}
	r.Justification = strings.Repeat("æ", 400)
	got := r.Comment()
	if n := utf8.RuneCountInString(got); n != ghupload.MaxComment || !strings.HasSuffix(got, "… (owner: it-drift)") {
		t.Errorf("%d characters: %q", n, got)
	}
	r.Owner = ""
	r.Justification = ""
	if got := r.Comment(); got != "credsweep: suppressed in the SARIF" {
		t.Errorf("%q", got)
	}
}

func TestResultsOf(t *testing.T) {
	rs, err := ghupload.ResultsOf(sarif("credsweep/file/x", 3, map[int]string{1: "known test file"}))
	if err != nil || len(rs) != 3 {
		t.Fatal(rs, err)
	}
	if rs[0].Suppressed || !rs[1].Suppressed || rs[1].Reason != "false positive" || rs[1].Owner != "it-drift" ||
		rs[1].Category != "credsweep/file/x" || rs[1].URI != "share/f%201.xlsx" || rs[1].Fingerprint != "fp1" {
		t.Errorf("%+v", rs)
	}
	bad := []byte(`{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"credsweep"}},"results":[
		{"ruleId":"r","suppressions":[{"kind":"external","status":"rejected"}]},
		{"ruleId":"r","suppressions":[{"kind":"external","properties":{"dismissedReason":"because"}}]}]}]}`)
	rs, _ = ghupload.ResultsOf(bad)
	if rs[0].Suppressed || !rs[1].Suppressed || rs[1].Reason != "won't fix" || !rs[1].BadReason {
		t.Errorf("%+v", rs)
	}
}

func TestNextLink(t *testing.T) {
	for h, want := range map[string]string{
		`<https://api.github.com/x?page=2>; rel="next", <https://api.github.com/x?page=5>; rel="last"`: "https://api.github.com/x?page=2",
		`<https://api.github.com/x?page=1>; rel="prev"`:                                                "",
		``: "",
		`<https://api.github.com/x?page=3>; rel="last next"`: "https://api.github.com/x?page=3",
	} {
		if got := ghupload.NextLink(h); got != want {
			t.Errorf("%q: %q", h, got)
		}
	}
}
