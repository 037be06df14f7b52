#!/bin/sh
# End-to-end tests of the interface: the real binary in a real terminal
# (tmux), driven by keys, read back from the screen.  Prints TAP.
# usage: run.sh ICSVIEW_BINARY MODELS_DIR DATA_DIR
set -u
ICSVIEW=$1
MODELS=$2
DATA=$3
SOCKET="icsview-test-$$-0"
sessions=0
WORK=$(mktemp -d "${TMPDIR:-/tmp}/icsview-tui-XXXXXX")
export LANG=C.UTF-8 LC_ALL=C.UTF-8 TZ=UTC HOME="$WORK/home" XDG_CACHE_HOME="$WORK/cache"
export XDG_DATA_HOME="$WORK/data" TERM=xterm-256color
mkdir -p "$HOME"
unset NO_COLOR
passed=0 failed=0 number=0

tm() { tmux -L "$SOCKET" "$@"; }
# Nothing is left running: an interface whose terminal went away exits by
# itself, but the sanitizer build's leak check at exit has been seen to spin
# there (LeakSanitizer's stop-the-world, once in a CI run), so whatever still
# names our scratch directory is killed.
cleanup() {
	tm kill-server 2>/dev/null
	command -v pkill >/dev/null && pkill -KILL -f -- "$WORK" 2>/dev/null
	rm -rf "$WORK"
}
# Display width of each line of the screen, for checks that count columns.
widths() {
	python3 -c '
import sys, unicodedata
def width(s):
    return sum(0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)
for line in sys.stdin.read().splitlines():
    print(width(line))
'
}
trap cleanup EXIT

# start WIDTH HEIGHT COMMAND...: a new session running COMMAND.
start() {
	width=$1 height=$2; shift 2
	tm kill-server 2>/dev/null
	# a new server each time: no race with the one just killed
	sessions=$((sessions + 1))
	SOCKET="icsview-test-$$-$sessions"
	# EXIT= from the first column: after a kill -9 the terminal is left raw
	# (a newline does not return the carriage), and the shell's "Killed"
	# line, as long as the paths in it, would leave EXIT= wrapped
	tm -f /dev/null new-session -d -s t -x "$width" -y "$height" \
		"$* ; s=\$?; stty -a > '$WORK/stty'; printf '\\rEXIT=%s\\n' \"\$s\"; sleep 600"
}
screen() { tm capture-pane -t t -p; }
keys() { tm send-keys -t t "$@"; }
# wait_for TEXT: polls the screen until TEXT shows (10 s at most).
wait_for() {
	i=0
	while [ $i -lt 200 ]; do
		screen | grep -qF -- "$1" && return 0
		sleep 0.05
		i=$((i + 1))
	done
	return 1
}
# wait_gone TEXT: polls until TEXT is no longer on the screen.
wait_gone() {
	i=0
	while [ $i -lt 200 ]; do
		screen | grep -qF -- "$1" || return 0
		sleep 0.05
		i=$((i + 1))
	done
	return 1
}
ok() {
	number=$((number + 1)); passed=$((passed + 1)); echo "ok $number - $1"
}
not_ok() {
	number=$((number + 1)); failed=$((failed + 1)); echo "not ok $number - $1"
	screen | sed 's/^/# | /'
}
# check NAME COMMAND...: records whether COMMAND succeeds.
check() {
	name=$1; shift
	if "$@"; then ok "$name"; else not_ok "$name"; fi
}
line() { screen | sed -n "$1p"; }

NESTED="$ICSVIEW -m $MODELS/good/nested.yaml -m $MODELS/good/explicit-parent.yaml"

