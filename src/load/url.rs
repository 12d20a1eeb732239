//! Where an article comes from when it is a URL: fetching with `ureq` (rustls, no system
//! OpenSSL), with an overall timeout, a body cap, a redirect limit, http and https only,
//! compressed responses decoded and a browser-like `Accept` header. Every failure is one
//! [`FetchFailure`], shown as `<reason>: <url>`.

use std::io::Read;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use ureq::ResponseExt as _;

use super::{Document, LoadError, html, read_format};

/// Limits of one fetch. [`Default`] is what the command line and the window use; tests shorten
/// the timeout.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FetchOptions {
    /// The whole fetch, from resolving the name to the last byte.
    pub timeout: Duration,
    /// Bodies longer than this (after decompression) are refused.
    pub max_bytes: u64,
    /// Redirects followed before giving up.
    pub max_redirects: u32,
}

impl Default for FetchOptions {
    fn default() -> Self {
        Self {
            timeout: Duration::from_secs(20),
            max_bytes: 10 * 1000 * 1000,
            max_redirects: 5,
        }
    }
}

/// Why a URL could not be fetched (the message names the URL after it).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum FetchFailure {
    /// Not `http://` or `https://`.
    #[error("not an http or https URL")]
    Scheme,
    /// The URL does not parse.
    #[error("not a valid URL ({0})")]
    BadUrl(String),
    /// The host name did not resolve.
    #[error("name not resolved")]
    NameNotResolved,
    /// The server refused the connection (or none answered).
    #[error("connection refused")]
    ConnectionRefused,
    /// The TLS handshake or certificate check failed.
    #[error("TLS error ({0})")]
    Tls(String),
    /// The server answered with a 4xx or 5xx status.
    #[error("HTTP status {0}")]
    Status(String),
    /// The response is not a web page or text (its content type).
    #[error("not an HTML or text page ({0})")]
    NotAPage(String),
    /// The body is longer than the cap.
    #[error("page too large (more than {} MB)", .0 / 1_000_000)]
    TooLarge(u64),
    /// The fetch took longer than the timeout.
    #[error("timed out after {0} s")]
    TimedOut(u64),
    /// More redirects than allowed.
    #[error("too many redirects (more than {0})")]
    TooManyRedirects(u32),
    /// Cancelled by the user.
    #[error("fetch cancelled")]
    Cancelled,
    /// Anything else the network said.
    #[error("cannot fetch ({0})")]
    Other(String),
}

/// True for a command-line argument or pasted text that is a URL to fetch.
pub fn is_url(s: &str) -> bool {
    let s = s.trim();
    let lower = s.get(..8).unwrap_or(s).to_ascii_lowercase();
    (lower.starts_with("http://") || lower.starts_with("https://"))
        && !s.contains(char::is_whitespace)
}

/// The media types a news page comes as.
const ACCEPT: &str =
    "text/html,application/xhtml+xml,application/xml;q=0.9,text/plain;q=0.8,*/*;q=0.5";

