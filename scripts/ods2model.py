#!/usr/bin/env python3
"""ods2model.py - build the icsview model of England's NHS structure in 2026.

Reads public ODS / ONS reference data (CSV copies under data/raw/, see
data/SOURCES.md) and writes icsview model YAML (format version 1, see
man/icsview-model.5 / spec model-format.md) to data/england-2026/.

    python3 scripts/ods2model.py            # (re)generate data/england-2026/*.yaml
    python3 scripts/ods2model.py --check    # exit 1 if the committed YAML differs

Python 3 standard library only.  Deterministic: every list is sorted, no
timestamps, floats printed with a fixed number of decimals, so running it twice
gives byte-identical files.

What is modelled
----------------
* england (region) -> 7 NHS England regions (id = ODS code, Y56..Y63)
  -> 36 integrated care boards of April 2026 (kind system, id = ICB ODS code)
  -> 106 sub-ICB locations (kind place, id = SICBL ODS code).
* PCNs (ePCN, ~Oct 2024) under the sub-ICB location that commissions them in
  2026 (Frimley PCNs re-pointed per the ODS merger change summary), and GP
  practices (epraccur Feb 2026, re-pointed for April 2026) under their PCN, or
  straight under their sub-ICB location when they have no PCN.
* NHS trusts under the ICB of their headquarters postcode, with `serves` links
  to every other 2026 ICB that supplies at least SERVES_THRESHOLD of the trust's
  patients according to the OHID trust catchment model (2022 ICBs, mapped to
  their April 2026 successors; see trust_catchments()).
* Local authorities (LAD24 districts / unitaries / boroughs and the counties)
  under the NHS England region they lie in (most LSOAs), with `serves` links to
  every sub-ICB location and ICB they overlap and `part_of` district -> county.
* The 12 ICBs abolished on 1 April 2026 (and the closed Frimley sub-ICB
  location D4U1Y) under a separate root, with `successor_of` links from their
  successors.

Names: ODS publishes names in UPPER CASE; they are converted with title_case()
(rules documented there).  ONS names are already mixed case and kept verbatim.
"""

import argparse
import collections
import csv
import io
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
RAW = os.path.join(ROOT, "data", "raw")
OUT = os.path.join(ROOT, "data", "england-2026")

# A trust `serves` another (non-headquarters) ICB when at least this share of
# its patients come from that ICB (OHID catchment proportions).
SERVES_THRESHOLD = 0.05

MERGER_DATE = "2026-04-01"
OGL = "Open Government Licence v3.0"
ODS_ATTRIBUTION = ("Contains public sector information licensed under the Open "
                   "Government Licence v3.0 (NHS England Organisation Data Service)")


def ons_attribution(year):
    return ("Source: Office for National Statistics licensed under the Open "
            "Government Licence v.3.0. Contains OS data \u00a9 Crown copyright "
            "and database right %s" % year)


ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:/+-]{0,127}$")

# Row counts read per input file (reported with --stats).
ROWS_READ = collections.OrderedDict()


# ---------------------------------------------------------------- reading ---

def raw_path(rel):
    return os.path.join(RAW, *rel.split("/"))


def read_rows(rel, header=True):
    """Rows of a CSV under data/raw/ (BOM and CRLF tolerated)."""
    with open(raw_path(rel), encoding="utf-8-sig", newline="") as f:
        if header:
            rows = list(csv.DictReader(f))
        else:
            rows = list(csv.reader(f))
    ROWS_READ[rel] = len(rows)
    return rows


def ymd(s):
    """ODS date 19740401 -> 1974-04-01 ('' stays '')."""
    s = (s or "").strip()
    if not s:
        return ""
    if not re.match(r"^\d{8}$", s):
        raise ValueError("bad ODS date %r" % s)
    return "%s-%s-%s" % (s[:4], s[4:6], s[6:])


# ---------------------------------------------------------------- names -----

