//! The protocol transport: reads messages from the client, calls the service, writes what
//! it answers and what it sends on its own.
//!
//! Our own rather than tower-lsp-server's `Server`, for two reasons:
//! - its tokio-util `FramedRead` ends the stream after the first message it cannot decode:
//!   one malformed message (bad JSON, a missing `Content-Length`, a JSON value that is neither
//!   request nor response) would leave the server deaf. Here every malformed message becomes
//!   a request to `innominatus/malformedMessage` (answered with the JSON-RPC parse or
//!   invalid-request error, with the message's id when it had one), so the client learns
//!   what went wrong and the server keeps reading.
//! - its read and write buffers (`FramedRead`, `FramedWrite`, tokio's `Stdout`) keep the
//!   capacity of the largest message for the rest of the session: after one 50,000-line
//!   `didOpen` (2 MB in) and its diagnostics (1 MB out), 4 MB stayed allocated (heaptrack).
//!   Here the read buffer shrinks after a big message and each outgoing message is written
//!   from its own buffer, freed once written. Input and output each have a thread of their
//!   own (blocking reads and writes).
//!
//! Like the framework's transport, the service is called once per request in reading order
//! (`crate::ordered` relies on it) and up to [`CONCURRENT_HANDLERS`] handler futures run at
//! a time.

use futures::{SinkExt, StreamExt};
use serde::Serialize;
use serde_json::{json, Value};
use std::fmt::Display;
use std::future::Future;
use std::io::{Read, Write};
use std::sync::{Arc, OnceLock};
use tokio::sync::mpsc;
use tower::Service;
use tower_lsp_server::jsonrpc::{Error, Id, Request, Response};
use tower_lsp_server::ClientSocket;
use tracing::{error, warn};

pub const MALFORMED_METHOD: &str = "innominatus/malformedMessage";

/// Largest header block we look at before calling it garbage.
const MAX_HEADER: usize = 8 * 1024;
/// The read buffer's capacity kept between messages.
const KEEP_CAPACITY: usize = 1 << 16;
/// Handler futures polled at the same time (the framework's default, kept): a burst of
/// requests queues instead of occupying a blocking thread each.
pub const CONCURRENT_HANDLERS: usize = 4;
/// Requests read ahead of the handlers before reading waits.
const QUEUED_REQUESTS: usize = 100;
/// Outgoing messages waiting for the writer before senders wait.
const QUEUED_OUTPUT: usize = 64;
/// Chunks read ahead of the framer before the input thread waits.
const QUEUED_INPUT: usize = 16;

/// One decoded message from the client.
#[derive(Debug)]
pub enum Incoming {
    Request(Request),
    Response(Response),
}

/// How long requests still running when the client leaves (`exit`, or its end of the input
/// closed) may take to finish. A request waiting for an answer from a client that has gone
/// would wait forever; after this the server stops anyway.
const LEAVING_GRACE: std::time::Duration = std::time::Duration::from_secs(1);

