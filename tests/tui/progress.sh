#!/bin/sh
# The progress screen while a model's database is built: it appears at
# once, says what is read and how far, and q or ^C cancel the build, which
# leaves no file behind and the terminal as it was.  A build left to end
# opens the interface.  A long walk of a model's directories, before any
# file is read, shows on the same screen and cancels the same way.
. "$(dirname "$0")/lib.sh"

cooked() { grep -q ' icanon' "$WORK/stty" && grep -q ' echo ' "$WORK/stty"; }
# nothing of a build in the cache directory, nor in TMPDIR
nothing_left() {
	[ -z "$(ls -A "$WORK/cache/icsview" 2>/dev/null)" ] && [ -z "$(ls -A "$WORK/tmp")" ]
}

python3 "$TESTS/../../bench/genmodel.py" --entities 40000 "$WORK/big" >/dev/null
mkdir -p "$WORK/tmp"
BIG="TMPDIR=$WORK/tmp $ICSVIEW -m $WORK/big"

start 80 24 "$BIG"
check "the progress screen appears while the model is built" \
	wait_for "building the model's database"
check "it names the file being read" wait_line 4 "$WORK/big/"
check "it counts the entities" wait_until line_shows 6 "Entities"
check "it draws a bar by bytes read" wait_until line_shows 9 "%"
check "it says how to cancel" wait_for "q cancels"
keys q
check "q cancels the build, and icsview exits 0" wait_for "EXIT=0"
check "the terminal is back in cooked mode after q" cooked
check "the cancelled build left no file in the cache or TMPDIR" nothing_left

start 80 24 "$BIG"
wait_for "building the model's database" >/dev/null
keys C-c
check "^C cancels the build, and icsview exits 130" wait_for "EXIT=130"
check "the terminal is back in cooked mode after ^C" cooked
check "the build ^C cancelled left no file behind" nothing_left

start 80 24 "$BIG"
wait_for "building the model's database" >/dev/null
kill -TERM "$(pid_of)"
check "SIGTERM cancels it too, exiting 143" wait_for "EXIT=143"
check "and leaves no file behind" nothing_left

start 80 24 "$BIG"
check "a build left alone shows its progress" wait_for "building the model's database"
# typed while the screen is up: kept for the interface, which reads it first
keys : "goto Q31" Enter
check "then the interface" wait_long "?:help"
check "which runs what was typed meanwhile" wait_for "· Q31"
keys q
check "which quits as usual" wait_for "EXIT=0"

# COLUMNS no window has is left aside here too, as by the interface
rm -rf "$WORK/cache/icsview"
start 80 24 "COLUMNS=99999 $BIG"
check "COLUMNS=99999: the progress screen still shows" wait_for "building the model's database"
keys q
check "and q cancels it" wait_for "EXIT=0"
# --- a model in a tree of very many directories and files: the walk ------------------------
# 2,400 directories two deep holding 600,000 names (hard links: cheap to
# make), one YAML file among them
python3 - "$WORK/wide" <<'PY'
import os, sys
top = sys.argv[1]
os.makedirs(top)
for a in range(60):
    seed = os.path.join(top, "seed%02d" % a)
    open(seed, "w").close()
    for b in range(40):
        d = os.path.join(top, "d%02d" % a, "e%02d" % b)
        os.makedirs(d)
        for c in range(250):
            os.link(seed, os.path.join(d, "x%03d" % c))
with open(os.path.join(top, "a.yaml"), "w") as f:
    f.write("icsview: 1\nentities:\n  - {id: w1, kind: system, name: Wide one}\n")
PY
rm -rf "$WORK/cache/icsview"
WIDE="TMPDIR=$WORK/tmp $ICSVIEW -m $WORK/wide"
start 80 24 "$WIDE"
check "a long walk of the model's directories shows the progress screen" \
	wait_for "finding the model's files"
check "it names the directory being read" wait_for "Directory  $WORK/wide/d"
check "it counts the directories read" wait_for " directories"
keys q
check "q cancels the walk, and icsview exits 0" wait_for "EXIT=0"
check "the terminal is back in cooked mode" cooked
# a walk left to end would have built the model's database in the cache
check "nothing was built: the walk was cancelled" nothing_left

start 80 24 "$WIDE"
wait_for "finding the model's files" >/dev/null
keys C-c
check "^C cancels the walk, and icsview exits 130" wait_for "EXIT=130"
check "nothing was built, nothing left behind" nothing_left

# the commands' progress line says the same, before the build's
"$ICSVIEW" show --progress -m "$WORK/wide" w1 >/dev/null 2>"$WORK/walk-line"
check "the progress line of a command reports the walk" \
	grep -q "^icsview: finding the model's files: 1 YAML file in [0-9]* directories" "$WORK/walk-line"
finish
