//! The subcommands of `verilink`, one file each; `main.rs` only parses and dispatches.

mod bootstrap;
mod console;
mod keys;
mod secrets;
mod serve;

use verilink::config::{Cli, Command, EnvironmentArg, GlobalArgs, SecretsCommand};
use verilink::domain::tenant::Environment;
use verilink::store::migrate;

/// Why a subcommand failed, as `verilink: <message>` says it.
pub struct Failed(pub String);

impl<E: std::fmt::Display> From<E> for Failed {
    fn from(err: E) -> Self {
        Failed(err.to_string())
    }
}

pub async fn run(cli: Cli) -> Result<(), Failed> {
    match cli.command {
        Command::Serve(args) => Ok(serve::run(&cli.global, *args).await?),
        Command::Migrate => {
            let applied = migrate::migrate_url(&cli.global.database_url()?)?;
            println!("applied {} migration(s)", applied.len());
            Ok(())
        }
        Command::Bootstrap { org } => bootstrap::run(&mut connect(&cli.global)?, &org),
        Command::Keys(command) => keys::run(&mut connect(&cli.global)?, command),
        Command::Secrets(SecretsCommand::Reseal) => secrets::reseal(&cli.global),
        Command::Console(command) => console::run(&mut connect(&cli.global)?, command),
    }
}

fn environment(arg: EnvironmentArg) -> Environment {
    match arg {
        EnvironmentArg::Sandbox => Environment::Sandbox,
        EnvironmentArg::Live => Environment::Live,
    }
}

/// A connection to the configured database, migrated first.
fn connect(global: &GlobalArgs) -> Result<diesel::PgConnection, Failed> {
    use diesel::Connection;
    let url = global.database_url()?;
    migrate::migrate_url(&url)?;
    diesel::PgConnection::establish(&url)
        .map_err(|e| Failed(format!("cannot connect to the database: {e}")))
}
