#!/bin/sh
# Models and places built to hurt, opened in the interface: a directory
# that loops back on itself, a file that begins with a byte-order mark,
# one entity with 200,000 facts, a cache reached through a link, and a
# build ended by a signal.
. "$(dirname "$0")/lib.sh"

# --- a model directory with two links to itself: entered once ----------------------------
mkdir "$WORK/loop"
cp "$MODELS/good/nested.yaml" "$WORK/loop/"
ln -s . "$WORK/loop/x"
ln -s . "$WORK/loop/y"
start 80 24 "$ICSVIEW -m $WORK/loop"
check "a directory linking to itself twice opens at once" wait_for "South Yorkshire"
keys q
check "and quits cleanly" wait_for "EXIT=0"

# --- a byte-order mark at the start of a file ----------------------------------------------
printf '\357\273\277' >"$WORK/bom.yaml"
cat "$MODELS/good/nested.yaml" >>"$WORK/bom.yaml"
start 80 24 "$ICSVIEW -m $WORK/bom.yaml"
check "a file beginning with a UTF-8 byte-order mark opens" wait_for "South Yorkshire"
keys q
wait_for "EXIT=0" >/dev/null

# --- one entity with 200,000 facts: loaded in linear time (a minute, when quadratic) ------------------------------------
python3 - "$WORK/facts.yaml" <<'PY'
import sys
with open(sys.argv[1], "w") as f:
    f.write("icsview: 1\nentities:\n  - id: many\n    kind: organisation\n"
            "    name: Many Facts\n    facts:\n")
    for i in range(200000):
        f.write(f"      fact{i}: value {i}\n")
PY
start 80 24 "$ICSVIEW -m $WORK/facts.yaml"
check "an entity with 200,000 facts opens within seconds" wait_for "Many Facts"
keys q
wait_for "EXIT=0" >/dev/null

# --- ~/.cache a link, as dotfile managers make it: the cache works -----------------------------
mkdir -p "$WORK/real-cache" "$WORK/linkhome"
ln -s "$WORK/real-cache" "$WORK/linkhome/.cache"
start 80 24 "env HOME=$WORK/linkhome XDG_CACHE_HOME= $ICSVIEW -m $MODELS/good/nested.yaml"
wait_for "South Yorkshire" >/dev/null
keys q
wait_for "EXIT=0" >/dev/null
cached() { ls "$WORK/real-cache/icsview" | grep -q '^model-[0-9a-f]*\.db$'; }
check "with ~/.cache a link, the model is cached there" cached
start 80 24 "env HOME=$WORK/linkhome XDG_CACHE_HOME= $ICSVIEW -m $MODELS/good/nested.yaml"
wait_for "South Yorkshire" >/dev/null
keys C-r
check "and ^R finds it unchanged" wait_for "nothing changed"
keys q
wait_for "EXIT=0" >/dev/null

# --- ended by a signal while the model is built: nothing left in the cache --------------------
python3 - "$WORK/slow.yaml" <<'PY'
import sys
with open(sys.argv[1], "w") as f:
    f.write("icsview: 1\nentities:\n  - {id: sys, kind: system, name: Top}\n")
    for i in range(60000):
        f.write(f"  - {{id: p{i}, kind: place, parent: sys, name: \"Place {i}\", "
                "links: [{rel: member_of, to: sys}]}\n")
PY
mkdir -p "$WORK/sigcache"
start 80 24 "env ICSVIEW_CACHE_DIR=$WORK/sigcache $ICSVIEW -m $WORK/slow.yaml"
pid=$(pid_of)
building() { ls "$WORK/sigcache" | grep -q '\.tmp-'; }
wait_until building
private() { ls -l "$WORK/sigcache" | grep '\.tmp-' | grep -q '^-rw------- '; }
check "the temporary database is private (0600) while it is built" private
kill -HUP "$pid"; kill -TERM "$pid"; kill -HUP "$pid"; kill -TERM "$pid"
wait_until test ! -d "/proc/$pid"
left() { ls "$WORK/sigcache" | grep '\.tmp-'; }
check "a burst of signals during the build leaves no temporary behind" test -z "$(left)"

finish