# --- opening shows the roots and the detail of the selection ---------------
start 120 40 "$NESTED"
check "opens on the roots" wait_for "SYS South Yorkshire and Bassetlaw ICS (3)"
check "the detail pane shows the selection" wait_for "system · n-system"
check "the status line counts rows" wait_for " 1/4 "
check "the breadcrumb names the selection" sh -c "$(printf '%s' "tmux -L $SOCKET capture-pane -t t -p | head -1 | grep -q 'South Yorkshire and Bassetlaw ICS'")"

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
check "after a drill-down the first row is a child" sh -c "tmux -L $SOCKET capture-pane -t t -p | sed -n 2p | grep -q 'PLC Sheffield'"
keys u
check "u goes back up a level" wait_for "SYS South Yorkshire and Bassetlaw ICS"
check "the roots are back" sh -c "tmux -L $SOCKET capture-pane -t t -p | sed -n 2p | grep -q 'SYS South Yorkshire'"

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

# --- resize: 120x40 to 40x12 and back ------------------------------------------------
tm resize-window -t t -x 40 -y 12
check "at 40x12 the detail pane moves below the tree" wait_for "────────────────────────────────────────"
fits_in() { [ "$(screen | widths | sort -n | tail -1)" -le "$1" ]; }
check "nothing is drawn past 40 columns" fits_in 40
tm resize-window -t t -x 120 -y 40
check "back at 120x40 the panes are side by side" wait_for "│"
tm resize-window -t t -x 20 -y 6
check "20x6 still shows the tree" wait_for "SYS A system"
check "nothing is drawn past 20 columns" fits_in 20
tm resize-window -t t -x 12 -y 4
check "smaller says the window is too small" wait_for "window too"
tm resize-window -t t -x 120 -y 40
keys q
check "q quits with status 0" wait_for "EXIT=0"
check "the terminal is back in cooked mode after q" grep -q " icanon" "$WORK/stty"

# --- mouse: xterm mouse reports typed into the terminal -------------------------------------
# click COL ROW: a left press and release at the 1-based cell.
click() {
	tm send-keys -t t -H 1b 5b 4d 20 "$(printf %02x $((32 + $1)))" "$(printf %02x $((32 + $2)))" \
		1b 5b 4d 23 "$(printf %02x $((32 + $1)))" "$(printf %02x $((32 + $2)))"
}
start 100 24 "$NESTED"
wait_for "South Yorkshire" >/dev/null
click 5 5
check "a click selects the row under it" wait_for " 4/4 "
click 5 5; click 5 5
check "a double click expands it" wait_for "PLC Doncaster (1)"
keys q

# --- wide and combining characters, escapes ---------------------------------------------
start 100 20 "$ICSVIEW -m $MODELS/tui/wide.yaml"
wait_for "Wide" >/dev/null
keys l
wait_for "clinic" >/dev/null
border_aligned() {
	[ "$(screen | sed -n '2,$p' | grep '│' | sed 's/│.*//' | widths | sort -u | wc -l)" -eq 1 ]
}
check "wide names keep the pane border aligned" border_aligned
check "an ESC in a name is shown escaped" wait_for "Bad^[[2Jname^[]0;pwned^G end"
keys j j j
check "escapes in prose are shown escaped too" wait_for "^[]52;c;aGVsbG8=^G"
keys q
wait_for "EXIT=0" >/dev/null

# --- colour: on by default, off with NO_COLOR --------------------------------------------
start 80 24 "$NESTED"
wait_for "South Yorkshire" >/dev/null
check "colour is used when the terminal has it" sh -c "tmux -L $SOCKET capture-pane -t t -p -e | grep -q '\[3[0-7]m\|\[3[0-7];'"
keys q
start 80 24 "NO_COLOR=1 $NESTED"
wait_for "South Yorkshire" >/dev/null
check "NO_COLOR turns colour off" sh -c "! tmux -L $SOCKET capture-pane -t t -p -e | grep -q '\[3[0-7]m\|\[3[0-7];\|\[4[0-7]m'"
keys q

