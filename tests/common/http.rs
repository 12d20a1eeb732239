//! A web server on 127.0.0.1 for the fetch tests (never the internet): every path is one
//! outcome a fetch can meet (a page, a redirect chain, a status, a slow or endless body, a
//! wrong content type, gzip). One thread per connection; the server lives as long as the test
//! process.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::time::Duration;

/// A running server.
pub struct Server {
    port: u16,
}

/// What the server answers for a path.
pub type Route = fn(&str) -> Reply;

/// An answer.
pub enum Reply {
    /// 200 with this content type and body.
    Page(&'static str, Vec<u8>),
    /// 200 with a gzip-compressed body.
    Gzip(&'static str, Vec<u8>),
    /// A 302 to this location.
    Redirect(String),
    /// This status line ("404 Not Found") and a short HTML body.
    Status(&'static str),
    /// 200 with headers, then a byte every 200 ms, never finishing within a test's timeout.
    Slow,
    /// 200 without a length, then zeros forever (until the client hangs up).
    Endless,
}

impl Server {
    /// Starts the server with `route`.
    pub fn start(route: Route) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("binds a local port");
        let port = listener.local_addr().expect("has an address").port();
        std::thread::Builder::new()
            .name("test-http".to_owned())
            .spawn(move || {
                for stream in listener.incoming().flatten() {
                    std::thread::spawn(move || serve(stream, route));
                }
            })
            .expect("starts the server thread");
        Self { port }
    }

    /// `http://127.0.0.1:PORT/path`.
    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }
}

/// A port on which nothing listens (bound, then closed).
pub fn closed_port_url() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("binds a local port");
    let port = listener.local_addr().expect("has an address").port();
    drop(listener);
    format!("http://127.0.0.1:{port}/article.html")
}

fn serve(mut stream: TcpStream, route: Route) {
    let mut reader = BufReader::new(stream.try_clone().expect("clones the stream"));
    let mut request = String::new();
    if reader.read_line(&mut request).is_err() {
        return;
    }
    // Read the headers to the blank line.
    let mut line = String::new();
    while reader.read_line(&mut line).is_ok_and(|n| n > 0) && line != "\r\n" {
        line.clear();
    }
    let path = request.split_whitespace().nth(1).unwrap_or("/").to_owned();
    let _ = match route(&path) {
        Reply::Page(ctype, body) => write!(
            stream,
            "HTTP/1.1 200 OK\r\nContent-Type: {ctype}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
            body.len()
        )
        .and_then(|()| stream.write_all(&body)),
        Reply::Gzip(ctype, body) => {
            let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
            enc.write_all(&body).expect("compresses");
            let gz = enc.finish().expect("compresses");
            write!(
                stream,
                "HTTP/1.1 200 OK\r\nContent-Type: {ctype}\r\nContent-Encoding: gzip\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                gz.len()
            )
            .and_then(|()| stream.write_all(&gz))
        }
        Reply::Redirect(to) => write!(
            stream,
            "HTTP/1.1 302 Found\r\nLocation: {to}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
        ),
        Reply::Status(status) => {
            let body = format!("<html><body><h1>{status}</h1></body></html>");
            write!(
                stream,
                "HTTP/1.1 {status}\r\nContent-Type: text/html\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            )
        }
        Reply::Slow => {
            let r = write!(
                stream,
                "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 100000\r\nConnection: close\r\n\r\n<html>"
            );
            for _ in 0..600 {
                std::thread::sleep(Duration::from_millis(200));
                if stream.write_all(b" ").is_err() {
                    break;
                }
            }
            r
        }
        Reply::Endless => {
            let r = write!(
                stream,
                "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nConnection: close\r\n\r\n<html><body>"
            );
            let chunk = vec![b'x'; 64 * 1024];
            while stream.write_all(&chunk).is_ok() {}
            r
        }
    };
}
