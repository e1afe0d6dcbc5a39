//! Typed Rust client for Verilink (`verilink.v1`).
//!
//! ```no_run
//! # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
//! use verilink_client::{pb, VerilinkClient};
//! let client = VerilinkClient::connect("http://127.0.0.1:50051", "vlk_sandbox_…").await?;
//! let templates = client
//!     .templates()
//!     .list_inquiry_templates(pb::ListInquiryTemplatesRequest::default())
//!     .await?
//!     .into_inner();
//! # Ok(()) }
//! ```
//!
//! Errors are `tonic::Status`; read the `google.rpc.ErrorInfo` reason with
//! [`error_reason`] or the full details through [`tonic_types::StatusExt`].
//!
//! Beyond the generated clients: [`webhook::verify`] checks and parses webhook deliveries
//! ([`webhook::verify_persona`] those of Persona-format webhooks),
//! [`VerilinkClient::watch_inquiry_resumable`] follows an inquiry across reconnections, and
//! [`VerilinkClient::with_retries`] retries the calls that are safe to repeat.

use tonic::metadata::{Ascii, MetadataValue};
use tonic::service::interceptor::InterceptedService;
use tonic::service::Interceptor;
use tonic::transport::{Channel, Endpoint};
use tonic::{Request, Status};

pub use retry::{RetryChannel, RetryPolicy};
pub use tonic;
pub use tonic_types;
pub use watch::EventStream;

mod backoff;
pub mod retry;
mod watch;
pub mod webhook;

/// Generated `verilink.v1` messages and clients.
pub mod pb {
    #![allow(clippy::all, clippy::pedantic)]
    tonic::include_proto!("verilink.v1");
}

use pb::audit_service_client::AuditServiceClient;
use pb::inquiry_service_client::InquiryServiceClient;
use pb::inquiry_template_service_client::InquiryTemplateServiceClient;
use pb::one_time_link_service_client::OneTimeLinkServiceClient;
use pb::session_service_client::SessionServiceClient;
use pb::webhook_service_client::WebhookServiceClient;
use tonic_health::pb::health_client::HealthClient;

/// Attaches `authorization: Bearer <credential>` to every call.
#[derive(Clone)]
pub struct Bearer(Option<MetadataValue<Ascii>>);

impl Interceptor for Bearer {
    fn call(&mut self, mut request: Request<()>) -> Result<Request<()>, Status> {
        if let Some(value) = &self.0 {
            request
                .metadata_mut()
                .insert("authorization", value.clone());
        }
        Ok(request)
    }
}

impl Bearer {
    fn new(credential: &str) -> Result<Self, ConnectError> {
        if credential.is_empty() {
            return Ok(Bearer(None));
        }
        format!("Bearer {credential}")
            .parse()
            .map(|value| Bearer(Some(value)))
            .map_err(|_| ConnectError::InvalidCredential)
    }
}

/// What the service clients of a [`VerilinkClient`] call through: the credential, then
/// retries if enabled.
pub type AuthedChannel = InterceptedService<RetryChannel, Bearer>;

/// Why a client could not be built.
#[derive(Debug)]
pub enum ConnectError {
    /// The credential contains characters not allowed in metadata.
    InvalidCredential,
    Transport(tonic::transport::Error),
}

impl std::fmt::Display for ConnectError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ConnectError::InvalidCredential => {
                f.write_str("credential is not valid ASCII metadata")
            }
            ConnectError::Transport(e) => write!(f, "transport: {e}"),
        }
    }
}

impl std::error::Error for ConnectError {}

/// One connection to a Verilink server, with a credential attached to every call: an API key
/// (`vlk_…`) for the management plane or a session token (`vls_…`) for the end-user plane.
#[derive(Clone)]
pub struct VerilinkClient {
    channel: Channel,
    bearer: Bearer,
    retries: Option<RetryPolicy>,
}

