package smb

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"os"
	"syscall"

	smb2 "github.com/cloudsoda/go-smb2"

	"github.com/credsweep/credsweep/connectors"
)

// NTSTATUS codes this package tells apart ([MS-ERREF] 2.3.1).
const (
	statusLogonFailure          = 0xC000006D
	statusNTLMBlocked           = 0xC0000418
	statusAccountRestriction    = 0xC000006E
	statusPasswordExpired       = 0xC0000071
	statusAccountDisabled       = 0xC0000072
	statusAccountLockedOut      = 0xC0000234
	statusPasswordMustChange    = 0xC0000224
	statusAccountExpired        = 0xC0000193
	statusInvalidLogonHours     = 0xC000006F
	statusBadNetworkName        = 0xC00000CC
	statusNetworkNameDeleted    = 0xC00000C9
	statusUserSessionDeleted    = 0xC0000203
	statusNetworkSessionExpired = 0xC000035C
	statusPathNotCovered        = 0xC0000257 // DFS: the path lives on another server
	statusSharingViolation      = 0xC0000043
	statusDeletePending         = 0xC0000056
	statusFileIsADirectory      = 0xC00000BA
	statusNotADirectory         = 0xC0000103
	statusObjectNameInvalid     = 0xC0000033
	statusAccessDenied          = 0xC0000022
	statusInsufficientResources = 0xC000009A
)

// kindError is an error with a clean message that matches a sentinel
// (connectors.ErrFatal, connectors.ErrTransient, fs.ErrPermission,
// fs.ErrNotExist) through errors.Is, and keeps the library error as cause.
type kindError struct {
	msg   string
	kind  error
	cause error
}

func (e *kindError) Error() string { return e.msg }

// Is matches the sentinel kind; the cause is reached through Unwrap.
func (e *kindError) Is(target error) bool { return e.kind != nil && target == e.kind }

func (e *kindError) Unwrap() error { return e.cause }

// errAccessDenied and errNotExist are the messages the scanner shows.
func errAccessDenied(cause error) error {
	return &kindError{msg: "access denied", kind: fs.ErrPermission, cause: cause}
}

func errNotExist(cause error) error {
	return &kindError{msg: "no such file or folder (deleted during the scan?)", kind: fs.ErrNotExist, cause: cause}
}

func transient(msg string, cause error) error {
	return &kindError{msg: msg, kind: connectors.ErrTransient, cause: cause}
}

func fatal(msg string, cause error) error {
	return &kindError{msg: msg, kind: connectors.ErrFatal, cause: cause}
}

// ntStatus returns the NTSTATUS carried by err, if any.
func ntStatus(err error) (uint32, bool) {
	var re *smb2.ResponseError
	if errors.As(err, &re) {
		return re.Code, true
	}
	return 0, false
}

// isConnectionLost reports whether err means the session can no longer be
// used: the TCP connection broke, or the server forgot the session or tree.
func isConnectionLost(err error) bool {
	var te *smb2.TransportError
	if errors.As(err, &te) {
		return true
	}
	if errors.Is(err, net.ErrClosed) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, syscall.ECONNRESET) ||
		errors.Is(err, syscall.EPIPE) || errors.Is(err, io.EOF) {
		return true
	}
	var ire *smb2.InvalidResponseError
	if errors.As(err, &ire) {
		return true // a desynchronised connection: start afresh
	}
	if code, ok := ntStatus(err); ok {
		switch code {
		case statusNetworkNameDeleted, statusUserSessionDeleted, statusNetworkSessionExpired:
			return true
		}
	}
	return false
}

// statusText explains an NTSTATUS for people; "" when there is nothing
// better than the library's text.
func statusText(code uint32) string {
	switch code {
	case statusLogonFailure:
		return "logon failure: wrong user name or password"
	case statusNTLMBlocked:
		return "logon failure: the server refuses NTLM (use Kerberos: --smb-auth kerberos)"
	case statusAccountRestriction:
		return "logon failure: account restriction (blank password or not allowed to log on here)"
	case statusPasswordExpired:
		return "logon failure: password expired"
	case statusPasswordMustChange:
		return "logon failure: the password must be changed before the first logon"
	case statusAccountDisabled:
		return "logon failure: account disabled"
	case statusAccountLockedOut:
		return "logon failure: account locked out"
	case statusAccountExpired:
		return "logon failure: account expired"
	case statusInvalidLogonHours:
		return "logon failure: outside the account's logon hours"
	case statusBadNetworkName:
		return "no such share"
	case statusPathNotCovered:
		return "DFS link (served by another server): not followed"
	case statusSharingViolation:
		return "file is locked by another program (sharing violation)"
	case statusFileIsADirectory:
		return "is a folder"
	case statusNotADirectory:
		return "not a folder"
	case statusObjectNameInvalid:
		return "invalid file name"
	case statusInsufficientResources:
		return "server out of resources"
	}
	return ""
}

// isLogonStatus reports NTSTATUS codes that mean the credentials are no
// good: nothing can be read with them.
func isLogonStatus(code uint32) bool {
	switch code {
	case statusLogonFailure, statusNTLMBlocked, statusAccountRestriction, statusPasswordExpired, statusPasswordMustChange,
		statusAccountDisabled, statusAccountLockedOut, statusAccountExpired, statusInvalidLogonHours:
		return true
	}
	return false
}

// classify turns an error of one SMB call on an item into the error the
// scanner sees. timedOut says the per-call deadline fired (the call, not
// the caller, gave up). It reports whether the session must be dropped.
func classify(err error, timedOut bool, callTimeout fmt.Stringer) (out error, dropSession bool) {
	var ke *kindError
	switch {
	case err == nil:
		return nil, false
	case errors.As(err, &ke) && err == error(ke):
		return err, false // already classified (a dial error)
	case timedOut:
		return transient(fmt.Sprintf("no answer from the server within %s", callTimeout), err), true
	case errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded):
		return err, false // the caller's own cancellation or deadline
	case isConnectionLost(err):
		return transient("connection to the server lost: "+rootCause(err).Error(), err), true
	case errors.Is(err, os.ErrPermission):
		return errAccessDenied(err), false
	case errors.Is(err, os.ErrNotExist):
		return errNotExist(err), false
	}
	if code, ok := ntStatus(err); ok {
		switch {
		case code == statusDeletePending:
			return errNotExist(err), false
		case code == statusAccessDenied:
			return errAccessDenied(err), false
		case isLogonStatus(code):
			return fatal(statusText(code), err), true
		case statusText(code) != "":
			return &kindError{msg: statusText(code), cause: err}, false
		}
	}
	if errors.Is(err, smb2.ErrRequestNotAccepted) {
		return transient("server busy (request not accepted)", err), false
	}
	return err, false
}

// rootCause strips the library's PathError and TransportError wrappers, so
// messages do not repeat the file name.
func rootCause(err error) error {
	for {
		var pe *fs.PathError
		var te *smb2.TransportError
		switch {
		case errors.As(err, &pe) && pe.Err != nil && pe.Err != err:
			err = pe.Err
		case errors.As(err, &te) && te.Err != nil:
			return te.Err
		default:
			return err
		}
	}
}
