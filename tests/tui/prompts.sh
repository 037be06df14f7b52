#!/bin/sh
# The prompts of the status line as a shell's: the line edited in place;
# Tab completing the : line's
# commands and goto's ids; Up and Down through what was typed at each kind
# of prompt (:, f, i, /), kept across a restart in the state directory; a
# damaged history file read for what it holds; ^C closing a prompt.
. "$(dirname "$0")/lib.sh"

HISTORY="$XDG_STATE_HOME/icsview/history"

# line_is N TEXT: line N reads TEXT, and blanks after it.
line_is() { [ "$(line "$1" | sed 's/ *$//')" = "$2" ]; }

start 80 24 "$NESTED --fresh"
wait_for "South Yorkshire" >/dev/null
keys : "go" Tab
check ":go Tab completes the command" wait_until line_is 24 ":goto"
keys "n-s" Tab
check "goto's ids listed above the prompt" wait_line 23 "n-sheffield  n-sth  n-system"
keys "t" Tab Enter
check "an id completed and gone to" wait_for "│   n-sth"
keys : "r" Tab
check "several commands listed" wait_line 23 "refresh  root"
keys C-u "goto n-sth" C-w
check "^W removes the word before the cursor" wait_until line_is 24 ":goto"
keys "n-board" C-a Delete "G"
check "^A to the start, Delete the character there" wait_until line_is 24 ":Goto n-board"
keys Right Right Right C-k
check "^K removes what follows the cursor" wait_until line_is 24 ":Goto"
keys End BSpace BSpace Left Left "x"
check "Left and End move in the line" wait_until line_is 24 ":xGo"
keys C-e C-u "help" Enter
wait_for "icsview help" >/dev/null
keys q
wait_gone "icsview help" >/dev/null
keys f "kind:board" Enter
wait_for "filter: kind:board · 1 of" >/dev/null
keys F
wait_gone "filter: kind:board" >/dev/null
keys i "n-doncaster" Enter
wait_for "place · n-doncaster" >/dev/null
keys / "shef"
wait_for "/shef" >/dev/null
keys Enter
wait_gone "/shef" >/dev/null
keys q
check "q quits" wait_for "EXIT=0"
check "the history is kept in the state directory" [ -f "$HISTORY" ]
check "readable by its owner alone" [ "$(stat -c %a "$HISTORY")" = 600 ]

start 80 24 "$NESTED --fresh"
wait_for "South Yorkshire" >/dev/null
keys :
wait_line 24 ":" >/dev/null
keys Up
check "Up at : brings back the last command across a restart" wait_line 24 ":help"
keys Up
check "and the one before" wait_line 24 ":goto n-sth"
keys Down Down
check "Down back to the line being typed" wait_until line_is 24 ":"
keys "half" Up Down
check "which is kept while walking" wait_line 24 ":half"
keys C-c
check "^C closes the prompt" wait_for "?:help"
check "and does not quit" hidden "EXIT="
keys f
wait_for "Tab:complete" >/dev/null
keys Up
check "the filter prompt has its own history" wait_line 24 "filter: kind:board"
keys Escape
wait_for "?:help" >/dev/null
keys i Up
check "and goto" wait_line 24 "goto: n-doncaster"
keys Escape
wait_for "?:help" >/dev/null
keys / Up
check "and search, listing the results again" wait_both "/shef" "3 results"
keys Escape
wait_for "?:help" >/dev/null
keys q
check "q quits after walking them" wait_for "EXIT=0"

# A damaged history file: what can be read is, the rest said and skipped.
printf 'filter\tkind:place\nbogus line\ncommand\tquit\001\nsearch\tdon\n' >"$HISTORY"
start 80 24 "$NESTED --fresh"
check "damaged lines are skipped and said" wait_for "prompt history: 2 damaged lines skipped"
keys f Up
check "the rest is read" wait_line 24 "filter: kind:place"
keys Escape
wait_for "?:help" >/dev/null
keys q
wait_for "EXIT=0" >/dev/null

# One that is not a file at all is left alone.
rm -f "$HISTORY"
mkdir "$HISTORY"
start 80 24 "$NESTED --fresh"
check "a history that cannot be read is said" wait_for "prompt history not read"
keys : "root" Enter
check "and the interface goes on" wait_for "?:help"
check "without writing over it" [ -d "$HISTORY" ]
keys q
wait_for "EXIT=0" >/dev/null

finish
