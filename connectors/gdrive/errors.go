package gdrive

import (
	"context"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"strings"
	"syscall"
	"time"

	"golang.org/x/oauth2"
	"google.golang.org/api/googleapi"

	"github.com/credsweep/credsweep/connectors"
)

// verdict is what to do after a failed attempt.
type verdict struct {
	retry bool
	fatal bool
	after time.Duration // server-requested wait (Retry-After)
}

// rateReasons are the 403 reasons that mean "slow down", not "forbidden".
var rateReasons = map[string]bool{
	"rateLimitExceeded":     true,
	"userRateLimitExceeded": true,
}

// rateLimited says whether a 403 means "slow down". Drive names the
// reason in error.errors[].reason; other front ends (and the newer error
// model) only say RESOURCE_EXHAUSTED in error.status or a details entry,
// or put it in the message, so the raw body is checked too. A per-file
// reason (downloadQuotaExceeded) always wins: retrying it cannot help.
func rateLimited(ge *googleapi.Error, why string) bool {
	if why != "" && (rateReasons[why] || fileReasons[why]) {
		return rateReasons[why]
	}
	var body struct {
		Error struct {
			Status  string `json:"status"`
			Message string `json:"message"`
			Details []struct {
				Reason string `json:"reason"`
			} `json:"details"`
		} `json:"error"`
	}
	_ = json.Unmarshal([]byte(ge.Body), &body)
	if body.Error.Status == "RESOURCE_EXHAUSTED" {
		return true
	}
	for _, d := range body.Error.Details {
		if d.Reason == "RATE_LIMIT_EXCEEDED" || rateReasons[d.Reason] {
			return true
		}
	}
	msg := strings.ToLower(ge.Message + " " + body.Error.Message)
	return strings.Contains(msg, "rate limit")
}

// fileReasons are final reasons about one file.
var fileReasons = map[string]bool{
	"downloadQuotaExceeded": true, "cannotDownloadAbusiveFile": true, "fileNotDownloadable": true,
	"exportSizeLimitExceeded": true, "insufficientFilePermissions": true, "forbidden": true,
}

// unsupported says whether err is a server refusing a request's shape (a
// query, a parameter): 400 or 501, worth a simpler request.
func unsupported(err error) bool {
	code, _ := reason(err)
	return code == http.StatusBadRequest || code == http.StatusNotImplemented
}

// missing says whether err means the method or object is not there:
// 400, 404, 405 or 501 (a partial Drive implementation).
func missing(err error) bool {
	code, _ := reason(err)
	return unsupported(err) || code == http.StatusNotFound || code == http.StatusMethodNotAllowed
}

// reason returns the first error reason of a Google API error.
func reason(err error) (code int, why string) {
	var ge *googleapi.Error
	if !errors.As(err, &ge) {
		return 0, ""
	}
	for _, it := range ge.Errors {
		if it.Reason != "" {
			return ge.Code, it.Reason
		}
	}
	return ge.Code, ""
}

// classify decides whether err (from an attempt under ctx) is worth a
// retry, is fatal to the whole scan, or is final for this call.
func classify(ctx context.Context, err error, now func() time.Time) verdict {
	if ctx.Err() != nil {
		return verdict{}
	}
	var ge *googleapi.Error
	if errors.As(err, &ge) {
		after := retryAfter(ge.Header, now)
		_, why := reason(err)
		switch {
		case ge.Code == http.StatusUnauthorized:
			return verdict{fatal: true}
		case ge.Code == http.StatusNotImplemented:
			// Deterministic: a server without this method or parameter.
			return verdict{}
		case ge.Code == http.StatusTooManyRequests, ge.Code == http.StatusRequestTimeout, ge.Code >= 500:
			return verdict{retry: true, after: after}
		case ge.Code == http.StatusForbidden && rateLimited(ge, why):
			return verdict{retry: true, after: after}
		}
		return verdict{}
	}
	var re *oauth2.RetrieveError
	if errors.As(err, &re) {
		if re.Response != nil && (re.Response.StatusCode >= 500 || re.Response.StatusCode == http.StatusTooManyRequests) {
			return verdict{retry: true}
		}
		return verdict{fatal: true}
	}
	var dns *net.DNSError
	var unknownCA x509.UnknownAuthorityError
	var badHost x509.HostnameError
	var badCert x509.CertificateInvalidError
	switch {
	case errors.As(err, &dns) && dns.IsNotFound,
		errors.As(err, &unknownCA), errors.As(err, &badHost), errors.As(err, &badCert):
		return verdict{}
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		// The attempt's own timeout, the parent is alive.
		return verdict{retry: true}
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF),
		errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.ECONNREFUSED),
		errors.Is(err, syscall.EPIPE), errors.Is(err, syscall.ECONNABORTED):
		return verdict{retry: true}
	}
	var ne net.Error
	if errors.As(err, &ne) {
		return verdict{retry: true}
	}
	return verdict{}
}

// fatalError wraps an authentication failure in connectors.ErrFatal with a
// message saying what to do.
func fatalError(err error) error {
	var re *oauth2.RetrieveError
	if errors.As(err, &re) {
		code := re.ErrorCode
		if code == "" && re.Response != nil {
			code = re.Response.Status
		}
		return fmt.Errorf("gdrive: %w: the token endpoint refused the credentials (%s): "+
			"log in again (credsweep auth gdrive) or check the key file and domain-wide delegation", connectors.ErrFatal, code)
	}
	return fmt.Errorf("gdrive: %w: Drive rejected the access token (401): the credentials are invalid, "+
		"expired or revoked; log in again (credsweep auth gdrive): %v", connectors.ErrFatal, err)
}

// fileError turns a final per-file error into a plain error with a clear
// message; the scanner records the file as not examined. A refusal wraps
// fs.ErrPermission, a file that is gone fs.ErrNotExist.
func fileError(title string, err error) error {
	code, why := reason(err)
	var msg string
	var kind error
	switch why {
	case "downloadQuotaExceeded":
		msg = "Drive's download quota for this file is exceeded (too many downloads in 24 h); retry later"
	case "cannotDownloadAbusiveFile":
		msg = "Drive flagged this file as malware or spam and refuses to download it"
	case "fileNotDownloadable":
		msg = "the file has no downloadable content (a Google-native file without an export)"
	case "exportSizeLimitExceeded":
		msg = "the file is too large for Drive to export (10 MB limit of files.export)"
	case "insufficientFilePermissions", "forbidden":
		msg, kind = "no permission to download this file (the owner may have disabled downloads)", fs.ErrPermission
	case "notFound":
		msg, kind = "the file no longer exists or is not shared with this account", fs.ErrNotExist
	default:
		switch {
		case code == http.StatusNotFound:
			msg, kind = "the file no longer exists or is not shared with this account", fs.ErrNotExist
		case code != 0:
			msg = fmt.Sprintf("Drive refused the download (HTTP %d %s)", code, why)
		default:
			return fmt.Errorf("gdrive: %q: %w", title, err)
		}
	}
	if kind != nil {
		return &kindError{msg: fmt.Sprintf("gdrive: %q: %s: %v", title, msg, err), kind: kind, cause: err}
	}
	return fmt.Errorf("gdrive: %q: %s: %w", title, msg, err)
}

// kindError is an error that is also one of the fs sentinel errors.
type kindError struct {
	msg         string
	kind, cause error
}

func (e *kindError) Error() string   { return e.msg }
func (e *kindError) Unwrap() []error { return []error{e.kind, e.cause} }
