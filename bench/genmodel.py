#!/usr/bin/env python3
"""Deterministic generator of synthetic icsview models, for the benchmark.

    bench/genmodel.py --entities N [--seed S] OUT_DIR

writes a model of exactly N entities (N >= 1000) as several YAML files in
OUT_DIR (created; existing *.yaml files there are replaced), shaped like the
national picture: regions -> systems (with their boards and committees, and
people on them) -> places (each with a partnership and a board) ->
organisations (trusts with their services, councils, primary care networks,
GP practices, pharmacies, dentists, care homes).  Names, ODS-like codes in
aka, facts and prose are realistic in shape; about 4 links per entity
(member_of, reports_to without cycles, serves making secondary children,
commissions, partner_in, works_for, chairs, provides).  A few places hold
10,000 children each at national scale (N >= 100,000); at smaller N the
largest place holds N/10.  Each file names one default source.

The same N and seed always give the same bytes (Python 3 standard library
only; no set or dict-order dependence beyond insertion order).

    bench/genmodel.py --entities N [--seed S] --vary F [--vary-seed V] OUT_DIR

writes the same model with about a fraction F of its entities renamed, F of
them with one fact's value changed and F of them with one link fewer (which
entities, by a hash of their id and V): a later release of the same model,
for timing `icsview diff`.
"""
import argparse
import json
import os
import random
import sys
import zlib

TOWNS = """Sheffield Rotherham Barnsley Doncaster Bassetlaw Leeds Bradford Wakefield
Kirklees Calderdale York Hull Grimsby Scunthorpe Lincoln Boston Grantham
Nottingham Mansfield Derby Chesterfield Leicester Loughborough Northampton
Kettering Coventry Rugby Warwick Solihull Birmingham Dudley Walsall Wolverhampton
Stafford Stoke Crewe Chester Liverpool Wirral Sefton Knowsley Warrington Wigan
Bolton Bury Oldham Rochdale Salford Stockport Tameside Trafford Manchester
Preston Blackburn Burnley Blackpool Lancaster Carlisle Kendal Newcastle Gateshead
Sunderland Durham Darlington Middlesbrough Hartlepool Stockton Redcar Whitby
Scarborough Harrogate Norwich Ipswich Colchester Chelmsford Southend Basildon
Cambridge Peterborough Luton Bedford Watford Stevenage Harlow Oxford Reading
Swindon Bath Bristol Gloucester Cheltenham Worcester Hereford Shrewsbury Telford
Exeter Plymouth Torbay Truro Taunton Yeovil Dorchester Bournemouth Poole
Salisbury Winchester Southampton Portsmouth Chichester Brighton Eastbourne
Hastings Maidstone Canterbury Dover Margate Guildford Woking Crawley Slough
Croydon Bromley Lewisham Greenwich Southwark Lambeth Hackney Camden Islington
Barnet Enfield Haringey Ealing Hounslow Harrow Brent Newham Redbridge Havering""".split()

QUALIFIERS = ["North", "South", "East", "West", "Central", "Upper", "Lower", "Great", "Little", "Old"]
STREETS = """High Street|Church Lane|Station Road|Park Road|Victoria Road|Green Lane|Manor Road|
Mill Lane|Queen Street|King Street|London Road|Market Place|Bridge Street|Castle Street|
Orchard Way|Chapel Street|The Crescent|Springfield Road|Albert Road|Westgate""".replace("\n", "").split("|")
SURNAMES = """Patel Smith Jones Williams Brown Taylor Davies Evans Wilson Thomas Johnson Roberts
Robinson Thompson Wright Walker White Edwards Hughes Green Hall Lewis Harris Clarke Jackson
Wood Turner Martin Cooper Hill Ward Morris Moore Clark Lee King Baker Harrison Morgan Allen
James Scott Phillips Watson Davis Parker Price Bennett Young Griffiths Mitchell Kelly Cook
Carter Richardson Bailey Collins Bell Shaw Murphy Miller Cox Richards Khan Marshall Anderson
Simpson Ellis Adams Singh Begum Wilkinson Foster Chapman Powell Webb Rogers Gray Mason Ali
Hunt Hussain Campbell Matthews Owen Palmer Holmes Mills Barnes Knight Lloyd Butler Russell
Barker Fisher Stevens Jenkins Murray Dixon Harvey Okafor Nowak O’Brien Ní Bhriain""".split()
FIRST = """Sarah James Mohammed Helen David Priya Andrew Claire Richard Aisha Peter Emma Simon
Fiona Paul Rachel Mark Joanne Stephen Nadia Chris Louise Ian Amina Gareth Zoë Siobhán Raj
Kate Tom Ruth Neil Jane Adrian Lucy Hamid Gillian Martin Anne-Marie José""".split()
SURGERY = ["Surgery", "Medical Centre", "Health Centre", "Medical Practice", "Family Practice",
           "Group Practice"]
