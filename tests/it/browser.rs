//! A minimal browser over plain HTTP for the hosted pages: it keeps cookies as a browser does
//! (by name, removed by `Max-Age=0`), follows no redirects, and connects from the local
//! address it is given, so tests can speak as different end users.

use std::collections::BTreeMap;
use std::net::IpAddr;
use std::sync::Mutex;

use reqwest::header::HeaderMap;
use reqwest::Method;

/// One HTTP answer as a test reads it.
#[derive(Debug)]
pub struct Answer {
    pub status: u16,
    pub headers: HeaderMap,
    pub body: String,
}

impl Answer {
    pub fn header(&self, name: &str) -> &str {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }

    /// Every `Set-Cookie` header.
    pub fn set_cookies(&self) -> Vec<String> {
        self.headers
            .get_all("set-cookie")
            .iter()
            .filter_map(|v| v.to_str().ok().map(str::to_owned))
            .collect()
    }

    /// The value of the hidden (or any) input named `name` on the page.
    pub fn input(&self, name: &str) -> Option<String> {
        let marker = format!("name=\"{name}\" value=\"");
        let start = self.body.find(&marker)? + marker.len();
        let end = self.body[start..].find('"')? + start;
        Some(self.body[start..end].to_owned())
    }
}

pub struct Browser {
    http: reqwest::Client,
    pub base: String,
    jar: Mutex<BTreeMap<String, String>>,
}

impl Browser {
    /// A browser on `base` (`http://127.0.0.1:<port>`) connecting from 127.0.0.1.
    pub fn new(base: &str) -> Self {
        Self::from_address(base, "127.0.0.1".parse().expect("ip"))
    }

    pub fn from_address(base: &str, local: IpAddr) -> Self {
        Browser {
            http: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .local_address(local)
                .build()
                .expect("HTTP client"),
            base: base.to_owned(),
            jar: Mutex::new(BTreeMap::new()),
        }
    }

    pub fn cookie(&self, name: &str) -> Option<String> {
        self.jar.lock().expect("jar").get(name).cloned()
    }

    fn remember(&self, answer: &Answer) {
        let mut jar = self.jar.lock().expect("jar");
        for cookie in answer.set_cookies() {
            let mut parts = cookie.split(';');
            let Some((name, value)) = parts.next().and_then(|p| p.trim().split_once('=')) else {
                continue;
            };
            if parts.any(|p| p.trim() == "Max-Age=0") {
                jar.remove(name);
            } else {
                jar.insert(name.to_owned(), value.to_owned());
            }
        }
    }

    pub async fn send(
        &self,
        method: Method,
        path: &str,
        headers: &[(&str, &str)],
        form: Option<&[(&str, &str)]>,
    ) -> Answer {
        let body = form.map(|form| {
            form.iter()
                .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
                .collect::<Vec<_>>()
                .join("&")
                .into_bytes()
        });
        self.send_raw(method, path, headers, body).await
    }

    /// Sends `body` as a form exactly as given: bytes a browser would never send included.
    pub async fn send_raw(
        &self,
        method: Method,
        path: &str,
        headers: &[(&str, &str)],
        body: Option<Vec<u8>>,
    ) -> Answer {
        let mut request = self.http.request(method, format!("{}{path}", self.base));
        let cookies: Vec<String> = (self.jar.lock().expect("jar").iter())
            .map(|(n, v)| format!("{n}={v}"))
            .collect();
        if !cookies.is_empty() {
            request = request.header("cookie", cookies.join("; "));
        }
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        if let Some(body) = body {
            request = request
                .header("content-type", "application/x-www-form-urlencoded")
                .body(body);
        }
        let response = request.send().await.expect("HTTP request");
        let answer = Answer {
            status: response.status().as_u16(),
            headers: response.headers().clone(),
            body: response.text().await.expect("body"),
        };
        self.remember(&answer);
        answer
    }

    pub async fn get(&self, path: &str) -> Answer {
        self.send(Method::GET, path, &[], None).await
    }

    pub async fn post(&self, path: &str, form: &[(&str, &str)]) -> Answer {
        self.send(Method::POST, path, &[], Some(form)).await
    }

    /// Opens a link's page and selects Continue, as a person would.
    pub async fn open_and_continue(&self, path: &str) -> Answer {
        let page = self.get(path).await;
        assert_eq!(page.status, 200, "{}", page.body);
        let mut form: Vec<(&str, String)> = vec![("csrf", page.input("csrf").expect("nonce"))];
        for name in ["code", "inquiry-id"] {
            if let Some(value) = page.input(name) {
                form.push((name, value));
            }
        }
        let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
        self.post("/verify", &form).await
    }
}

/// application/x-www-form-urlencoded, as a browser encodes a form.
fn encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'*' => {
                out.push(char::from(b))
            }
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}
