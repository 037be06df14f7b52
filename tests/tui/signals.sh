#!/bin/sh
# A signal that ends the interface (SIGHUP: a dropped SSH connection;
# SIGTERM) leaves the terminal as it was.  (signal_race.py: one that comes
# while the screen is drawn.)
. "$(dirname "$0")/lib.sh"

cooked() { grep -q ' icanon' "$WORK/stty" && grep -q ' echo ' "$WORK/stty"; }

start 80 24 "$NESTED"
wait_for "South Yorkshire" >/dev/null
kill -HUP "$(pid_of)"
check "SIGHUP ends the interface" wait_for "EXIT=129"
check "the terminal is back in cooked mode after SIGHUP" cooked

start 80 24 "$NESTED"
wait_for "South Yorkshire" >/dev/null
kill -TERM "$(pid_of)"
check "SIGTERM ends it too" wait_for "EXIT=143"
check "the terminal is back in cooked mode after SIGTERM" cooked

finish
