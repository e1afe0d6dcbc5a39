//! Clients that take nothing of their answers: one that reads nothing, one that opens no
//! HTTP/2 flow-control window.

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use bytes::Bytes;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpSocket, TcpStream};

use super::{Server, DEADLINE, DEADLINE_MS, MARGIN};
use crate::common::PATIENCE;

/// The state of the TCP connection from `local` to `remote`, as `/proc/net/tcp` lists it
/// (`"01"`: established); `None` when there is none any more.
fn tcp_state(local: SocketAddr, remote: SocketAddr) -> Option<String> {
    let hex = |addr: SocketAddr| match addr {
        SocketAddr::V4(v4) => format!(
            "{:08X}:{:04X}",
            u32::from_le_bytes(v4.ip().octets()),
            v4.port()
        ),
        SocketAddr::V6(_) => unreachable!("IPv4 loopback only"),
    };
    let (local, remote) = (hex(local), hex(remote));
    let table = std::fs::read_to_string("/proc/net/tcp").expect("/proc/net/tcp");
    table.lines().skip(1).find_map(|line| {
        let fields: Vec<&str> = line.split_whitespace().collect();
        (fields.get(1) == Some(&local.as_str()) && fields.get(2) == Some(&remote.as_str()))
            .then(|| fields[3].to_owned())
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_that_reads_nothing_is_cut_off_after_the_send_timeout() {
    let server = Server::start(&[("VERILINK_SEND_TIMEOUT_MS", DEADLINE_MS)]).await;
    let document = reqwest::get(format!("http://{}/openapi.json", server.http))
        .await
        .expect("openapi.json")
        .bytes()
        .await
        .expect("body")
        .len();
    // 100 requests for the OpenAPI document at once (~15 MB of answers, more than the socket
    // buffers hold), and nothing read.
    let socket = TcpSocket::new_v4().expect("socket");
    socket.set_recv_buffer_size(4096).expect("SO_RCVBUF");
    let mut stream = socket
        .connect(server.http.parse().expect("address"))
        .await
        .expect("connect");
    let started = Instant::now();
    let request = "GET /openapi.json HTTP/1.1\r\nHost: verilink\r\n\r\n".repeat(100);
    stream.write_all(request.as_bytes()).await.expect("send");
    let (client, server_end) = (
        stream.local_addr().expect("local"),
        stream.peer_addr().expect("peer"),
    );
    // The server's end of the connection leaves ESTABLISHED when the server gives up.
    let deadline = started + DEADLINE + MARGIN;
    while tcp_state(server_end, client).as_deref() == Some("01") {
        assert!(
            Instant::now() < deadline,
            "the server still writes to a client that reads nothing"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(
        started.elapsed() >= DEADLINE,
        "closed before the send timeout"
    );
    let mut answers = Vec::new();
    let _ = tokio::time::timeout(PATIENCE, stream.read_to_end(&mut answers)).await;
    assert!(
        answers.len() < 100 * document,
        "cut off before the answers ended"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_grpc_client_that_opens_no_window_is_cut_off_after_the_send_timeout() {
    let server = Server::start(&[("VERILINK_SEND_TIMEOUT_MS", DEADLINE_MS)]).await;
    let tcp = TcpStream::connect(&server.grpc).await.expect("connect");
    let started = Instant::now();
    let (mut client, connection) = h2::client::Builder::new()
        .initial_window_size(0)
        .handshake::<_, Bytes>(tcp)
        .await
        .expect("h2 handshake");
    let connection = tokio::spawn(connection);
    let request = http::Request::post(format!(
        "http://{}/grpc.health.v1.Health/Check",
        server.grpc
    ))
    .header("content-type", "application/grpc")
    .header("te", "trailers")
    .body(())
    .expect("request");
    let (response, mut body) = client.send_request(request, false).expect("a stream");
    body.send_data(Bytes::from_static(&[0, 0, 0, 0, 0]), true)
        .expect("an empty HealthCheckRequest");
    let response = response.await.expect("the answer's headers");
    assert_eq!(response.status(), 200);
    // Its message cannot be sent while the window stays shut: the server gives up on the
    // connection.
    let closed = tokio::time::timeout(DEADLINE + MARGIN, connection).await;
    assert!(closed.is_ok(), "the server still holds the connection");
    assert!(
        started.elapsed() >= DEADLINE,
        "closed before the send timeout"
    );
}
