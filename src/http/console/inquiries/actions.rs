//! The operator's actions on an inquiry: decisions, a new link (shown once), its email again,
//! tags and note, and the administrators' expiry and redaction — each the use case gRPC calls.

use super::*;

impl Signed {
    /// The page an action ends on: back to the inquiry, where its effect shows, or why not.
    fn done<T>(&self, id: &str, result: app::AppResult<T>) -> Response {
        self.finish(&format!("/inquiries/{id}"), result)
    }
}

/// `POST /inquiries/{id}/decide`: approve, decline or mark for review, with a comment.
pub(super) async fn decide(
    State(state): State<HttpState>,
    Path(id): Path<String>,
    Posted { signed, form }: Posted,
) -> Response {
    let comment = first(&form, "comment");
    let review = match first(&form, "action") {
        "approve" => ReviewInquiry::approve(&id, comment),
        "decline" => ReviewInquiry::decline(&id, comment),
        "review" => ReviewInquiry::mark_for_review(&id, comment),
        _ => Err(Error::invalid("action", "is approve, decline or review")),
    };
    signed.done(&id, signed.act(&state, review).await)
}

#[derive(askama::Template)]
#[template(path = "console_link.html")]
struct LinkPage {
    frame: Frame,
    inquiry_id: String,
    url: String,
    short_url: String,
    qr: String,
    emailed_to: String,
}

/// `POST /inquiries/{id}/link`: resumes an expired inquiry, then makes a new one-time link
/// (emailed if asked) and shows it once.
pub(super) async fn link(
    State(state): State<HttpState>,
    Path(id): Path<String>,
    Posted { signed, form }: Posted,
) -> Response {
    let minutes = match first(&form, "minutes").trim() {
        "" => Ok(None),
        m => m
            .parse::<i64>()
            .ok()
            .filter(|m| *m > 0)
            .map(|m| Some(TimeDelta::minutes(m)))
            .ok_or_else(|| Error::invalid("minutes", "is a whole number of minutes")),
    };
    let recipient = first(&form, "email").trim().to_owned();
    let generated = async {
        let current = signed.ask(&state, GetInquiry::new(&id)).await?;
        if current.status == InquiryStatus::Expired {
            signed.act(&state, ResumeInquiry::new(&id, "", "")).await?;
        }
        let request = LinkRequest {
            inquiry_id: &id,
            expires_in: minutes?,
            include_qr_code: true,
            recipient_email: &recipient,
            language: "",
        };
        signed.act(&state, GenerateLink::new(&request)).await
    };
    match generated.await {
        Ok(link) => render(
            StatusCode::OK,
            &LinkPage {
                frame: Frame::signed(&signed, "inquiries", &format!("/inquiries/{id}")),
                inquiry_id: id.clone(),
                url: link.url,
                short_url: link.short_url,
                qr: link.qr_code_data_url.unwrap_or_default(),
                emailed_to: recipient,
            },
        ),
        Err(err) => refusal(&signed.visit, &err),
    }
}

/// `POST /inquiries/{id}/resend`: a link's email again — a new link to the same address,
/// through the same outbox and limits as the API.
pub(super) async fn resend(
    State(state): State<HttpState>,
    Path(id): Path<String>,
    Posted { signed, form }: Posted,
) -> Response {
    let resend = ResendLink::new(first(&form, "link"), "", "", None);
    signed.done(&id, signed.act(&state, resend).await)
}

/// `POST /inquiries/{id}/edit`: tags and note.
pub(super) async fn edit(
    State(state): State<HttpState>,
    Path(id): Path<String>,
    Posted { signed, form }: Posted,
) -> Response {
    let tags: Vec<String> = first(&form, "tags")
        .split(',')
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_owned)
        .collect();
    let paths = ["note".to_owned()];
    let fields = Default::default();
    let update = InquiryUpdate {
        id: &id,
        paths: &paths,
        note: first(&form, "note"),
        reference_id: "",
        tags: &[],
        fields: &fields,
    };
    let edited = async {
        signed.act(&state, RetagInquiry::set(&id, &tags)).await?;
        signed
            .act(&state, crate::app::inquiries::UpdateInquiry::new(&update))
            .await
    };
    signed.done(&id, edited.await)
}

/// `POST /inquiries/{id}/expire` (administrators).
pub(super) async fn expire(
    State(state): State<HttpState>,
    Path(id): Path<String>,
    Posted { signed, .. }: Posted,
) -> Response {
    signed.done(&id, signed.act(&state, ReviewInquiry::expire(&id)).await)
}

/// `POST /inquiries/{id}/redact` (administrators): only when the typed confirmation is the
/// inquiry's reference ID (or its ID, when it has none).
pub(super) async fn redact(
    State(state): State<HttpState>,
    Path(id): Path<String>,
    Posted { signed, form }: Posted,
) -> Response {
    let redacted = async {
        let inquiry = signed.ask(&state, GetInquiry::new(&id)).await?;
        let expected = if inquiry.reference_id.is_empty() {
            &inquiry.id
        } else {
            &inquiry.reference_id
        };
        if first(&form, "confirm").trim() != expected {
            return Err(Error::invalid(
                "confirm",
                "type the inquiry's reference ID exactly to confirm redaction",
            )
            .into());
        }
        signed.act(&state, RedactInquiry::new(&id)).await
    };
    signed.done(&id, redacted.await)
}
