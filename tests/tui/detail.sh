#!/bin/sh
# The detail pane of an entity with many backlinks: a page at a time, a
# "… N more" line listing the next; PgDn, End and PgUp in the pane; the
# link g and G select.
. "$(dirname "$0")/lib.sh"

{
	printf 'icsview: 1\nentities:\n  - {id: hub, kind: system, name: The hub}\n'
	i=1
	while [ $i -le 120 ]; do
		printf '  - id: o-%03d\n    kind: organisation\n    name: Member %03d\n' $i $i
		printf '    links: [{rel: member_of, to: hub}]\n'
		i=$((i + 1))
	done
} > "$WORK/many.yaml"

# --- an entity with many backlinks: a page at a time, "… N more" lists the next -------
start 120 40 "$ICSVIEW -m $WORK/many.yaml"
wait_for "The hub" >/dev/null
keys : "goto hub" Enter
check "an entity with 120 backlinks shows the first ones" wait_for "[ORG] Member 001 (o-001)"
keys Tab
# the first link is selected: 50 down is the more line after the first page
keys j j j j j j j j j j j j j j j j j j j j j j j j j j j j j j j j j j j j j j j j j j j j j j j j j j
check "the first page ends in a more line with the count of the rest" wait_for "… 70 more members links (+ or Enter: the next 50)"
check "the page holds 50 links" wait_for "[ORG] Member 050 (o-050)"
more_row=$(row_of "… 70 more members links")
keys Enter
check "Enter on the more line lists the next page" wait_for "[ORG] Member 051 (o-051)"
check "the view stays where it was: the next link takes the more line's row" \
	wait_line "${more_row:-0}" "Member 051 (o-051)"
keys j j j j j j j j j j j j j j j j j j j j j j j j j j j j j j j j j j j j j j j j j j j j j j j j j j
check "the next more line counts what is left" wait_for "… 20 more members links (+ or Enter: the next 20)"
keys +
check "+ on it lists the last page" wait_for "[ORG] Member 101 (o-101)"
check "which has no more line" wait_gone "more members link"
keys +
check "+ then says every link is listed" wait_for "every link is listed"
keys End
check "the last backlink is there" wait_for "[ORG] Member 120 (o-120)"
keys "?"
check "the help lists + for more links" wait_for "list 50 more links of a group cut short"
keys q
keys q
check "and quits cleanly after listing more" wait_for "EXIT=0"

# --- PgDn in the detail pane, with its first link selected, goes on down: the
# selection follows the view instead of holding it back
start 120 20 "$ICSVIEW -m $WORK/many.yaml"
wait_for "The hub" >/dev/null
keys : "goto hub" Enter
wait_for "[ORG] Member 001 (o-001)" >/dev/null
keys Tab NPage NPage NPage
check "PgDn in the detail pane reaches the more line" wait_for "… 70 more members links (+ or Enter: the next 50)"
keys End
check "End in it reaches the last line" wait_for "defined at $WORK/many.yaml:"
keys PPage PPage PPage PPage PPage PPage
check "PgUp goes back to the top" wait_for "system · hub"
keys q
check "and quits" wait_for "EXIT=0"


# --- G in the detail pane selects its last link (the last source), not the first
# link of the last page; k from there the link before it; g the first link
start 120 40 "$ICSVIEW -m $DATA"
wait_for "RGN England" >/dev/null
keys i "syb-partnership-board" Enter
wait_for "board · partnership board · syb-partnership-board" >/dev/null
keys Enter
wait_for "Collaborative partnership board has nothing under it" >/dev/null
keys Tab G
wait_for "/data/2018/syb.yaml:" >/dev/null
keys Enter
check "G then Enter in the detail pane follows its last link" \
	wait_for "source · report section (system profile) · kf-2018-syb"
keys "["
wait_for "board · partnership board · syb-partnership-board" >/dev/null
keys Tab G k Enter
check "G then k selects the link before it" wait_for "board · executive steering group · syb-executive-steering"
keys "["
wait_for "board · partnership board · syb-partnership-board" >/dev/null
keys Tab g Enter
check "g then Enter follows its first link" wait_for "· barnsley-ccg"
keys q
check "and quits" wait_for "EXIT=0"

finish
