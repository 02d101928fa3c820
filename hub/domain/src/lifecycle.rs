//! The code lifecycle (R3): being built, see issue 3.
