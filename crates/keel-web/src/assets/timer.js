// Hold and rest timer (being written).
