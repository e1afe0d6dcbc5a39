//! `verilink keys create|list|revoke`: API keys, named after what uses them.

use verilink::app::tenancy;
use verilink::clock::{Clock, SystemClock};
use verilink::config::KeysCommand;

use super::{environment, Failed};

pub fn run(conn: &mut diesel::PgConnection, command: KeysCommand) -> Result<(), Failed> {
    let now = SystemClock.now();
    match command {
        KeysCommand::Create { org, env, name } => {
            let (row, key) = tenancy::create_key(conn, &org, environment(env), &name, now)?;
            println!(
                "{} API key {} ({}): {}",
                row.tenant.environment.as_str(),
                row.id,
                row.name,
                key.secret
            );
        }
        KeysCommand::List => {
            // The name is last: it may hold spaces, and scripts read the columns before it.
            println!(
                "{:<28} {:<22} {:<8} {:<22} {:<21} {:<21} NAME",
                "ID", "ORGANIZATION", "ENV", "PREFIX", "CREATED", "REVOKED"
            );
            for (key, org) in tenancy::list_keys(conn)? {
                println!(
                    "{:<28} {:<22} {:<8} {:<22} {:<21} {:<21} {}",
                    key.id,
                    org,
                    key.tenant.environment.as_str(),
                    format!("{}…", key.display_prefix),
                    key.create_time.format("%Y-%m-%dT%H:%M:%SZ"),
                    key.revoke_time
                        .map_or("-".into(), |t| t.format("%Y-%m-%dT%H:%M:%SZ").to_string()),
                    key.name,
                );
            }
        }
        KeysCommand::Revoke { key_id } => {
            let key = tenancy::revoke_key(conn, &key_id, now)?;
            println!("revoked {}", key.id);
        }
    }
    Ok(())
}
