"""Entities as the converter builds them: ordered dicts of the model's keys,
and the order entities are listed in."""

import collections
import re

# The ids the model format allows (checked by Model.check_ids).
ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:/+-]{0,127}$")


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
