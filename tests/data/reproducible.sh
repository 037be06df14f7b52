#!/bin/sh
# The bundled England model is what `icsview import` makes of the files in
# data/raw: imports them into a scratch directory and compares it with
# data/england-2026, file for file.
# Usage: reproducible.sh ICSVIEW DATA_DIR
set -eu
icsview=$1
data=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$icsview" import "$data/raw" -o "$work/england-2026"
diff -r "$data/england-2026" "$work/england-2026"
# and `icsview diff` agrees: no change between the two
"$icsview" diff "$data/england-2026" "$work/england-2026"
