//! Integration tests through the public gRPC API against a real PostgreSQL.

mod common;

mod cli;
mod email;
mod health;
mod http;
mod idempotency;
mod inquiries;
mod links;
mod maintenance;
mod migrations;
mod receiver;
mod redaction;
mod sessions;
mod smtp;
mod templates;
mod tenancy;
mod watch;
mod webhooks;
