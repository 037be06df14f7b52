"""Building the NHS trusts (trusts.yaml): each under the ICB of its
headquarters, with `serves` links from the OHID catchment shares.

Part of Model (model.py), on the attributes geography.py reads.
"""

import collections

from .entity import ent, sort_key
from .names import title_case
from .raw import read_rows, ymd

# A trust `serves` another (non-headquarters) ICB when at least this share of
# its patients come from that ICB (OHID catchment proportions).
SERVES_THRESHOLD = 0.05

# Care trusts (ODS 'ect') that the etr file does not list: code, name, HQ ICB.
CARE_TRUSTS = [
    ("TAD", "Bradford District Care NHS Foundation Trust", "QWO"),
    ("TAH", "Sheffield Health and Social Care NHS Foundation Trust", "QF7"),
    ("TAJ", "Black Country Healthcare NHS Foundation Trust", "QUA"),
]


class Trusts:
    def trust_catchments(self):
        """Share of each trust's patients by April 2026 ICB.

        OHID gives, per 2022 trust code, the proportion of its patients from each
        2022 ICB.  Each 2022 ICB maps to its 2026 successor; the three ICBs split
        in 2026 (QM7, QJG, QNQ) are apportioned over their successors with the
        trust's own local-authority catchment: w(Y) = sum over districts L of
        p(trust, L) * share of L in the old ICB * share of L in Y (exact, since no
        district is split both before and after 2026); if the trust has no
        patients in those districts, by LSOA counts instead.
        """
        icb22 = collections.defaultdict(dict)
        for r in read_rows("geographr/lookup_nhs_trusts22_icb22.csv"):
            x = self.icb22_ods[r["icb22_code"]]
            icb22[r["nhs_trust22_code"]][x] = icb22[r["nhs_trust22_code"]].get(x, 0.0) + float(r["proportion_trust_came_from_icb"])
        ltla = collections.defaultdict(dict)
        for r in read_rows("geographr/lookup_nhs_trusts22_ltla21.csv"):
            ltla[r["nhs_trust22_code"]][r["ltla21_code"]] = float(r["proportion_trust_came_from_ltla"])
        n_lad_icb26 = collections.Counter()
        for (L, s), n in self.n_lad_sic.items():
            n_lad_icb26[L, self.sicbls[s]["icb"]] += n
        out = {}
        for t in sorted(icb22):
            shares = collections.Counter()
            for x, p in sorted(icb22[t].items()):
                ys = self.succ[x]
                if len(ys) == 1:
                    shares[ys[0]] += p
                    continue
                w = collections.Counter()
                for y in ys:
                    for L in self.lad:
                        a = self.n_lad_icb24[L, x] * n_lad_icb26[L, y] / (self.n_lad[L] ** 2)
                        if a:
                            w[y] += ltla[t].get(L, 0.0) * a
                if sum(w.values()) == 0:
                    for y in ys:
                        for L in self.lad:
                            w[y] += self.n_lad_icb24[L, x] * n_lad_icb26[L, y] / self.n_lad[L]
                tot = sum(w.values())
                for y in ys:
                    shares[y] += p * w[y] / tot
            out[t] = shares
        return out

    def trusts(self):
        rows = read_rows("derived/nhs_trusts_england_2026.csv")
        catch = self.trust_catchments()
        # Names in the previous (2025) etr extract: a changed name becomes an aka.
        old_names = {}
        for r in read_rows("ods_jhau_2025/etr.csv", header=False):
            old_names[r[0]] = r[1]
        self.trust_stats = collections.Counter()
        ents = []
        seen = set()
        for r in rows:
            code = r["ORG_CODE"]
            assert code not in seen
            seen.add(code)
            icb = r["ICB_CDH"]
            assert icb in self.icbs, (code, icb)
            name = title_case(r["NAME"])
            type_ = "NHS foundation trust" if "FOUNDATION TRUST" in r["NAME"].upper() else "NHS trust"
            facts = collections.OrderedDict()
            facts["postcode"] = r["POSTCODE"]
            facts["opened"] = ymd(r["OPEN_DATE"])
            if r["CLOSE_DATE"]:
                facts["closed"] = ymd(r["CLOSE_DATE"])
            aka = []
            if code in old_names and old_names[code] != r["NAME"]:
                aka.append(title_case(old_names[code]))
                facts["former_name"] = collections.OrderedDict([
                    ("value", title_case(old_names[code])), ("source", "ods-etr-2025")])
                self.trust_stats["renamed_since_2025"] += 1
            links = []
            if code in catch:
                sh = catch[code]
                facts["catchment_share_own_icb"] = collections.OrderedDict([
                    ("value", round(sh.get(icb, 0.0), 3)),
                    ("source", "ohid-trust-catchment-2022"),
                    ("note", "share of the trust's patients living in its headquarters ICB")])
                for y in sorted(sh, key=lambda y: (-round(sh[y], 6), y)):
                    if y != icb and sh[y] >= SERVES_THRESHOLD:
                        links.append(collections.OrderedDict([
                            ("rel", "serves"), ("to", y), ("share", round(sh[y], 3)),
                            ("source", "ohid-trust-catchment-2022")]))
                self.trust_stats["with_catchment"] += 1
            else:
                self.trust_stats["without_catchment"] += 1
            self.trust_stats["serves_links"] += len(links)
            ents.append((icb, ent(code, "organisation", name, type_=type_, aka=aka,
                                  facts=facts, parent=icb, links=links)))
        self.trust_codes = set(seen)
        self.trust_catch_unused = sorted(set(catch) - seen)
        for code, name, icb in CARE_TRUSTS:
            assert code not in seen
            ents.append((icb, ent(code, "organisation", name, type_="NHS foundation trust",
                                  facts=collections.OrderedDict([("ods_role", "care trust")]),
                                  source="icsview-care-trusts", parent=icb)))
        order = self.icb_order()
        ents.sort(key=lambda p: (order[p[0]], sort_key(p[1])))
        return [e for _, e in ents]
