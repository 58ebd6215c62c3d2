package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/bmatcuk/doublestar/v4"
	"github.com/spf13/pflag"
	yaml "go.yaml.in/yaml/v3"

	"github.com/credsweep/credsweep/connectors"
	"github.com/credsweep/credsweep/detectors"
	"github.com/credsweep/credsweep/scanner"
	"github.com/credsweep/credsweep/suppress"
)

// config is credsweep.yaml (examples/credsweep.yaml documents every key;
// examples/credsweep.schema.json is its JSON Schema). Flags override it.
// It never holds a secret: passwords and keys stay in the environment or in
// files named here.
type config struct {
	Targets  []configTarget `yaml:"targets"`
	Exclude  configExclude  `yaml:"exclude"`
	Rules    configRules    `yaml:"rules"`
	FailOn   string         `yaml:"fail-on"`
	Workers  int            `yaml:"workers"`
	State    string         `yaml:"state"`
	SARIF    string         `yaml:"sarif"`
	Category string         `yaml:"category"`
	// ExposureRaise false keeps results at their rules' levels.
	ExposureRaise *bool `yaml:"exposure-raise"`
	// Suppressions names a suppressions file; entries may also be here.
	SuppressionsFile  string              `yaml:"suppressions-file"`
	Suppressions      []suppress.Entry    `yaml:"suppressions"`
	AcceptNotExamined []suppress.Accepted `yaml:"accept-not-examined"`
	FingerprintKey    string              `yaml:"fingerprint-key-file"`
	MaxFileSize       string              `yaml:"max-file-size"`
	SMB               configSMB           `yaml:"smb"`
	Drive             configDrive         `yaml:"drive"`
	// dir is the config file's folder: relative paths in it are relative
	// to it.
	dir string
}

type configTarget struct {
	Name     string `yaml:"name"`
	URL      string `yaml:"url"`
	Category string `yaml:"category"`
}

type configExclude struct {
	Paths          []string    `yaml:"paths"`
	Extensions     []string    `yaml:"extensions"`
	Shares         []string    `yaml:"shares"`
	LargerThan     string      `yaml:"larger-than"`
	ModifiedBefore *configDate `yaml:"modified-before"`
	ModifiedAfter  *configDate `yaml:"modified-after"`
}

type configRules struct {
	Disable []string          `yaml:"disable"`
	Level   map[string]string `yaml:"level"`
}

type configSMB struct {
	PasswordFile       string `yaml:"password-file"`
	Sessions           int    `yaml:"sessions"`
	Timeout            string `yaml:"timeout"`
	RequireSigning     *bool  `yaml:"require-signing"`
	Encrypt            *bool  `yaml:"encrypt"`
	IncludeAdminShares *bool  `yaml:"include-admin-shares"`
}

type configDrive struct {
	QPS         float64 `yaml:"qps"`
	Impersonate string  `yaml:"impersonate"`
	Endpoint    string  `yaml:"endpoint"`
	TokenFile   string  `yaml:"token-file"`
}

type configDate struct{ time.Time }

func (d *configDate) UnmarshalYAML(n *yaml.Node) error {
	t, err := time.Parse(time.DateOnly, n.Value)
	if err != nil {
		return fmt.Errorf("line %d: %q is not a date (YYYY-MM-DD)", n.Line, n.Value)
	}
	d.Time = t
	return nil
}

// configName is the file looked for in the working directory and in the
// user's config directory (~/.config/credsweep/).
const configName = "credsweep.yaml"

// findConfig returns the config file to use: --config, else credsweep.yaml
// in the working directory, else in the user config dir; "" for none.
func findConfig(flag string) (string, error) {
	if flag != "" {
		return flag, nil
	}
	if _, err := os.Stat(configName); err == nil {
		return configName, nil
	}
	if dir, err := os.UserConfigDir(); err == nil {
		p := filepath.Join(dir, "credsweep", configName)
		if _, err := os.Stat(p); err == nil {
			return p, nil
		}
	}
	return "", nil
}

