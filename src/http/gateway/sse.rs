//! Server streams over HTTP as Server-Sent Events: one `data:` line per message (its proto3
//! JSON), with the event's ID as the SSE `id:` — so a browser's `EventSource`, reconnecting
//! with `Last-Event-ID`, resumes exactly where it was (the gateway reads that header as
//! `after_event_id`). A stream that fails after it started ends with an `event: error` whose
//! data is the Google JSON error.

use std::convert::Infallible;

use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use http::HeaderValue;
use serde_json::Value;
use tokio_stream::StreamExt;

use super::error::{body as error_body, Failure};
use super::grpc;
use super::message;
use super::routes::Route;

/// The header asking proxies such as nginx not to buffer the stream.
const NO_BUFFERING: (&str, &str) = ("x-accel-buffering", "no");

/// The answer of a server-streaming RPC as an event stream.
pub fn events(route: Route, body: tonic::body::Body) -> Response {
    let events = grpc::messages(body).map(move |item| -> Result<Event, Infallible> {
        let event = item.and_then(|encoded| {
            message::answer(&route, &encoded).map_err(|detail| {
                grpc::internal(&format!("cannot encode a streamed message: {detail}"))
            })
        });
        Ok(match event {
            Ok(json) => message_event(&json),
            Err(status) => Event::default()
                .event("error")
                .data(error_body(&Failure::from(status)).to_string()),
        })
    });
    let mut response = Sse::new(events)
        .keep_alive(KeepAlive::default())
        .into_response();
    response
        .headers_mut()
        .insert(NO_BUFFERING.0, HeaderValue::from_static(NO_BUFFERING.1));
    response
}

/// One streamed message; its `event.id`, when it has one, is the SSE event ID.
fn message_event(json: &Value) -> Event {
    let event = Event::default().data(json.to_string());
    match json
        .pointer("/event/id")
        .and_then(Value::as_str)
        .filter(|id| !id.is_empty() && !id.contains(['\n', '\r', '\0']))
    {
        Some(id) => event.id(id),
        None => event,
    }
}
