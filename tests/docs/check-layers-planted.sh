#!/bin/sh
# Checks that scripts/check-layers catches what it is for: a copy of the
# sources (src/ and include/) with includes and calls planted past their
# layers must fail, naming each planted line.
# Usage: check-layers-planted.sh CHECK_LAYERS SOURCE_ROOT
set -eu
check=$1
root=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -R "$root/src" "$root/include" "$work/"

failed=0
expected=$work/expected
: >"$expected"

# plant FILE TEXT WORD: appends TEXT as the last line of FILE (relative to
# the copy) and expects check-layers to name that line and WORD.
plant() {
	if [ ! -f "$work/$1" ]; then
		echo "no $1 to plant in: update this test" >&2
		failed=1
		return
	fi
	printf '%s\n' "$2" >>"$work/$1"
	printf '%s:%s: %s\n' "$1" "$(wc -l <"$work/$1" | tr -d ' ')" "$3" >>"$expected"
}

plant src/query/search.c '#include <sqlite3.h>' '<sqlite3.h>'
plant src/query/review.c '#include "store_private.h"' 'store_private.h'
plant src/query/filter_targets.c 'int planted(void) { return SQLITE_OK; }' 'SQLITE_OK'
plant src/views/outline.c '#include <curses.h>' '<curses.h>'
plant src/views/detail.c '#include "icsview/tui/tui.h"' 'icsview/tui/tui.h'
plant src/loader/loader.c 'void planted(void) { endwin(); }' 'endwin'
plant include/icsview/store/store_sql.h '#include <sqlite3.h>' '<sqlite3.h>'
plant include/icsview/store/notes.h 'typedef struct sqlite3 planted;' 'sqlite3'
plant src/store/notes.c '#include <archive.h>' '<archive.h>'
plant src/loader/loader_facts.c 'int planted(void) { return ARCHIVE_OK; }' 'ARCHIVE_OK'
plant src/query/resolve.c '#include <expat.h>' '<expat.h>'
plant src/views/help.c 'void *planted(void) { return XML_ParserCreate(0); }' 'XML_ParserCreate'
plant src/ingest/csv.c '#include "icsview/store/store.h"' 'icsview/store/store.h'
plant include/icsview/ingest/table.h '#include <expat.h>' '<expat.h>'
plant src/views/diagram.c '#include <gvc.h>' '<gvc.h>'
plant src/views/diagram_grid.c 'void planted(void) { gvContext(); }' 'gvContext'
plant src/query/governance.c '#include <graphviz/cgraph.h>' '<graphviz/cgraph.h>'
plant src/cli/cmd_export.c 'typedef Agraph_t planted;' 'Agraph_t'
plant include/icsview/views/diagram_layout.h '#include <gvc.h>' '<gvc.h>'

status=0
"$check" "$work" >"$work/out" 2>"$work/err" || status=$?
if [ "$status" != 1 ]; then
	echo "check-layers exited $status on the planted copy, not 1:" >&2
	cat "$work/out" "$work/err" >&2
	failed=1
fi
while IFS= read -r want; do
	at=${want%%: *}
	word=${want#*: }
	if ! grep -F -- "$at: " "$work/out" | grep -qF -- "$word"; then
		echo "check-layers did not name $at ($word)" >&2
		failed=1
	fi
done <"$expected"
if [ "$failed" != 0 ]; then
	echo "--- check-layers said:" >&2
	cat "$work/out" "$work/err" >&2
fi
exit "$failed"
