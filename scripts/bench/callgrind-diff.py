#!/usr/bin/env python3
"""Instructions per call from two callgrind profiles of the same run at two sizes.

Usage: callgrind-diff.py SMALLER LARGER CALLS [--top N]

SMALLER and LARGER are callgrind output files (valgrind --tool=callgrind) of one benchmark run at two sizes;
CALLS is how many more calls LARGER made. Start-up, warm-up and shutdown are the same in both, so the
difference divided by CALLS is what one more call costs. Prints the total and the functions that cost the most
per call (their own instructions, not their callees'), demangled when `swift demangle` is on PATH, after
the same split by executable or library (those with at least 1 % of the total).
"""
import argparse
import os
import re
import shutil
import subprocess
import sys

# `fn=(12) name` names function 12 the first time; later `fn=(12)` refers to it (callgrind's name compression).
NAMED = re.compile(r"^\((\d+)\)(?: (.*))?$")


class Profile:
    """The instructions of one callgrind output file, in all and by function (exclusive)."""

    def __init__(self, path):
        self.total = None
        self.by_function = {}
        objects, names = {}, {}
        current = None
        call_cost_follows = False
        obj = ""
        with open(path, encoding="utf-8", errors="replace") as lines:
            for line in lines:
                line = line.rstrip("\n")
                if not line:
                    continue
                if line.startswith("ob="):
                    obj = self._name(line[3:], objects)
                elif line.startswith("fn="):
                    current = (self._name(line[3:], names), obj)
                elif line.startswith(("cfn=", "cfi=", "cfl=", "cob=")):
                    # The callee's name is compressed the same way; record it so later references resolve.
                    if line.startswith("cfn="):
                        self._name(line[4:], names)
                    elif line.startswith("cob="):
                        self._name(line[4:], objects)
                elif line.startswith("calls="):
                    call_cost_follows = True
                elif line.startswith(("summary:", "totals:")):
                    self.total = int(line.split()[1])
                elif line[0].isdigit() or line[0] in "+-*":
                    if current is None:
                        continue
                    if call_cost_follows:
                        # The cost of a call: the callee's instructions, counted where the callee is.
                        call_cost_follows = False
                        continue
                    fields = line.split()
                    if len(fields) >= 2:
                        self.by_function[current] = self.by_function.get(current, 0) + int(fields[-1])
        if self.total is None:
            self.total = sum(self.by_function.values())

    @staticmethod
    def _name(text, table):
        match = NAMED.match(text)
        if not match:
            return text
        if match.group(2) is not None:
            table[match.group(1)] = match.group(2)
        return table.get(match.group(1), text)


def demangled(names):
    swift = shutil.which("swift")
    if not swift or not names:
        return names
    try:
        result = subprocess.run([swift, "demangle", "--simplified", "--compact"], input="\n".join(names),
                                capture_output=True, text=True, timeout=60, check=True)
    except (OSError, subprocess.SubprocessError):
        return names
    lines = result.stdout.splitlines()
    return lines if len(lines) == len(names) else names


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("smaller")
    parser.add_argument("larger")
    parser.add_argument("calls", type=float)
    parser.add_argument("--top", type=int, default=15)
    arguments = parser.parse_args()
    if arguments.calls <= 0:
        sys.exit("CALLS must be positive")
    smaller, larger = Profile(arguments.smaller), Profile(arguments.larger)
    per_call = (larger.total - smaller.total) / arguments.calls
    print(f"instructions per call: {per_call:,.0f} ({smaller.total:,} and {larger.total:,} in all, "
          f"{arguments.calls:,.0f} calls apart)")
    functions = set(smaller.by_function) | set(larger.by_function)
    costs = sorted(((larger.by_function.get(f, 0) - smaller.by_function.get(f, 0)) / arguments.calls, f)
                   for f in functions)
    by_object = {}
    for cost, (_, obj) in costs:
        by_object[obj] = by_object.get(obj, 0) + cost
    print("by executable or library:")
    for obj, cost in sorted(by_object.items(), key=lambda item: -item[1]):
        if per_call > 0 and cost >= 0.01 * per_call:
            print(f"  {cost:9,.0f}  {100 * cost / per_call:4.1f} %  {os.path.basename(obj) or '?'}")
    top = [entry for entry in reversed(costs) if entry[0] > 0][:arguments.top]
    names = demangled([name for _, (name, _) in top])
    print(f"functions by their own instructions per call (top {len(top)}):")
    for (cost, (_, obj)), name in zip(top, names):
        share = 100 * cost / per_call if per_call > 0 else 0
        print(f"  {cost:9,.0f}  {share:4.1f} %  {name[:110]}  [{os.path.basename(obj) or '?'}]")


if __name__ == "__main__":
    main()
