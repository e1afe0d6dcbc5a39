//! The Persona-compatible API: Persona's inquiry and one-time-link endpoints under
//! `/api/v1/`, so that an integration written for Persona moves by changing its base URL and
//! key. Requests are read ([`request`]) into the same use cases' inputs a gRPC call makes,
//! built and checked by the same constructors; each runs through the one pipeline
//! (`app.command_as` / `app.query_as`, the caller authenticated and counted once per
//! request); answers are Persona's JSON:API documents ([`crate::contract::persona`]) with
//! keys inflected as `Key-Inflection` asks, and errors are Persona's ([`error`]).

mod error;
mod request;

use std::future::Future;

use axum::body::{Body as HttpBody, Bytes};
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::{any, get, post};
use axum::Router;
use serde_json::{json, Value};

use self::error::{json_response, Failure};
use self::request::{Body, Create, List, Update};
use super::{call_of, ClientAddr, HttpState};
use crate::app::inquiries::{
    GetInquiry, RedactInquiry, ResumeInquiry, RetagInquiry, ReviewInquiry,
};
use crate::app::links::{GenerateLink, LinkRequest};
use crate::app::sessions::SessionIds;
use crate::app::templates::GetTemplate;
use crate::app::{Admitted, App, Call};
use crate::contract::convert;
use crate::contract::persona::{self, Inflection};
use crate::domain::error::quoted;
use crate::domain::ids::IdKind;
use crate::domain::inquiry::Inquiry;
use crate::net::pace::stalled_in;

/// The largest request body read (100 fields of 4 KiB fit with room to spare).
const MAX_BODY: usize = 1 << 20;

/// A successful answer: its status and its document (keys in snake_case until inflected).
type Answer = Result<(StatusCode, Value), Failure>;

/// `/api/v1/inquiries…`; anything else under `/api/v1/` is a Persona-shaped 404.
pub fn router() -> Router<HttpState> {
    let mut router = Router::new()
        .route(
            "/api/v1/inquiries",
            get(list).post(create).fallback(not_allowed),
        )
        .route(
            "/api/v1/inquiries/{id}",
            get(retrieve)
                .patch(update)
                .delete(redact)
                .fallback(not_allowed),
        );
    for action in Action::ALL {
        let path = format!("/api/v1/inquiries/{{id}}/{}", action.path());
        let handler = move |State(state): State<HttpState>,
                            client: ClientAddr,
                            headers: HeaderMap,
                            Path(id): Path<String>,
                            body: HttpBody| async move {
            let call = call_of(&headers, client);
            serve(&headers, act(&state.app, call, action, id, body)).await
        };
        router = router.route(&path, post(handler).fallback(not_allowed));
    }
    router.route("/api/v1/{*rest}", any(not_found))
}

/// What every endpoint does around its work: refuses an unknown `Key-Inflection` before
/// doing anything, then answers the work's document inflected, or its error.
async fn serve(headers: &HeaderMap, work: impl Future<Output = Answer>) -> Response {
    let header = headers
        .get("key-inflection")
        .map(|v| v.to_str().unwrap_or("\u{fffd}"));
    let Some(inflection) = Inflection::parse(header) else {
        return Failure::bad_request("Key-Inflection must be kebab, camel or snake")
            .into_response();
    };
    match work.await {
        Ok((status, document)) => json_response(status, document, inflection),
        Err(failure) => failure.into_response(),
    }
}

async fn not_found(method: Method, uri: Uri) -> Response {
    Failure::not_found(format!("no route for {method} {}", uri.path())).into_response()
}

async fn not_allowed(method: Method, uri: Uri) -> Response {
    Failure::method_not_allowed(format!("{method} is not allowed on {}", uri.path()))
        .into_response()
}

async fn read_body(body: HttpBody) -> Result<Bytes, Failure> {
    axum::body::to_bytes(body, MAX_BODY).await.map_err(|err| {
        let too_large = std::error::Error::source(&err)
            .is_some_and(|e| e.is::<http_body_util::LengthLimitError>());
        if too_large {
            Failure::too_large(MAX_BODY)
        } else if let Some(stalled) = stalled_in(&err) {
            Failure::timed_out(stalled)
        } else {
            Failure::bad_request(format!("unreadable request body: {err}"))
        }
    })
}

/// An inquiry ID from the path: one that cannot exist is not found, as Persona answers.
fn path_id(id: &str) -> Result<String, Failure> {
    IdKind::Inquiry
        .parse("id", id)
        .map_err(|_| Failure::not_found(format!("inquiry {} not found", quoted(id))))
}

