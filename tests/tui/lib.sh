# The interface tests' common part, sourced by each script in tests/tui/:
# the real binary in a real terminal (tmux), driven by keys, read back from
# the screen.  Each script is run alone as
#   SCRIPT ICSVIEW_BINARY MODELS_DIR DATA_DIR
# in a scratch directory of its own, with tmux servers of its own, and
# prints TAP (finish ends it).
#
# Every check waits for a state of the screen (a text shown or gone, a line
# that reads so), up to a time limit that only a failure reaches; none
# waits for a moment.  Every icsview started is recorded (its pid, and its
# terminal's shell) and ended at exit, whatever the outcome.
set -u
ICSVIEW=$1
MODELS=$2
DATA=$3
TESTS=$(cd "$(dirname "$0")" && pwd)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/icsview-tui-XXXXXX")
export LANG=C.UTF-8 LC_ALL=C.UTF-8 TZ=UTC HOME="$WORK/home" XDG_CACHE_HOME="$WORK/cache"
export XDG_DATA_HOME="$WORK/data" XDG_STATE_HOME="$WORK/state" TERM=xterm-256color
mkdir -p "$HOME"
unset NO_COLOR
passed=0 failed=0 number=0
servers=0
SOCKET="icsview-test-$$-0"
TARGET=t                # the session the functions below read and type to
NESTED="$ICSVIEW -m $MODELS/good/nested.yaml -m $MODELS/good/explicit-parent.yaml"

# The command of each session goes through this: it writes its pid (the
# command's, after exec) to FILE, and that pid and its terminal's shell's
# to the list cleanup ends.  env runs the VAR=value words a command starts
# with, as the shell would have.
cat >"$WORK/recorded" <<'EOF'
#!/bin/sh
file=$1
shift
echo $$ >"$file.new" && mv "$file.new" "$file"
echo "$PPID $$" >>"${file%/*}/pids"
exec env "$@"
EOF
chmod +x "$WORK/recorded"
: >"$WORK/pids"

# ours PID: PID is a process of this script (its environment names our
# scratch directory): pids are reused, and another's must not be killed.
ours() {
	[ -r "/proc/$1/environ" ] && tr '\0' '\n' 2>/dev/null <"/proc/$1/environ" |
		grep -qxF "HOME=$WORK/home"
}

