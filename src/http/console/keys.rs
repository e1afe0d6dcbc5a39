//! API keys in the console, for administrators only (keys are configuration): the list, making
//! one (its secret shown once) and revoking one once its name is typed — the use cases of
//! `app::tenancy`, each change an audit entry with the operator as actor.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;

use super::views::{render, secret_page, Frame, Secret};
use super::{first, refusal, see_other, Posted, Signed};
use crate::app::tenancy::{CreateApiKey, ListApiKeys, RevokeApiKey};
use crate::app::AppResult;
use crate::domain::ids::IdKind;
use crate::domain::tenant::ApiKey;
use crate::domain::Error;
use crate::http::HttpState;

pub fn router() -> Router<HttpState> {
    Router::new()
        .route("/keys", get(list).post(create))
        .route("/keys/{id}", get(detail))
        .route("/keys/{id}/revoke", post(revoke))
}

/// A key as the pages show it.
pub struct KeyView {
    pub id: String,
    pub name: String,
    pub prefix: String,
    pub created: String,
    pub revoked: Option<String>,
}

impl KeyView {
    fn of(signed: &Signed, key: ApiKey) -> Self {
        KeyView {
            prefix: format!("{}…", key.display_prefix),
            created: signed.when(key.create_time),
            revoked: key.revoke_time.map(|t| signed.when(t)),
            name: key.name,
            id: key.id,
        }
    }
}

#[derive(askama::Template)]
#[template(path = "console_keys.html")]
struct ListPage {
    frame: Frame,
    keys: Vec<KeyView>,
}

/// `GET /keys`: the environment's keys, revoked ones too, and the form that makes one.
async fn list(State(state): State<HttpState>, signed: Signed) -> Response {
    let keys = match signed.ask(&state, ListApiKeys::new()).await {
        Ok(keys) => keys,
        Err(err) => return refusal(&signed.visit, &err),
    };
    render(
        StatusCode::OK,
        &ListPage {
            frame: Frame::signed(&signed, "keys", "/keys"),
            keys: keys.into_iter().map(|k| KeyView::of(&signed, k)).collect(),
        },
    )
}

/// `POST /keys`: makes a key called `name` and shows its secret once.
async fn create(State(state): State<HttpState>, Posted { signed, form }: Posted) -> Response {
    let made = match signed
        .act(&state, CreateApiKey::new(first(&form, "name")))
        .await
    {
        Ok(made) => made,
        Err(err) => return refusal(&signed.visit, &err),
    };
    let t = signed.visit.t;
    secret_page(
        &signed,
        "keys",
        Secret {
            title: t.key_secret_title,
            label: t.key_secret_label,
            secret: made.secret,
            hint: t.key_secret_hint,
            back: format!("/keys/{}", made.key.id),
            back_label: t.back_to_key,
        },
    )
}

/// The key of the caller's tenant called `id` (another tenant's is not found).
async fn find(state: &HttpState, signed: &Signed, id: &str) -> AppResult<ApiKey> {
    let keys = signed.ask(state, ListApiKeys::new()).await?;
    keys.into_iter()
        .find(|k| k.id == id)
        .ok_or_else(|| IdKind::ApiKey.not_found(id).into())
}

#[derive(askama::Template)]
#[template(path = "console_key.html")]
struct DetailPage {
    frame: Frame,
    key: KeyView,
}

/// `GET /keys/{id}`: one key, and the form that revokes it.
async fn detail(
    State(state): State<HttpState>,
    signed: Signed,
    Path(id): Path<String>,
) -> Response {
    match find(&state, &signed, &id).await {
        Ok(key) => render(
            StatusCode::OK,
            &DetailPage {
                frame: Frame::signed(&signed, "keys", &format!("/keys/{}", key.id)),
                key: KeyView::of(&signed, key),
            },
        ),
        Err(err) => refusal(&signed.visit, &err),
    }
}

/// `POST /keys/{id}/revoke`: only when the typed confirmation is the key's name. Every
/// replica stops accepting the key within a second.
async fn revoke(
    State(state): State<HttpState>,
    Path(id): Path<String>,
    Posted { signed, form }: Posted,
) -> Response {
    let revoked = async {
        let key = find(&state, &signed, &id).await?;
        if first(&form, "confirm").trim() != key.name {
            return Err(Error::invalid(
                "confirm",
                "type the key's name exactly to confirm its revocation",
            )
            .into());
        }
        signed.act(&state, RevokeApiKey::new(&key.id)).await
    };
    match revoked.await {
        Ok(key) => see_other(&format!("/keys/{}", key.id)),
        Err(err) => refusal(&signed.visit, &err),
    }
}
