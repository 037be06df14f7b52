#!/bin/sh
# A notes file that cannot be used as it is: a corrupt one is refused and
# never written, and the interface still browses; one the user cannot
# write opens read-only, and says so; values planted in a notes file's
# columns are shown escaped, never obeyed; one holding a trigger is refused.
. "$(dirname "$0")/lib.sh"

# --- a corrupt notes file: refused, never written, the interface still browses -------------
printf 'not a notes file: a thesis\n' > "$WORK/bad.db"
start 120 40 "$NESTED --notes $WORK/bad.db"
check "a corrupt notes file is refused, and it says so" wait_for "refusing to use this notes file"
check "the status line says notes are off" wait_for "notes off"
keys r
check "the review's keys say why they cannot work" wait_for "notes are off:"
keys q
check "the interface quits" wait_for "EXIT=0"
check "the corrupt file is left as it was" test "$(cat "$WORK/bad.db")" = 'not a notes file: a thesis'

# --- a notes file the user cannot write --------------------------------------------------
# Run as another user when we are root (permission bits do not stop root);
# that user must be able to read the checkout (not so in a clone under a
# `mktemp -d` directory, mode 0700).
as_nobody() { setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null 2>&1 &&
   as_nobody sh -c "test -r '$MODELS/good/nested.yaml' && test -x '$ICSVIEW'"; then
	# a review with two entities reviewed, one flagged
	start 120 40 "$NESTED --notes $WORK/review.db"
	wait_for "reviewed 0/11" >/dev/null
	keys : "goto n-board" Enter
	wait_for "partnership board · n-board" >/dev/null
	keys '!' '!' '!' r
	wait_for "reviewed 1/11, 1 flagged" >/dev/null
	keys : "goto n-doncaster" Enter
	wait_for "place · n-doncaster" >/dev/null
	keys r
	wait_for "reviewed 2/11, 1 flagged" >/dev/null
	keys q
	wait_for "EXIT=0" >/dev/null

	mkdir -p "$WORK/ro" && cp "$WORK/review.db" "$WORK/ro/notes.db" && chmod 755 "$WORK" "$WORK/ro" && chmod 444 "$WORK/ro/notes.db"
	start 120 40 "ICSVIEW_CACHE_DIR=/tmp setpriv --reuid=65534 --regid=65534 --clear-groups $NESTED --notes $WORK/ro/notes.db"
	check "an unwritable notes file opens read-only, and says so" wait_for "notes are read-only"
	check "its notes are shown" wait_for "reviewed 2/11, 1 flagged, notes read-only"
	keys r
	check "changes are refused with the reason" wait_for "not writable"
	keys q
	check "and it quits" wait_for "EXIT=0"
	chmod 700 "$WORK"
else
	skip "read-only notes need root, setpriv and a checkout another user can read"
fi


# --- a notes file someone else wrote: every column untrusted ------------------------------
start 80 24 "$NESTED --notes $WORK/hostile.db"
wait_for "reviewed 0/11" >/dev/null
keys : "goto n-board" Enter
wait_for "partnership board · n-board" >/dev/null
keys r
wait_for "reviewed 1/11" >/dev/null
keys q
wait_for "EXIT=0" >/dev/null
# the title, the clipboard (OSC 52) and a clear screen, in every text column
python3 - "$WORK/hostile.db" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
bad = "\x1b]0;PWNED\x07\x1b]52;c;cHduZWQ=\x07\x1b[2J\u202eX"
db.execute("UPDATE notes SET changed = ?, who = ?, text = ?", (bad, bad, "note " + bad))
db.commit()
db.close()
PY
start 80 24 "$NESTED --notes $WORK/hostile.db"
keys : "goto n-board" Enter
check "values planted in the notes file are shown escaped" wait_for "^[]0;PWNED^G^[]52;c;cHduZWQ=^G^[[2J"
check "the change's author and time too" wait_for "<U+202E>X,"
check "the terminal title is not set by them" test "$(tm display -p -t "=$TARGET:" '#{pane_title}' | grep -c PWNED)" = 0
keys e
check "and in the note editor" wait_for "Note: Collaborative Partnership Board"
check "escaped there too" wait_for "^[]0;PWNED^G^[]52;c;cHduZWQ=^G^[[2J"
keys Escape
wait_gone "Note: Collaborative" >/dev/null
keys q
check "the interface quits" wait_for "EXIT=0"

# --- a NUL planted in the note's text: shown escaped, nothing after it cut ---------------------
python3 - "$WORK/hostile.db" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.execute("UPDATE notes SET text = ?", ("kept\x00after the NUL",))
db.commit()
db.close()
PY
start 80 24 "$NESTED --notes $WORK/hostile.db"
keys : "goto n-board" Enter
check "a NUL in a note is shown escaped, the text after it kept" wait_for "kept^@after the NUL"
keys e
check "and in the note editor" wait_for "Note: Collaborative Partnership Board"
check "escaped there too" wait_for "kept^@after the NUL"
keys Escape
wait_gone "Note: Collaborative" >/dev/null
keys q
check "the interface quits" wait_for "EXIT=0"

# --- a notes file holding a trigger: refused, never written --------------------------------
python3 - "$WORK/hostile.db" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.execute("CREATE TRIGGER wipe AFTER UPDATE ON notes BEGIN DELETE FROM notes; END")
db.commit()
db.close()
PY
cp "$WORK/hostile.db" "$WORK/hostile.before"
start 120 40 "$NESTED --notes $WORK/hostile.db"
check "a notes file with a trigger planted is refused" wait_for "it holds schema objects"
check "notes are off" wait_for "notes off"
keys r q
check "the interface quits" wait_for "EXIT=0"
check "the file is left as it was" cmp -s "$WORK/hostile.db" "$WORK/hostile.before"

finish
