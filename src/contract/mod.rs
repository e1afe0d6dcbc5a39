//! The contract (`verilink.v1`) as the service speaks it: the generated messages, conversions
//! between them and the domain, their proto3 JSON mapping, Persona's shapes of them, and QR
//! codes of link URLs.

pub mod convert;
pub mod json;
pub mod persona;
pub mod qr;
