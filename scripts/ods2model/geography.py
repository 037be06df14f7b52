"""Reading the geography: NHS England regions, ICBs and sub-ICB locations
of April 2026, the local authorities and the LSOA counts that tie them
together, and the ODS change summary of the April 2026 ICB mergers.

Part of Model (model.py): these methods set the attributes the entity
builders (areas.py, trusts.py, primary_care.py, councils.py) read.
"""

import collections
import re

from .names import plain_ons_place
from .raw import read_rows

MERGER_DATE = "2026-04-01"


def parse_preds(cell):
    """'QH8;QM7(part: 07H);QJG(part: 06T)' -> [('QH8',''),('QM7','07H'),...]."""
    out = []
    depth = 0
    cur = ""
    for ch in cell:
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        if ch == ";" and depth == 0:
            out.append(cur)
            cur = ""
        else:
            cur += ch
    if cur:
        out.append(cur)
    res = []
    for p in out:
        p = p.strip()
        if not p:
            continue
        m = re.match(r"^([A-Z0-9]+)\s*(?:\((.*)\))?$", p)
        if not m:
            raise ValueError("bad predecessor %r" % p)
        part = (m.group(2) or "").strip()
        part = re.sub(r"^part:\s*", "", part)
        res.append((m.group(1), part))
    return res


