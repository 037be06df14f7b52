#!/bin/sh
# Finding entities in the bundled data: :goto by code, / ranked as you
# type, n and N through the results, a search with no hits, Esc.
. "$(dirname "$0")/lib.sh"

start 120 40 "$ICSVIEW -m $DATA"
check "the bundled data opens" wait_for "RGN England"
keys : "goto QF7" Enter
check ":goto QF7 opens the South Yorkshire ICB" wait_for "integrated care board · QF7"
keys /
keys s h e f
check "/shef lists ranked results as you type" wait_for "ORG Sheffield Teaching Hospitals NHS Foundation Trust  name"
check "the status line counts the results" wait_for "results"
keys C-n C-p Enter
check "Enter lands on the result" wait_for "local authority · E08000019"
check "with its ancestors open in the tree" wait_for "▾ RGN North East and Yorkshire"
keys n
check "n steps to the next result" wait_for "result 2 of"
check "which is the Sheffield sub-ICB location" wait_for "sub-ICB location · 03N"
keys N
check "N steps back" wait_for "result 1 of"
keys / x y z z y q
check "a search with no hits says so" wait_for "(nothing found)"
keys Escape
check "Esc leaves the search where we were" wait_for "local authority · E08000019"
keys q
check "q quits" wait_for "EXIT=0"

finish
