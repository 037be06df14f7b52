#!/bin/sh
# A node of thousands of children: its rows are read as they are shown;
# End, PgUp, :goto and Home among them.
. "$(dirname "$0")/lib.sh"

python3 -c '
print("icsview: 1\nentities:\n  - id: big-sys\n    kind: system\n    name: Big system")
print("    children:\n      - id: big-place\n        kind: place\n        name: Big place\n        children:")
for i in range(3000):
    print("          - {id: c%d, kind: organisation, name: Child number %d}" % (i, i))
' > "$WORK/thousands.yaml"
start 120 30 "$ICSVIEW -m $WORK/thousands.yaml --notes $WORK/big-notes.db"
wait_for "SYS Big system (1)" >/dev/null
keys l j l
check "expanding 3,000 children counts them all" wait_for " 2/3,002 "
keys End
check "End in the big node shows its last child" wait_for "ORG Child number 2999"
check "and selects it" wait_both "3,002/3,002" "organisation · c2999"
keys PPage PPage
check "PgUp from the end reads the rows above" wait_for "ORG Child number 2945"
check "and selects one a page up" wait_for "organisation · c2945"
keys : "goto c1234" Enter
check ":goto lands on a child in the middle of the list" wait_for "organisation · c1234"
check "its row is the selected one" wait_for " 1,237/3,002 "
keys Home
check "Home goes back to the top" wait_for " 1/3,002 "
keys q
check "and quits cleanly" wait_for "EXIT=0"

finish
