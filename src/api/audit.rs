//! `verilink.v1.AuditService`.

use tonic::{Request, Response, Status};

use super::query;
use crate::app::audit::{AuditQuery, ListAuditEvents};
use crate::app::App;
use crate::contract::convert;
use crate::domain::actor::ActorKind;
use crate::domain::Error;
use crate::pb;
use crate::pb::audit_service_server::AuditService;

pub struct Audit(pub App);

impl TryFrom<pb::ListAuditEventsRequest> for ListAuditEvents {
    type Error = Error;
    fn try_from(req: pb::ListAuditEventsRequest) -> Result<Self, Error> {
        let time = |field: &str, t: Option<&prost_types::Timestamp>| {
            t.map(|t| convert::parse_timestamp(field, t)).transpose()
        };
        let actor_kind = match pb::ActorKind::try_from(req.actor_kind) {
            Ok(pb::ActorKind::Unspecified) => None,
            Ok(pb::ActorKind::ApiKey) => Some(ActorKind::ApiKey),
            Ok(pb::ActorKind::Operator) => Some(ActorKind::Operator),
            Ok(pb::ActorKind::EndUser) => Some(ActorKind::EndUser),
            Ok(pb::ActorKind::System) => Some(ActorKind::System),
            Ok(pb::ActorKind::Unknown) => Some(ActorKind::Unknown),
            Err(_) => return Err(Error::invalid("actor_kind", "is not an actor kind")),
        };
        ListAuditEvents::new(&AuditQuery {
            page_size: req.page_size,
            page_token: &req.page_token,
            actor_kind,
            actor_id: &req.actor_id,
            event_name: &req.event_name,
            inquiry_id: &req.inquiry_id,
            created_after: time("create_time_after", req.create_time_after.as_ref())?,
            created_before: time("create_time_before", req.create_time_before.as_ref())?,
        })
    }
}

#[tonic::async_trait]
impl AuditService for Audit {
    async fn list_audit_events(
        &self,
        request: Request<pb::ListAuditEventsRequest>,
    ) -> Result<Response<pb::ListAuditEventsResponse>, Status> {
        query::<_, ListAuditEvents, _>(&self.0, request).await
    }
}
