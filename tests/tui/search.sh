#!/bin/sh
# Finding entities in the bundled data: :goto by code, / ranked as you
# type, n and N through the results, a search with no hits, Esc; ids and
# codes in any case, a word of one letter, and the pick list of a name
# several entities have.
. "$(dirname "$0")/lib.sh"

start 120 40 "$ICSVIEW --fresh -m $DATA"
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

# --- ids and codes whatever their case; the pick list, at 80x24 ------------------
# box_ends_at COLUMNS: the pick list's first candidate row ends with its
# right border, one column short of a window COLUMNS wide (a cell of the
# pane beneath may follow it)
box_ends_at() {
	[ "$(line 3 | sed 's/│.$/│/' | widths)" -eq $(($1 - 1)) ] && line 3 | grep -q '│.\{0,1\}$'
}

start 80 24 "$ICSVIEW --fresh -m $DATA"
check "the bundled data opens at 80x24" wait_for "RGN England"
keys / x
check "/x, one letter, finds words of the index that start with it" \
	wait_for "ORG NHS Kirklees CCG  code"
check "besides names that start with it, all counted" wait_for "5 results"
keys Escape
keys / r h q
check "/rhq lists the trust whose code is RHQ" wait_for "ORG Sheffield Teaching Hospitals"
keys Escape i "rhq" Enter
check "i rhq goes to it" wait_for "NHS foundation trust · RHQ"
keys i "qf7" Enter
check "an id wins over others' codes, which is said" wait_for "id QF7; 2 others also answer to 'qf7'"
keys i "West Yorkshire" Enter
check "i West Yorkshire opens a pick list" wait_for "'West Yorkshire' matches 2 entities"
check "offering the 2026 board" wait_for "SYS NHS West Yorkshire Integrated Care Board  QWO"
check "and the 2018 system of that name" wait_for "SYS West Yorkshire  west-yorkshire"
check "with the type and the path" wait_for "integrated care board · England › North East and Yorkshire"
check "the selection is unchanged meanwhile" wait_line 1 "NHS South Yorkshire Integrated Care Board"
keys Escape
check "Esc closes it" wait_gone "matches 2 entities"
check "with the selection unchanged" wait_for "integrated care board · QF7"
keys : "goto west yorkshire" Enter
check ":goto opens the same list" wait_for "'west yorkshire' matches 2 entities"
keys C-c
check "^C closes it" wait_gone "matches 2 entities"
keys i "West Yorkshire" Enter
check "opened again" wait_for "matches 2 entities"
keys Down
check "Down selects the second" wait_for "2/2"
tm resize-window -t "=$TARGET:" -x 60 -y 20
check "it is drawn again for a new size: its right border in sight" \
	wait_until box_ends_at 60
check "the selection kept" wait_for "2/2  ↑↓ move"
tm resize-window -t "=$TARGET:" -x 80 -y 24
check "and back" wait_until box_ends_at 80
keys Enter
check "Enter goes to the second: the 2018 system" \
	wait_line 1 "England, 2018: systems in the source documents › West Yorkshire"
check "and closes the list" wait_gone "matches 2 entities"
keys i "hospital" Enter
check "a list longer than the window says how many" wait_for "'hospital' matches 198 entities"
check "and shows the first" wait_for "1/198"
check "its paths cut from the left" wait_for "board of directors · …"
keys End
check "End selects the last, scrolled into sight" wait_for "198/198"
check "the last candidate is on screen" wait_for "ORG Leeds Teaching Hospitals NHS Trust  RR8"
keys PPage k
check "PgUp and k move up" wait_for "187/198"
keys Home j
check "Home and j" wait_for "2/198"
keys q
check "q closes it, not the program" wait_gone "2/198"
keys q
check "then q quits" wait_for "EXIT=0"

finish
