//! Tanba's PKI layer (R16): being built; see issue 6.
