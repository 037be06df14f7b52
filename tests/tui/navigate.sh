#!/bin/sh
# Moving about the tree: opening, expanding and collapsing, drilling down
# and back up, :goto, following a link, history, the help, marks, the mouse.
. "$(dirname "$0")/lib.sh"

# --- opening shows the roots and the detail of the selection ---------------
start 120 40 "$NESTED"
check "opens on the roots" wait_for "SYS South Yorkshire and Bassetlaw ICS (3)"
check "the detail pane shows the selection" wait_for "system · n-system"
check "the status line counts rows" wait_for " 1/4 "
check "the breadcrumb names the selection" wait_line 1 "South Yorkshire and Bassetlaw ICS"

# --- expand and collapse ------------------------------------------------------
keys l
check "l expands" wait_for "PLC Sheffield (1)"
keys j l
check "expanding a child shows its children" wait_for "ORG Sheffield Teaching Hospitals NHS Foundation Trust"
keys h h
check "h collapses, then goes to the parent" wait_for " 1/"
keys h
check "collapsed again" wait_gone "PLC Sheffield"

# --- drill-down and back up ----------------------------------------------------
keys Enter
check "Enter drills down: the root's children are the rows" wait_for "PLC Sheffield (1)"
check "after a drill-down the first row is a child" wait_line 2 "PLC Sheffield"
keys u
check "u goes back up a level" wait_for "SYS South Yorkshire and Bassetlaw ICS"
check "the roots are back" wait_line 2 "SYS South Yorkshire"

# --- :goto by code, following a link, history ------------------------------------
keys : "goto RHQ" Enter
check ":goto RHQ finds the trust by its code" wait_for "organisation · NHS foundation trust · n-sth"
keys Tab Enter
check "Tab then Enter follows the member_of link" wait_for "system · n-system"
keys "["
check "[ goes back in history" wait_for "organisation · NHS foundation trust · n-sth"
keys "]"
check "] goes forward again" wait_for "system · n-system"
keys : "goto no-such-thing" Enter
check "an unknown id is reported in the status line" wait_for "nothing matches 'no-such-thing'"

# --- the help overlay -----------------------------------------------------------
keys "?"
check "? shows the help" wait_for "icsview keys"
check "the help lists drill-down" wait_for "make the selection the root"
keys x
check "any key closes the help" wait_gone "icsview keys"

# --- marks ---------------------------------------------------------------------
keys : "goto p-trust" Enter m a : "goto n-board" Enter "'" a
check "a mark jumps back" wait_for "organisation · p-trust"
keys q
check "q quits with status 0" wait_for "EXIT=0"

# --- the help scrolls no further than its last line ------------------------------------
start 80 24 "$NESTED"
wait_for "South Yorkshire" >/dev/null
keys "?"
wait_for "icsview keys" >/dev/null
keys j j j j j j j j j j j j j j j j j j j j j j j j j j j j j j j j j j j j j j j j
check "j stops when the help's last line is above its bottom border" wait_line 22 "quit"
keys k
check "k then scrolls back at once" wait_line 22 "this help"
keys x q
check "and quits" wait_for "EXIT=0"

# --- mouse: xterm mouse reports typed into the terminal -------------------------------------
start 100 24 "$NESTED"
wait_for "South Yorkshire" >/dev/null
click 5 5
check "a click selects the row under it" wait_for " 4/4 "
click 5 5; click 5 5
check "a double click expands it" wait_for "PLC Doncaster (1)"
keys q

finish
