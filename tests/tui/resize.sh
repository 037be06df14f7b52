#!/bin/sh
# The window resized while the interface runs: the detail pane moves below
# the tree when narrow, nothing is drawn past the edge, a window too small
# says so and ignores keys but q and ^L; q then leaves the terminal as it
# was.
. "$(dirname "$0")/lib.sh"

start 120 40 "$NESTED"
wait_for "SYS South Yorkshire and Bassetlaw ICS" >/dev/null
keys : "goto p-trust" Enter
wait_for "organisation · p-trust" >/dev/null

# --- resize: 120x40 to 40x12 and back ------------------------------------------------
tm resize-window -t =t: -x 40 -y 12
check "at 40x12 the detail pane moves below the tree" wait_for "────────────────────────────────────────"
check "nothing is drawn past 40 columns" fits_in 40
tm resize-window -t =t: -x 120 -y 40
check "back at 120x40 the panes are side by side" wait_for "│"
tm resize-window -t =t: -x 20 -y 6
check "20x6 still shows the tree" wait_for "SYS A system"
check "nothing is drawn past 20 columns" fits_in 20
tm resize-window -t =t: -x 12 -y 4
check "smaller says the window is too small" wait_for "window too"
tm resize-window -t =t: -x 120 -y 40
keys q
check "q quits with status 0" wait_for "EXIT=0"
check "the terminal is back in cooked mode after q" grep -q " icanon" "$WORK/stty"

# --- a window too small: keys other than q and ^L are ignored ---------------------------
# fresh: once text written to the terminal behind the interface's back shows
# and ^L has wiped it, the screen is the interface's own, drawn after every
# key typed before the ^L was read
garble() { printf '\033[1;1H#@#' >"$tty"; shows "#@#"; }
fresh() { wait_until garble && keys C-l && wait_gone "#@#"; }
start 120 40 "$NESTED --fresh"
wait_for "SYS South Yorkshire and Bassetlaw ICS" >/dev/null
tty=$(readlink "/proc/$(pid_of)/fd/0")
tm resize-window -t =t: -x 12 -y 4
check "a window too small says that keys are ignored" wait_for "are ignored;"
check "and that q quits" wait_for "q quits"
keys j j j e h e l l o
check "^L redraws the window too small" fresh
tm resize-window -t =t: -x 120 -y 40
wait_for "SYS South Yorkshire and Bassetlaw ICS" >/dev/null
check "back at 120x40, the screen redrawn" fresh
check "the keys typed meanwhile did not move the selection" shows " 1/4 "
check "nor open the note editor" hidden "^S save"
tm resize-window -t =t: -x 12 -y 4
wait_for "q quits" >/dev/null
keys q
check "q quits while the window is too small" wait_for "EXIT=0"

# --- q in a window too small to show the note editor keeps its text as a draft ----------
start 120 40 "$NESTED --fresh"
wait_for "SYS South Yorkshire and Bassetlaw ICS" >/dev/null
keys e
wait_for "^S save" >/dev/null
keys u n s e e n Space t e x t
wait_for "unseen text" >/dev/null
tm resize-window -t =t: -x 12 -y 4
wait_for "q quits" >/dev/null
keys q
check "q there quits" wait_for "EXIT=0"
start 120 40 "$NESTED --fresh"
wait_for "SYS South Yorkshire and Bassetlaw ICS" >/dev/null
keys e
check "keeping the note being written as a draft, which e offers back" wait_for "unseen text"
keys Escape y q
wait_for "EXIT=0" >/dev/null

finish
