#!/bin/sh
# The window resized while the interface runs: the detail pane moves below
# the tree when narrow, nothing is drawn past the edge, a window too small
# says so; q then leaves the terminal as it was.
. "$(dirname "$0")/lib.sh"

start 120 40 "$NESTED"
wait_for "SYS South Yorkshire and Bassetlaw ICS" >/dev/null
keys : "goto p-trust" Enter
wait_for "organisation · p-trust" >/dev/null

# --- resize: 120x40 to 40x12 and back ------------------------------------------------
tm resize-window -t t -x 40 -y 12
check "at 40x12 the detail pane moves below the tree" wait_for "────────────────────────────────────────"
check "nothing is drawn past 40 columns" fits_in 40
tm resize-window -t t -x 120 -y 40
check "back at 120x40 the panes are side by side" wait_for "│"
tm resize-window -t t -x 20 -y 6
check "20x6 still shows the tree" wait_for "SYS A system"
check "nothing is drawn past 20 columns" fits_in 20
tm resize-window -t t -x 12 -y 4
check "smaller says the window is too small" wait_for "window too"
tm resize-window -t t -x 120 -y 40
keys q
check "q quits with status 0" wait_for "EXIT=0"
check "the terminal is back in cooked mode after q" grep -q " icanon" "$WORK/stty"

finish
