#!/bin/sh
# The bundled model as a new user opens it: England today first, then its
# history and the sources; under a region its ICBs, then its councils; a
# CCG of 2018 found in the history with its STP and its successors.
. "$(dirname "$0")/lib.sh"

# above ROW_TEXT BELOW_TEXT: the first is shown on a row above the second
above() {
	a=$(row_of "$1") b=$(row_of "$2")
	[ -n "$a" ] && [ -n "$b" ] && [ "$a" -lt "$b" ]
}

start 80 24 "$ICSVIEW --fresh -m $DATA"
check "the first row is England today" wait_line 2 "▸ RGN England (7)"
check "the history is the second root" wait_line 3 "▸ RGN History: England's systems"
check "the sources are the third and last" wait_line 4 "▸ RGN Sources ("
keys : "goto Y63" Enter l
check "a region opens on its ICBs" wait_for "▸ SYS NHS Humber and North Yorks"
check "its councils come after them, in a group" \
	wait_until above "SYS NHS West Yorkshire Integra" "RGN Local authorities in North"
keys q
check "q quits with status 0" wait_for "EXIT=0"

# tall enough for a CCG's History below its links
start 80 60 "$ICSVIEW -m $DATA"
keys : "goto ccg-E38000073" Enter
check "a 2018 CCG lies under the STP it was in" wait_for "▾ SYS West Yorkshire and Harroga"
check "its detail names the STP with the years" wait_for "(stp-E54000005) since: 2017-04-01,"
check "its History reaches the CCG it merged into" wait_for "→ NHS North Yorkshire CCG"
check "and the ICB of 2026" wait_for "→ NHS Humber and North Yorkshire"
keys q
check "q quits with status 0" wait_for "EXIT=0"
finish
