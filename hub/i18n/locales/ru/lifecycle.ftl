# Code lifecycle and aggregation (R3, R4).
