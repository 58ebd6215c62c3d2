package smb

import (
	"encoding/binary"
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// secDesc is the part of a Windows security descriptor that says who can
// read an object: owner and DACL, SIDs in "S-1-..." form.
//
// We parse descriptors ourselves, from the wire (parseSD) or from SDDL
// text (parseSDDL), rather than through cloudsoda/sddl, whose SDDL output
// swaps aliases (it prints Anonymous S-1-5-7 as "AS" and NETWORK S-1-5-2
// as "AN"): a wrong alias here would mislabel who can read a file.
type secDesc struct {
	owner, group string
	// daclPresent is false for a NULL DACL (or none): full access for all.
	daclPresent bool
	dacl        []ace
}

// ace is one access control entry.
type ace struct {
	typ   byte
	flags byte
	mask  uint32
	sid   string
}

// ACE types and flags ([MS-DTYP] 2.4.4.1).
const (
	aceAllowed               = 0x00
	aceDenied                = 0x01
	aceAllowedObject         = 0x05
	aceDeniedObject          = 0x06
	aceAllowedCallback       = 0x09
	aceDeniedCallback        = 0x0A
	aceAllowedCallbackObject = 0x0B
	aceDeniedCallbackObject  = 0x0C

	aceFlagInheritOnly = 0x08
	aceFlagInherited   = 0x10

	seDACLPresent = 0x0004
)

// Access mask bits that let a principal read a file's content.
const (
	fileReadData = 0x00000001
	genericAll   = 0x10000000
	genericRead  = 0x80000000
	readBits     = fileReadData | genericAll | genericRead
)

var errBadSD = errors.New("malformed security descriptor")

// parseSD parses a self-relative SECURITY_DESCRIPTOR ([MS-DTYP] 2.4.6), as
// returned by SMB2 QUERY_INFO.
func parseSD(b []byte) (secDesc, error) {
	var sd secDesc
	if len(b) < 20 || b[0] != 1 {
		return sd, errBadSD
	}
	le := binary.LittleEndian
	control := le.Uint16(b[2:])
	offOwner, offGroup, offDACL := le.Uint32(b[4:]), le.Uint32(b[8:]), le.Uint32(b[16:])
	var err error
	if offOwner != 0 {
		if sd.owner, err = parseSID(b, offOwner); err != nil {
			return sd, err
		}
	}
	if offGroup != 0 {
		if sd.group, err = parseSID(b, offGroup); err != nil {
			return sd, err
		}
	}
	if control&seDACLPresent == 0 || offDACL == 0 {
		return sd, nil // NULL DACL
	}
	sd.daclPresent = true
	sd.dacl, err = parseACL(b, offDACL)
	return sd, err
}

func parseSID(b []byte, off uint32) (string, error) {
	if uint64(off)+8 > uint64(len(b)) {
		return "", errBadSD
	}
	s := b[off:]
	n := int(s[1])
	if s[0] != 1 || n > 15 || len(s) < 8+4*n {
		return "", errBadSD
	}
	var auth uint64
	for _, c := range s[2:8] {
		auth = auth<<8 | uint64(c)
	}
	var sb strings.Builder
	sb.WriteString("S-1-")
	sb.WriteString(strconv.FormatUint(auth, 10))
	for i := 0; i < n; i++ {
		sb.WriteByte('-')
		sb.WriteString(strconv.FormatUint(uint64(binary.LittleEndian.Uint32(s[8+4*i:])), 10))
	}
	return sb.String(), nil
}

func parseACL(b []byte, off uint32) ([]ace, error) {
	if uint64(off)+8 > uint64(len(b)) {
		return nil, errBadSD
	}
	le := binary.LittleEndian
	a := b[off:]
	size, count := int(le.Uint16(a[2:])), int(le.Uint16(a[4:]))
	if size < 8 || size > len(a) {
		return nil, errBadSD
	}
	a = a[:size]
	aces := make([]ace, 0, min(count, 64))
	p := 8
	for i := 0; i < count; i++ {
		if p+8 > len(a) {
			return nil, errBadSD
		}
		typ, flags, asz := a[p], a[p+1], int(le.Uint16(a[p+2:]))
		if asz < 8 || p+asz > len(a) {
			return nil, errBadSD
		}
		body := a[p : p+asz]
		e := ace{typ: typ, flags: flags, mask: le.Uint32(body[4:])}
		sidOff := 8
		switch typ {
		case aceAllowedObject, aceDeniedObject, aceAllowedCallbackObject, aceDeniedCallbackObject, 0x07, 0x08, 0x0F, 0x10:
			if len(body) < 12 {
				return nil, errBadSD
			}
			of := le.Uint32(body[8:])
			sidOff = 12
			if of&1 != 0 {
				sidOff += 16
			}
			if of&2 != 0 {
				sidOff += 16
			}
		}
		if typ <= 0x10 && sidOff < len(body) {
			sid, err := parseSID(body, uint32(sidOff))
			if err != nil {
				return nil, err
			}
			e.sid = sid
		}
		aces = append(aces, e)
		p += asz
	}
	return aces, nil
}

// sddlSIDs maps SDDL SID aliases to SIDs; "D-<rid>" marks a SID relative
// to the (unknown) domain of the descriptor.
var sddlSIDs = map[string]string{
	"AN": "S-1-5-7", "AU": "S-1-5-11", "BA": "S-1-5-32-544", "BG": "S-1-5-32-546", "BU": "S-1-5-32-545",
	"WD": "S-1-1-0", "SY": "S-1-5-18", "CO": "S-1-3-0", "CG": "S-1-3-1", "OW": "S-1-3-4", "NU": "S-1-5-2",
	"IU": "S-1-5-4", "SU": "S-1-5-6", "BO": "S-1-5-32-551", "AO": "S-1-5-32-548", "SO": "S-1-5-32-549",
	"PO": "S-1-5-32-550", "PU": "S-1-5-32-547", "RE": "S-1-5-32-552", "RD": "S-1-5-32-555",
	"NO": "S-1-5-32-556", "RU": "S-1-5-32-554", "LS": "S-1-5-19", "NS": "S-1-5-20", "ED": "S-1-5-9",
	"PS": "S-1-5-10", "RC": "S-1-5-12", "WR": "S-1-5-33", "AC": "S-1-15-2-1", "AS": "S-1-18-1",
	"SS": "S-1-18-2", "LW": "S-1-16-4096", "ME": "S-1-16-8192", "MP": "S-1-16-8448", "HI": "S-1-16-12288",
	"SI": "S-1-16-16384", "MU": "S-1-5-32-558", "LU": "S-1-5-32-559", "IS": "S-1-5-32-568",
	"CY": "S-1-5-32-569", "ER": "S-1-5-32-573", "HA": "S-1-5-32-578", "RA": "S-1-5-32-575",
	"RM": "S-1-5-32-580", "CD": "S-1-5-32-574",
	"LA": "D-500", "LG": "D-501", "DA": "D-512", "DU": "D-513", "DG": "D-514", "DC": "D-515", "DD": "D-516",
	"CA": "D-517", "SA": "D-518", "EA": "D-519", "PA": "D-520", "RO": "D-498", "RS": "D-553", "CN": "D-522",
	"AP": "D-525", "KA": "D-526", "EK": "D-527",
}

// sddlRights maps SDDL access right codes to mask bits.
var sddlRights = map[string]uint32{
	"GA": 0x10000000, "GR": 0x80000000, "GW": 0x40000000, "GX": 0x20000000,
	"RC": 0x00020000, "SD": 0x00010000, "WD": 0x00040000, "WO": 0x00080000,
	"RP": 0x10, "WP": 0x20, "CC": 0x1, "DC": 0x2, "LC": 0x4, "SW": 0x8, "LO": 0x80, "DT": 0x40, "CR": 0x100,
	"FA": 0x001F01FF, "FR": 0x00120089, "FW": 0x00120116, "FX": 0x001200A0,
	"KA": 0x000F003F, "KR": 0x00020019, "KW": 0x00020006, "KX": 0x00020019,
	"NR": 0x1, "NW": 0x2, "NX": 0x4,
	// Not Windows SDDL, but printed by cloudsoda/sddl: accept its output.
	"SY": 0x00100000, "MA": 0x02000000, "AS": 0x01000000,
}

var sddlACETypes = map[string]byte{
	"A": aceAllowed, "D": aceDenied, "OA": aceAllowedObject, "OD": aceDeniedObject,
	"XA": aceAllowedCallback, "XD": aceDeniedCallback, "ZA": aceAllowedCallbackObject,
	"AU": 0x02, "AL": 0x03, "OU": 0x07, "OL": 0x08, "ML": 0x11, "XU": 0x0D, "SP": 0x13, "RA": 0x12, "TL": 0x14,
	"FL": 0x15,
}

var sddlACEFlags = map[string]byte{
	"OI": 0x01, "CI": 0x02, "NP": 0x04, "IO": 0x08, "ID": 0x10, "SA": 0x40, "FA": 0x80, "TP": 0x20, "CR": 0x20,
}

// parseSDDL parses Security Descriptor Definition Language text, e.g.
// "O:S-1-5-21-1-2-3-1000G:S-1-22-2-0D:(A;;FA;;;OW)(A;;FR;;;WD)". Only the
// owner, group and DACL are kept; a SACL is checked for syntax and dropped.
func parseSDDL(s string) (secDesc, error) {
	var sd secDesc
	s = strings.TrimSpace(s)
	if s == "" {
		return sd, errors.New("empty SDDL")
	}
	for s != "" {
		if len(s) < 2 || s[1] != ':' {
			return sd, fmt.Errorf("SDDL: expected O:, G:, D: or S: at %q", clip(s))
		}
		tag := s[0]
		s = s[2:]
		end := nextComponent(s)
		body := s[:end]
		s = s[end:]
		var err error
		switch tag {
		case 'O':
			sd.owner, err = sddlSID(body)
		case 'G':
			sd.group, err = sddlSID(body)
		case 'D':
			sd.daclPresent, sd.dacl, err = sddlACL(body)
		case 'S':
			_, _, err = sddlACL(body)
		default:
			err = fmt.Errorf("SDDL: unknown component %q", string(tag))
		}
		if err != nil {
			return sd, err
		}
	}
	return sd, nil
}

// nextComponent finds the start of the next "X:" component outside
// parentheses.
func nextComponent(s string) int {
	depth := 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '(':
			depth++
		case ')':
			depth--
		case ':':
			if depth == 0 && i > 0 && strings.IndexByte("OGDS", s[i-1]) >= 0 {
				return i - 1 // SIDs ("S-1-...") and ACL flags hold no ':'
			}
		}
	}
	return len(s)
}

