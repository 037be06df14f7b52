#!/bin/sh
# The exe_wrapper of `meson test --setup=valgrind` (tests/meson.build): runs
# one unit test under `valgrind --leak-check=full --error-exitcode=1`,
# following the processes it starts.
#
# Criterion runs every test in a worker that it starts by executing the test
# binary again, and the CLI tests run the real icsview through /bin/sh: both
# are exec()s, so --trace-children=yes is what puts the tests themselves and
# the icsview they run under valgrind (without it only criterion's runner
# would be checked).  Programs that are not ours are skipped (run natively):
# python3 and pyenv, which the JSON checks use, and everything under /usr
# (coreutils, bash); /bin/sh is traced so that the icsview it starts is too.
#
# A process a test forks without exec (to kill it with a signal, or to set
# a limit on it alone) ends by the signal or _exit with what it holds
# allocated: valgrind is silent in it (--child-silent-after-fork); the code
# such a child runs is checked where the tests run it in their own process.
#
# Each process writes its report to a log of its own (-q: only errors), so
# that valgrind's messages never mix with the stderr the CLI tests compare.
# The test fails if the test binary itself fails (valgrind exits 1 on any
# error in it) or if any log is not empty: an error or leak in an icsview
# that a test expected to exit with 1 would otherwise go unseen.
set -u
here=$(cd "$(dirname "$0")" && pwd)
logs=$(mktemp -d "${TMPDIR:-/tmp}/icsview-valgrind-XXXXXX") || exit 1
valgrind -q --leak-check=full --error-exitcode=1 \
	--trace-children=yes --child-silent-after-fork=yes --vgdb=no \
	--trace-children-skip='/usr/*,*/.pyenv/*,*python*' \
	--suppressions="$here/valgrind.supp" \
	--log-file="$logs/%p.log" \
	"$@"
rc=$?
found=0
for log in "$logs"/*.log; do
	[ -s "$log" ] || continue
	found=1
	echo "== valgrind: $log" >&2
	cat "$log" >&2
done
rm -rf "$logs"
if [ "$found" -ne 0 ]; then
	echo "valgrind: errors or leaks reported above" >&2
	[ "$rc" -ne 0 ] || rc=1
fi
exit "$rc"
