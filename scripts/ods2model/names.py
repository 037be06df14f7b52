"""Names as people write them: ODS UPPER CASE names converted by title_case(),
and the small helpers that join and trim place names."""

import re


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
