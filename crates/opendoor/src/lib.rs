//! The `opendoor` shells around the pure core and the record: the CLI, the ledger (SQLite),
//! the HTTP server and the explorer's embedded assets.

pub mod cli;
pub mod export;
pub mod ledger;
pub mod membership;
pub mod render;
pub mod serve;
pub mod server;
