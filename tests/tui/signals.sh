#!/bin/sh
# A signal that ends the interface (SIGHUP: a dropped SSH connection;
# SIGTERM) leaves the terminal as it was.  (signal_race.py: one that comes
# while the screen is drawn.)  ^C cancels the note editor and prompts, and
# ends the interface from the tree.
. "$(dirname "$0")/lib.sh"

cooked() { grep -q ' icanon' "$WORK/stty" && grep -q ' echo ' "$WORK/stty"; }

start 80 24 "$NESTED"
wait_for "South Yorkshire" >/dev/null
kill -HUP "$(pid_of)"
check "SIGHUP ends the interface" wait_for "EXIT=129"
check "the terminal is back in cooked mode after SIGHUP" cooked

start 80 24 "$NESTED"
wait_for "South Yorkshire" >/dev/null
kill -TERM "$(pid_of)"
check "SIGTERM ends it too" wait_for "EXIT=143"
check "the terminal is back in cooked mode after SIGTERM" cooked

# --- ^C cancels the note editor or a prompt, as Esc does; on the tree it quits ------------
start 80 24 "$NESTED"
wait_for "South Yorkshire" >/dev/null
keys e
wait_for "^S save" >/dev/null
keys C-c
check "^C in the note editor closes it" wait_for "note not changed"
keys e "zzz"
wait_for "zzz" >/dev/null
keys C-c
check "^C on a changed note asks before discarding, as Esc does" wait_for "discard the changes?"
keys C-c
check "^C there goes back to the text" wait_without "zzz" "discard the changes?"
keys Escape
wait_for "discard the changes?" >/dev/null
keys y
check "which Esc then y discards" wait_for "changes discarded"
keys q
wait_for "EXIT=0" >/dev/null

start 80 24 "$NESTED"
wait_for "South Yorkshire" >/dev/null
keys : "goto n-sth"
wait_for "goto n-sth" >/dev/null
keys C-c
check "^C at a prompt cancels it, and the interface goes on" wait_without "?:help" "goto n-sth"
keys / s h e f
wait_for "/shef" >/dev/null
keys C-c
check "^C in a search cancels it" wait_without "?:help" "/shef"
keys C-c
check "^C on the tree ends the interface" wait_for "EXIT=130"
check "the terminal is back in cooked mode after ^C" cooked

# the terminal's interrupt character, turned off while an editor is open, is
# back when a signal ends the interface then
start 80 24 "$NESTED"
wait_for "South Yorkshire" >/dev/null
keys e
wait_for "^S save" >/dev/null
kill -TERM "$(pid_of)"
wait_for "EXIT=143" >/dev/null
check "SIGTERM with the note editor open gives ^C back to the terminal" grep -q "intr = ^C" "$WORK/stty"

# --- ^Z suspends to the shell; fg brings the same screen back ------------------------------
# an interactive shell with job control, which runs the interface as a job
start 80 24 "'PS1=SHELL\$ ' bash --norc --noprofile -i"
wait_for 'SHELL$' >/dev/null
keys "'$WORK/recorded' '$WORK/pid-z' $NESTED --fresh" Enter
wait_for "South Yorkshire" >/dev/null
keys C-z
check "^Z gives the terminal back to the shell" wait_for "Stopped"
prompt_last() { [ "$(screen | grep -v '^ *$' | tail -1)" = 'SHELL$' ]; }
check "the shell's prompt shows under it" wait_until prompt_last
keys "jobs" Enter
stopped_twice() { [ "$(screen | grep -c Stopped)" -ge 2 ]; }
check "jobs lists the interface, stopped" wait_until stopped_twice
keys "clear; fg" Enter
check "fg restores the interface" wait_both "South Yorkshire" "?:help"
check "on the same screen: the selection and the detail" wait_both "1/4" "children"
keys j
check "which takes keys again" wait_for "2/4"
keys C-z
wait_for "Stopped" >/dev/null
tm resize-window -t "=$TARGET:" -x 100 -y 30 2>/dev/null
keys "fg" Enter
status_at_30() { line 30 | grep -q '?:help'; }
check "fg in a window resized meanwhile lays it out at the new size" wait_until status_at_30
keys q
check "and q still quits" wait_for 'SHELL$'

finish
