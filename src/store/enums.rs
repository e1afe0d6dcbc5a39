//! The domain's enums as stored: text columns (each with a CHECK constraint) read and written
//! as typed values, so loading a row yields a typed status and an unknown value is an error at
//! the database boundary, never a silent fallback.

use diesel::deserialize::FromSqlRow;
use diesel::deserialize::{self, FromSql};
use diesel::expression::AsExpression;
use diesel::pg::{Pg, PgValue};
use diesel::serialize::{self, Output, ToSql};
use diesel::sql_types::Text;

use crate::domain::access::{EmailStatus, LinkStatus, SessionOrigin, SessionStatus};
use crate::domain::actor::{ActorKind, Role};
use crate::domain::operator::LoginMethod;
use crate::domain::status::InquiryStatus;
use crate::domain::tenant::Environment;
use crate::domain::webhook::{DeliveryStatus, WebhookFormat};

/// Implements diesel's text mapping for a domain enum with `as_str`/`parse`. The proxy struct
/// only carries diesel's derives onto the foreign type (`foreign_derive`); it is never built.
macro_rules! text_enum {
    ($proxy:ident, $ty:ty) => {
        #[derive(AsExpression, FromSqlRow)]
        #[diesel(foreign_derive, sql_type = Text)]
        #[allow(dead_code)]
        struct $proxy($ty);

        impl ToSql<Text, Pg> for $ty {
            fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, Pg>) -> serialize::Result {
                <str as ToSql<Text, Pg>>::to_sql(self.as_str(), &mut out.reborrow())
            }
        }

        impl FromSql<Text, Pg> for $ty {
            fn from_sql(value: PgValue<'_>) -> deserialize::Result<Self> {
                let text = std::str::from_utf8(value.as_bytes())?;
                <$ty>::parse(text)
                    .ok_or_else(|| format!("unknown {} {text:?}", stringify!($ty)).into())
            }
        }
    };
}

text_enum!(ActorKindColumn, ActorKind);
text_enum!(EnvironmentColumn, Environment);
text_enum!(InquiryStatusColumn, InquiryStatus);
text_enum!(LinkStatusColumn, LinkStatus);
text_enum!(SessionStatusColumn, SessionStatus);
text_enum!(SessionOriginColumn, SessionOrigin);
text_enum!(DeliveryStatusColumn, DeliveryStatus);
text_enum!(EmailStatusColumn, EmailStatus);
text_enum!(WebhookFormatColumn, WebhookFormat);
text_enum!(RoleColumn, Role);
text_enum!(LoginMethodColumn, LoginMethod);