/// Fetches `url` and reads the page (or text) it returns. `cancel` stops the body read between
/// chunks (the connection phase is bounded by the timeout).
pub fn fetch_url(
    url: &str,
    opts: &FetchOptions,
    cancel: &AtomicBool,
) -> Result<Document, LoadError> {
    let url = url.trim();
    let fail = |failure: FetchFailure| LoadError::Fetch {
        path: url.to_owned(),
        failure,
    };
    if !is_url(url) {
        return Err(fail(FetchFailure::Scheme));
    }
    let https = url
        .get(..8)
        .is_some_and(|s| s.eq_ignore_ascii_case("https://"));
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(opts.timeout))
        .max_redirects(opts.max_redirects)
        .http_status_as_error(false)
        .https_only(false)
        .user_agent(concat!("tabayun/", env!("CARGO_PKG_VERSION")))
        .accept(ACCEPT)
        .build()
        .into();
    let mut response = agent
        .get(url)
        .call()
        .map_err(|e| fail(failure_of(e, opts, https)))?;
    let status = response.status();
    if status.is_client_error() || status.is_server_error() {
        let reason = status.canonical_reason().unwrap_or("");
        return Err(fail(FetchFailure::Status(
            format!("{} {reason}", status.as_u16())
                .trim_end()
                .to_owned(),
        )));
    }
    if status.is_redirection() {
        return Err(fail(FetchFailure::TooManyRedirects(opts.max_redirects)));
    }
    let final_url = response.get_uri().to_string();
    let mime = response.body().mime_type().map(str::to_ascii_lowercase);
    let charset = response.body().charset().map(str::to_owned);
    let is_html = matches!(mime.as_deref(), Some("text/html" | "application/xhtml+xml"));
    let acceptable = match mime.as_deref() {
        None => true,
        Some(m) => {
            is_html
                || m.starts_with("text/")
                || m == "application/xml"
                || m == "multipart/related"
                || m == "message/rfc822"
        }
    };
    if !acceptable {
        return Err(fail(FetchFailure::NotAPage(mime.unwrap_or_default())));
    }
    let mut reader = response.body_mut().with_config().limit(u64::MAX).reader();
    let mut bytes = Vec::new();
    let mut chunk = vec![0u8; 64 * 1024];
    loop {
        if cancel.load(Ordering::Relaxed) {
            return Err(fail(FetchFailure::Cancelled));
        }
        let n = match reader.read(&mut chunk) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(fail(io_failure(e, opts, https))),
        };
        bytes.extend_from_slice(chunk.get(..n).unwrap_or_default());
        if bytes.len() as u64 > opts.max_bytes {
            return Err(fail(FetchFailure::TooLarge(opts.max_bytes)));
        }
    }
    let mut doc = if is_html {
        let mut d = html::read(url, &bytes, charset.as_deref())?;
        d.path = url.to_owned();
        d.sha256 = super::sha256_hex(&bytes);
        d.bytes = bytes.len() as u64;
        d
    } else {
        read_format(url.to_owned(), &bytes, charset.as_deref())?
    };
    if doc.url.is_none() {
        doc.url = Some(final_url);
    }
    Ok(doc)
}

/// The failure a `ureq` error stands for.
fn failure_of(e: ureq::Error, opts: &FetchOptions, https: bool) -> FetchFailure {
    match e {
        ureq::Error::HostNotFound => FetchFailure::NameNotResolved,
        ureq::Error::ConnectionFailed => FetchFailure::ConnectionRefused,
        ureq::Error::Timeout(_) => FetchFailure::TimedOut(opts.timeout.as_secs().max(1)),
        ureq::Error::TooManyRedirects => FetchFailure::TooManyRedirects(opts.max_redirects),
        ureq::Error::BodyExceedsLimit(_) => FetchFailure::TooLarge(opts.max_bytes),
        ureq::Error::StatusCode(code) => FetchFailure::Status(code.to_string()),
        ureq::Error::Tls(m) => FetchFailure::Tls(m.to_owned()),
        ureq::Error::Rustls(e) => FetchFailure::Tls(e.to_string()),
        ureq::Error::Pem(e) => FetchFailure::Tls(e.to_string()),
        ureq::Error::BadUri(m) => FetchFailure::BadUrl(m),
        ureq::Error::RequireHttpsOnly(_) | ureq::Error::TlsRequired => FetchFailure::Scheme,
        ureq::Error::Io(io) => io_failure(io, opts, https),
        other => FetchFailure::Other(other.to_string()),
    }
}

/// The failure an I/O error while connecting or reading stands for (`https`: the URL's
/// scheme; rustls reports a failed handshake or a corrupt record as invalid data).
fn io_failure(e: std::io::Error, opts: &FetchOptions, https: bool) -> FetchFailure {
    use std::io::ErrorKind;
    // ureq wraps its own errors (a timeout in the body, the decoder's) in io::Error.
    if let Some(inner) = e.get_ref().and_then(|i| i.downcast_ref::<ureq::Error>()) {
        return match inner {
            ureq::Error::Timeout(_) => FetchFailure::TimedOut(opts.timeout.as_secs().max(1)),
            ureq::Error::BodyExceedsLimit(_) => FetchFailure::TooLarge(opts.max_bytes),
            other => FetchFailure::Other(other.to_string()),
        };
    }
    // The system resolver's failure comes as a plain I/O error ("failed to lookup address
    // information: Name or service not known").
    let text = e.to_string();
    if text.contains("lookup address")
        || text.contains("not known")
        || text.contains("No address associated")
    {
        return FetchFailure::NameNotResolved;
    }
    if https && e.kind() == ErrorKind::InvalidData {
        return FetchFailure::Tls(text);
    }
    match e.kind() {
        ErrorKind::ConnectionRefused => FetchFailure::ConnectionRefused,
        ErrorKind::TimedOut | ErrorKind::WouldBlock => {
            FetchFailure::TimedOut(opts.timeout.as_secs().max(1))
        }
        _ => FetchFailure::Other(e.to_string()),
    }
}