/// Serves `service` on `input` and `output` until the client says `exit` or closes the
/// input. Each is read or written on a thread of its own (blocking reads and writes; the
/// runtime's blocking pool would start a thread per read, see `crate::run_stdio`). Returns
/// the process's exit status: 0 after `shutdown` then `exit`, else 1 (the protocol's rule).
pub async fn serve<S, I, O>(
    input: I,
    output: O,
    mut service: S,
    socket: ClientSocket,
    outlet: &Outlet,
) -> i32
where
    I: Read + Send + 'static,
    O: Write + Send + 'static,
    S: Service<Request, Response = Option<Response>>,
    S::Error: Display + Send + 'static,
    S::Future: Send + 'static,
{
    let (out, writer) = Output::start(output);
    outlet.attach(&out);
    let (mut to_client, mut from_client) = socket.split();
    // What the server sends on its own (notifications, requests to the client).
    let outgoing = {
        let out = out.clone();
        tokio::spawn(async move {
            while let Some(request) = to_client.next().await {
                out.send(&request).await;
            }
        })
    };
    // Handlers, at most CONCURRENT_HANDLERS at a time, each answer written when ready.
    let (queue, queued) = mpsc::channel::<S::Future>(QUEUED_REQUESTS);
    let handlers = {
        let out = out.clone();
        tokio::spawn(run_handlers(queued, out))
    };
    let mut chunks = start_input(input);
    let mut framer = Framer::default();
    let mut shutdown_asked = false;
    let mut exit_status = 1;
    'reading: while let Some(chunk) = chunks.recv().await {
        framer.buf.extend_from_slice(&chunk);
        while let Some(message) = framer.next_message() {
            match message {
                Incoming::Request(request) => {
                    // `$/` methods are notifications the server may ignore; one sent as a
                    // request still gets an answer (MethodNotFound), as every request must.
                    if request.method().starts_with("$/") {
                        if let Some(id) = request.id().cloned() {
                            out.send(&Response::from_error(id, Error::method_not_found()))
                                .await;
                            continue;
                        }
                    }
                    if let Err(e) = std::future::poll_fn(|cx| service.poll_ready(cx)).await {
                        error!("the server stopped taking requests: {e}");
                        break 'reading;
                    }
                    // After `exit` the process ends, whether or not the client closes
                    // its end of the input.
                    let exit = request.method() == "exit";
                    shutdown_asked |= request.method() == "shutdown";
                    if exit {
                        exit_status = if shutdown_asked { 0 } else { 1 };
                    }
                    if queue.send(service.call(request)).await.is_err() || exit {
                        break 'reading;
                    }
                }
                Incoming::Response(response) => {
                    if from_client.send(response).await.is_err() {
                        break 'reading;
                    }
                }
            }
        }
    }
    // Pending handlers finish and their answers are written, within the grace period;
    // then the writer ends.
    drop(queue);
    let handlers_abort = handlers.abort_handle();
    if tokio::time::timeout(LEAVING_GRACE, handlers).await.is_err() {
        warn!("requests still running when the client left were abandoned");
        handlers_abort.abort();
    }
    outgoing.abort();
    let _ = outgoing.await;
    drop(out);
    let _ = tokio::time::timeout(
        LEAVING_GRACE,
        tokio::task::spawn_blocking(move || writer.join()),
    )
    .await;
    exit_status
}

async fn run_handlers<F, E>(queued: mpsc::Receiver<F>, out: Output)
where
    F: Future<Output = Result<Option<Response>, E>> + Send,
    E: Display + Send,
{
    let answers = futures::stream::unfold(
        queued,
        |mut q| async move { q.recv().await.map(|f| (f, q)) },
    )
    .buffer_unordered(CONCURRENT_HANDLERS);
    futures::pin_mut!(answers);
    while let Some(answer) = answers.next().await {
        match answer {
            Ok(Some(response)) => out.send(&response).await,
            Ok(None) => {}
            Err(e) => error!("a request failed: {e}"),
        }
    }
}

/// Reads `input` on a thread of its own, handing over what each read returned. The thread
/// ends at the end of the input, or stays blocked in a read until the process exits.
fn start_input<I: Read + Send + 'static>(mut input: I) -> mpsc::Receiver<Vec<u8>> {
    let (tx, rx) = mpsc::channel::<Vec<u8>>(QUEUED_INPUT);
    let started = std::thread::Builder::new()
        .name("lsp-input".into())
        .spawn(move || {
            let mut buf = vec![0u8; 1 << 16];
            loop {
                let n = match input.read(&mut buf) {
                    Ok(0) => return,
                    Ok(n) => n,
                    Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                    Err(e) => {
                        error!("cannot read from the client: {e}");
                        return;
                    }
                };
                if tx.blocking_send(buf[..n].to_vec()).is_err() {
                    return;
                }
            }
        });
    if let Err(e) = started {
        // Without the thread the receiver ends at once: the server stops as if the
        // client had closed its input.
        error!("cannot start the input thread: {e}");
    }
    rx
}

/// The sending end of the writer thread. Messages are serialised by the sender, so the
/// writer only copies bytes, and each buffer is freed once written.
#[derive(Clone)]
struct Output {
    tx: mpsc::Sender<Vec<u8>>,
}

impl Output {
    fn start<O: Write + Send + 'static>(mut output: O) -> (Output, std::thread::JoinHandle<()>) {
        let (tx, mut rx) = mpsc::channel::<Vec<u8>>(QUEUED_OUTPUT);
        let writer = std::thread::Builder::new()
            .name("lsp-output".into())
            .spawn(move || {
                while let Some(body) = rx.blocking_recv() {
                    let header = format!("Content-Length: {}\r\n\r\n", body.len());
                    let written = output
                        .write_all(header.as_bytes())
                        .and_then(|()| output.write_all(&body))
                        .and_then(|()| output.flush());
                    if let Err(e) = written {
                        error!("cannot write to the client: {e}");
                        return;
                    }
                }
            })
            .expect("start the output thread");
        (Output { tx }, writer)
    }

    async fn send<T: Serialize>(&self, message: &T) {
        match serde_json::to_vec(message) {
            Ok(body) => {
                // A closed writer means the client is gone; the reader will see it too.
                let _ = self.tx.send(body).await;
            }
            Err(e) => error!("cannot serialise a message: {e}"),
        }
    }
}

