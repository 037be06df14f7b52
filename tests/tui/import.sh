#!/bin/sh
# icsview import in a terminal, as a user runs it: the steps of the
# import shown as they come, the model written, and a bad input refused
# with its file and line and nothing written.
. "$(dirname "$0")/lib.sh"

mkdir -p "$WORK/bin" "$WORK/bad"
ln -s "$ICSVIEW" "$WORK/bin/icsview"
cp -R "$DATA/raw" "$WORK/bad/raw"
sed '1s/ICB26NM/ICB26_NAME/' "$DATA/raw/ons_sicbl26_2026/icb_region_lookup.csv" \
	>"$WORK/bad/raw/ons_sicbl26_2026/icb_region_lookup.csv"

start 80 24 "PATH=$WORK/bin:$PATH" "PS1=ready:" sh
wait_for "ready:" >/dev/null
keys "icsview import '$DATA/raw' -o '$WORK/model'; echo EXIT=\$?" Enter
check "the import says what it reads first" wait_long "icsview import: reading the inputs"
check "and each step after" wait_long "icsview import: checking the model"
check "and ends well" wait_long "EXIT=0"
check "the model is written" wait_until test -f "$WORK/model/primary-care.yaml"
keys clear Enter
wait_gone "EXIT=0" >/dev/null
keys "icsview import '$WORK/bad/raw' -o '$WORK/model2'; echo EXIT=\$?" Enter
check "a renamed column is refused with its file and line" \
	wait_long 'icb_region_lookup.csv:1: error:'
check "and named" wait_long 'has no column "ICB26NM"'
check "and the import fails" wait_long "EXIT=1"
check "with nothing written" wait_until test ! -e "$WORK/model2"
keys "exit" Enter
finish
