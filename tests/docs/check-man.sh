#!/bin/sh
# Checks that man pages render without a warning, with groff and with man.
# Usage: check-man.sh PAGE...
set -u
status=0
for page in "$@"; do
	out=$(groff -ww -z -man "$page" 2>&1)
	if [ -n "$out" ]; then
		printf '%s: groff -ww -z -man:\n%s\n' "$page" "$out" >&2
		status=1
	fi
	if command -v man >/dev/null 2>&1; then
		out=$(LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -l "$page" 2>&1 >/dev/null)
		if [ -n "$out" ]; then
			printf '%s: man --warnings -l:\n%s\n' "$page" "$out" >&2
			status=1
		fi
	fi
	[ $status = 0 ] && echo "ok: $page"
done
exit $status
