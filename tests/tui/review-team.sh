#!/bin/sh
# Two interfaces on one notes file: a note saved over another's change is
# caught and the user keeps theirs, the other's or both; ^R in the editor
# finds the other's change too; ^R lists what the other changed, and Enter
# goes there; U and X resume at the selection; flags set by 0 to 3.
. "$(dirname "$0")/lib.sh"

REVIEW="$NESTED --notes $WORK/team.db"
ME=$(id -un)

# Every wait is a check: one that times out fails there, with the screen
# it waited on, instead of letting the keys after it land elsewhere.

# a: this session (t); b: another interface on the same file
open_note() {   # SESSION: the note of n-board in the editor
	in_session "$1" keys : "goto n-board" Enter
	in_session "$1" check "$1: :goto n-board goes there" wait_for "partnership board · n-board"
	in_session "$1" keys e
	in_session "$1" check "$1: e opens its note" wait_for "Note: Collaborative Partnership Board"
}

start 100 30 "$REVIEW"
# no key before the first screen: typed while the model is read, a key is
# kept for the interface, but the first screen is the sign it listens
check "A shows its first screen" wait_for "reviewed 0/11"
start_also b 100 30 "$REVIEW"
in_session b check "B shows its first screen" wait_for "reviewed 0/11"

# --- the lost update: both open e; B saves, then A saves ----------------------------------
open_note t
open_note b
keys "Alice was here."
in_session b keys "Bob was here." C-s
check "B saves first" in_session b wait_for "note saved"
keys C-s
check "A's save is caught: A is shown B's text" wait_both "Theirs: $ME, " "Bob was here."
check "and asked what to keep" wait_for " m yours  t theirs  b both  Esc back"
check "the status line says who changed it" wait_for "$ME saved this note meanwhile: keep m yours, t theirs, b both"
keys b
check "b keeps both and saves" wait_for "note saved"
check "both texts are in the note, B's first" wait_both "Bob was here." "Alice was here."
check "each attributed" wait_for "— kept both: above, $ME ("

# --- keep theirs -------------------------------------------------------------------------
open_note t
open_note b
in_session b keys End " Bob again." C-s
in_session b check "b: shows note saved" wait_for "note saved"
keys End " Alice drops this." C-s
check "shows Theirs: $ME, " wait_for "Theirs: $ME, "
keys t
check "t keeps the other's text" wait_for "kept $ME's text"
check "the note is B's" wait_for "Bob again."
check "and A's words are not in it" wait_without "Bob again." "Alice drops this."

# --- keep mine ---------------------------------------------------------------------------
open_note t
open_note b
in_session b keys End " Bob loses." C-s
in_session b check "b: shows note saved" wait_for "note saved"
keys C-u C-k "Only Alice now." C-s
check "shows Theirs: $ME, " wait_for "Theirs: $ME, "
keys Escape
check "Esc goes back to A's text, unsaved" wait_both "back to your text" "Only Alice now."
keys C-s
check "^S asks again" wait_for "Theirs: $ME, "
keys m
check "m keeps A's text and saves it" wait_for "note saved"
check "the note is A's" wait_without "Only Alice now." "Bob loses."

# --- ^R in the editor finds the other's change --------------------------------------------
open_note t
keys C-r
check "^R in the editor: nothing changed yet" wait_for "nobody else has changed this note"
open_note b
in_session b keys C-u C-k "Bob's fresh text." C-s
in_session b check "b: shows note saved" wait_for "note saved"
keys " typing"
keys C-r
check "^R in the editor shows the other's change" wait_both "Theirs: $ME, " "Bob's fresh text."
keys t
check "t puts their text in the editor" wait_both "Note: Collaborative" "Bob's fresh text."
keys " And Alice's." C-s
check "and a save over it goes through" wait_for "note saved"
check "the note is theirs and A's addition" wait_for "Bob's fresh text. And Alice's."

keys C-r
# B saved the note four times, A three: only B's are listed
check "^R lists B's saves of the note, not A's own" \
	wait_for "notes: 4 changes made elsewhere since the last refresh"
keys Escape
check "no longer shows changed elsewhere since the last refresh" wait_gone "changed elsewhere since the last refresh"
keys C-r
check "^R with nothing new from B says so" wait_for "notes: nothing changed elsewhere"

# --- ^R lists what the other changed, and Enter goes there ---------------------------------
in_session b keys : "goto n-doncaster" Enter
in_session b check "b: shows place · n-doncaster" wait_for "place · n-doncaster"
in_session b keys r '!' '!'
in_session b check "b: shows flag: question" wait_for "flag: question"
in_session b keys : "goto p-trust" Enter
in_session b check "b: shows organisation · p-trust" wait_for "organisation · p-trust"
in_session b keys e "A note on the trust." Enter "Second line." C-s
in_session b check "b: shows note saved" wait_for "note saved"
keys C-r
check "^R says how many changes others made" \
	wait_for "notes: 4 changes made elsewhere since the last refresh"
check "and lists them in a box" wait_for "4 changed elsewhere since the last refresh"
check "who marked which entity reviewed" wait_for "$ME marked it reviewed, "
check "the flag set" wait_for "$ME set the flag to question, "
check "a note's first line" wait_for "$ME wrote \"A note on the trust. ...\", "
keys Down Down Down Enter
check "Enter goes to the entity" wait_for "organisation · p-trust"
check "and the list is gone" wait_gone "changed elsewhere since the last refresh"
keys C-r
check "the next ^R lists only what is new" wait_for "notes: nothing changed elsewhere"

# --- resuming: U and X from the selection, flags set directly ---------------------------------
keys : "goto n-system" Enter
check "shows system · n-system" wait_for "system · n-system"
keys Enter
check "shows root: South Yorkshire and Bassetlaw ICS" wait_for "root: South Yorkshire and Bassetlaw ICS"
keys g
check "shows place · n-sheffield" wait_for "place · n-sheffield"
keys U
check "U from the top of a view does not skip its first row" \
	wait_both "this one is not yet reviewed: U again goes to the next" "place · n-sheffield"
keys U
check "U again goes on from it" wait_for "NHS foundation trust · n-sth"
keys 3
check "3 sets the flag to concern" wait_for "flag: concern"
keys 1
check "1 sets it to ok, whatever it was" wait_for "flag: ok"
keys 2
check "2 sets it to question" wait_for "flag: question"
keys g X
check "X from elsewhere goes to the next flagged" wait_for "NHS foundation trust · n-sth"
keys X
check "X again goes on" wait_for "place · n-doncaster"
keys k
check "shows NHS foundation trust · n-sth" wait_for "NHS foundation trust · n-sth"
keys X
check "X on a flagged row it did not go to stays there" \
	wait_both "this one is flagged: X again goes to the next" "NHS foundation trust · n-sth"
keys 0
check "0 clears the flag" wait_for "flag: none"

# B first: the view is remembered per user, and both are this user
in_session b keys q
check "B quits" in_session b wait_for "EXIT=0"
keys q
check "A quits" wait_for "EXIT=0"

# --- the review resumes after a restart where it was left -------------------------------------
start 100 30 "$REVIEW"
check "a restart restores the view the review was in" \
	wait_both "restored the last view" "NHS foundation trust · n-sth"
keys U
check "and U resumes at the row left selected" \
	wait_both "this one is not yet reviewed: U again goes to the next" "NHS foundation trust · n-sth"
keys U
check "then goes on within the restored view" wait_for "partnership board · n-board"
keys q
check "and quits" wait_for "EXIT=0"
finish
