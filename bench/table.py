#!/usr/bin/env python3
"""table.py RESULTS: the BENCH lines of bench/run as a table, with the
performance targets (set at 250,000 entities) judged at the largest size
measured."""
import re
import sys

ROWS = [
    # (label, name, target, comparison)
    ("YAML size (MB)", "yaml_bytes", None, None),
    ("links", "model_entities:links", None, None),
    ("floor: bare libyaml scan (s)", "floor_scan", None, None),
    ("icsview YAML reader, no-op handler (s)", "reader_noop", None, None),
    ("cold load: database in place, first screen (s)", "cold_first_screen", None, None),
    ("cold load: and its search index built (s)", "cold_search_ready", None, None),
    ("  first/floor (x)", "first_over_floor", 2.0, "<="),
    ("  full (search-ready)/floor (x)", "full_over_floor", 2.5, "<="),
    ("  phase: read+validate+insert, 2 threads (s)", "phase_read_validate_insert", None, None),
    ("    loader thread CPU (s)", "phase_read_cpu", None, None),
    ("    SQLite thread CPU (s)", "phase_sqlite_thread_cpu", None, None),
    ("    sqlite3_step, SQLite thread (s, 1 instrumented run)", "instrumented_sqlite_step_while_reading", None, None),
    ("  phase: late refs, checks, counts (s)", "phase_check", None, None),
    ("  phase: indexes (s)", "phase_indexes", None, None),
    ("  phase: the search index, after the database (s)", "phase_search_after", None, None),
    ("  phase: commit+sync+rename+rest (s)", "phase_commit_rename", None, None),
    ("cold start via CLI, builds cache (s)", "cli_cold_tree", None, None),
    ("warm start: tree --depth 1 (ms, median)", "warm_tree_depth1", 10, "<="),
    ("warm start: show ID (ms, median)", "warm_show", 10, "<="),
    ("warm first screen in-process (ms)", "warm_first_screen_inproc", 10, "<="),
    ("key: open outline + detail (ms, p95)", "key_open_outline_p95", None, None),
    ("key: move (ms, p95)", "key_move_p95", 1, "<="),
    ("key: page (ms, p95)", "key_page_p95", 1, "<="),
    ("key: expand biggest place (ms, p95)", "key_expand_big_p95", 1, "<="),
    ("  its children", "key_expand_big_p95:children", None, None),
    ("key: End in it (ms, p95)", "key_end_p95", 1, "<="),
    ("key: its last child, just expanded (ms, p95)", "key_end_big_p95", 1, "<="),
    ("key: :goto its middle child (ms, p95)", "key_reveal_deep_p95", 1, "<="),
    ("key: select most-linked entity (ms, p95)", "key_detail_hub_p95", 1, "<="),
    ("  its backlinks", "key_detail_hub_p95:backlinks", None, None),
    ("search 1 char (ms, p95)", "key_search_1ch_p95", 16, "<="),
    ("search 2 chars (ms, p95)", "key_search_2ch_p95", 2, "<="),
    ("search 3 chars (ms, p95)", "key_search_3ch_p95", 2, "<="),
    ("search 4 chars (ms, p95)", "key_search_4ch_p95", 2, "<="),
    ("search 5 chars (ms, p95)", "key_search_5ch_p95", 2, "<="),
    ("search 6 chars (ms, p95)", "key_search_6ch_p95", 2, "<="),
    ("search a code (ms, p95)", "key_search_code_p95", 2, "<="),
    ("counts by type, biggest subtree (ms, p95)", "key_counts_biggest_p95", 1, "<="),
    ("  its descendants", "key_counts_biggest_p95:descendants", None, None),
    ("i a name many share: pick list (ms, p95)", "key_goto_shared_name_p95", 16, "<="),
    ("  its candidates", "key_goto_shared_name_p95:candidates", None, None),
    ("i practice: a word of many names (ms, p95)", "key_goto_word_p95", 16, "<="),
    ("Tab after kind: (ms, p95)", "key_complete_term_p95", 16, "<="),
    ("Tab in type:p (ms, p95)", "key_complete_type_p95", 16, "<="),
    ("filter kind:board (ms, p95)", "key_filter_1_p95", 16, "<="),
    ("  to the complete result (ms, p95)", "key_filter_1_complete_p95", None, None),
    ("  a step: what a key may wait for (ms, p95)", "key_filter_1_step_p95", None, None),
    ("  and the tree again after a frame (ms, p95)", "key_filter_1_refresh_p95", None, None),
    ("filter population>500000 (ms, p95)", "key_filter_2_p95", 16, "<="),
    ("  to the complete result (ms, p95)", "key_filter_2_complete_p95", None, None),
    ("  a step: what a key may wait for (ms, p95)", "key_filter_2_step_p95", None, None),
    ("  and the tree again after a frame (ms, p95)", "key_filter_2_refresh_p95", None, None),
    ("filter type:pharmacy (ms, p95)", "key_filter_3_p95", 16, "<="),
    ("  to the complete result (ms, p95)", "key_filter_3_complete_p95", None, None),
    ("  a step: what a key may wait for (ms, p95)", "key_filter_3_step_p95", None, None),
    ("  and the tree again after a frame (ms, p95)", "key_filter_3_refresh_p95", None, None),
    ("filter serves:sheffield (ms, p95)", "key_filter_4_p95", 16, "<="),
    ("  to the complete result (ms, p95)", "key_filter_4_complete_p95", None, None),
    ("  a step: what a key may wait for (ms, p95)", "key_filter_4_step_p95", None, None),
    ("  and the tree again after a frame (ms, p95)", "key_filter_4_refresh_p95", None, None),
    ("filter has:chairs (ms, p95)", "key_filter_5_p95", 16, "<="),
    ("  to the complete result (ms, p95)", "key_filter_5_complete_p95", None, None),
    ("  a step: what a key may wait for (ms, p95)", "key_filter_5_step_p95", None, None),
    ("  and the tree again after a frame (ms, p95)", "key_filter_5_refresh_p95", None, None),
    ("filter shef (ms, p95)", "key_filter_6_p95", 16, "<="),
    ("  to the complete result (ms, p95)", "key_filter_6_complete_p95", None, None),
    ("  a step: what a key may wait for (ms, p95)", "key_filter_6_step_p95", None, None),
    ("  and the tree again after a frame (ms, p95)", "key_filter_6_refresh_p95", None, None),
    ("filter kind:organisation cqc_rating=good (ms, p95)", "key_filter_7_p95", 16, "<="),
    ("  to the complete result (ms, p95)", "key_filter_7_complete_p95", None, None),
    ("  a step: what a key may wait for (ms, p95)", "key_filter_7_step_p95", None, None),
    ("  and the tree again after a frame (ms, p95)", "key_filter_7_refresh_p95", None, None),
    ("diff, warm, second time (diff cache) (ms, median)", "diff_warm_cached", None, None),
    ("  (diff - printing)/warm start (x)", "diff_warm_cached_over_start", 3, "<="),
    ("diff, warm, first time: no comparison kept (ms, median)", "diff_warm", None, None),
    ("  (diff - printing)/warm start (x)", "diff_warm_over_start", None, None),
    ("  lines it prints", "diff_warm:lines", None, None),
    ("  one model's warm start beside them (ms)", "diff_warm_start", None, None),
    ("  writing their output again, cat (ms)", "diff_warm_printing", None, None),
    ("diff, cold: building both caches (s, median)", "diff_cold", None, None),
    ("  the two cold loads beside it (s)", "diff_cold_two_loads", None, None),
    ("  diff/two cold loads (x)", "diff_cold_over_two_loads", 1.2, "<="),
    ("review import: 10,000 notes (s)", "review_import", None, None),
    ("  the same file again: nothing to change (s)", "review_import_again", None, None),
    ("diagram: icsview diagram ID, warm (ms, median)", "cli_diagram", None, None),
    ("  the system drawn", "cli_diagram:id", None, None),
    ("  its boards and partnerships, at any depth", "cli_diagram:bodies", None, None),
    ("  the bodies drawn", "cli_diagram:drawn", None, None),
    ("key: D, its diagram at 80 columns (ms, p95)", "key_diagram_p95", None, None),
    ("peak RSS: floor (MB)", "peak_rss_floor", None, None),
    ("peak RSS: cold load (MB)", "peak_rss_cold_load", 32, "<="),
    ("peak RSS: warm start (MB)", "peak_rss_warm_start", None, None),
    ("peak RSS: browsing (MB)", "peak_rss_browsing", 16, "<="),
    ("peak RSS: review import (MB)", "peak_rss_review_import", None, None),
    ("peak RSS: diagram, in process (MB)", "peak_rss_diagram", None, None),
    ("database size, with search index (MB)", "db_bytes", None, None),
    ("  of which the search index (MB)", "db_search_bytes", None, None),
    ("database/YAML (x)", "db_over_yaml", 1.5, "<="),
    ("load average after the size's run", "load_average", None, None),
    ("peer: jq on JSON export (s)", "peer_jq_json_time", None, None),
    ("peer: jq on JSON export (MB)", "peer_jq_json_rss", None, None),
    ("peer: PyYAML C loader (s)", "peer_pyyaml_c_time", None, None),
    ("peer: PyYAML C loader (MB)", "peer_pyyaml_c_rss", None, None),
]


