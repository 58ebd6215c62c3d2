#!/bin/sh
# Regenerates the PDFs made with real software (see README.md). Needs
# Ghostscript (gs, ps2pdf) and img2pdf: apt-get install ghostscript img2pdf
set -eu
cd "$(dirname "$0")"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

cat >"$tmp/page.ps" <<'PS'
%!PS
<< /PageSize [300 120] >> setpagedevice
/Helvetica findfont 16 scalefont setfont
20 80 moveto (Brukernavn: ola.nordmann) show
20 50 moveto (Passord: Sommer2018!) show
showpage
PS
cat >"$tmp/blank.ps" <<'PS'
%!PS
<< /PageSize [300 120] >> setpagedevice
showpage
PS
cat >"$tmp/drawing.ps" <<'PS'
%!PS
<< /PageSize [300 120] >> setpagedevice
2 setlinewidth 20 20 moveto 280 100 lineto stroke
showpage
PS
cat >"$tmp/inline.ps" <<'PS'
%!PS
<< /PageSize [300 120] >> setpagedevice
20 20 translate 80 80 scale
16 16 1 [16 0 0 16 0 0]
<AAAA5555AAAA5555AAAA5555AAAA5555AAAA5555AAAA5555AAAA5555AAAA5555>
image
showpage
PS

# A "scan": the text page rasterised to a 1-bit PNG at 100 dpi.
gs -q -dSAFER -dBATCH -dNOPAUSE -sDEVICE=pngmono -r100 -o "$tmp/scan.png" "$tmp/page.ps"
img2pdf --output scanned.pdf "$tmp/scan.png" "$tmp/scan.png"
ps2pdf "$tmp/page.ps" text.pdf
ps2pdf "$tmp/blank.ps" empty.pdf
ps2pdf "$tmp/drawing.ps" drawing.pdf
ps2pdf "$tmp/inline.ps" inline-image.pdf
gs -q -dSAFER -dBATCH -dNOPAUSE -sDEVICE=pdfwrite -o mixed.pdf text.pdf scanned.pdf
