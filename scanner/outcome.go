package scanner

import (
	"context"
	"errors"
	"io"
	"io/fs"
	"net/url"
	"os"
	"strings"

	"github.com/credsweep/credsweep/connectors"
	"github.com/credsweep/credsweep/scanner/extract"
)

// class is what an error means for the file it happened on. classify is
// the one place an error becomes an outcome: the worker, the file scan and
// the sink all ask it.
type class struct {
	outcome Outcome
	// reason says why in plain words, without the file's path (the
	// location says where) and never with content.
	reason string
	// retry: read the whole file again (a dropped connection, a timeout).
	retry bool
	// fatal: no file can be read any more; the scan stops (exit code 2).
	fatal bool
	// encrypted: the file is a finding of its own (secret/encrypted-file).
	encrypted bool
}

// rule is one row of the classification table.
type rule struct {
	is  func(error) bool
	out func(error) class
}

// classes is the table, first match wins. Its own table test lists a case
// per row.
var classes = []rule{
	{is(connectors.ErrFatal), func(err error) class {
		return class{outcome: Failed, reason: message(err), fatal: true}
	}},
	{is(extract.ErrEncrypted), func(err error) class {
		return class{outcome: Partial, reason: message(err), encrypted: true}
	}},
	{is(extract.ErrLimit), func(err error) class { return class{outcome: Partial, reason: message(err)} }},
	{isTruncated, func(err error) class {
		return class{outcome: Partial, reason: "truncated (the file ends early, as a half-copied file does): what could be read was examined"}
	}},
	{is(fs.ErrPermission), func(error) class { return class{outcome: Failed, reason: "access denied"} }},
	{is(fs.ErrNotExist), func(error) class {
		return class{outcome: Failed, reason: "vanished: deleted or moved during the scan"}
	}},
	{is(context.DeadlineExceeded), func(err error) class {
		return class{outcome: Failed, reason: "timed out: " + message(err), retry: errors.Is(err, connectors.ErrTransient)}
	}},
	{is(connectors.ErrTransient), func(err error) class {
		return class{outcome: Failed, reason: message(err), retry: true}
	}},
	{is(extract.ErrMalformed), func(err error) class { return class{outcome: Failed, reason: message(err)} }},
	{is(errDetectorPanic), func(err error) class { return class{outcome: Failed, reason: errDetectorPanic.Error()} }},
}

// classify looks an error up in the table; anything else fails the file
// with its message.
func classify(err error) class {
	for _, r := range classes {
		if r.is(err) {
			return r.out(err)
		}
	}
	return class{outcome: Failed, reason: message(err)}
}

func is(target error) func(error) bool {
	return func(err error) bool { return errors.Is(err, target) }
}

// isTruncated reports a stream that ended early: io.ErrUnexpectedEOF from
// a decompressor or archive reader, not from the source (a source that
// ends early is a changed file, which is retried as a source error).
func isTruncated(err error) bool {
	var se *sourceError
	if errors.As(err, &se) {
		return false
	}
	return errors.Is(err, extract.ErrTruncated) || errors.Is(err, io.ErrUnexpectedEOF)
}

// message is an error's text without the paths and URLs the standard
// library puts in it: the location already names the file, and a path may
// hold a value (the collector masks what is left).
func message(err error) string {
	var pe *fs.PathError
	var le *os.LinkError
	var ue *url.Error
	switch {
	case errors.As(err, &pe):
		return strings.Replace(err.Error(), pe.Error(), pe.Op+": "+pe.Err.Error(), 1)
	case errors.As(err, &le):
		return strings.Replace(err.Error(), le.Error(), le.Op+": "+le.Err.Error(), 1)
	case errors.As(err, &ue):
		return strings.Replace(err.Error(), ue.Error(), ue.Op+": "+ue.Err.Error(), 1)
	}
	return err.Error()
}

// openFailure says why a target could not be opened. It is not classify:
// a target that is missing was never there for this scan, not vanished
// during it.
func openFailure(err error) string {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return "not found"
	case errors.Is(err, fs.ErrPermission):
		return "access denied"
	}
	return message(err)
}
