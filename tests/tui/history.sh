#!/bin/sh
# The detail pane's History section: a body's predecessors and successors
# along successor_of links, followed transitively, each a link that Enter
# follows; a cycle listed once each way.
. "$(dirname "$0")/lib.sh"

MODEL="$ICSVIEW --fresh -m $MODELS/history/succession.yaml"

start 80 24 "$MODEL"
wait_for "Bodies from 2022" >/dev/null
keys : "goto h-place-a" Enter
check "the detail pane shows a History section" wait_for "▾ History"
check "it lists the direct predecessor with its link's date" wait_for "← NHS Alpha CCG (h-ccg-a) under"
check "and the predecessor's own, two links away" wait_for "← NHS Alpha Primary Care Trust"
# Tab selects the first link (successor_of in Links); j: the History
# heading, its first entry, then the entry two links away
keys Tab j j j Enter
check "Enter on a History entry follows it" wait_for "system · h-pct · closed 2013-03-31"
check "whose History lists its successors in turn" wait_for "→ Alpha (03A) (h-place-a) under NHS"
keys "["
check "[ goes back to the body" wait_for "place · h-place-a"

keys : "goto h-c1" Enter
check "a cycle is listed" wait_for "← Cycle Two (h-c2) under Bodies that"
check "and ends at the body met again, not followed" wait_for "that name each other (listed"
keys : "goto h-alone" Enter
check "a body without successor_of links has no History" wait_for "system · h-alone"
check "and no History section" wait_gone "▾ History"
keys q
check "q quits with status 0" wait_for "EXIT=0"
finish