# Words kept in upper case (acronyms and initialisms found in ODS names).
ACRONYMS = {
    "NHS", "ICB", "ICS", "PCN", "GP", "CIC", "UK", "LLP", "PLC", "CCG", "STP",
    "PMS", "APMS", "GMS", "OOH", "WIC", "UCC", "MIU", "HC", "MC", "HMP", "YOI",
    "ADHD", "CAMHS", "IAPT", "BHFT", "NEL", "SEL", "SWL", "NWL", "NCL", "UEA",
    "ABC", "AWC", "EMC", "CHC", "IW", "IOW", "NEHF", "HCRG", "WAM", "LLR",
    "BLMK", "BNSSG", "MK", "SWB", "KWH", "MVMG", "UCLH", "PCC", "AED", "NMP",
    "CYP", "CYPS", "AMH", "CRHTT", "SMS", "MKGP", "QHS", "NSC", "RWT",
}
# Small words written in lower case inside a name (not as its first word).
SMALL = {"and", "of", "the", "for", "upon", "on", "in", "at", "by", "to",
         "with", "under"}
# Extra small words inside hyphenated place names (Weston-super-Mare,
# Stoke-sub-Hamdon, Bird-in-Eye, Horndon-on-the-Hill).
HYPHEN_SMALL = SMALL | {"super", "sub", "le", "en", "cum"}
# Abbreviations without vowels that are ordinary words, not initialisms.
VOWELLESS_WORDS = {"DR", "DRS", "ST", "CTR", "CTRS", "RD", "LTD", "GRP",
                   "HLTH", "HTH", "PTNR", "PTNRS", "CNTR", "CNT", "BLVD", "GT",
                   "SQ", "MT", "PL", "NG", "SRG", "SRGY", "PRCT", "BRK", "WLK",
                   "TWNS", "SHP", "PSHP", "MDCL", "HSP", "HSPTL"}
ROMAN = {"II", "III", "IV", "VI", "VII", "VIII", "IX", "XI", "XII", "XIII",
         "XIV", "XV", "XVI", "XVII", "XVIII", "XIX", "XX"}
MAC_NAMES = {"MACDONALD", "MACKENZIE", "MACLEOD", "MACKAY", "MACGREGOR",
             "MACLEAN", "MACINTYRE", "MACPHERSON", "MACARTHUR", "MACAULAY",
             "MACNEIL", "MACFARLANE", "MACKINNON", "MACRAE", "MACLAREN",
             "MACDOUGALL", "MACINNES", "MACKINTOSH", "MACQUEEN", "MACLENNAN"}
SPECIAL = {"GPS": "GPs"}

_TOKEN_RE = re.compile(r"[A-Za-z0-9]+(?:'[A-Za-z]*)?|[^A-Za-z0-9]")


def _cap(w):
    return w[:1].upper() + w[1:].lower()


def _word(w, first, prev_sig, next_sig, in_hyphen):
    """Case one alphanumeric token (may contain one apostrophe)."""
    up = w.upper()
    if "'" in up:                      # KING'S, GUY'S, THOMAS', O'BRIEN, P'SHIP
        head, tail = up.split("'", 1)
        if head in ("O", "D") and len(tail) > 1:
            return head + "'" + _cap(tail)
        return _word(head, first, prev_sig, next_sig, in_hyphen) + "'" + tail.lower()
    if up in SPECIAL:
        return SPECIAL[up]
    if re.search(r"\d", up):
        m = re.match(r"^(\d+)(ST|ND|RD|TH)$", up)
        if m:                          # 1ST -> 1st
            return m.group(1) + m.group(2).lower()
        return up                      # codes such as E7, G3, M91659
    low = up.lower()
    if not first and (low in SMALL or (in_hyphen and low in HYPHEN_SMALL)):
        return low
    if up in ACRONYMS or up in ROMAN:
        return up
    if len(up) == 1:
        return up                      # initials: DR A B SMITH
    if up in VOWELLESS_WORDS:
        return _cap(up)
    if not re.search(r"[AEIOUY]", up) and len(up) <= 5:
        return up                      # initialisms: SWB, WHM, MLR
    # two-letter initials after DR or an opening bracket: DR AM LEWIS, (GJ INGRAMS)
    if len(up) == 2 and prev_sig in ("DR", "DRS", "(") and next_sig:
        return up
    if up.startswith("MC") and len(up) > 3:
        return "Mc" + _cap(up[2:])
    if up in MAC_NAMES:
        return "Mac" + _cap(up[3:])
    return _cap(up)


