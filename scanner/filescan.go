package scanner

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/credsweep/credsweep/detectors"
	"github.com/credsweep/credsweep/scanner/extract"
)

// binaryHead is how much of a file binary detectors see.
const binaryHead = 64 << 10

// memSpool is the largest nested file kept in memory for random access;
// bigger ones go to a temporary file.
const memSpool = 32 << 20

// fileScan examines one top-level file and everything nested in it.
type fileScan struct {
	w      *worker
	ctx    context.Context
	out    *fileOutcome
	limits extract.Limits
	// total counts uncompressed bytes of nested members, against
	// Limits.MaxTotalBytes.
	total int64
	// cleanups remove spooled copies (they hold extracted content) when
	// the file is done.
	cleanups []func()
}

// process sniffs r and routes it to text detection or an extractor. It
// records content problems on art and returns only errors reading the
// source itself, or cancellation.
func (fs *fileScan) process(art *artifact, path, name string, r io.Reader, at io.ReaderAt, size int64, depth int) error {
	// Each depth has its reader: nested members are read while their
	// parent's reader is still in use. It lets go of r when done.
	br := fs.w.headAt(depth, r)
	defer br.Reset(nil)
	head, err := br.Peek(binaryHead)
	if err != nil && err != io.EOF && err != bufio.ErrBufferFull {
		return fs.sourceOrContent(art, err)
	}
	kind, mime := extract.Sniff(head[:min(len(head), extract.SniffLen)])
	art.kind = string(kind)
	section := detectors.Section{File: path}
	for _, d := range fs.w.s.opt.Detectors {
		if bd, ok := d.(detectors.BinaryDetector); ok && kind != extract.KindText {
			bd.DetectBinary(name, head, func(f detectors.Finding) { art.add(fs.w.s, section, f) })
		}
	}
	switch kind {
	case extract.KindEmpty:
		return nil
	case extract.KindText:
		return fs.sourceOrContent(art, fs.text(art, section, br))
	case extract.KindBinary:
		if mime != "" && !textChunk(head[min(len(head), 16):]) {
			// A known binary format whose bytes after the magic are
			// not text: not read further.
			if len(art.agg) == 0 {
				art.outcome, art.reason = Skipped, "binary file ("+mime+")"
			}
			return nil
		}
		return fs.sourceOrContent(art, fs.mixed(art, section, br, mime))
	}
	var ra io.ReaderAt = at
	if kind == extract.KindZip || kind == extract.KindSevenZip || kind == extract.KindOLE2 {
		if ra == nil || size < 0 {
			var cleanup func()
			ra, size, cleanup, err = fs.spool(br)
			if err != nil {
				return fs.sourceOrContent(art, err)
			}
			defer cleanup()
		}
		if kind == extract.KindZip {
			kind = extract.ZipKind(ra, size)
			art.kind = string(kind)
		}
	}
	ex := fs.w.s.opt.Extractors[kind]
	if ex == nil {
		art.outcome, art.reason = Skipped, fmt.Sprintf("no extractor for %s files", kind)
		return nil
	}
	in := extract.Input{Name: name, Size: size, R: br, At: ra, Limits: fs.limits,
		Spool: func(r io.Reader) (io.ReaderAt, int64, error) {
			at, n, cleanup, err := fs.spool(r)
			if err == nil {
				fs.cleanups = append(fs.cleanups, cleanup)
			}
			return at, n, err
		}}
	if in.At != nil && size >= 0 {
		// Random access reads the file from its start, independent of br.
		in.R = io.NewSectionReader(in.At, 0, size)
	}
	sink := &sink{fs: fs, art: art, path: path, depth: depth}
	err = ex.Extract(fs.ctx, in, sink)
	return fs.sourceOrContent(art, err)
}

// sourceOrContent sorts an error: source errors and cancellation abort the
// attempt; anything else is a problem with this file's content.
func (fs *fileScan) sourceOrContent(art *artifact, err error) error {
	var se *sourceError
	switch {
	case err == nil:
		return nil
	case errors.As(err, &se), fs.ctx.Err() != nil, isMemberError(err):
		if fs.ctx.Err() != nil && !errors.As(err, &se) {
			cause := context.Cause(fs.ctx)
			if errors.Is(cause, context.DeadlineExceeded) {
				// The file's own time limit, not a cancelled scan.
				return fmt.Errorf("%w: the file took longer than --file-timeout (%s)", cause, fs.w.s.opt.FileTimeout)
			}
			return cause
		}
		return err
	}
	c := classify(err)
	if c.encrypted {
		art.add(fs.w.s, detectors.Section{}, detectors.Finding{
			Rule: encryptedRuleID, Line: 1, Secret: "encrypted", Masked: "(encrypted)",
			Detail: detectors.Text("encrypted or password protected"), Confidence: detectors.ConfidenceHigh})
	}
	art.degrade(c.outcome, c.reason)
	return nil
}

func isMemberError(err error) bool {
	var me *memberError
	return errors.As(err, &me)
}

// encryptedRuleID is the rule the scanner reports encrypted files under;
// the secrets detector defines it.
const encryptedRuleID = "secret/encrypted-file"

// text decodes one text stream and runs every detector over it.
func (fs *fileScan) text(art *artifact, sec detectors.Section, r io.Reader) error {
	br, ok := r.(*bufio.Reader)
	if !ok {
		br = bufio.NewReaderSize(r, 8192)
	}
	head, _ := br.Peek(4096)
	dec, enc := decodeText(br, head)
	fs.w.lines.trusted = enc != enc8bit
	return fs.detect(art, sec, dec)
}