# Nothing is left running: an interface whose terminal went away exits by
# itself, but the sanitizer build's leak check at exit has been seen to spin
# there (LeakSanitizer's stop-the-world), so every recorded process still
# running is killed, by pid: a terminal's shell with its process group
# (what it runs, and their children), then any command left without it.
cleanup() {
	for pid in $(cat "$WORK/pids"); do
		ours "$pid" && { kill -KILL "-$pid" || kill -KILL "$pid"; } 2>/dev/null
	done
	tm kill-server 2>/dev/null
	rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 143' TERM

tm() { tmux -L "$SOCKET" "$@"; }

# session_command NAME COMMAND...: what a session runs: COMMAND, recorded;
# then its exit status on the screen (EXIT= from the first column: after a
# kill -9 the terminal is left raw, a newline does not return the carriage,
# and the shell's "Killed" line, as long as the paths in it, would leave
# EXIT= wrapped) and its terminal's modes in $WORK/stty; then the shell
# stays, so that the screen can still be read.
session_command() {
	name=$1; shift
	rm -f "$WORK/pid-$name"
	printf '%s' "'$WORK/recorded' '$WORK/pid-$name' $* ; s=\$?; stty -a > '$WORK/stty'; printf '\\rEXIT=%s\\n' \"\$s\"; exec sleep 600"
}

# start WIDTH HEIGHT COMMAND...: a new tmux server, its session t running
# COMMAND; the functions below read and type to it.
start() {
	width=$1 height=$2; shift 2
	tm kill-server 2>/dev/null
	# a new server each time: no race with the one just killed
	servers=$((servers + 1))
	SOCKET="icsview-test-$$-$servers"
	TARGET=t
	tm -f /dev/null new-session -d -s t -x "$width" -y "$height" "$(session_command t "$@")"
}

# start_also NAME WIDTH HEIGHT COMMAND...: another session on the same server.
start_also() {
	name=$1 width=$2 height=$3; shift 3
	tm new-session -d -s "$name" -x "$width" -y "$height" "$(session_command "$name" "$@")"
}

# use_session NAME: the functions below read and type to session NAME, named
# exactly ("=NAME:"): a bare name would also match the start of a window
# name in the most recent session, and send one session's keys to another.
use_session() { TARGET=$1; }

# in_session NAME COMMAND...: COMMAND reading and typing to session NAME.
in_session() {
	in_previous=$TARGET TARGET=$1; shift
	"$@"; in_status=$?
	TARGET=$in_previous
	return $in_status
}

screen() { tm capture-pane -t "=$TARGET:" -p; }
screen_with_colours() { tm capture-pane -t "=$TARGET:" -p -e; }
keys() { tm send-keys -t "=$TARGET:" "$@"; }
line() { screen | sed -n "$1p"; }
shows() { screen | grep -qF -- "$1"; }
# detail_shows TEXT: the detail pane (right of the divider) holds TEXT
# however its lines wrap it, spaces and line breaks ignored: a path wraps
# at the pane's width wherever its length puts the break.
detail_text() { screen | sed -n 's/^.*│//p' | tr -d ' \n'; }
detail_shows() { detail_text | grep -qF -- "$(printf %s "$1" | tr -d ' ')"; }

# poll TRIES COMMAND...: runs COMMAND every 50 ms until it succeeds, TRIES
# times at most.
poll() {
	poll_tries=$1; shift
	poll_i=0
	while [ "$poll_i" -lt "$poll_tries" ]; do
		"$@" && return 0
		sleep 0.05
		poll_i=$((poll_i + 1))
	done
	return 1
}
# wait_for TEXT: until TEXT shows (10 s at most).
wait_for() { poll 200 shows "$1"; }
# wait_gone TEXT: until TEXT no longer shows.
hidden() { ! shows "$1"; }
wait_gone() { poll 200 hidden "$1"; }
# wait_long TEXT: as wait_for, for a whole filter one entity a step (30 s at most).
wait_long() { poll 600 shows "$1"; }
# wait_quick TEXT: as wait_for, 2 s at most.
wait_quick() { poll 40 shows "$1"; }
# wait_until COMMAND...: until COMMAND succeeds (10 s at most).
wait_until() { poll 200 "$@"; }
# wait_line N TEXT: until line N of the screen shows TEXT.
line_shows() { line "$1" | grep -qF -- "$2"; }
wait_line() { poll 200 line_shows "$1" "$2"; }
# wait_both TEXT OTHER: until one screen shows both.
both_show() {
	s=$(screen)
	printf '%s\n' "$s" | grep -qF -- "$1" && printf '%s\n' "$s" | grep -qF -- "$2"
}
wait_both() { poll 200 both_show "$1" "$2"; }
# wait_without TEXT OTHER: until a screen shows TEXT and not OTHER.
shows_without() {
	s=$(screen)
	printf '%s\n' "$s" | grep -qF -- "$1" && ! printf '%s\n' "$s" | grep -qF -- "$2"
}
wait_without() { poll 200 shows_without "$1" "$2"; }

# pid_of [NAME]: the pid of the command session NAME (default: the one
# used) runs, once it has started (10 s at most).
pid_of() {
	poll 200 test -s "$WORK/pid-${1:-$TARGET}" && cat "$WORK/pid-${1:-$TARGET}"
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
# fits_in COLUMNS: no line of the screen is wider.
fits_in() { [ "$(screen | widths | sort -n | tail -1)" -le "$1" ]; }
# row_of TEXT: the screen row (1-based) that shows TEXT
row_of() { screen | grep -nF -- "$1" | head -1 | cut -d: -f1; }
# click COL ROW: a left press and release at the 1-based cell, as an xterm
# mouse report typed into the terminal.
click() {
	tm send-keys -t "=$TARGET:" -H 1b 5b 4d 20 "$(printf %02x $((32 + $1)))" "$(printf %02x $((32 + $2)))" \
		1b 5b 4d 23 "$(printf %02x $((32 + $1)))" "$(printf %02x $((32 + $2)))"
}

ok() {
	number=$((number + 1)); passed=$((passed + 1)); echo "ok $number - $1"
}
not_ok() {
	number=$((number + 1)); failed=$((failed + 1)); echo "not ok $number - $1"
	screen | sed 's/^/# | /'
}
skip() {
	number=$((number + 1)); echo "ok $number # SKIP $1"
}
# check NAME COMMAND...: records whether COMMAND succeeds.
check() {
	name=$1; shift
	if "$@"; then ok "$name"; else not_ok "$name"; fi
}
# finish: the plan and the count; the script's status.
finish() {
	echo "1..$number"
	echo "# $passed passed, $failed failed"
	[ "$failed" -eq 0 ]
}
