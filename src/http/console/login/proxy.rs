//! Logging in through a trusted reverse proxy's user and groups headers.

use super::*;

/// The user a trusted proxy names on this request, if the console believes proxies.
pub fn proxied_user(state: &HttpState, peer: IpAddr, headers: &HeaderMap) -> Option<String> {
    let proxy = state.config.console_login.proxy.as_ref()?;
    if !crate::http::is_trusted_proxy(&state.config.trusted_proxies, peer) {
        return None;
    }
    let user = headers.get(proxy.user.as_str())?.to_str().ok()?.trim();
    (!user.is_empty()).then(|| user.to_owned())
}

/// `GET /login/proxy`: a session for the user a trusted proxy names, with the groups it says.
pub async fn proxy_login(
    State(state): State<HttpState>,
    ConnectInfo(peer): ConnectInfo<Peer>,
    headers: HeaderMap,
) -> Response {
    let visit = Visit::of(&state, &headers);
    let (Some(proxy), Some(user)) = (
        state.config.console_login.proxy.as_ref(),
        proxied_user(&state, peer.addr.ip(), &headers),
    ) else {
        return login_refused(
            &visit,
            StatusCode::UNAUTHORIZED,
            "No trusted proxy named a user on this request.",
        );
    };
    let text = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .trim()
            .to_owned()
    };
    let email = Some(text(&proxy.email))
        .filter(|e| !e.is_empty())
        .unwrap_or_else(|| user.clone());
    let groups: Vec<String> = text(&proxy.groups)
        .split(',')
        .map(|g| g.trim().to_owned())
        .filter(|g| !g.is_empty())
        .collect();
    enter(
        &state,
        &visit,
        format!("proxy:{user}"),
        email,
        &groups,
        LoginMethod::Proxy,
    )
    .await
}
