#!/bin/sh
# The view remembered between runs: the root, the filter, the selection
# and the marks come back when the same model opens again; --fresh starts
# clean; a kill -9 a few seconds after a change keeps it; a record edited
# by hand, or naming what the model no longer has, is dropped with a word
# on the status line, never a crash.
. "$(dirname "$0")/lib.sh"

NOTES="$WORK/view.db"
BROWSE="$ICSVIEW -m $DATA --notes $NOTES"

# sql STATEMENT: runs it on the notes file; prints the rows, | between columns.
sql() {
	python3 -c '
import sqlite3, sys
db = sqlite3.connect(sys.argv[1], timeout=5)
rows = db.execute(sys.argv[2]).fetchall()
db.commit()
print("\n".join("|".join(str(c) for c in row) for row in rows))
' "$NOTES" "$1"
}
stored_root_is() { [ "$(sql 'SELECT root FROM views' 2>/dev/null)" = "$1" ]; }

# --- a view set up, then left with q --------------------------------------------------------
start 80 24 "$BROWSE"
wait_for "?:help" >/dev/null
check "a first run restores nothing" hidden "restored the last view"
keys : "goto syb" Enter
wait_for "integrated care system · syb" >/dev/null
keys Enter
check "Enter drills into the system" wait_line 2 "PLC Barnsley"
keys f "kind:board" Enter
check "the filter is in force" wait_for "filter: kind:board · 12 here"
keys j j m a
check "mark a is set on Programme boards" wait_both "mark 'a' set" "Programme boards"
keys j j j j
check "the selection moved on" wait_line 24 " 7/18"
keys q
check "q quits" wait_for "EXIT=0"

# --- opened again: the same root, filter, selection and marks ------------------------------
start 80 24 "$BROWSE"
check "the status line says the view is restored" \
	wait_for "restored the last view (--fresh to start clean)"
check "the root is the system drilled into" line_shows 2 "Collaborative partnership boar"
check "the selection is where it was" line_shows 24 " 7/18"
check "on the same entity" line_shows 1 "ICS staff partnership forum"
keys j k
check "the filter is back" wait_for "filter: kind:board · 12 here"
keys "'" a
check "'a goes to the mark" wait_line 1 "Programme boards"
check "on its row" line_shows 24 " 3/18"
keys q
wait_for "EXIT=0" >/dev/null

# --- --fresh: the top, no filter; the clean view is stored on quit --------------------------
start 80 24 "$BROWSE --fresh"
check "--fresh opens at the top" wait_line 2 "RGN England (7)"
check "with no filter" hidden "filter:"
check "and says nothing of a view" hidden "restored"
keys "'" a
check "and no marks" wait_for "no mark 'a'"
keys q
wait_for "EXIT=0" >/dev/null
check "and stores the clean view on quit" stored_root_is "None"

# --- a kill -9 a few seconds after a change keeps it ----------------------------------------
start 80 24 "$BROWSE"
wait_for "restored the last view" >/dev/null
keys : "goto syb" Enter
wait_for "integrated care system · syb" >/dev/null
keys Enter j j m b
wait_for "mark 'b' set" >/dev/null
keys j
wait_line 24 " 4/23" >/dev/null
check "the change is stored within seconds, without a key" wait_until stored_root_is "syb"
pid=$(pid_of)
kill -KILL "$pid"
wait_for "EXIT=137" >/dev/null
start 80 24 "$BROWSE"
check "after kill -9 the root comes back" wait_line 2 "PLC Barnsley"
check "and the selection" wait_line 24 " 4/23"
keys "'" b
check "and the mark set before it" wait_line 24 " 3/23"
check "on its entity" line_shows 1 "Rotherham"
keys q
wait_for "EXIT=0" >/dev/null

# --- what the model no longer has, a filter that no longer fits, a damaged record -----------
sql "UPDATE views SET selection = 'gone-entity', filter = 'kind:nosuchkind'" >/dev/null
start 200 24 "$BROWSE"
check "a filter that no longer fits is dropped, and said" \
	wait_for "unknown kind 'nosuchkind' (column 1); the remembered filter is dropped"
check "with the rest restored" line_shows 2 "PLC Barnsley"
check "and what was gone said too" wait_for "restored; gone from the model: the selection"
keys q
wait_for "EXIT=0" >/dev/null

sql "UPDATE views SET selection = 'gone-entity'" >/dev/null
start 120 24 "$BROWSE"
check "an entity gone from the model is said" wait_for "gone from the model: the selection"
keys q
wait_for "EXIT=0" >/dev/null

sql "UPDATE views SET marks = 'a - syb' || char(10) || 'garbage' || char(27) || '[2J'" >/dev/null
start 120 24 "$BROWSE"
check "a damaged record is not restored, and said" \
	wait_for "the last view is not restored: the marks are damaged"
check "the interface opens at the top" line_shows 2 "RGN England (7)"
keys q
check "and quits" wait_for "EXIT=0"
check "the record is made good on quit" test "$(sql 'SELECT marks FROM views')" = ""

finish