/// The inquiries' resource objects, with their sessions as relationships.
async fn resources(
    app: &App,
    caller: &Admitted,
    inquiries: &[Inquiry],
) -> Result<Vec<Value>, Failure> {
    let sessions = app.query_as(caller, SessionIds::of(inquiries)).await?;
    Ok(inquiries
        .iter()
        .map(|i| {
            let ids = sessions.get(&i.id).map_or(&[][..], Vec::as_slice);
            persona::inquiry(&convert::inquiry(i), ids)
        })
        .collect())
}

/// `{"data": <the inquiry>}`.
async fn document(app: &App, caller: &Admitted, inquiry: &Inquiry) -> Result<Value, Failure> {
    let mut data = resources(app, caller, std::slice::from_ref(inquiry)).await?;
    Ok(json!({ "data": data.pop() }))
}

async fn create(
    State(state): State<HttpState>,
    client: ClientAddr,
    headers: HeaderMap,
    body: HttpBody,
) -> Response {
    let call = call_of(&headers, client);
    serve(&headers, create_inquiry(&state.app, call, body)).await
}

/// `POST /api/v1/inquiries`: the template's collected fields type plain values; with
/// `meta.auto-create-one-time-link` the answer's meta holds the link.
async fn create_inquiry(app: &App, call: Call, body: HttpBody) -> Answer {
    let bytes = read_body(body).await?;
    let caller = app.admitted(&call).await?;
    let request = Create::read(&Body::parse(&bytes)?)?;
    let template = app
        .query_as(&caller, GetTemplate::new(&request.template_id)?)
        .await?;
    let command = request.command(&template.settings.collected_fields)?;
    let created = app.command_as(&caller, command).await?;
    let mut answer = document(app, &caller, &created.inquiry).await?;
    let link = created.link.as_ref();
    answer["meta"] = json!({
        "session_token": null,
        "one_time_link": link.map(|l| &l.url),
        "one_time_link_short": link.map(|l| &l.short_url),
    });
    Ok((StatusCode::CREATED, answer))
}

async fn list(
    State(state): State<HttpState>,
    client: ClientAddr,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Response {
    let call = call_of(&headers, client);
    serve(&headers, list_inquiries(&state.app, call, query)).await
}

/// `GET /api/v1/inquiries`: newest first; `links.next` continues after the page's last one.
async fn list_inquiries(app: &App, call: Call, query: Option<String>) -> Answer {
    let caller = app.admitted(&call).await?;
    let (query, pages) = List::read(query.as_deref())?;
    let (inquiries, next_token) = app.query_as(&caller, query).await?;
    let next = match inquiries.last() {
        Some(last) if !next_token.is_empty() => Some(pages.next_link(&last.id)),
        _ => None,
    };
    let data = resources(app, &caller, &inquiries).await?;
    let answer = json!({ "data": data, "links": { "prev": null, "next": next } });
    Ok((StatusCode::OK, answer))
}

async fn retrieve(
    State(state): State<HttpState>,
    client: ClientAddr,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    let call = call_of(&headers, client);
    let work = async {
        let caller = state.app.admitted(&call).await?;
        let query = GetInquiry::new(&path_id(&id)?)?;
        let inquiry = state.app.query_as(&caller, query).await?;
        Ok((
            StatusCode::OK,
            document(&state.app, &caller, &inquiry).await?,
        ))
    };
    serve(&headers, work).await
}

async fn update(
    State(state): State<HttpState>,
    client: ClientAddr,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: HttpBody,
) -> Response {
    let call = call_of(&headers, client);
    serve(&headers, update_inquiry(&state.app, call, id, body)).await
}

/// `PATCH /api/v1/inquiries/{id}`: note, reference ID and tags replaced; fields merged into
/// the inquiry's (a `null` removes one), typed by its template.
async fn update_inquiry(app: &App, call: Call, id: String, body: HttpBody) -> Answer {
    let bytes = read_body(body).await?;
    let caller = app.admitted(&call).await?;
    let id = path_id(&id)?;
    let request = Update::read(&id, &Body::parse(&bytes)?)?;
    let collected = if request.has_fields() {
        let inquiry = app.query_as(&caller, GetInquiry::new(&id)?).await?;
        let template = app
            .query_as(&caller, GetTemplate::new(&inquiry.inquiry_template_id)?)
            .await?;
        template.settings.collected_fields
    } else {
        Vec::new()
    };
    let updated = app
        .command_as(&caller, request.command(&collected)?)
        .await?;
    Ok((StatusCode::OK, document(app, &caller, &updated).await?))
}

async fn redact(
    State(state): State<HttpState>,
    client: ClientAddr,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    let call = call_of(&headers, client);
    let work = async {
        let caller = state.app.admitted(&call).await?;
        let command = RedactInquiry::new(&path_id(&id)?)?;
        let redacted = state.app.command_as(&caller, command).await?;
        Ok((
            StatusCode::OK,
            document(&state.app, &caller, &redacted).await?,
        ))
    };
    serve(&headers, work).await
}

/// The actions at `POST /api/v1/inquiries/{id}/<action>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Action {
    GenerateOneTimeLink,
    Resume,
    Approve,
    Decline,
    Expire,
    MarkForReview,
    AddTag,
    RemoveTag,
    SetTags,
}

