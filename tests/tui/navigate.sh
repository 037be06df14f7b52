#!/bin/sh
# Moving about the tree: opening, expanding and collapsing, drilling down
# and back up, :goto, following a link, history, the help, marks, Home and
# End whatever the terminal sends, the mouse.
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
check "expanding a child shows its children" wait_for "NHST Sheffield Teaching Hospitals NHS Foundation Trust"
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
keys : "goto" Enter
check ":goto alone says what it needs" wait_for "goto: needs an id, code or name (:goto RHQ)"

# --- the help overlay -----------------------------------------------------------
keys "?"
check "? shows the help" wait_for "icsview help"
check "the help lists drill-down" wait_for "make the selection the root"
keys q
check "q closes the help" wait_gone "icsview help"

# --- marks ---------------------------------------------------------------------
keys : "goto p-trust" Enter m a : "goto n-board" Enter "'" a
check "a mark jumps back" wait_for "organisation · p-trust"
keys q
check "q quits with status 0" wait_for "EXIT=0"

# --- Home, End, PgUp, PgDn, whatever sequence the terminal sends ----------------------------
# tmux sends ESC [1~ and ESC [4~ for Home and End, which xterm-256color's
# description (a common TERM inside tmux) does not list; other terminals
# send others still.
raw() { tm send-keys -t "=$TARGET:" -H "$@"; }
start 100 24 "TERM=xterm-256color $NESTED --fresh"
wait_for " 1/4 " >/dev/null
keys End
check "End as tmux sends it (ESC [4~) goes to the last row" wait_for " 4/4 "
keys Home
check "Home as tmux sends it (ESC [1~) goes to the first row" wait_for " 1/4 "
raw 1b 5b 38 7e
check "End as rxvt sends it (ESC [8~)" wait_for " 4/4 "
raw 1b 5b 37 7e
check "Home as rxvt sends it (ESC [7~)" wait_for " 1/4 "
raw 1b 5b 46
check "End as xterm sends it in normal mode (ESC [F)" wait_for " 4/4 "
raw 1b 5b 48
check "Home as xterm sends it in normal mode (ESC [H)" wait_for " 1/4 "
raw 1b 4f 46
check "End in application mode (ESC OF)" wait_for " 4/4 "
raw 1b 4f 48
check "Home in application mode (ESC OH)" wait_for " 1/4 "
keys PgDn
check "PgDn (ESC [6~) pages down" wait_for " 4/4 "
keys PgUp
check "PgUp (ESC [5~) pages up" wait_for " 1/4 "
keys q
wait_for "EXIT=0" >/dev/null

# --- ^D and ^U move half a page ---------------------------------------------------
# England's regions and every source: more rows than a page
start 80 24 "$ICSVIEW -m $DATA"
wait_for " 1/3 " >/dev/null
keys l
wait_for " 1/10 " >/dev/null
keys End l
wait_for "▾ RGN Sources" >/dev/null
keys Home
wait_for " 1/" >/dev/null
rows=$(line 24 | sed 's|^ *1/\([0-9]*\) .*|\1|')
keys C-d
check "^D moves the selection half a page down" wait_for " 11/$rows "
keys C-u
check "^U moves it half a page back" wait_for " 1/$rows "
keys q
check "and quits" wait_for "EXIT=0"

# --- opening the last row on screen shows what it opened ---------------------------
start 80 24 "$ICSVIEW --fresh -m $DATA"
wait_for " 1/3 " >/dev/null
keys i "syb-bassetlaw" Enter
wait_for "place · district · syb-bassetlaw" >/dev/null
check "the place is the last row of the tree pane" wait_line 23 "PLC Bassetlaw"
keys l
check "l scrolls its children into view" wait_for "→ NHST Doncaster and Bassetl"
check "the place itself still shown" wait_for "▾ PLC Bassetlaw"
check "the detail pane says where it sits" wait_for "› England, 2018: systems in the"
keys q
wait_for "EXIT=0" >/dev/null

# --- the help scrolls no further than its last line ------------------------------------
start 80 24 "$NESTED --fresh"
wait_for "South Yorkshire" >/dev/null
keys "?"
wait_for "icsview help" >/dev/null
keys G j j j j
check "j stops when the help's last line is above its bottom border" wait_line 22 "close the help"
keys k
check "k then scrolls back at once" wait_line 22 "end the search"
keys q q
check "and quits" wait_for "EXIT=0"

# --- mouse: xterm mouse reports typed into the terminal -------------------------------------
start 100 24 "$NESTED --fresh"
wait_for "South Yorkshire" >/dev/null
click 5 5
check "a click selects the row under it" wait_for " 4/4 "
click 5 5; click 5 5
check "a double click expands it" wait_for "PLC Doncaster (1)"
keys q

finish
