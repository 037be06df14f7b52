#!/bin/bash
# Tests completions/icsview.bash by setting COMP_WORDS and COMP_CWORD as
# bash does and calling the completion function.
# Usage: check-completion.sh COMPLETION_SCRIPT ICSVIEW_BINARY TEST_MODEL
set -u
script=$1
bin=$2
test_model=$3
failures=0

# shellcheck source=/dev/null
source "$script" || { echo "cannot source $script" >&2; exit 1; }
complete -p icsview >/dev/null || { echo "$script does not register icsview" >&2; exit 1; }

# An empty directory, so that file names do not join the replies, and a
# model cache of the test's own.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/cwd" "$tmp/cache" || exit 1
export ICSVIEW_CACHE_DIR=$tmp/cache
cd "$tmp/cwd" || exit 1

# expect "EXPECTED REPLIES" WORD... : completes the last WORD.
expect()
{
	local expected=$1 got
	shift
	COMP_WORDS=("$@")
	COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
	COMP_LINE="$*"
	COMP_POINT=${#COMP_LINE}
	COMPREPLY=()
	_icsview
	got="${COMPREPLY[*]}"
	if [[ $got == "$expected" ]]; then
		echo "ok: ${COMP_WORDS[*]} -> $got"
	else
		echo "FAIL: ${COMP_WORDS[*]}: expected '$expected', got '$got'" >&2
		failures=$((failures + 1))
	fi
}

expect "show" icsview sh
expect "check find show history tree export diagram review diff import help" icsview ""
expect "import" icsview im
expect "--output=" icsview import --o
expect "find" icsview f
expect "--kind=" icsview find --k
expect "board" icsview find --kind = bo
expect "place partnership programme person" icsview find -k p
expect "" icsview find -n 5 sh
expect "--max-depth=" icsview check --max-d
expect "--max-file-size= --max-depth= --max-scalar= --max-aliases= --max-alias-bytes= --max-anchor-bytes= --max-entities= --max-errors=" \
	icsview check --max-
expect "--json" icsview show --j
expect "--json" "$bin" tree --j
expect "--depth=" "$bin" tree --de
expect "--rebuild" icsview show --r
expect "history help" icsview h
expect "--json" icsview history --j
expect "export" icsview exp
expect "--format= --filter=" icsview export --f
expect "--links" icsview export --l
expect "csv" icsview export --format c
expect "diagram diff" icsview di
expect "diff" icsview dif
expect "--new= --notes=" icsview diff --old a --n
expect "--since=" icsview --si
expect "--since=" icsview --fresh --s
expect "--fresh" icsview --since old --f
expect "md" icsview diff -F m
expect "--filter= --format=" icsview diff --f
expect "" icsview diff --filter kind:
expect "json csv dot svg png md" icsview export -F ""
expect "svg" icsview export --format s
expect "--all --ascii" icsview export --a
expect "dot" icsview export --format = d
expect "" icsview export --rel me
expect "review" icsview rev
# review: list, export, history or import once, its options, the formats of its own
expect "list export history import" icsview review ""
expect "export" icsview review e
expect "history" icsview review h
expect "--json" icsview review history --j
expect "list" icsview review --notes n.db -F md l
expect "list export history import" icsview review -m x --format = csv ""
expect "import" icsview review i
expect "--dry-run" icsview review import --d
expect "" icsview review list ""
expect "" icsview review -o x.md export ""
expect "--notes=" icsview review list --n
expect "--output=" icsview review export --o
expect "-F --format= -o --output= --filter= --json --dry-run -h --help -m --model= --notes= --ascii --progress --color=" icsview review export -
expect "text md csv json" icsview review list -F ""
expect "csv" icsview review export --format c
expect "json" icsview review export --format = j
expect "md" icsview review list --format=m
expect "--version" icsview --v
expect "--notes=" icsview --no
expect "--ascii" icsview -m x --as
expect "always" icsview --color = al
expect "auto always never" icsview --color =
expect "never" icsview --color=n
# a command only as the first argument: here the interface's options
expect "--help" icsview -m show --h
# entity ids from the model given with -m (split at = as bash does)
expect "n-system n-sheffield n-sth" "$bin" show -m "$test_model" n-s
expect "n-sheffield" "$bin" show --model = "$test_model" n-sh
expect "n-system n-sheffield n-sth" "$bin" history -m "$test_model" n-s
expect "n-board" "$bin" tree --model="$test_model" --depth 1 n-b
expect "n-doncaster" "$bin" tree -d 2 -m "$test_model" n-d
expect "" "$bin" tree -m "$test_model" no-such-
expect "n-board" "$bin" export --format md -m "$test_model" --filter kind:board n-b
expect "nested-doc" "$bin" show --json -m"$test_model" ne
# diagram: its options, no value completed for them, ids
expect "--rel= --rebuild" icsview diagram --r
expect "--width=" icsview diagram --w
expect "" icsview diagram --width 8
expect "n-board" "$bin" diagram --depth 2 -m "$test_model" n-b
ICSVIEW_MODEL=$test_model expect "other-doc" "$bin" show o
# the model before the command, ids in any case
expect "n-sth" "$bin" -m "$test_model" show N-ST
expect "n-sheffield" "$bin" --model="$test_model" --color=never tree N-SH
expect "n-board" "$bin" show --ascii -m "$test_model" N-b
# global options after a command, help's commands
expect "--ascii" icsview show --as
expect "never" icsview tree --color=n
expect "--notes=" icsview find --no
expect "show" icsview help sh
expect "check find show history tree export diagram review diff import" icsview -m x help ""
expect "" icsview help show ""
# paths for -m, and none for the values of the limits
mkdir models && : >models/a.yaml
expect "models/a.yaml" icsview show -m models/
expect "models/a.yaml" icsview tree --model = models/
expect "" icsview check --max-depth 6
expect "models" icsview check mod
# files for --notes (the interface's and review's) and review's -o
mkdir notes && : >notes/a.db
expect "notes/a.db" icsview --notes notes/
expect "notes/a.db" icsview --notes = notes/
expect "notes/a.db" icsview -m models --notes notes/
expect "notes/a.db" icsview review list --notes notes/
expect "notes/a.db" icsview review export --notes = notes/
expect "notes/a.db" icsview review export -o notes/
expect "notes/a.db" icsview review export --output notes/
expect "models/a.yaml" icsview review list -m models/
expect "notes/a.db" icsview review import notes/
expect "notes/a.db" icsview review import --dry-run notes/

if ((failures > 0)); then
	echo "$failures completion test(s) failed" >&2
	exit 1
fi