impl Action {
    const ALL: [Action; 9] = [
        Action::GenerateOneTimeLink,
        Action::Resume,
        Action::Approve,
        Action::Decline,
        Action::Expire,
        Action::MarkForReview,
        Action::AddTag,
        Action::RemoveTag,
        Action::SetTags,
    ];

    fn path(self) -> &'static str {
        match self {
            Action::GenerateOneTimeLink => "generate-one-time-link",
            Action::Resume => "resume",
            Action::Approve => "approve",
            Action::Decline => "decline",
            Action::Expire => "expire",
            Action::MarkForReview => "mark-for-review",
            Action::AddTag => "add-tag",
            Action::RemoveTag => "remove-tag",
            Action::SetTags => "set-tags",
        }
    }
}

/// An action: the inquiry afterwards, with the action's `meta` (a link, a session token).
async fn act(app: &App, call: Call, action: Action, id: String, body: HttpBody) -> Answer {
    let bytes = read_body(body).await?;
    let caller = app.admitted(&call).await?;
    let id = path_id(&id)?;
    let body = Body::parse(&bytes)?;
    let (inquiry, meta) = perform(app, &caller, action, id, &body).await?;
    let mut answer = document(app, &caller, &inquiry).await?;
    if let Some(meta) = meta {
        answer["meta"] = meta;
    }
    Ok((StatusCode::OK, answer))
}

async fn perform(
    app: &App,
    caller: &Admitted,
    action: Action,
    id: String,
    body: &Body,
) -> Result<(Inquiry, Option<Value>), Failure> {
    let review = |command: Result<ReviewInquiry, _>| async move {
        Ok::<_, Failure>((app.command_as(caller, command?).await?, None))
    };
    let retag = |command: Result<RetagInquiry, _>| async move {
        Ok::<_, Failure>((app.command_as(caller, command?).await?, None))
    };
    match action {
        Action::GenerateOneTimeLink => generate_link(app, caller, id, body).await,
        Action::Resume => {
            let resumed = app
                .command_as(caller, ResumeInquiry::new(&id, "", "")?)
                .await?;
            let meta = json!({ "session_token": resumed.session_token });
            Ok((resumed.inquiry, Some(meta)))
        }
        Action::Approve => {
            let comment = request::comment(body)?;
            review(ReviewInquiry::approve(&id, &comment)).await
        }
        Action::Decline => {
            let comment = request::comment(body)?;
            review(ReviewInquiry::decline(&id, &comment)).await
        }
        Action::MarkForReview => {
            let comment = request::comment(body)?;
            review(ReviewInquiry::mark_for_review(&id, &comment)).await
        }
        Action::Expire => review(ReviewInquiry::expire(&id)).await,
        Action::AddTag => {
            let tag = request::tag_name(body)?;
            retag(RetagInquiry::add(&id, &tag)).await
        }
        Action::RemoveTag => {
            let tag = request::tag_name(body)?;
            retag(RetagInquiry::remove(&id, &tag)).await
        }
        Action::SetTags => {
            let tags = request::tag_names(body)?;
            retag(RetagInquiry::set(&id, &tags)).await
        }
    }
}

/// `generate-one-time-link`: the inquiry, and the link's URLs in `meta`.
async fn generate_link(
    app: &App,
    caller: &Admitted,
    id: String,
    body: &Body,
) -> Result<(Inquiry, Option<Value>), Failure> {
    let command = GenerateLink::new(&LinkRequest {
        inquiry_id: &id,
        expires_in: request::link_lifetime(body)?,
        ..LinkRequest::default()
    })?;
    let link = app.command_as(caller, command).await?;
    let inquiry = app.query_as(caller, GetInquiry::new(&id)?).await?;
    let meta = json!({ "one_time_link": link.url, "one_time_link_short": link.short_url });
    Ok((inquiry, Some(meta)))
}
