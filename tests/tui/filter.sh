#!/bin/sh
# Filters on the bundled data: the matches with their ancestors, and the
# ICBs they are shown under through a link; a malformed filter kept at
# the prompt, a caret under its mistake, whole even with a filter active;
# F clearing it; a filter with no matches keeping the drill-down; Tab
# completion, and the grammar's help from the prompt.  (filter-steps.sh: a filter evaluated a
# step at a time.)
. "$(dirname "$0")/lib.sh"

start 120 40 "$ICSVIEW --fresh -m $DATA"
wait_for "RGN England" >/dev/null
keys f "kind:board" Enter
check "a filter keeps the matches" wait_for "filter: kind:board · 544 of"
check "and their ancestors" wait_for "▾ SYS NHS North East London Integrated Care Board"
check "and hides the rest" wait_gone "RGN England (7)"
keys f C-u "kind:" Enter
check "a malformed filter stays at the prompt, its mistake said under it" \
	wait_both "filter: kind:" "^ expected a value after 'kind:'"
keys Escape
check "Esc abandons it and keeps the previous filter" wait_for "filter: kind:board · 544 of"
keys F
check "F clears the filter" wait_gone "filter: kind:board"
keys f C-u "type:trust" Enter
check "an ICB shows the matches it has through a link" \
	wait_for "→ NHST Great Ormond Street Hospital for Children NHS F"
check "every such ICB" wait_for "→ NHST Croydon Health Services NHS Trust"
keys F
wait_gone "filter: type:trust" >/dev/null
keys q
check "q quits" wait_for "EXIT=0"

# A filter with no matches keeps the root drilled into, for the next filter.
start 120 40 "$ICSVIEW --fresh -m $DATA"
wait_for "RGN England" >/dev/null
keys : "goto syb" Enter
wait_for "system · syb" >/dev/null
keys Enter
wait_for "PLC Barnsley" >/dev/null
keys f "kind:board" Enter
wait_for "filter: kind:board · 12 here · 544 in model" >/dev/null
keys f C-u "zzzqqq" Enter
check "a filter with no matches says so" wait_for "nothing matches: F clears the filter"
keys f C-u "kind:board" Enter
check "and the next filter is still under the root drilled into" \
	wait_without "filter: kind:board · 12 here · 544 in model" "▾ RGN"
keys f C-u 'type:"GP practice"' Enter
check "a filter matching only outside the root shows the top" \
	wait_without "filter: type:\"GP practice\"" "root: South Yorkshire"
keys f C-u "kind:board" Enter
check "and the next filter is back under the root chosen" \
	wait_both "filter: kind:board · 12 here · 544 in model" "root: South Yorkshire and Bassetlaw ICS"
keys F : "goto syb-sheffield" Enter
wait_for "place · syb-sheffield" >/dev/null
keys Enter f C-u "type:trust" Enter
check "trusts shown under a place through links count here" \
	wait_both "filter: type:trust · 4 here · 207 in model" "→ NHST Sheffield Teaching Hospitals"
keys q
wait_for "EXIT=0" >/dev/null

# A new filter's mistake is shown whole, a caret under it, the text kept
# at the prompt to correct, the filter in force staying meanwhile.
start 80 24 "$ICSVIEW --fresh -m $DATA"
wait_for "RGN England" >/dev/null
keys f "kind:board" Enter
wait_for "filter: kind:board · 544 of" >/dev/null
keys f C-u "type:trust kind:boa" Enter
check "a mistake is shown whole while a filter is active" wait_for "^ unknown kind 'boa'"
check "in the width of the terminal" fits_in 80
check "the caret under the term at fault" \
	line_shows 23 "$(printf '%19s' '')^ unknown kind 'boa'"
check "the text stays at the prompt" line_shows 24 "filter: type:trust kind:boa"
keys "rd" Enter
check "the cursor stayed where it was: the text corrected and applied" \
	wait_for "filter: type:trust kind:board · "
keys f C-u "kind:boa" Enter
wait_for "^ unknown kind 'boa'" >/dev/null
keys C-c
check "^C abandons it, the filter in force staying" \
	wait_without "filter: type:trust kind:board · " "^ unknown"
check "and does not quit" hidden "EXIT="
keys q
wait_for "EXIT=0" >/dev/null

# Tab completes the word at the cursor from the model; several candidates
# are listed above the prompt and Tab again goes through them.
start 80 24 "$ICSVIEW --fresh -m $DATA"
wait_for "RGN England" >/dev/null
keys f "kind:bo" Tab
check "Tab completes a kind" wait_line 24 "filter: kind:board "
keys C-u "kind:s" Tab
check "several kinds listed above the prompt" \
	wait_line 23 "kind:service  kind:source  kind:system"
keys Tab
check "Tab again puts the first in" wait_line 24 "filter: kind:service"
keys Tab
check "and the next" wait_line 24 "filter: kind:source"
keys C-u "memb" Tab
check "relations and their inverses complete as terms" wait_line 23 "member_of:  members"
keys C-u "kind:bo type:trust" Home Right Right Right Right Right Right Right Tab
check "the word at the cursor, the text after it kept" wait_line 24 "filter: kind:board type:trust "
keys C-u
keys F1
check "F1 at the filter prompt opens the help at the filters" wait_for "Filters (f): what a term selects"
keys q
check "q closes it, back at the prompt" wait_without "Tab:complete  F1/^G:grammar" "Filters (f): what a term selects"
keys C-g
check "^G opens it too" wait_for "Filters (f): what a term selects"
keys Escape
wait_gone "Filters (f): what a term selects" >/dev/null
keys Escape
check "then Esc closes the prompt" wait_for "?:help"
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
