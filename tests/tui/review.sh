#!/bin/sh
# The review: flags, reviewed marks and notes (the note editor), kept
# across a restart and a kill -9; the changes of another process on the
# same file shown; U and X; a filter on the review's marks; the Markdown
# export, scoped by an ID and a filter; a note written in $EDITOR (one holding a NUL byte refused); the
# editor's Home, End and Delete.
. "$(dirname "$0")/lib.sh"

REVIEW="$NESTED --notes $WORK/review.db"
start 120 40 "$REVIEW"
check "a new notes file: the progress is in the status line" wait_for "reviewed 0/11"
keys : "goto n-board" Enter
wait_for "partnership board · n-board" >/dev/null
keys '!' '!' '!'
check "! cycles the flag to concern" wait_for "flag: concern"
keys r
check "r marks it reviewed, counted in the status line" wait_for "reviewed 1/11, 1 flagged"
check "the tree row shows the flag and the reviewed mark" wait_for "!✓   · BRD Collaborative Partnership Board"
keys e
check "e opens the note editor" wait_for "Note: Collaborative Partnership Board"
keys "Meets in privte." Left Left Left a End Enter "Ask who attends." C-Left M-b "exactly "
check "the editor shows what is typed, edited with arrows and word moves" wait_for "Ask exactly who attends."
keys C-s
check "^S saves the note" wait_for "note saved"
check "the detail pane shows the note" wait_for "Meets in private."
check "with who changed it last, and when" wait_for "last change: "
keys q
check "q quits" wait_for "EXIT=0"

# --- kept across a restart, and a kill -9 ------------------------------------------------
start 120 40 "$REVIEW"
check "after a restart the progress is still there" wait_for "reviewed 1/11, 1 flagged"
keys : "goto n-board" Enter
check "and the note" wait_for "Ask exactly who attends."
check "and the flag" wait_for "concern"
keys e End " Noted before a kill." C-s
wait_for "note saved" >/dev/null
kill -KILL "$(pid_of)"
check "kill -9 right after saving" wait_for "EXIT=137"
start 120 40 "$REVIEW"
keys : "goto n-board" Enter
check "the note saved before kill -9 survives" wait_for "Noted before a kill."

# --- discarding an edit -------------------------------------------------------------------
keys e "zzz" Escape
check "Esc on a changed note asks before discarding" wait_for "discard the changes?"
keys n
check "any other key goes back to the text" wait_for "zzz"
keys Escape
wait_for "discard the changes?" >/dev/null
keys y
check "y discards" wait_for "changes discarded"
check "and the note is as it was" wait_gone "zzz"

# --- the next to review, the next flagged, a filter on the marks ---------------------------
keys g
keys U
check "U from the top starts at the selection itself when it is not reviewed" \
	wait_for "this one is not yet reviewed: U again goes to the next"
keys U
check "U again goes to the next entity not yet reviewed" wait_for "place · n-sheffield"
keys X
check "X goes to the next flagged one" wait_for "partnership board · n-board"
keys X
check "and says when there is no other" wait_for "no other flagged entity here"
keys f "flag:concern" Enter
check "a filter on the review's marks; progress counts what it shows" wait_for "reviewed 1/1, 1 flagged"
keys F

# --- another process on the same file: its changes show after ^R --------------------------
start_also u 120 40 "$REVIEW"
check "another interface opens on the same notes file" in_session u wait_for "reviewed 1/11"
in_session u keys : "goto n-doncaster" Enter
in_session u wait_for "place · n-doncaster" >/dev/null
in_session u keys r
check "and marks another entity reviewed" in_session u wait_for "reviewed 2/11"
in_session u keys q
check "and quits" in_session u wait_for "EXIT=0"
keys : "goto n-doncaster" Enter
check "the other's note shows as soon as its entity is shown" wait_for "reviewed           yes"
check "before a refresh the progress is what this process read" wait_for "reviewed 1/11, 1 flagged"
keys C-r
check "^R says how many changes the other process made" \
	wait_for "notes: 1 change made elsewhere since the last refresh"
check "and lists them" wait_for "$(id -un) marked it reviewed, "
check "the other's reviewed mark is counted" wait_for "reviewed 2/11, 1 flagged"
keys Escape
wait_gone "changed elsewhere since the last refresh" >/dev/null