# --- SIGHUP (a dropped SSH connection) restores the terminal -----------------------------
start 80 24 "$NESTED"
wait_for "South Yorkshire" >/dev/null
pid=$(pgrep -n -f -- "-m $MODELS/good/nested.yaml")
kill -HUP "$pid"
check "SIGHUP ends the interface" wait_for "EXIT=129"
check "the terminal is back in cooked mode after SIGHUP" sh -c "grep -q ' icanon' '$WORK/stty' && grep -q ' echo ' '$WORK/stty'"
start 80 24 "$NESTED"
wait_for "South Yorkshire" >/dev/null
pid=$(pgrep -n -f -- "-m $MODELS/good/nested.yaml")
kill -TERM "$pid"
check "SIGTERM ends it too, restored" sh -c "$(printf '%s' "i=0; while [ \$i -lt 100 ]; do tmux -L $SOCKET capture-pane -t t -p | grep -q EXIT=143 && break; sleep 0.05; i=\$((i+1)); done; grep -q ' icanon' '$WORK/stty'")"

# --- ASCII: with --ascii, and in a locale that is not UTF-8 ---------------------------------
start 100 20 "$ICSVIEW --ascii -m $MODELS/tui/wide.yaml"
check "--ascii draws ASCII markers and borders" wait_for "+ SYS Wide"
check "--ascii has an ASCII pane border" sh -c "tmux -L $SOCKET capture-pane -t t -p | sed -n 2p | grep -q '|'"
keys q
start 100 20 "LC_ALL=C LANG=C $ICSVIEW -m $MODELS/tui/wide.yaml"
check "a non-UTF-8 locale falls back to ASCII" wait_for "+ SYS Wide"
check "and shows non-ASCII characters as ?" wait_for "Wide ? ?quoted? names"
keys q

# --- an unknown terminal type: a clear error, status 2 ------------------------------------
start 80 24 "TERM=no-such-terminal $NESTED"
check "an unknown TERM is refused with status 2" wait_for "EXIT=2"
check "and says which terminal type" wait_for "cannot use terminal type 'no-such-terminal'"

# --- the bundled data ---------------------------------------------------------------------
start 120 40 "$ICSVIEW -m $DATA"
check "the bundled data opens" wait_for "RGN England"
keys : "goto QF7" Enter
check ":goto QF7 opens the South Yorkshire ICB" wait_for "integrated care board · QF7"
keys /
keys s h e f
check "/shef lists ranked results as you type" wait_for "ORG Sheffield Teaching Hospitals NHS Foundation Trust  name"
check "the status line counts the results" wait_for "results"
keys C-n C-p Enter
check "Enter lands on the result" wait_for "local authority · E08000019"
check "with its ancestors open in the tree" wait_for "▾ RGN North East and Yorkshire"
keys n
check "n steps to the next result" wait_for "result 2 of"
check "which is the Sheffield sub-ICB location" wait_for "sub-ICB location · 03N"
keys N
check "N steps back" wait_for "result 1 of"
keys F f "kind:board" Enter
check "a filter keeps the matches" wait_for "filter: kind:board · 12 of"
check "and their ancestors" wait_for "▾ RGN England, 2018: systems in the source documents"
check "and hides the rest" wait_gone "RGN England (7)"
keys f C-u "kind:" Enter
check "a malformed filter says where the mistake is" wait_for "expected a value after 'kind:' (column 6)"
check "and keeps the previous filter" wait_for "filter: kind:board · 12 of"
keys F
check "F clears the filter" wait_gone "filter: kind:board"
keys / x y z z y q
check "a search with no hits says so" wait_for "(nothing found)"
keys Escape
check "Esc leaves the search where we were" wait_for "local authority · E08000019"
keys q

# --- the review: notes, flags and reviewed marks that are never lost ---------------------
REVIEW="$NESTED --notes $WORK/review.db"
pid_of_review() { pgrep -n -f -- "--notes $WORK/review.db"; }
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

start 120 40 "$REVIEW"
check "after a restart the progress is still there" wait_for "reviewed 1/11, 1 flagged"
keys : "goto n-board" Enter
check "and the note" wait_for "Ask exactly who attends."
check "and the flag" wait_for "concern"
keys e End " Noted before a kill." C-s
wait_for "note saved" >/dev/null
kill -KILL "$(pid_of_review)"
check "kill -9 right after saving" wait_for "EXIT=137"
start 120 40 "$REVIEW"
keys : "goto n-board" Enter
check "the note saved before kill -9 survives" wait_for "Noted before a kill."