// loadConfig reads a config file strictly: unknown keys and wrong types are
// errors with their line.
func loadConfig(p string) (*config, error) {
	b, err := os.ReadFile(p)
	if err != nil {
		return nil, err
	}
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	var c config
	if err := dec.Decode(&c); err != nil && !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("%s: %w", p, err)
	}
	c.dir = filepath.Dir(p)
	sf := &suppress.File{Suppressions: c.Suppressions, AcceptNotExamined: c.AcceptNotExamined}
	if err := sf.Check(); err != nil {
		return nil, fmt.Errorf("%s: %w", p, err)
	}
	for i, t := range c.Targets {
		if t.Name == "" || t.URL == "" {
			return nil, fmt.Errorf("%s: target %d needs a name and a url", p, i+1)
		}
	}
	return &c, nil
}

// rel makes a path in the config relative to the config's folder.
func (c *config) rel(p string) string {
	if p == "" || filepath.IsAbs(p) {
		return p
	}
	return filepath.Join(c.dir, p)
}

// apply sets every flag the command line did not set from the config.
func (c *config) apply(fl *pflag.FlagSet) error {
	set := func(name, v string) error {
		if v == "" || fl.Changed(name) {
			return nil
		}
		if err := fl.Set(name, v); err != nil {
			return fmt.Errorf("config %s: %w", name, err)
		}
		return nil
	}
	boolStr := func(b *bool) string {
		if b == nil {
			return ""
		}
		return strconv.FormatBool(*b)
	}
	itoa := func(n int) string {
		if n == 0 {
			return ""
		}
		return strconv.Itoa(n)
	}
	ftoa := func(f float64) string {
		if f == 0 {
			return ""
		}
		return strconv.FormatFloat(f, 'g', -1, 64)
	}
	noRaise := ""
	if c.ExposureRaise != nil && !*c.ExposureRaise {
		noRaise = "true"
	}
	for _, kv := range [][2]string{
		{"fail-on", c.FailOn}, {"workers", itoa(c.Workers)}, {"state", c.rel(c.State)}, {"sarif", c.rel(c.SARIF)},
		{"category", c.Category}, {"no-exposure-raise", noRaise}, {"suppressions", c.rel(c.SuppressionsFile)},
		{"fingerprint-key-file", c.rel(c.FingerprintKey)}, {"max-file-size", c.MaxFileSize},
		{"smb-password-file", c.rel(c.SMB.PasswordFile)}, {"smb-sessions", itoa(c.SMB.Sessions)},
		{"smb-timeout", c.SMB.Timeout}, {"smb-require-signing", boolStr(c.SMB.RequireSigning)},
		{"smb-encrypt", boolStr(c.SMB.Encrypt)}, {"include-admin-shares", boolStr(c.SMB.IncludeAdminShares)},
		{"drive-qps", ftoa(c.Drive.QPS)}, {"impersonate", c.Drive.Impersonate}, {"drive-endpoint", c.Drive.Endpoint},
		{"drive-token-file", c.rel(c.Drive.TokenFile)},
	} {
		if err := set(kv[0], kv[1]); err != nil {
			return err
		}
	}
	for _, r := range c.Rules.Disable {
		if !fl.Changed("rules-disable") {
			if err := fl.Set("rules-disable", r); err != nil {
				return err
			}
		}
	}
	return nil
}

// targets resolves the command line's targets: a config target's name
// stands for its URL. No arguments means every config target.
func (c *config) targets(args []string) ([]string, string, error) {
	if c == nil {
		return args, "", nil
	}
	byName := map[string]configTarget{}
	for _, t := range c.Targets {
		byName[t.Name] = t
	}
	var picked []configTarget
	if len(args) == 0 {
		picked = c.Targets
	}
	var out []string
	for _, a := range args {
		if t, ok := byName[a]; ok {
			picked = append(picked, t)
			continue
		}
		out = append(out, a)
	}
	category := ""
	for _, t := range picked {
		out = append(out, t.URL)
		if t.Category != "" {
			if category != "" && category != t.Category {
				return nil, "", fmt.Errorf("targets %q have different categories: scan them one at a time (and merge the SARIF files with credsweep merge)", t.Name)
			}
			category = t.Category
		}
	}
	return out, category, nil
}

