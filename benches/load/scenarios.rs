//! The scenarios: what each one prepares, and the bounded load it drives.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use verilink_client::{pb, VerilinkClient};

use crate::server::Server;
use crate::Row;

type Error = Box<dyn std::error::Error>;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Scenario {
    Create,
    Get,
    List,
    Generate,
    Redeem,
}

/// How long and how much each row runs.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub duration: Duration,
    pub max_calls: usize,
}

/// Inquiries the read and link scenarios spread their calls over.
const INQUIRIES: usize = 1000;
/// Redemptions per row at most: each needs a link prepared beforehand.
const REDEEM_CALLS: usize = 5000;

impl Limits {
    /// How many inquiries the read and link scenarios spread their calls over.
    pub fn inquiries(&self) -> usize {
        INQUIRIES.min(self.max_calls.max(1))
    }

    /// How many redemptions a row makes at most.
    pub fn redemptions(&self) -> usize {
        REDEEM_CALLS.min(self.max_calls)
    }
}
/// Connections the load is spread over (HTTP/2 multiplexes calls on each).
const CONNECTIONS: usize = 4;

/// What a scenario works on.
pub struct Fixture {
    clients: Vec<VerilinkClient>,
    anonymous: Vec<VerilinkClient>,
    pub template: String,
    pub inquiries: Vec<String>,
    /// Unredeemed codes (redeem only), taken one per call.
    codes: Mutex<Vec<String>>,
}

async fn create(
    client: &VerilinkClient,
    template: &str,
    with_link: bool,
) -> Result<pb::CreateInquiryResponse, tonic::Status> {
    Ok(client
        .inquiries()
        .create_inquiry(pb::CreateInquiryRequest {
            inquiry: Some(pb::Inquiry {
                inquiry_template_id: template.to_owned(),
                reference_id: "bench".into(),
                ..Default::default()
            }),
            create_one_time_link: with_link,
            ..Default::default()
        })
        .await?
        .into_inner())
}

