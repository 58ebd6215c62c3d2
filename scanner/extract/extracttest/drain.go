package extracttest

import "io"

// Drain is an extract.Sink that reads every part to its end and keeps
// nothing, like a scan that finds nothing: for benchmarks. Reuse one Drain
// across iterations to keep its own allocation out of the figures.
type Drain struct {
	// Bytes counts what was read from text parts and nested files.
	Bytes int64
}

// Text reads the part.
func (d *Drain) Text(_ string, _ bool, r io.Reader) error { return d.read(r) }

// File reads the file.
func (d *Drain) File(_ string, _ int64, r io.Reader) error { return d.read(r) }

// Skip does nothing.
func (d *Drain) Skip(string, string) {}

func (d *Drain) read(r io.Reader) error {
	// Hiding WriterTo makes the extractor's reader serve Read calls, as
	// the scanner's detectors do; only then, as the wrapper costs an
	// allocation per part.
	if _, ok := r.(io.WriterTo); ok {
		r = struct{ io.Reader }{r}
	}
	n, err := io.Copy(io.Discard, r)
	d.Bytes += n
	return err
}
