package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/credsweep/credsweep/connectors"
	"github.com/credsweep/credsweep/scanner"
)

func TestExampleConfigLoads(t *testing.T) {
	c, err := loadConfig(filepath.Join(repoRoot(t), "examples", "credsweep.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Targets) != 1 || c.FailOn != "warning" || c.SMB.Sessions != 4 || len(c.AcceptNotExamined) != 1 ||
		c.Exclude.ModifiedBefore == nil || c.Rules.Level["national-id/dk-cpr"] != "warning" {
		t.Fatalf("example config read as %+v", c)
	}
}

func TestConfigErrorsHaveLines(t *testing.T) {
	for body, want := range map[string]string{
		"fail-on: warning\nworkerz: 3\n":                                       "line 2",
		"workers: many\n":                                                      "line 1",
		"exclude:\n  paths: [a]\n  sizes: 1\n":                                 "line 3",
		"exclude:\n  modified-before: yesterday\n":                             "line 2",
		"suppressions:\n  - rule: x\n    reason: r\n    created: 2026-01-01\n": "needs an owner",
	} {
		p := filepath.Join(t.TempDir(), "credsweep.yaml")
		os.WriteFile(p, []byte(body), 0o644)
		_, err := loadConfig(p)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: error %v, want %q", body, err, want)
		}
	}
}

// yamlKeys lists the keys a struct reads, recursively: "smb.sessions".
func yamlKeys(t reflect.Type, prefix string, out map[string]bool) {
	for i := range t.NumField() {
		f := t.Field(i)
		tag := strings.Split(f.Tag.Get("yaml"), ",")[0]
		if tag == "" || tag == "-" || !f.IsExported() {
			continue
		}
		key := prefix + tag
		out[key] = true
		ft := f.Type
		for ft.Kind() == reflect.Pointer || ft.Kind() == reflect.Slice {
			ft = ft.Elem()
		}
		if ft.Kind() == reflect.Struct && ft.Name() != "configDate" && ft.Name() != "Date" {
			yamlKeys(ft, key+".", out)
		}
	}
}

func schemaKeys(s map[string]any, defs map[string]any, prefix string, out map[string]bool) {
	props, _ := s["properties"].(map[string]any)
	for k, v := range props {
		out[prefix+k] = true
		sub, _ := v.(map[string]any)
		if items, ok := sub["items"].(map[string]any); ok {
			sub = items
		}
		if ref, ok := sub["$ref"].(string); ok {
			sub, _ = defs[strings.TrimPrefix(ref, "#/$defs/")].(map[string]any)
		}
		if sub != nil && sub["properties"] != nil {
			schemaKeys(sub, defs, prefix+k+".", out)
		}
	}
}

// TestSchemaMatchesConfig keeps examples/credsweep.schema.json and the
// config type in step, and validates the example with an independent
// JSON Schema validator (python3-jsonschema) where it is installed.
func TestSchemaMatchesConfig(t *testing.T) {
	raw := mustRead(t, filepath.Join(repoRoot(t), "examples", "credsweep.schema.json"))
	var schema map[string]any
	if err := json.Unmarshal(raw, &schema); err != nil {
		t.Fatal(err)
	}
	defs, _ := schema["$defs"].(map[string]any)
	want, got := map[string]bool{}, map[string]bool{}
	yamlKeys(reflect.TypeOf(config{}), "", want)
	schemaKeys(schema, defs, "", got)
	if !reflect.DeepEqual(want, got) {
		var a, b []string
		for k := range want {
			if !got[k] {
				a = append(a, k)
			}
		}
		for k := range got {
			if !want[k] {
				b = append(b, k)
			}
		}
		sort.Strings(a)
		sort.Strings(b)
		t.Errorf("keys only in the config type: %v; only in the schema: %v", a, b)
	}
	// Dates stay strings, as YAML 1.2 (and credsweep) reads them.
	check := `import json, sys, yaml, jsonschema
class L(yaml.SafeLoader): pass
L.yaml_implicit_resolvers = {k: [r for r in v if r[0] != 'tag:yaml.org,2002:timestamp'] for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()}
jsonschema.validate(yaml.load(open(sys.argv[2]), Loader=L), json.load(open(sys.argv[1])))`
	py := ""
	for _, p := range []string{"python3", "/usr/bin/python3"} {
		if exec.Command(p, "-c", "import yaml, jsonschema").Run() == nil {
			py = p
			break
		}
	}
	if py == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("python3-yaml and python3-jsonschema are needed in CI")
		}
		t.Skip("python3-jsonschema not installed")
	}
	for _, f := range []string{"credsweep.yaml", "credsweep-ignore.yaml"} {
		out, err := exec.Command(py, "-c", check, filepath.Join(repoRoot(t), "examples", "credsweep.schema.json"),
			filepath.Join(repoRoot(t), "examples", f)).CombinedOutput()
		if err != nil {
			t.Errorf("%s does not validate against the schema: %v\n%s", f, err, out)
		}
	}
}

func TestExcluder(t *testing.T) {
	c := &config{Exclude: configExclude{Paths: []string{"**/node_modules/**", "*.iso"}, Extensions: []string{"vmdk"},
		Shares: []string{"Print$"}, LargerThan: "1MiB", ModifiedBefore: &configDate{time.Date(2010, 1, 1, 0, 0, 0, 0, time.UTC)}}}
	ex, err := excluder(c, []string{"Arkiv/**"})
	if err != nil {
		t.Fatal(err)
	}
	local, smb := &scanner.Target{Source: "local"}, &scanner.Target{Source: "smb"}
	recent := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		t    *scanner.Target
		it   connectors.Item
		want bool
	}{
		{local, connectors.Item{Path: "web/node_modules/x/index.js", ModTime: recent}, true},
		{local, connectors.Item{Path: "iso/win.ISO", ModTime: recent}, false}, // globs are case-sensitive
		{local, connectors.Item{Path: "iso/win.iso", ModTime: recent}, true},
		{local, connectors.Item{Path: "vm/disk.VMDK", ModTime: recent}, true},
		{local, connectors.Item{Path: "Arkiv/2009/a.txt", ModTime: recent}, true},
		{smb, connectors.Item{Path: "smb/fs01/print$/drv.inf", ModTime: recent}, true},
		{local, connectors.Item{Path: "big.csv", Size: 2 << 20, ModTime: recent}, true},
		{local, connectors.Item{Path: "old.csv", ModTime: time.Date(2005, 1, 1, 0, 0, 0, 0, time.UTC)}, true},
		{local, connectors.Item{Path: "IKT/elever.csv", Size: 100, ModTime: recent}, false},
	} {
		if got := ex(c.t, c.it) != ""; got != c.want {
			t.Errorf("%s: excluded %v, want %v", c.it.Path, got, c.want)
		}
	}
}
