//! Pure rules: no I/O, no database, no gRPC. Time is always a parameter.

pub mod access;
pub mod actor;
pub mod collect;
pub mod countries;
pub mod email;
pub mod error;
pub mod events;
pub mod field;
pub mod http_url;
pub mod ids;
pub mod inquiry;
pub mod operator;
pub mod paging;
pub mod reason;
pub mod seconds;
pub mod secrets;
pub mod status;
pub mod template;
pub mod tenant;
pub mod throttle;
pub mod webhook;

pub use error::{Error, FieldViolation};
pub use reason::Reason;
