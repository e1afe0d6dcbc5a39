//! The inquiry's life after creation: resuming it, the operator's decisions, the sandbox's
//! simulated actions, tags, redaction and the export.

use super::*;

/// ResumeInquiry: a new session (origin RESUME) on a CREATED, PENDING or EXPIRED inquiry.
#[derive(Debug, Serialize)]
pub struct ResumeInquiry {
    id: String,
    client: Client,
}

impl ResumeInquiry {
    /// `client_ip` and `user_agent`: the end user's, recorded on the session (empty: unknown).
    pub fn new(id: &str, client_ip: &str, user_agent: &str) -> Result<Self, Error> {
        Ok(ResumeInquiry {
            id: IdKind::Inquiry.parse("id", id)?,
            client: check_client(client_ip, user_agent)?,
        })
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Resumed {
    pub inquiry: Inquiry,
    pub session: Session,
    pub session_token: String,
}

impl Command for ResumeInquiry {
    const NAME: &'static str = "ResumeInquiry";
    type Output = Resumed;

    fn run(&self, cx: &mut Ctx<'_>, principal: &Principal) -> AppResult<Resumed> {
        let inquiry = record::lock_unredacted(cx, &principal.tenant, &self.id)?;
        resume(cx, inquiry, self.client.clone())
    }
}

/// Opens a session (origin RESUME) on a locked, unredacted inquiry: ResumeInquiry, and the
/// hosted flow's inquiry-ID links.
pub(in crate::app) fn resume(
    cx: &mut Ctx<'_>,
    mut inquiry: Inquiry,
    client: Client,
) -> AppResult<Resumed> {
    let mut changes = inquiry.resume(cx.now)?;
    check_session_cap(sessions::count(cx.conn, &inquiry.id)?, &inquiry)?;
    let (session_token, token_digest) = generate_session_token()?;
    let session = Session::open(
        IdKind::InquirySession.generate()?,
        &inquiry,
        SessionOrigin::Resume,
        None,
        client,
        cx.now,
    );
    sessions::insert(cx.conn, &session, &token_digest)?;
    cx.in_session(&session.id);
    changes.push(Happened::session(EventKind::SessionStarted, &session));
    record::commit(cx, &inquiry, changes)?;
    Ok(Resumed {
        inquiry,
        session,
        session_token,
    })
}

/// An operator's action: Expire, Approve, Decline, MarkForReview (with an optional comment).
#[derive(Debug, Serialize)]
pub struct ReviewInquiry {
    id: String,
    action: InquiryAction,
    comment: String,
}

impl ReviewInquiry {
    fn review(id: &str, action: InquiryAction, comment: &str) -> Result<Self, Error> {
        Ok(ReviewInquiry {
            id: IdKind::Inquiry.parse("id", id)?,
            action,
            comment: check_note("comment", comment, COMMENT_MAX_BYTES)?,
        })
    }

    pub fn expire(id: &str) -> Result<Self, Error> {
        Self::review(id, InquiryAction::Expire, "")
    }

    pub fn approve(id: &str, comment: &str) -> Result<Self, Error> {
        Self::review(id, InquiryAction::Approve, comment)
    }

    pub fn decline(id: &str, comment: &str) -> Result<Self, Error> {
        Self::review(id, InquiryAction::Decline, comment)
    }

    pub fn mark_for_review(id: &str, comment: &str) -> Result<Self, Error> {
        Self::review(id, InquiryAction::MarkForReview, comment)
    }
}

impl Command for ReviewInquiry {
    const NAME: &'static str = "ReviewInquiry";
    type Output = Inquiry;

    /// Deciding and marking for review are a reviewer's; expiring ends the end user's access.
    fn role(&self) -> Role {
        if self.action == InquiryAction::Expire {
            Role::Admin
        } else {
            Role::Reviewer
        }
    }

    fn run(&self, cx: &mut Ctx<'_>, principal: &Principal) -> AppResult<Inquiry> {
        let mut inquiry = record::lock_unredacted(cx, &principal.tenant, &self.id)?;
        let changes = inquiry.review(self.action, &self.comment, &cx.actor, cx.now)?;
        record::commit(cx, &inquiry, changes)?;
        Ok(inquiry)
    }
}

/// SimulateInquiryAction: an end-user or clock action, sandbox keys only.
#[derive(Debug, Serialize)]
pub struct SimulateInquiryAction {
    id: String,
    action: InquiryAction,
}

impl SimulateInquiryAction {
    /// `action`: START, COMPLETE, FAIL or EXPIRE (`None`: none was named).
    pub fn new(id: &str, action: Option<InquiryAction>) -> Result<Self, Error> {
        use InquiryAction as A;
        let action = match action {
            Some(action @ (A::Start | A::Complete | A::Fail | A::Expire)) => action,
            _ => {
                return Err(Error::invalid(
                    "action",
                    "must be one of START, COMPLETE, FAIL or EXPIRE",
                ))
            }
        };
        Ok(SimulateInquiryAction {
            id: IdKind::Inquiry.parse("id", id)?,
            action,
        })
    }
}

impl Command for SimulateInquiryAction {
    const NAME: &'static str = "SimulateInquiryAction";
    type Output = Inquiry;

    fn run(&self, cx: &mut Ctx<'_>, principal: &Principal) -> AppResult<Inquiry> {
        if principal.tenant.environment != Environment::Sandbox {
            return Err(Error::precondition(
                Reason::SandboxOnly,
                "SimulateInquiryAction works only with sandbox API keys",
            )
            .into());
        }
        let mut inquiry = record::lock_unredacted(cx, &principal.tenant, &self.id)?;
        let changes = inquiry.act(self.action, cx.now)?;
        record::commit(cx, &inquiry, changes)?;
        Ok(inquiry)
    }
}

/// What a tag operation does to the tag list.
#[derive(Debug, Clone, Serialize)]
enum TagChange {
    Add(String),
    Remove(String),
    Set(Vec<String>),
}

/// AddInquiryTag, RemoveInquiryTag, SetInquiryTags.
#[derive(Debug, Serialize)]
pub struct RetagInquiry {
    id: String,
    change: TagChange,
}

impl RetagInquiry {
    pub fn add(id: &str, tag: &str) -> Result<Self, Error> {
        Ok(RetagInquiry {
            id: IdKind::Inquiry.parse("id", id)?,
            change: TagChange::Add(check_tag("tag", tag)?),
        })
    }

    pub fn remove(id: &str, tag: &str) -> Result<Self, Error> {
        Ok(RetagInquiry {
            id: IdKind::Inquiry.parse("id", id)?,
            change: TagChange::Remove(check_tag("tag", tag)?),
        })
    }

    /// Replaces the whole list (duplicates collapse).
    pub fn set(id: &str, tags: &[String]) -> Result<Self, Error> {
        Ok(RetagInquiry {
            id: IdKind::Inquiry.parse("id", id)?,
            change: TagChange::Set(check_tags("tags", tags)?),
        })
    }
}

impl Command for RetagInquiry {
    const NAME: &'static str = "RetagInquiry";
    type Output = Inquiry;

    fn run(&self, cx: &mut Ctx<'_>, principal: &Principal) -> AppResult<Inquiry> {
        let mut inquiry = record::lock_unredacted(cx, &principal.tenant, &self.id)?;
        let mut tags = inquiry.tags.clone();
        match &self.change {
            TagChange::Add(tag) if !tags.contains(tag) => tags.push(tag.clone()),
            TagChange::Add(_) => {}
            TagChange::Remove(tag) => tags.retain(|t| t != tag),
            TagChange::Set(set) => tags.clone_from(set),
        }
        let tags = limit_tags("tag", tags)?;
        let changes = inquiry.set_tags(tags, cx.now);
        record::commit(cx, &inquiry, changes)?;
        Ok(inquiry)
    }
}

/// RedactInquiry: wipes the inquiry's personal data, also from its history, and ends access.
#[derive(Debug, Serialize)]
pub struct RedactInquiry {
    id: String,
}

impl RedactInquiry {
    pub fn new(id: &str) -> Result<Self, Error> {
        Ok(RedactInquiry {
            id: IdKind::Inquiry.parse("id", id)?,
        })
    }
}

impl Command for RedactInquiry {
    const NAME: &'static str = "RedactInquiry";
    type Output = Inquiry;

    fn role(&self) -> Role {
        Role::Admin
    }

    fn run(&self, cx: &mut Ctx<'_>, principal: &Principal) -> AppResult<Inquiry> {
        let inquiry = record::lock_unredacted(cx, &principal.tenant, &self.id)?;
        redact(cx, inquiry)
    }
}

/// Redacts a locked inquiry (RedactInquiry, and the retention worker).
pub(in crate::app) fn redact(cx: &mut Ctx<'_>, mut inquiry: Inquiry) -> AppResult<Inquiry> {
    inquiries::scrub_history(cx.conn, &inquiry.id)?;
    emails::scrub(cx.conn, &inquiry.id, cx.now)?;
    let changes: Changes = inquiry.redact(cx.now);
    record::commit(cx, &inquiry, changes)?;
    Ok(inquiry)
}

/// ExportInquiry: everything held about the inquiry as one JSON document (a DSAR answer): the
/// inquiry, its sessions, its links (never their codes) and its events, oldest first.
pub struct ExportInquiry {
    id: String,
}

impl ExportInquiry {
    pub fn new(id: &str) -> Result<Self, Error> {
        Ok(ExportInquiry {
            id: IdKind::Inquiry.parse("id", id)?,
        })
    }
}

impl Query for ExportInquiry {
    type Output = serde_json::Value;

    fn run(&self, cx: &mut Ctx<'_>, principal: &Principal) -> AppResult<serde_json::Value> {
        let tenant = &principal.tenant;
        let inquiry = in_transaction(cx, |cx| {
            let inquiry = record::lock(cx, tenant, &self.id)?;
            record::settle_access(cx, &inquiry)?;
            Ok(inquiry)
        })?;
        let encode = |result: Result<serde_json::Value, json::CodecError>| {
            result.map_err(|e| StoreError::Internal(e.to_string()))
        };
        let sessions = sessions::all_of(cx.conn, &inquiry.id)?
            .iter()
            .map(|s| encode(json::to_json(&convert::session(s))))
            .collect::<AppResult<Vec<_>>>()?;
        let links = links::all_of(cx.conn, &inquiry.id)?
            .iter()
            .map(|l| encode(json::to_json(&convert::link(l))))
            .collect::<AppResult<Vec<_>>>()?;
        let events = events::for_inquiry(cx.conn, &inquiry.id)?
            .into_iter()
            .map(|event| {
                let mut json = encode(json::to_json(&convert::event(
                    &crate::domain::events::Event {
                        data: serde_json::Value::Null,
                        ..event.clone()
                    },
                )))?;
                // The snapshot as recorded (already proto3 JSON).
                json["data"] = event.data;
                Ok(json)
            })
            .collect::<AppResult<Vec<_>>>()?;
        Ok(serde_json::json!({
            "exportTime": encode(json::to_json(&convert::timestamp(cx.now)))?,
            "inquiry": encode(json::to_json(&convert::inquiry(&inquiry)))?,
            "sessions": sessions,
            "oneTimeLinks": links,
            "events": events,
        }))
    }
}
