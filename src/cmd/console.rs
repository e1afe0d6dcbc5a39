//! `verilink console login-link`: a single-use way into the console.

use verilink::app::operators;
use verilink::clock::{Clock, SystemClock};
use verilink::config::ConsoleCommand;

use super::Failed;

pub fn run(conn: &mut diesel::PgConnection, command: ConsoleCommand) -> Result<(), Failed> {
    let ConsoleCommand::LoginLink {
        org,
        email,
        role,
        console,
    } = command;
    let role = role.role();
    let link = operators::issue_login_link(
        conn,
        &console.console_url,
        &org,
        &email,
        role,
        SystemClock.now(),
    )?;
    println!(
        "{} ({} of {org}), single use, until {}: {}",
        email,
        role.as_str(),
        link.expires_at.format("%Y-%m-%dT%H:%M:%SZ"),
        link.url
    );
    Ok(())
}
