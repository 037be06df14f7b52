#!/bin/sh
# A note being written when a signal ends the interface: the note stays as
# last saved, the text is kept as a draft, offered back on the next start,
# saved with ^S or discarded with Esc.
. "$(dirname "$0")/lib.sh"

REVIEW="$NESTED --notes $WORK/review.db"
# a note as last saved
start 120 40 "$REVIEW"
wait_for "reviewed 0/11" >/dev/null
keys : "goto n-board" Enter
wait_for "partnership board · n-board" >/dev/null
keys e
wait_for "Note: Collaborative Partnership Board" >/dev/null
keys "Noted before a kill." C-s
check "a note saved" wait_for "note saved"
keys q
wait_for "EXIT=0" >/dev/null

# --- SIGHUP in the middle of writing a note: the note as last saved, the text a draft -----
start 120 40 "$REVIEW"
keys : "goto n-board" Enter
wait_for "partnership board · n-board" >/dev/null
keys e End " HALF-WRITTEN"
wait_for "HALF-WRITTEN" >/dev/null
kill -HUP "$(pid_of)"
check "SIGHUP while a note is open ends the interface" wait_for "EXIT=129"
check "and says the unsaved text is kept as a draft" wait_for "the unsaved note for n-board is kept as a draft"
start 120 40 "$REVIEW"
check "the next start says a draft was kept, and where" wait_for "unsaved note for n-board kept as a draft (icsview was interrupted): :goto it, then e"
keys : "goto n-board" Enter
check "the note is as last saved" wait_for "Noted before a kill."
check "and nothing of the unsaved text" wait_gone "HALF-WRITTEN"
check "the detail pane says a draft is waiting" wait_for "unsaved draft kept when icsview was interrupted"
keys e
check "e offers the draft back" wait_for "HALF-WRITTEN"
check "saying where it comes from" wait_for "draft from an interrupted session: ^S saves it, Esc discards it"
keys Escape
check "Esc asks before discarding the draft" wait_for "discard the changes?"
keys y
wait_for "changes discarded" >/dev/null
check "the detail pane no longer speaks of a draft" wait_gone "unsaved draft kept"
keys e
check "once discarded, the editor opens on the note as saved" wait_for "Note: Collaborative Partnership Board"
check "without the draft" wait_gone "HALF-WRITTEN"

# --- SIGTERM keeps a draft too; ^S saves it as the note -------------------------------------
keys End " KEPT-AGAIN"
wait_for "KEPT-AGAIN" >/dev/null
kill -TERM "$(pid_of)"
check "SIGTERM keeps the draft too" wait_for "EXIT=143"
start 120 40 "$REVIEW"
keys : "goto n-board" Enter e
wait_for "KEPT-AGAIN" >/dev/null
keys C-s
check "^S saves the draft as the note" wait_for "note saved"
check "the detail pane shows it" wait_for "KEPT-AGAIN"
keys e
wait_for "Note: Collaborative Partnership Board" >/dev/null
check "and no draft is offered again" wait_gone "draft from an interrupted session"
keys Escape
wait_for "note not changed" >/dev/null
keys q
check "q quits after all that" wait_for "EXIT=0"

finish
