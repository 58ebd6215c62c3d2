package mail

import (
	"bytes"
	"context"
	"encoding/binary"
	"io"
	"strconv"
	"strings"
	"unicode/utf16"

	"github.com/richardlehane/mscfb"

	"github.com/credsweep/credsweep/scanner/extract"
)

// Outlook .msg (MS-OXMSG) property stream names and tags.
const (
	substg    = "__substg1.0_"
	attachPfx = "__attach_version1.0_#"
	recipPfx  = "__recip_version1.0_#"
	propsName = "__properties_version1.0"

	tagSubject      = "0037"
	tagBody         = "1000"
	tagHTML         = "1013"
	tagSenderName   = "0C1A"
	tagSenderEmail  = "0C1F"
	tagDisplayTo    = "0E04"
	tagDisplayCc    = "0E03"
	tagAttachLong   = "3707"
	tagAttachShort  = "3704"
	tagAttachData   = "37010102"
	tagAttachEmbed  = "3701000D"
	tagDisplayName  = "3001"
	tagSMTPAddress  = "39FE"
	tagEmailAddress = "3003"

	// maxMSGProp caps one string property read into memory.
	maxMSGProp = 16 << 20
	// maxMSGDepth bounds messages attached to messages.
	maxMSGDepth = 8
)

// Code page properties, read from the fixed-size property stream.
const (
	propMessageCodepage = 0x3FFD0003
	propInternetCPID    = 0x3FDE0003
)

// MSG extracts an Outlook .msg file (an OLE2 compound file): subject,
// sender and recipients with the plain body (or the HTML body when there is
// no plain one) as text, attachments as nested files, attached messages in
// place. Bodies stored only as compressed RTF are not read.
func MSG(ctx context.Context, in extract.Input, sink extract.Sink) (err error) {
	defer extract.Recover(&err, "mail")
	at, size, err := in.ReaderAt()
	if err != nil {
		return err
	}
	root, err := readTree(at, size)
	if err != nil {
		return err
	}
	w := &msgWalker{ctx: ctx, lim: in.Limits, sink: sink, fileSize: size}
	return unwrapLimit(w.message(root, "", 0, true))
}

// storage is one node of the compound file's tree.
type storage struct {
	streams  map[string]*mscfb.File
	children map[string]*storage
	order    []string // children names in file order
}

func newStorage() *storage {
	return &storage{streams: map[string]*mscfb.File{}, children: map[string]*storage{}}
}

// readTree lists the compound file as a tree of storages.
func readTree(at io.ReaderAt, size int64) (*storage, error) {
	if size < 512 {
		return nil, extract.MalformedError("compound file too short")
	}
	doc, err := mscfb.New(at)
	if err != nil {
		return nil, extract.MalformedError("compound file: %v", err)
	}
	root := newStorage()
	nodes := map[string]*storage{"": root}
	get := func(p []string) *storage {
		key := strings.Join(p, "/")
		if s, ok := nodes[key]; ok {
			return s
		}
		// Parents come before children in traversal order; a missing one
		// means a damaged tree, kept reachable from the root anyway.
		s := newStorage()
		nodes[key] = s
		return s
	}
	for f, err := doc.Next(); err == nil; f, err = doc.Next() {
		parent := get(f.Path)
		if f.FileInfo().IsDir() {
			key := strings.Join(append(append([]string(nil), f.Path...), f.Name), "/")
			s := get(append(append([]string(nil), f.Path...), f.Name))
			nodes[key] = s
			if _, dup := parent.children[f.Name]; !dup {
				parent.order = append(parent.order, f.Name)
			}
			parent.children[f.Name] = s
			continue
		}
		parent.streams[f.Name] = f
	}
	return root, nil
}

type msgWalker struct {
	ctx      context.Context
	lim      extract.Limits
	sink     extract.Sink
	fileSize int64
	entries  int
	seq      int
}

// message extracts one message storage.
func (w *msgWalker) message(s *storage, prefix string, depth int, top bool) error {
	if err := w.ctx.Err(); err != nil {
		return err
	}
	cp := w.codepage(s, top)
	var head bytes.Buffer
	for _, f := range []struct{ label, tag string }{
		{"Subject", tagSubject}, {"From", tagSenderName}, {"From", tagSenderEmail},
		{"To", tagDisplayTo}, {"Cc", tagDisplayCc},
	} {
		if v := w.stringProp(s, f.tag, cp); v != "" {
			head.WriteString(f.label + ": " + v + "\n")
		}
	}
	for _, name := range s.order {
		if strings.HasPrefix(name, recipPfx) {
			r := s.children[name]
			for _, tag := range []string{tagDisplayName, tagSMTPAddress, tagEmailAddress} {
				if v := w.stringProp(r, tag, cp); v != "" {
					head.WriteString("Recipient: " + v + "\n")
				}
			}
		}
	}
	if head.Len() > 0 {
		head.WriteByte('\n')
	}
	body := w.stringProp(s, tagBody, cp)
	text := io.MultiReader(&head, strings.NewReader(body))
	if body == "" {
		if f := s.streams[substg+tagHTML+"0102"]; f != nil {
			text = io.MultiReader(&head, newHTMLText(charsetReader(cpName(cp), w.stream(f))))
		} else if v := w.stringProp(s, tagHTML, cp); v != "" {
			text = io.MultiReader(&head, newHTMLText(strings.NewReader(v)))
		}
	}
	if err := w.sink.Text(prefix, false, text); err != nil {
		return err
	}
	for _, name := range s.order {
		if !strings.HasPrefix(name, attachPfx) {
			continue
		}
		w.entries++
		if w.lim.MaxEntries > 0 && w.entries > w.lim.MaxEntries {
			return extract.LimitError("more than %d attachments", w.lim.MaxEntries)
		}
		if err := w.attachment(s.children[name], prefix, depth, cp); err != nil {
			return err
		}
	}
	return nil
}

