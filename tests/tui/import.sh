#!/bin/sh
# icsview import in a terminal, as a user runs it: the steps of the
# import shown as they come, the model written, a bad input refused
# with its file and line and nothing written, a file at odds with
# another refused at its row, and England before April 2026 made from
# the earlier files, the mergers found by icsview diff.
. "$(dirname "$0")/lib.sh"

mkdir -p "$WORK/bin" "$WORK/bad"
ln -s "$ICSVIEW" "$WORK/bin/icsview"
cp -R "$DATA/raw" "$WORK/bad/raw"
sed '1s/ICB26NM/ICB26_NAME/' "$DATA/raw/ons_sicbl26_2026/icb_region_lookup.csv" \
	>"$WORK/bad/raw/ons_sicbl26_2026/icb_region_lookup.csv"

mkdir -p "$WORK/odd"
cp -R "$DATA/raw" "$WORK/odd/raw"
sed '2s/,QHM,/,QZZ,/' "$DATA/raw/derived/LAD24_SICBL24_ICB24_from_LSOA21.csv" \
	>"$WORK/odd/raw/derived/LAD24_SICBL24_ICB24_from_LSOA21.csv"

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
keys clear Enter
wait_gone "EXIT=1" >/dev/null
keys "icsview import '$WORK/odd/raw' -o '$WORK/model3'; echo EXIT=\$?" Enter
check "a file at odds with another is refused at its row" \
	wait_long 'LAD24_SICBL24_ICB24_from_LSOA21.csv:2: '
check "saying what is at odds" wait_long 'sub-ICB location 16C is under ICB QZZ'
check "and the import fails" wait_long "EXIT=1"
keys clear Enter
wait_gone "EXIT=1" >/dev/null
raw=$DATA/raw
keys "icsview import $raw/ods_jhau_2025 $raw/ods_epraccur_2026-02 $raw/ons_craig_shenton_2022 \
$raw/geographr $raw/derived/LAD24_SICBL24_ICB24_from_LSOA21.csv $raw/ods_epcn_2026 $raw/ons_historic_jtrim $raw/nhsd_gp_reg_map_2022 \
-o '$WORK/march'; echo EXIT=\$?" Enter
check "England before April 2026 is imported from the earlier files" wait_long "EXIT=0"
check "without a mergers file" wait_until test ! -e "$WORK/march/mergers.yaml"
keys clear Enter
wait_gone "EXIT=0" >/dev/null
keys "icsview diff '$WORK/march' '$DATA/england-2026' | head -3" Enter
check "and icsview diff finds the ICBs replaced in April 2026" wait_long "replaced  16"
keys "exit" Enter
finish
