//! The Debug Adapter Protocol's framing on a byte stream: `Content-Length: N` headers, a
//! blank line, N bytes of JSON. A frame that cannot be read is reported, never fatal,
//! unless the stream itself ends.

use serde_json::Value;
use std::io::{self, BufRead, Write};

/// The most a message may take: a launch configuration or breakpoint list is a few
/// kilobytes; anything near this is not a debugger talking.
const MAX_MESSAGE: usize = 16 * 1024 * 1024;

/// One read from the stream.
pub enum Incoming {
    Message(Value),
    /// A frame whose headers or body are not a message, and why.
    Malformed(String),
    /// The stream ended.
    Closed,
}

/// Reads the next frame.
pub fn read(input: &mut dyn BufRead) -> io::Result<Incoming> {
    let mut length: Option<usize> = None;
    let mut bad_header: Option<String> = None;
    let mut saw_header = false;
    loop {
        let mut line = Vec::new();
        if input.read_until(b'\n', &mut line)? == 0 {
            return Ok(Incoming::Closed);
        }
        let text = String::from_utf8_lossy(&line);
        let text = text.trim_end_matches(['\r', '\n']);
        if text.is_empty() {
            if saw_header {
                break;
            }
            continue;
        }
        saw_header = true;
        match text.split_once(':') {
            Some((name, value)) if name.trim().eq_ignore_ascii_case("content-length") => {
                match value.trim().parse::<usize>() {
                    Ok(n) if n <= MAX_MESSAGE => length = Some(n),
                    _ => bad_header = Some(format!("bad Content-Length header: {text}")),
                }
            }
            Some(_) => {}
            None => bad_header = Some(format!("not a header line: {text}")),
        }
    }
    let Some(length) = length else {
        return Ok(Incoming::Malformed(bad_header.unwrap_or_else(|| {
            "a frame without a Content-Length header".into()
        })));
    };
    let mut body = vec![0; length];
    input.read_exact(&mut body)?;
    if let Some(why) = bad_header {
        return Ok(Incoming::Malformed(why));
    }
    match serde_json::from_slice::<Value>(&body) {
        Ok(v) if v.is_object() => Ok(Incoming::Message(v)),
        Ok(_) => Ok(Incoming::Malformed(
            "a message must be a JSON object".into(),
        )),
        Err(e) => Ok(Incoming::Malformed(format!("the body is not JSON: {e}"))),
    }
}

/// Writes one message as a frame.
pub fn write(output: &mut dyn Write, message: &Value) -> io::Result<()> {
    let body = serde_json::to_vec(message).unwrap_or_default();
    write!(output, "Content-Length: {}\r\n\r\n", body.len())?;
    output.write_all(&body)?;
    output.flush()
}
