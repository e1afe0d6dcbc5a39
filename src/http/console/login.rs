//! Logging in through the company's identity: OpenID Connect (authorization code with PKCE,
//! `state` bound to this browser and used once, the ID token's signature, issuer, audience,
//! expiry and nonce checked by `openidconnect`) or a trusted reverse proxy's headers. Either
//! way the person's groups decide their organization and role ([`RoleMap`]); someone in none of
//! the configured groups is refused with a page that says so.

use std::net::IpAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::extract::{ConnectInfo, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::Response;
use base64::Engine;
use openidconnect::core::{CoreAuthenticationFlow, CoreClient, CoreProviderMetadata};
use openidconnect::{
    AuthorizationCode, ClientId, ClientSecret, CsrfToken, EndpointMaybeSet, EndpointNotSet,
    EndpointSet, IssuerUrl, Nonce, PkceCodeChallenge, PkceCodeVerifier, RedirectUrl, Scope,
    TokenResponse,
};
use tokio::sync::Mutex;

use super::{first, guard, refusal, see_other, views, QueryPairs, Visit};
use crate::app::operators::Vouched;
use crate::domain::operator::{same_csrf, LoginMethod, RoleMap};
use crate::domain::secrets::SecretString;
use crate::http::json::{self, Refused};
use crate::http::HttpState;
use crate::net::Peer;

/// How long discovered provider metadata (endpoints and signing keys) is trusted before it is
/// fetched again; a token signed with a key not in it also makes the next login fetch again.
const METADATA_TTL: Duration = Duration::from_secs(600);
/// The console's client of the provider: discovered endpoints (authorization set, token and
/// user info as the provider's metadata says), a redirect URI.
type Client = CoreClient<
    EndpointSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointMaybeSet,
    EndpointMaybeSet,
>;

/// The cookie that binds a login under way to this browser (its `state`).
const LOGIN_COOKIE: &str = "verilink-console-login";

/// How operators log in besides login links (`VERILINK_OIDC_*`, `VERILINK_CONSOLE_PROXY_*`,
/// `VERILINK_CONSOLE_ROLES`).
#[derive(Debug, Clone, Default)]
pub struct LoginSettings {
    pub oidc: Option<OidcSettings>,
    pub proxy: Option<ProxyHeaders>,
    /// Which groups make whom an operator of which organization.
    pub roles: RoleMap,
}

/// The company's OpenID Connect provider.
#[derive(Debug, Clone)]
pub struct OidcSettings {
    pub issuer: String,
    pub client_id: String,
    pub client_secret: Option<SecretString>,
    /// Scopes asked for besides `openid` (e.g. `email profile groups`).
    pub scopes: Vec<String>,
    /// The ID token claim that lists the person's groups.
    pub groups_claim: String,
    metadata: Arc<Mutex<Option<(CoreProviderMetadata, Instant)>>>,
}

impl OidcSettings {
    pub fn new(
        issuer: String,
        client_id: String,
        client_secret: Option<SecretString>,
        scopes: Vec<String>,
        groups_claim: String,
    ) -> Self {
        OidcSettings {
            issuer,
            client_id,
            client_secret,
            scopes,
            groups_claim,
            metadata: Arc::default(),
        }
    }

    /// The provider's metadata, discovered (and cached) from the issuer.
    async fn metadata(&self, http: &reqwest::Client) -> Result<CoreProviderMetadata, String> {
        let mut cached = self.metadata.lock().await;
        if let Some((metadata, at)) = cached.as_ref() {
            if at.elapsed() < METADATA_TTL {
                return Ok(metadata.clone());
            }
        }
        let issuer = IssuerUrl::new(self.issuer.clone()).map_err(|e| e.to_string())?;
        let metadata = CoreProviderMetadata::discover_async(issuer, http)
            .await
            .map_err(|e| format!("discovery at {} failed: {e}", self.issuer))?;
        *cached = Some((metadata.clone(), Instant::now()));
        Ok(metadata)
    }

    /// The HTTP client that talks to the provider, and the console's client of it (its
    /// metadata discovered, its redirect URI `redirect`).
    async fn client(&self, redirect: &str) -> Result<(reqwest::Client, Client), String> {
        let http = provider_client()?;
        let client = CoreClient::from_provider_metadata(
            self.metadata(&http).await?,
            ClientId::new(self.client_id.clone()),
            self.client_secret
                .as_ref()
                .map(|s| ClientSecret::new(s.expose().to_owned())),
        )
        .set_redirect_uri(RedirectUrl::new(redirect.to_owned()).map_err(|e| e.to_string())?);
        Ok((http, client))
    }

    async fn forget_metadata(&self) {
        *self.metadata.lock().await = None;
    }
}

/// A reverse proxy's headers (oauth2-proxy, Authentik, Grafana's auth proxy): believed only
/// on connections from `VERILINK_TRUSTED_PROXIES`.
#[derive(Debug, Clone)]
pub struct ProxyHeaders {
    pub user: String,
    pub email: String,
    pub groups: String,
}

/// The HTTP client that talks to the identity provider: no redirects followed (they would
/// let a provider's answer send us elsewhere), bounded in time.
fn provider_client() -> Result<reqwest::Client, String> {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(10))
        .build()
        .map_err(|e| e.to_string())
}