# --- the review exported as Markdown -------------------------------------------------------
keys : "export review $WORK/review.md" Enter
check ":export review writes the file" wait_for "review written to $WORK/review.md"
keys : "export" Enter
check ":export alone says what it needs" wait_for "export: needs what and where (:export review FILE)"
keys f "kind:place" Enter
wait_for "filter: kind:place" >/dev/null
keys : "export review $WORK/concerns.json n-system --filter flag:concern" Enter
check ":export review FILE ID --filter EXPR writes the file" wait_for "review written to $WORK/concerns.json"
check "the view's own filter stays in force" wait_both "filter: kind:place" "Doncaster"
check "the file holds only the concern under the system" python3 -c "
import json, sys
ids = [e['id'] for e in json.load(open(sys.argv[1]))['entities']]
assert ids == ['n-board'], ids" "$WORK/concerns.json"
keys F
wait_gone "filter: kind:place" >/dev/null
keys : "export review $WORK/all.md --filter reviewed:yes" Enter
check "a filter for the export alone" wait_for "review written to $WORK/all.md"
check "leaves the view unfiltered" wait_both "Collaborative Partnership Board" "Doncaster"
check "and the file has what it matched" grep -qF -- "- **Scope:** filter: reviewed:yes" "$WORK/all.md"
keys : "export review $WORK/none.md n-nowhere" Enter
check "an ID that names nothing is refused" wait_for "export: n-nowhere names no entity: give its id"
check "and nothing written" test ! -e "$WORK/none.md"
keys q
wait_for "EXIT=0" >/dev/null
sed -e 's/[0-9]\{4\}-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]Z/TIME/g' \
	-e "s|$(cd "$MODELS" && pwd -P)|MODELS|g" -e "s|$WORK|WORK|g" -e "s/ by $(id -un)\$/ by USER/" \
	-e "s/^- \*\*Last change:\*\* $(id -un),/- **Last change:** USER,/" \
	"$WORK/review.md" > "$WORK/review.normal.md"
check "the Markdown review is the expected document" diff -u "$TESTS/review-expected.md" "$WORK/review.normal.md"

# --- the user's own editor, the terminal given back after -----------------------------------
printf '#!/bin/sh\nprintf "Written in the editor.\\n" >> "$1"\n' > "$WORK/editor.sh"
chmod +x "$WORK/editor.sh"
start 120 40 "EDITOR=$WORK/editor.sh $REVIEW"
keys : "goto n-sth" Enter
wait_for "n-sth" >/dev/null
keys E
check "E edits the note in \$EDITOR and saves it" wait_for "Written in the editor."
check "and the interface is drawn again" wait_for "reviewed 2/11"
keys q
check "and quits" wait_for "EXIT=0"

# --- a NUL byte left by the editor: refused with a message, never cut short silently ----------
printf '#!/bin/sh\nprintf "before\\000after\\n" > "$1"\n' > "$WORK/nul-editor.sh"
chmod +x "$WORK/nul-editor.sh"
start 120 40 "EDITOR=$WORK/nul-editor.sh $REVIEW"
keys : "goto n-sth" Enter
wait_for "n-sth" >/dev/null
keys E
check "a note holding a NUL byte is refused, and it says so" \
	wait_for "the note holds a NUL byte, which a note cannot hold: not saved"
check "the note is left as it was" wait_for "Written in the editor."
check "nothing of it is saved" wait_without "Written in the editor." "before"
keys q
check "and quits" wait_for "EXIT=0"

# --- Home, End and Delete in the note editor, whatever sequence the terminal sends ----------
raw() { tm send-keys -t "=$TARGET:" -H "$@"; }
start 120 40 "TERM=xterm-256color $NESTED --notes $WORK/keys.db"
keys : "goto p-trust" Enter
wait_for "organisation · p-trust" >/dev/null
keys e
wait_for "Note: " >/dev/null
keys "middle" Home "<" End ">"
check "Home and End as tmux sends them (ESC [1~, ESC [4~) move in the note" wait_for "<middle>"
raw 1b 5b 37 7e; keys "("; raw 1b 5b 38 7e; keys ")"
check "and as rxvt sends them (ESC [7~, ESC [8~)" wait_for "(<middle>)"
raw 1b 4f 48; keys DC; raw 1b 5b 46; keys "."
check "Delete (ESC [3~) and ESC OH, ESC [F too" wait_for "<middle>)."
check "none of their sequences is typed into the note" wait_without "<middle>)." "~"
keys Escape y q
check "and the editor is left as usual" wait_for "EXIT=0"

finish
