// Package sarifmerge combines SARIF 2.1.0 logs into files that GitHub code
// scanning accepts: one run per tool and category, within GitHub's limits,
// split into several files (and, for a category with too many results,
// several categories) when needed, never dropping a result.
//
// The category of a run is its automationDetails.id up to the last '/'
// (GitHub's rule). Runs of one tool and category are combined: rules are
// united by id and every result's ruleIndex is rewritten; results with the
// same ruleId and partialFingerprints.primaryLocationLineHash are one alert
// for GitHub and are kept once (the first, in input order); invocations
// become one whose executionSuccessful is false if any input's was, whose
// notifications are all the inputs' notifications and whose properties
// are summed (numbers are added, objects merged key by key, lists united,
// booleans or-ed, differing strings give the smallest).
//
// The output is deterministic: the same inputs in the same order give the
// same bytes.
package sarifmerge

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
)

// GitHub code scanning's limits (docs: "SARIF support for code scanning";
// testdata/sarif/validate-sarif checks the same figures).
const (
	// MaxRunsPerFile: GitHub rejects a file with more runs.
	MaxRunsPerFile = 20
	// MaxResultsPerRun: GitHub rejects a run with more results.
	MaxResultsPerRun = 25000
	// ShownResultsPerRun: GitHub keeps only this many results of a run
	// (the most severe) and ignores the rest without an error, so merge
	// splits runs at this size by default.
	ShownResultsPerRun = 5000
	// MaxRulesPerRun: GitHub rejects a run with more rules.
	MaxRulesPerRun = 25000
	// MaxGzipBytes: GitHub rejects a file larger than this gzipped.
	MaxGzipBytes = 10 * 1024 * 1024
	// TargetGzipBytes is the size merge fills files up to: 80% of
	// MaxGzipBytes, where validate-sarif starts warning, leaving room for
	// differences in gzip levels.
	TargetGzipBytes = MaxGzipBytes * 8 / 10
)

// Options tune Merge; the zero value uses GitHub's limits.
type Options struct {
	// MaxResultsPerRun is the most results one output run holds (default
	// ShownResultsPerRun; at most MaxResultsPerRun).
	MaxResultsPerRun int
	// MaxRunsPerFile (default and at most MaxRunsPerFile).
	MaxRunsPerFile int
	// TargetGzipBytes is the gzipped size files are filled up to (default
	// TargetGzipBytes; at most MaxGzipBytes).
	TargetGzipBytes int
}

func (o Options) norm() Options {
	if o.MaxResultsPerRun <= 0 || o.MaxResultsPerRun > MaxResultsPerRun {
		o.MaxResultsPerRun = ShownResultsPerRun
	}
	if o.MaxRunsPerFile <= 0 || o.MaxRunsPerFile > MaxRunsPerFile {
		o.MaxRunsPerFile = MaxRunsPerFile
	}
	if o.TargetGzipBytes <= 0 || o.TargetGzipBytes > MaxGzipBytes {
		o.TargetGzipBytes = TargetGzipBytes
	}
	return o
}

// Input is one SARIF log to merge; Name names it in errors.
type Input struct {
	Name string
	Data []byte
}

// InputError is a problem with one input. Its message names the file and
// the place, never the file's content.
type InputError struct {
	File   string
	Reason string
}

func (e *InputError) Error() string { return e.File + ": " + e.Reason }

// Result of a merge.
type Result struct {
	// Files are the output files in order: the first is OUT.sarif, the
	// second OUT-2.sarif, ...
	Files []File
	// Splits lists the categories whose results were split into parts.
	Splits []Split
	// Inputs, InputRuns and InputResults count what was read.
	Inputs, InputRuns, InputResults int
	// Duplicates is how many input results were the same alert as an
	// earlier one (same tool, category, ruleId and
	// primaryLocationLineHash) and were kept once.
	Duplicates int
	// Incomplete lists the categories of which an input run said
	// executionSuccessful false.
	Incomplete []string
}

// File is one output file.
type File struct {
	Data     []byte
	GzipSize int
	Runs     []RunInfo
}

// Results is the number of results in the file.
func (f File) Results() int {
	n := 0
	for _, r := range f.Runs {
		n += r.Results
	}
	return n
}

// RunInfo describes one output run.
type RunInfo struct {
	Tool     string
	Category string // the category GitHub sees (with "/partN" for parts)
	Base     string // the category of the inputs
	Part     int    // 1-based part number; 0 when the category was not split
	Results  int
}

