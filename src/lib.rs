//! Verilink: identity-verification inquiries, sessions and single-use links over gRPC and HTTP.

pub mod api;
pub mod app;
pub mod clock;
pub mod config;
pub mod contract;
pub mod domain;
pub mod http;
pub mod net;
pub mod server;
pub mod store;
pub mod telemetry;
pub mod worker;

/// Generated `verilink.v1` messages and service traits.
pub mod pb {
    #![allow(clippy::all, clippy::pedantic)]
    tonic::include_proto!("verilink.v1");

    /// The encoded descriptor set of the contract, served by reflection.
    pub const FILE_DESCRIPTOR_SET: &[u8] =
        include_bytes!(concat!(env!("OUT_DIR"), "/verilink_descriptor.bin"));
}