fn redirect_url(state: &HttpState) -> String {
    format!("{}/login/oidc/callback", state.app.config().console.url)
}

/// A refusal of the login itself (before any session exists), logged for the operator of the
/// service with its reason.
fn login_refused(visit: &Visit, status: StatusCode, why: &str) -> Response {
    tracing::warn!(%why, "console login refused");
    views::message(visit, status, visit.t.login_failed_title, why)
}

/// `GET /login/oidc`: off to the identity provider, with PKCE, a nonce and a `state` bound to
/// this browser by a cookie.
pub async fn oidc_start(State(state): State<HttpState>, headers: HeaderMap) -> Response {
    let visit = Visit::of(&state, &headers);
    let Some(oidc) = state.config.console_login.oidc.clone() else {
        return login_refused(
            &visit,
            StatusCode::NOT_FOUND,
            "OpenID Connect login is not configured",
        );
    };
    let started = async {
        let (_, client) = oidc.client(&redirect_url(&state)).await?;
        let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
        let mut request = client.authorize_url(
            CoreAuthenticationFlow::AuthorizationCode,
            CsrfToken::new_random,
            Nonce::new_random,
        );
        for scope in &oidc.scopes {
            request = request.add_scope(Scope::new(scope.clone()));
        }
        let (url, csrf, nonce) = request.set_pkce_challenge(challenge).url();
        Ok::<_, String>((url, csrf, nonce, verifier))
    };
    let (url, csrf, nonce, verifier) = match started.await {
        Ok(started) => started,
        Err(why) => {
            tracing::warn!(%why, "identity provider unreachable");
            return views::message(
                &visit,
                StatusCode::SERVICE_UNAVAILABLE,
                visit.t.busy_title,
                "The identity provider cannot be reached; try again shortly, or ask for a login link.",
            );
        }
    };
    if let Err(err) = state
        .app
        .begin_login(csrf.secret(), nonce.secret(), verifier.secret())
        .await
    {
        return refusal(&visit, &err);
    }
    let mut response = see_other(url.as_str());
    let secure = if visit.cookies.secure() {
        "; Secure"
    } else {
        ""
    };
    // Lax, not Strict: the provider's redirect back is a cross-site navigation.
    let cookie = format!(
        "{LOGIN_COOKIE}={}; Path=/login/oidc; HttpOnly; SameSite=Lax; Max-Age=600{secure}",
        csrf.secret()
    );
    if let Ok(cookie) = HeaderValue::from_str(&cookie) {
        guard::set_cookie(&mut response, cookie);
    }
    response
}

