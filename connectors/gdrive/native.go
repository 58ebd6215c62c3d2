package gdrive

import "strings"

// MIME types of Drive objects and of the exports credsweep asks for.
const (
	mimeFolder   = "application/vnd.google-apps.folder"
	mimeShortcut = "application/vnd.google-apps.shortcut"
	mimeNative   = "application/vnd.google-apps."
	mimeText     = "text/plain"
	mimeXLSX     = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	mimeCSV      = "text/csv"
)

// export says how a Google-native file is read: as an export to mime
// (then fallback when that fails), or not at all with a skip note.
type export struct {
	mime, fallback string
	skip           string
}

// nativeKinds maps the Google-native types. Sheets go out as xlsx because
// CSV carries only the first sheet; Docs and Slides as plain text, which
// keeps every word and is cheap to scan. Apps Script projects export as
// JSON source, where passwords and API keys get hard-coded.
var nativeKinds = map[string]export{
	"document":     {mime: mimeText},
	"presentation": {mime: mimeText},
	"spreadsheet":  {mime: mimeXLSX, fallback: mimeCSV},
	"script":       {mime: "application/vnd.google-apps.script+json"},
	"form":         {skip: "Google Form: not examined (no export of its content)"},
	"drawing":      {skip: "Google Drawing: not examined"},
	"site":         {skip: "Google Site: not examined"},
	"map":          {skip: "Google My Maps map: not examined"},
	"jam":          {skip: "Google Jamboard: not examined"},
	"fusiontable":  {skip: "Google Fusion Table: not examined"},
	"vid":          {skip: "Google Vids video: not examined"},
	"drive-sdk":    {skip: "third-party app file: not examined (no content in Drive)"},
}

// nativeExport returns how to read mime, ok=false when it is not a
// Google-native type (plain bytes).
func nativeExport(mime string) (export, bool) {
	kind, ok := strings.CutPrefix(mime, mimeNative)
	if !ok {
		return export{}, false
	}
	if e, ok := nativeKinds[kind]; ok {
		return e, true
	}
	return export{skip: "Google-native file (" + kind + "): not examined"}, true
}
