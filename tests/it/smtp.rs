//! A real SMTP server on 127.0.0.1 for the email tests: it speaks SMTP over TCP, keeps every
//! message it accepts, and can be told to refuse recipients temporarily (451) or permanently
//! (550), or to be down (every connection closed at once, as during an outage).

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Accept,
    /// `451` to every RCPT TO.
    Temporary,
    /// `550` to every RCPT TO.
    Permanent,
    /// Connections are closed without a word.
    Down,
}

/// One accepted message: its envelope and its raw content (dot-stuffing undone).
#[derive(Debug, Clone)]
pub struct Received {
    pub from: String,
    pub to: Vec<String>,
    pub data: Vec<u8>,
}

/// What a recipient sees of a message, decoded from its MIME form.
#[derive(Debug, Clone)]
pub struct Letter {
    /// The `To:` header's address.
    pub to: String,
    /// The `From:` header's address.
    pub from: String,
    pub subject: String,
    /// The top-level content type, e.g. `multipart/alternative`.
    pub layout: String,
    /// The `text/plain` part, decoded.
    pub text: String,
    /// The `text/html` part, decoded.
    pub html: String,
}

impl Received {
    pub fn letter(&self) -> Letter {
        use mail_parser::MimeHeaders;
        let message = mail_parser::MessageParser::default()
            .parse(&self.data)
            .expect("a MIME message");
        let kind = |part: &mail_parser::MessagePart<'_>| {
            part.content_type()
                .map(|t| format!("{}/{}", t.ctype(), t.subtype().unwrap_or("")))
                .unwrap_or_default()
        };
        let part = |wanted: &str| {
            message
                .parts
                .iter()
                .filter(|p| kind(p) == wanted)
                .map(|p| p.text_contents().expect("text").to_owned())
                .collect::<Vec<_>>()
        };
        let (text, html) = (part("text/plain"), part("text/html"));
        assert_eq!((text.len(), html.len()), (1, 1), "one part of each kind");
        let address = |a: Option<&mail_parser::Address<'_>>| {
            a.and_then(|a| a.first())
                .and_then(|a| a.address())
                .unwrap_or_default()
                .to_owned()
        };
        Letter {
            to: address(message.to()),
            from: address(message.from()),
            subject: message.subject().unwrap_or_default().to_owned(),
            layout: kind(&message.parts[0]),
            text: text[0].clone(),
            html: html[0].clone(),
        }
    }
}

struct State {
    mode: Mode,
    received: Vec<Received>,
}

#[derive(Clone)]
pub struct SmtpSink {
    pub addr: SocketAddr,
    state: Arc<Mutex<State>>,
}

impl SmtpSink {
    /// Listens on 127.0.0.1 port 0 until the test ends.
    pub async fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind sink");
        let sink = SmtpSink {
            addr: listener.local_addr().expect("addr"),
            state: Arc::new(Mutex::new(State {
                mode: Mode::Accept,
                received: Vec::new(),
            })),
        };
        let serving = sink.clone();
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let session = serving.clone();
                tokio::spawn(async move {
                    let _ = session.converse(stream).await;
                });
            }
        });
        sink
    }

    /// `VERILINK_SMTP_URL` for this sink (plain text: it is loopback and asked for).
    pub fn url(&self) -> String {
        format!("smtp://{}?tls=none", self.addr)
    }

    pub fn set_mode(&self, mode: Mode) {
        self.state.lock().expect("lock").mode = mode;
    }

    fn mode(&self) -> Mode {
        self.state.lock().expect("lock").mode
    }

    pub fn received(&self) -> Vec<Received> {
        self.state.lock().expect("lock").received.clone()
    }

    /// One SMTP session, command by command; in `Down` mode it hangs up at once, also on a
    /// connection the client kept open from before.
    async fn converse(&self, stream: TcpStream) -> std::io::Result<()> {
        if self.mode() == Mode::Down {
            return Ok(());
        }
        let (reader, mut writer) = stream.into_split();
        let mut lines = BufReader::new(reader);
        writer.write_all(b"220 sink.test ESMTP ready\r\n").await?;
        let (mut from, mut to) = (String::new(), Vec::new());
        loop {
            let mut line = String::new();
            if lines.read_line(&mut line).await? == 0 || self.mode() == Mode::Down {
                return Ok(());
            }
            let command = line.trim_end().to_ascii_uppercase();
            let reply: &[u8] = if command.starts_with("EHLO") || command.starts_with("HELO") {
                b"250-sink.test\r\n250 8BITMIME\r\n"
            } else if command.starts_with("MAIL FROM:") {
                from = address(&line);
                to.clear();
                b"250 2.1.0 OK\r\n"
            } else if command.starts_with("RCPT TO:") {
                match self.mode() {
                    Mode::Temporary => b"451 4.3.0 mailbox busy, try again later\r\n",
                    Mode::Permanent => b"550 5.1.1 no such mailbox here\r\n",
                    _ => {
                        to.push(address(&line));
                        b"250 2.1.5 OK\r\n"
                    }
                }
            } else if command == "DATA" {
                writer.write_all(b"354 end with <CRLF>.<CRLF>\r\n").await?;
                let data = read_data(&mut lines).await?;
                self.state.lock().expect("lock").received.push(Received {
                    from: from.clone(),
                    to: std::mem::take(&mut to),
                    data,
                });
                b"250 2.0.0 queued\r\n"
            } else if command == "QUIT" {
                writer.write_all(b"221 2.0.0 bye\r\n").await?;
                return Ok(());
            } else if command == "RSET" || command == "NOOP" {
                b"250 2.0.0 OK\r\n"
            } else {
                b"502 5.5.2 not implemented\r\n"
            };
            writer.write_all(reply).await?;
        }
    }
}

/// The address in `MAIL FROM:<a@b> …` or `RCPT TO:<a@b>`.
fn address(line: &str) -> String {
    line.split_once('<')
        .and_then(|(_, rest)| rest.split_once('>'))
        .map(|(address, _)| address.to_owned())
        .unwrap_or_default()
}

/// The message after DATA, up to the line holding a single dot.
async fn read_data(
    lines: &mut BufReader<tokio::net::tcp::OwnedReadHalf>,
) -> std::io::Result<Vec<u8>> {
    let mut data = Vec::new();
    loop {
        let mut line = Vec::new();
        if lines.read_until(b'\n', &mut line).await? == 0 || line == b".\r\n" {
            return Ok(data);
        }
        let unstuffed = line.strip_prefix(b".").unwrap_or(&line);
        data.extend_from_slice(unstuffed);
    }
}