SURGERY_PRE = ["The", "Riverside", "Oakwood", "Parkside", "Valley", "Hillside", "Meadow", "Abbey",
               "Beech House", "Elm Tree", "Woodlands", "Crown", "Castle", "Minster", "St Mary’s",
               "St John’s", "Northgate", "Southfield", "Ashgrove", "Willow"]
PHARMACY_CHAINS = ["Boots", "Well Pharmacy", "Lloyds Pharmacy", "Rowlands Pharmacy", "Day Lewis",
                   "Jhoots", "Cohens Chemist", "Asda Pharmacy", "Superdrug Pharmacy"]
RATINGS = ["outstanding", "good", "good", "good", "requires improvement", "inadequate"]
MEETS = ["monthly", "bi-monthly", "quarterly", "every six weeks", "weekly"]
TOPICS = ["urgent and emergency care", "elective recovery", "mental health", "learning disability",
          "children and young people", "cancer", "maternity", "primary care access",
          "population health", "health inequalities", "workforce", "digital", "estates",
          "prevention", "end of life care", "discharge", "frailty", "diabetes"]
SYSTEM_BOARDS = [
    ("board", "integrated care board", "{n} Integrated Care Board", "ICB"),
    ("board", "integrated care partnership", "{n} Integrated Care Partnership", "ICP"),
    ("board", "committee", "{n} Quality and Performance Committee", "QPC"),
    ("board", "committee", "{n} Finance and Investment Committee", "FIC"),
    ("board", "committee", "{n} Primary Care Commissioning Committee", "PCCC"),
    ("board", "committee", "{n} Audit and Risk Committee", "ARC"),
]
REGIONS = ["North East and Yorkshire", "North West", "Midlands", "East of England", "London",
           "South East", "South West"]
REGION_CODES = ["Y63", "Y62", "Y60", "Y61", "Y56", "Y59", "Y58"]
ALNUM = "0123456789ABCDEFGHJKLMNPQRSTUVWXY"

SOURCES = [
    ("src-ods", "NHS Organisation Data Service: organisation reference data", "NHS England", "2025-10"),
    ("src-ons", "ONS Open Geography: Sub ICB Locations and ICBs lookup", "Office for National Statistics", "2024-04"),
    ("src-kf", "A year of integrated care systems: reviewing the journey so far", "The King’s Fund", "2018-09"),
    ("src-cqc", "CQC care directory with ratings", "Care Quality Commission", "2025-11"),
    ("src-gpreg", "Patients registered at a GP practice", "NHS England", "2025-10"),
    ("src-pcn", "Primary care networks: core partner details", "NHS England", "2025-04"),
    ("src-trust", "NHS trust annual reports and accounts", "NHS Providers", "2025-07"),
    ("src-council", "Local authority health and wellbeing strategies", "Local Government Association", "2024-03"),
    ("src-pharm", "Consolidated pharmaceutical list", "NHS Business Services Authority", "2025-09"),
    ("src-dental", "Dental contracts and activity", "NHS Business Services Authority", "2025-06"),
    ("src-homes", "Care home locations and beds", "Care Quality Commission", "2025-08"),
    ("src-gov", "ICB constitutions and governance handbooks", "Integrated care boards", "2025-05"),
]


def q(s):
    """A double-quoted YAML scalar (JSON string syntax is valid YAML)."""
    return json.dumps(s, ensure_ascii=False)


