//! `verilink bootstrap --org <name>`: an organization to start with, printed once.

use verilink::app::tenancy;
use verilink::clock::{Clock, SystemClock};

use super::Failed;

pub fn run(conn: &mut diesel::PgConnection, org: &str) -> Result<(), Failed> {
    let made = tenancy::bootstrap(conn, org, SystemClock.now())?;
    let organization = &made.organization;
    let state = if made.created {
        "created"
    } else {
        "already existed"
    };
    println!(
        "organization {} ({}) {state}",
        organization.id, organization.name
    );
    for template in &made.templates {
        let env = template.tenant.environment.as_str();
        println!("{env} template KYC: {}", template.id);
    }
    for (row, key) in &made.keys {
        let env = row.tenant.environment.as_str();
        println!("{env} API key {} ({}): {}", row.id, row.name, key.secret);
    }
    println!("Keys are shown only now; store them safely.");
    Ok(())
}
