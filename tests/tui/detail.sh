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
start 120 40 "$ICSVIEW --fresh -m $WORK/many.yaml"
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
start 120 20 "$ICSVIEW --fresh -m $WORK/many.yaml"
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


# --- the pane shows what show shows, whole: wrapped, never cut -------------------
start 80 24 "$ICSVIEW --fresh -m $DATA"
wait_for "RGN England" >/dev/null
keys i RHQ Enter
check "a long fact's value wraps under its key at 80x24" \
	wait_both "catchment_share_own_icb" "0.869 (share of the trust's"
check "and goes on to its source" wait_for "ohid-trust-catchment-2022]"
check "the title wraps, its rest indented" wait_for "│   Foundation Trust"
check "a group's header counts its links" wait_for "▾ member_of (4)"
keys Tab "{"
keys Enter
check "{ from a group's first link selects its header: Enter folds it" wait_for "▸ member_of (4)"
check "its links are gone" wait_gone "[BRD] Collaborative partnership board"
keys Space
check "Space on a header unfolds it" wait_for "▾ member_of (4)"
keys "{" "{" Space
check "{ twice (Links, then Facts) then Space folds that section" wait_for "▸ Facts"
check "its facts are gone" wait_gone "catchment_share_own_icb"
tm resize-window -t =t: -x 100 -y 30
check "a resize keeps the fold" wait_for "▸ Facts"
keys Tab "}" Enter
check "} from the tree focuses the pane on its first header: Enter folds it" wait_for "▸ Review"
keys "}" Enter
check "} steps on to the next header" wait_for "▾ Facts"
keys q
check "and quits" wait_for "EXIT=0"

# --- a narrow, stacked layout: every line whole too
start 40 60 "$ICSVIEW --fresh -m $DATA"
wait_for "RGN England" >/dev/null
keys i RHQ Enter
wait_for "catchment_share_own_icb" >/dev/null
whole_fact() {
	screen | tr -s ' \n' '  ' |
		grep -qF "0.869 (share of the trust's patients living in its headquarters ICB) [source: ohid-trust-catchment-2022]"
}
check "at 40 columns the fact is shown whole, over several lines" wait_until whole_fact
check "the subtitle is whole" wait_for "organisation · NHS foundation trust ·"
keys i RNK Enter
check "a closed trust says so in its subtitle" wait_for "closed 2026-03-31"
keys i QHM Enter
check "an ICB counts what is under it by type, the most first" \
	wait_for "337 GP practices · 67 primary care"

keys q
check "and quits" wait_for "EXIT=0"

# --- o: the show text in the pager, at the window's width; y: the id copied
printf '#!/bin/sh\ncp "$1" "%s/paged.new" && mv "%s/paged.new" "%s/paged"\n' "$WORK" "$WORK" "$WORK" >"$WORK/pager"
chmod +x "$WORK/pager"
# what show prints on a terminal of the window's width (piped, it would not wrap)
script -qec "COLUMNS=78 '$ICSVIEW' -m '$DATA' show RHQ" /dev/null </dev/null | tr -d '\r' >"$WORK/shown"
start 78 24 "PAGER=$WORK/pager TMPDIR=$WORK/tmp $ICSVIEW --fresh -m $DATA"
mkdir -p "$WORK/tmp"
tm set-option -g set-clipboard on
wait_for "RGN England" >/dev/null
keys i RHQ Enter
wait_for "organisation · NHS foundation trust · RHQ" >/dev/null
keys o
check "o runs the pager on a file" wait_until test -s "$WORK/paged"
check "which holds what icsview show prints" cmp -s "$WORK/shown" "$WORK/paged"
check "the interface is back after it" wait_for "organisation · NHS foundation trust · RHQ"
no_temporary() { [ -z "$(ls "$WORK/tmp")" ]; }
check "and the file is removed" wait_until no_temporary
keys y
check "y says what it copied" wait_for "copied RHQ"
clipboard() { [ "$(tm show-buffer 2>/dev/null)" = RHQ ]; }
check "and sends it to the terminal's clipboard (OSC 52: tmux's buffer)" wait_until clipboard
keys q
check "and quits" wait_for "EXIT=0"

# at 60 columns the long fact keys give the values room: no line is
# wider than the window, and the longest key stands on its own line
rm -f "$WORK/paged"
start 60 24 "PAGER=$WORK/pager TMPDIR=$WORK/tmp $ICSVIEW --fresh -m $DATA"
wait_for "RGN England" >/dev/null
keys i syb Enter
wait_for "system · integrated care system · syb" >/dev/null
keys o
check "o at 60 columns pages the text" wait_until test -s "$WORK/paged"
narrow() { [ "$(LC_ALL=C.UTF-8 wc -L <"$WORK/paged")" -le 60 ]; }
check "no line of it is wider than the window" narrow
check "a key wider than a third of it has its value below" \
	grep -qx "  integrated_care_partnerships" "$WORK/paged"
keys q
check "and quits" wait_for "EXIT=0"

# at 160 columns the column of keys stops at 32: the longest key (38
# characters) stands on its own line and the others' values start at 34
rm -f "$WORK/paged"
start 160 24 "PAGER=$WORK/pager TMPDIR=$WORK/tmp $ICSVIEW --fresh -m $DATA"
wait_for "RGN England" >/dev/null
keys i syb Enter
wait_for "system · integrated care system · syb" >/dev/null
keys o
check "o at 160 columns pages the text" wait_until test -s "$WORK/paged"
check "a key longer than the capped column has its value below" \
	grep -qx "  public_and_patient_involvement_manager" "$WORK/paged"
check "and the other values start at column 34" \
	grep -q "^  population                      1500000" "$WORK/paged"
keys q
check "and quits" wait_for "EXIT=0"

start 80 24 "PAGER= $ICSVIEW --fresh -m $DATA"
wait_for "RGN England" >/dev/null
keys o
check "an empty PAGER is said, not run" wait_for "PAGER is set but empty"
keys q
wait_for "EXIT=0" >/dev/null
start 80 24 "PAGER=$WORK/no-such-pager $ICSVIEW --fresh -m $DATA"
wait_for "RGN England" >/dev/null
keys o
check "a pager that cannot start is said" wait_for "cannot run the pager"
check "and the screen is back" wait_for "RGN England"
keys q
check "and quits" wait_for "EXIT=0"

# --- G in the detail pane selects its last link (the last source), not the first
# link of the last page; k from there the link before it; g the first link
start 120 40 "$ICSVIEW --fresh -m $DATA"
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
check "G then k stops on the Sources heading: Enter folds it" wait_for "▸ Sources (file default)"
check "its lines are gone" wait_gone "(kf-2018-syb)"
keys Enter
check "Enter again unfolds it" wait_for "▾ Sources (file default)"
keys k Enter
check "k once more selects the link before it" wait_for "board · executive steering group ·"
keys "["
wait_for "board · partnership board · syb-partnership-board" >/dev/null
keys Tab g Enter
check "g then Enter follows its first link" wait_for "organisation · clinical commissioning group ·"
keys q
check "and quits" wait_for "EXIT=0"

finish
