#!/usr/bin/env python3
"""The ceiling for `keel progress --json`: the same load series computed by
pandas and the independent `acwr` package (pip install pandas acwr).

    acwr_pandas.py DB TODAY OUT.json

Reads Keel's SQLite file DB the way Keel does (every session with minutes
and a session RPE; load = RPE x minutes, summed a day, rest days 0, from the
first session to TODAY) and writes, for every day, the weekly load,
monotony and strain (7 days) and the three acute:chronic ratios (7 and 28
days): the numbers `keel progress --json` prints in `load` and `acwr`.
"""

import json
import sqlite3
import sys

import acwr
import pandas as pd


def main() -> None:
    db, today, out = sys.argv[1:4]
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        sessions = pd.read_sql_query(
            "SELECT date, minutes, session_rpe FROM sessions"
            " WHERE minutes IS NOT NULL AND session_rpe IS NOT NULL ORDER BY date",
            conn,
        )
    sessions["load"] = acwr.srpe_load(sessions, duration_col="minutes", rpe_col="session_rpe")
    load = acwr.daily_load(sessions, start=sessions["date"].iloc[0], end=today)
    frame = pd.DataFrame(
        {
            "load": load,
            "weekly": load.rolling(7).sum(),
            "monotony": acwr.monotony(load, 7),
            "strain": acwr.strain(load, 7),
            "coupled": acwr.acwr(load, 7, 28, method="rac"),
            "uncoupled": acwr.acwr(load, 7, 28, method="rau"),
            "ewma": acwr.acwr(load, 7, 28, method="ewma"),
        }
    )
    frame.index = frame.index.strftime("%Y-%m-%d")
    frame = frame.astype(object).where(frame.notna(), None)
    with open(out, "w") as f:
        json.dump(frame.reset_index(names="date").to_dict(orient="records"), f)


if __name__ == "__main__":
    main()
