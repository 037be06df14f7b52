#!/bin/sh
# A review imported from elsewhere (icsview review import): a different
# note it kept beside ours is shown when the note's editor opens, with who
# wrote it, and resolved by a key: both kept (each attributed), or ours;
# a resolved conflict is not offered again.  Until then its row is marked
# (# in ASCII), the status line counts it, review:conflict filters to it,
# and the keys to resolve it are read whole at 80, 60 and 34 columns.
. "$(dirname "$0")/lib.sh"

ME=$(id -un)
MODEL="-m $MODELS/good/nested.yaml -m $MODELS/good/explicit-parent.yaml"

# row_has TEXT MARK: the row showing TEXT shows MARK.
row_has() { screen | grep -F -- "$1" | grep -qF -- "$2"; }
# marked TEXT MARK: the row showing TEXT shows MARK, and only that row does.
marked() { row_has "$1" "$2" && [ "$(screen | grep -cF -- "$2")" -eq 1 ]; }

# write_note FILE TEXT: the note of n-board in notes file FILE, through the
# interface
write_note() {
	start 100 30 "$ICSVIEW $MODEL --notes $1"
	wait_for "reviewed 0/11" >/dev/null || return 1   # the first screen, before any key
	keys : "goto n-board" Enter
	wait_for "partnership board · n-board" >/dev/null || return 1
	keys e
	wait_for "Note: Collaborative Partnership Board" >/dev/null || return 1
	keys C-u C-k "$2" C-s
	wait_for "note saved" >/dev/null || return 1
	keys q
	wait_for "EXIT=0" >/dev/null
}

check "Alice writes her note" write_note "$WORK/alice.db" "Alice's words."
check "and exports her review" sh -c "$ICSVIEW review export --format json \
	-o '$WORK/alice.json' --notes '$WORK/alice.db' $MODEL >/dev/null"
check "Bob writes his" write_note "$WORK/bob.db" "Bob's words."
check "Bob imports Alice's review" sh -c "$ICSVIEW review import '$WORK/alice.json' \
	--notes '$WORK/bob.db' $MODEL | grep -qF 'n-board  note in conflict'"
check "importing it again changes nothing" sh -c "$ICSVIEW review import '$WORK/alice.json' \
	--notes '$WORK/bob.db' $MODEL | grep -qF '0 conflicts, 0 flags or marks taken, 0 kept; 1 unchanged'"

start 80 24 "$ICSVIEW $MODEL --notes $WORK/bob.db"
check "the interface starts on Bob's notes" wait_for "reviewed 0/11"
check "and says where an imported note differs" \
	wait_for "an imported note differs: :goto n-board, e"
check "the status line counts it beside the review" wait_for "reviewed 0/11, 1 conflict "
check "its row is marked, and no other" wait_until marked "BRD Collaborative" "≠"
keys f "review:conflict" Enter
check "review:conflict filters to it" wait_for "filter: review:conflict · 1 of 11 match"
check "the other rows go" wait_without "BRD Collaborative" "PLC Doncaster"
keys F
check "F shows them again" wait_both "PLC Doncaster" "BRD Collaborative"
keys : "goto n-board" Enter
check "n-board shows Bob's note" wait_both "partnership board · n-board" "Bob's words."
check "and that the imported one differs" wait_for "imported note of $ME ("
keys e
check "e shows the imported text first, with who wrote it" \
	wait_both "Imported: $ME, " "Alice's words."
check "and asks what to keep, its keys whole at 80 columns" \
	wait_for " m yours  t theirs  b both  Esc later"
check "the status line says it was imported" wait_for "$ME's imported note differs"
keys Escape
check "Esc goes back to Bob's text, unresolved" \
	wait_both "the imported text still waits" "Note: Collaborative"
