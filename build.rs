//! Compiles the verilink.v1 contract with protox (pure Rust, no system protoc) and writes the
//! descriptor set that server reflection and the REST gateway use.

use std::path::PathBuf;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let proto_dir = PathBuf::from("proto");
    let mut files: Vec<PathBuf> = std::fs::read_dir(proto_dir.join("verilink/v1"))?
        .map(|entry| entry.map(|e| e.path()))
        .collect::<Result<_, _>>()?;
    files.retain(|p| p.extension().is_some_and(|ext| ext == "proto"));
    files.sort();
    println!("cargo:rerun-if-changed=proto");

    let mut compiler = protox::Compiler::new([&proto_dir])?;
    compiler
        .include_source_info(true)
        .include_imports(true)
        .open_files(&files)?;
    let descriptors = compiler.file_descriptor_set();
    let out_dir = PathBuf::from(std::env::var("OUT_DIR")?);
    // Encoded by protox rather than prost, so custom options (the `google.api.http` rules the
    // REST gateway routes by) survive: prost's types would drop them as unknown fields.
    std::fs::write(
        out_dir.join("verilink_descriptor.bin"),
        compiler.encode_file_descriptor_set(),
    )?;
    // Type names (`prost::Name`) let the JSON codec find each message's descriptor.
    let mut config = tonic_prost_build::Config::new();
    config.enable_type_names();
    // Ordered maps encode deterministically, so equal requests hash equally (idempotency keys).
    // A request that is not valid protobuf is the caller's error (INVALID_ARGUMENT), not ours.
    tonic_prost_build::configure()
        .codec_path("crate::api::codec::Codec")
        .btree_map(".")
        .build_client(false)
        .compile_fds_with_config(descriptors, config)?;
    Ok(())
}
