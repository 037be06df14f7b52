#!/bin/sh
# Filters on the bundled data: the matches with their ancestors, a
# malformed filter said where, F clearing it.  (filter-steps.sh: a filter
# evaluated a step at a time.)
. "$(dirname "$0")/lib.sh"

start 120 40 "$ICSVIEW -m $DATA"
wait_for "RGN England" >/dev/null
keys f "kind:board" Enter
check "a filter keeps the matches" wait_for "filter: kind:board · 12 of"
check "and their ancestors" wait_for "▾ RGN England, 2018: systems in the source documents"
check "and hides the rest" wait_gone "RGN England (7)"
keys f C-u "kind:" Enter
check "a malformed filter says where the mistake is" wait_for "expected a value after 'kind:' (column 6)"
check "and keeps the previous filter" wait_for "filter: kind:board · 12 of"
keys F
check "F clears the filter" wait_gone "filter: kind:board"
keys q
check "q quits" wait_for "EXIT=0"

finish
