//! The gRPC port's request bodies held to their [`Pace`]: a call whose request stops arriving
//! (a message announced and never finished, a stream left open with nothing sent) ends with
//! `DEADLINE_EXCEEDED` `REQUEST_TIMEOUT` instead of holding its stream, and so its connection,
//! for ever.

use http::Request;
use http_body_util::BodyExt;
use tonic::{Code, Status};

use super::error::status;
use crate::domain::Reason;
use crate::net::pace::{Pace, Paced, Stalled};

/// The status of a request whose body stalled (also the REST gateway's, with HTTP 408).
pub fn stalled(stalled: &Stalled) -> Status {
    status(
        Code::DeadlineExceeded,
        Reason::RequestTimeout,
        stalled.to_string(),
    )
}

/// Wraps every request body of the services it layers in a [`Paced`] body whose stall is
/// [`stalled`].
pub fn layer(
    pace: Pace,
) -> tower::util::MapRequestLayer<
    impl Fn(Request<tonic::body::Body>) -> Request<tonic::body::Body> + Clone,
> {
    tower::util::MapRequestLayer::new(move |request: Request<tonic::body::Body>| {
        request.map(|body| {
            tonic::body::Body::new(Paced::new(body, pace).map_err(|err| {
                match err.downcast_ref::<Stalled>() {
                    Some(why) => self::stalled(why),
                    None => Status::from_error(err),
                }
            }))
        })
    })
}