impl VerilinkClient {
    /// Connects to `addr` (e.g. `http://127.0.0.1:50051`).
    pub async fn connect(addr: impl Into<String>, credential: &str) -> Result<Self, ConnectError> {
        let channel = Endpoint::from_shared(addr.into())
            .map_err(ConnectError::Transport)?
            .connect()
            .await
            .map_err(ConnectError::Transport)?;
        Self::with_channel(channel, credential)
    }

    /// Uses an existing channel (TLS, timeouts and the like are configured on it).
    pub fn with_channel(channel: Channel, credential: &str) -> Result<Self, ConnectError> {
        Ok(VerilinkClient {
            channel,
            bearer: Bearer::new(credential)?,
            retries: None,
        })
    }

    /// The same connection with another credential (and the same retry policy).
    pub fn with_credential(&self, credential: &str) -> Result<Self, ConnectError> {
        Ok(VerilinkClient {
            bearer: Bearer::new(credential)?,
            ..self.clone()
        })
    }

    /// The same client, retrying reads and `verilink.v1` mutations that fail with
    /// `UNAVAILABLE` or `ABORTED` `IDEMPOTENCY_KEY_IN_USE` (see [`retry`]). A mutation is
    /// retried with its idempotency key: yours ([`idempotent`]), kept, or else one generated
    /// before its first attempt, so that a retry after `COMMIT_OUTCOME_UNKNOWN` never does the
    /// change twice. Off by default, as in tonic: a call fails at once unless you opt in, and
    /// no key is added.
    pub fn with_retries(&self, policy: RetryPolicy) -> Self {
        VerilinkClient {
            retries: Some(policy),
            ..self.clone()
        }
    }

    fn authed(&self) -> AuthedChannel {
        InterceptedService::new(
            RetryChannel::new(self.channel.clone(), self.retries.clone()),
            self.bearer.clone(),
        )
    }

    pub fn templates(&self) -> InquiryTemplateServiceClient<AuthedChannel> {
        InquiryTemplateServiceClient::new(self.authed())
    }

    pub fn inquiries(&self) -> InquiryServiceClient<AuthedChannel> {
        InquiryServiceClient::new(self.authed())
    }

    pub fn sessions(&self) -> SessionServiceClient<AuthedChannel> {
        SessionServiceClient::new(self.authed())
    }

    pub fn one_time_links(&self) -> OneTimeLinkServiceClient<AuthedChannel> {
        OneTimeLinkServiceClient::new(self.authed())
    }

    pub fn webhooks(&self) -> WebhookServiceClient<AuthedChannel> {
        WebhookServiceClient::new(self.authed())
    }

    /// `verilink.v1.AuditService`: the audit log (every event, with its actor).
    pub fn audit(&self) -> AuditServiceClient<AuthedChannel> {
        AuditServiceClient::new(self.authed())
    }

    /// `grpc.health.v1.Health`, which needs no credential.
    pub fn health(&self) -> HealthClient<Channel> {
        HealthClient::new(self.channel.clone())
    }
}

/// The `google.rpc.ErrorInfo` reason of a failed call, if the server sent one.
pub fn error_reason(status: &Status) -> Option<String> {
    use tonic_types::StatusExt;
    status.get_details_error_info().map(|info| info.reason)
}

/// Wraps a request with an `idempotency-key`: for 24 hours, repeating the call with the same
/// key and request replays the first response instead of doing the work again. With
/// [`VerilinkClient::with_retries`], a mutation without one gets a generated key; this one is
/// kept instead (set and store your own to retry an operation across process restarts).
pub fn idempotent<T>(message: T, key: &str) -> Result<Request<T>, Status> {
    let value = key
        .parse()
        .map_err(|_| Status::invalid_argument("idempotency-key must be printable ASCII"))?;
    let mut request = Request::new(message);
    request.metadata_mut().insert("idempotency-key", value);
    Ok(request)
}
