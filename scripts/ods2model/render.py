"""Writing the model's YAML (format version 1, man/icsview-model.5): one
file's text from its title, source, relations and entities, block style,
with fixed float precision so that every run gives the same bytes."""

import json
import re

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