def title_case(name):
    """Convert an ODS UPPER CASE name to the way people write it.

    Rules: every word capitalised; 'and of the for upon on in at by to with
    under' lower case unless first (or first after '(' or a dash); inside
    hyphenated names also 'super sub le en cum' (Stockton-on-Tees,
    Weston-super-Mare); acronyms kept (NHS, ICB, PCN, GP, CIC, UK, PMS, ...);
    vowel-less short words are initialisms (SWB) except known abbreviations
    (Dr, St, Ctr, Rd, Ltd); single letters and two-letter initials after Dr
    stay upper case; apostrophes (King's, Guy's, Thomas', O'Brien); Mc always,
    Mac for a list of surnames; Roman numerals II..XX; 1ST -> 1st.
    Names that already contain lower-case letters are returned unchanged.
    """
    name = re.sub(r"\s+", " ", name.strip()).rstrip(",").strip()
    if re.search(r"[a-z]", name):
        return name
    toks = _TOKEN_RE.findall(name)
    words = [i for i, t in enumerate(toks) if re.match(r"[A-Za-z0-9]", t)]
    out = list(toks)
    for n, i in enumerate(words):
        t = toks[i]
        # significant previous token (skipping spaces)
        j = i - 1
        while j >= 0 and toks[j] == " ":
            j -= 1
        prev_sig = toks[j].upper() if j >= 0 else ""
        nxt = words[n + 1] if n + 1 < len(words) else None
        next_sig = nxt is not None and all(x == " " for x in toks[i + 1:nxt])
        in_hyphen = i > 0 and toks[i - 1] == "-"
        first = n == 0 or prev_sig in ("(", ":", "@") or (
            prev_sig == "-" and i >= 2 and toks[i - 1] == " ")
        out[i] = _word(t, first, prev_sig, next_sig, in_hyphen)
    return "".join(out)


def join_names(names):
    names = list(names)
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def plain_ons_place(nm):
    """'Kingston upon Hull, City of' -> 'Kingston upon Hull' (for place names)."""
    return re.sub(r", (City|County) of$", "", nm)


# ---------------------------------------------------------------- YAML ------

PLAIN_ID_RE = re.compile(r"^[A-Za-z][A-Za-z0-9._/-]*$")
YAML_WORDS = {"y", "n", "yes", "no", "on", "off", "true", "false", "null"}


def q(s):
    """Double-quoted YAML scalar (JSON escaping is valid YAML)."""
    return json.dumps(str(s), ensure_ascii=False)


def ident(s):
    """An id: plain when unambiguous (RHQ, E08000019), else quoted (03N)."""
    if PLAIN_ID_RE.match(s) and s.lower() not in YAML_WORDS:
        return s
    return q(s)


def scalar(v):
    if isinstance(v, bool):
        raise TypeError("no booleans in the model")
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        return "%.3f" % v
    return q(v)


def emit_fact(lines, ind, key, val):
    if isinstance(val, dict):
        lines.append("%s%s:" % (ind, key))
        for k in ("value", "source", "note"):
            if k in val:
                v = val[k]
                lines.append("%s  %s: %s" % (ind, k, ident(v) if k == "source" else scalar(v)))
    else:
        lines.append("%s%s: %s" % (ind, key, scalar(val)))


