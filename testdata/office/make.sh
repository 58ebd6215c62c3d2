#!/bin/sh
# Makes the office fixtures of cmd/credsweep/office_test.go with real
# software (Debian 12): LibreOffice 7.4 (apt-get install -y
# --no-install-recommends libreoffice-writer libreoffice-calc
# libreoffice-impress), pandoc 2.17 (apt-get install -y pandoc) and
# Ghostscript 10 (apt-get install -y ghostscript), from sources gen.py
# writes (python3-stdnum checks every fødselsnummer); pandoc -s, as a
# fragment (no -s) of RTF is no RTF file. truth.json is
# written by gen.py from what it put in, never from credsweep's output.
# Run from this directory: sh make.sh
set -eu
rm -f ./*.xlsx ./*.xls ./*.ods ./*.csv ./*.docx ./*.doc ./*.odt ./*.rtf ./*.pdf ./*.pptx ./*.odp
/usr/bin/python3 gen.py 2026
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
while read -r src kind outs; do
	base=${src%.*}
	for ext in $outs; do
		case $kind/$ext in
		fods/xlsx) f='xlsx:Calc MS Excel 2007 XML' ;;
		fods/xls) f='xls:MS Excel 97' ;;
		fods/ods) f=ods ;;
		fods/pdf) f='pdf:calc_pdf_Export' ;;
		fods/gs.pdf)
			# Needs the pdf made before it.
			gs -q -dNOPAUSE -dBATCH -dSAFER -sDEVICE=pdfwrite -sOutputFile="$base.gs.pdf" "$base.pdf"
			continue ;;
		fods/csv) f='csv:Text - txt - csv (StarCalc):44,34,76' ;;
		fodt/docx) f='docx:MS Word 2007 XML' ;;
		fodt/doc) f='doc:MS Word 97' ;;
		fodt/odt) f=odt ;;
		fodt/rtf) f='rtf:Rich Text Format' ;;
		fodt/pdf) f='pdf:writer_pdf_Export' ;;
		fodp/pptx) f='pptx:Impress MS PowerPoint 2007 XML' ;;
		fodp/odp) f=odp ;;
		md/*) pandoc -s -f markdown -o "$base.$ext" "$src"; continue ;;
		ps/pdf) gs -q -dNOPAUSE -dBATCH -dSAFER -sDEVICE=pdfwrite -sOutputFile="$base.pdf" "$src"; continue ;;
		esac
		soffice --headless --convert-to "$f" --outdir "$out" "$src" >/dev/null 2>&1
		mv "$out/$base.$ext" "$base.$ext"
	done
	rm -f "$src"
done < jobs.txt
rm -f jobs.txt
