//! The `verilink` binary: parses the command line and runs the subcommand (`cmd/`).

mod cmd;

use std::io::IsTerminal;
use std::process::ExitCode;

use clap::Parser;
use tracing_subscriber::EnvFilter;
use verilink::config::{Cli, LogFormat};

fn init_logging(format: LogFormat) {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(std::io::stderr().is_terminal())
        .with_writer(std::io::stderr);
    match format {
        LogFormat::Text => builder.init(),
        LogFormat::Json => builder.json().init(),
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    init_logging(cli.global.log_format);
    match cmd::run(cli).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(cmd::Failed(message)) => {
            eprintln!("verilink: {message}");
            ExitCode::FAILURE
        }
    }
}