def emit_entity(lines, e, ind):
    """Append one entity (block style) at indentation `ind` (list item)."""
    first = True

    def put(text):
        nonlocal first
        lines.append(("%s- " % ind if first else "%s  " % ind) + text)
        first = False

    sub = ind + "  "
    put("id: %s" % ident(e["id"]))
    put("kind: %s" % e["kind"])
    if e.get("type"):
        put("type: %s" % q(e["type"]))
    put("name: %s" % q(e["name"]))
    aka = [a for a in e.get("aka", []) if a]
    if aka:
        put("aka:")
        for a in aka:
            lines.append("%s  - %s" % (sub, q(a)))
    facts = e.get("facts")
    if facts:
        put("facts:")
        for k, v in facts.items():
            if v is None or v == "":
                continue
            emit_fact(lines, sub + "  ", k, v)
    if e.get("text"):
        put("text: %s" % q(e["text"]))
    src = e.get("source")
    if src:
        if isinstance(src, str):
            put("source: %s" % ident(src))
        else:
            put("source:")
            for s in src:
                lines.append("%s  - %s" % (sub, ident(s)))
    if e.get("parent"):
        put("parent: %s" % ident(e["parent"]))
    kids = e.get("children")
    if kids:
        put("children:")
        for c in kids:
            emit_entity(lines, c, sub + "  ")
    links = e.get("links")
    if links:
        put("links:")
        for ln in links:
            lines.append("%s  - rel: %s" % (sub, ln["rel"]))
            lines.append("%s    to: %s" % (sub, ident(ln["to"])))
            for k, v in ln.items():
                if k in ("rel", "to"):
                    continue
                if k == "source":
                    lines.append("%s    source: %s" % (sub, ident(v)))
                else:
                    lines.append("%s    %s: %s" % (sub, k, scalar(v)))


def render_file(title, source, entities, relations=None, header=None):
    lines = []
    if header:
        for h in header:
            lines.append(("# " + h).rstrip())
    lines.append("icsview: 1")
    lines.append("title: %s" % q(title))
    if source:
        lines.append("source: %s" % ident(source))
    if relations:
        lines.append("relations:")
        for name, decl in relations.items():
            lines.append("  %s:" % name)
            for k, v in decl.items():
                lines.append("    %s: %s" % (k, v))
    lines.append("entities:")
    for e in entities:
        emit_entity(lines, e, "  ")
    return "\n".join(lines) + "\n"


def ent(id_, kind, name, type_=None, aka=None, facts=None, text=None,
        source=None, parent=None, children=None, links=None):
    e = collections.OrderedDict()
    e["id"] = id_
    e["kind"] = kind
    if type_:
        e["type"] = type_
    e["name"] = name
    if aka:
        seen = []
        for a in aka:
            if a and a not in seen and a != name:
                seen.append(a)
        e["aka"] = seen
    if facts:
        e["facts"] = collections.OrderedDict((k, v) for k, v in facts.items()
                                             if v is not None and v != "")
    if text:
        e["text"] = text
    if source:
        e["source"] = source
    if parent:
        e["parent"] = parent
    e["children"] = children if children is not None else []
    e["links"] = links if links is not None else []
    return e


def sort_key(e):
    return (e["name"].lower(), e["id"])


# ---------------------------------------------------------------- sources ---

