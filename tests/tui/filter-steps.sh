#!/bin/sh
# A filter evaluated a step at a time: its progress shown, keys answered
# meanwhile, the selection kept; U, ^R, F, a jump and q while it goes on.
. "$(dirname "$0")/lib.sh"

# 40 systems of 1,000 organisations, every third with beds (0 to 9): beds>5
# matches 134 a system.  ICSVIEW_FILTER_CHUNK=1, a test hook, makes each
# step of a filter evaluate one entity: 40,040 steps, a few seconds, where
# the steps paced by time would take a few of them.
python3 -c '
print("icsview: 1\nentities:")
for s in range(40):
    print("  - id: s%d\n    kind: system\n    name: System %d\n    children:" % (s, s))
    for p in range(1000):
        beds = ", facts: {beds: %d}" % (p % 10) if p % 3 == 0 else ""
        print("      - {id: o%d-%d, kind: organisation, name: Org %d %d%s}" % (s, p, s, p, beds))
' > "$WORK/progress.yaml"
PROGRESS="env ICSVIEW_FILTER_CHUNK=1 $ICSVIEW -m $WORK/progress.yaml --notes $WORK/progress.db"
start 120 30 "$PROGRESS"
wait_for "SYS System 0 (1,000)" >/dev/null
keys f "beds>5" Enter
check "a filter under way says how far it has got" wait_for "filter: beds>5 · filtering… "
check "and how many match so far" wait_for " match so far"
check "the first matches are shown at once, their ancestor open" wait_for "· ORG Org 0 6 "
check "the review is counted once the filter is complete" wait_both "reviewed …" "filtering…"
keys j
check "keys are answered while the filter goes on" wait_both " 2/" "filtering…"
keys j
check "the selection stays on its entity as rows land" wait_both "organisation · o0-9" "filtering…"
check "then the final count" wait_long "filter: beds>5 · 5,360 of 40,040 match"
check "and the review's, over the whole view" wait_for "reviewed 0/5360"
check "the selection is where it was" wait_for "organisation · o0-9"
keys f C-u "beds>100" Enter
check "a filter that has found nothing yet says it is looking" wait_both "(filtering…)" "filter: beds>100 · filtering…"
check "and not that nothing matches" wait_without "filter: beds>100 · filtering…" "nothing matches"
check "which it says once complete" wait_long "(nothing matches the filter: F clears it)"
check "with its count" wait_for "filter: beds>100 · 0 of 40,040 match"
keys f C-u "beds>5" Enter
wait_for "filter: beds>5 · filtering…" >/dev/null
keys U
check "U lets the filter finish, then goes to the next entity to review" wait_long "organisation · o0-6"
check "counted over the whole view" wait_both "5,360 of 40,040 match" "reviewed 0/5360"
printf '  - {id: late, kind: organisation, name: Late arrival, facts: {beds: 9}}\n' >>"$WORK/progress.yaml"
keys C-r
check "^R after the model changed re-applies the filter" wait_for "filter: beds>5 · filtering…"
check "the selection is found again when the filter reaches it" wait_for "organisation · o0-6"
check "to its end, the new entity counted" wait_long "filter: beds>5 · 5,361 of 40,041 match"
check "which was reloaded" wait_for "model reloaded: its files changed (40041 entities)"
keys f C-u "beds>5" Enter
wait_for "filter: beds>5 · filtering…" >/dev/null
keys F
check "F while a filter is under way clears it" wait_gone "filter: beds>5"
check "and the tree is whole again" wait_for "ORG Org 0 1 "
check "and stays so" wait_without "ORG Org 0 1 " "filtering"
keys f "beds>5" Enter
wait_for "filter: beds>5 · filtering…" >/dev/null
keys : "goto o39-999" Enter
check "a jump to a match the filter has not reached lets it finish" wait_long "organisation · o39-999"
check "and the count is the final one" wait_for "filter: beds>5 · 5,361 of 40,041 match"
keys f C-u "kind:organisation" Enter
wait_for "filter: kind:organisation · filtering…" >/dev/null
keys q
check "q quits at once while a filter is under way" wait_quick "EXIT=0"

finish
