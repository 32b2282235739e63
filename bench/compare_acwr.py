#!/usr/bin/env python3
"""compare_acwr.py KEEL.json PANDAS.json: the largest difference between
`keel progress --json`'s load and acwr series and acwr_pandas.py's, over
every day both give a finite number; fails when a day is in one and not
the other, or a difference is over 1e-9 (relative)."""

import json
import math
import sys

keel = json.load(open(sys.argv[1]))
ours = {row["date"]: row for row in json.load(open(sys.argv[2]))}
pairs = {
    ("load", "load"): "load",
    ("load", "weekly"): "weekly",
    ("load", "monotony"): "monotony",
    ("load", "strain"): "strain",
    ("acwr", "coupled"): "coupled",
    ("acwr", "uncoupled"): "uncoupled",
    ("acwr", "ewma"): "ewma",
}
worst, compared, missing = 0.0, 0, []
for (series, field), theirs in pairs.items():
    for day in keel[series]:
        row = ours.get(str(day["date"]))
        if row is None:
            missing.append(day["date"])
            continue
        a, b = day.get(field), row.get(theirs)
        finite = lambda v: v is not None and math.isfinite(v)
        if finite(a) and finite(b):
            worst = max(worst, abs(a - b) / max(1.0, abs(b)))
            compared += 1
        elif finite(a) != finite(b) and field != "monotony" and field != "strain":
            missing.append((day["date"], field, a, b))
print(f"{compared} values compared, largest relative difference {worst:.1e}")
if missing:
    print(f"{len(missing)} values in one and not the other, e.g. {missing[:3]}")
sys.exit(0 if worst <= 1e-9 and not missing else 1)