keys e "zzz" Escape
check "Esc on a changed note asks before discarding" wait_for "discard the changes?"
keys n
check "any other key goes back to the text" wait_for "zzz"
keys Escape
wait_for "discard the changes?" >/dev/null
keys y
check "y discards" wait_for "changes discarded"
check "and the note is as it was" wait_gone "zzz"

keys g
keys U
check "U goes to the next entity not yet reviewed" wait_for "place · n-sheffield"
keys X
check "X goes to the next flagged one" wait_for "partnership board · n-board"
keys X
check "and says when there is no other" wait_for "no other flagged entity here"
keys f "flag:concern" Enter
check "a filter on the review's marks; progress counts what it shows" wait_for "reviewed 1/1, 1 flagged"
keys F

# another process on the same file: its changes show after ^R
tm new-session -d -s u -x 120 -y 40 "$REVIEW"
i=0; while [ $i -lt 200 ] && ! tm capture-pane -t u -p | grep -qF "reviewed 1/11"; do sleep 0.05; i=$((i + 1)); done
tm send-keys -t u : "goto n-doncaster" Enter
i=0; while [ $i -lt 200 ] && ! tm capture-pane -t u -p | grep -qF "place · n-doncaster"; do sleep 0.05; i=$((i + 1)); done
tm send-keys -t u r
i=0; while [ $i -lt 200 ] && ! tm capture-pane -t u -p | grep -qF "reviewed 2/11"; do sleep 0.05; i=$((i + 1)); done
tm send-keys -t u q
keys : "goto n-doncaster" Enter
check "the other's note shows as soon as its entity is shown" wait_for "reviewed           yes"
check "before a refresh the progress is what this process read" wait_for "reviewed 1/11, 1 flagged"
keys C-r
check "^R shows the other process's change" wait_for "notes: showing changes made elsewhere"
check "the other's reviewed mark is counted" wait_for "reviewed 2/11, 1 flagged"

keys : "export review $WORK/review.md" Enter
check ":export review writes the file" wait_for "review written to $WORK/review.md"
keys q
sed -e 's/[0-9]\{4\}-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]Z/TIME/g' \
	-e "s|$(cd "$MODELS" && pwd -P)|MODELS|g" -e "s|$WORK|WORK|g" -e "s/ by $(id -un)\$/ by USER/" \
	-e "s/^- \*\*Last change:\*\* $(id -un),/- **Last change:** USER,/" \
	"$WORK/review.md" > "$WORK/review.normal.md"
check "the Markdown review is the expected document" diff -u "$(dirname "$0")/review-expected.md" "$WORK/review.normal.md"

# the user's own editor, the terminal given back after
printf '#!/bin/sh\nprintf "Written in the editor.\\n" >> "$1"\n' > "$WORK/editor.sh"
chmod +x "$WORK/editor.sh"
start 120 40 "EDITOR=$WORK/editor.sh $REVIEW"
keys : "goto n-sth" Enter
wait_for "n-sth" >/dev/null
keys E
check "E edits the note in \$EDITOR and saves it" wait_for "Written in the editor."
check "and the interface is drawn again" wait_for "reviewed 2/11"
keys q

# a corrupt notes file: refused, never written, the interface still browses
printf 'not a notes file: a thesis\n' > "$WORK/bad.db"
start 120 40 "$NESTED --notes $WORK/bad.db"
check "a corrupt notes file is refused, and it says so" wait_for "refusing to use this notes file"
check "the status line says notes are off" wait_for "notes off"
keys r
check "the review's keys say why they cannot work" wait_for "notes are off:"
keys q
check "the corrupt file is left as it was" sh -c "[ \"\$(cat '$WORK/bad.db')\" = 'not a notes file: a thesis' ]"

