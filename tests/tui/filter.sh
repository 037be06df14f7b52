#!/bin/sh
# Filters on the bundled data: the matches with their ancestors, and the
# places they are shown under through a link; a malformed filter said
# where, whole even with a filter active; F clearing it; a filter with no
# matches keeping the drill-down.  (filter-steps.sh: a filter evaluated a
# step at a time.)
. "$(dirname "$0")/lib.sh"

start 120 40 "$ICSVIEW -m $DATA"
wait_for "RGN England" >/dev/null
keys f "kind:board" Enter
check "a filter keeps the matches" wait_for "filter: kind:board · 12 of"
check "and their ancestors" wait_for "▾ RGN England, 2018: systems in the source documents"
check "and hides the rest" wait_gone "RGN England (7)"
keys f C-u "kind:" Enter
check "a malformed filter says where the mistake is" wait_for "expected a value after 'kind:' (column 6)"
# the mistake's message takes the room of the filter's count till a key
keys j
check "and keeps the previous filter" wait_for "filter: kind:board · 12 of"
keys F
check "F clears the filter" wait_gone "filter: kind:board"
keys f C-u "type:trust" Enter
check "a place shows the matches it has through a link" \
	wait_for "→ NHST Barnsley Hospital NHS Foundation Trust"
check "every such place" wait_for "→ NHST The Rotherham NHS Foundation Trust"
keys F
wait_gone "filter: type:trust" >/dev/null
keys q
check "q quits" wait_for "EXIT=0"

# A filter with no matches keeps the root drilled into, for the next filter.
start 120 40 "$ICSVIEW -m $DATA"
wait_for "RGN England" >/dev/null
keys : "goto syb" Enter
wait_for "system · syb" >/dev/null
keys Enter
wait_for "PLC Barnsley" >/dev/null
keys f "kind:board" Enter
wait_for "filter: kind:board · 12 here · 12 in model" >/dev/null
keys f C-u "zzzqqq" Enter
check "a filter with no matches says so" wait_for "nothing matches: F clears the filter"
keys f C-u "kind:board" Enter
check "and the next filter is still under the root drilled into" \
	wait_without "filter: kind:board · 12 here · 12 in model" "▾ RGN"
keys q
wait_for "EXIT=0" >/dev/null

# A new filter's mistake is shown whole beside the filter that stays.
start 80 24 "$ICSVIEW -m $DATA"
wait_for "RGN England" >/dev/null
keys f "kind:board" Enter
wait_for "filter: kind:board · 12 of" >/dev/null
keys f C-u "kind:boa" Enter
check "a mistake is shown whole while a filter is active" \
	wait_for "unknown kind 'boa' (column 1); the previous filter stays"
check "in the width of the terminal" fits_in 80
keys q
wait_for "EXIT=0" >/dev/null

# --- drilled down, the status line counts both scopes: under the root, in the model ---------
start 100 24 "$NESTED"
wait_for "South Yorkshire" >/dev/null
keys f "kind:organisation" Enter
check "at the model's roots: the matches of the whole model" wait_for "kind:organisation · 2 of 11 match"
keys Enter
check "drilled down: the matches under the root and in the model" \
	wait_for "kind:organisation · 1 here · 2 in model"
keys u
check "back at the roots: one count again" wait_for "kind:organisation · 2 of 11 match"
keys F q
wait_for "EXIT=0" >/dev/null

# the bundled data, an entity a step: the count under the root grows with the model's
start 120 24 "env ICSVIEW_FILTER_CHUNK=1 $ICSVIEW -m $DATA"
wait_for "RGN England" >/dev/null
keys : "goto Z9B2Z" Enter
wait_for "system · integrated care board · Z9B2Z" >/dev/null
keys Enter f "kind:organisation" Enter
check "while filtering, both counts so far" wait_for " here · "
check "said as so far" wait_for " in model so far"
keys F : "goto Z9B2Z" Enter
keys f "type:trust" Enter
wait_for "type:trust" >/dev/null
keys q
wait_for "EXIT=0" >/dev/null

finish