// Split describes a category whose results went into several runs.
type Split struct {
	Tool       string
	Category   string
	Results    int
	Reason     string
	Parts      []string // categories of the parts, in order
	PartCounts []int
}

// Category is GitHub's category of an automationDetails.id: everything
// before the last '/', or "" when there is none.
func Category(automationID string) string {
	i := strings.LastIndexByte(automationID, '/')
	if i < 0 {
		return ""
	}
	return automationID[:i]
}

// runID is the part of an automationDetails.id after the last '/'.
func runID(automationID string) string {
	return automationID[strings.LastIndexByte(automationID, '/')+1:]
}

type (
	obj = map[string]any
	arr = []any
)

// srcRun is one input run with where it came from.
type srcRun struct {
	file  string
	index int
	run   obj
}

type group struct {
	tool, category string
	runs           []srcRun
}

// Merge combines the inputs. An *InputError reports a bad input.
func Merge(inputs []Input, opt Options) (*Result, error) {
	opt = opt.norm()
	res := &Result{Inputs: len(inputs)}
	groups := map[[2]string]*group{}
	for _, in := range inputs {
		log, err := parse(in)
		if err != nil {
			return nil, err
		}
		runs := log["runs"].(arr)
		for i, r := range runs {
			run := r.(obj)
			tool := driverOf(run)["name"].(string)
			cat := ""
			if ad, ok := run["automationDetails"].(obj); ok {
				id, _ := ad["id"].(string)
				cat = Category(id)
			}
			k := [2]string{tool, cat}
			g := groups[k]
			if g == nil {
				g = &group{tool: tool, category: cat}
				groups[k] = g
			}
			g.runs = append(g.runs, srcRun{file: in.Name, index: i, run: run})
			res.InputRuns++
			rs, _ := run["results"].(arr)
			res.InputResults += len(rs)
		}
	}
	keys := make([][2]string, 0, len(groups))
	for k := range groups {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i][1] != keys[j][1] {
			return keys[i][1] < keys[j][1]
		}
		return keys[i][0] < keys[j][0]
	})
	var out []outRun
	for _, k := range keys {
		g := groups[k]
		c, err := combine(g, res)
		if err != nil {
			return nil, err
		}
		parts, split, err := splitRun(g, c, opt)
		if err != nil {
			return nil, err
		}
		if split != nil {
			res.Splits = append(res.Splits, *split)
		}
		out = append(out, parts...)
	}
	files, err := pack(out, opt)
	if err != nil {
		return nil, err
	}
	res.Files = files
	return res, nil
}

// parse decodes and checks one input.
func parse(in Input) (obj, error) {
	bad := func(format string, a ...any) error {
		return &InputError{File: in.Name, Reason: fmt.Sprintf(format, a...)}
	}
	data := in.Data
	if len(data) >= 2 && data[0] == 0x1f && data[1] == 0x8b {
		zr, err := gzip.NewReader(bytes.NewReader(data))
		if err != nil {
			return nil, bad("not valid gzip")
		}
		data, err = io.ReadAll(io.LimitReader(zr, 1<<31))
		if err != nil {
			return nil, bad("not valid gzip")
		}
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		// Never the decoder's message: it quotes the input.
		var se *json.SyntaxError
		if errors.As(err, &se) {
			return nil, bad("not valid JSON (syntax error at byte %d)", se.Offset)
		}
		return nil, bad("not valid JSON (truncated or empty)")
	}
	if dec.More() {
		return nil, bad("not valid JSON (data after the SARIF log)")
	}
	log, ok := v.(obj)
	if !ok {
		return nil, bad("not a SARIF log (the top level is not a JSON object)")
	}
	if ver, _ := log["version"].(string); ver != "2.1.0" {
		return nil, bad("not SARIF 2.1.0 (\"version\" must be \"2.1.0\")")
	}
	runs, ok := log["runs"].(arr)
	if !ok {
		return nil, bad("not a SARIF log (no \"runs\" array)")
	}
	for i, r := range runs {
		run, ok := r.(obj)
		if !ok {
			return nil, bad("runs[%d] is not an object", i)
		}
		name, _ := driverOf(run)["name"].(string)
		if strings.TrimSpace(name) == "" {
			return nil, bad("runs[%d] has no tool.driver.name", i)
		}
		if ad, ok := run["automationDetails"]; ok {
			adm, ok := ad.(obj)
			if !ok {
				return nil, bad("runs[%d].automationDetails is not an object", i)
			}
			if id, ok := adm["id"]; ok {
				if _, ok := id.(string); !ok {
					return nil, bad("runs[%d].automationDetails.id is not a string", i)
				}
			}
		}
		if rules, ok := driverOf(run)["rules"]; ok {
			rl, ok := rules.(arr)
			if !ok {
				return nil, bad("runs[%d].tool.driver.rules is not an array", i)
			}
			for j, q := range rl {
				qm, ok := q.(obj)
				if !ok {
					return nil, bad("runs[%d].tool.driver.rules[%d] is not an object", i, j)
				}
				if id, _ := qm["id"].(string); id == "" {
					return nil, bad("runs[%d].tool.driver.rules[%d] has no id", i, j)
				}
			}
		}
		switch rs := run["results"].(type) {
		case nil:
			if _, present := run["results"]; present {
				return nil, bad("runs[%d].results is not an array", i)
			}
		case arr:
			for j, x := range rs {
				if _, ok := x.(obj); !ok {
					return nil, bad("runs[%d].results[%d] is not an object", i, j)
				}
			}
		default:
			return nil, bad("runs[%d].results is not an array", i)
		}
		if inv, ok := run["invocations"]; ok {
			il, ok := inv.(arr)
			if !ok {
				return nil, bad("runs[%d].invocations is not an array", i)
			}
			for j, x := range il {
				if _, ok := x.(obj); !ok {
					return nil, bad("runs[%d].invocations[%d] is not an object", i, j)
				}
			}
		}
	}
	return log, nil
}

