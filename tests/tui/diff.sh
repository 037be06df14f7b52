#!/bin/sh
# icsview diff as a user meets it in a terminal of 80 columns: completed by
# Tab in an interactive bash, its changes read on the screen, its exit
# status as diff(1)'s, and paged with less.
. "$(dirname "$0")/lib.sh"

COMPLETION=$(cd "$(dirname "$0")/../../completions" && pwd)/icsview.bash
mkdir -p "$WORK/bin"
ln -s "$ICSVIEW" "$WORK/bin/icsview"
# the models in a directory of their own: in the shell's, their names
# would join the completions of the command
mkdir -p "$WORK/m"
cp -R "$MODELS/diff-old" "$MODELS/diff-mixed" "$MODELS/diff-same" "$WORK/m/"
cd "$WORK" || exit 1

start 80 24 "PATH=$WORK/bin:$PATH" "PS1=ready:" bash --norc --noprofile -i
wait_for "ready:" >/dev/null
keys ". '$COMPLETION'" Enter
keys clear Enter
wait_gone "COMPLETION" >/dev/null
keys "icsview dif" Tab
check "Tab completes the command" wait_for "icsview diff"
keys C-u "icsview diff --fo" Tab
check "and its options" wait_for "icsview diff --format="
keys "m" Tab
check "and its formats" wait_for "icsview diff --format=md"
keys C-u
keys "icsview diff m/diff-old m/diff-same; echo EXIT=\$?" Enter
check "the same models: every count 0" wait_for "total     0"
check "and exit status 0" wait_for "EXIT=0"
keys clear Enter
wait_gone "EXIT=0" >/dev/null
keys "icsview diff --filter kind:organisation m/diff-old m/diff-mixed; echo EXIT=\$?" Enter
check "models that differ: exit status 1" wait_for "EXIT=1"
check "a fact's values before and after" wait_for "      postcode: AA1 1AA → AA1 1AB"
check "a link removed and added with its facts" \
	wait_for "      - member_of pcn-1 (PCN One) [role=lead]"
check "the filter on either model: a kind changed away from it" \
	wait_for "      kind: organisation → partnership"
check "and not what it leaves out" hidden "clinic-x"
keys clear Enter
wait_gone "EXIT=1" >/dev/null
keys "icsview diff m/diff-old m/diff-mixed | less" Enter
check "paged: the counts first" wait_line 1 "added     2"
check "then the groups" wait_for "  gp-3  Practice Three  (North › Alpha ICB › Place One)"
keys q
# A second diff reads the comparison the first kept (diff-*.cache, its
# texts each ending in a NUL since version 2) and prints the same lines
# (the marker quoted as typed, so that only its output matches).
rm -f "$WORK"/cache/icsview/diff-*.cache
keys clear Enter
keys "icsview diff m/diff-old m/diff-mixed >first.txt; icsview diff m/diff-old m/diff-mixed" \
	" >second.txt; cmp first.txt second.txt && echo SAME-\"TWICE\"" Enter
check "a second diff, from the kept comparison, prints the same" wait_for "SAME-TWICE"
kept_version() {
	python3 -c '
import sys
payload = open(sys.argv[1], "rb").read().split(b"\n", 3)[3]
sys.exit(0 if payload[0] == 2 else 1)
' "$WORK"/cache/icsview/diff-*.cache
}
check "the comparison is kept in the layout of version 2" kept_version
keys "exit" Enter
check "bash ends" wait_for "EXIT=0"
finish