# a notes file the user cannot write (run as another user when we are root:
# permission bits do not stop root); that user must be able to read the
# checkout (not so in a clone under a `mktemp -d` directory, mode 0700)
as_nobody() { setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null 2>&1 &&
   as_nobody sh -c "test -r '$MODELS/good/nested.yaml' && test -x '$ICSVIEW'"; then
	mkdir -p "$WORK/ro" && cp "$WORK/review.db" "$WORK/ro/notes.db" && chmod 755 "$WORK" "$WORK/ro" && chmod 444 "$WORK/ro/notes.db"
	start 120 40 "ICSVIEW_CACHE_DIR=/tmp setpriv --reuid=65534 --regid=65534 --clear-groups $NESTED --notes $WORK/ro/notes.db"
	check "an unwritable notes file opens read-only, and says so" wait_for "notes are read-only"
	check "its notes are shown" wait_for "reviewed 2/11, 1 flagged, notes read-only"
	keys r
	check "changes are refused with the reason" wait_for "not writable"
	keys q
	chmod 700 "$WORK"
else
	ok "# SKIP read-only notes need root, setpriv and a checkout another user can read"
fi

# --- SIGHUP in the middle of writing a note: the note as last saved, the text a draft -----
start 120 40 "$REVIEW"
keys : "goto n-board" Enter
wait_for "partnership board · n-board" >/dev/null
keys e End " HALF-WRITTEN"
wait_for "HALF-WRITTEN" >/dev/null
kill -HUP "$(pid_of_review)"
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
keys End " KEPT-AGAIN"
wait_for "KEPT-AGAIN" >/dev/null
kill -TERM "$(pid_of_review)"
check "SIGTERM keeps the draft too" wait_for "EXIT=143"
start 120 40 "$REVIEW"
keys : "goto n-board" Enter e
wait_for "KEPT-AGAIN" >/dev/null
keys C-s
check "^S saves the draft as the note" wait_for "note saved"
check "the detail pane shows it" wait_for "KEPT-AGAIN"
keys e
check "and no draft is offered again" wait_gone "draft from an interrupted session"
keys Escape
wait_for "note not changed" >/dev/null
keys q
check "q quits after all that" wait_for "EXIT=0"

# --- the model's file changed, broken or deleted while open: ^R reloads or says why -------
cp "$MODELS/good/nested.yaml" "$WORK/live.yaml"
start 120 40 "$ICSVIEW -m $WORK/live.yaml --notes $WORK/live-notes.db"
keys : "goto n-doncaster" Enter
wait_for "place · n-doncaster" >/dev/null
keys C-r
check "^R with nothing changed says so" wait_for "notes: nothing changed elsewhere"
sed 's/name: Doncaster$/name: Doncaster and District/' "$MODELS/good/nested.yaml" > "$WORK/live.yaml.new"
mv "$WORK/live.yaml.new" "$WORK/live.yaml"
keys C-r
check "^R after the file changed reloads it" wait_for "model reloaded: its files changed (7 entities)"
check "and shows the change where we were" wait_for "PLC Doncaster and District"
printf 'oops: [\n' >> "$WORK/live.yaml"
keys C-r
check "a broken file is reported with its position, the old model kept" wait_for "model not reloaded: $WORK/live.yaml:"
rm "$WORK/live.yaml"
keys C-r
check "a deleted file is reported" wait_for "cannot read"
keys j k
check "and the interface goes on working" wait_for "place · n-doncaster"
keys q
check "and quits cleanly" wait_for "EXIT=0"

# --- a cached database damaged inside: found when read, ^R builds it again; quitting removes it ---
{
	printf 'icsview: 1\ntitle: damage\nentities:\n  - {id: sys, kind: system, name: Top}\n'
	i=0
	while [ $i -lt 1000 ]; do
		printf '  - {id: place-%d, kind: place, parent: sys, name: "Place %d, with a name long enough to take some room", links: [{rel: member_of, to: sys}]}\n' $i $i
		i=$((i + 1))
	done
} > "$WORK/big.yaml"
touch -d '1 hour ago' "$WORK/big.yaml"
# damage_cache: builds the cache with the command line, then overwrites
# every leaf page of its entities table but the first (which holds the
# system: the first screen reads, its children do not) with a fixed pattern
damage_cache() {
	rm -rf "$WORK/dcache"
	ICSVIEW_CACHE_DIR="$WORK/dcache" "$ICSVIEW" show -m "$WORK/big.yaml" sys >/dev/null
	python3 - "$WORK"/dcache/model-*.db <<'PY'
import sqlite3, sys
path = sys.argv[1]
db = sqlite3.connect(path)
size = db.execute("PRAGMA page_size").fetchone()[0]
pages = [p for (p,) in db.execute(
    "SELECT pageno FROM dbstat WHERE name = 'entities' AND pagetype = 'leaf' ORDER BY pageno")]
db.close()
with open(path, "r+b") as f:
    for p in pages[1:]:
        f.seek((p - 1) * size)
        f.write(b"x" * size)
PY
}
damage_cache
start 120 30 "ICSVIEW_CACHE_DIR=$WORK/dcache $ICSVIEW -m $WORK/big.yaml --notes $WORK/damage-notes.db"
wait_for "SYS Top (1000)" >/dev/null
keys Enter
check "damage found when reading is reported, with the way out" wait_for "database disk image is malformed (damaged cache: ^R rebuilds it)"
keys C-r
check "^R builds the damaged database again" wait_for "model rebuilt: its cached database was damaged (1001 entities)"
keys G
check "and the whole tree reads" wait_for "PLC Place 999, with a name"
keys q
check "it quits cleanly" wait_for "EXIT=0"
damage_cache
start 240 30 "ICSVIEW_CACHE_DIR=$WORK/dcache $ICSVIEW -m $WORK/big.yaml --notes $WORK/damage-notes.db"
wait_for "SYS Top (1000)" >/dev/null
keys Enter
wait_for "database disk image is malformed" >/dev/null
keys q
check "quitting removes the damaged database, and says so" wait_for "is damaged: it has been removed, and the next run builds it again"
check "with status 0" wait_for "EXIT=0"
check "the next run builds it again" sh -c "ICSVIEW_CACHE_DIR='$WORK/dcache' '$ICSVIEW' tree -m '$WORK/big.yaml' | grep -q 'Place 999,'"

# --- an entity with many backlinks: a page at a time, "… N more" lists the next -------
{
	printf 'icsview: 1\nentities:\n  - {id: hub, kind: system, name: The hub}\n'
	i=1
	while [ $i -le 120 ]; do
		printf '  - id: o-%03d\n    kind: organisation\n    name: Member %03d\n' $i $i
		printf '    links: [{rel: member_of, to: hub}]\n'
		i=$((i + 1))
	done
} > "$WORK/many.yaml"
# row_of TEXT: the screen row (1-based) that shows TEXT
row_of() { screen | grep -nF -- "$1" | head -1 | cut -d: -f1; }
start 120 40 "$ICSVIEW -m $WORK/many.yaml"
wait_for "The hub" >/dev/null
keys : "goto hub" Enter
check "an entity with 120 backlinks shows the first ones" wait_for "[ORG] Member 001 (o-001)"
keys Tab
# the first link is selected: 50 down is the more line after the first page
keys j j j j j j j j j j j j j j j j j j j j j j j j j j j j j j j j j j j j j j j j j j j j j j j j j j
check "the first page ends in a more line with the count of the rest" wait_for "… 70 more members links (+ or Enter: the next 50)"
check "the page holds 50 links" wait_for "[ORG] Member 050 (o-050)"
more_row=$(row_of "… 70 more members links")
keys Enter
check "Enter on the more line lists the next page" wait_for "[ORG] Member 051 (o-051)"
check "the view stays where it was: the next link takes the more line's row" sh -c "[ -n '$more_row' ] && [ \"\$(tmux -L $SOCKET capture-pane -t t -p | sed -n '${more_row}p' | grep -c 'Member 051 (o-051)')\" = 1 ]"
keys j j j j j j j j j j j j j j j j j j j j j j j j j j j j j j j j j j j j j j j j j j j j j j j j j j
check "the next more line counts what is left" wait_for "… 20 more members links (+ or Enter: the next 20)"
keys +
check "+ on it lists the last page" wait_for "[ORG] Member 101 (o-101)"
check "which has no more line" wait_gone "more members link"
keys +
check "+ then says every link is listed" wait_for "every link is listed"
keys End
check "the last backlink is there" wait_for "[ORG] Member 120 (o-120)"
keys "?"
check "the help lists + for more links" wait_for "list 50 more links of a group cut short"
keys x
keys q
check "and quits cleanly after listing more" wait_for "EXIT=0"
# PgDn in the detail pane, with its first link selected, goes on down: the
# selection follows the view instead of holding it back
start 120 20 "$ICSVIEW -m $WORK/many.yaml"
wait_for "The hub" >/dev/null
keys : "goto hub" Enter
wait_for "[ORG] Member 001 (o-001)" >/dev/null
keys Tab NPage NPage NPage
check "PgDn in the detail pane reaches the more line" wait_for "… 70 more members links (+ or Enter: the next 50)"
keys End
check "End in it reaches the last line" wait_for "defined at $WORK/many.yaml:"
keys PPage PPage PPage PPage PPage PPage
check "PgUp goes back to the top" wait_for "system · hub"
keys q
check "and quits" wait_for "EXIT=0"

# --- a node of thousands of children: its rows are read as they are shown ----------
python3 -c '
print("icsview: 1\nentities:\n  - id: big-sys\n    kind: system\n    name: Big system")
print("    children:\n      - id: big-place\n        kind: place\n        name: Big place\n        children:")
for i in range(3000):
    print("          - {id: c%d, kind: organisation, name: Child number %d}" % (i, i))
' > "$WORK/thousands.yaml"
start 120 30 "$ICSVIEW -m $WORK/thousands.yaml --notes $WORK/big-notes.db"
wait_for "SYS Big system (1)" >/dev/null
keys l j l
check "expanding 3,000 children counts them all" wait_for " 2/3,002 "
keys End
check "End in the big node shows its last child" wait_for "ORG Child number 2999"
check "and selects it" sh -c "$(printf '%s' "tmux -L $SOCKET capture-pane -t t -p | grep -q '3,002/3,002' && tmux -L $SOCKET capture-pane -t t -p | grep -q 'organisation · c2999'")"
keys PPage PPage
check "PgUp from the end reads the rows above" wait_for "ORG Child number 2945"
check "and selects one a page up" wait_for "organisation · c2945"
keys : "goto c1234" Enter
check ":goto lands on a child in the middle of the list" wait_for "organisation · c1234"
check "its row is the selected one" wait_for " 1,237/3,002 "
keys Home
check "Home goes back to the top" wait_for " 1/3,002 "
keys q
check "and quits cleanly" wait_for "EXIT=0"

# --- a filter evaluated a step at a time: progress, keys answered, F and q -----------
# 40 systems of 1,000 organisations, every third with beds (0 to 9): beds>5
# matches 134 a system.  ICSVIEW_FILTER_CHUNK=1, a test hook, makes each
# step of a filter evaluate one entity: 40,040 steps, a few seconds, where
# the steps paced by time would take a few of them.
python3 -c '
print("icsview: 1\nentities:")
for s in range(40):
    print("  - id: s%d\n    kind: system\n    name: System %d\n    children:" % (s, s))
    for p in range(1000):
        beds = ", facts: {beds: %d}" % (p % 10) if p % 3 == 0 else ""
        print("      - {id: o%d-%d, kind: organisation, name: Org %d %d%s}" % (s, p, s, p, beds))
' > "$WORK/progress.yaml"
# wait_long TEXT: as wait_for, for a whole filter one entity a step (30 s at most)
wait_long() {
	i=0
	while [ $i -lt 600 ]; do
		screen | grep -qF -- "$1" && return 0
		sleep 0.05
		i=$((i + 1))
	done
	return 1
}
# wait_both TEXT OTHER: polls until one screen shows both (10 s at most)
wait_both() {
	i=0
	while [ $i -lt 200 ]; do
		s=$(screen)
		printf '%s\n' "$s" | grep -qF -- "$1" && printf '%s\n' "$s" | grep -qF -- "$2" && return 0
		sleep 0.05
		i=$((i + 1))
	done
	return 1
}
# wait_without TEXT OTHER: polls until a screen shows TEXT and not OTHER
wait_without() {
	i=0
	while [ $i -lt 200 ]; do
		s=$(screen)
		printf '%s\n' "$s" | grep -qF -- "$1" && ! printf '%s\n' "$s" | grep -qF -- "$2" && return 0
		sleep 0.05
		i=$((i + 1))
	done
	return 1
}
# wait_quick TEXT: as wait_for, 2 s at most
wait_quick() {
	i=0
	while [ $i -lt 40 ]; do
		screen | grep -qF -- "$1" && return 0
		sleep 0.05
		i=$((i + 1))
	done
	return 1
}
PROGRESS="env ICSVIEW_FILTER_CHUNK=1 $ICSVIEW -m $WORK/progress.yaml --notes $WORK/progress.db"
start 120 30 "$PROGRESS"
wait_for "SYS System 0 (1,000)" >/dev/null
keys f "beds>5" Enter
check "a filter under way says how far it has got" wait_for "filter: beds>5 · filtering… "
check "and how many match so far" wait_for " match so far"
check "the first matches are shown at once, their ancestor open" wait_for "· ORG Org 0 6 "
check "the review is counted once the filter is complete" wait_both "reviewed …" "filtering…"
keys j
check "keys are answered while the filter goes on" wait_both " 2/" "filtering…"
keys j
check "the selection stays on its entity as rows land" wait_both "organisation · o0-9" "filtering…"
check "then the final count" wait_long "filter: beds>5 · 5,360 of 40,040 match"
check "and the review's, over the whole view" wait_for "reviewed 0/5360"
check "the selection is where it was" wait_for "organisation · o0-9"
keys f C-u "beds>100" Enter
check "a filter that has found nothing yet says it is looking" wait_both "(filtering…)" "filter: beds>100 · filtering…"
check "and not that nothing matches" wait_without "filter: beds>100 · filtering…" "nothing matches"
check "which it says once complete" wait_long "(nothing matches the filter: F clears it)"
check "with its count" wait_for "filter: beds>100 · 0 of 40,040 match"
keys f C-u "beds>5" Enter
wait_for "filter: beds>5 · filtering…" >/dev/null
keys U
check "U lets the filter finish, then goes to the next entity to review" wait_for "organisation · o0-6"
check "counted over the whole view" wait_both "5,360 of 40,040 match" "reviewed 0/5360"
printf '  - {id: late, kind: organisation, name: Late arrival, facts: {beds: 9}}\n' >>"$WORK/progress.yaml"
keys C-r
check "^R after the model changed re-applies the filter" wait_for "filter: beds>5 · filtering…"
check "the selection is found again when the filter reaches it" wait_for "organisation · o0-6"
check "to its end, the new entity counted" wait_long "filter: beds>5 · 5,361 of 40,041 match"
check "which was reloaded" wait_for "model reloaded: its files changed (40041 entities)"
keys f C-u "beds>5" Enter
wait_for "filter: beds>5 · filtering…" >/dev/null
keys F
check "F while a filter is under way clears it" wait_gone "filter: beds>5"
check "and the tree is whole again" wait_for "ORG Org 0 1 "
check "and stays so" wait_without "ORG Org 0 1 " "filtering"
keys f "beds>5" Enter
wait_for "filter: beds>5 · filtering…" >/dev/null
keys : "goto o39-999" Enter
check "a jump to a match the filter has not reached lets it finish" wait_for "organisation · o39-999"
check "and the count is the final one" wait_for "filter: beds>5 · 5,361 of 40,041 match"
keys f C-u "kind:organisation" Enter
wait_for "filter: kind:organisation · filtering…" >/dev/null
keys q
check "q quits at once while a filter is under way" wait_quick "EXIT=0"

echo "1..$number"
echo "# $passed passed, $failed failed"
[ "$failed" -eq 0 ]
