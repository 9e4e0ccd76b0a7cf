//! Shared helpers for the cross-crate tests (the tests themselves are in this folder's `*.rs` test targets).
