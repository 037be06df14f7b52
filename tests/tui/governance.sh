#!/bin/sh
# Today's England as a user meets it at 80x24: an integrated care board's
# board and partnership first under it, a council's health and wellbeing
# board, the councils on a partnership, a council found by its formal
# name, and a link the source does not state marked dim in the detail.
. "$(dirname "$0")/lib.sh"

ESC=$(printf '\033')
# A line holding $1 is drawn dim (SGR 2).
dim_line() { screen_with_colours | grep -F -- "$1" | grep -q "${ESC}\[[0-9;]*2[;m]"; }

start 80 24 "$ICSVIEW --fresh -m $DATA"
wait_for "RGN England" >/dev/null
keys i QOP Enter
wait_for "system · integrated care board · QOP" >/dev/null
keys Right Down
check "an ICB's board is its first child" wait_for "BRD NHS Greater Manchester I"
check "its integrated care partnership the next" wait_for "PTN Greater Manchester integ"
check "the board says what it is" wait_for "board · unitary board · QOP-board"
check "and the Act it rests on" wait_for "s.14Z25 and Schedule 1B"
check "and that its own name may differ" wait_for "generic name; the body's"

keys i QF7-icp Enter
check "a partnership is a joint committee of the ICB and councils" \
	wait_for "South Yorkshire integrated care partnership"
keys Tab NPage
check "Rotherham council sits on it" wait_for "[ORG] Rotherham (E08000018)"
check "its membership is marked as inferred, dim" wait_until dim_line "(inferred: the council's"

keys i "Sheffield City Council" Enter
check "a council's formal name finds it" wait_for "organisation · local authority ·"
check "named as people write it" wait_line 1 "› Sheffield"
check "it has a health and wellbeing board" wait_for "1 health and wellbeing board"

keys i E10000024-hwb Enter
check "a health and wellbeing board is found by its id" \
	wait_for "Nottinghamshire Health and Wellbeing Board"
keys Tab NPage
check "it covers Bassetlaw" wait_for "(02Q)"

keys i RNK Enter
check "a trust closed before the model's day says so" wait_both "status" "closed (on 2026-04-01"
keys q
check "and the interface quits" wait_for "EXIT=0"

finish
