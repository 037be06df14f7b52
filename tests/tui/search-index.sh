#!/bin/sh
# The tree before the search index: the interface opens as soon as the
# model's database is in place and builds the search index while it is
# browsed, the status line saying how far.  A search or a filter with free
# text typed meanwhile waits, and runs once the index is ready without
# being typed again.  ICSVIEW_SEARCH_GATE holds the build until its file
# exists, so that the screen can be read while the index is not ready.
# A build for the interface starts the index beside the database's own
# indexes, from a copy of the rows (model-KEY.db.tmp-PID-N), which goes
# once the index is built.
. "$(dirname "$0")/lib.sh"

GATE="$WORK/gate"
HELD="ICSVIEW_SEARCH_GATE=$GATE $ICSVIEW --fresh -m $DATA"
index_percent() { line 24 | grep -q 'search index [0-9]*%'; }
rows_copy() { ls "$WORK"/cache/icsview/*.db.tmp-* >/dev/null 2>&1; }
no_rows_copy() { ! rows_copy; }

start 80 24 "$HELD"
check "the tree appears before the search index is built" wait_for "RGN England"
check "the status line says the search index is being built" wait_until index_percent
check "started by the build, from a copy of its rows" wait_until rows_copy
keys : "goto sheff" Enter
check ":goto with a word of a name says it needs the index" wait_for "'sheff' needs the search index, not ready yet"
keys : "goto QF7" Enter
check ":goto with a code works without it" wait_for "QF7"
keys / s h e f f
check "a search typed meanwhile says it waits" wait_for "(waiting for the search index: 0%)"
check "and the prompt says so instead of a count" wait_line 24 "waiting"
keys Enter
check "Enter keeps the prompt open while it waits" wait_for "waiting for the search index (0%)"
touch "$GATE"
check "once the index is ready the search runs, not typed again" wait_for "ORG Sheffield Medical Centre"
check "and the prompt counts its results" wait_line 24 "24 results"
keys Enter
check "Enter lands on the first result" wait_for "E08000019"
check "the status line no longer speaks of the index" wait_gone "search index"
check "and the copy of the rows is gone" wait_until no_rows_copy
keys q
check "q quits" wait_for "EXIT=0"

# the index removed (or never finished): built again at the next start
rm -f "$GATE" "$WORK"/cache/icsview/*-search
start 80 24 "$HELD"
check "a start without the search index shows the tree at once" wait_for "RGN England"
check "and builds the index again" wait_until index_percent
keys f s h e f f Enter
check "a filter with free text waits for the index" wait_for "filter waits for it: sheff"
touch "$GATE"
check "and is applied once it is ready" wait_for "filter: sheff ·"
check "with its matches" wait_for "match"
keys q
check "q quits" wait_for "EXIT=0"
finish
