package extract

import "runtime"

// PanicText describes a recovered panic for a report without quoting the
// file: runtime errors ("index out of range") name no content, but a
// library's own panic message may quote the bytes it choked on, which can
// be a password.
func PanicText(r any) string {
	if re, ok := r.(runtime.Error); ok {
		return re.Error()
	}
	return "internal parser error"
}