class Gen:
    def __init__(self, n, seed):
        self.n = n
        self.r = random.Random(seed)
        self.count = 0
        self.used_names = {}

    def pick(self, seq):
        return seq[self.r.randrange(len(seq))]

    def code(self, prefix, i, width):
        s = ""
        for _ in range(width):
            s = ALNUM[i % len(ALNUM)] + s
            i //= len(ALNUM)
        return prefix + s

    def prose(self, subject, k=2):
        r = self.r
        parts = [f"{subject} works with partners across the area on "
                 f"{self.pick(TOPICS)} and {self.pick(TOPICS)}."]
        for _ in range(k - 1):
            parts.append(self.pick([
                f"It reported to its board in {r.randrange(2018, 2026)} on progress against the "
                f"{self.pick(TOPICS)} plan, with {r.randrange(2, 40)} actions still open.",
                f"The {r.randrange(2019, 2026)} review found “{self.pick(RATINGS)}” arrangements "
                f"for {self.pick(TOPICS)}; the next review is due in {r.randrange(2026, 2029)}.",
                f"Around {r.randrange(1, 90)}% of its activity relates to {self.pick(TOPICS)} – "
                f"see the annual report for detail.",
                f"Governance changed on {r.randrange(1, 29):02d}/{r.randrange(1, 13):02d}/"
                f"{r.randrange(2019, 2026)} when delegated functions moved to the system.",
            ]))
        return " ".join(parts)


class Variation:
    """Changes a fraction of the entities as they are written: a name, a
    fact's value, a link dropped (every reference stays valid), each chosen
    by a hash of the entity's id, so that the same fraction and seed
    change the same entities whatever the order."""

    def __init__(self, fraction, seed):
        self.per_million = int(fraction * 1000000)
        self.seed = seed

    def chosen(self, eid, what):
        h = zlib.crc32(f"{self.seed}:{what}:{eid}".encode())
        return h % 1000000 < self.per_million

    def apply(self, e):
        if not self.per_million:
            return e
        e = dict(e)
        if self.chosen(e["id"], "name"):
            e["name"] = e["name"] + " (renamed)"
        if e.get("facts") and self.chosen(e["id"], "fact"):
            facts = list(e["facts"])
            k, v = facts[0]
            facts[0] = (k, q("changed " + str(v.get("value") if isinstance(v, dict) else v)))
            e["facts"] = facts
        if e.get("links") and self.chosen(e["id"], "link"):
            e["links"] = e["links"][:-1]
        return e


VARIATION = Variation(0, 0)


class Writer:
    """Writes entities as YAML, nesting children."""

    def __init__(self, path, title, source, extra=""):
        self.f = open(path, "w", encoding="utf-8", newline="\n")
        self.f.write(f"# Generated by bench/genmodel.py: synthetic data, not real.\n"
                     f"icsview: 1\ntitle: {q(title)}\nsource: {source}\n{extra}entities:\n")

    def entity(self, e, indent=2):
        e = VARIATION.apply(e)
        p = " " * indent
        w = self.f.write
        w(f"{p}- id: {e['id']}\n")
        p += "  "
        w(f"{p}kind: {e['kind']}\n")
        if e.get("type"):
            w(f"{p}type: {q(e['type'])}\n")
        w(f"{p}name: {q(e['name'])}\n")
        if e.get("aka"):
            w(f"{p}aka: [{', '.join(q(a) for a in e['aka'])}]\n")
        if e.get("parent"):
            w(f"{p}parent: {e['parent']}\n")
        if e.get("source"):
            w(f"{p}source: {e['source']}\n")
        if e.get("facts"):
            w(f"{p}facts:\n")
            for k, v in e["facts"]:
                if isinstance(v, dict):
                    w(f"{p}  {k}: {{value: {v['value']}, source: {v['source']}, note: {q(v['note'])}}}\n")
                else:
                    w(f"{p}  {k}: {v}\n")
        if e.get("text"):
            if e.get("block"):
                w(f"{p}text: >\n")
                words = e["text"].split(" ")
                line = ""
                for word in words:
                    if line and len(line) + len(word) > 72:
                        w(f"{p}  {line}\n")
                        line = word
                    else:
                        line = f"{line} {word}" if line else word
                if line:
                    w(f"{p}  {line}\n")
            else:
                w(f"{p}text: {q(e['text'])}\n")
        if e.get("links"):
            w(f"{p}links:\n")
            for ln in e["links"]:
                extra = "".join(f", {k}: {q(v)}" for k, v in ln[2:])
                w(f"{p}  - {{rel: {ln[0]}, to: {ln[1]}{extra}}}\n")
        if e.get("children"):
            w(f"{p}children:\n")
            for c in e["children"]:
                self.entity(c, indent + 4)

    def close(self):
        self.f.close()


