#!/bin/sh
# England before April 2026, imported from the files in data/raw that
# describe it (the ODS eccg and etr of 2025, the February 2026 epraccur,
# the December 2024 ICB names, the 2024 sub-ICB locations and the rest
# the model needs), then compared with the bundled model: icsview diff
# shows the April 2026 ICB mergers as they happened.
# Usage: before-mergers.sh ICSVIEW DATA_DIR
set -eu
icsview=$1
data=$2
raw=$data/raw
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$icsview" import "$raw/ods_jhau_2025" "$raw/ods_epraccur_2026-02" \
	"$raw/ons_craig_shenton_2022" "$raw/geographr" \
	"$raw/derived/LAD24_SICBL24_ICB24_from_LSOA21.csv" "$raw/ods_epcn_2026" \
	"$raw/ons_historic_jtrim" "$raw/nhsd_gp_reg_map_2022" \
	-o "$work/march"
[ ! -e "$work/march/mergers.yaml" ] || { echo "a mergers file without the change summary"; exit 1; }
grep -q 'integrated_care_boards: 42' "$work/march/regions-icbs.yaml" ||
	{ echo "not the 42 ICBs of before April 2026"; exit 1; }
status=0
"$icsview" diff --json "$work/march" "$data/england-2026" >"$work/diff.json" || status=$?
[ "$status" = 1 ] || { echo "icsview diff exited $status, not 1 (the models differ)"; exit 1; }
python3 - "$work/diff.json" <<'EOF'
import json
import sys

changes = json.load(open(sys.argv[1], encoding="utf-8"))["changes"]
failed = []


def expect(what, ok):
    if not ok:
        failed.append(what)


# 12 ICBs replaced by 6, the three split ones by two each
icbs = [(c["old"]["id"], c["new"]["id"]) for c in changes["replaced"]
        if c["old"]["type"] == "integrated care board"]
expect("12 ICBs replaced", len({old for old, _ in icbs}) == 12)
expect("by 6 new ones", len({new for _, new in icbs}) == 6)
expect("North Central and North West London into West and North London",
       ("QMJ", "Z9B2Z") in icbs and ("QRV", "Z9B2Z") in icbs)
expect("Frimley split between Surrey and Sussex and Thames Valley",
       ("QNQ", "S9B9J") in icbs and ("QNQ", "S0E4D") in icbs)

# the Frimley sub-ICB location closed, its area to new and other ones
places = [(c["old"]["id"], c["new"]["id"]) for c in changes["replaced"]
          if c["old"]["type"] == "sub-ICB location"]
expect("Frimley (D4U1Y) replaced by U2G6B", ("D4U1Y", "U2G6B") in places)

# the sub-ICB locations ODS renamed
renamed = [c["id"] for c in changes["facts"] if c["type"] == "sub-ICB location"
           and any(f["key"] == "renamed" and f["after"] == ["2026-04-01"]
                   for f in c["facts"])]
expect("23 sub-ICB locations renamed", len(renamed) == 23)
expect("North Central London (93C) renamed", "93C" in renamed)

# Frimley's PCNs and practices moved
pcns = [c for c in changes["moved"] if c["type"] == "primary care network"
        and c["before"][-1] == "Frimley"]
expect("16 PCNs moved out of Frimley", len(pcns) == 16)
expect("Aldershot PCN to Hampshire and Isle of Wight",
       any(c["id"] == "U03055" and
           "NHS Hampshire and Isle of Wight Integrated Care Board" in c["after"]
           for c in pcns))
practices = [c["id"] for c in changes["facts"] if c["type"] == "GP practice"
             and any(f["key"] == "commissioner" for f in c["facts"])]
expect("67 GP practices with a new commissioner", len(practices) == 67)
expect("Holly Tree Surgery moved to Surrey",
       any(c["id"] == "H81110" and c["after"][-1] == "Surrey"
           for c in changes["moved"]))

for what in failed:
    print("expected: " + what)
sys.exit(1 if failed else 0)
EOF
