//! Integration tests through the public gRPC API against a real PostgreSQL.

mod actors;
mod backup;
mod browser;
mod common;

mod cli;
mod console;
mod console_login;
mod egress;
mod email;
mod encoding;
mod health;
mod hosted;
mod hostile;
mod http;
mod idempotency;
mod inquiries;
mod limits;
mod links;
mod maintenance;
mod migrations;
mod observability;
mod persona;
mod readme_rest;
mod receiver;
mod recipients;
mod redaction;
mod repeated;
mod rest;
mod sessions;
mod slow_clients;
mod smtp;
mod templates;
mod tenancy;
mod watch;
mod webhooks;
