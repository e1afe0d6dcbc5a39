//! Statements that PostgreSQL prepares once per connection, not once per call.
//!
//! Diesel keeps a prepared statement per connection for each query it can name by its type or
//! its text, but never for an `UPDATE`, an `INSERT` that writes `DEFAULT` or several rows, an
//! upsert, or `sql_query` text: it counts them as possibly unbounded in number, so PostgreSQL
//! parses and plans them on every call. Those are the statements of every write call, and on
//! this schema planning them costs as much as running them (pgbench, GenerateOneTimeLink's
//! statements at 8 clients: 1,220 transactions/s parsed and planned each time, 2,300/s
//! prepared). [`prepared`] marks a statement whose text comes from a small fixed set — fixed
//! text, or a changeset or row whose only variation is which optional columns it writes — so
//! that diesel keeps it prepared, under its SQL text (never under its type, so two texts are
//! never confused). Never wrap a statement whose text is built from values, and never let one
//! return `*`: a prepared statement's result columns are fixed, so PostgreSQL refuses to run it
//! once a migration (of a newer replica, in a rolling upgrade) adds a column; name the columns
//! with [`columns`]. Run a statement that returns no rows with [`Prepared::run`], not diesel's
//! `execute`: `execute` asks a reference to the statement whether it may be kept, and the
//! reference answers for the statement inside.

use diesel::pg::{Pg, PgConnection, PgQueryBuilder};
use diesel::query_builder::{AstPass, Query, QueryBuilder, QueryFragment, QueryId};
use diesel::sql_types::Untyped;
use diesel::{QueryResult, RunQueryDsl, Selectable};

/// A statement diesel keeps prepared (see the module's documentation).
#[derive(Debug, Clone, Copy)]
pub struct Prepared<Q>(Q);

/// Keeps `statement` prepared on its connection, under its SQL text.
pub fn prepared<Q>(statement: Q) -> Prepared<Q> {
    Prepared(statement)
}

impl<Q: QueryFragment<Pg>> QueryFragment<Pg> for Prepared<Q> {
    fn walk_ast<'b>(&'b self, pass: AstPass<'_, 'b, Pg>) -> QueryResult<()> {
        self.0.walk_ast(pass)
    }

    fn is_safe_to_cache_prepared(&self, _: &Pg) -> QueryResult<bool> {
        Ok(true)
    }
}

/// No static ID: diesel caches the statement under its SQL text.
impl<Q> QueryId for Prepared<Q> {
    type QueryId = ();
    const HAS_STATIC_QUERY_ID: bool = false;
}

impl<Q: Query> Query for Prepared<Q> {
    type SqlType = Q::SqlType;
}

impl<Q, C> RunQueryDsl<C> for Prepared<Q> {}

impl<Q: QueryFragment<Pg>> Prepared<Q> {
    /// Runs a statement that returns no rows (or whose rows are not wanted).
    pub fn run(self, conn: &mut PgConnection) -> QueryResult<()> {
        Rowless(self).load::<Nothing>(conn)?;
        Ok(())
    }
}

/// A prepared statement run for its effect: read as rows of no known type.
struct Rowless<Q>(Prepared<Q>);

/// What [`Rowless`] reads of each row: nothing.
#[derive(diesel::QueryableByName)]
struct Nothing {}

impl<Q: QueryFragment<Pg>> QueryFragment<Pg> for Rowless<Q> {
    fn walk_ast<'b>(&'b self, pass: AstPass<'_, 'b, Pg>) -> QueryResult<()> {
        self.0.walk_ast(pass)
    }

    fn is_safe_to_cache_prepared(&self, backend: &Pg) -> QueryResult<bool> {
        self.0.is_safe_to_cache_prepared(backend)
    }
}

impl<Q> QueryId for Rowless<Q> {
    type QueryId = ();
    const HAS_STATIC_QUERY_ID: bool = false;
}

impl<Q> Query for Rowless<Q> {
    type SqlType = Untyped;
}

impl<Q> RunQueryDsl<PgConnection> for Rowless<Q> {}

/// The columns `Row` reads, as SQL (`"table"."column", …`), for a prepared statement's
/// `RETURNING`.
pub fn columns<Row: Selectable<Pg>>() -> String
where
    Row::SelectExpression: QueryFragment<Pg>,
{
    let mut sql = PgQueryBuilder::default();
    Row::construct_selection()
        .to_sql(&mut sql, &Pg)
        .expect("a column list always renders");
    sql.finish()
}

#[cfg(test)]
mod tests {
    use diesel::query_builder::QueryFragment;
    use diesel::sql_types::Text;

    use super::{columns, prepared};
    use crate::store::models::OutboxRow;

    #[test]
    fn what_diesel_would_not_cache_is_cached_under_its_text() {
        let statement = diesel::sql_query("SELECT $1").bind::<Text, _>("x");
        assert!(!statement
            .is_safe_to_cache_prepared(&diesel::pg::Pg)
            .unwrap());
        assert!(prepared(statement)
            .is_safe_to_cache_prepared(&diesel::pg::Pg)
            .unwrap());
    }

    #[test]
    fn columns_are_named_in_order() {
        assert_eq!(
            columns::<OutboxRow>(),
            "\"email_outbox\".\"link_id\", \"email_outbox\".\"inquiry_id\", \
             \"email_outbox\".\"message\", \"email_outbox\".\"sealed\", \
             \"email_outbox\".\"next_attempt_time\", \"email_outbox\".\"create_time\""
        );
    }
}
