//! A guard in front of the protocol reader.
//!
//! tower-lsp-server reads messages through a tokio-util `FramedRead`, which ends the stream
//! after the first message it cannot decode: one malformed message (bad JSON, a missing
//! `Content-Length`, a JSON value that is neither request nor response) would leave the
//! server deaf. This guard reads the raw input, passes every well-formed message on
//! unchanged, and replaces each malformed one by a request to
//! `innominatus/malformedMessage` (answered with the JSON-RPC parse or invalid-request
//! error, with the message's id when it had one), so the client learns what went wrong
//! and the server keeps reading.

use serde_json::{json, Value};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, DuplexStream};
use tower_lsp_server::jsonrpc::{Request, Response};
use tracing::warn;

pub const MALFORMED_METHOD: &str = "innominatus/malformedMessage";

/// Largest header block we look at before calling it garbage.
const MAX_HEADER: usize = 8 * 1024;
/// The read buffer's capacity kept between messages.
const KEEP_CAPACITY: usize = 1 << 16;

/// Reads `input` in the background and returns the cleaned stream of messages.
pub fn guard<R: AsyncRead + Unpin + Send + 'static>(mut input: R) -> DuplexStream {
    let (mut tx, rx) = tokio::io::duplex(1 << 16);
    tokio::spawn(async move {
        let mut framer = Framer::default();
        let mut chunk = vec![0u8; 1 << 16];
        loop {
            let n = match input.read(&mut chunk).await {
                Ok(0) | Err(_) => break,
                Ok(n) => n,
            };
            framer.buf.extend_from_slice(&chunk[..n]);
            while let Some(frame) = framer.next_frame() {
                if write_frame(&mut tx, &frame).await.is_err() {
                    return;
                }
            }
        }
        let _ = tx.shutdown().await;
    });
    rx
}

async fn write_frame<W: AsyncWrite + Unpin>(w: &mut W, body: &[u8]) -> std::io::Result<()> {
    w.write_all(format!("Content-Length: {}\r\n\r\n", body.len()).as_bytes())
        .await?;
    w.write_all(body).await
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
    /// Takes the next complete message off the front of the buffer: its body when
    /// well-formed, a `malformedMessage` request otherwise. `None` when more input is needed.
    pub fn next_frame(&mut self) -> Option<Vec<u8>> {
        let buf = &mut self.buf;
        let Some(header_end) = find(buf, b"\r\n\r\n") else {
            if buf.len() > MAX_HEADER {
                buf.clear();
                return Some(malformed(None, -32700, "a message header without an end"));
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
            return Some(malformed(
                None,
                -32700,
                "a message without a valid Content-Length",
            ));
        };
        let start = header_end + 4;
        if buf.len() < start + length {
            // A declared length longer than what was sent swallows the next messages;
            // a header inside the pending body gives that away.
            let from = (start + self.scanned).saturating_sub(24).max(start);
            if let Some(p) = header_at(&buf[from..]) {
                buf.drain(..from + p);
                self.scanned = 0;
                return Some(malformed(
                    None,
                    -32700,
                    "a message shorter than its Content-Length",
                ));
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
        Some(check(body))
    }
}

/// The body itself when it decodes as a JSON-RPC request or response. Bytes that are not
/// UTF-8 (lone surrogates some clients send for binary text) become U+FFFD first, so such a
/// document still opens and gets its diagnostics.
fn check(body: Vec<u8>) -> Vec<u8> {
    let body = match std::str::from_utf8(&body) {
        Ok(_) => body,
        Err(_) => String::from_utf8_lossy(&body).into_owned().into_bytes(),
    };
    if serde_json::from_slice::<Request>(&body).is_ok()
        || serde_json::from_slice::<Response>(&body).is_ok()
    {
        return body;
    }
    match serde_json::from_slice::<Value>(&body) {
        Err(e) => malformed(None, -32700, &format!("the message is not JSON: {e}")),
        Ok(v) => malformed(
            v.get("id")
                .filter(|id| id.is_number() || id.is_string())
                .cloned(),
            -32600,
            "the message is not a JSON-RPC 2.0 request or response",
        ),
    }
}

fn malformed(id: Option<Value>, code: i64, reason: &str) -> Vec<u8> {
    warn!("malformed message: {reason}");
    serde_json::to_vec(&json!({
        "jsonrpc": "2.0",
        "id": id.unwrap_or(Value::Null),
        "method": MALFORMED_METHOD,
        "params": {"code": code, "reason": reason},
    }))
    .unwrap_or_default()
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

    #[test]
    fn good_messages_pass_and_bad_ones_become_error_requests() {
        let mut buf = Vec::new();
        buf.extend(framed(r#"{"jsonrpc":"2.0","id":1,"method":"shutdown"}"#));
        buf.extend(framed("{not json"));
        buf.extend(framed(r#"{"id":7,"what":"nothing"}"#));
        buf.extend(b"X-Junk: 1\r\n\r\n");
        buf.extend(framed(r#"{"jsonrpc":"2.0","method":"exit"}"#));
        let mut framer = Framer {
            buf,
            ..Framer::default()
        };
        let mut out = Vec::new();
        while let Some(f) = framer.next_frame() {
            out.push(serde_json::from_slice::<Value>(&f).unwrap());
        }
        assert_eq!(out.len(), 5);
        assert_eq!(out[0]["method"], "shutdown");
        assert_eq!(out[1]["params"]["code"], -32700);
        assert!(out[1]["id"].is_null());
        assert_eq!(out[2]["params"]["code"], -32600);
        assert_eq!(out[2]["id"], 7);
        assert_eq!(out[3]["method"], MALFORMED_METHOD);
        assert_eq!(out[4]["method"], "exit");
        assert!(framer.buf.is_empty());
    }

    #[test]
    fn framing_damage_resynchronises_on_the_next_header() {
        let mut framer = Framer::default();
        framer.buf.extend(b"Content-Type: foo\r\n\r\n{}");
        framer
            .buf
            .extend(framed(r#"{"jsonrpc":"2.0","id":1,"method":"a"}"#));
        framer
            .buf
            .extend(b"Content-Length: 99999999\r\n\r\n{\"jsonrpc\":\"2.0\"}");
        framer
            .buf
            .extend(framed(r#"{"jsonrpc":"2.0","id":2,"method":"b"}"#));
        let mut methods = Vec::new();
        while let Some(f) = framer.next_frame() {
            let v: Value = serde_json::from_slice(&f).unwrap();
            methods.push(v["method"].as_str().unwrap().to_string());
        }
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
        let mut framer = Framer {
            buf,
            ..Framer::default()
        };
        let v: Value = serde_json::from_slice(&framer.next_frame().unwrap()).unwrap();
        assert_eq!(v["params"]["text"], "a\u{fffd}\u{fffd}\u{fffd}b");
    }

    #[test]
    fn partial_messages_wait_for_the_rest() {
        let whole = framed(r#"{"jsonrpc":"2.0","method":"exit"}"#);
        let mut framer = Framer {
            buf: whole[..30].to_vec(),
            ..Framer::default()
        };
        assert!(framer.next_frame().is_none());
        framer.buf.extend_from_slice(&whole[30..]);
        assert!(framer.next_frame().is_some());
    }
}