func sddlSID(s string) (string, error) {
	if strings.HasPrefix(s, "S-") {
		parts := strings.Split(s, "-")
		if len(parts) < 3 || len(parts) > 18 || parts[1] != "1" {
			return "", fmt.Errorf("SDDL: bad SID %q", clip(s))
		}
		for _, p := range parts[2:] {
			if _, err := strconv.ParseUint(p, 10, 64); err != nil || p == "" || p[0] == '+' {
				return "", fmt.Errorf("SDDL: bad SID %q", clip(s))
			}
		}
		return s, nil
	}
	if sid, ok := sddlSIDs[s]; ok {
		return sid, nil
	}
	return "", fmt.Errorf("SDDL: unknown SID alias %q", clip(s))
}

// sddlACL parses "flags(ace)(ace)..."; "NO_ACCESS_CONTROL" means a NULL
// DACL.
func sddlACL(s string) (present bool, aces []ace, err error) {
	i := strings.IndexByte(s, '(')
	flags := s
	if i >= 0 {
		flags = s[:i]
	}
	if strings.Contains(flags, "NO_ACCESS_CONTROL") {
		return false, nil, nil
	}
	for _, f := range []string{"PAI", "PAR", "P", "AI", "AR"} {
		flags = strings.ReplaceAll(flags, f, "")
	}
	if flags != "" {
		return false, nil, fmt.Errorf("SDDL: unknown ACL flags %q", clip(flags))
	}
	if i < 0 {
		return true, nil, nil
	}
	s = s[i:]
	for s != "" {
		if s[0] != '(' {
			return false, nil, fmt.Errorf("SDDL: expected '(' at %q", clip(s))
		}
		j := strings.IndexByte(s, ')')
		if j < 0 {
			return false, nil, errors.New("SDDL: unclosed ACE")
		}
		e, err := sddlACE(s[1:j])
		if err != nil {
			return false, nil, err
		}
		aces = append(aces, e)
		s = s[j+1:]
	}
	return true, aces, nil
}

