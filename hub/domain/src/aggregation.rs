//! Aggregation (R4): being built, see issue 3.
