#!/bin/sh
# icsview --since OLD: the tree marks what changed since the older model
# (added, moved, renamed, replaced, changed; a removal on the ancestor
# kept), the status line counts the changes, the detail pane says old →
# new, the changed: filter lists them, completed with Tab, and U goes
# through them; the comparison is kept and read by the next start; a
# missing or invalid OLD is refused and the terminal left sane; changed:
# without --since says it needs it.
. "$(dirname "$0")/lib.sh"

SINCE="$ICSVIEW --fresh --since $MODELS/diff-old $MODELS/diff-mixed"

start 80 24 "$SINCE"
check "the status line counts the changes" wait_for "9 changes"
keys "*"
check "an added row is marked +" wait_for "+       · GP  Practice Three"
check "a renamed row is marked ✎" wait_for "✎       · GP  Practice One"
check "a moved row is marked ↷" wait_for "↷     ▾ PLC Place Two"
check "a replacing row is marked ⇄" wait_for "⇄   ▾ SYS Gamma ICB"
check "a row whose kind changed is marked *" wait_for "*     · PTN PCN One"
check "an unchanged row has no mark" wait_for "  ▾ RGN North"
added_green() { screen_with_colours | grep 'Practice Three' | grep -q '32m+'; }
check "the added mark is drawn green" wait_until added_green

keys j j j
check "the detail pane has a Changes section" wait_for "▾ Changes"
check "with the old name" wait_for "was named Practice One"
check "and each fact old → new" wait_for "postcode: AA1 1AA → AA1 1AB"
check "and the links removed and added" wait_for "- member_of PCN One (pcn-1) [role:"
changes_first() { [ "$(row_of '▾ Changes')" -lt "$(row_of '▾ Review')" ]; }
check "Changes comes before the Review section" changes_first

keys f "chan" Tab
check "Tab completes changed:" wait_for "filter: changed:"
keys "mo" Tab Enter
check "changed:moved keeps the moved" wait_for "filter: changed:moved · 2 of 13 match"
check "Place Two among them" wait_for "↷     · PLC Place Two"
keys F
check "F clears it" wait_gone "filter: changed:moved"

keys f "changed:removed" Enter
check "changed:removed finds where a removal is told" wait_for "changed:removed · 1 of 13 match"
keys : "goto place-2" Enter
check "the entity removed from under it is named" wait_for "removed: Clinic X (clinic-x), was"
check "with where it was" wait_for "North › Alpha ICB › Place Two"
check "and its move, old → new" wait_for "was under North › Alpha ICB → now under"
keys F

keys : "goto north" Enter
keys f "changed:any" Enter
check "changed:any keeps every change" wait_for "changed:any · 9 of 13 match"
keys U
check "U goes to the first change not yet reviewed" wait_for "system · integrated care board · icb-a"
keys r U
check "and after r to the next" wait_for "organisation · GP practice · gp-1"
check "the review counts the changes reviewed" wait_for "reviewed 1/9"
keys : "goto icb-a" Enter Enter
check "drilled down, the changes here and in the model" wait_for "4 changes here · 9 in model"
keys q
check "q quits with status 0" wait_for "EXIT=0"

# The comparison is kept in the model cache (diff-*.cache): the next start
# with the same two models reads it.  Rewritten soundly (its checksum made
# to fit) to say "Practice 0ne", it shows what it says.
kept() { ls "$WORK"/cache/icsview/diff-*.cache >/dev/null 2>&1; }
check "the comparison is kept in the model cache" kept
python3 - "$WORK"/cache/icsview/diff-*.cache <<'EOF'
import sys
path = sys.argv[1]
data = open(path, 'rb').read()
magic, identity, _, payload = data.split(b'\n', 3)
payload = payload.replace(b'Practice One', b'Practice 0ne')
h, words = 0xcbf29ce484222325, len(payload) // 8 * 8
for i in range(0, words, 8):
    h = ((h ^ int.from_bytes(payload[i:i + 8], 'little')) * 0x100000001b3) % 2**64
for b in payload[words:]:
    h = ((h ^ b) * 0x100000001b3) % 2**64
open(path, 'wb').write(magic + b'\n' + identity + b'\n' +
                       b'%d %016x\n' % (len(payload), h) + payload)
EOF
start 80 24 "$SINCE"
keys "*" j j j
check "a second start reads the kept comparison" wait_for "was named Practice 0ne"
keys q

mkdir "$WORK/newer"
cp "$MODELS/diff-mixed/model.yaml" "$WORK/newer/model.yaml"
start 80 24 "$ICSVIEW --fresh --since $MODELS/diff-old $WORK/newer"
keys "*"
check "a model of its own, marked" wait_for "+       · GP  Practice Three"
sed -i 's/name: "PCN One"/name: "PCN Uno"/' "$WORK/newer/model.yaml"
keys C-r
check "after ^R reloads the changed model" wait_for "model reloaded: its files changed"
keys "*"
check "it is compared again: the rename marked" wait_for "✎     · PTN PCN Uno"
check "and the marks kept" wait_for "+       · GP  Practice Three"
check "and counted" wait_for "9 changes"
keys q

start 80 24 "$ICSVIEW --fresh --ascii --since $MODELS/diff-old $MODELS/diff-mixed"
keys "*"
check "in ASCII, renamed is ~" wait_for "~         GP  Practice One"
keys q

# Wide: the messages name the model by its full path, which must not wrap.
start 240 24 "$ICSVIEW --fresh --since $MODELS/no-such-model $MODELS/diff-mixed"
check "a missing older model is named" wait_for "icsview: --since: the older model:"
check "with why" wait_for "no-such-model: error: cannot read"
check "and exits 1, as an unreadable model does" wait_for "EXIT=1"
sane() { grep -q -- ' icanon' "$WORK/stty" && grep -q -- ' echo ' "$WORK/stty"; }
check "the terminal is left sane" sane

start 240 24 "$ICSVIEW --fresh --since $MODELS/bad/duplicate-id.yaml $MODELS/diff-mixed"
check "an invalid older model says its problems" wait_for "error: duplicate id 'dup-"
check "and exits 1" wait_for "EXIT=1"

start 80 24 "$ICSVIEW --fresh $MODELS/diff-mixed"
keys f "changed:any" Enter
check "changed: without --since says it needs it" wait_for "needs an older model"
keys Escape q
check "q quits" wait_for "EXIT=0"
finish