// detect runs every detector over a UTF-8(-ish) stream.
func (fs *fileScan) detect(art *artifact, sec detectors.Section, dec io.Reader) error {
	sessions := make([]detectors.Session, len(fs.w.s.opt.Detectors))
	for i, d := range fs.w.s.opt.Detectors {
		sessions[i] = d.NewSession(sec)
	}
	emit := func(f detectors.Finding) { art.add(fs.w.s, sec, f) }
	n, err := fs.w.lines.run(dec, func(block []byte, first int) error {
		if err := fs.ctx.Err(); err != nil {
			return err
		}
		for _, s := range sessions {
			if err := guard(func() { s.Scan(block, first, emit) }); err != nil {
				return err
			}
		}
		return nil
	})
	for _, s := range sessions {
		if perr := guard(func() { s.Finish(emit) }); perr != nil && err == nil {
			err = perr
		}
	}
	art.textBytes += n
	return err
}

// errDetectorPanic is a detector that failed on a section: the file is
// failed with a fixed reason (a panic value may quote the text), and the
// scan goes on.
var errDetectorPanic = errors.New("a detector failed on this file (internal error; please report it)")

// guard runs f and turns a panic into errDetectorPanic.
func guard(f func()) (err error) {
	defer func() {
		if recover() != nil {
			err = errDetectorPanic
		}
	}()
	f()
	return nil
}

// mixed scans the text chunks of a file that did not start as text.
func (fs *fileScan) mixed(art *artifact, sec detectors.Section, r io.Reader, mime string) error {
	m := newMixedReader(r)
	fs.w.lines.trusted = false
	err := fs.detect(art, sec, m)
	switch {
	case m.text == 0 && len(art.agg) == 0:
		art.outcome, art.reason = Skipped, "binary file"
		if mime != "" {
			art.reason += " (" + mime + ")"
		}
	case m.text > 0:
		art.kind = KindMixed
	}
	return err
}

// KindMixed is the kind (Stats.Kinds) of files of text and binary chunks.
const KindMixed = "text in a binary file"

// spool copies r so it can be read at random, in memory when small.
func (fs *fileScan) spool(r io.Reader) (io.ReaderAt, int64, func(), error) {
	max := fs.limits.MaxMemberBytes
	if max <= 0 {
		max = extract.DefaultLimits.MaxMemberBytes
	}
	var buf bytes.Buffer
	n, err := io.CopyN(&buf, r, memSpool)
	if err != nil && err != io.EOF {
		return nil, 0, nil, err
	}
	if n < memSpool {
		b := buf.Bytes()
		return bytes.NewReader(b), int64(len(b)), func() {}, nil
	}
	f, err := newSealedFile(fs.w.s.opt.TempDir)
	if err != nil {
		return nil, 0, nil, err
	}
	cleanup := func() { f.Close() }
	total, err := io.Copy(f.writer(), io.MultiReader(&buf, io.LimitReader(r, max-n)))
	if err != nil {
		cleanup()
		return nil, 0, nil, err
	}
	if total >= max {
		cleanup()
		return nil, 0, nil, extract.LimitError("file larger than the member limit of %s needs random access", formatBytes(max))
	}
	return f, total, cleanup, nil
}

// sink receives an extractor's output for one artifact.
type sink struct {
	fs    *fileScan
	art   *artifact
	path  string
	depth int
}

func (s *sink) Text(name string, table bool, r io.Reader) error {
	if err := s.fs.ctx.Err(); err != nil {
		return err
	}
	sec := detectors.Section{File: s.path, Name: name, Table: table}
	return s.fs.text(s.art, sec, r)
}

func (s *sink) File(name string, size int64, r io.Reader) error {
	if err := s.fs.ctx.Err(); err != nil {
		return err
	}
	parent := s.art
	loc := parent.loc
	loc.Members = append(append([]string(nil), loc.Members...), name)
	loc.Display = parent.loc.Display + "!/" + name
	child := &artifact{loc: loc, member: true}
	s.fs.out.artifacts = append(s.fs.out.artifacts, child)
	if s.depth+1 > s.fs.limits.MaxDepth {
		child.outcome = Partial
		child.reason = fmt.Sprintf("nested deeper than the depth limit of %d", s.fs.limits.MaxDepth)
		child.listed = true
		return nil
	}
	cr := &countingReader{r: r, member: true}
	err := s.fs.process(child, s.path+"!/"+name, baseName(name), cr, nil, size, s.depth+1)
	s.fs.total += cr.n
	if err != nil {
		var me *memberError
		if errors.As(err, &me) && s.fs.ctx.Err() == nil {
			// A member's stream broke (corrupt or truncated archive
			// data): what was read of it was examined; the extractor
			// decides whether to go on.
			c := classify(me.err)
			child.degrade(c.outcome, c.reason)
			return nil
		}
		return err
	}
	if max := s.fs.limits.MaxTotalBytes; max > 0 && s.fs.total > max {
		return extract.LimitError("more than %s uncompressed in total", formatBytes(max))
	}
	return nil
}

func (s *sink) Skip(name, reason string) {
	if name == "" {
		// A file the extractor cannot read for a known reason (a scanned
		// PDF without a text layer): skipped, and listed, so it is never
		// taken for examined.
		if s.art.outcome == Scanned && len(s.art.agg) == 0 {
			s.art.outcome, s.art.reason, s.art.listed = Skipped, reason, true
		}
		return
	}
	loc := s.art.loc
	loc.Members = append(append([]string(nil), loc.Members...), name)
	loc.Display = s.art.loc.Display + "!/" + name
	s.fs.out.artifacts = append(s.fs.out.artifacts, &artifact{loc: loc, member: true, outcome: Partial, reason: reason, listed: true})
}