keys Escape
wait_gone "Note: Collaborative" >/dev/null
keys e
check "e asks again" wait_for "Imported: $ME, "
keys b
check "b keeps both and says so" wait_for "kept both ($ME's imported text stays in the history)"
check "the row is no longer marked" wait_gone "≠"
check "nor counted" wait_gone "1 conflict"
check "the note holds both texts, the imported first" wait_both "Alice's words." "Bob's words."
check "each attributed" wait_for "— kept both: above, $ME"
check "the detail pane lists the note's recent changes" wait_for "recent changes:"
check "the resolution first, who and what" wait_for "$ME: imported note"
check "then the conflict the import left" wait_for "differs: \"Alice's words.\""
keys e
check "the detail pane no longer says it differs" wait_gone "imported note of $ME ("
check "a resolved conflict is not offered again" wait_both "Note: Collaborative" "Alice's words."
check "no imported text is shown" wait_gone "Imported: "
keys Escape
wait_gone "Note: Collaborative" >/dev/null
keys q
check "quits" wait_for "EXIT=0"
check "the history has the import and the resolution" sh -c "$ICSVIEW review history n-board \
	--notes '$WORK/bob.db' $MODEL | grep -qF 'resolved'"

# --- an import while the interface is open: ^R lists what it changed -------------------
check "Carol writes her note" write_note "$WORK/carol.db" "Carol's words."
start 80 24 "$ICSVIEW $MODEL --notes $WORK/carol.db"
check "the interface starts on Carol's notes" wait_for "reviewed 0/11"
check "Alice's review is imported meanwhile" sh -c "$ICSVIEW review import '$WORK/alice.json' \
	--notes '$WORK/carol.db' $MODEL >/dev/null"
check "no row is marked before ^R" wait_gone "≠"
keys C-r
check "^R counts the import's changes, not the import itself" \
	wait_for "notes: 1 change made elsewhere since the last refresh"
check "and lists the conflict it left" wait_for "imported note differs: e to choose"
keys Escape
check "the list closes" wait_gone "imported note differs: e to choose"
check "the conflict is counted after ^R" wait_for "reviewed 0/11, 1 conflict"
check "and its row marked" wait_until marked "BRD Collaborative" "≠"
keys : "goto n-board" Enter
check "n-board shows Carol's note" wait_both "partnership board · n-board" "Carol's words."
keys e
check "e shows Alice's imported text" wait_both "Imported: $ME, " "Alice's words."
keys m
check "m keeps Carol's text and says so" \
	wait_for "kept mine ($ME's imported text stays in the history)"
check "the note stays Carol's, no longer in conflict" wait_without "Carol's words." "imported note of $ME ("
check "nor marked" wait_gone "≠"
keys q
check "and quits" wait_for "EXIT=0"

# --- in ASCII at 60x20, then 34 columns: the mark, the legend, the keys whole -----------
check "Dave writes his note" write_note "$WORK/dave.db" "Dave's words."
check "and imports Alice's review" sh -c "$ICSVIEW review import '$WORK/alice.json' \
	--notes '$WORK/dave.db' $MODEL >/dev/null"
start 60 20 "$ICSVIEW --ascii $MODEL --notes $WORK/dave.db"
check "the interface starts on Dave's notes" wait_for "reviewed 0/11, 1 conflict"
check "in ASCII the row is marked #" wait_until marked "BRD Collaborative" "#"
keys f "review:conflict" Enter
wait_for "review:conflict . 1 of 11 match" >/dev/null
keys q
wait_for "EXIT=0" >/dev/null
start 60 20 "$ICSVIEW --ascii $MODEL --notes $WORK/dave.db"
check "the remembered review:conflict finds it again on restart" \
	wait_for "filter: review:conflict . 1 of 11 match"
keys F
wait_for "PLC Doncaster" >/dev/null
keys ? / "#" Enter
check "the help's legend names the mark" wait_until row_has "an imported note differs" "| #  "
keys q
wait_gone "an imported note differs" >/dev/null
keys : "goto n-board" Enter
wait_for "partnership board - n-board" >/dev/null
keys e
check "at 60 columns the keys fit on the foot" wait_line 19 " m yours  t theirs  b both  Esc later"
tm resize-window -t =t: -x 34 -y 16
check "at 34 columns they wrap between keys" wait_line 14 " m yours  t theirs  b both"
check "onto the foot" wait_line 15 " Esc later"
check "the imported text still shows" wait_both "Imported: $ME, " "Alice's words."
keys t
check "t takes the imported text" wait_for "kept theirs"
check "and the mark goes" wait_gone "#"
check "with the count" wait_gone "conflict"
keys q
check "and quits" wait_for "EXIT=0"
finish
