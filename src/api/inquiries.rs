//! `verilink.v1.InquiryService`.

use std::pin::Pin;

use tonic::{Request, Response, Status};

use super::{convert, AppState};
use crate::domain::access::{check_client, SessionOrigin};
use crate::domain::ids::IdKind;
use crate::domain::inquiry::{
    check_fields, check_note, check_reference_id, check_tag, check_tags, limit_tags, InquiryFilter,
    NewInquiry, COMMENT_MAX_BYTES, NOTE_MAX_BYTES, UPDATABLE_PATHS,
};
use crate::domain::paging::PageRequest;
use crate::domain::status::{InquiryAction, InquiryStatus};
use crate::domain::tenant::{Environment, Principal};
use crate::domain::Error;
use crate::pb;
use crate::pb::inquiry_service_server::InquiryService;
use crate::store::inquiries::{self, Changes};
use crate::store::models::InquiryRow;
use crate::store::{events, export, links, sessions, snapshot, templates, StoreResult};

pub struct Inquiries(pub AppState);

type Stream<T> = Pin<Box<dyn tokio_stream::Stream<Item = Result<T, Status>> + Send>>;

impl Inquiries {
    /// Runs `change` on one inquiry of the caller's tenant in a transaction.
    async fn change<F>(
        &self,
        principal: Principal,
        id: &str,
        change: F,
    ) -> Result<pb::Inquiry, Status>
    where
        F: FnOnce(&mut InquiryRow, chrono::DateTime<chrono::Utc>) -> StoreResult<Changes>
            + Send
            + 'static,
    {
        let id = IdKind::Inquiry.parse("id", id)?;
        let now = self.0.now();
        let row = self
            .0
            .store
            .transaction(move |conn| {
                inquiries::change(conn, &principal.tenant, &id, now, |row| change(row, now))
            })
            .await?;
        convert::inquiry(&row)
    }

    /// A status-machine action with an optional reviewer comment.
    async fn act(
        &self,
        principal: Principal,
        id: &str,
        action: InquiryAction,
        comment: String,
    ) -> Result<pb::Inquiry, Status> {
        let comment = check_note("comment", &comment, COMMENT_MAX_BYTES)?;
        self.change(principal, id, move |row, now| {
            let changes = inquiries::apply(row, action, now)?;
            if !comment.is_empty() {
                row.reviewer_comment = comment;
            }
            Ok(changes)
        })
        .await
    }

    /// Replaces the tag list, recording `inquiry.tags-updated` only if it changed.
    async fn retag<F>(
        &self,
        principal: Principal,
        id: &str,
        retag: F,
    ) -> Result<pb::Inquiry, Status>
    where
        F: FnOnce(Vec<String>) -> Result<Vec<String>, Error> + Send + 'static,
    {
        self.change(principal, id, move |row, _| {
            let before = row.tags();
            let after = retag(before.clone())?;
            if after == before {
                return Ok(Changes::new());
            }
            row.set_tags(after);
            let mut changes = Changes::new();
            changes.push("inquiry.tags-updated", snapshot::inquiry(row)?);
            Ok(changes)
        })
        .await
    }
}

fn required(inquiry: Option<pb::Inquiry>) -> Result<pb::Inquiry, Error> {
    inquiry.ok_or_else(|| Error::invalid("inquiry", "is required"))
}

fn optional(value: &str) -> Option<String> {
    (!value.is_empty()).then(|| value.to_owned())
}

fn filter(req: &pb::ListInquiriesRequest) -> Result<InquiryFilter, Error> {
    let template_id = optional(&req.inquiry_template_id)
        .map(|id| IdKind::InquiryTemplate.parse("inquiry_template_id", &id))
        .transpose()?;
    Ok(InquiryFilter {
        status: convert::parse_status("status", req.status)?,
        reference_id: optional(&req.reference_id)
            .map(|r| check_reference_id(&r))
            .transpose()?,
        inquiry_template_id: template_id,
        tag: optional(&req.tag)
            .map(|t| check_tag("tag", &t))
            .transpose()?,
        created_after: req
            .create_time_after
            .as_ref()
            .map(|t| convert::parse_timestamp("create_time_after", t))
            .transpose()?,
        created_before: req
            .create_time_before
            .as_ref()
            .map(|t| convert::parse_timestamp("create_time_before", t))
            .transpose()?,
    })
}

