// Package state is credsweep's memory between runs (--state): an embedded
// SQLite database (modernc.org/sqlite, pure Go) that says, per target and
// per item, what the last runs saw, so a nightly scan skips what did not
// change, carries its findings forward and says what is new.
//
// It stores no found value, no masked sample and no hash of one: items are
// keyed by a keyed digest of their identity, paths are the masked paths the
// reports show, and results are what the SARIF says. One process writes at
// a time: Open takes an exclusive lock on the file and a second process gets
// ErrLocked.
package state

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"slices"
	"time"

	_ "modernc.org/sqlite" // the database/sql driver "sqlite"
)

// SchemaVersion is the version of the tables below; Open migrates older
// files step by step.
const SchemaVersion = 2

// ErrLocked means another process holds the state file.
var ErrLocked = errors.New("the state file is in use by another credsweep run")

// Store is an open state file.
type Store struct {
	db   *sql.DB
	lock *os.File
	path string
	run  int64
}

// migrations[i] takes the schema from version i to i+1.
var migrations = []string{
	`CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
	CREATE TABLE runs (
		id       INTEGER PRIMARY KEY,
		started  TEXT NOT NULL,
		ended    TEXT,
		complete INTEGER NOT NULL DEFAULT 0,
		ruleset  TEXT NOT NULL,
		version  TEXT NOT NULL
	);
	CREATE TABLE targets (
		id       INTEGER PRIMARY KEY,
		identity TEXT NOT NULL UNIQUE,
		cursor   TEXT,
		complete_run INTEGER
	);
	CREATE TABLE items (
		target  INTEGER NOT NULL REFERENCES targets(id),
		key     BLOB NOT NULL,
		path    TEXT NOT NULL,
		size    INTEGER NOT NULL,
		mtime   INTEGER NOT NULL,
		marker  INTEGER NOT NULL,
		ruleset INTEGER NOT NULL,
		outcome TEXT NOT NULL,
		reason  TEXT,
		results BLOB,
		run     INTEGER NOT NULL,
		PRIMARY KEY (target, key)
	) WITHOUT ROWID;`,
	// 2: each run's tally, for the history in the HTML report.
	`ALTER TABLE runs ADD COLUMN results INTEGER;
	ALTER TABLE runs ADD COLUMN new_results INTEGER;
	ALTER TABLE runs ADD COLUMN fixed INTEGER;
	ALTER TABLE runs ADD COLUMN files INTEGER;`,
}

// Open opens (or creates) the state file, takes its lock and migrates it.
func Open(path string) (*Store, error) {
	lock, err := lockFile(path)
	if err != nil {
		return nil, err
	}
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)&_pragma=busy_timeout(5000)&_pragma=foreign_keys(1)")
	if err != nil {
		lock.Close()
		return nil, err
	}
	// One connection: SQLite serialises writers anyway, and reads of one
	// run come from one goroutine at a time per call.
	db.SetMaxOpenConns(1)
	s := &Store{db: db, lock: lock, path: path}
	if err := s.migrate(); err != nil {
		s.Close()
		return nil, fmt.Errorf("state %s: %w", path, err)
	}
	return s, nil
}

// Path is the file's path.
func (s *Store) Path() string { return s.path }

// Close closes the database and releases the lock.
func (s *Store) Close() error {
	err := s.db.Close()
	if s.lock != nil {
		s.lock.Close()
	}
	return err
}

func (s *Store) migrate() error {
	ctx := context.Background()
	var v int
	if err := s.db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&v); err != nil {
		return err
	}
	if v > SchemaVersion {
		return fmt.Errorf("written by a newer credsweep (schema %d, this one knows %d)", v, SchemaVersion)
	}
	for ; v < SchemaVersion; v++ {
		tx, err := s.db.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, migrations[v]); err != nil {
			tx.Rollback()
			return fmt.Errorf("migrating to schema %d: %w", v+1, err)
		}
		if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", v+1)); err != nil {
			tx.Rollback()
			return err
		}
		if err := tx.Commit(); err != nil {
			return err
		}
	}
	return nil
}