// attachment hands one attachment to the sink, or walks an attached message.
func (w *msgWalker) attachment(a *storage, prefix string, depth, cp int) error {
	name := ""
	for _, tag := range []string{tagAttachLong, tagAttachShort, tagDisplayName} {
		if name = cleanName(w.stringProp(a, tag, cp)); name != "" {
			break
		}
	}
	if name == "" {
		w.seq++
		name = "attachment " + strconv.Itoa(w.seq)
	}
	if f := a.streams[substg+tagAttachData]; f != nil {
		return w.sink.File(join(prefix, name), f.Size, newLimited(w.ctx, w.stream(f), w.lim.MaxMemberBytes, "attachment"))
	}
	if sub := a.children[substg+tagAttachEmbed]; sub != nil {
		if _, isMsg := sub.streams[propsName]; !isMsg {
			w.sink.Skip(join(prefix, name), "embedded OLE object not extracted")
			return nil
		}
		if depth >= maxMSGDepth {
			w.sink.Skip(join(prefix, name), "attached messages nested too deep")
			return nil
		}
		return w.message(sub, join(prefix, name), depth+1, false)
	}
	w.sink.Skip(join(prefix, name), "attachment without data (link or OLE object)")
	return nil
}

// stringProp reads a string property in its Unicode (001F) or 8-bit (001E,
// in code page cp) form; missing or unreadable gives "".
func (w *msgWalker) stringProp(s *storage, tag string, cp int) string {
	if f := s.streams[substg+tag+"001F"]; f != nil {
		b := w.readSmall(f)
		return strings.TrimRight(decodeUTF16LE(b), "\x00")
	}
	if f := s.streams[substg+tag+"001E"]; f != nil {
		b := w.readSmall(f)
		b = bytes.TrimRight(b, "\x00")
		var out bytes.Buffer
		if _, err := io.Copy(&out, charsetReader(cpName(cp), bytes.NewReader(b))); err != nil {
			return string(b)
		}
		return out.String()
	}
	return ""
}

// stream reads one stream from its start, bounded by the file size (a
// stream cannot be larger than its file; a bigger size is a lie).
func (w *msgWalker) stream(f *mscfb.File) io.Reader {
	n := f.Size
	if n > w.fileSize {
		n = w.fileSize
	}
	if f.Size > 0 {
		_, _ = f.Seek(0, io.SeekStart)
	}
	return &ctxReader{ctx: w.ctx, r: io.LimitReader(f, n)}
}

// readSmall reads a property stream of at most maxMSGProp bytes.
func (w *msgWalker) readSmall(f *mscfb.File) []byte {
	b, _ := io.ReadAll(io.LimitReader(w.stream(f), maxMSGProp))
	return b
}

// codepage returns the code page of 8-bit strings of message s, from its
// property stream: PR_MESSAGE_CODEPAGE, else PR_INTERNET_CPID, else 1252.
func (w *msgWalker) codepage(s *storage, top bool) int {
	f := s.streams[propsName]
	if f == nil {
		return 1252
	}
	b := w.readSmall(f)
	hdr := 24 // embedded message
	if top {
		hdr = 32
	}
	found := 0
	for off := hdr; off+16 <= len(b); off += 16 {
		tag := binary.LittleEndian.Uint32(b[off:])
		v := int(binary.LittleEndian.Uint32(b[off+8:]))
		switch tag {
		case propMessageCodepage:
			return v
		case propInternetCPID:
			found = v
		}
	}
	if found != 0 {
		return found
	}
	return 1252
}

// cpName maps a Windows code page to a charset label.
func cpName(cp int) string {
	switch cp {
	case 65001, 20127:
		return "utf-8"
	case 28591:
		return "iso-8859-1"
	case 28605:
		return "iso-8859-15"
	case 20866:
		return "koi8-r"
	case 932:
		return "shift_jis"
	case 936:
		return "gbk"
	case 949:
		return "euc-kr"
	case 950:
		return "big5"
	}
	if cp >= 1250 && cp <= 1258 {
		return "windows-" + strconv.Itoa(cp)
	}
	if cp >= 28592 && cp <= 28599 {
		return "iso-8859-" + strconv.Itoa(cp-28590)
	}
	return "windows-1252"
}

// decodeUTF16LE decodes little-endian UTF-16, dropping an odd last byte.
func decodeUTF16LE(b []byte) string {
	u := make([]uint16, len(b)/2)
	for i := range u {
		u[i] = binary.LittleEndian.Uint16(b[2*i:])
	}
	return string(utf16.Decode(u))
}

// ctxReader stops reading once ctx is done.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c *ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, &limitErr{err}
	}
	if len(p) > 32<<10 {
		// mscfb plans a read sector by sector; keep each plan small.
		p = p[:32<<10]
	}
	return c.r.Read(p)
}