// sddlACE parses "type;flags;rights;object;inherited object;sid[;...]".
func sddlACE(s string) (ace, error) {
	var e ace
	f := strings.Split(s, ";")
	if len(f) < 6 {
		return e, fmt.Errorf("SDDL: ACE needs 6 fields: %q", clip(s))
	}
	t, ok := sddlACETypes[f[0]]
	if !ok {
		return e, fmt.Errorf("SDDL: unknown ACE type %q", clip(f[0]))
	}
	e.typ = t
	for fl := f[1]; fl != ""; fl = fl[2:] {
		if len(fl) < 2 {
			return e, fmt.Errorf("SDDL: bad ACE flags %q", clip(f[1]))
		}
		v, ok := sddlACEFlags[fl[:2]]
		if !ok {
			return e, fmt.Errorf("SDDL: unknown ACE flag %q", clip(fl[:2]))
		}
		e.flags |= v
	}
	var err error
	if e.mask, err = sddlMask(f[2]); err != nil {
		return e, err
	}
	if e.sid, err = sddlSID(f[5]); err != nil {
		return e, err
	}
	return e, nil
}

func sddlMask(r string) (uint32, error) {
	if strings.HasPrefix(r, "0x") || strings.HasPrefix(r, "0X") {
		v, err := strconv.ParseUint(r[2:], 16, 32)
		if err != nil {
			return 0, fmt.Errorf("SDDL: bad access mask %q", clip(r))
		}
		return uint32(v), nil
	}
	if r != "" && r[0] >= '0' && r[0] <= '9' {
		v, err := strconv.ParseUint(r, 0, 32)
		if err != nil {
			return 0, fmt.Errorf("SDDL: bad access mask %q", clip(r))
		}
		return uint32(v), nil
	}
	var m uint32
	for ; r != ""; r = r[2:] {
		if len(r) < 2 {
			return 0, fmt.Errorf("SDDL: bad access rights %q", clip(r))
		}
		v, ok := sddlRights[r[:2]]
		if !ok {
			return 0, fmt.Errorf("SDDL: unknown access right %q", clip(r[:2]))
		}
		m |= v
	}
	return m, nil
}

// clip shortens echoed input in error messages.
func clip(s string) string {
	if len(s) > 40 {
		return s[:40] + "…"
	}
	return s
}
