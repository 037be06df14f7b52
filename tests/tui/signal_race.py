#!/usr/bin/env python3
"""A signal that ends the interface while it draws the screen must end it.

The real binary runs in a pseudo-terminal; after its first screen it gets a
key (j), then SIGTERM a few tens of microseconds later, while it is still
drawing.  It must exit at once.  Before read_key (src/tui/tui.c) the signal,
handled before the next wait for a key had begun, left it waiting for a key
that never came: 26 of 200 runs hung.  Prints TAP.

usage: signal_race.py ICSVIEW_BINARY MODEL_FILE [RUNS]
"""
import os
import pty
import select
import signal
import sys
import tempfile
import time

WAIT_EXIT = 3.0      # seconds: a hang, not a slow machine


def read_until(fd, text, seconds):
    seen = b""
    end = time.monotonic() + seconds
    while text not in seen and time.monotonic() < end:
        ready, _, _ = select.select([fd], [], [], 0.05)
        if ready:
            try:
                seen += os.read(fd, 65536)
            except OSError:
                break
    return text in seen


def drain(fd):
    while select.select([fd], [], [], 0)[0]:
        try:
            os.read(fd, 65536)
        except OSError:
            return


def one_run(binary, model, work, delay):
    """True when the interface ended within WAIT_EXIT seconds."""
    pid, fd = pty.fork()
    if pid == 0:
        os.environ.update(TERM="xterm", LC_ALL="C.UTF-8", HOME=work,
                          XDG_CACHE_HOME=os.path.join(work, "cache"),
                          XDG_DATA_HOME=os.path.join(work, "data"))
        os.execv(binary, [binary, "-m", model])
    try:
        if not read_until(fd, b"South Yorkshire", 20):
            return None          # never drew: reported apart
        time.sleep(0.02)
        drain(fd)
        os.write(fd, b"j")
        start = time.perf_counter()
        while time.perf_counter() - start < delay:
            pass
        os.kill(pid, signal.SIGTERM)
        end = time.monotonic() + WAIT_EXIT
        while time.monotonic() < end:
            drain(fd)
            done, _ = os.waitpid(pid, os.WNOHANG)
            if done:
                pid = 0
                return True
            time.sleep(0.01)
        return False
    finally:
        if pid:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        os.close(fd)


def main():
    # a timeout's SIGTERM unwinds: each run's finally kills its interface
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    binary, model = sys.argv[1], sys.argv[2]
    runs = int(sys.argv[3]) if len(sys.argv) > 3 else 100
    hung = never_drew = 0
    with tempfile.TemporaryDirectory(prefix="icsview-race-") as work:
        for i in range(runs):
            result = one_run(binary, model, work, (i % 40) * 0.00005)
            if result is None:
                never_drew += 1
            elif not result:
                hung += 1
    print("1..2")
    print(("ok" if never_drew == 0 else "not ok") +
          f" 1 - the interface drew its first screen in each of {runs} runs"
          + (f" (not in {never_drew})" if never_drew else ""))
    print(("ok" if hung == 0 else "not ok") +
          f" 2 - SIGTERM while the screen is drawn ends it at once"
          f" ({hung} of {runs} runs hung)")
    return 0 if hung == 0 and never_drew == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
