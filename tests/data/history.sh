#!/bin/sh
# What a user asks of the bundled model's history and tree: the CCG a
# place was in 2018 and what succeeded it, the STP of a CCG in 2018, the
# roots, a 2017 CCG followed to its 2026 ICB, and how each succession is
# known: inferred ones marked with their reason, hand-entered ones citing
# their source.
# usage: history.sh ICSVIEW DATADIR
set -u
icsview=$1 data=$2
n=0 failed=0
check() {
	n=$((n + 1))
	if [ "$2" = 0 ]; then echo "ok $n - $1"; else echo "not ok $n - $1"; failed=1; fi
}
echo "1..16"
"$icsview" find -m "$data" "Bassetlaw CCG" | grep -q '^ccg-E38000008	.*STPs and CCGs, 2017–2022'
check "finding Bassetlaw's CCG finds its record of 2017-2022" $?
"$icsview" find -m "$data" "Harrogate and Rural District" | grep -q '^ccg-E38000073	'
check "finding Harrogate's CCG finds its record" $?
show=$("$icsview" show -m "$data" ccg-E38000008)
echo "$show" | grep -q 'South Yorkshire and Bassetlaw (stp-E54000009)  since: 2017-04-01, until: 2022-06-30'
check "Bassetlaw's CCG of 2018 belongs to South Yorkshire and Bassetlaw" $?
echo "$show" | grep -q 'Bassetlaw (02Q)' && echo "$show" | grep -q '(QT1)'
check "NHS Bassetlaw CCG is succeeded by sub-ICB location 02Q and ICB QT1" $?
echo "$show" | grep '(QT1)' |
	grep -q '  (inferred: the 2026 ICB its GP practices of January 2022 are commissioned by'
check "its succession by ICB QT1 is marked inferred, with the reason" $?
"$icsview" show --json -m "$data" ccg-E38000060 | python3 -c '
import json, sys
d = json.load(sys.stdin)
ls = [l for l in d["backlinks"]["succeeded_by"] if l["id"] == "ccg-E38000226"]
f = ls[0]["facts"]
sys.exit(not (f.get("basis") == "inferred" and f.get("reason", "").startswith("the CCG with its ODS code 02M")
              and "note" not in f))'
check "a merger found by its ODS code is inferred in JSON, its reason the rule" $?
show=$("$icsview" show -m "$data" ccg-E38000073)
echo "$show" | grep -q '(stp-E54000005)  since: 2017-04-01, until: 2020-03-31'
check "NHS Harrogate and Rural District CCG was in the West Yorkshire STP in 2018" $?
line=$(echo "$show" | grep '(ccg-E38000241)')
echo "$line" | grep -q "note: entered by hand from NHS England's approval of the merger" &&
	echo "$line" | grep -q 'icsview-ccg-mergers\]$' && ! echo "$line" | grep -q '(inferred'
check "its merger into North Yorkshire CCG is stated by the hand-entered source" $?
"$icsview" show -m "$data" stp-E54000005 | grep '(stp-E54000051)' |
	grep -q '  (inferred: where its CCGs, or the CCGs that succeeded them, are in'
check "the West Yorkshire STP's succession by Humber, Coast and Vale is inferred" $?
"$icsview" history -m "$data" ccg-E38000073 |
	grep -q 'NHS Humber and North Yorkshire Integrated Care Board (QOQ)'
check "NHS Harrogate and Rural District CCG leads to Humber and North Yorkshire ICB" $?
"$icsview" history -m "$data" stp-E54000007 |
	grep -q 'NHS Derby and Derbyshire Integrated Care Board (QJ2)'
check "Greater Manchester's STP leads to Derby and Derbyshire ICB too (Glossop)" $?
"$icsview" show -m "$data" stp-E54000007 | grep -q 'part: 4 practices of NHS Tameside and Glossop CCG'
check "the Glossop link says which part went" $?
roots=$("$icsview" tree -m "$data" --depth 1 | grep -c '^\[')
first=$("$icsview" tree -m "$data" --depth 1 | head -1)
[ "$roots" -le 4 ]
check "at most four roots ($roots)" $?
[ "$first" = "[RGN] England (england)" ]
check "England today is the first root" $?
"$icsview" history -m "$data" ccg-E38000001 | grep -q 'NHS West Yorkshire Integrated Care Board (QWO)'
check "a 2017 CCG reaches its 2026 ICB in history" $?
n=$(for s in greater-manchester west-yorkshire frimley dorset nottingham-nottinghamshire \
	    north-east-cumbria coventry-warwickshire north-west-london syb; do
		"$icsview" show -m "$data" "$s" | grep -c 'recorded_as' ; done | grep -c '^1$')
[ "$n" = 9 ]
check "the systems the 2018 documents name link to their STP records ($n of 9)" $?
exit $failed
