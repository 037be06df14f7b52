"""Building primary care (primary-care.yaml): primary care networks under
the sub-ICB location that commissions them, and GP practices under their
network, or under their sub-ICB location when they have none.

Part of Model (model.py), on the attributes geography.py reads.
"""

import collections

from .entity import ent, sort_key
from .names import title_case
from .raw import read_rows, ymd


class PrimaryCare:
    def primary_care(self):
        pcn_rows = read_rows("ods_epcn_2026/ePCN_PCNDetails.csv")
        pcns = {r["PCN Code"]: r for r in pcn_rows}
        prows = read_rows("derived/gp_practices_england_2026.csv")
        members = collections.defaultdict(list)
        loose = collections.defaultdict(list)
        self.pc_stats = collections.Counter()
        for r in prows:
            s = r["SICBL26CDH"]
            assert s in self.sicbls, r["PRACTICE_CODE"]
            assert self.sicbls[s]["icb"] == r["ICB26CDH"]
            if r["PCN_CODE_2024"]:
                assert r["PCN_CODE_2024"] in pcns, r["PCN_CODE_2024"]
                members[r["PCN_CODE_2024"]].append(r)
            else:
                loose[s].append(r)

        def practice(r, pcn_sicbl):
            facts = collections.OrderedDict()
            facts["postcode"] = r["POSTCODE"]
            facts["opened"] = ymd(r["OPEN_DATE"])
            src = None
            if r["method"] == "ods_frimley_gp_move_table":
                facts["commissioner"] = collections.OrderedDict([
                    ("value", r["SICBL26CDH"]), ("source", "ods-icb-mergers-2026"),
                    ("note", "moved from D4U1Y (NHS Frimley ICB) on 2026-04-01")])
                src = ["ods-epraccur-2026-02", "ods-icb-mergers-2026"]
                self.pc_stats["practices_moved_from_frimley"] += 1
            elif pcn_sicbl and r["SICBL26CDH"] != pcn_sicbl:
                facts["commissioner"] = r["SICBL26CDH"]
            links = []
            if pcn_sicbl and r["SICBL26CDH"] != pcn_sicbl:
                # in a PCN of another sub-ICB location: record who commissions it
                self.pc_stats["practices_in_pcn_of_other_sicbl"] += 1
                links.append(collections.OrderedDict([("rel", "commissioned_by"),
                                                      ("to", r["SICBL26CDH"])]))
            return ent(r["PRACTICE_CODE"], "organisation", title_case(r["PRACTICE_NAME"]),
                       type_="GP practice", facts=facts, source=src, links=links)

        by_sicbl = collections.defaultdict(list)
        for code, rs in members.items():
            p = pcns[code]
            assert not p["Close Date"], code
            s = p["Current Sub ICB Loc Code"]
            moved = False
            if s not in self.sicbls:
                s = self.pcn_moves[code]
                moved = True
            maj = collections.Counter(r["SICBL26CDH"] for r in rs).most_common()
            if moved:
                assert maj[0][0] == s, (code, s, maj)
            facts = collections.OrderedDict()
            facts["practices"] = len(rs)
            facts["postcode"] = p["Postcode"]
            facts["opened"] = ymd(p["Open Date"])
            src = "ods-epcn-2024"
            if moved:
                facts["commissioner"] = collections.OrderedDict([
                    ("value", s), ("source", "ods-icb-mergers-2026"),
                    ("note", "commissioner moved from D4U1Y (NHS Frimley ICB) on 2026-04-01 (indicative in the ODS change summary)")])
                src = ["ods-epcn-2024", "ods-icb-mergers-2026"]
                self.pc_stats["pcns_moved_from_frimley"] += 1
            e = ent(code, "organisation", title_case(p["PCN Name"]),
                    type_="primary care network", facts=facts, source=src, parent=s)
            e["children"] = sorted((practice(r, s) for r in rs), key=sort_key)
            by_sicbl[s].append(e)
            self.pc_stats["pcns"] += 1
            self.pc_stats["practices_in_pcns"] += len(rs)
        for s, rs in loose.items():
            for r in rs:
                e = practice(r, None)
                e["parent"] = s
                by_sicbl[s].append(e)
                self.pc_stats["practices_without_pcn"] += 1
        self.pcns_open_without_practice = sorted(
            c for c, p in pcns.items() if not p["Close Date"] and c not in members)
        order = self.sicbl_order()
        out = []
        for s in sorted(by_sicbl, key=lambda s: order[s]):
            es = by_sicbl[s]
            # PCNs first (by name), then practices without a PCN (by name)
            es.sort(key=lambda e: (e["type"] != "primary care network",) + sort_key(e))
            out.extend(es)
        return out
