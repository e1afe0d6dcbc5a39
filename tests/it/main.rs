//! Integration tests through the public gRPC API against a real PostgreSQL.

mod browser;
mod common;

mod cli;
mod health;
mod hostile;
mod hosted;
mod http;
mod idempotency;
mod inquiries;
mod links;
mod maintenance;
mod migrations;
mod receiver;
mod redaction;
mod sessions;
mod templates;
mod tenancy;
mod watch;
mod webhooks;