fn simulated(action: i32) -> Result<InquiryAction, Error> {
    match pb::SimulatedInquiryAction::try_from(action) {
        Ok(pb::SimulatedInquiryAction::Start) => Ok(InquiryAction::Start),
        Ok(pb::SimulatedInquiryAction::Complete) => Ok(InquiryAction::Complete),
        Ok(pb::SimulatedInquiryAction::Fail) => Ok(InquiryAction::Fail),
        Ok(pb::SimulatedInquiryAction::Expire) => Ok(InquiryAction::Expire),
        _ => Err(Error::invalid(
            "action",
            "must be one of START, COMPLETE, FAIL or EXPIRE",
        )),
    }
}

/// How often a watcher re-reads even without a notification (a safety net, not the path).
const WATCH_POLL: std::time::Duration = std::time::Duration::from_secs(5);

/// Sends the inquiry's events after `last_seq`, then every event as it commits, until the
/// client leaves, the inquiry is redacted or the server drains. Events are read from the
/// database by `seq`, so a reconnecting client resumes with no gap and no duplicate.
async fn stream_events(
    state: AppState,
    inquiry_id: String,
    mut last_seq: i64,
    mut wakeups: tokio::sync::broadcast::Receiver<String>,
    tx: tokio::sync::mpsc::Sender<Result<pb::WatchInquiryResponse, Status>>,
) {
    let shutdown = state.shutting_down();
    tokio::pin!(shutdown);
    loop {
        let id = inquiry_id.clone();
        let rows = match state
            .store
            .run(move |conn| events::for_inquiry_after(conn, &id, last_seq))
            .await
        {
            Ok(rows) => rows,
            Err(err) => {
                let _ = tx.send(Err(err.into())).await;
                return;
            }
        };
        for row in rows {
            last_seq = row.seq;
            let redacted = row.name == "inquiry.redacted";
            let message = pb::WatchInquiryResponse {
                event: Some(convert::event(&row)),
            };
            if tx.send(Ok(message)).await.is_err() || redacted {
                return;
            }
        }
        tokio::select! {
            () = tx.closed() => return,
            () = &mut shutdown => return,
            () = next_wakeup(&mut wakeups, &inquiry_id) => {}
            () = tokio::time::sleep(WATCH_POLL) => {}
        }
    }
}

/// Waits for a notification about this inquiry (or for having missed some).
async fn next_wakeup(wakeups: &mut tokio::sync::broadcast::Receiver<String>, inquiry_id: &str) {
    use tokio::sync::broadcast::error::RecvError;
    loop {
        match wakeups.recv().await {
            Ok(id) if id == inquiry_id => return,
            Ok(_) => {}
            Err(RecvError::Lagged(_)) => return,
            Err(RecvError::Closed) => std::future::pending::<()>().await,
        }
    }
}

#[tonic::async_trait]
impl InquiryService for Inquiries {
    async fn create_inquiry(
        &self,
        request: Request<pb::CreateInquiryRequest>,
    ) -> Result<Response<pb::CreateInquiryResponse>, Status> {
        let (principal, idempotency, req) = self.0.authorize_mutation(request).await?;
        let request_copy = req.clone();
        self.0
            .idempotent(idempotency, "CreateInquiry", &request_copy, async move {
                let with_link = req.create_one_time_link;
                let inquiry = required(req.inquiry)?;
                let template_id = IdKind::InquiryTemplate
                    .parse("inquiry.inquiry_template_id", &inquiry.inquiry_template_id)?;
                let draft = convert::inquiry_draft(&inquiry)?;
                let now = self.0.now();
                let (row, link) = self
                    .0
                    .store
                    .transaction(move |conn| {
                        let template = templates::get(conn, &principal.tenant, &template_id)?;
                        let new = NewInquiry::validate(&draft, &template.settings())?;
                        let row = inquiries::create(conn, &principal, &template_id, new, now)?;
                        let link = with_link
                            .then(|| links::generate_locked(conn, &row, None, now))
                            .transpose()?;
                        Ok((row, link))
                    })
                    .await?;
                let one_time_link = link
                    .map(|(link, codes)| self.0.generated_link(&link, &codes, false))
                    .transpose()?;
                Ok(pb::CreateInquiryResponse {
                    inquiry: Some(convert::inquiry(&row)?),
                    one_time_link,
                })
            })
            .await
    }

    async fn get_inquiry(
        &self,
        request: Request<pb::GetInquiryRequest>,
    ) -> Result<Response<pb::GetInquiryResponse>, Status> {
        let (principal, req) = self.0.authorize(request).await?;
        let id = IdKind::Inquiry.parse("id", &req.id)?;
        let now = self.0.now();
        let row = self
            .0
            .store
            .transaction(move |conn| inquiries::get(conn, &principal.tenant, &id, now))
            .await?;
        Ok(Response::new(pb::GetInquiryResponse {
            inquiry: Some(convert::inquiry(&row)?),
        }))
    }

