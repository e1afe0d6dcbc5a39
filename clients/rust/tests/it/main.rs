//! The client's suite against a real server: `clients/with-server clients/rust/test`, or
//! `cargo test` with VERILINK_ADDR, VERILINK_API_KEY, VERILINK_BIN and VERILINK_DATABASE_URL
//! set. Without VERILINK_ADDR every test reports that it was skipped and passes.

mod audit;
mod commit_cut;
mod common;
mod retry;
mod watch;
mod webhook;