def generate(n, seed, out):
    g = Gen(n, seed)
    r = g.r
    os.makedirs(out, exist_ok=True)
    for name in sorted(os.listdir(out)):
        if name.endswith(".yaml"):
            os.remove(os.path.join(out, name))

    def new(kind, eid, name, **kw):
        g.count += 1
        e = {"kind": kind, "id": eid, "name": name}
        e.update(kw)
        return e

    # ---- the shape, scaled to n ------------------------------------------------
    n_sys = max(5, min(42, n // 500))
    n_place = max(2 * n_sys, min(1000, n // 250))
    n_trust = max(n_sys, min(220, n // 1000))
    n_council = max(n_sys, n_place // 2)
    n_big = 3 if n >= 100000 else 1
    big_size = 10000 if n >= 100000 else n // 10
    boards_per_sys = len(SYSTEM_BOARDS)
    people_per_board = 4
    n_boards = n_sys * boards_per_sys + n_place
    fixed = (len(SOURCES) + len(REGIONS) + n_sys + n_place * 2 + n_boards
             + n_boards * people_per_board + n_trust * 4 + n_council)
    rest = n - fixed
    if rest < n_big * big_size + 100:
        sys.exit(f"genmodel: --entities {n} is too small (at least {fixed + n_big * big_size + 100})")
    n_practice = int(rest * 0.30)
    n_pcn = max(n_place, n_practice // 8)
    n_community = rest - n_practice - n_pcn

    # ---- regions, systems, places, boards, people ------------------------------------
    towns = list(TOWNS)
    place_names = []
    for i in range(n_place):
        t = towns[i % len(towns)]
        k = i // len(towns)
        place_names.append(t if k == 0 else f"{QUALIFIERS[(k - 1) % len(QUALIFIERS)]} {t}"
                           + (f" {k // len(QUALIFIERS) + 1}" if k > len(QUALIFIERS) else ""))
    sys_of_place = [i * n_sys // n_place for i in range(n_place)]
    region_of_sys = [i * len(REGIONS) // n_sys for i in range(n_sys)]
    places_of_sys = [[] for _ in range(n_sys)]
    for p, s in enumerate(sys_of_place):
        places_of_sys[s].append(p)
    sys_ids = [g.code("Q", 100 + i, 2) for i in range(n_sys)]
    place_ids = [f"E{38000000 + i * 7:08d}" for i in range(n_place)]
    ptn_ids = [f"{place_ids[i]}-ptn" for i in range(n_place)]
    pboard_ids = [f"{place_ids[i]}-board" for i in range(n_place)]
    sysboard_ids = [[f"{sys_ids[s]}-{b[3].lower()}" for b in SYSTEM_BOARDS] for s in range(n_sys)]
    big_places = [places_of_sys[(k * n_sys) // n_big][0] for k in range(n_big)]
    normal_places = [p for p in range(n_place) if p not in big_places]
    trust_ids = [g.code("R", 40 + i, 2) for i in range(n_trust)]
    council_ids = [f"E{6000000 + i * 3:08d}" for i in range(n_council)]
    pcn_ids = [g.code("U", 10000 + i, 4) for i in range(n_pcn)]
    place_of_pcn = [normal_places[i % len(normal_places)] for i in range(n_pcn)]
    pcns_of_place = [[] for _ in range(n_place)]
    for i, p in enumerate(place_of_pcn):
        pcns_of_place[p].append(i)
    trusts_of_sys = [[] for _ in range(n_sys)]
    for i in range(n_trust):
        trusts_of_sys[i % n_sys].append(i)

    def person(pid, board_id, org_id, role):
        name = f"{g.pick(FIRST)} {g.pick(SURNAMES)}"
        links = [("member_of", board_id, ("role", role))]
        if role == "chair":
            links.append(("chairs", board_id))
        if org_id:
            links.append(("works_for", org_id, ("role", g.pick(
                ["chief executive", "medical director", "director of finance", "chief nurse",
                 "director of public health", "non-executive director", "clinical lead"]))))
        return new("person", pid, name, facts=[("appointed", q(f"{r.randrange(2018, 2026)}-{r.randrange(1, 13):02d}"))],
                   links=links)

    def board_people(bid, orgs):
        roles = ["chair", "vice chair", "member", "member"]
        return [person(f"{bid}-p{j + 1}", bid, orgs[j % len(orgs)] if orgs else None, roles[j])
                for j in range(people_per_board)]

    regions = []
    for ri, rname in enumerate(REGIONS):
        reg = new("region", f"reg-{REGION_CODES[ri].lower()}", f"NHS England — {rname}",
                  aka=[REGION_CODES[ri], rname], facts=[("ons_code", q(f"E4000{ri + 5:04d}"))],
                  text=f"The {rname} region of NHS England, overseeing its integrated care systems.",
                  children=[])
        regions.append(reg)
        for s in [s for s in range(n_sys) if region_of_sys[s] == ri]:
            towns_here = [place_names[p] for p in places_of_sys[s]][:3]
            sname = " and ".join([", ".join(towns_here[:-1]), towns_here[-1]]) if len(towns_here) > 1 else towns_here[0]
            pop = sum(r.randrange(80000, 600000) for _ in places_of_sys[s])
            sysent = new("system", sys_ids[s], f"NHS {sname} Integrated Care Board",
                         type="integrated care board",
                         aka=[f"E54{s + 1:06d}", f"{sname} ICB", f"{sname} ICS"],
                         facts=[("population", pop),
                                ("established", {"value": q("2022-07-01"), "source": "src-ons",
                                                 "note": "ICBs were established on 1 July 2022"}),
                                ("statutory", "yes"), ("wave", g.pick(["first", "second", "third"]))],
                         text=g.prose(f"NHS {sname} ICB", 3), block=True,
                         links=[("successor_of", sys_ids[(s + 1) % n_sys])] if s % 9 == 0 else [],
                         children=[])
            reg["children"].append(sysent)
            for p in places_of_sys[s]:
                pn = place_names[p]
                place = new("place", place_ids[p], pn, aka=[place_ids[p], f"{pn} place"],
                            facts=[("population", r.randrange(80000, 600000)),
                                   ("sub_icb_location", q(g.code("0", 300 + p, 2)))],
                            text=f"The {pn} place of the {sname} system.", children=[])
                ptn = new("partnership", ptn_ids[p], f"{pn} Place Partnership",
                          type="place partnership", facts=[("meets", g.pick(MEETS))],
                          text=g.prose(f"The {pn} partnership", 1),
                          links=[("partner_in", sysboard_ids[s][1])])
                pb = new("board", pboard_ids[p], f"{pn} Place Committee", type="committee",
                         facts=[("meets", g.pick(MEETS)), ("statutory", "no")],
                         links=[("reports_to", sysboard_ids[s][0]),
                                ("delegated_authority", sys_ids[s], ("scope", g.pick(TOPICS)))],
                         children=[])
                place["children"] += [ptn, pb]
                sysent["children"].append(place)
            for bi, (kind, btype, bname, babbr) in enumerate(SYSTEM_BOARDS):
                bid = sysboard_ids[s][bi]
                links = [] if bi == 0 else [("reports_to", sysboard_ids[s][0])]
                if bi == 0:
                    links.append(("leads", sys_ids[s]))
                b = new(kind, bid, bname.format(n=sname), type=btype, aka=[f"{sname} {babbr}"],
                        facts=[("meets", g.pick(MEETS)), ("statutory", "yes" if bi < 2 else "no"),
                               ("members", r.randrange(8, 24))],
                        text=g.prose(bname.format(n=sname), 2), links=links, children=[])
                sysent["children"].append(b)
    # people after every board exists; they work for trusts and councils
    for reg in regions:
        for sysent in reg["children"]:
            s = sys_ids.index(sysent["id"])
            orgs = [trust_ids[t] for t in trusts_of_sys[s]] + [sysent["id"]]
            for c in sysent["children"]:
                if c["kind"] == "board":
                    c["children"] = board_people(c["id"], orgs)
                elif c["kind"] == "place":
                    pb = c["children"][1]
                    pb["children"] = board_people(pb["id"], orgs)

    src_ids = [s[0] for s in SOURCES]
    files = []

    def write(name, title, source, ents, extra=""):
        w = Writer(os.path.join(out, name), title, source, extra)
        for e in ents:
            w.entity(e)
        w.close()
        files.append(name)

    srcs = [new("source", sid, title, facts=[("publisher", q(pub)), ("published", q(when)),
                                               ("url", q(f"https://example.org/{sid}"))])
            for sid, title, pub, when in SOURCES]
    write("00-sources.yaml", "Sources of the synthetic model", "src-gov", srcs)
    write("01-regions.yaml", "Regions, systems, places and their boards", "src-ons", regions,
          "relations:\n  sits_on: {inverse: seats, description: A has a seat on B}\n"
          "kinds:\n  care_home: {badge: CH, description: a care home}\n")

    # ---- trusts (with services) ---------------------------------------------------
    ents = []
    for t in range(n_trust):
        s = t % n_sys
        home = places_of_sys[s][t // n_sys % len(places_of_sys[s])]
        town = place_names[home]
        ttype = g.pick(["NHS foundation trust", "NHS trust", "NHS foundation trust",
                        "mental health trust", "community health trust", "ambulance trust"])
        name = f"{town} {g.pick(['Teaching Hospitals', 'Hospitals', 'Health and Care', 'Community Health', 'Partnership'])} NHS {'Foundation ' if 'foundation' in ttype else ''}Trust"
        serves = [p for p in places_of_sys[s] if p != home and p not in big_places][:3]
        links = [("member_of", sysboard_ids[s][1], ("role", "member")),
                 ("member_of", sys_ids[s])] + [("serves", place_ids[p]) for p in serves]
        links.append(("sits_on", sysboard_ids[s][0]))
        svc = [new("service", f"{trust_ids[t]}-s{j + 1}", f"{town} {top.title()} Service",
                   type="hospital service", facts=[("beds", r.randrange(0, 400))],
                   links=[("commissioned_by", sys_ids[s]), ("provided_by", trust_ids[t])],
                   text=f"{top.capitalize()} services provided at sites across {town}.")
               for j, top in enumerate(r.sample(TOPICS, 3))]
        ents.append(new("organisation", trust_ids[t], name, type=ttype, parent=place_ids[home],
                        aka=[trust_ids[t], f"{town} {'FT' if 'foundation' in ttype else 'Trust'}"],
                        facts=[("staff", r.randrange(1500, 20000)), ("cqc_rating", q(g.pick(RATINGS))),
                               ("income_gbp_m", f"{r.randrange(200, 2500)}.{r.randrange(10)}")],
                        text=g.prose(name, 3), block=True, links=links, children=svc))
    write("02-trusts.yaml", "NHS trusts", "src-trust", ents)

    # ---- councils --------------------------------------------------------------------
    ents = []
    for c in range(n_council):
        p = normal_places[c % len(normal_places)]
        s = sys_of_place[p]
        town = place_names[p]
        ctype = g.pick(["metropolitan borough council", "unitary authority", "county council",
                        "London borough"])
        name = f"{town} {'City Council' if c % 3 == 0 else 'Council'}"
        ents.append(new("organisation", council_ids[c], name, type=ctype, parent=place_ids[p],
                        aka=[council_ids[c], f"{town} LA"],
                        facts=[("population", r.randrange(90000, 1100000)), ("statutory", "yes"),
                               ("health_and_wellbeing_board", "yes")],
                        text=g.prose(name, 2),
                        links=[("member_of", sysboard_ids[s][1], ("role", "member")),
                               ("partner_in", ptn_ids[p]),
                               ("commissions", trust_ids[trusts_of_sys[s][0]], ("scope", "public health nursing")),
                               ("sits_on", pboard_ids[p])]))
    write("03-councils.yaml", "Local authorities", "src-council", ents)

    # ---- primary care networks ---------------------------------------------------------
    ents = []
    for i in range(n_pcn):
        p = place_of_pcn[i]
        s = sys_of_place[p]
        name = f"{place_names[p]} {g.pick(QUALIFIERS)} {g.pick(['PCN', 'Primary Care Network', 'Health Network'])} {i + 1}"
        ents.append(new("organisation", pcn_ids[i], name, type="primary care network",
                        parent=place_ids[p], aka=[pcn_ids[i]],
                        facts=[("list_size", r.randrange(30000, 120000)),
                               ("clinical_director", q(f"Dr {g.pick(FIRST)} {g.pick(SURNAMES)}"))],
                        links=[("reports_to", pboard_ids[p]), ("partner_in", ptn_ids[p]),
                               ("commissioned_by", sys_ids[s]), ("member_of", sysboard_ids[s][4])]))
    write("04-pcns.yaml", "Primary care networks", "src-pcn", ents)

    # ---- GP practices, by region ----------------------------------------------------------
    by_region = [[] for _ in REGIONS]
    for i in range(n_practice):
        pcn = i % n_pcn
        p = place_of_pcn[pcn]
        s = sys_of_place[p]
        town = place_names[p]
        street = g.pick(STREETS)
        style = r.randrange(3)
        if style == 0:
            name = f"{g.pick(SURGERY_PRE)} {g.pick(SURGERY)}"
        elif style == 1:
            name = f"Dr {g.pick(SURNAMES)} & Partners"
        else:
            name = f"{town} {g.pick(SURGERY)}"
        code = g.code(ALNUM[10 + region_of_sys[s] * 3 % 23], i, 5)
        neighbours = [q_ for q_ in places_of_sys[s] if q_ != p and q_ not in big_places]
        links = [("member_of", pcn_ids[pcn]), ("reports_to", pcn_ids[pcn]),
                 ("commissioned_by", sys_ids[s])]
        if neighbours and r.random() < 0.6:
            links.append(("serves", place_ids[g.pick(neighbours)]))
        links.append(("partner_in", ptn_ids[p]))
        by_region[region_of_sys[s]].append(new(
            "organisation", code, f"{name}, {street}, {town}", type="GP practice",
            parent=pcn_ids[pcn], aka=[code, f"{name} ({town})"],
            facts=[("list_size", r.randrange(1500, 30000)), ("partners", r.randrange(1, 14)),
                   ("cqc_rating", q(g.pick(RATINGS))), ("dispensing", g.pick(["yes", "no", "no"]))],
            text=f"A GP practice in {town} on {street}, part of {pcn_ids[pcn]}. "
                 + g.prose("The practice", 1) if i % 2 == 0 else None,
            links=links))
    for ri in range(len(REGIONS)):
        write(f"05-practices-{REGION_CODES[ri].lower()}.yaml", f"GP practices: {REGIONS[ri]}",
              "src-gpreg", by_region[ri])

    # ---- community providers: the bulk, a few places with 10,000 children --------------------
    by_region = [[] for _ in REGIONS]
    big_quota = [big_size] * n_big
    srcs_for = {"pharmacy": "src-pharm", "dental practice": "src-dental", "care home": "src-homes",
                "optometrist": "src-cqc"}
    for i in range(n_community):
        if i < n_big * big_size:
            p = big_places[i // big_size]
        else:
            p = normal_places[i % len(normal_places)]
        s = sys_of_place[p]
        town = place_names[p]
        street = g.pick(STREETS)
        ctype = ["pharmacy", "dental practice", "care home", "pharmacy", "optometrist", "care home"][i % 6]
        if ctype == "pharmacy":
            name = f"{g.pick(PHARMACY_CHAINS)}, {r.randrange(1, 300)} {street}, {town}"
            code = g.code("F", i, 4)
        elif ctype == "dental practice":
            name = f"{g.pick(SURGERY_PRE)} Dental Practice, {town}"
            code = g.code("V", i, 5)
        elif ctype == "care home":
            name = f"{g.pick(SURGERY_PRE)} {g.pick(['Care Home', 'Nursing Home', 'Lodge', 'Court'])}, {town}"
            code = g.code("VN", i, 4)
        else:
            name = f"{g.pick(SURNAMES)} Opticians, {street}, {town}"
            code = g.code("OP", i, 4)
        kind = "care_home" if ctype == "care home" and i % 12 == 2 else "organisation"
        pcns = pcns_of_place[p] or [i % n_pcn]
        links = [("commissioned_by", sys_ids[s]), ("member_of", pcn_ids[pcns[i % len(pcns)]])]
        neighbours = [q_ for q_ in places_of_sys[s] if q_ != p and q_ not in big_places]
        if neighbours and i % 2 == 0:
            links.append(("serves", place_ids[neighbours[i % len(neighbours)]]))
        links.append(("partner_in", ptn_ids[p]))
        if i % 4 != 3:
            links.append(("reports_to", pcn_ids[pcns[i % len(pcns)]]))
        facts = [("opened", q(f"{r.randrange(1950, 2025)}"))]
        if ctype == "care home":
            facts.append(("beds", r.randrange(8, 150)))
        facts.append(("cqc_rating", q(g.pick(RATINGS))))
        e = new(kind, f"{code}", name, type=ctype, parent=place_ids[p], aka=[code],
                facts=facts, links=links,
                text=(f"A {ctype} on {street}, {town}. " + g.prose("It", 1)) if i % 3 == 0 else None)
        if i % 50 == 0:
            e["source"] = srcs_for[ctype]
        by_region[region_of_sys[s]].append(e)
    for ri in range(len(REGIONS)):
        write(f"06-community-{REGION_CODES[ri].lower()}.yaml",
              f"Pharmacies, dentists, opticians and care homes: {REGIONS[ri]}", src_ids[8 + ri % 4],
              by_region[ri])
    assert g.count == n, (g.count, n)
    return files


# The second shape: a model that declares its own vocabulary (24 kinds, 16
# relations) and uses it everywhere, about 4 links per entity, each with
# declared relations, and long facts (a paragraph of prose each).
DECLARED_KINDS = 24
DECLARED_RELATIONS = 16
DECLARED_FILES = 12


def generate_declared(n, seed, out):
    g = Gen(n, seed)
    r = g.r
    os.makedirs(out, exist_ok=True)
    for name in sorted(os.listdir(out)):
        if name.endswith(".yaml"):
            os.remove(os.path.join(out, name))
    kinds = [f"unit_{k:02d}" for k in range(DECLARED_KINDS)]
    rels = [(f"rel_{k:02d}", f"rel_{k:02d}_of") for k in range(DECLARED_RELATIONS)]
    vocab = "kinds:\n" + "".join(
        f"  {k}: {{badge: U{chr(65 + i // 26)}{chr(65 + i % 26)}, "
        f"description: {q('a unit of type ' + str(i))}}}\n"
        for i, k in enumerate(kinds))
    vocab += "relations:\n" + "".join(
        f"  {name}: {{inverse: {inv}, description: {q('A ' + name + ' B')}}}\n"
        for name, inv in rels)
    files = []
    src = {"kind": "source", "id": "src-declared", "name": "Declared vocabulary register",
           "facts": [("publisher", q("Synthetic register office"))]}
    w = Writer(os.path.join(out, "00-vocabulary.yaml"), "Declared vocabulary", "src-declared",
               vocab)
    w.entity(src)
    w.close()
    files.append("00-vocabulary.yaml")
    g.count = 1
    per_file = (n - 1 + DECLARED_FILES - 1) // DECLARED_FILES
    made = 0
    ids = []
    for fno in range(DECLARED_FILES):
        count = min(per_file, n - 1 - made)
        if count <= 0:
            break
        root_id = f"reg-{fno:02d}"
        root = {"kind": kinds[fno % len(kinds)], "id": root_id,
                "name": f"Register {fno + 1}", "children": []}
        for i in range(count - 1):
            k = made + i + 2
            eid = g.code("D", k, 6)
            links = []
            for _ in range(4):
                target = g.pick(ids) if ids else root_id
                links.append((g.pick(rels)[r.randrange(2)], target))
            ids.append(eid)
            facts = [("summary", q(g.prose(f"Unit {k}", 3))),
                     ("history", q(g.prose("It", 2))),
                     ("size", r.randrange(1, 5000))]
            root["children"].append({"kind": g.pick(kinds), "id": eid,
                                     "name": f"{g.pick(TOPICS).capitalize()} unit {k}",
                                     "aka": [eid], "facts": facts, "links": links})
        g.count += count
        made += count
        name = f"{fno + 1:02d}-register.yaml"
        w = Writer(os.path.join(out, name), f"Register {fno + 1}", "src-declared")
        w.entity(root)
        w.close()
        files.append(name)
    assert g.count == n, (g.count, n)
    return files


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--entities", type=int, required=True)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--vary", type=float, default=0.0,
                    help="the fraction of entities renamed, of facts changed, of links dropped")
    ap.add_argument("--vary-seed", type=int, default=1)
    ap.add_argument("--shape", choices=("national", "declared"), default="national",
                    help="national: shaped like the national picture (the default); "
                         "declared: its own kinds and relations, 4 links an entity, "
                         "long facts")
    ap.add_argument("out_dir")
    a = ap.parse_args()
    global VARIATION
    VARIATION = Variation(a.vary, a.vary_seed)
    make = generate_declared if a.shape == "declared" else generate
    files = make(a.entities, a.seed, a.out_dir)
    print(f"genmodel: {a.entities} entities in {len(files)} files in {a.out_dir}", file=sys.stderr)


if __name__ == "__main__":
    main()