class Geography:
    def load_geography(self):
        rows = read_rows("ons_sicbl26_2026/icb_region_lookup.csv")
        self.regions = {}        # Y63 -> (E40.., name)
        self.icbs = {}           # QF7 -> dict
        self.sicbls = {}         # 03N -> dict
        for r in rows:
            reg, icb, sic = r["NHSER26CDH"], r["ICB26CDH"], r["SICBL26CDH"]
            self.regions[reg] = (r["NHSER26CD"], r["NHSER26NM"])
            self.icbs.setdefault(icb, {"gss": r["ICB26CD"], "name": r["ICB26NM"],
                                       "region": reg, "sicbls": []})
            self.icbs[icb]["sicbls"].append(sic)
            self.sicbls[sic] = {"gss": r["SICBL26CD"], "ons_name": r["SICBL26NM"],
                                "icb": icb}
        assert len(self.regions) == 7, len(self.regions)
        assert len(self.icbs) == 36, len(self.icbs)
        assert len(self.sicbls) == 106, len(self.sicbls)

        # ICB predecessors (derived from the ODS change summary).
        self.preds = {}
        for r in read_rows("derived/icb_2026.csv"):
            code = r["ICB26CDH"]
            assert code in self.icbs, code
            assert r["ICB26CD"] == self.icbs[code]["gss"], code
            self.preds[code] = parse_preds(r["predecessors_2026_reorg"])
            self.icbs[code]["new"] = r["icb22_code_same"].startswith("no")
            self.icbs[code]["boundary_changed"] = "boundary changed" in r["icb22_code_same"]

        # LAD24 x SICBL26 LSOA counts.
        self.lad = {}            # LAD24CD -> name
        self.n_lad = collections.Counter()
        self.n_lad_sic = collections.Counter()
        self.n_lad_reg = collections.Counter()
        for r in read_rows("derived/LAD24_SICBL26_ICB26_NHSER26_from_LSOA21.csv"):
            L, s = r["LAD24CD"], r["SICBL26CDH"]
            assert s in self.sicbls, s
            assert self.sicbls[s]["icb"] == r["ICB26CDH"], (s, r["ICB26CDH"])
            n = int(r["n_lsoa21"])
            self.lad[L] = r["LAD24NM"]
            self.n_lad[L] += n
            self.n_lad_sic[L, s] += n
            self.n_lad_reg[L, r["NHSER26CDH"]] += n
        for L in self.lad:
            assert self.n_lad[L] == sum(n for (l, s), n in self.n_lad_sic.items() if l == L)
        # LAD24 x SICBL24 / ICB24 LSOA counts (before April 2026).
        self.n_lad_sic24 = collections.Counter()
        self.n_lad_icb24 = collections.Counter()
        self.sic24_icb24 = {}
        self.sic24_name = {}
        for r in read_rows("derived/LAD24_SICBL24_ICB24_from_LSOA21.csv"):
            n = int(r["n_lsoa21"])
            self.n_lad_sic24[r["LAD24CD"], r["SICBL24CDH"]] += n
            self.n_lad_icb24[r["LAD24CD"], r["ICB24CDH"]] += n
            self.sic24_icb24[r["SICBL24CDH"]] = r["ICB24CDH"]
            self.sic24_name[r["SICBL24CDH"]] = r["SICBL24NM"]
        # District -> county.
        self.utla = {}
        self.utla_name = {}
        for r in read_rows("geographr/lookup_ltla23_utla23.csv"):
            self.utla[r["ltla23_code"]] = r["utla23_code"]
            self.utla_name[r["utla23_code"]] = r["utla23_name"]
        for L in self.lad:
            assert L in self.utla, L
        # CCG names by GSS code.
        self.ccg_name = {}
        for r in read_rows("ons_craig_shenton_2022/subicb-la-lookup.csv"):
            code, nm = r["Location.ONSPD.CCG.Code"], r["Location.ONSPD.CCG"]
            if code:
                assert self.ccg_name.get(code, nm) == nm, code
                self.ccg_name[code] = nm
        # 2022 ICB GSS -> ODS.
        self.icb22_ods = {}
        for r in read_rows("ons_craig_shenton_2022/LOC22_ICB22_NHSER22_EN_LU.csv"):
            self.icb22_ods[r["ICB22CD"]] = r["ICB22CDH"]
        self.icb22_codes = set(self.icb22_ods.values())
        assert len(self.icb22_codes) == 42
        # ICBs in being until 31 March 2026.
        self.icb24 = {}
        for r in read_rows("ods_jhau_2025/icb_names_codes_dec_2024.csv"):
            self.icb24[r["ICB24CDH"]] = (r["ICB24CD"], r["ICB24NM"])
        assert len(self.icb24) == 42

    def covers(self, counts_by_lad):
        """Describe an area by the authorities it covers.

        counts_by_lad: {LAD: LSOAs of the area in that LAD}.  A county/unitary
        (UTLA) is named when >= 90% of it lies in the area; otherwise each
        district with >= 50% of its LSOAs in the area.  Returns (names, parts)
        where parts lists the districts/UTLAs with a smaller share.
        """
        by_utla = collections.defaultdict(dict)
        for L, n in counts_by_lad.items():
            if n:
                by_utla[self.utla[L]][L] = n
        n_utla = collections.Counter()
        for L, U in self.utla.items():
            if L in self.n_lad:
                n_utla[U] += self.n_lad[L]
        names, parts = [], []
        for U, lads in by_utla.items():
            if sum(lads.values()) / n_utla[U] >= 0.9:
                names.append(plain_ons_place(self.utla_name[U]))
                continue
            for L, n in lads.items():
                nm = plain_ons_place(self.lad[L])
                if n / self.n_lad[L] >= 0.5:
                    names.append(nm)
                else:
                    parts.append(nm)
        return sorted(set(names)), sorted(set(parts))

    # ------------------------------------------------------------ mergers
    def load_mergers(self):
        rows = read_rows("ods_icb_mergers_2026/sheet_Summary.csv", header=False)
        abolished = collections.OrderedDict()
        on = False
        for r in rows:
            line = " ".join(r)
            if "existing ICB codes will be legally closed" in line:
                on = True
                continue
            if on and ("further ICB" in line or line.strip().startswith("*")):
                on = False
            if on and len(r) >= 4 and re.match(r"^Y\d\d$", r[1].strip()) and re.match(r"^Q[A-Z0-9]{2}$", r[2].strip()):
                abolished[r[2].strip()] = (r[1].strip(), r[3].strip())
        self.abolished = abolished
        assert set(abolished) == set(self.icb24) - set(self.icbs), sorted(abolished)
        assert len(abolished) == 12

        # Sub-ICB location renames and the D4U1Y closure.
        self.sicbl_old_name = {}
        self.closed_sicbl = {}
        for r in read_rows("ods_icb_mergers_2026/sheet_SICBL_Changes.csv", header=False):
            r = [c.strip() for c in r] + [""] * 6
            if r[1] in self.sicbls and r[2] and r[4] and " - " in r[4]:
                # code, current (pre-April 2026) name, '', new name
                assert r[4].upper() == self.sicbls[r[1]]["ons_name"].upper(), r
                self.sicbl_old_name[r[1]] = r[2]
            if re.match(r"^Q[A-Z0-9]{2}$", r[1]) and r[3] and r[3] not in self.sicbls and re.match(r"^[A-Z0-9]{3,5}$", r[3]) and r[5]:
                self.closed_sicbl[r[3]] = (r[1], r[4])
        assert list(self.closed_sicbl) == ["D4U1Y"], self.closed_sicbl
        # The new Thames Valley sub-ICB location ([ANANA] in the summary).
        tv = [c for c, i in self.icbs.items() if i["name"] == "NHS Thames Valley Integrated Care Board"]
        assert len(tv) == 1
        new_tv = [s for s in self.icbs[tv[0]]["sicbls"] if s not in self.sicbl_old_name]
        assert len(new_tv) == 1, new_tv
        self.new_tv_sicbl = new_tv[0]

        def resolve_sicbl(code, name):
            code = code.strip()
            if code in self.sicbls:
                return code
            if "THAMES VALLEY" in name.upper() and "ANANA" in (code + name).upper():
                return self.new_tv_sicbl
            raise ValueError("cannot resolve sub-ICB location %r %r" % (code, name))

        # LSOA11s moving out of Frimley, by receiving sub-ICB location.
        self.frimley_moves = collections.Counter()
        for r in read_rows("ods_icb_mergers_2026/sheet_ICB_Footprints_LSOA_Changes.csv", header=False):
            if len(r) > 16 and r[1].startswith("E01"):
                assert r[4] == "D4U1Y"
                self.frimley_moves[resolve_sicbl(r[13], r[14])] += 1
        assert sum(self.frimley_moves.values()) == 440

        # PCN commissioner moves (Frimley).
        self.pcn_moves = {}
        section = None
        for r in read_rows("ods_icb_mergers_2026/sheet_GP_Practice_Moves.csv", header=False):
            r = [c.strip() for c in r] + [""] * 4
            if r[1].startswith("PCN commissioning arrangements"):
                section = "pcn"
                continue
            if section == "pcn" and re.match(r"^U\d{5}$", r[2]):
                m = re.search(r" - (\S+)$", r[1])
                self.pcn_moves[r[2]] = resolve_sicbl(m.group(1) if m else "", r[1])
        assert len(self.pcn_moves) == 16, len(self.pcn_moves)

        # 2022/24 ICB -> April 2026 ICB(s).
        self.succ = collections.defaultdict(list)
        for y, plist in self.preds.items():
            for x, part in plist:
                self.succ[x].append(y)
        for y in self.icbs:
            if not self.preds.get(y):
                self.succ[y].append(y)
        for x in self.icb24:
            assert self.succ.get(x), x
