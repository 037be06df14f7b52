#!/usr/bin/env python3
"""timecmd.py NAME -- COMMAND...: runs COMMAND (stdout discarded), prints
BENCH lines with its wall time and peak RSS (the child's ru_maxrss)."""
import resource
import subprocess
import sys
import time

name = sys.argv[1]
cmd = sys.argv[sys.argv.index("--") + 1:]
t0 = time.monotonic()
rc = subprocess.call(cmd, stdout=subprocess.DEVNULL)
dt = time.monotonic() - t0
rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024.0
if rc != 0:
    print(f"   {name}: exit status {rc}", file=sys.stderr)
    sys.exit(0)
print(f"BENCH name={name}_time value={dt:.6g} unit=s")
print(f"BENCH name={name}_rss value={rss:.6g} unit=MB")
