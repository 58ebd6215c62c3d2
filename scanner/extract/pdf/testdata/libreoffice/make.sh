#!/bin/sh
# Makes the PDF table fixtures with real LibreOffice (Debian 12:
# apt-get install -y --no-install-recommends libreoffice-writer
# libreoffice-calc) from sources gen.py writes, and truth.json, the rows
# each PDF holds. Run from this directory: sh make.sh
set -eu
/usr/bin/python3 gen.py
soffice --headless --convert-to pdf writer_table.fodt writer_header_repeat.fodt calc_pages_ltr.fods >/dev/null
# CSV: comma-separated, quoted with ", UTF-8 (filter option 76).
soffice --headless --infilter=CSV:44,34,76 --convert-to pdf calc_columns.csv calc_pages.csv >/dev/null
rm -f writer_table.fodt writer_header_repeat.fodt calc_pages_ltr.fods calc_columns.csv calc_pages.csv
