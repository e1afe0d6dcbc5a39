//! OneTimeLinkService and SessionService requests into their use cases' inputs.

use super::*;

impl TryFrom<pb::GenerateOneTimeLinkRequest> for GenerateLink {
    type Error = Error;
    fn try_from(req: pb::GenerateOneTimeLinkRequest) -> Result<Self, Error> {
        GenerateLink::new(&LinkRequest {
            inquiry_id: &req.inquiry_id,
            expires_in: convert::opt_duration("expires_in", req.expires_in.as_ref())?,
            include_qr_code: req.include_qr_code,
            recipient_email: &req.recipient_email,
            language: &req.language,
        })
    }
}

impl TryFrom<pb::GetOneTimeLinkRequest> for GetLink {
    type Error = Error;
    fn try_from(req: pb::GetOneTimeLinkRequest) -> Result<Self, Error> {
        GetLink::new(&req.id)
    }
}

impl TryFrom<pb::ListOneTimeLinksRequest> for ListLinks {
    type Error = Error;
    fn try_from(req: pb::ListOneTimeLinksRequest) -> Result<Self, Error> {
        ListLinks::new(&req.inquiry_id, req.page_size, &req.page_token)
    }
}

impl TryFrom<pb::RevokeOneTimeLinkRequest> for RevokeLink {
    type Error = Error;
    fn try_from(req: pb::RevokeOneTimeLinkRequest) -> Result<Self, Error> {
        RevokeLink::new(&req.id)
    }
}

impl TryFrom<pb::ResendOneTimeLinkRequest> for ResendLink {
    type Error = Error;
    fn try_from(req: pb::ResendOneTimeLinkRequest) -> Result<Self, Error> {
        let expires_in = convert::opt_duration("expires_in", req.expires_in.as_ref())?;
        ResendLink::new(&req.id, &req.recipient_email, &req.language, expires_in)
    }
}

impl TryFrom<pb::GetSessionRequest> for GetSession {
    type Error = Error;
    fn try_from(req: pb::GetSessionRequest) -> Result<Self, Error> {
        GetSession::new(&req.id)
    }
}

impl TryFrom<pb::ListSessionsRequest> for ListSessions {
    type Error = Error;
    fn try_from(req: pb::ListSessionsRequest) -> Result<Self, Error> {
        ListSessions::new(&req.inquiry_id, req.page_size, &req.page_token)
    }
}

impl TryFrom<pb::ExpireSessionRequest> for ExpireSession {
    type Error = Error;
    fn try_from(req: pb::ExpireSessionRequest) -> Result<Self, Error> {
        ExpireSession::new(&req.id)
    }
}

impl TryFrom<pb::ExpireAllSessionsRequest> for ExpireAllSessions {
    type Error = Error;
    fn try_from(req: pb::ExpireAllSessionsRequest) -> Result<Self, Error> {
        ExpireAllSessions::new(&req.inquiry_id)
    }
}