    async fn list_inquiries(
        &self,
        request: Request<pb::ListInquiriesRequest>,
    ) -> Result<Response<pb::ListInquiriesResponse>, Status> {
        let (principal, req) = self.0.authorize(request).await?;
        let filter = filter(&req)?;
        let page = PageRequest::parse(req.page_size, &req.page_token, &filter.describe())?;
        let now = self.0.now();
        let (rows, next_page_token) = self
            .0
            .store
            .transaction(move |conn| inquiries::list(conn, &principal.tenant, &filter, &page, now))
            .await?;
        Ok(Response::new(pb::ListInquiriesResponse {
            inquiries: rows
                .iter()
                .map(convert::inquiry)
                .collect::<Result<_, _>>()?,
            next_page_token,
        }))
    }

    async fn update_inquiry(
        &self,
        request: Request<pb::UpdateInquiryRequest>,
    ) -> Result<Response<pb::UpdateInquiryResponse>, Status> {
        let (principal, idempotency, req) = self.0.authorize_mutation(request).await?;
        let request_copy = req.clone();
        self.0
            .idempotent(idempotency, "UpdateInquiry", &request_copy, async move {
                let inquiry = required(req.inquiry)?;
                let paths = convert::mask_paths(
                    req.update_mask.as_ref(),
                    &[
                        ("note", !inquiry.note.is_empty()),
                        ("fields", !inquiry.fields.is_empty()),
                        ("tags", !inquiry.tags.is_empty()),
                        ("reference_id", !inquiry.reference_id.is_empty()),
                    ],
                    UPDATABLE_PATHS,
                )?;
                let has = |path: &str| paths.iter().any(|p| p == path);
                let note = has("note")
                    .then(|| check_note("inquiry.note", &inquiry.note, NOTE_MAX_BYTES))
                    .transpose()?;
                let reference_id = has("reference_id")
                    .then(|| check_reference_id(&inquiry.reference_id))
                    .transpose()?;
                let tags = has("tags")
                    .then(|| check_tags("inquiry.tags", &inquiry.tags))
                    .transpose()?;
                let fields = has("fields")
                    .then(|| check_fields("inquiry.fields", &convert::raw_fields(&inquiry.fields)))
                    .transpose()?;
                let inquiry = self
                    .change(principal, &inquiry.id, move |row, _| {
                        let tags_before = row.tags();
                        let mut changed = false;
                        if let Some(note) = note {
                            changed |= row.note != note;
                            row.note = note;
                        }
                        if let Some(reference_id) = reference_id {
                            changed |= row.reference_id != reference_id;
                            row.reference_id = reference_id;
                        }
                        if let Some(fields) = fields {
                            changed |= row.fields()? != fields;
                            row.set_fields(&fields)?;
                        }
                        let mut changes = Changes::new();
                        if changed {
                            changes.push("inquiry.updated", snapshot::inquiry(row)?);
                        }
                        if let Some(tags) = tags.filter(|t| *t != tags_before) {
                            row.set_tags(tags);
                            changes.push("inquiry.tags-updated", snapshot::inquiry(row)?);
                        }
                        Ok(changes)
                    })
                    .await?;
                Ok(pb::UpdateInquiryResponse {
                    inquiry: Some(inquiry),
                })
            })
            .await
    }

    async fn resume_inquiry(
        &self,
        request: Request<pb::ResumeInquiryRequest>,
    ) -> Result<Response<pb::ResumeInquiryResponse>, Status> {
        let (principal, idempotency, req) = self.0.authorize_mutation(request).await?;
        let request_copy = req.clone();
        self.0
            .idempotent(idempotency, "ResumeInquiry", &request_copy, async move {
                let id = IdKind::Inquiry.parse("id", &req.id)?;
                let (client_ip, user_agent) = check_client(&req.client_ip, &req.user_agent)?;
                let now = self.0.now();
                let (inquiry, session, token) = self
                    .0
                    .store
                    .transaction(move |conn| {
                        let mut inquiry = inquiries::lock(conn, &principal.tenant, &id, now)?;
                        let mut changes = Changes::new();
                        if inquiry.status()? == InquiryStatus::Created {
                            changes.extend(inquiries::apply(
                                &mut inquiry,
                                InquiryAction::Start,
                                now,
                            )?);
                        }
                        changes.extend(inquiries::apply(&mut inquiry, InquiryAction::Resume, now)?);
                        let (session, token) = sessions::open(
                            conn,
                            &inquiry,
                            SessionOrigin::Resume,
                            None,
                            &client_ip,
                            &user_agent,
                            now,
                        )?;
                        inquiries::save(conn, &mut inquiry, changes, now)?;
                        sessions::record_started(conn, &principal.tenant, &session, now)?;
                        Ok((inquiry, session, token))
                    })
                    .await?;
                Ok(pb::ResumeInquiryResponse {
                    inquiry: Some(convert::inquiry(&inquiry)?),
                    session: Some(convert::session(&session)?),
                    session_token: token,
                })
            })
            .await
    }