SOURCES = [
    # id, name, publisher, vintage, files, copied-from, attribution, note
    ("ons-sicbl26-2026",
     "Sub ICB Locations to Integrated Care Boards to NHS England (Region) (April 2026) Lookup in EN",
     "Office for National Statistics (Open Geography Portal)", "2026-04",
     ["ons_sicbl26_2026/icb_region_lookup.csv"],
     "mohammadadnann/nhs-rtt-waiting-time-analytics data/reference/icb_region_lookup.csv @ d83d31167fe66d544f25290213b01dc201878453",
     ons_attribution(2026),
     "106 sub-ICB locations, 36 ICBs, 7 NHS England regions with GSS and ODS codes."),
    ("ods-icb-mergers-2026",
     "ICB Mergers Phase 1 April 2026 \u2013 Change Summary (version 1)",
     "NHS England Organisation Data Service (ODS)", "2025-11-06",
     ["ods_icb_mergers_2026/sheet_Summary.csv",
      "ods_icb_mergers_2026/sheet_SICBL_Changes.csv",
      "ods_icb_mergers_2026/sheet_ICB_Footprints_LSOA_Changes.csv",
      "ods_icb_mergers_2026/sheet_GP_Practice_Moves.csv",
      "derived/icb_2026.csv"],
     "Will-Suvera/Tech-growth-map ODS+Change+Summary+ICB+Mergers+Phase+1+Apr+2026 (2).xlsx @ 0449113e71ffbb7dceee8ccee29baa7d261dd24a (sheets extracted to CSV)",
     ODS_ATTRIBUTION,
     "12 ICBs abolished and 6 created on 2026-04-01, sub-ICB location renames, the Frimley split, GP practice and PCN commissioner moves. derived/icb_2026.csv joins it to the ONS April 2026 lookup (predecessor list per new ICB)."),
    ("ons-icb-names-2024",
     "Integrated Care Boards (December 2024) Names and Codes in EN",
     "Office for National Statistics (Open Geography Portal)", "2024-12",
     ["ods_jhau_2025/icb_names_codes_dec_2024.csv"],
     "jhau/nhs-spend data/icb_names_codes_dec_2024.csv @ 5274f1eac65a4a07431469c051cf26f3e901aa82",
     ons_attribution(2024),
     "The 42 ICBs in being until 31 March 2026 (GSS and ODS codes, names)."),
    ("ons-loc22-2022",
     "Sub ICB Locations to ICB to NHS England Region (July 2022) Lookup in EN",
     "Office for National Statistics (Open Geography Portal)", "2022-07",
     ["ons_craig_shenton_2022/LOC22_ICB22_NHSER22_EN_LU.csv"],
     "craig-shenton/cqc-icb-lookup data/LOC22_ICB22_NHSER22_EN_LU.csv @ 2415e278a01b08befd10ad28dc9d20d0d878830f",
     ons_attribution(2022),
     "Used to translate the 2022 ICB GSS codes of the trust catchment data to ODS codes."),
    ("ons-ccg-names-2022",
     "CCG names by GSS code (ONS Postcode Directory names, as joined to CQC locations, November 2022)",
     "Office for National Statistics (ONSPD), compiled by craig-shenton/cqc-icb-lookup", "2022-11",
     ["ons_craig_shenton_2022/subicb-la-lookup.csv"],
     "craig-shenton/cqc-icb-lookup data/subicb-la-lookup.csv @ 867a17cdf905953f4c67dbd3112febf7281eb8ec",
     ons_attribution(2022),
     "Only the CCG code -> CCG name pairs are used: a sub-ICB location whose GSS code is unchanged since its CCG is named after that CCG."),
    ("ods-etr-2026",
     "ODS etr: NHS trusts (England and Wales)",
     "NHS England Organisation Data Service (ODS)", "2026 (post April 2026 reorganisation)",
     ["derived/nhs_trusts_england_2026.csv"],
     "Riyaburman-analytics/UK-healthcare-analysis etr.csv @ be5d9213db84e4fa6c2e2f6f88cf13a79e062eb2 (derived/nhs_trusts_england_2026.csv: its English rows, active or closed since 2026-01-01)",
     ODS_ATTRIBUTION,
     "The ICB of a trust is the ODS 'high level health geography' of its headquarters postcode, not a membership or commissioning relation."),
    ("ods-etr-2025",
     "ODS etr: NHS trusts (England and Wales), previous extract",
     "NHS England Organisation Data Service (ODS)", "2025 (before the April 2026 reorganisation)",
     ["ods_jhau_2025/etr.csv"],
     "jhau/nhs-spend data/etr.csv @ e602ea98154e694e9afddca87e50caef0b8488b9",
     ODS_ATTRIBUTION,
     "Used only for former names of trusts renamed since this extract."),
    ("icsview-care-trusts",
     "Care trusts missing from the ODS etr file (hand-entered)",
     "icsview maintainers, from NHS England ODS organisation records (ODS 'ect' care-trust file not among the copied inputs)", "2026",
     [],
     "",
     ODS_ATTRIBUTION,
     "NHS foundation trusts with a T-code (ODS care-trust role) are published in the ODS 'ect' file, not in 'etr'. The three that still exist in 2026 are entered by hand in scripts/ods2model.py (CARE_TRUSTS): code, name and the ICB of their headquarters."),
    ("ohid-trust-catchment-2022",
     "NHS acute trust catchment populations (proportion of each trust's patients by 2022 ICB and by lower-tier local authority)",
     "Office for Health Improvement and Disparities (OHID), via the humaniverse/geographr R package", "2022",
     ["geographr/lookup_nhs_trusts22_icb22.csv", "geographr/lookup_nhs_trusts22_ltla21.csv"],
     "humaniverse/geographr data/lookup_nhs_trusts22_icb22.rda, lookup_nhs_trusts22_ltla21.rda @ c026be5cc76cb576358082b53f1f13d69ab577ae (converted to CSV)",
     "Contains public sector information licensed under the Open Government Licence v3.0 (OHID); packaged by humaniverse/geographr (MIT)",
     "Covers 138 acute trusts. 2022 ICBs are mapped to their April 2026 successors; the three ICBs split in 2026 (QM7, QJG, QNQ) are apportioned using the trust's local-authority catchment."),
    ("ods-epraccur-2026-02",
     "ODS epraccur: GP practices and prescribing cost centres",
     "NHS England Organisation Data Service (ODS)", "2026-02",
     ["derived/gp_practices_england_2026.csv"],
     "benstanbury/antibiotic-prescribing-analysis data/raw/epraccur.csv @ 875785333337beea7f1b1270b7a7c653a19a3bf8 (derived/gp_practices_england_2026.csv: active English GP practices, commissioner re-pointed to April 2026)",
     ODS_ATTRIBUTION,
     "Active GP practices (prescribing setting RO76); the Frimley practices are moved to their April 2026 sub-ICB location per the ODS merger change summary."),
    ("ods-epcn-2024",
     "ODS ePCN: primary care networks and their member practices",
     "NHS England Organisation Data Service (ODS)", "2024-10",
     ["ods_epcn_2026/ePCN_PCNDetails.csv"],
     "efejiroe/r-tutorials data/ePCN.xlsx @ ad9f875afe9c62a04f63c7ac30c22c7e71482c31 (sheet PCNDetails extracted to CSV; practice membership joined into derived/gp_practices_england_2026.csv)",
     ODS_ATTRIBUTION,
     "Content vintage about October 2024: PCNs formed or dissolved since then are not shown."),
    ("ons-lad-lsoa-2024",
     "LSOA (2021) to Sub ICB Location to ICB to Local Authority District (April 2024) lookup, aggregated to local authority districts, with the April 2026 Frimley split applied",
     "Office for National Statistics (Open Geography Portal); aggregation for icsview", "2024-04 (with 2026 changes)",
     ["derived/LAD24_SICBL26_ICB26_NHSER26_from_LSOA21.csv",
      "derived/LAD24_SICBL24_ICB24_from_LSOA21.csv"],
     "humaniverse/geographr data/lookup_lsoa21_icb24.rda @ 8fa83ff1f9b5cebfc5c83dd4e28851a369f7ab2c, aggregated to LAD in shared/data/derived",
     ons_attribution(2024),
     "Counts of LSOA21s per local authority district and sub-ICB location. The official ONS April 2026 LSOA lookup was not available; Frimley LSOAs were re-assigned from the ODS change summary."),
    ("ons-ltla-utla-2023",
     "Lower Tier Local Authority to Upper Tier Local Authority (2023) lookup",
     "Office for National Statistics (Open Geography Portal), via humaniverse/geographr", "2023",
     ["geographr/lookup_ltla23_utla23.csv"],
     "humaniverse/geographr data/lookup_ltla23_utla23.rda @ c026be5cc76cb576358082b53f1f13d69ab577ae (converted to CSV)",
     ons_attribution(2023),
     "Districts and the county each lies in (unchanged in 2024)."),
]


