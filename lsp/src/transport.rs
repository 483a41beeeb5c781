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

/// Reads `input` in the background and returns the cleaned stream of messages.
pub fn guard<R: AsyncRead + Unpin + Send + 'static>(mut input: R) -> DuplexStream {
    let (mut tx, rx) = tokio::io::duplex(1 << 16);
    tokio::spawn(async move {
        let mut buf: Vec<u8> = Vec::with_capacity(1 << 16);
        let mut chunk = vec![0u8; 1 << 16];
        loop {
            let n = match input.read(&mut chunk).await {
                Ok(0) | Err(_) => break,
                Ok(n) => n,
            };
            buf.extend_from_slice(&chunk[..n]);
            while let Some(frame) = next_frame(&mut buf) {
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

/// Takes the next complete message off the front of `buf`: its body when well-formed, a
/// `malformedMessage` request otherwise. `None` when more input is needed.
pub fn next_frame(buf: &mut Vec<u8>) -> Option<Vec<u8>> {
    let header_end = find(buf, b"\r\n\r\n");
    let Some(header_end) = header_end else {
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
        buf.drain(..header_end + 4);
        return Some(malformed(
            None,
            -32700,
            "a message without a valid Content-Length",
        ));
    };
    let start = header_end + 4;
    if buf.len() < start + length {
        return None;
    }
    let body: Vec<u8> = buf[start..start + length].to_vec();
    buf.drain(..start + length);
    Some(check(body))
}

/// The body itself when it decodes as a JSON-RPC request or response.
fn check(body: Vec<u8>) -> Vec<u8> {
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
        let mut out = Vec::new();
        while let Some(f) = next_frame(&mut buf) {
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
        assert!(buf.is_empty());
    }

    #[test]
    fn partial_messages_wait_for_the_rest() {
        let whole = framed(r#"{"jsonrpc":"2.0","method":"exit"}"#);
        let mut buf = whole[..30].to_vec();
        assert!(next_frame(&mut buf).is_none());
        buf.extend_from_slice(&whole[30..]);
        assert!(next_frame(&mut buf).is_some());
    }
}