// Run is a run as recorded.
type Run struct {
	ID       int64
	Started  time.Time
	Ended    time.Time // zero: the run was interrupted
	Complete bool
	Ruleset  string
}

// BeginRun records the start of a run and returns the run before it, if
// any.
func (s *Store) BeginRun(ruleset, version string, started time.Time) (prev *Run, err error) {
	ctx := context.Background()
	var r Run
	var st string
	var ended sql.NullString
	err = s.db.QueryRowContext(ctx, "SELECT id, started, ended, complete, ruleset FROM runs ORDER BY id DESC LIMIT 1").
		Scan(&r.ID, &st, &ended, &r.Complete, &r.Ruleset)
	switch {
	case errors.Is(err, sql.ErrNoRows):
	case err != nil:
		return nil, err
	default:
		r.Started, _ = time.Parse(time.RFC3339Nano, st)
		if ended.Valid {
			r.Ended, _ = time.Parse(time.RFC3339Nano, ended.String)
		}
		prev = &r
	}
	res, err := s.db.ExecContext(ctx, "INSERT INTO runs (started, ruleset, version) VALUES (?, ?, ?)",
		started.UTC().Format(time.RFC3339Nano), ruleset, version)
	if err != nil {
		return nil, err
	}
	s.run, err = res.LastInsertId()
	return prev, err
}

// Tally is what a run found, in counts only.
type Tally struct {
	// Results of the run, those New since the run before, and those of
	// earlier runs that are gone (Fixed).
	Results, New, Fixed int
	// Files walked.
	Files int64
}

// EndRun records the end of the current run and its tally.
func (s *Store) EndRun(complete bool, ended time.Time, t Tally) error {
	_, err := s.db.Exec("UPDATE runs SET ended = ?, complete = ?, results = ?, new_results = ?, fixed = ?, files = ? WHERE id = ?",
		ended.UTC().Format(time.RFC3339Nano), complete, t.Results, t.New, t.Fixed, t.Files, s.run)
	return err
}

// Ended is a run that ended, with its tally (zero for runs recorded
// before tallies were kept).
type Ended struct {
	Run
	Tally
}

// History returns the last n runs that ended, oldest first.
func (s *Store) History(n int) ([]Ended, error) {
	rows, err := s.db.Query(`SELECT id, started, ended, complete, ruleset,
		coalesce(results, 0), coalesce(new_results, 0), coalesce(fixed, 0), coalesce(files, 0)
		FROM runs WHERE ended IS NOT NULL ORDER BY id DESC LIMIT ?`, n)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Ended
	for rows.Next() {
		var e Ended
		var st, en string
		if err := rows.Scan(&e.ID, &st, &en, &e.Complete, &e.Ruleset, &e.Results, &e.New, &e.Fixed, &e.Files); err != nil {
			return nil, err
		}
		e.Started, _ = time.Parse(time.RFC3339Nano, st)
		e.Ended, _ = time.Parse(time.RFC3339Nano, en)
		out = append(out, e)
	}
	slices.Reverse(out)
	return out, rows.Err()
}

// Target is a target as recorded.
type Target struct {
	ID int64
	// Cursor is the change cursor saved after the last complete run.
	Cursor string
	// CompleteRun is the last run whose walk of the target was complete.
	CompleteRun int64
}

// Target returns the target with this canonical identity, creating it.
func (s *Store) Target(identity string) (Target, error) {
	ctx := context.Background()
	if _, err := s.db.ExecContext(ctx, "INSERT OR IGNORE INTO targets (identity) VALUES (?)", identity); err != nil {
		return Target{}, err
	}
	var t Target
	var cur sql.NullString
	var cr sql.NullInt64
	err := s.db.QueryRowContext(ctx, "SELECT id, cursor, complete_run FROM targets WHERE identity = ?", identity).Scan(&t.ID, &cur, &cr)
	t.Cursor, t.CompleteRun = cur.String, cr.Int64
	return t, err
}

// TargetDone records that the walk of a target was complete in this run,
// with the cursor to list changes from next time ("" for none).
func (s *Store) TargetDone(target int64, cursor string) error {
	_, err := s.db.Exec("UPDATE targets SET complete_run = ?, cursor = NULLIF(?, '') WHERE id = ?", s.run, cursor, target)
	return err
}

