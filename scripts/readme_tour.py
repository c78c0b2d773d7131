"""The README's tour, run: every command in a ``console`` block of README.md that shows output is
run, and its output written under it (``--write``) or compared with what is there (the default,
and tests/test_readme.py).

A command is a line starting with ``$ ``; the lines after it, up to a blank line or the next
command, are what it prints in a terminal 100 columns wide, with ``(exit status N)`` last when N
is not 0. Durations ("in 2.8 s") are compared as any duration.

    .venv/bin/python scripts/readme_tour.py            # exit 1 and a diff when the README is stale
    .venv/bin/python scripts/readme_tour.py --write    # regenerate the output blocks
"""

from __future__ import annotations

import argparse
import difflib
import fcntl
import os
import pty
import re
import select
import struct
import subprocess
import sys
import termios
import time
from dataclasses import dataclass
from pathlib import Path

import pyte  # the test extra

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
#: The terminal width the outputs are shown at: a README is read in a browser, wider than 80.
COLUMNS = 100
_DURATION = re.compile(r"\b\d+(?:\.\d+)? (?:s|ms)\b")
#: Settings that would point the commands at other data than the shipped letter.
_UNSET = ("TBGRAPH_DATA_ROOT", "TBGRAPH_STORE", "TBGRAPH_STORE_URL", "TBGRAPH_ENGINE", "TBGRAPH_DEBUG")


@dataclass
class Step:
    """One ``$ command`` of the README, with the output shown under it (``None``: none shown)."""

    command: str
    line: int  # 0-based index of the command's line in the README
    output: list[str] | None

    @property
    def end(self) -> int:
        return self.line + 1 + len(self.output or [])


def steps(text: str) -> list[Step]:
    """The commands of every ``console`` block, in order."""
    found: list[Step] = []
    lines = text.splitlines()
    inside = False
    current: Step | None = None
    for index, line in enumerate(lines):
        if line.startswith("```"):
            inside = line.strip() == "```console" and not inside
            current = None
            continue
        if not inside:
            continue
        if line.startswith("$ "):
            current = Step(line[2:].strip(), index, None)
            found.append(current)
        elif not line.strip():
            current = None
        elif current is not None:
            current.output = [*(current.output or []), line]
    return found


def in_terminal(argv: list[str], columns: int, cwd: Path = ROOT, timeout: float = 300) -> tuple[int, str]:
    """Run ``argv`` with its output going to a terminal ``columns`` wide (a pseudo-terminal), as a
    person sees it: the exit status and the screen it leaves, stdout and stderr as they came,
    without colours. A terminal, not a pipe, because a command sizes its tables to the terminal."""
    env = {k: v for k, v in os.environ.items() if k not in _UNSET and k not in ("COLUMNS", "LINES")}
    env.update(NO_COLOR="1", TERM="xterm", PATH=f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}")
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 50, columns, 0, 0))
    process = subprocess.Popen(
        argv, stdin=subprocess.DEVNULL, stdout=follower, stderr=follower, cwd=cwd, env=env, close_fds=True
    )
    os.close(follower)
    deadline = time.monotonic() + timeout
    chunks = []
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([leader], [], [], max(0.0, deadline - time.monotonic()))
            if not ready:
                continue
            try:
                data = os.read(leader, 65536)
            except OSError:  # EIO: the command and everything it started have closed the terminal
                break
            if not data:
                break
            chunks.append(data)
        else:
            process.kill()
        status = process.wait(timeout=10)
    finally:
        os.close(leader)
    return status, _screen(b"".join(chunks), columns)


def _screen(output: bytes, columns: int) -> str:
    """What ``output`` leaves on a terminal: a spinner that rewrote its line or was erased is gone,
    as on screen (pyte, a VT100 emulator, replays the control sequences)."""
    screen = pyte.Screen(columns, 5000)
    pyte.ByteStream(screen).feed(output)
    return "\n".join(line.rstrip() for line in screen.display[: screen.cursor.y + 1])


def run(command: str) -> list[str]:
    """What ``command`` prints in bash at :data:`COLUMNS` columns, with the project's tbgraph first on PATH."""
    status, text = in_terminal(["bash", "-c", command], COLUMNS)
    lines = [line.rstrip() for line in text.splitlines()]
    while lines and not lines[-1]:
        lines.pop()
    if status != 0:
        lines.append(f"(exit status {status})")
    return lines


def comparable(lines: list[str]) -> list[str]:
    return [_DURATION.sub("N s", line.rstrip()) for line in lines]


def regenerated(text: str) -> str:
    """The README with every shown output replaced by the command's output now."""
    lines = text.splitlines()
    for step in reversed(steps(text)):
        if step.output is not None:
            lines[step.line + 1 : step.end] = run(step.command)
    return "\n".join(lines) + ("\n" if text.endswith("\n") else "")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--write", action="store_true", help="write the outputs into README.md")
    args = parser.parse_args(argv)
    text = README.read_text(encoding="utf-8")
    fresh = regenerated(text)
    if args.write:
        README.write_text(fresh, encoding="utf-8")
        print(f"wrote {README.relative_to(ROOT)}", file=sys.stderr)
        return 0
    if comparable(text.splitlines()) == comparable(fresh.splitlines()):
        print("README.md: every output is current", file=sys.stderr)
        return 0
    sys.stdout.writelines(difflib.unified_diff(text.splitlines(True), fresh.splitlines(True), "README.md", "run"))
    print("README.md is stale: run .venv/bin/python scripts/readme_tour.py --write", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
