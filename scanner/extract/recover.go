package extract

// Recover turns a panic of the calling function into an ErrMalformed error
// stored in *err, labelled with what ("odf", "pdf", ...): hostile input must
// never crash the scanner. Defer it directly, as the first statement of an
// Extract with a named error result:
//
//	defer extract.Recover(&err, "odf")
//
// Without a panic it leaves *err alone.
func Recover(err *error, what string) {
	if r := recover(); r != nil {
		*err = MalformedError("%s: failure on damaged input: %s", what, PanicText(r))
	}
}