/// Where the server hands the writer messages it serialised itself, beside the framework's
/// client socket: a publication of hundreds of findings is written straight to bytes, without
/// the framework's detour through a `serde_json::Value` tree (building, writing and freeing
/// that tree cost more than converting the findings). [`serve`] attaches it to its writer;
/// unattached (a session run in process, without this transport) it takes nothing.
#[derive(Clone, Default)]
pub struct Outlet(Arc<OnceLock<mpsc::WeakSender<Vec<u8>>>>);

impl Outlet {
    pub fn is_attached(&self) -> bool {
        self.0.get().is_some()
    }

    /// Queues one serialised message for the writer; `false` when unattached or when the
    /// writer has gone (the client left).
    pub async fn send(&self, body: Vec<u8>) -> bool {
        // Weak: the writer ends when the transport drops its own senders, not when the
        // last session state holding an outlet goes.
        let Some(tx) = self.0.get().and_then(mpsc::WeakSender::upgrade) else {
            return false;
        };
        tx.send(body).await.is_ok()
    }

    fn attach(&self, output: &Output) {
        let _ = self.0.set(output.tx.downgrade());
    }
}

/// Splits raw input into messages.
#[derive(Default)]
pub struct Framer {
    pub buf: Vec<u8>,
    /// How far the pending body has been searched for a header (see `next_frame`).
    scanned: usize,
}

/// `Content-Length:` (any case) followed by digits and a line break. It cannot occur inside
/// a JSON body: outside strings it is not JSON, inside a string the raw line break is not.
fn header_at(hay: &[u8]) -> Option<usize> {
    let needle = b"content-length:";
    (0..hay.len().saturating_sub(needle.len())).find(|&i| {
        hay[i..i + needle.len()].eq_ignore_ascii_case(needle) && {
            let rest = &hay[i + needle.len()..];
            let digits_at = rest.iter().take_while(|b| **b == b' ').count();
            let digits = rest[digits_at..]
                .iter()
                .take_while(|b| b.is_ascii_digit())
                .count();
            digits > 0 && rest[digits_at + digits..].starts_with(b"\r\n")
        }
    })
}

impl Framer {
    /// Takes the next complete message off the front of the buffer, decoded; a malformed
    /// one becomes a `malformedMessage` request. `None` when more input is needed.
    pub fn next_message(&mut self) -> Option<Incoming> {
        Some(match self.next_frame()? {
            Ok(body) => decode(body),
            Err(malformed) => Incoming::Request(malformed),
        })
    }

    /// The next message's body, or the `malformedMessage` request for broken framing.
    fn next_frame(&mut self) -> Option<Result<Vec<u8>, Request>> {
        let buf = &mut self.buf;
        let Some(header_end) = find(buf, b"\r\n\r\n") else {
            if buf.len() > MAX_HEADER {
                buf.clear();
                return Some(Err(malformed(
                    None,
                    -32700,
                    "a message header without an end",
                )));
            }
            return None;
        };
        let headers = String::from_utf8_lossy(&buf[..header_end]).into_owned();
        let length = headers.lines().find_map(|l| {
            let (name, value) = l.split_once(':')?;
            name.trim()
                .eq_ignore_ascii_case("content-length")
                .then(|| value.trim().parse::<usize>().ok())?
        });
        let Some(length) = length else {
            // Garbage before a real header: resynchronise on that header.
            let skip = header_at(&buf[1..header_end + 2]).map_or(header_end + 4, |p| p + 1);
            buf.drain(..skip);
            return Some(Err(malformed(
                None,
                -32700,
                "a message without a valid Content-Length",
            )));
        };
        let start = header_end + 4;
        if buf.len() < start + length {
            // A declared length longer than what was sent swallows the next messages;
            // a header inside the pending body gives that away.
            let from = (start + self.scanned).saturating_sub(24).max(start);
            if let Some(p) = header_at(&buf[from..]) {
                buf.drain(..from + p);
                self.scanned = 0;
                return Some(Err(malformed(
                    None,
                    -32700,
                    "a message shorter than its Content-Length",
                )));
            }
            self.scanned = buf.len() - start;
            return None;
        }
        let body: Vec<u8> = buf[start..start + length].to_vec();
        buf.drain(..start + length);
        // One big document (a 50,000-line didOpen is megabytes) must not keep its buffer
        // for the rest of the session.
        if buf.capacity() > KEEP_CAPACITY && buf.len() < KEEP_CAPACITY {
            buf.shrink_to(KEEP_CAPACITY);
        }
        self.scanned = 0;
        Some(Ok(body))
    }
}

