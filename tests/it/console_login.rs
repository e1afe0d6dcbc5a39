//! Logging into the console through the company's identity: a real OpenID Connect provider on
//! loopback (npm `oidc-provider`, tests/oidc/provider.mjs) and a trusted proxy's headers.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

use reqwest::Method;
use verilink::domain::operator::RoleMap;
use verilink::http::console::{LoginSettings, OidcSettings, ProxyHeaders};
use verilink::http::HttpConfig;

use crate::browser::{Answer, Browser};
use crate::common::{bind_loopback, TestServer};

/// The test provider, stopped when dropped.
struct Provider {
    child: Child,
    issuer: String,
}

impl Drop for Provider {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts tests/oidc/provider.mjs with `redirect` as its client's redirect URI.
fn provider(redirect: &str) -> Provider {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/oidc");
    assert!(
        std::path::Path::new(dir)
            .join("node_modules/oidc-provider")
            .exists(),
        "the test OpenID provider is not installed: run tests/oidc/install (scripts/test does)"
    );
    let mut child = Command::new("node")
        .arg(format!("{dir}/provider.mjs"))
        .arg(redirect)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("node");
    let mut line = String::new();
    BufReader::new(child.stdout.take().expect("stdout"))
        .read_line(&mut line)
        .expect("the provider's first line");
    let issuer = line
        .trim()
        .strip_prefix("issuer ")
        .unwrap_or_else(|| panic!("no issuer in {line:?}"))
        .to_owned();
    Provider { child, issuer }
}

/// A server whose console logs in with `issuer` and believes 127.0.0.1's proxy headers.
async fn server_with(issuer: impl FnOnce(&str) -> Provider) -> (TestServer, Provider) {
    let console = bind_loopback().await;
    let url = format!("http://{}", console.local_addr().expect("addr"));
    let idp = issuer(&format!("{url}/login/oidc/callback"));
    let http = HttpConfig {
        trusted_proxies: vec!["127.0.0.1/32".parse().expect("net")],
        console_login: LoginSettings {
            oidc: Some(OidcSettings::new(
                idp.issuer.clone(),
                "verilink-console".into(),
                Some(verilink::domain::secrets::SecretString::new(
                    "console-secret",
                )),
                vec!["email".into(), "groups".into()],
                "groups".into(),
            )),
            proxy: Some(ProxyHeaders {
                user: "x-forwarded-user".into(),
                email: "x-forwarded-email".into(),
                groups: "x-forwarded-groups".into(),
            }),
            roles: RoleMap::parse(
                "acme:admin=verilink-admins,acme:reviewer=kyc-team,acme:viewer=auditors",
            )
            .expect("rules"),
        },
    };
    let server = TestServer::start_console(console, http).await;
    server.org("acme").await;
    (server, idp)
}

/// The path and query of `location` on `base` (absolute or relative).
fn local(location: &str, base: &str) -> String {
    location.strip_prefix(base).unwrap_or(location).to_owned()
}

/// At the provider: follows its redirects and signs in as `user` on its login form; returns
/// the redirect back to the console (the callback URL with `code` and `state`).
async fn sign_in_at(issuer: &str, authorize: &str, user: &str) -> String {
    let idp = Browser::new(issuer);
    let mut next = local(authorize, issuer);
    for _ in 0..10 {
        let answer = idp.send(Method::GET, &next, &[], None).await;
        if answer.status == 200 && answer.body.contains("name=\"login\"") {
            let form = [("prompt", "login"), ("login", user), ("password", "any")];
            let posted = idp.send(Method::POST, &next, &[], Some(&form)).await;
            assert_eq!(posted.status, 303, "{}", posted.body);
            next = local(posted.header("location"), issuer);
            continue;
        }
        assert!(
            matches!(answer.status, 302 | 303),
            "{}: {}",
            answer.status,
            answer.body
        );
        let location = answer.header("location").to_owned();
        if !location.starts_with(issuer) && !location.starts_with('/') {
            return location;
        }
        next = local(&location, issuer);
    }
    panic!("the provider did not send the browser back");
}

/// Starts a login at the console: the provider's authorize URL (the login cookie kept).
async fn start(console: &Browser) -> String {
    let started = console.send(Method::GET, "/login/oidc", &[], None).await;
    assert_eq!(started.status, 303, "{}", started.body);
    assert!(
        console.cookie("verilink-console-login").is_some(),
        "the state is bound to this browser"
    );
    started.header("location").to_owned()
}

/// A whole login as `user`: the callback's answer and the callback URL it used.
async fn log_in(
    server: &TestServer,
    idp: &Provider,
    console: &Browser,
    user: &str,
) -> (Answer, String) {
    let authorize = start(console).await;
    assert!(
        authorize.contains("code_challenge_method=S256"),
        "{authorize}"
    );
    assert!(authorize.contains("nonce="), "{authorize}");
    let callback = sign_in_at(&idp.issuer, &authorize, user).await;
    let path = local(&callback, &server.console);
    (console.send(Method::GET, &path, &[], None).await, path)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn openid_connect_logins_get_the_role_their_groups_give_or_a_page_that_says_why_not() {
    let (server, idp) = server_with(provider).await;
    for (user, email, role) in [
        ("ada", "ada@acme.example", "administrator"),
        ("rita", "rita@acme.example", "reviewer"),
        ("victor", "victor@acme.example", "viewer"),
    ] {
        let console = Browser::new(&server.console);
        let (entered, _) = log_in(&server, &idp, &console, user).await;
        assert_eq!(entered.status, 200, "{user}: {}", entered.body);
        assert!(
            entered.body.contains("http-equiv=\"refresh\""),
            "moves on by itself"
        );
        assert!(
            console.cookie("verilink-console").is_some(),
            "{user} has a session"
        );
        assert!(
            console.cookie("verilink-console-login").is_none(),
            "the state is spent"
        );
        let home = console.send(Method::GET, "/inquiries", &[], None).await;
        assert_eq!(home.status, 200, "{}", home.body);
        assert!(home.body.contains(email), "{}", home.body);
        assert!(
            home.body.contains(&format!("({role})")),
            "{user}: {}",
            home.body
        );
    }
    let outsider = Browser::new(&server.console);
    let (refused, _) = log_in(&server, &idp, &outsider, "nobody").await;
    assert_eq!(refused.status, 403, "{}", refused.body);
    assert!(
        refused.body.contains("none of your groups"),
        "{}",
        refused.body
    );
    assert!(
        refused.body.contains("verilink-admins"),
        "names the groups that give a role"
    );
    assert!(outsider.cookie("verilink-console").is_none());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn forged_states_replayed_codes_and_another_issuers_codes_are_refused() {
    let (server, idp) = server_with(provider).await;

    // A state this browser did not start.
    let console = Browser::new(&server.console);
    start(&console).await;
    let forged = console
        .send(
            Method::GET,
            "/login/oidc/callback?code=abc&state=forged",
            &[],
            None,
        )
        .await;
    assert_eq!(forged.status, 401, "{}", forged.body);
    assert!(console.cookie("verilink-console").is_none());

    // A callback replayed, with its state cookie sent again.
    let first = Browser::new(&server.console);
    let authorize = start(&first).await;
    let state = first.cookie("verilink-console-login").expect("state");
    let callback = sign_in_at(&idp.issuer, &authorize, "rita").await;
    let path = local(&callback, &server.console);
    let entered = first.send(Method::GET, &path, &[], None).await;
    assert_eq!(entered.status, 200, "{}", entered.body);
    let thief = Browser::new(&server.console);
    let cookie = format!("verilink-console-login={state}");
    let replayed = thief
        .send(Method::GET, &path, &[("cookie", &cookie)], None)
        .await;
    assert_eq!(replayed.status, 401, "{}", replayed.body);
    assert!(thief.cookie("verilink-console").is_none());

    // A code from another issuer (a provider with the same client, not the configured one).
    let other = provider(&format!("{}/login/oidc/callback", server.console));
    let victim = Browser::new(&server.console);
    let ours = start(&victim).await;
    let query = ours.split_once('?').expect("query").1;
    let elsewhere = format!("{}/auth?{query}", other.issuer);
    let callback = sign_in_at(&other.issuer, &elsewhere, "ada").await;
    let answer = victim
        .send(Method::GET, &local(&callback, &server.console), &[], None)
        .await;
    assert_eq!(answer.status, 401, "{}", answer.body);
    assert!(victim.cookie("verilink-console").is_none());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_proxys_user_headers_are_believed_only_from_a_trusted_address() {
    let (server, _idp) = server_with(provider).await;
    let headers = [
        ("x-forwarded-user", "rita"),
        ("x-forwarded-email", "rita@acme.example"),
        ("x-forwarded-groups", "staff, kyc-team"),
    ];
    let proxied = Browser::new(&server.console);
    let first = proxied
        .send(Method::GET, "/inquiries", &headers, None)
        .await;
    assert_eq!(
        (first.status, first.header("location")),
        (303, "/login/proxy"),
        "a trusted proxy's user goes straight to the proxy login"
    );
    let entered = proxied
        .send(Method::GET, "/login/proxy", &headers, None)
        .await;
    assert_eq!(entered.status, 200, "{}", entered.body);
    let home = proxied
        .send(Method::GET, "/inquiries", &headers, None)
        .await;
    assert!(home.body.contains("rita@acme.example") && home.body.contains("(reviewer)"));

    let stranger = Browser::from_address(&server.console, "127.0.0.2".parse().expect("ip"));
    let forged = stranger
        .send(Method::GET, "/login/proxy", &headers, None)
        .await;
    assert_eq!(forged.status, 401, "{}", forged.body);
    assert!(stranger.cookie("verilink-console").is_none());
    let redirected = stranger
        .send(Method::GET, "/inquiries", &headers, None)
        .await;
    assert_eq!(redirected.header("location"), "/login");
}
