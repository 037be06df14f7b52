"""Building the local authorities (local-authorities.yaml): districts,
unitaries, boroughs and counties under their NHS England region, with
`serves` links to the ICBs and sub-ICB locations they overlap.

Part of Model (model.py), on the attributes geography.py reads.
"""

import collections

from .entity import ent, sort_key


class Councils:
    def local_authorities(self):
        TIERS = {"E06": "unitary authority", "E07": "district council",
                 "E08": "metropolitan borough", "E09": "London borough",
                 "E10": "county council"}
        SUI_GENERIS = {"E09000001": "sui generis (City of London Corporation)",
                       "E06000053": "sui generis (Council of the Isles of Scilly)"}
        # counties
        county_lads = collections.defaultdict(list)
        for L in self.lad:
            U = self.utla[L]
            if U != L:
                assert U.startswith("E10") and L.startswith("E07"), (L, U)
                county_lads[U].append(L)
        for L in self.lad:
            if L.startswith("E07"):
                assert self.utla[L] in county_lads, L
        self.la_stats = collections.Counter()

        def build(code, name, lads):
            n_sic = collections.Counter()
            n_reg = collections.Counter()
            for L in lads:
                for (l, s), n in self.n_lad_sic.items():
                    if l == L:
                        n_sic[s] += n
                for (l, g), n in self.n_lad_reg.items():
                    if l == L:
                        n_reg[g] += n
            total = sum(n_sic.values())
            n_icb = collections.Counter()
            for s, n in n_sic.items():
                n_icb[self.sicbls[s]["icb"]] += n
            region = sorted(n_reg.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
            facts = collections.OrderedDict()
            facts["tier"] = SUI_GENERIS.get(code, TIERS[code[:3]])
            facts["lsoa21"] = total
            if len(n_reg) > 1:
                facts["nhs_england_regions"] = ", ".join(
                    "%s (%d LSOAs)" % (g, n) for g, n in sorted(n_reg.items(), key=lambda kv: (-kv[1], kv[0])))
            if lads != [code]:
                facts["districts"] = len(lads)
            links = []
            io_ = self.icb_order()
            so = self.sicbl_order()
            for y in sorted(n_icb, key=lambda y: io_[y]):
                ln = collections.OrderedDict([("rel", "serves"), ("to", y)])
                if n_icb[y] < total:
                    ln["share"] = round(n_icb[y] / total, 3)
                links.append(ln)
                for s in sorted((s for s in n_sic if self.sicbls[s]["icb"] == y), key=lambda s: so[s]):
                    ln = collections.OrderedDict([("rel", "serves"), ("to", s)])
                    if n_sic[s] < total:
                        ln["share"] = round(n_sic[s] / total, 3)
                    links.append(ln)
            if code.startswith("E07"):
                links.append(collections.OrderedDict([("rel", "part_of"), ("to", self.utla[code]),
                                                      ("source", "ons-ltla-utla-2023")]))
            self.la_stats["serves_links"] += sum(1 for l in links if l["rel"] == "serves")
            self.la_stats["part_of_links"] += sum(1 for l in links if l["rel"] == "part_of")
            return region, ent(code, "organisation", name, type_="local authority",
                               facts=facts, parent=region, links=links)

        ents = []
        for L in self.lad:
            ents.append(build(L, self.lad[L], [L]))
            self.la_stats[TIERS[L[:3]]] += 1
        for U, lads in county_lads.items():
            ents.append(build(U, self.utla_name[U], sorted(lads)))
            self.la_stats["county council"] += 1
        ents.sort(key=lambda p: (p[0], sort_key(p[1])))
        return [e for _, e in ents]