// Prior is what is known of one item, without its results.
type Prior struct {
	Marker  uint64
	Ruleset uint64
	Outcome string
	// HasResults says the item had results.
	HasResults bool
}

// Items calls fn for every recorded item of a target. key is only valid
// during the call.
func (s *Store) Items(target int64, fn func(key []byte, p Prior)) error {
	rows, err := s.db.Query("SELECT key, marker, ruleset, outcome, results IS NOT NULL FROM items WHERE target = ?", target)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var key []byte
		var p Prior
		var marker, ruleset int64
		if err := rows.Scan(&key, &marker, &ruleset, &p.Outcome, &p.HasResults); err != nil {
			return err
		}
		p.Marker, p.Ruleset = uint64(marker), uint64(ruleset)
		fn(key, p)
	}
	return rows.Err()
}

// Results returns the stored results of an item (nil when none).
func (s *Store) Results(target int64, key []byte) ([]byte, error) {
	var b []byte
	err := s.db.QueryRow("SELECT results FROM items WHERE target = ? AND key = ?", target, key).Scan(&b)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	return b, err
}

// Item is one item's record.
type Item struct {
	Target  int64
	Key     []byte
	Path    string
	Size    int64
	ModTime time.Time
	Marker  uint64
	Ruleset uint64
	Outcome string
	Reason  string
	// Results is the item's results as the scanner encodes them; nil for
	// none.
	Results []byte
}

// Put records items in one transaction: a batch is either all there after
// a crash, or not at all.
func (s *Store) Put(items []Item) error {
	ctx := context.Background()
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	st, err := tx.PrepareContext(ctx, `INSERT INTO items (target, key, path, size, mtime, marker, ruleset, outcome, reason, results, run)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULLIF(?, ''), ?, ?)
		ON CONFLICT (target, key) DO UPDATE SET path = excluded.path, size = excluded.size, mtime = excluded.mtime,
		marker = excluded.marker, ruleset = excluded.ruleset, outcome = excluded.outcome, reason = excluded.reason,
		results = excluded.results, run = excluded.run`)
	if err != nil {
		tx.Rollback()
		return err
	}
	for _, it := range items {
		var mt int64
		if !it.ModTime.IsZero() {
			mt = it.ModTime.UnixNano()
		}
		var res any
		if it.Results != nil {
			res = it.Results
		}
		if _, err := st.ExecContext(ctx, it.Target, it.Key, it.Path, it.Size, mt, int64(it.Marker), int64(it.Ruleset),
			it.Outcome, it.Reason, res, s.run); err != nil {
			tx.Rollback()
			return err
		}
	}
	st.Close()
	return tx.Commit()
}

// Delete forgets items (gone from the source).
func (s *Store) Delete(target int64, keys [][]byte) error {
	ctx := context.Background()
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	for _, k := range keys {
		if _, err := tx.ExecContext(ctx, "DELETE FROM items WHERE target = ? AND key = ?", target, k); err != nil {
			tx.Rollback()
			return err
		}
	}
	return tx.Commit()
}

// Check runs SQLite's integrity check.
func (s *Store) Check() error {
	var r string
	if err := s.db.QueryRow("PRAGMA integrity_check").Scan(&r); err != nil {
		return err
	}
	if r != "ok" {
		return fmt.Errorf("state integrity check: %s", r)
	}
	return nil
}

// ItemPath returns the masked path recorded for an item.
func (s *Store) ItemPath(target int64, key []byte) (string, error) {
	var p string
	err := s.db.QueryRow("SELECT path FROM items WHERE target = ? AND key = ?", target, key).Scan(&p)
	return p, err
}

// EachResults calls fn with the stored results of every item that has any.
func (s *Store) EachResults(fn func(results []byte) error) error {
	rows, err := s.db.Query("SELECT results FROM items WHERE results IS NOT NULL")
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var b []byte
		if err := rows.Scan(&b); err != nil {
			return err
		}
		if err := fn(b); err != nil {
			return err
		}
	}
	return rows.Err()
}
