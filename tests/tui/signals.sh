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

finish
