"""Reading the raw inputs: the CSV copies under data/raw/ (data/SOURCES.md).

Every file is read through read_rows(), which counts its rows for --stats.
"""

import collections
import csv
import os
import re

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
RAW = os.path.join(ROOT, "data", "raw")

# Row counts read per input file (reported with --stats).
ROWS_READ = collections.OrderedDict()


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
