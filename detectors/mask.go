package detectors

import "unicode/utf8"

// Mask keeps the first keep runes of s and replaces the rest with '*', so a
// sample shows its shape but not its value: Mask("01019012345", 6) =
// "010190*****". If s is not longer than keep, every rune is masked.
func Mask(s string, keep int) string {
	n := utf8.RuneCountInString(s)
	if n <= keep {
		keep = 0
	}
	out := make([]rune, 0, n)
	i := 0
	for _, r := range s {
		if i < keep {
			out = append(out, r)
		} else {
			out = append(out, '*')
		}
		i++
	}
	return string(out)
}

// MaskSecret shows at most the first 4 and last 2 characters of a long
// secret and hides everything when it is short: "ghp_************Zx".
func MaskSecret(s string) string {
	r := []rune(s)
	if len(r) < 16 {
		return Mask(s, 0)
	}
	out := make([]rune, len(r))
	for i := range r {
		if i < 4 || i >= len(r)-2 {
			out[i] = r[i]
		} else {
			out[i] = '*'
		}
	}
	return string(out)
}