func driverOf(run obj) obj {
	tool, _ := run["tool"].(obj)
	d, _ := tool["driver"].(obj)
	if d == nil {
		return obj{}
	}
	return d
}

// indexed lists the run properties that other parts of a run point into by
// index; merge cannot renumber them, so runs that use them are only passed
// through, never combined.
var indexed = []string{"artifacts", "logicalLocations", "threadFlowLocations", "graphs", "addresses",
	"webRequests", "webResponses", "taxonomies", "translations", "policies"}

// combined is one tool and category's merged run before splitting.
type combined struct {
	run     obj   // every property but results
	results []obj // deduplicated, in input order
	runID   string
	hasAD   bool
}

func combine(g *group, res *Result) (*combined, error) {
	if len(g.runs) > 1 {
		for _, s := range g.runs {
			for _, k := range indexed {
				if v, ok := s.run[k]; ok && !isEmpty(v) {
					return nil, &InputError{File: s.file, Reason: fmt.Sprintf(
						"runs[%d] has %q, which merge cannot combine with other runs of category %q; give it its own category", s.index, k, g.category)}
				}
			}
			tool, _ := s.run["tool"].(obj)
			if v, ok := tool["extensions"]; ok && !isEmpty(v) {
				return nil, &InputError{File: s.file, Reason: fmt.Sprintf(
					"runs[%d] has tool.extensions, which merge cannot combine with other runs of category %q; give it its own category", s.index, g.category)}
			}
		}
	}
	c := &combined{run: obj{}}
	// Rules united by id, the first definition winning, sorted by id.
	rules := map[string]obj{}
	for _, s := range g.runs {
		rl, _ := driverOf(s.run)["rules"].(arr)
		for _, q := range rl {
			qm := q.(obj)
			id := qm["id"].(string)
			if _, ok := rules[id]; !ok {
				rules[id] = qm
			}
		}
	}
	ids := make([]string, 0, len(rules))
	for id := range rules {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	if len(ids) > MaxRulesPerRun {
		return nil, &InputError{File: g.runs[0].file, Reason: fmt.Sprintf(
			"category %q has %d rules together; GitHub accepts at most %d per run", g.category, len(ids), MaxRulesPerRun)}
	}
	index := make(map[string]int, len(ids))
	ruleList := make(arr, len(ids))
	for i, id := range ids {
		index[id] = i
		ruleList[i] = rules[id]
	}

	seen := map[string]bool{}
	var invs []obj
	incomplete := false
	for _, s := range g.runs {
		srcRules, _ := driverOf(s.run)["rules"].(arr)
		rs, _ := s.run["results"].(arr)
		for _, x := range rs {
			r := shallow(x.(obj))
			id, _ := r["ruleId"].(string)
			if id == "" {
				if ri, ok := intOf(r["ruleIndex"]); ok && ri >= 0 && ri < len(srcRules) {
					id = srcRules[ri].(obj)["id"].(string)
					r["ruleId"] = id
				} else if rd, ok := r["rule"].(obj); ok {
					id, _ = rd["id"].(string)
				}
			}
			if fp := fingerprint(r); fp != "" {
				k := id + "\x00" + fp
				if seen[k] {
					res.Duplicates++
					continue
				}
				seen[k] = true
			}
			if i, ok := index[id]; ok {
				r["ruleIndex"] = json.Number(strconv.Itoa(i))
				if rd, ok := r["rule"].(obj); ok {
					rd = shallow(rd)
					if _, has := rd["index"]; has {
						rd["index"] = json.Number(strconv.Itoa(i))
					}
					r["rule"] = rd
				}
			} else {
				delete(r, "ruleIndex")
			}
			c.results = append(c.results, r)
		}
		il, _ := s.run["invocations"].(arr)
		for _, x := range il {
			inv := x.(obj)
			if ok, isBool := inv["executionSuccessful"].(bool); isBool && !ok {
				incomplete = true
			}
			invs = append(invs, inv)
		}
		if ad, ok := s.run["automationDetails"].(obj); ok {
			c.hasAD = true
			id, _ := ad["id"].(string)
			if rid := runID(id); rid > c.runID {
				c.runID = rid
			}
		}
		// Every other run property: objects merged key by key, otherwise
		// the first value wins.
		for k, v := range s.run {
			switch k {
			case "tool", "results", "invocations", "automationDetails":
				continue
			}
			if cur, ok := c.run[k]; ok {
				if cm, ok := cur.(obj); ok {
					if vm, ok := v.(obj); ok {
						for kk, vv := range vm {
							if _, has := cm[kk]; !has {
								cm[kk] = vv
							}
						}
					}
				}
				continue
			}
			if vm, ok := v.(obj); ok {
				v = shallow(vm)
			}
			c.run[k] = v
		}
	}
	if incomplete {
		res.Incomplete = append(res.Incomplete, g.category)
	}
	tool := shallow(g.runs[0].run["tool"].(obj))
	driver := shallow(driverOf(g.runs[0].run))
	driver["rules"] = ruleList
	tool["driver"] = driver
	c.run["tool"] = tool
	if len(invs) > 0 {
		c.run["invocations"] = arr{combineInvocations(invs)}
	}
	return c, nil
}

func isEmpty(v any) bool {
	switch x := v.(type) {
	case nil:
		return true
	case arr:
		return len(x) == 0
	case obj:
		return len(x) == 0
	}
	return false
}

func shallow(m obj) obj {
	c := make(obj, len(m))
	for k, v := range m {
		c[k] = v
	}
	return c
}

func intOf(v any) (int, bool) {
	n, ok := v.(json.Number)
	if !ok {
		return 0, false
	}
	i, err := strconv.Atoi(string(n))
	return i, err == nil
}

// fingerprint is the result's primaryLocationLineHash, or "".
func fingerprint(r obj) string {
	pf, _ := r["partialFingerprints"].(obj)
	s, _ := pf["primaryLocationLineHash"].(string)
	return s
}

// combineInvocations folds invocations into one.
func combineInvocations(invs []obj) obj {
	out := obj{}
	success := true
	var notes, config arr
	for _, inv := range invs {
		if ok, isBool := inv["executionSuccessful"].(bool); isBool && !ok {
			success = false
		}
		if n, ok := inv["toolExecutionNotifications"].(arr); ok {
			notes = append(notes, n...)
		}
		if n, ok := inv["toolConfigurationNotifications"].(arr); ok {
			config = append(config, n...)
		}
		for k, v := range inv {
			cur, has := out[k]
			switch k {
			case "executionSuccessful", "toolExecutionNotifications", "toolConfigurationNotifications":
				continue
			case "startTimeUtc":
				if s, ok := v.(string); ok && (!has || s < cur.(string)) {
					out[k] = s
				}
				continue
			case "endTimeUtc":
				if s, ok := v.(string); ok && (!has || s > cur.(string)) {
					out[k] = s
				}
				continue
			case "properties":
				if has {
					out[k] = sumProps(cur, v)
				} else {
					out[k] = sumProps(nil, v)
				}
				continue
			}
			if !has {
				out[k] = v
			}
		}
	}
	out["executionSuccessful"] = success
	if len(notes) > 0 {
		out["toolExecutionNotifications"] = notes
	}
	if len(config) > 0 {
		out["toolConfigurationNotifications"] = config
	}
	return out
}

// sumProps adds b into a (a copy): numbers are added, objects merged key
// by key, lists united (first occurrence order), booleans or-ed, strings
// give the smallest (for timestamps: the earliest). a nil is a copy of b.
func sumProps(a, b any) any {
	if a == nil {
		z := zeroLike(b)
		if z == nil {
			return b
		}
		return sumProps(z, b)
	}
	switch x := a.(type) {
	case json.Number:
		if y, ok := b.(json.Number); ok {
			xi, e1 := strconv.ParseInt(string(x), 10, 64)
			yi, e2 := strconv.ParseInt(string(y), 10, 64)
			if e1 == nil && e2 == nil {
				return json.Number(strconv.FormatInt(xi+yi, 10))
			}
			xf, _ := x.Float64()
			yf, _ := y.Float64()
			return json.Number(strconv.FormatFloat(xf+yf, 'g', -1, 64))
		}
	case obj:
		if y, ok := b.(obj); ok {
			out := shallow(x)
			for k, v := range y {
				if cur, has := out[k]; has {
					out[k] = sumProps(cur, v)
				} else {
					out[k] = sumProps(nil, v)
				}
			}
			return out
		}
	case arr:
		if y, ok := b.(arr); ok {
			out := append(arr(nil), x...)
			have := map[string]bool{}
			for _, v := range x {
				have[canon(v)] = true
			}
			for _, v := range y {
				if k := canon(v); !have[k] {
					have[k] = true
					out = append(out, v)
				}
			}
			return out
		}
	case bool:
		if y, ok := b.(bool); ok {
			return x || y
		}
	case string:
		if y, ok := b.(string); ok && y < x {
			return y
		}
	}
	return a
}

func zeroLike(v any) any {
	switch v.(type) {
	case json.Number:
		return json.Number("0")
	case obj:
		return obj{}
	case arr:
		return arr{}
	case bool:
		return false
	case string:
		return v
	}
	return nil
}

func canon(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// outRun is one output run.
type outRun struct {
	run   obj
	info  RunInfo
	group string // tool + category of the inputs, for parts
	gz    int    // gzipped size of the run alone in a file
}

// splitRun cuts a combined run into parts of at most MaxResultsPerRun
// results each that fit a file alone.
func splitRun(g *group, c *combined, opt Options) ([]outRun, *Split, error) {
	build := func(results []obj, cat string, withNotes bool) obj {
		run := shallow(c.run)
		rl := make(arr, len(results))
		for i, r := range results {
			rl[i] = r
		}
		run["results"] = rl
		if c.hasAD {
			run["automationDetails"] = obj{"id": cat + "/" + c.runID}
		}
		if !withNotes {
			if il, ok := run["invocations"].(arr); ok && len(il) > 0 {
				inv := shallow(il[0].(obj))
				delete(inv, "toolExecutionNotifications")
				delete(inv, "toolConfigurationNotifications")
				run["invocations"] = arr{inv}
			}
		}
		return run
	}
	key := g.tool + "\x00" + g.category
	whole := build(c.results, g.category, true)
	if len(c.results) <= opt.MaxResultsPerRun {
		gz, err := gzipSize(fileOf([]obj{whole}))
		if err != nil {
			return nil, nil, err
		}
		if gz <= opt.TargetGzipBytes {
			return []outRun{{run: whole, group: key, gz: gz,
				info: RunInfo{Tool: g.tool, Category: g.category, Base: g.category, Results: len(c.results)}}}, nil, nil
		}
	}
	// Parts: results ordered by rule and fingerprint (so that a result
	// stays in its part from one scan to the next unless the boundaries
	// move), cut into runs of at most MaxResultsPerRun, halved until each
	// fits a file.
	sorted := append([]obj(nil), c.results...)
	sort.SliceStable(sorted, func(i, j int) bool {
		ri, _ := sorted[i]["ruleId"].(string)
		rj, _ := sorted[j]["ruleId"].(string)
		if ri != rj {
			return ri < rj
		}
		return fingerprint(sorted[i]) < fingerprint(sorted[j])
	})
	var chunks [][]obj
	for i := 0; i < len(sorted); i += opt.MaxResultsPerRun {
		chunks = append(chunks, sorted[i:min(i+opt.MaxResultsPerRun, len(sorted))])
	}
	reason := fmt.Sprintf("%d results, more than %d per run", len(sorted), opt.MaxResultsPerRun)
	if len(chunks) == 1 {
		reason = fmt.Sprintf("%d results, more than %d bytes gzipped in one file", len(sorted), opt.TargetGzipBytes)
	}
	var parts []outRun
	for len(chunks) > 0 {
		ch := chunks[0]
		chunks = chunks[1:]
		n := len(parts) + 1
		cat := g.category
		if n > 1 {
			cat = fmt.Sprintf("%s/part%d", g.category, n)
		}
		run := build(ch, cat, n == 1)
		gz, err := gzipSize(fileOf([]obj{run}))
		if err != nil {
			return nil, nil, err
		}
		if gz > opt.TargetGzipBytes {
			if len(ch) == 1 {
				return nil, nil, &InputError{File: g.runs[0].file, Reason: fmt.Sprintf(
					"a run of category %q is over %d bytes gzipped even with a single result", g.category, opt.TargetGzipBytes)}
			}
			h := len(ch) / 2
			chunks = append([][]obj{ch[:h], ch[h:]}, chunks...)
			continue
		}
		parts = append(parts, outRun{run: run, group: key, gz: gz,
			info: RunInfo{Tool: g.tool, Category: cat, Base: g.category, Part: n, Results: len(ch)}})
	}
	sp := &Split{Tool: g.tool, Category: g.category, Results: len(sorted), Reason: reason}
	for _, p := range parts {
		sp.Parts = append(sp.Parts, p.info.Category)
		sp.PartCounts = append(sp.PartCounts, p.info.Results)
	}
	return parts, sp, nil
}

const schemaURI = "https://json.schemastore.org/sarif-2.1.0.json"

func fileOf(runs []obj) obj {
	rl := make(arr, len(runs))
	for i, r := range runs {
		rl[i] = r
	}
	return obj{"$schema": schemaURI, "version": "2.1.0", "runs": rl}
}

func encode(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// GzipSize is the size of data gzipped at the default level, as GitHub
// and validate-sarif measure it.
func GzipSize(data []byte) int {
	var cw countWriter
	zw := gzip.NewWriter(&cw)
	zw.Write(data)
	zw.Close()
	return cw.n
}

type countWriter struct{ n int }

func (c *countWriter) Write(p []byte) (int, error) { c.n += len(p); return len(p), nil }

func gzipSize(v any) (int, error) {
	b, err := encode(v)
	if err != nil {
		return 0, err
	}
	return GzipSize(b), nil
}

// pack puts runs into files, each run into the first file with room (at
// most MaxRunsPerFile runs, at most TargetGzipBytes gzipped, never two
// parts of one category in a file), so the output is as few files as it
// can be, in a deterministic order.
func pack(runs []outRun, opt Options) ([]File, error) {
	type bin struct {
		runs   []outRun
		est    int
		groups map[string]bool
	}
	var bins []*bin
	for _, r := range runs {
		var into *bin
		for _, b := range bins {
			if !b.groups[r.group] && len(b.runs) < opt.MaxRunsPerFile && b.est+r.gz <= opt.TargetGzipBytes {
				into = b
				break
			}
		}
		if into == nil {
			into = &bin{groups: map[string]bool{}}
			bins = append(bins, into)
		}
		into.runs = append(into.runs, r)
		into.est += r.gz
		into.groups[r.group] = true
	}
	var files []File
	for _, b := range bins {
		if err := flushSome(&files, b.runs, opt.TargetGzipBytes); err != nil {
			return nil, err
		}
	}
	if len(files) == 0 {
		// No input run at all: one valid, empty file.
		if err := flushSome(&files, nil, opt.TargetGzipBytes); err != nil {
			return nil, err
		}
	}
	return files, nil
}

// flushSome writes runs into one file, or into several when the estimate
// was low and the file is over target.
func flushSome(files *[]File, runs []outRun, target int) error {
	rl := make([]obj, len(runs))
	for i, r := range runs {
		rl[i] = r.run
	}
	b, err := encode(fileOf(rl))
	if err != nil {
		return err
	}
	gz := GzipSize(b)
	if gz > target && len(runs) > 1 {
		n := len(runs) / 2
		if err := flushSome(files, runs[:n], target); err != nil {
			return err
		}
		return flushSome(files, runs[n:], target)
	}
	f := File{Data: b, GzipSize: gz}
	for _, r := range runs {
		f.Runs = append(f.Runs, r.info)
	}
	*files = append(*files, f)
	return nil
}
