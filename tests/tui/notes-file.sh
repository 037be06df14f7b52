#!/bin/sh
# A notes file that cannot be used as it is: a corrupt one is refused and
# never written, and the interface still browses; one the user cannot
# write opens read-only, and says so.
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

finish