    async fn expire_inquiry(
        &self,
        request: Request<pb::ExpireInquiryRequest>,
    ) -> Result<Response<pb::ExpireInquiryResponse>, Status> {
        let (principal, idempotency, req) = self.0.authorize_mutation(request).await?;
        let request_copy = req.clone();
        self.0
            .idempotent(idempotency, "ExpireInquiry", &request_copy, async move {
                let inquiry = self
                    .act(principal, &req.id, InquiryAction::Expire, String::new())
                    .await?;
                Ok(pb::ExpireInquiryResponse {
                    inquiry: Some(inquiry),
                })
            })
            .await
    }

    async fn approve_inquiry(
        &self,
        request: Request<pb::ApproveInquiryRequest>,
    ) -> Result<Response<pb::ApproveInquiryResponse>, Status> {
        let (principal, idempotency, req) = self.0.authorize_mutation(request).await?;
        let request_copy = req.clone();
        self.0
            .idempotent(idempotency, "ApproveInquiry", &request_copy, async move {
                let inquiry = self
                    .act(principal, &req.id, InquiryAction::Approve, req.comment)
                    .await?;
                Ok(pb::ApproveInquiryResponse {
                    inquiry: Some(inquiry),
                })
            })
            .await
    }

    async fn decline_inquiry(
        &self,
        request: Request<pb::DeclineInquiryRequest>,
    ) -> Result<Response<pb::DeclineInquiryResponse>, Status> {
        let (principal, idempotency, req) = self.0.authorize_mutation(request).await?;
        let request_copy = req.clone();
        self.0
            .idempotent(idempotency, "DeclineInquiry", &request_copy, async move {
                let inquiry = self
                    .act(principal, &req.id, InquiryAction::Decline, req.comment)
                    .await?;
                Ok(pb::DeclineInquiryResponse {
                    inquiry: Some(inquiry),
                })
            })
            .await
    }

    async fn mark_inquiry_for_review(
        &self,
        request: Request<pb::MarkInquiryForReviewRequest>,
    ) -> Result<Response<pb::MarkInquiryForReviewResponse>, Status> {
        let (principal, idempotency, req) = self.0.authorize_mutation(request).await?;
        let request_copy = req.clone();
        self.0
            .idempotent(
                idempotency,
                "MarkInquiryForReview",
                &request_copy,
                async move {
                    let inquiry = self
                        .act(
                            principal,
                            &req.id,
                            InquiryAction::MarkForReview,
                            req.comment,
                        )
                        .await?;
                    Ok(pb::MarkInquiryForReviewResponse {
                        inquiry: Some(inquiry),
                    })
                },
            )
            .await
    }

    async fn add_inquiry_tag(
        &self,
        request: Request<pb::AddInquiryTagRequest>,
    ) -> Result<Response<pb::AddInquiryTagResponse>, Status> {
        let (principal, idempotency, req) = self.0.authorize_mutation(request).await?;
        let request_copy = req.clone();
        self.0
            .idempotent(idempotency, "AddInquiryTag", &request_copy, async move {
                let tag = check_tag("tag", &req.tag)?;
                let inquiry = self
                    .retag(principal, &req.id, move |mut tags| {
                        if !tags.contains(&tag) {
                            tags.push(tag);
                        }
                        limit_tags("tag", tags)
                    })
                    .await?;
                Ok(pb::AddInquiryTagResponse {
                    inquiry: Some(inquiry),
                })
            })
            .await
    }

    async fn remove_inquiry_tag(
        &self,
        request: Request<pb::RemoveInquiryTagRequest>,
    ) -> Result<Response<pb::RemoveInquiryTagResponse>, Status> {
        let (principal, idempotency, req) = self.0.authorize_mutation(request).await?;
        let request_copy = req.clone();
        self.0
            .idempotent(idempotency, "RemoveInquiryTag", &request_copy, async move {
                let tag = check_tag("tag", &req.tag)?;
                let inquiry = self
                    .retag(principal, &req.id, move |mut tags| {
                        tags.retain(|t| *t != tag);
                        Ok(tags)
                    })
                    .await?;
                Ok(pb::RemoveInquiryTagResponse {
                    inquiry: Some(inquiry),
                })
            })
            .await
    }

