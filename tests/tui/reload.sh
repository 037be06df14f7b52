#!/bin/sh
# ^R and the model: nothing changed, changed, broken or deleted while open;
# a cached database damaged inside, found when read and built again.
. "$(dirname "$0")/lib.sh"

# --- the model's file changed, broken or deleted while open: ^R reloads or says why -------
# The model is copied just before the interface opens on it, as by someone
# who saves a file and opens it at once: on a tmux server already running,
# the interface starts within milliseconds of the copy.  Its database,
# built a moment after the file was written, must still be the one ^R
# finds unchanged.
start 40 10 "true"
wait_for "EXIT=0" >/dev/null
cp "$MODELS/good/nested.yaml" "$WORK/live.yaml"
start_also live 200 40 "$ICSVIEW -m $WORK/live.yaml --notes $WORK/live-notes.db"
use_session live
keys : "goto n-doncaster" Enter
wait_for "place · n-doncaster" >/dev/null
keys C-r
check "^R with nothing changed says so" wait_for "notes: nothing changed elsewhere"
sed 's/name: Doncaster$/name: Doncaster and District/' "$MODELS/good/nested.yaml" > "$WORK/live.yaml.new"
mv "$WORK/live.yaml.new" "$WORK/live.yaml"
keys C-r
check "^R after the file changed reloads it" wait_for "model reloaded: its files changed (7 entities)"
check "and shows the change where we were" wait_for "PLC Doncaster and District"
# a link to a code (RHQ) instead of an id: the report names the id (the
# window is wide enough for the whole message)
sed 's/^        name: Doncaster and District$/&\n        links: [{rel: member_of, to: RHQ}]/' \
	"$WORK/live.yaml" > "$WORK/live.yaml.new"
mv "$WORK/live.yaml.new" "$WORK/live.yaml"
keys C-r
check "a link to a code names the id that has it" wait_for "'RHQ' is a code of n-sth; links name ids"
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
rebuilt() { ICSVIEW_CACHE_DIR="$WORK/dcache" "$ICSVIEW" tree -m "$WORK/big.yaml" | grep -q 'Place 999,'; }
check "the next run builds it again" rebuilt

finish