/// Decodes a body as a JSON-RPC response (it has `result` or `error` and no `method`) or
/// request, parsing it once. Bytes that are not UTF-8 (lone surrogates some clients send for
/// binary text) become U+FFFD first, so such a document still opens and gets its
/// diagnostics.
fn decode(body: Vec<u8>) -> Incoming {
    let body = match String::from_utf8(body) {
        Ok(text) => text,
        Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
    };
    let parsed = serde_json::from_str::<Value>(&body).or_else(|e| {
        // A lone surrogate escape (`"\udc80"`) is not valid JSON text for serde; some
        // clients send them for binary text. Replace them and keep the message.
        let repaired = replace_lone_surrogates(&body);
        if repaired == body {
            return Err(e);
        }
        serde_json::from_str::<Value>(&repaired).map_err(|_| e)
    });
    let value = match parsed {
        Ok(v) => v,
        Err(e) => {
            return Incoming::Request(malformed(
                None,
                -32700,
                &format!("the message is not JSON: {e}"),
            ))
        }
    };
    drop(body);
    let id = value
        .get("id")
        .filter(|id| id.is_number() || id.is_string())
        .cloned();
    let is_response = value.get("method").is_none()
        && (value.get("result").is_some() || value.get("error").is_some());
    let decoded = if is_response {
        serde_json::from_value::<Response>(value).map(Incoming::Response)
    } else {
        serde_json::from_value::<Request>(value).map(Incoming::Request)
    };
    decoded.unwrap_or_else(|_| {
        Incoming::Request(malformed(
            id,
            -32600,
            "the message is not a JSON-RPC 2.0 request or response",
        ))
    })
}

/// `body` with every `\uXXXX` escape of an unpaired UTF-16 surrogate replaced by `\ufffd`
/// (escaped backslashes are skipped, so `\\udc80` — a backslash and text — is left alone).
fn replace_lone_surrogates(body: &str) -> String {
    fn escape_at(b: &[u8], i: usize) -> Option<u16> {
        let hex = b.get(i + 2..i + 6)?;
        if b.get(i..i + 2)? != b"\\u" {
            return None;
        }
        u16::from_str_radix(std::str::from_utf8(hex).ok()?, 16).ok()
    }
    let b = body.as_bytes();
    let mut out = String::with_capacity(body.len());
    let mut i = 0;
    let mut copied = 0;
    while i < b.len() {
        if b[i] != b'\\' {
            i += 1;
            continue;
        }
        let Some(unit) = escape_at(b, i) else {
            i += 2; // an escaped character: skip it whole (covers `\\`)
            continue;
        };
        let high = (0xD800..0xDC00).contains(&unit);
        let low = (0xDC00..0xE000).contains(&unit);
        if high && escape_at(b, i + 6).is_some_and(|n| (0xDC00..0xE000).contains(&n)) {
            i += 12; // a proper pair
            continue;
        }
        if high || low {
            out.push_str(&body[copied..i]);
            out.push_str("\\ufffd");
            copied = i + 6;
        }
        i += 6;
    }
    out.push_str(&body[copied..]);
    out
}