    async fn set_inquiry_tags(
        &self,
        request: Request<pb::SetInquiryTagsRequest>,
    ) -> Result<Response<pb::SetInquiryTagsResponse>, Status> {
        let (principal, idempotency, req) = self.0.authorize_mutation(request).await?;
        let request_copy = req.clone();
        self.0
            .idempotent(idempotency, "SetInquiryTags", &request_copy, async move {
                let tags = check_tags("tags", &req.tags)?;
                let inquiry = self.retag(principal, &req.id, move |_| Ok(tags)).await?;
                Ok(pb::SetInquiryTagsResponse {
                    inquiry: Some(inquiry),
                })
            })
            .await
    }

    async fn redact_inquiry(
        &self,
        request: Request<pb::RedactInquiryRequest>,
    ) -> Result<Response<pb::RedactInquiryResponse>, Status> {
        let (principal, idempotency, req) = self.0.authorize_mutation(request).await?;
        let request_copy = req.clone();
        self.0
            .idempotent(idempotency, "RedactInquiry", &request_copy, async move {
                let id = IdKind::Inquiry.parse("id", &req.id)?;
                let now = self.0.now();
                let row = self
                    .0
                    .store
                    .transaction(move |conn| inquiries::redact(conn, &principal.tenant, &id, now))
                    .await?;
                Ok(pb::RedactInquiryResponse {
                    inquiry: Some(convert::inquiry(&row)?),
                })
            })
            .await
    }

    async fn export_inquiry(
        &self,
        request: Request<pb::ExportInquiryRequest>,
    ) -> Result<Response<pb::ExportInquiryResponse>, Status> {
        let (principal, req) = self.0.authorize(request).await?;
        let id = IdKind::Inquiry.parse("id", &req.id)?;
        let now = self.0.now();
        let document = self
            .0
            .store
            .transaction(move |conn| export::inquiry(conn, &principal.tenant, &id, now))
            .await?;
        Ok(Response::new(pb::ExportInquiryResponse {
            document_json: document.to_string(),
        }))
    }

    async fn simulate_inquiry_action(
        &self,
        request: Request<pb::SimulateInquiryActionRequest>,
    ) -> Result<Response<pb::SimulateInquiryActionResponse>, Status> {
        let (principal, idempotency, req) = self.0.authorize_mutation(request).await?;
        let request_copy = req.clone();
        self.0
            .idempotent(
                idempotency,
                "SimulateInquiryAction",
                &request_copy,
                async move {
                    if principal.tenant.environment != Environment::Sandbox {
                        return Err(Error::precondition(
                            "SANDBOX_ONLY",
                            "SimulateInquiryAction works only with sandbox API keys",
                        )
                        .into());
                    }
                    let action = simulated(req.action)?;
                    let inquiry = self.act(principal, &req.id, action, String::new()).await?;
                    Ok(pb::SimulateInquiryActionResponse {
                        inquiry: Some(inquiry),
                    })
                },
            )
            .await
    }

    type WatchInquiryStream = Stream<pb::WatchInquiryResponse>;

    async fn watch_inquiry(
        &self,
        request: Request<pb::WatchInquiryRequest>,
    ) -> Result<Response<Self::WatchInquiryStream>, Status> {
        let (principal, req) = self.0.authorize(request).await?;
        let inquiry_id = IdKind::Inquiry.parse("inquiry_id", &req.inquiry_id)?;
        let after = (!req.after_event_id.is_empty())
            .then(|| IdKind::Event.parse("after_event_id", &req.after_event_id))
            .transpose()?;
        // Subscribe before reading, so nothing that commits in between is missed.
        let wakeups = self.0.hub.subscribe();
        let now = self.0.now();
        let start = {
            let inquiry_id = inquiry_id.clone();
            self.0
                .store
                .transaction(move |conn| {
                    inquiries::get(conn, &principal.tenant, &inquiry_id, now)?;
                    let Some(after) = after else { return Ok(0) };
                    let event = events::get(conn, &principal.tenant, &after)?;
                    if event.inquiry_id.as_deref() != Some(inquiry_id.as_str()) {
                        return Err(Error::invalid(
                            "after_event_id",
                            "is an event of another inquiry",
                        )
                        .into());
                    }
                    Ok(event.seq)
                })
                .await?
        };
        let (tx, rx) = tokio::sync::mpsc::channel(64);
        tokio::spawn(stream_events(
            self.0.clone(),
            inquiry_id,
            start,
            wakeups,
            tx,
        ));
        Ok(Response::new(Box::pin(
            tokio_stream::wrappers::ReceiverStream::new(rx),
        )))
    }
}
