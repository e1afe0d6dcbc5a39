//! `verilink secrets reseal`: after changing `VERILINK_ENCRYPTION_KEY`, seal every stored
//! secret with the new key.

use diesel::Connection;
use verilink::config::GlobalArgs;

use super::{connect, Failed};

pub fn reseal(global: &GlobalArgs) -> Result<(), Failed> {
    let keyring = global.keyring()?;
    if keyring.current.is_none() {
        return Err(Failed(
            "set VERILINK_ENCRYPTION_KEY (and, while rotating, \
             VERILINK_ENCRYPTION_KEY_PREVIOUS) to reseal"
                .into(),
        ));
    }
    let (webhooks, emails) = connect(global)?.transaction(|conn| {
        Ok::<_, verilink::app::Error>((
            verilink::app::webhooks::reseal_all(conn, &keyring)?,
            verilink::app::email::reseal_queued(conn, &keyring)?,
        ))
    })?;
    println!("resealed the secrets of {webhooks} webhook(s) and {emails} queued email(s)");
    Ok(())
}
