//! Mutations whose commit is cut: `clients/cut-commit` makes the server lose its database
//! connection at COMMIT, as a failover does, so that it answers `UNAVAILABLE`
//! `COMMIT_OUTCOME_UNKNOWN` and the change is not made. Retried, a mutation carries its
//! idempotency key (the client's generated one, or the caller's) and is made once.

use std::path::{Path, PathBuf};
use std::process::Command;

use sha2::{Digest, Sha256};
use tonic::Code;
use verilink_client::tonic_types::StatusExt;
use verilink_client::{error_reason, idempotent, pb, RetryPolicy, VerilinkClient};

use crate::common::{create_request, created_event, template_id, unique, Env};

/// While it lives, the next commit of an inquiry with reference ID `reference` loses its
/// database connection; dropped, it disarms.
struct CommitCut {
    reference: String,
}

impl CommitCut {
    fn arm(reference: &str) -> CommitCut {
        let cut = CommitCut {
            reference: reference.to_owned(),
        };
        cut.run("arm").expect("arm the cut");
        cut
    }

    /// How many commits of such an inquiry were reached since arming, the cut one included.
    fn count(&self) -> u64 {
        let output = self.run("count").expect("count the commits");
        output.trim().parse().expect("a count")
    }

    /// `clients/cut-commit <action> inquiries reference_id <reference>`, on the database of
    /// clients/with-server (VERILINK_DATABASE_URL, which it inherits): its output.
    fn run(&self, action: &str) -> Result<String, String> {
        let script: PathBuf = Path::new(env!("CARGO_MANIFEST_DIR")).join("../cut-commit");
        let output = Command::new(&script)
            .args([action, "inquiries", "reference_id", &self.reference])
            .output()
            .map_err(|e| format!("{}: {e}", script.display()))?;
        let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
        if output.status.success() {
            Ok(stdout)
        } else {
            let stderr = String::from_utf8_lossy(&output.stderr);
            Err(format!(
                "cut-commit {action}: {}: {stdout}{stderr}",
                output.status
            ))
        }
    }
}

impl Drop for CommitCut {
    fn drop(&mut self) {
        // Not a panic: dropped while a failed test unwinds, that would abort the suite.
        if let Err(error) = self.run("disarm") {
            eprintln!("{error}");
        }
    }
}

async fn inquiry_ids(client: &VerilinkClient, reference: &str) -> Vec<String> {
    client
        .inquiries()
        .list_inquiries(pb::ListInquiriesRequest {
            reference_id: reference.into(),
            ..Default::default()
        })
        .await
        .expect("list inquiries")
        .into_inner()
        .inquiries
        .into_iter()
        .map(|inquiry| inquiry.id)
        .collect()
}

/// The idempotency key digest the audit log records for the creation of `inquiry_id`.
async fn key_digest_of_creation(client: &VerilinkClient, inquiry_id: &str) -> String {
    created_event(client, inquiry_id)
        .await
        .actor
        .expect("an actor")
        .idempotency_key_digest
}

/// Creates the inquiry of `request`, whose reference ID is `reference`, with retries while
/// its first commit is cut: it is retried past the cut, and made once.
async fn create_past_a_cut(
    client: &VerilinkClient,
    request: impl tonic::IntoRequest<pb::CreateInquiryRequest>,
    reference: &str,
) -> pb::Inquiry {
    let cut = CommitCut::arm(reference);
    let inquiry = client
        .with_retries(RetryPolicy::default())
        .inquiries()
        .create_inquiry(request)
        .await
        .expect("retried past the cut")
        .into_inner()
        .inquiry
        .expect("inquiry");
    assert_eq!(cut.count(), 2, "one commit cut, then the retry's");
    drop(cut);
    assert_eq!(inquiry_ids(client, reference).await, [inquiry.id.as_str()]);
    inquiry
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cut_commit_is_retried_with_a_generated_key_and_made_once() {
    let Some(env) = Env::get() else { return };
    let client = env.client().await;
    let reference = unique("rust-cut");
    let request = create_request(&template_id(&client).await, &reference);

    let inquiry = create_past_a_cut(&client, request, &reference).await;
    let digest = key_digest_of_creation(&client, &inquiry.id).await;
    assert!(
        digest.len() == 64 && digest.bytes().all(|b| b.is_ascii_hexdigit()),
        "the SHA-256 of the generated key: {digest:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cut_commit_without_retries_fails_with_commit_outcome_unknown() {
    let Some(env) = Env::get() else { return };
    let client = env.client().await;
    let reference = unique("rust-cut");
    let request = create_request(&template_id(&client).await, &reference);

    let cut = CommitCut::arm(&reference);
    let error = client
        .inquiries()
        .create_inquiry(request)
        .await
        .expect_err("the commit was cut");
    assert_eq!(error.code(), Code::Unavailable, "{error:?}");
    assert_eq!(
        error_reason(&error).as_deref(),
        Some("COMMIT_OUTCOME_UNKNOWN"),
        "{error:?}"
    );
    assert!(error.get_details_retry_info().is_some(), "{error:?}");
    assert_eq!(cut.count(), 1, "not retried");
    drop(cut);

    assert!(inquiry_ids(&client, &reference).await.is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cut_commit_is_retried_with_the_callers_own_key() {
    let Some(env) = Env::get() else { return };
    let client = env.client().await;
    let reference = unique("rust-cut");
    let request = create_request(&template_id(&client).await, &reference);
    let key = unique("rust-cut-key");

    let request = idempotent(request, &key).expect("key");
    let inquiry = create_past_a_cut(&client, request, &reference).await;
    assert_eq!(
        key_digest_of_creation(&client, &inquiry.id).await,
        hex::encode(Sha256::digest(key.as_bytes())),
        "the caller's key, kept"
    );
}
