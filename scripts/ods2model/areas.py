"""Building the NHS areas: England, its regions, the ICBs of April 2026 and
their sub-ICB locations (regions-icbs.yaml), and the ICBs abolished on
1 April 2026 (mergers.yaml); also the order the other files list them in.

Part of Model (model.py), on the attributes geography.py reads.
"""

import collections
import re

from .entity import ent, sort_key
from .geography import MERGER_DATE
from .names import join_names, title_case


class Areas:
    def regions_icbs(self):
        root = ent("england", "region", "England",
                   facts=collections.OrderedDict([
                       ("nhs_england_regions", len(self.regions)),
                       ("integrated_care_boards", len(self.icbs)),
                       ("sub_icb_locations", len(self.sicbls)),
                       ("as_at", MERGER_DATE)]),
                   text=("NHS England's seven regions, the 36 integrated care boards in "
                         "being from 1 April 2026 and their 106 sub-ICB locations. Trusts, "
                         "primary care networks, GP practices and local authorities hang "
                         "off these (see the other files)."))
        by_region = collections.defaultdict(list)
        for code, i in self.icbs.items():
            by_region[i["region"]].append(code)
        for reg in sorted(self.regions):
            gss, nm = self.regions[reg]
            r = ent(reg, "region", nm, type_="NHS England region",
                    aka=[gss, "NHS England \u2013 %s" % nm, "NHS England %s region" % nm],
                    facts=collections.OrderedDict([
                        ("ons_code", gss),
                        ("integrated_care_boards", len(by_region[reg]))]))
            for code in by_region[reg]:
                r["children"].append(self.icb_entity(code))
            r["children"].sort(key=sort_key)
            root["children"].append(r)
        return [root]

    def established(self, code):
        """ICBs in the ONS July 2022 lookup were established on 1 July 2022."""
        if self.icbs.get(code, {}).get("new"):
            assert code not in self.icb22_codes
            return collections.OrderedDict([("value", MERGER_DATE), ("source", "ods-icb-mergers-2026")])
        assert code in self.icb22_codes, code
        return collections.OrderedDict([
            ("value", "2022-07-01"), ("source", "ons-loc22-2022"),
            ("note", "in the ONS Sub ICB Locations to ICB (July 2022) lookup; ICBs were established on 1 July 2022")])

    def part_text(self, x, y):
        """Which part of 2024 ICB x went to 2026 ICB y: its sub-ICB locations,
        or for a closed sub-ICB location the LSOA11s transferred."""
        kept = sorted(s for s, i in self.sic24_icb24.items()
                      if i == x and s in self.sicbls and self.sicbls[s]["icb"] == y)
        parts = []
        if kept:
            parts.append("sub-ICB location%s %s" % ("s" if len(kept) > 1 else "", ", ".join(kept)))
        for closed, (icb, _) in sorted(self.closed_sicbl.items()):
            if icb != x:
                continue
            total = sum(self.frimley_moves.values())
            for s, n in sorted(self.frimley_moves.items()):
                if self.sicbls[s]["icb"] == y:
                    parts.append("%d of %d LSOA11s of %s (to %s)" % (n, total, closed, s))
        assert parts, (x, y)
        return "; ".join(parts)

    def lsoa_share(self, x, y):
        """Share of 2024 ICB x's LSOA21s that lie in 2026 ICB y (no district is
        split both before and after April 2026, so district counts are exact)."""
        n_xy = n_x = 0
        for L in self.lad:
            a = self.n_lad_icb24[L, x]
            if not a:
                continue
            n_x += a
            b = sum(n for (l, s), n in self.n_lad_sic.items() if l == L and self.sicbls[s]["icb"] == y)
            n_xy += a * b / self.n_lad[L]
        return round(n_xy / n_x, 3)

    def icb_entity(self, code):
        i = self.icbs[code]
        nm = i["name"]
        short = re.sub(r" Integrated Care Board$", " ICB", nm)
        bare = re.sub(r"^NHS ", "", short)
        core = re.sub(r" ICB$", "", bare)
        facts = collections.OrderedDict()
        facts["ons_code"] = i["gss"]
        facts["sub_icb_locations"] = len(i["sicbls"])
        facts["established"] = self.established(code)
        if i.get("boundary_changed"):
            facts["boundary_changed"] = MERGER_DATE
        links = []
        for x, part in self.preds.get(code, []):
            if x == code:
                continue
            ln = collections.OrderedDict([("rel", "successor_of"), ("to", x),
                                          ("date", MERGER_DATE)])
            ln["extent"] = "part" if part else "whole"
            if part:
                ln["part"] = self.part_text(x, code)
                ln["share_of_predecessor"] = self.lsoa_share(x, code)
            else:
                assert self.succ[x] == [code], (x, code)
            ln["source"] = "ods-icb-mergers-2026"
            links.append(ln)
        e = ent(code, "system", nm, type_="integrated care board",
                aka=[i["gss"], short, bare, core],
                facts=facts, links=links)
        for s in i["sicbls"]:
            e["children"].append(self.sicbl_entity(s))
        e["children"].sort(key=sort_key)
        return e

    def sicbl_entity(self, s):
        si = self.sicbls[s]
        counts = {L: n for (L, ss), n in self.n_lad_sic.items() if ss == s}
        names, parts = self.covers(counts)
        geo = join_names(names) if names else (max(parts) + " (part)" if parts else s)
        ccg = self.ccg_name.get(si["gss"])
        name = re.sub(r"^NHS | CCG$", "", ccg) if ccg else geo
        name = re.sub(r" CCG$", "", name)
        facts = collections.OrderedDict()
        facts["ons_code"] = si["gss"]
        cov = "; ".join(names)
        if parts:
            cov += ("; " if cov else "") + "parts of " + join_names(parts)
        facts["covers"] = cov
        facts["lsoa21"] = sum(counts.values())
        if ccg:
            facts["former_ccg"] = collections.OrderedDict(
                [("value", ccg), ("source", "ons-ccg-names-2022")])
        aka = [si["gss"], si["ons_name"], ccg]
        links = []
        if s in self.sicbl_old_name:
            old_name = self.sicbl_old_name[s]
            facts["renamed"] = collections.OrderedDict(
                [("value", MERGER_DATE), ("source", "ods-icb-mergers-2026"),
                 ("note", "formerly " + title_case(old_name))])
            aka.append(title_case(old_name))
        if s == self.new_tv_sicbl:
            facts["established"] = collections.OrderedDict(
                [("value", MERGER_DATE), ("source", "ods-icb-mergers-2026")])
        if s in self.frimley_moves:
            for closed in self.closed_sicbl:
                links.append(collections.OrderedDict([
                    ("rel", "successor_of"), ("to", closed), ("date", MERGER_DATE),
                    ("extent", "part"), ("lsoa11_transferred", self.frimley_moves[s]),
                    ("source", "ods-icb-mergers-2026")]))
        return ent(s, "place", name, type_="sub-ICB location", aka=aka,
                   facts=facts, links=links)

    def mergers(self):
        root = ent("england-icbs-2022-2026", "region",
                   "Integrated care boards, 2022\u2013March 2026",
                   facts=collections.OrderedDict([("abolished", len(self.abolished)),
                                                  ("date", MERGER_DATE)]),
                   text=("The integrated care boards abolished on 1 April 2026 (ICB mergers "
                         "phase 1). Their successors, in the England tree, carry successor_of "
                         "links to them; the 30 ICBs that continued keep a single entity "
                         "there. Legally closed 31 March 2026, operationally active for up "
                         "to six months afterwards."),
                   source=["ods-icb-mergers-2026", "ons-icb-names-2024"])
        sic24 = collections.defaultdict(list)
        for s, x in self.sic24_icb24.items():
            sic24[x].append(s)
        for x, (reg, _) in self.abolished.items():
            gss, nm = self.icb24[x]
            short = re.sub(r" Integrated Care Board$", " ICB", nm)
            bare = re.sub(r"^NHS ", "", short)
            succs = sorted(self.succ[x])
            facts = collections.OrderedDict([
                ("ons_code", gss),
                ("nhs_england_region", reg),
                ("established", self.established(x)),
                ("legally_closed", "2026-03-31"),
                ("sub_icb_locations_until_2026", ", ".join(sorted(sic24[x]))),
                ("successors", ", ".join(succs)),
            ])
            e = ent(x, "system", nm, type_="integrated care board (abolished 2026-04-01)",
                    aka=[gss, short, bare], facts=facts)
            for s, (icb, sname) in sorted(self.closed_sicbl.items()):
                if icb != x:
                    continue
                counts = {L: n for (L, ss), n in self.n_lad_sic24.items() if ss == s}
                names, parts = self.covers(counts)
                cov = "; ".join(names)
                if parts:
                    cov += "; parts of " + join_names(parts)
                dest = ", ".join("%s (%d)" % (k, v) for k, v in sorted(self.frimley_moves.items()))
                e["children"].append(ent(
                    s, "place", title_case(re.sub(r"^NHS | ICB - .*$", "", sname)),
                    type_="sub-ICB location (closed 2026-03-31)",
                    aka=[title_case(sname)],
                    facts=collections.OrderedDict([
                        ("covers", cov),
                        ("lsoa21", sum(counts.values())),
                        ("legally_closed", "2026-03-31"),
                        ("lsoa11_transferred_to", dest)]),
                    source=["ods-icb-mergers-2026", "ons-lad-lsoa-2024"]))
            root["children"].append(e)
        root["children"].sort(key=sort_key)
        return [root]

    def icb_order(self):
        order = {}
        for reg in sorted(self.regions):
            codes = sorted((c for c, i in self.icbs.items() if i["region"] == reg),
                           key=lambda c: (self.icbs[c]["name"].lower(), c))
            for c in codes:
                order[c] = len(order)
        return order

    def sicbl_order(self):
        io_ = self.icb_order()
        return {s: n for n, s in enumerate(sorted(
            self.sicbls, key=lambda s: (io_[self.sicbls[s]["icb"]], s)))}
