#!/bin/sh
# Completion as a user meets it: completions/icsview.bash sourced in an
# interactive bash, Tab pressed on a command line.  (docs/check-completion.sh
# checks every case by calling the function; this checks that bash itself,
# with readline, finds and uses it.)
. "$(dirname "$0")/lib.sh"

COMPLETION=$(cd "$(dirname "$0")/../../completions" && pwd)/icsview.bash
mkdir -p "$WORK/bin"
ln -s "$ICSVIEW" "$WORK/bin/icsview"
# the model's database built first: the first Tab then answers at once
"$ICSVIEW" tree -m "$DATA" >/dev/null

start 120 24 "PATH=$WORK/bin:$PATH" "PS1=ready:" bash --norc --noprofile -i
wait_for "ready:" >/dev/null
keys ". '$COMPLETION'" Enter
keys "complete -p icsview" Enter
check "the script registers its function in an interactive bash" wait_for "complete -F _icsview icsview"
keys clear Enter
wait_gone "complete -F" >/dev/null
keys "icsview -m $DATA show rhq" Tab
check "Tab completes an id of the -m model typed in lower case" wait_for "show RHQ"
keys C-u
keys "icsview -m $DATA show rh" Tab
check "Tab puts the ids' common start in their case" wait_for "show RH"
keys Tab Tab
check "and Tab Tab lists the ids beginning so" wait_for "RH8"
listed() { shows "RHQ" && shows "RHA" && shows "RHU"; }
check "every one of them" poll 200 listed
keys C-u
keys "icsview show --js" Tab
check "and the options of the command" wait_for "icsview show --json"
keys C-u "exit" Enter
check "bash ends" wait_for "EXIT=0"
finish