def source_entities():
    out = []
    for sid, name, pub, vintage, files, copied, attribution, note in SOURCES:
        facts = collections.OrderedDict()
        facts["publisher"] = pub
        facts["vintage"] = vintage
        facts["licence"] = OGL
        facts["attribution"] = attribution
        if copied:
            facts["copied_from"] = copied
        if files:
            facts["files"] = ", ".join("data/raw/" + f for f in files)
        out.append(ent(sid, "source", name, facts=facts, text=note))
    return out


# ---------------------------------------------------------------- model -----

# Care trusts (ODS 'ect') that the etr file does not list: code, name, HQ ICB.
CARE_TRUSTS = [
    ("TAD", "Bradford District Care NHS Foundation Trust", "QWO"),
    ("TAH", "Sheffield Health and Social Care NHS Foundation Trust", "QF7"),
    ("TAJ", "Black Country Healthcare NHS Foundation Trust", "QUA"),
]


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


class Model:
    def __init__(self):
        self.files = collections.OrderedDict()   # file name -> (title, source, entities, relations)
        self.ids = {}

    # ------------------------------------------------------------ geography
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

    # ------------------------------------------------------------ entities
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

    # ------------------------------------------------------------ trusts
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

    # ------------------------------------------------------------ primary care
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

    # ------------------------------------------------------------ councils
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

    # ------------------------------------------------------------ assemble
    def build(self):
        self.load_geography()
        self.load_mergers()
        files = collections.OrderedDict()
        files["sources.yaml"] = ("Sources: public ODS / ONS / OHID data behind the England 2026 model",
                                 None, source_entities(), None)
        files["regions-icbs.yaml"] = ("England, 2026: NHS England regions, integrated care boards and sub-ICB locations",
                                      "ons-sicbl26-2026", self.regions_icbs(), None)
        files["mergers.yaml"] = ("Integrated care boards abolished on 1 April 2026",
                                 "ods-icb-mergers-2026", self.mergers(), None)
        files["trusts.yaml"] = ("NHS trusts in England, 2026, under the ICB of their headquarters",
                                "ods-etr-2026", self.trusts(), None)
        files["primary-care.yaml"] = ("Primary care networks and GP practices in England, 2026",
                                      "ods-epraccur-2026-02", self.primary_care(), None)
        files["local-authorities.yaml"] = ("Local authorities in England (2024 boundaries) and the NHS areas they overlap",
                                           "ons-lad-lsoa-2024", self.local_authorities(),
                                           collections.OrderedDict([("part_of", collections.OrderedDict([("inverse", "has_part")]))]))
        self.files = files
        self.check_ids()

    def check_ids(self):
        ids = {}
        kinds = {}

        def walk(e, fname, parent):
            i = e["id"]
            if not ID_RE.match(i):
                raise SystemExit("bad id %r in %s" % (i, fname))
            if i in ids:
                raise SystemExit("duplicate id %r in %s and %s" % (i, ids[i], fname))
            ids[i] = fname
            kinds[i] = e["kind"]
            for c in e["children"]:
                walk(c, fname, i)

        for fname, (_, _, ents, _) in self.files.items():
            for e in ents:
                walk(e, fname, None)
        # every reference resolves
        def refs(e):
            if e.get("parent"):
                yield e["parent"], "parent"
            for ln in e["links"]:
                yield ln["to"], ln["rel"]
                if "source" in ln:
                    yield ln["source"], "source"
            src = e.get("source")
            for s in ([src] if isinstance(src, str) else (src or [])):
                yield s, "source"
            for v in (e.get("facts") or {}).values():
                if isinstance(v, dict) and "source" in v:
                    yield v["source"], "source"
            for c in e["children"]:
                yield from refs(c)
        for fname, (_, fsrc, ents, _) in self.files.items():
            if fsrc:
                assert kinds.get(fsrc) == "source", fsrc
            for e in ents:
                for r, what in refs(e):
                    if r not in ids:
                        raise SystemExit("%s: unknown %s target %r" % (fname, what, r))
                    if what == "source" and kinds[r] != "source":
                        raise SystemExit("%s: %r is not a source" % (fname, r))
        required = ("RHQ RFF RP5 RFR RCU RFS TAH RXE RX8 RHA RXG RX9 E08000016 E08000017 "
                    "E08000018 E08000019 E10000024 E07000171 QF7 03N 02P 02X 03L 02Q C84001").split()
        for r in required:
            assert r in ids, r
        self.all_ids = ids
        self.kinds = kinds

    def render(self):
        out = collections.OrderedDict()
        header = ["Generated by scripts/ods2model.py from data/raw/ (see data/SOURCES.md).",
                  "Do not edit by hand: change the script and regenerate."]
        for fname, (title, src, ents, rels) in self.files.items():
            out[fname] = render_file(title, src, ents, rels, header)
        return out

    def stats(self):
        lines = []
        for fname, (_, _, ents, _) in self.files.items():
            n_e = n_l = 0
            kinds = collections.Counter()

            def walk(e):
                nonlocal n_e, n_l
                n_e += 1
                n_l += len(e["links"])
                kinds[e["kind"] + ("/" + e["type"] if e.get("type") else "")] += 1
                for c in e["children"]:
                    walk(c)
            for e in ents:
                walk(e)
            lines.append("%-24s %6d entities %6d links  %s" % (
                fname, n_e, n_l, "; ".join("%s=%d" % kv for kv in sorted(kinds.items()))))
        lines.append("")
        for rel, n in ROWS_READ.items():
            lines.append("read %6d rows  data/raw/%s" % (n, rel))
        lines.append("")
        lines.append("trusts: %s" % dict(sorted(self.trust_stats.items())))
        lines.append("catchment codes with no 2026 trust: %s" % ", ".join(self.trust_catch_unused))
        lines.append("primary care: %s" % dict(sorted(self.pc_stats.items())))
        lines.append("open PCNs without an active practice (omitted): %s" % ", ".join(self.pcns_open_without_practice))
        lines.append("local authorities: %s" % dict(sorted(self.la_stats.items())))
        return "\n".join(lines)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--check", action="store_true",
                    help="exit 1 if data/england-2026 differs from what would be generated")
    ap.add_argument("--stats", action="store_true", help="print counts to stderr")
    args = ap.parse_args(argv)

    m = Model()
    m.build()
    files = m.render()
    if args.stats:
        print(m.stats(), file=sys.stderr)

    existing = set()
    if os.path.isdir(OUT):
        existing = {f for f in os.listdir(OUT) if f.endswith((".yaml", ".yml"))}
    if args.check:
        bad = []
        for fname, text in files.items():
            p = os.path.join(OUT, fname)
            try:
                with open(p, encoding="utf-8", newline="") as f:
                    if f.read() != text:
                        bad.append(fname + " differs")
            except FileNotFoundError:
                bad.append(fname + " missing")
        for fname in sorted(existing - set(files)):
            bad.append(fname + " not generated by this script")
        for b in bad:
            print("ods2model: data/england-2026/%s" % b, file=sys.stderr)
        return 1 if bad else 0

    os.makedirs(OUT, exist_ok=True)
    for fname in sorted(existing - set(files)):
        os.remove(os.path.join(OUT, fname))
    for fname, text in files.items():
        p = os.path.join(OUT, fname)
        tmp = p + ".tmp"
        with open(tmp, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
        os.replace(tmp, p)
    return 0


if __name__ == "__main__":
    sys.exit(main())
