#!/bin/sh
# icsview --since OLD: what the older model had and this one has not shows
# as rows of its own, dimmed and marked (removed), after the real children
# of its old parent (a removed subtree nested under its removed parent,
# under the nearest ancestor kept); a collapsed parent counts them apart;
# the detail pane shows the removed entity as the older model had it; the
# keys that need an entity of the model say why they cannot; changed:removed
# keeps the rows, other filters leave them out; U goes on from where the
# removed row is in the tree.
. "$(dirname "$0")/lib.sh"

NESTED_SINCE="$ICSVIEW --fresh --since $MODELS/diff-old $MODELS/diff-nested"

start 80 24 "$NESTED_SINCE"
check "the tree is shown" wait_for "RGN North (1, 1 removed)"
keys "*"
check "a removed row is under its old parent, marked and named removed" \
	wait_for "-       · SVC Clinic X (removed)"
clinic_under_place() { [ "$(row_of 'Clinic X (removed)')" -eq $(($(row_of 'PLC Place Two') + 1)) ]; }
check "right under it" wait_until clinic_under_place
check "a removed subtree keeps its shape" wait_for "-     ▾ PLC Place One (removed)"
check "its removed children under it" wait_for "-       · GP  Practice One (removed)"
after_real() { [ "$(row_of 'Place One (removed)')" -gt "$(row_of 'PCN One')" ]; }
check "after the parent's own children" wait_until after_real
check "one removed at the top is at the top" wait_for "- · SRC Document B (removed)"
dimmed() { screen_with_colours | grep -F 'Clinic X' | grep -qF '[2mClinic X'; }
check "its name is drawn dim" wait_until dimmed
plain() { screen_with_colours | grep -F 'PCN One' | grep -vqF '[2mPCN One'; }
check "a row of the model is not" wait_until plain

keys j j j j j j
check "its detail pane says it was removed" wait_for "▾ Removed since the older model"
check "and where it was" wait_for "was under North › Alpha ICB › Place One"
check "with its facts as they were" wait_for "AA1 1AA"
check "read from the older model" wait_until detail_shows "diff-old/model.yaml:21:17"
keys "!"
check "! says it takes no flag" wait_for "not in this model (removed): no flag"
keys r
check "r says it takes no reviewed mark" wait_for "(removed): no reviewed mark"
keys e
check "e says it takes no note" wait_for "(removed): no note"
keys D
check "D says there is no diagram" wait_for "(removed): no diagram"
keys Enter
check "Enter says it cannot be the root" wait_for "(removed): not a root"
keys / "Place" Enter
check "a search from a removed row goes to what it finds" wait_for "place · place-2"
keys j j j j
check "and the removed row selected again" wait_for "organisation · GP practice · gp-1"
keys Tab j j j j Enter
check "Enter in its detail goes to no entity of this model" \
	wait_for "organisation · GP practice · gp-1"
check "the tree keeps its selection" wait_for " 7/11 "
keys Tab

keys k h
check "a removed row collapses, counting its own" wait_for "-     ▸ PLC Place One (2) (removed)"
keys l
check "and expands with l" wait_for "-     ▾ PLC Place One (removed)"
keys h
keys k k k h
check "a collapsed parent counts the removed apart" wait_for "-     ▸ PLC Place Two (1 removed)"
keys l
check "a row with only removed under it expands" wait_for "-     ▾ PLC Place Two"
keys h
keys k h
check "and beside its children" wait_for "-   ▸ SYS Alpha ICB (2, 1 removed)"
keys l
check "expanded again" wait_for "-     ▸ PLC Place One (2) (removed)"

keys f "changed:removed" Enter
check "changed:removed keeps the removed rows" wait_for "changed:removed · 3 of 5 match"
check "under their parent" wait_for "-       · SVC Clinic X (removed)"
check "a removed subtree too" wait_for "-     ▸ PLC Place One (2) (removed)"
keys F f "changed:any" Enter
check "changed:any too" wait_for "changed:any · 3 of 5 match"
check "under their parent again" wait_for "-       · SVC Clinic X (removed)"
keys F f "kind:place" Enter
check "a filter that does not ask for them" wait_for "kind:place · 1 of 5 match"
check "leaves them out" wait_gone "Clinic X"
check "its match a leaf again" wait_for "-     · PLC Place Two"
keys F
check "without a filter they are back" wait_for "-   · SYS Beta ICB (removed)"

keys G k k
check "Beta ICB's removed row is selected" wait_for "system · integrated care board · icb-b"
keys U
check "U from a removed row goes on in tree order" wait_for "source · doc-a"
keys : "goto place-2" Enter Enter
check "drilled down, the root's removed are under it" wait_for "- · SVC Clinic X (removed)"
keys q
check "q quits" wait_for "EXIT=0"

start 80 24 "$NESTED_SINCE"
check "the tree is shown again" wait_for "RGN North (1, 1 removed)"
keys U U U
check "U goes to what is not yet reviewed" wait_for "place · place-2"
keys U
check "then to the removed row on the way, in tree order" wait_for "service · clinic-x"
check "saying it is removed" wait_for "removed since the older model: U again goes"
keys U
check "then on to the next of the model" wait_for "organisation · primary care network"
keys U
check "a removed subtree after its place's own" wait_for "place · place-1"
keys U
check "opened to the removed under it" wait_for "organisation · GP practice · gp-1"
check "which is shown" wait_for "-       · GP  Practice One (removed)"
keys U U
check "the removed under the region after those under its ICB" \
	wait_for "system · integrated care board · icb-b"
keys f "kind:place" Enter
check "with a filter that leaves them out" wait_for "kind:place · 1 of 5 match"
keys g U U
check "U goes to the matches alone" wait_for "place · place-2"
keys U
check "past the removed it does not show" wait_for "reviewed 0/1  nothing else"
keys q

start 60 24 "$NESTED_SINCE"
keys "*"
check "at 60 columns the removed rows show" wait_for "-       · SVC Clinic X (removed)"
check "their mark kept when the name is cut" wait_for "(removed)"
keys j j j j j j
check "and their detail" wait_for "▾ Removed since the older model"
keys q

start 80 24 "$ICSVIEW --fresh --ascii --since $MODELS/diff-old $MODELS/diff-nested"
keys "*"
check "in ASCII the removed row reads so" wait_for "-         SVC Clinic X (removed)"
keys q

mkdir "$WORK/newer"
cp "$MODELS/diff-nested/model.yaml" "$WORK/newer/model.yaml"
start 80 24 "$ICSVIEW --fresh --since $MODELS/diff-old $WORK/newer"
keys "*"
check "a model of its own" wait_for "-       · SVC Clinic X (removed)"
sed -i 's/name: "Place Two"/name: "Place Deux"/' "$WORK/newer/model.yaml"
keys C-r
check "after ^R reloads the changed model" wait_for "model reloaded: its files changed"
keys "*"
check "the removed rows are there again" wait_for "-       · SVC Clinic X (removed)"
check "under the parent renamed" wait_for "PLC Place Deux"
keys q
check "q quits" wait_for "EXIT=0"
finish
