package smb

import (
	"encoding/binary"
	"errors"
	"fmt"
	"strings"
	"unicode/utf16"
)

// A DFS referral ([MS-DFSC] 2.2.4, RESP_GET_DFS_REFERRAL) says where a
// namespace path really lives: one or more targets `\server\share[\path]`,
// replicas of each other, best first.
type referral struct {
	// targets are the UNC paths (one leading backslash), in the server's
	// order, with the unconsumed rest of the request appended.
	targets []string
	// rootServers is set when the targets are themselves DFS namespace
	// servers (ReferralServers flag) rather than storage.
	rootServers bool
}

// referralLevel is the highest referral version we ask for and decode.
const referralLevel = 4

// maxReferralTargets bounds what one answer may list: a real link has a
// handful of replicas.
const maxReferralTargets = 64

var errBadReferral = errors.New("malformed DFS referral")

// parseReferral decodes a RESP_GET_DFS_REFERRAL for the request path req
// (one leading backslash, as sent). Entries of versions 1 to 4 are read;
// name-list entries (domain and DC referrals, which carry no storage
// target) are ignored. It never panics on hostile input: every offset is
// checked against the buffer.
func parseReferral(b []byte, req string) (referral, error) {
	if len(b) < 8 {
		return referral{}, errBadReferral
	}
	var r referral
	consumedBytes := int(binary.LittleEndian.Uint16(b[0:]))
	n := int(binary.LittleEndian.Uint16(b[2:]))
	flags := binary.LittleEndian.Uint32(b[4:])
	r.rootServers = flags&0x1 != 0
	// PathConsumed counts the UTF-16 bytes of the request the referral
	// covers, without its NUL; the rest is appended to each target.
	reqU := utf16.Encode([]rune(req))
	consumed := min(consumedBytes/2, len(reqU))
	rest := strings.TrimLeft(string(utf16.Decode(reqU[consumed:])), `\`)
	off := 8
	for i := 0; i < n && i < maxReferralTargets; i++ {
		if off+4 > len(b) {
			return referral{}, errBadReferral
		}
		e := b[off:]
		version := binary.LittleEndian.Uint16(e[0:])
		size := int(binary.LittleEndian.Uint16(e[2:]))
		if size < 8 || off+size > len(b) {
			return referral{}, errBadReferral
		}
		target, ok, err := referralTarget(e, version, size)
		if err != nil {
			return referral{}, err
		}
		if ok {
			if rest != "" {
				target = strings.TrimRight(target, `\`) + `\` + rest
			}
			r.targets = append(r.targets, target)
		}
		off += size
	}
	if len(r.targets) == 0 {
		return referral{}, fmt.Errorf("DFS referral lists no target")
	}
	return r, nil
}

// referralTarget reads one entry's network address. e starts at the entry
// and runs to the end of the buffer: offsets in versions 2 to 4 are
// relative to the entry's start and may point past its fixed part.
func referralTarget(e []byte, version uint16, size int) (string, bool, error) {
	switch version {
	case 1:
		// VersionNumber, Size, ServerType, ReferralEntryFlags, then the
		// NUL-terminated ShareName inside the entry.
		s, err := utf16z(e[:size], 8)
		return s, err == nil && s != "", err
	case 2:
		if size < 22 {
			return "", false, errBadReferral
		}
		s, err := utf16z(e, int(binary.LittleEndian.Uint16(e[20:])))
		return s, err == nil && s != "", err
	case 3, 4:
		if size < 18 {
			return "", false, errBadReferral
		}
		if binary.LittleEndian.Uint16(e[6:])&0x2 != 0 {
			return "", false, nil // NameListReferral: domain or DC names
		}
		s, err := utf16z(e, int(binary.LittleEndian.Uint16(e[16:])))
		return s, err == nil && s != "", err
	}
	return "", false, fmt.Errorf("DFS referral version %d not supported", version)
}

// utf16z reads a NUL-terminated UTF-16LE string at off in b.
func utf16z(b []byte, off int) (string, error) {
	if off < 0 || off >= len(b) {
		return "", errBadReferral
	}
	var u []uint16
	for i := off; i+1 < len(b); i += 2 {
		c := binary.LittleEndian.Uint16(b[i:])
		if c == 0 {
			return string(utf16.Decode(u)), nil
		}
		u = append(u, c)
	}
	return "", errBadReferral
}

// dfsPath is a parsed referral target.
type dfsPath struct {
	host, share, rel string // rel slash-separated, "" for the share root
}

// parseUNC splits `\server\share[\path]` (one or two leading backslashes).
func parseUNC(s string) (dfsPath, bool) {
	s = strings.TrimLeft(s, `\`)
	parts := strings.SplitN(s, `\`, 3)
	if len(parts) < 2 || parts[0] == "" || parts[1] == "" {
		return dfsPath{}, false
	}
	p := dfsPath{host: parts[0], share: parts[1]}
	if len(parts) == 3 {
		p.rel = strings.Trim(strings.ReplaceAll(parts[2], `\`, "/"), "/")
	}
	return p, true
}

// covers says whether a walk of p includes q.
func (p dfsPath) covers(q dfsPath) bool {
	if !strings.EqualFold(p.host, q.host) || !strings.EqualFold(p.share, q.share) {
		return false
	}
	if p.rel == "" {
		return true
	}
	pr, qr := strings.ToLower(p.rel), strings.ToLower(q.rel)
	return qr == pr || strings.HasPrefix(qr, pr+"/")
}