/// An error with what caused it, as one line.
fn causes(err: &dyn std::error::Error) -> String {
    let mut text = err.to_string();
    let mut source = err.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

/// The value of `claim` in a verified ID token's payload, as a list of groups (a list of
/// strings, or one string). A payload that gives a claim twice is refused: which of the two
/// the provider meant is not ours to guess.
fn groups_of(id_token: &str, claim: &str) -> Result<Vec<String>, String> {
    let payload = id_token.split('.').nth(1).unwrap_or_default();
    let Ok(bytes) = base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(payload) else {
        return Ok(Vec::new());
    };
    let claims = match json::parse(&bytes, json::as_written) {
        Ok(claims) => claims,
        Err(Refused::Repeated(repeat)) => return Err(format!("the ID token's claim {repeat}")),
        Err(Refused::Malformed(_)) => serde_json::Value::Null,
    };
    Ok(match &claims[claim] {
        serde_json::Value::Array(items) => items
            .iter()
            .filter_map(|g| g.as_str().map(str::to_owned))
            .collect(),
        serde_json::Value::String(one) => vec![one.clone()],
        _ => Vec::new(),
    })
}

/// `GET /login/oidc/callback`: the code exchanged (with the PKCE verifier), the ID token
/// verified, the person's groups mapped to a role, a new session.
pub async fn oidc_callback(
    State(state): State<HttpState>,
    headers: HeaderMap,
    QueryPairs(pairs): QueryPairs,
) -> Response {
    let visit = Visit::of(&state, &headers);
    let Some(oidc) = state.config.console_login.oidc.clone() else {
        return login_refused(
            &visit,
            StatusCode::NOT_FOUND,
            "OpenID Connect login is not configured",
        );
    };
    if !first(&pairs, "error").is_empty() {
        let why = format!(
            "The identity provider refused the login: {} {}",
            first(&pairs, "error"),
            first(&pairs, "error_description")
        );
        return login_refused(&visit, StatusCode::UNAUTHORIZED, &why);
    }
    let returned = first(&pairs, "state");
    let ours = guard::read_cookie(&headers, LOGIN_COOKIE).unwrap_or_default();
    if returned.is_empty() || !same_csrf(&ours, returned) {
        return login_refused(
            &visit,
            StatusCode::UNAUTHORIZED,
            "This login was not started in this browser; log in again.",
        );
    }
    let (nonce, verifier) = match state.app.take_login(returned).await {
        Ok(taken) => taken,
        Err(err) => return refusal(&visit, &err),
    };
    let verified = async {
        let (http, client) = oidc.client(&redirect_url(&state)).await?;
        let tokens = client
            .exchange_code(AuthorizationCode::new(first(&pairs, "code").to_owned()))
            .map_err(|e| e.to_string())?
            .set_pkce_verifier(PkceCodeVerifier::new(verifier))
            .request_async(&http)
            .await
            .map_err(|e| format!("the code was not accepted: {}", causes(&e)))?;
        let id_token = tokens.id_token().ok_or("the provider sent no ID token")?;
        let claims = match id_token.claims(&client.id_token_verifier(), &Nonce::new(nonce)) {
            Ok(claims) => claims,
            Err(err) => {
                oidc.forget_metadata().await;
                return Err(format!("the ID token did not verify: {err}"));
            }
        };
        let email = claims
            .email()
            .map(|e| e.as_str().to_owned())
            .ok_or("the ID token has no email claim; ask for the email scope")?;
        Ok::<_, String>((
            claims.subject().as_str().to_owned(),
            email,
            groups_of(&id_token.to_string(), &oidc.groups_claim)?,
        ))
    };
    let (subject, email, groups) = match verified.await {
        Ok(verified) => verified,
        Err(why) => {
            return login_refused(
                &visit,
                StatusCode::UNAUTHORIZED,
                &format!("Your identity could not be verified: {why}."),
            )
        }
    };
    let mut response = enter(&state, &visit, subject, email, &groups, LoginMethod::Oidc).await;
    // The login under way is over, whatever came of it.
    let cookie = format!("{LOGIN_COOKIE}=; Path=/login/oidc; HttpOnly; SameSite=Lax; Max-Age=0");
    if let Ok(cookie) = HeaderValue::from_str(&cookie) {
        guard::set_cookie(&mut response, cookie);
    }
    response
}

/// A session for someone vouched for with `groups`, or the page that says their groups give
/// no role here. The session cookie is SameSite=Strict, which a browser does not send on the
/// redirect chain a provider started; so the answer is a page that moves on by itself (and a
/// link), a navigation of our own.
async fn enter(
    state: &HttpState,
    visit: &Visit,
    subject: String,
    email: String,
    groups: &[String],
    method: LoginMethod,
) -> Response {
    let roles = &state.config.console_login.roles;
    let Some((organization, role)) = roles.resolve(groups) else {
        let why = format!(
            "You are {email}, but none of your groups gives a role in this console. An \
             administrator can add you to one of: {}.",
            roles.groups().join(", ")
        );
        return login_refused(visit, StatusCode::FORBIDDEN, &why);
    };
    let vouched = Vouched {
        organization: organization.to_owned(),
        subject,
        email,
        role,
    };
    match state.app.log_in(vouched, method).await {
        Ok(opened) => {
            tracing::info!(
                session = %opened.session.id,
                operator = %opened.session.operator.subject,
                method = method.as_str(),
                "console login"
            );
            let mut response = views::entered(visit);
            guard::set_cookie(&mut response, visit.cookies.session(&opened.token));
            response
        }
        Err(err) => refusal(visit, &err),
    }
}

mod proxy;
pub use proxy::{proxied_user, proxy_login};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_are_read_from_the_named_claim_as_a_list_or_one_string() {
        let token = |claims: serde_json::Value| {
            let payload = base64::engine::general_purpose::URL_SAFE_NO_PAD
                .encode(serde_json::to_vec(&claims).unwrap());
            format!("header.{payload}.signature")
        };
        let listed = token(serde_json::json!({"groups": ["a", "b", 3]}));
        assert_eq!(groups_of(&listed, "groups").unwrap(), ["a", "b"]);
        let one = token(serde_json::json!({"roles": "admins"}));
        assert_eq!(groups_of(&one, "roles").unwrap(), ["admins"]);
        assert!(groups_of(&one, "groups").unwrap().is_empty());
        assert!(groups_of("not a token", "groups").unwrap().is_empty());
    }

    #[test]
    fn a_claim_given_twice_is_refused() {
        let payload = base64::engine::general_purpose::URL_SAFE_NO_PAD
            .encode(br#"{"groups": ["viewers"], "sub": "x", "groups": ["admins"]}"#);
        let twice = format!("header.{payload}.signature");
        assert_eq!(
            groups_of(&twice, "groups").unwrap_err(),
            "the ID token's claim groups is given twice"
        );
    }
}