impl Scenario {
    pub fn rpc(self) -> &'static str {
        match self {
            Scenario::Create => "CreateInquiry",
            Scenario::Get => "GetInquiry",
            Scenario::List => "ListInquiries",
            Scenario::Generate => "GenerateOneTimeLink",
            Scenario::Redeem => "RedeemOneTimeLink",
        }
    }

    /// Creates what the scenario's rows need, through the service itself.
    pub async fn prepare(
        self,
        client: &VerilinkClient,
        server: &Server,
        concurrency: &[usize],
        limits: Limits,
    ) -> Result<Arc<Fixture>, Error> {
        let mut clients = Vec::new();
        let mut anonymous = Vec::new();
        for _ in 0..CONNECTIONS {
            clients.push(VerilinkClient::connect(server.addr.clone(), &server.api_key).await?);
            anonymous.push(VerilinkClient::connect(server.addr.clone(), "").await?);
        }
        let (inquiries, codes) = match self {
            Scenario::Create => (Vec::new(), Vec::new()),
            Scenario::Get | Scenario::List | Scenario::Generate => {
                let created =
                    in_parallel(limits.inquiries(), 32, client, &server.template, false).await?;
                (
                    created
                        .into_iter()
                        .map(|c| c.inquiry.unwrap_or_default().id)
                        .collect(),
                    Vec::new(),
                )
            }
            Scenario::Redeem => {
                let created = in_parallel(
                    limits.redemptions() * concurrency.len(),
                    32,
                    client,
                    &server.template,
                    true,
                )
                .await?;
                let codes = created
                    .into_iter()
                    .filter_map(|c| c.one_time_link.map(|l| l.code))
                    .collect();
                (Vec::new(), codes)
            }
        };
        Ok(Arc::new(Fixture {
            clients,
            anonymous,
            template: server.template.clone(),
            inquiries,
            codes: Mutex::new(codes),
        }))
    }

    /// One call of the scenario; `n` picks what it works on.
    async fn call(
        self,
        fixture: &Fixture,
        n: usize,
        deadline: Option<Duration>,
    ) -> Result<(), tonic::Status> {
        let client = &fixture.clients[n % fixture.clients.len()];
        let inquiry = || fixture.inquiries[n % fixture.inquiries.len()].clone();
        match self {
            Scenario::Create => create(client, &fixture.template, false).await.map(drop),
            Scenario::Get => client
                .inquiries()
                .get_inquiry(with_deadline(
                    pb::GetInquiryRequest { id: inquiry() },
                    deadline,
                ))
                .await
                .map(drop),
            Scenario::List => client
                .inquiries()
                .list_inquiries(pb::ListInquiriesRequest::default())
                .await
                .map(drop),
            Scenario::Generate => client
                .one_time_links()
                .generate_one_time_link(with_deadline(
                    pb::GenerateOneTimeLinkRequest {
                        inquiry_id: inquiry(),
                        ..Default::default()
                    },
                    deadline,
                ))
                .await
                .map(drop),
            Scenario::Redeem => {
                let code = fixture
                    .codes
                    .lock()
                    .map_err(|_| tonic::Status::internal("lock"))?
                    .pop()
                    .ok_or_else(|| tonic::Status::resource_exhausted("no codes left"))?;
                fixture.anonymous[n % fixture.anonymous.len()]
                    .one_time_links()
                    .redeem_one_time_link(pb::RedeemOneTimeLinkRequest {
                        code,
                        ..Default::default()
                    })
                    .await
                    .map(drop)
            }
        }
    }

    /// Keeps `in_flight` calls going until the row's time or calls run out; each call with
    /// `deadline` when given.
    pub async fn run(
        self,
        fixture: &Arc<Fixture>,
        in_flight: usize,
        limits: Limits,
        deadline: Option<Duration>,
    ) -> Result<Row, Error> {
        let max_calls = if self == Scenario::Redeem {
            limits.redemptions()
        } else {
            limits.max_calls
        };
        let next = Arc::new(AtomicUsize::new(0));
        let errors = Arc::new(Mutex::new(Vec::new()));
        let started = Instant::now();
        let mut workers = tokio::task::JoinSet::new();
        for _ in 0..in_flight {
            let (fixture, next, errors) = (fixture.clone(), next.clone(), errors.clone());
            workers.spawn(async move {
                let mut latencies = Vec::new();
                loop {
                    let n = next.fetch_add(1, Ordering::Relaxed);
                    if n >= max_calls || started.elapsed() >= limits.duration {
                        return latencies;
                    }
                    let call = Instant::now();
                    if let Err(status) = self.call(&fixture, n, deadline).await {
                        if let Ok(mut errors) = errors.lock() {
                            errors.push(format!("{:?}: {}", status.code(), status.message()));
                        }
                    }
                    latencies.push(call.elapsed());
                }
            });
        }
        let mut latencies = Vec::new();
        while let Some(done) = workers.join_next().await {
            latencies.extend(done?);
        }
        let errors = std::mem::take(&mut *errors.lock().map_err(|_| "lock")?);
        let elapsed = started.elapsed();
        latencies.sort_unstable();
        let at = |q: f64| {
            latencies
                .get(((latencies.len() as f64 * q) as usize).min(latencies.len().saturating_sub(1)))
                .copied()
                .unwrap_or_default()
        };
        Ok(Row {
            calls: latencies.len(),
            errors,
            elapsed,
            p50: at(0.50),
            p99: at(0.99),
            max: latencies.last().copied().unwrap_or_default(),
        })
    }
}

fn with_deadline<T>(message: T, deadline: Option<Duration>) -> tonic::Request<T> {
    let mut request = tonic::Request::new(message);
    if let Some(deadline) = deadline {
        request.set_timeout(deadline);
    }
    request
}

/// Creates `count` inquiries (with a link each if asked), `in_flight` at a time.
async fn in_parallel(
    count: usize,
    in_flight: usize,
    client: &VerilinkClient,
    template: &str,
    with_link: bool,
) -> Result<Vec<pb::CreateInquiryResponse>, Error> {
    let next = Arc::new(AtomicUsize::new(0));
    let mut workers = tokio::task::JoinSet::new();
    for _ in 0..in_flight {
        let (client, template, next) = (client.clone(), template.to_owned(), next.clone());
        workers.spawn(async move {
            let mut made = Vec::new();
            while next.fetch_add(1, Ordering::Relaxed) < count {
                made.push(create(&client, &template, with_link).await?);
            }
            Ok::<_, tonic::Status>(made)
        });
    }
    let mut all = Vec::with_capacity(count);
    while let Some(done) = workers.join_next().await {
        all.extend(done??);
    }
    Ok(all)
}