def main():
    data = {}
    sizes = []
    for line in open(sys.argv[1], encoding="utf-8"):
        if not line.startswith("BENCH "):
            continue
        kv = dict(re.findall(r'(\w+)=("[^"]*"|\S+)', line))
        size = int(kv["size"])
        if size not in sizes:
            sizes.append(size)
        data[(size, kv["name"])] = kv
    if not sizes:
        sys.exit("table.py: no results")

    def get(size, name):
        key, _, attr = name.partition(":")
        kv = data.get((size, key))
        if not kv:
            return None
        return kv.get(attr) if attr else kv.get("value")

    def fmt(v):
        if v is None:
            return "–"
        try:
            x = float(v)
        except ValueError:
            return v
        if x == int(x) and abs(x) >= 100:
            return f"{int(x):,}"
        return f"{x:.3g}" if abs(x) < 1000 else f"{x:,.0f}"

    big = max(sizes)
    head = ["figure"] + [f"{s:,}" for s in sizes] + ["target (at 250k)", f"at {big:,}"]
    rows = []
    for label, name, target, cmp in ROWS:
        vals = [get(s, name) for s in sizes]
        if all(v is None for v in vals):
            continue
        verdict = ""
        if target is not None:
            v = get(big, name)
            verdict = "–" if v is None else ("met" if float(v) <= target else "NOT met")
        rows.append([label] + [fmt(v) for v in vals] +
                    [f"≤ {target:g}" if target is not None else "", verdict])
    widths = [max(len(r[i]) for r in [head] + rows) for i in range(len(head))]
    line = lambda r: "| " + " | ".join(c.ljust(widths[i]) if i == 0 else c.rjust(widths[i])
                                       for i, c in enumerate(r)) + " |"
    print(line(head))
    print("|" + "|".join(("-" * (w + 1) + ":") if i else ("-" * (w + 2)) for i, w in enumerate(widths)) + "|")
    for r in rows:
        print(line(r))


if __name__ == "__main__":
    main()
