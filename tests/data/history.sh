#!/bin/sh
# What a user asks of the bundled model's history and tree: the CCG a
# place was in 2018 and what succeeded it, the STP of a CCG in 2018, the
# roots, and a 2017 CCG followed to its 2026 ICB.
# usage: history.sh ICSVIEW DATADIR
set -u
icsview=$1 data=$2
n=0 failed=0
check() {
	n=$((n + 1))
	if [ "$2" = 0 ]; then echo "ok $n - $1"; else echo "not ok $n - $1"; failed=1; fi
}
echo "1..12"
"$icsview" find -m "$data" "Bassetlaw CCG" | grep -q '^ccg-E38000008	.*STPs and CCGs, 2017–2022'
check "finding Bassetlaw's CCG finds its record of 2017-2022" $?
"$icsview" find -m "$data" "Harrogate and Rural District" | grep -q '^ccg-E38000073	'
check "finding Harrogate's CCG finds its record" $?
show=$("$icsview" show -m "$data" ccg-E38000008)
echo "$show" | grep -q 'South Yorkshire and Bassetlaw (stp-E54000009)  since: 2017-04-01, until: 2022-06-30'
check "Bassetlaw's CCG of 2018 belongs to South Yorkshire and Bassetlaw" $?
echo "$show" | grep -q 'Bassetlaw (02Q)' && echo "$show" | grep -q '(QT1)'
check "NHS Bassetlaw CCG is succeeded by sub-ICB location 02Q and ICB QT1" $?
show=$("$icsview" show -m "$data" ccg-E38000073)
echo "$show" | grep -q '(stp-E54000005)  since: 2017-04-01, until: 2020-03-31'
check "NHS Harrogate and Rural District CCG was in the West Yorkshire STP in 2018" $?
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
