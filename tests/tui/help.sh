#!/bin/sh
# The help overlay: the whole reference (keys by context, commands, the
# filter language, the legend), wrapped to its width, scrolled, searched
# on its bottom border, closed by q, Esc or ?.
. "$(dirname "$0")/lib.sh"

start 80 24 "$NESTED"
wait_for "South Yorkshire" >/dev/null
keys "?"
check "? opens the help at the tree's keys" wait_line 3 "Keys in the tree"
check "it fits 80 columns" fits_in 80
keys /
check "/ starts a search on the bottom border" wait_line 23 "/"
keys "reviewed:no"
wait_line 23 "/reviewed:no" >/dev/null
keys Enter
check "Enter jumps to the first match below" wait_line 3 "reviewed:yes|no"
# on yellow (43), as the words of a search are in the panes
ESC=$(printf '\033')
highlighted() { screen_with_colours | sed -n 3p | grep -q "${ESC}\[[0-9;]*43m[^${ESC}]*reviewed:no"; }
check "the match stands out" wait_until highlighted
check "the search stays on the border, with n/N" wait_line 23 "/reviewed:no  n/N"
keys G / K I N D : Enter
wait_line 3 "kind:" >/dev/null
first=$(line 3)
# read again at each poll: the screen may not have moved yet when n is sent
line3_is_not() { [ "$(line 3)" != "$1" ]; }
keys n
check "n goes to the next match" wait_until line3_is_not "$first"
next_row() { [ "$(line 3)" != "$first" ] && line 3 | grep -qi "kind:"; }
check "which holds it too" wait_until next_row
keys N
check "N goes back to the one before" wait_line 3 "$first"
keys Escape
check "Esc ends the search" wait_gone "n/N: next/previous"
check "the help stays open" shows "icsview help"
keys g
check "g goes to the top" wait_line 3 "Keys in the tree"
keys Space
check "Space scrolls a page" wait_gone "Keys in the tree"
keys End
check "End goes to the foot" wait_line 22 "close the help"
keys Home
check "Home to the top" wait_line 3 "Keys in the tree"
keys Escape
check "Esc with no search closes the help" wait_gone "icsview help"
keys "?"
wait_for "icsview help" >/dev/null
keys x
check "a key the help does not use leaves it open" wait_for "icsview help"
keys "?"
check "? closes it" wait_gone "icsview help"

# the rest of the reference: sections of every context, and the legend
keys "?" / "Filters (f)" Enter
check "the filter language, each term with an example" wait_both "kind:K" "kind:organisation"
keys Escape / "What the tree shows" Enter
check "the legend: badges" wait_both "What the tree shows" "ORG"
keys Escape / "Keys in the note editor" Enter
check "the note editor's keys" wait_both "Keys in the note editor" "save the note"
keys Escape / "Commands (:" Enter
check "the : commands" wait_both ":goto RHQ" "(also :g)"
keys q

# --ascii: the legend shows the glyphs as the screen draws them then
start 80 24 "$NESTED --ascii"
wait_for "South Yorkshire" >/dev/null
keys "?" / "Glyphs:" Enter
check "in ASCII the legend's glyphs are the ASCII ones" wait_line 4 "| +     "
check "none drawn as a stand-in" wait_without "has children, collapsed" "| _ "
keys q q

# a window narrower than a key and its text: the key has a row of its own
start 44 24 "$NESTED"
wait_for "South Yorkshire" >/dev/null
keys "?"
wait_for "icsview help" >/dev/null
check "a narrow help wraps within its borders" fits_in 44
check "with the text under its key" wait_line 4 "j Down"
check "on the next row" wait_line 5 "select the next row"
keys q q
check "and quits" wait_for "EXIT=0"

finish