// excluder builds the scanner's Exclude from the config and --exclude.
func excluder(c *config, globs []string) (func(*scanner.Target, connectors.Item) string, error) {
	var ex configExclude
	if c != nil {
		ex = c.Exclude
	}
	globs = append(append([]string(nil), ex.Paths...), globs...)
	for _, g := range globs {
		if !doublestar.ValidatePattern(g) {
			return nil, fmt.Errorf("exclude: bad glob %q", g)
		}
	}
	var larger int64
	if ex.LargerThan != "" {
		n, err := parseSize(ex.LargerThan)
		if err != nil {
			return nil, fmt.Errorf("exclude larger-than: %w", err)
		}
		larger = n
	}
	exts := map[string]bool{}
	for _, e := range ex.Extensions {
		exts[strings.ToLower("."+strings.TrimPrefix(e, "."))] = true
	}
	shares := map[string]bool{}
	for _, s := range ex.Shares {
		shares[strings.ToLower(s)] = true
	}
	if len(globs) == 0 && larger == 0 && len(exts) == 0 && len(shares) == 0 && ex.ModifiedBefore == nil && ex.ModifiedAfter == nil {
		return nil, nil
	}
	return func(t *scanner.Target, it connectors.Item) string {
		p := it.Path
		for _, g := range globs {
			if ok, _ := doublestar.Match(g, p); ok {
				return "path matches " + g
			}
			// A glob without a folder matches the name anywhere.
			if !strings.Contains(g, "/") {
				if ok, _ := doublestar.Match(g, path.Base(p)); ok {
					return "name matches " + g
				}
			}
		}
		if exts[strings.ToLower(path.Ext(p))] {
			return "extension " + strings.ToLower(path.Ext(p))
		}
		if t.Source == "smb" && len(shares) > 0 {
			if segs := strings.SplitN(p, "/", 4); len(segs) >= 3 && shares[strings.ToLower(segs[2])] {
				return "share " + segs[2]
			}
		}
		if larger > 0 && it.Size > larger {
			return "larger than " + ex.LargerThan
		}
		if !it.ModTime.IsZero() {
			if ex.ModifiedBefore != nil && it.ModTime.Before(ex.ModifiedBefore.Time) {
				return "modified before " + ex.ModifiedBefore.Format(time.DateOnly)
			}
			if ex.ModifiedAfter != nil && it.ModTime.After(ex.ModifiedAfter.Time) {
				return "modified after " + ex.ModifiedAfter.Format(time.DateOnly)
			}
		}
		return ""
	}, nil
}

// ruleLevels reads rules.level.
func (c *config) ruleLevels() (map[string]detectors.Level, error) {
	if c == nil || len(c.Rules.Level) == 0 {
		return nil, nil
	}
	out := map[string]detectors.Level{}
	for id, l := range c.Rules.Level {
		switch detectors.Level(l) {
		case detectors.LevelNote, detectors.LevelWarning, detectors.LevelError:
			out[id] = detectors.Level(l)
		default:
			return nil, fmt.Errorf("rules.level %s: %q is not note, warning or error", id, l)
		}
	}
	return out, nil
}

// suppressions gathers the config's entries and the suppressions file.
func suppressions(c *config, file string) (*suppress.File, error) {
	sf := &suppress.File{}
	if c != nil {
		sf.Suppressions = append(sf.Suppressions, c.Suppressions...)
		sf.AcceptNotExamined = append(sf.AcceptNotExamined, c.AcceptNotExamined...)
	}
	if file == "" {
		if _, err := os.Stat("credsweep-ignore.yaml"); err == nil {
			file = "credsweep-ignore.yaml"
		}
	}
	if file != "" {
		f, err := suppress.Load(file)
		if err != nil && !(errors.Is(err, fs.ErrNotExist) && file == "credsweep-ignore.yaml") {
			return nil, err
		}
		sf.Merge(f)
	}
	if len(sf.Suppressions) == 0 && len(sf.AcceptNotExamined) == 0 {
		return nil, nil
	}
	return sf, nil
}