fn malformed(id: Option<Value>, code: i64, reason: &str) -> Request {
    warn!("malformed message: {reason}");
    let id = id
        .and_then(|v| serde_json::from_value::<Id>(v).ok())
        .unwrap_or(Id::Null);
    Request::build(MALFORMED_METHOD)
        .id(id)
        .params(json!({"code": code, "reason": reason}))
        .finish()
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn framed(body: &str) -> Vec<u8> {
        format!("Content-Length: {}\r\n\r\n{body}", body.len()).into_bytes()
    }

    /// Every message the framer takes off `buf`, as the JSON it stands for.
    fn messages(buf: Vec<u8>) -> (Vec<Value>, Framer) {
        let mut framer = Framer {
            buf,
            ..Framer::default()
        };
        let mut out = Vec::new();
        while let Some(m) = framer.next_message() {
            out.push(match m {
                Incoming::Request(r) => serde_json::to_value(r).unwrap(),
                Incoming::Response(r) => {
                    let mut v = serde_json::to_value(r).unwrap();
                    v["response"] = true.into();
                    v
                }
            });
        }
        (out, framer)
    }

    #[test]
    fn good_messages_pass_and_bad_ones_become_error_requests() {
        let mut buf = Vec::new();
        buf.extend(framed(r#"{"jsonrpc":"2.0","id":1,"method":"shutdown"}"#));
        buf.extend(framed("{not json"));
        buf.extend(framed(r#"{"id":7,"what":"nothing"}"#));
        buf.extend(b"X-Junk: 1\r\n\r\n");
        buf.extend(framed(r#"{"jsonrpc":"2.0","method":"exit"}"#));
        buf.extend(framed(r#"{"jsonrpc":"2.0","id":3,"result":[null]}"#));
        let (out, framer) = messages(buf);
        assert_eq!(out.len(), 6);
        assert_eq!(out[0]["method"], "shutdown");
        assert_eq!(out[0]["id"], 1);
        assert_eq!(out[1]["params"]["code"], -32700);
        assert!(out[1]["id"].is_null());
        assert_eq!(out[2]["params"]["code"], -32600);
        assert_eq!(out[2]["id"], 7);
        assert_eq!(out[3]["method"], MALFORMED_METHOD);
        assert_eq!(out[4]["method"], "exit");
        assert!(out[4].get("id").is_none(), "a notification stays one");
        assert_eq!(out[5]["response"], true);
        assert_eq!(out[5]["id"], 3);
        assert_eq!(out[5]["result"], json!([null]));
        assert!(framer.buf.is_empty());
    }

    #[test]
    fn framing_damage_resynchronises_on_the_next_header() {
        let mut buf = Vec::new();
        buf.extend(b"Content-Type: foo\r\n\r\n{}");
        buf.extend(framed(r#"{"jsonrpc":"2.0","id":1,"method":"a"}"#));
        buf.extend(b"Content-Length: 99999999\r\n\r\n{\"jsonrpc\":\"2.0\"}");
        buf.extend(framed(r#"{"jsonrpc":"2.0","id":2,"method":"b"}"#));
        let (out, _) = messages(buf);
        let methods: Vec<_> = out.iter().map(|v| v["method"].as_str().unwrap()).collect();
        assert_eq!(
            methods,
            [
                MALFORMED_METHOD,
                MALFORMED_METHOD,
                "a",
                MALFORMED_METHOD,
                "b"
            ]
        );
    }

    #[test]
    fn invalid_utf8_in_a_body_is_replaced_not_refused() {
        let mut body = br#"{"jsonrpc":"2.0","method":"x","params":{"text":"a"#.to_vec();
        body.extend([0xED, 0xA0, 0x80]);
        body.extend(br#"b"}}"#);
        let mut buf = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
        buf.extend(body);
        let (out, _) = messages(buf);
        assert_eq!(out[0]["params"]["text"], "a\u{fffd}\u{fffd}\u{fffd}b");
    }

    #[test]
    fn lone_surrogate_escapes_are_replaced_not_refused() {
        let body = r#"{"jsonrpc":"2.0","id":4,"method":"x","params":{"text":"a\udc80b\ud83d\ude00c\\udc80\ud800"}}"#;
        let (out, _) = messages(framed(body));
        assert_eq!(out[0]["method"], "x");
        assert_eq!(out[0]["id"], 4);
        assert_eq!(
            out[0]["params"]["text"],
            "a\u{fffd}b\u{1f600}c\\udc80\u{fffd}"
        );
    }

    #[test]
    fn partial_messages_wait_for_the_rest() {
        let whole = framed(r#"{"jsonrpc":"2.0","method":"exit"}"#);
        let mut framer = Framer {
            buf: whole[..30].to_vec(),
            ..Framer::default()
        };
        assert!(framer.next_message().is_none());
        framer.buf.extend_from_slice(&whole[30..]);
        assert!(framer.next_message().is_some());
    }

    #[test]
    fn a_big_message_does_not_keep_its_buffer() {
        let text = "x".repeat(4 << 20);
        let mut buf = framed(&format!(
            r#"{{"jsonrpc":"2.0","method":"big","params":{{"text":"{text}"}}}}"#
        ));
        buf.extend(framed(r#"{"jsonrpc":"2.0","method":"exit"}"#));
        let mut framer = Framer {
            buf,
            ..Framer::default()
        };
        assert!(framer.next_message().is_some());
        assert!(
            framer.buf.capacity() <= KEEP_CAPACITY,
            "{}",
            framer.buf.capacity()
        );
        assert!(framer.next_message().is_some());
    }
}
