// Package extracttest provides test helpers for extractors: a Sink that
// records what an extractor hands over, with the failure modes tests need,
// and one that drains everything for benchmarks.
package extracttest

import (
	"errors"
	"fmt"
	"io"
	"strings"
)

// Text is one text part a Recorder received.
type Text struct {
	Name  string
	Table bool
	Data  string
}

// File is one nested file a Recorder received.
type File struct {
	Name string
	Size int64  // the size hint given to File
	Data string // what was read; empty in Discard mode
	Err  error  // met while reading, when HoldReadErr kept it from the caller
}

// String keeps failure messages readable for large or binary members.
func (f File) String() string {
	return fmt.Sprintf("%s (%d bytes): %.60q", f.Name, len(f.Data), f.Data)
}

// Recorder is an extract.Sink that keeps everything it is handed, in order.
// The zero value records everything and fails nothing. It is not safe for
// concurrent use, as extractors call their sink from one goroutine.
type Recorder struct {
	Texts []Text
	Files []File
	// Skips maps a skipped part's name to the reason given last.
	Skips map[string]string
	// Read counts the bytes read from nested files, also in Discard mode.
	Read int64

	// Discard reads nested files to their end but keeps no content: for
	// bombs and fuzzing, where the bytes would not fit in memory.
	Discard bool
	// TextLimit, when > 0, is the most bytes Text reads from a part, as a
	// sink that stops early does.
	TextLimit int64
	// Err, when set, is returned by every Text and File call after the
	// first FailAfter calls, once the part has been read and recorded.
	Err       error
	FailAfter int
	// RejectText makes Text fail: the extractor must hand over no text.
	RejectText bool
	// Unique makes File fail for a name handed over before.
	Unique bool
	// HoldReadErr keeps a read error in File.Err instead of returning it.
	HoldReadErr bool
	// Recurse, when set, is called with each nested file read without
	// error, the way the scanner extracts nested archives; its error is
	// returned by File.
	Recurse func(name, data string) error

	calls int
	index map[string]int // file name -> last position in Files
}

// Text records one text part.
func (s *Recorder) Text(name string, table bool, r io.Reader) error {
	if s.RejectText {
		return fmt.Errorf("unexpected text part %q", name)
	}
	if s.TextLimit > 0 {
		r = io.LimitReader(r, s.TextLimit)
	}
	b, err := io.ReadAll(r)
	s.Texts = append(s.Texts, Text{Name: name, Table: table, Data: string(b)})
	if err != nil {
		return err
	}
	return s.fail()
}

// File records one nested file.
func (s *Recorder) File(name string, size int64, r io.Reader) error {
	if _, dup := s.index[name]; dup && s.Unique {
		return errors.New("duplicate file name handed over: " + name)
	}
	var b strings.Builder
	var w io.Writer = &b
	if s.Discard {
		w = io.Discard
	}
	n, err := io.Copy(w, r)
	s.Read += n
	f := File{Name: name, Size: size, Data: b.String()}
	if s.index == nil {
		s.index = map[string]int{}
	}
	s.index[name] = len(s.Files)
	if err != nil && s.HoldReadErr {
		f.Err, err = err, nil
	}
	s.Files = append(s.Files, f)
	if err != nil {
		return err
	}
	if s.Recurse != nil && f.Err == nil {
		if err := s.Recurse(name, f.Data); err != nil {
			return err
		}
	}
	return s.fail()
}

// Skip records a skipped part.
func (s *Recorder) Skip(name, reason string) {
	if s.Skips == nil {
		s.Skips = map[string]string{}
	}
	s.Skips[name] = reason
}

// fail returns Err once FailAfter calls have passed.
func (s *Recorder) fail() error {
	s.calls++
	if s.Err != nil && s.calls > s.FailAfter {
		return s.Err
	}
	return nil
}

// Lookup returns the file handed over last under name.
func (s *Recorder) Lookup(name string) (File, bool) {
	i, ok := s.index[name]
	if !ok {
		return File{}, false
	}
	return s.Files[i], true
}

// Data returns the content of the file handed over last under name, or ""
// when there is none.
func (s *Recorder) Data(name string) string {
	f, _ := s.Lookup(name)
	return f.Data
}

// Names lists the files' names in the order they were handed over.
func (s *Recorder) Names() []string {
	out := make([]string, len(s.Files))
	for i, f := range s.Files {
		out[i] = f.Name
	}
	return out
}

// Section returns the first text part called name.
func (s *Recorder) Section(name string) (Text, bool) {
	for _, t := range s.Texts {
		if t.Name == name {
			return t, true
		}
	}
	return Text{}, false
}

// AllText joins the text parts, each followed by sep.
func (s *Recorder) AllText(sep string) string {
	var b strings.Builder
	for _, t := range s.Texts {
		b.WriteString(t.Data)
		b.WriteString(sep)
	}
	return b.String()
}
