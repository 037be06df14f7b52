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
cleanup() { tm kill-server 2>/dev/null; rm -rf "$WORK"; }
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
	tm -f /dev/null new-session -d -s t -x "$width" -y "$height" \
		"$* ; echo \"EXIT=\$?\"; stty -a > '$WORK/stty'; sleep 600"
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

echo "1..$number"
echo "# $passed passed, $failed failed"
[ "$failed" -eq 0 ]
