//! Every reason the service gives for a failure. Each transport renders a reason with
//! [`Reason::as_str`] in one place: the gRPC `google.rpc.ErrorInfo` (which the REST gateway
//! passes on), the Persona-compatible API's `code`, and the redemption metric's label.

/// Declares [`Reason`] with its wire strings, written once, and the list of all reasons.
macro_rules! reasons {
    ($($(#[$doc:meta])* $variant:ident = $wire:literal,)*) => {
        /// Why a request failed, as clients see it: the `google.rpc.ErrorInfo` reason (domain
        /// `verilink.dev`), the REST error's `ErrorInfo` detail and the Persona API's `code`.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Reason {
            $($(#[$doc])* $variant,)*
        }

        impl Reason {
            /// Every reason, in declaration order.
            pub const ALL: &[Reason] = &[$(Reason::$variant,)*];

            /// The reason on the wire, in SCREAMING_SNAKE_CASE. Clients branch on these
            /// strings: never change one.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Reason::$variant => $wire,)*
                }
            }
        }
    };
}

reasons! {
    // INVALID_ARGUMENT (and the HTTP APIs' own 4xx refusals).
    /// A request field is invalid; the field violations list every one.
    InvalidArgument = "INVALID_ARGUMENT",
    /// An idempotency key was used, in the last 24 hours, for a different request.
    IdempotencyKeyReused = "IDEMPOTENCY_KEY_REUSED",
    /// An unrevoked API key of the organization and environment already has the name.
    KeyNameTaken = "KEY_NAME_TAKEN",
    /// An HTTP request body is over the API's limit (413).
    RequestTooLarge = "REQUEST_TOO_LARGE",
    /// The Persona API cannot read the request: not JSON, the wrong shape, an unknown
    /// parameter.
    BadRequest = "BAD_REQUEST",
    /// The Persona API was asked for a Persona feature Verilink does not offer.
    NotSupported = "NOT_SUPPORTED",

    // NOT_FOUND: a well-formed ID names nothing the caller can see.
    /// No organization has this ID or name.
    OrganizationNotFound = "ORGANIZATION_NOT_FOUND",
    /// No API key of the organization has this ID.
    ApiKeyNotFound = "API_KEY_NOT_FOUND",
    /// No inquiry template of the caller's tenant has this ID.
    InquiryTemplateNotFound = "INQUIRY_TEMPLATE_NOT_FOUND",
    /// No inquiry of the caller's tenant has this ID.
    InquiryNotFound = "INQUIRY_NOT_FOUND",
    /// No session of the caller's tenant has this ID.
    SessionNotFound = "SESSION_NOT_FOUND",
    /// No one-time link of the caller's tenant has this ID.
    OneTimeLinkNotFound = "ONE_TIME_LINK_NOT_FOUND",
    /// No event of the caller's tenant has this ID.
    EventNotFound = "EVENT_NOT_FOUND",
    /// No webhook of the caller's tenant has this ID.
    WebhookNotFound = "WEBHOOK_NOT_FOUND",
    /// No webhook delivery of the caller's tenant has this ID (no call looks one up by ID
    /// yet).
    WebhookDeliveryNotFound = "WEBHOOK_DELIVERY_NOT_FOUND",
    /// A redeemed code is malformed or names no link; says nothing more.
    LinkNotFound = "LINK_NOT_FOUND",
    /// The REST gateway has no route for the path.
    RouteNotFound = "ROUTE_NOT_FOUND",
    /// The Persona API has no route for the path, or a path ID cannot name anything.
    NotFound = "NOT_FOUND",
    /// An HTTP path has routes, for other methods (405).
    MethodNotAllowed = "METHOD_NOT_ALLOWED",

    // FAILED_PRECONDITION: the inquiry's status refuses the action.
    /// The inquiry is CREATED: no session has started it yet.
    InquiryNotStarted = "INQUIRY_NOT_STARTED",
    /// The inquiry is PENDING: the end user is still at it.
    InquiryInProgress = "INQUIRY_IN_PROGRESS",
    /// The inquiry is COMPLETED.
    InquiryCompleted = "INQUIRY_COMPLETED",
    /// The inquiry is FAILED.
    InquiryFailed = "INQUIRY_FAILED",
    /// The inquiry is EXPIRED (resume it first to generate a link).
    InquiryExpired = "INQUIRY_EXPIRED",
    /// The inquiry is NEEDS_REVIEW.
    InquiryInReview = "INQUIRY_IN_REVIEW",
    /// The inquiry is APPROVED or DECLINED.
    InquiryDecided = "INQUIRY_DECIDED",

    // FAILED_PRECONDITION: something else is in the wrong state.
    /// The inquiry was redacted and accepts no further change.
    InquiryRedacted = "INQUIRY_REDACTED",
    /// The inquiry behind a link or session no longer takes end-user work (or a link was asked
    /// for an inquiry that is not CREATED or PENDING).
    InquiryNotActive = "INQUIRY_NOT_ACTIVE",
    /// The template is archived: it makes no new inquiries and takes no edits.
    TemplateArchived = "TEMPLATE_ARCHIVED",
    /// SimulateInquiryAction was called with a production API key.
    SandboxOnly = "SANDBOX_ONLY",
    /// An event was redelivered to a disabled webhook.
    WebhookDisabled = "WEBHOOK_DISABLED",
    /// An email was asked for and the server has no SMTP configured.
    EmailNotConfigured = "EMAIL_NOT_CONFIGURED",
    /// The redeemed link was already consumed.
    LinkAlreadyUsed = "LINK_ALREADY_USED",
    /// The redeemed link was revoked.
    LinkRevoked = "LINK_REVOKED",
    /// The redeemed link's deadline has passed.
    LinkExpired = "LINK_EXPIRED",
    /// The redeemed link is pending and unexpired, yet could not be consumed.
    LinkNotRedeemable = "LINK_NOT_REDEEMABLE",
    /// The operating system gave no randomness for an ID, code or key.
    RandomnessUnavailable = "RANDOMNESS_UNAVAILABLE",
    /// Stored data could not be encrypted or encoded.
    SealingFailed = "SEALING_FAILED",
    /// A link's QR code could not be rendered.
    QrCodeFailed = "QR_CODE_FAILED",

    // UNAUTHENTICATED.
    /// No `authorization` credential was sent.
    CredentialsMissing = "CREDENTIALS_MISSING",
    /// The credential is neither `Bearer vlk_<environment>_<secret>` nor `Bearer vls_<secret>`.
    CredentialsMalformed = "CREDENTIALS_MALFORMED",
    /// The API key is unknown or revoked.
    ApiKeyInvalid = "API_KEY_INVALID",
    /// A session token called the management plane, which takes API keys.
    SessionTokenNotAllowed = "SESSION_TOKEN_NOT_ALLOWED",
    /// An API key called the end-user plane, which takes session tokens.
    ApiKeyNotAllowed = "API_KEY_NOT_ALLOWED",
    /// The session token is unknown.
    SessionTokenInvalid = "SESSION_TOKEN_INVALID",
    /// The end user's session has ended (or its inquiry was redacted): a new link is needed.
    SessionExpired = "SESSION_EXPIRED",
    /// The console's login link was used already, has expired, or never existed.
    LoginLinkInvalid = "LOGIN_LINK_INVALID",
    /// The console's session is missing, ended (logged out), idle too long or too old.
    ConsoleSessionInvalid = "CONSOLE_SESSION_INVALID",
    /// An OpenID Connect callback whose `state` this browser did not start, or that was used
    /// already or took too long.
    LoginStateInvalid = "LOGIN_STATE_INVALID",
    /// The identity provider's answer did not verify (its ID token's signature, issuer,
    /// audience, nonce or expiry) or the provider could not be reached.
    IdentityNotVerified = "IDENTITY_NOT_VERIFIED",

    // PERMISSION_DENIED.
    /// An operator's role is below the one the use case needs (the ErrorInfo's `role` names
    /// it).
    RoleRequired = "ROLE_REQUIRED",

    // RESOURCE_EXHAUSTED.
    /// The inquiry already had its template's maximum of sessions; waiting does not help.
    SessionLimitReached = "SESSION_LIMIT_REACHED",
    /// A gRPC request message is over 4 MiB.
    MessageTooLarge = "MESSAGE_TOO_LARGE",
    /// The client address presented too many unknown link codes in the last minute.
    TooManyFailedRedemptions = "TOO_MANY_FAILED_REDEMPTIONS",
    /// The client address failed to authenticate too often in the last minute.
    TooManyFailedAuthentications = "TOO_MANY_FAILED_AUTHENTICATIONS",
    /// The API key made too many calls in the last minute.
    RateLimited = "RATE_LIMITED",
    /// The recipient address was sent as many links as it may get in an hour.
    EmailRecipientLimit = "EMAIL_RECIPIENT_LIMIT",
    /// The API key asked for as many emails as it may in an hour.
    EmailKeyLimit = "EMAIL_KEY_LIMIT",

    // DEADLINE_EXCEEDED.
    /// A request's body stopped arriving, or arrived slower than the server's minimum rate
    /// (HTTP 408).
    RequestTimeout = "REQUEST_TIMEOUT",

    // ABORTED.
    /// A call with the same idempotency key is still running.
    IdempotencyKeyInUse = "IDEMPOTENCY_KEY_IN_USE",

    // UNAVAILABLE.
    /// The database cannot be reached.
    DatabaseUnavailable = "DATABASE_UNAVAILABLE",
    /// Every database connection stayed busy for the queue timeout.
    DatabaseBusy = "DATABASE_BUSY",
    /// The database connection was lost while the change committed: it may have been made.
    /// Retry with the same idempotency key.
    CommitOutcomeUnknown = "COMMIT_OUTCOME_UNKNOWN",

    // INTERNAL.
    /// A bug or an unexpected database answer; the detail is logged, never sent.
    Internal = "INTERNAL",
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::Reason;

    /// `LinkExpired` → `LINK_EXPIRED`.
    fn screaming_snake(camel: &str) -> String {
        let mut out = String::new();
        for (i, c) in camel.chars().enumerate() {
            if c.is_ascii_uppercase() && i > 0 {
                out.push('_');
            }
            out.push(c.to_ascii_uppercase());
        }
        out
    }

    #[test]
    fn wire_strings_are_unique() {
        let mut seen = HashSet::new();
        for reason in Reason::ALL {
            assert!(seen.insert(reason.as_str()), "{reason:?} repeats a string");
        }
    }

    #[test]
    fn wire_strings_are_screaming_snake_case() {
        for reason in Reason::ALL {
            let wire = reason.as_str();
            let words: Vec<&str> = wire.split('_').collect();
            assert!(
                words.iter().all(|w| !w.is_empty()
                    && w.bytes()
                        .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
                    && w.as_bytes()[0].is_ascii_uppercase()),
                "{wire:?}"
            );
        }
    }

    #[test]
    fn wire_strings_spell_the_variant_names() {
        for reason in Reason::ALL {
            assert_eq!(reason.as_str(), screaming_snake(&format!("{reason:?}")));
        }
    }

    #[test]
    fn the_readme_names_every_reason() {
        let readme = include_str!("../../README.md");
        let missing: Vec<&str> = Reason::ALL
            .iter()
            .map(|r| r.as_str())
            .filter(|wire| !readme.contains(&format!("`{wire}`")))
            .collect();
        assert!(missing.is_empty(), "README.md does not name {missing:?}");
    }
}
