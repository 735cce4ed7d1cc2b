//! The demo's static file server: serves one release bundle folder on
//! loopback, with the bundle's own Content-Security-Policy also sent as a
//! header on HTML (plus `frame-ancestors 'none'`, which only a header can
//! carry).
//!
//! What it answers is decided by [`respond`], a function of the folder, the
//! method and the request target, so the rules are tested without a socket:
//!
//! * `GET` and `HEAD` only; a target must be an origin-form path (`/…`);
//! * every path segment is percent-decoded strictly, and a segment that is
//!   `.`, `..`, empty (`//`), or holds `/`, `\` or NUL after decoding is
//!   refused — so neither `..` nor `%2e%2e` nor `//etc/passwd` leaves the
//!   folder; what is found is also checked, after resolving links, to lie
//!   inside it;
//! * `/` and `…/` serve `index.html`;
//! * the app routes with hash routes (`#/check/owner/repo`), which a browser
//!   never sends, and its asset URLs are relative; serving `index.html` at
//!   `/check/owner/repo` would make those URLs point into `/check/owner/`.
//!   So the fallback for a missing path without a file extension is a
//!   redirect to the same route as a hash route (`/#/check/owner/repo`);
//!   a missing file with an extension is a 404.
//!
//! Which folder is served can change between requests ([`Site::publish`]):
//! a rebuild goes to another folder and is switched to when it is complete.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};
use std::time::Duration;

/// An answer, before it is written to the connection.
#[derive(Debug)]
pub struct Response {
    pub status: u16,
    pub headers: Vec<(&'static str, String)>,
    pub body: Vec<u8>,
}

impl Response {
    fn new(status: u16, content_type: &str, body: Vec<u8>) -> Response {
        Response {
            status,
            headers: vec![
                ("Content-Type", content_type.to_string()),
                // Every reload after a rebuild must see the new index.html.
                ("Cache-Control", "no-cache".to_string()),
                ("X-Content-Type-Options", "nosniff".to_string()),
            ],
            body,
        }
    }

    fn text(status: u16, text: &str) -> Response {
        Response::new(
            status,
            "text/plain; charset=utf-8",
            format!("{text}\n").into_bytes(),
        )
    }

    /// The value of header `name`, if set.
    #[cfg(test)]
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// The reason phrase of the statuses this server sends.
fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        302 => "Found",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        503 => "Service Unavailable",
        _ => "Error",
    }
}

/// The content type of a file, by its extension.
pub fn content_type(path: &Path) -> &'static str {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    match ext.as_str() {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "wasm" => "application/wasm",
        "css" => "text/css; charset=utf-8",
        "svg" => "image/svg+xml",
        "json" => "application/json",
        "png" => "image/png",
        "ico" => "image/x-icon",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// Why a request target names no file of the folder.
#[derive(Debug, PartialEq, Eq)]
pub enum Refused {
    /// Not an origin-form path, or a broken percent-escape (400).
    Malformed,
    /// A segment that would leave the folder or name it oddly (403).
    Outside,
}

/// The path inside the folder a request target names (`/` and `…/` end
/// in `index.html`), and its query (without `?`).
pub fn resolve(target: &str) -> Result<(PathBuf, &str), Refused> {
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    let path = path.strip_prefix('/').ok_or(Refused::Malformed)?;
    if path.contains('#') {
        return Err(Refused::Malformed);
    }
    let mut out = PathBuf::new();
    let segments: Vec<&str> = path.split('/').collect();
    let last = segments.len() - 1;
    for (i, raw) in segments.iter().enumerate() {
        if raw.is_empty() {
            if i == last {
                break;
            }
            return Err(Refused::Outside);
        }
        let bytes = percent_decode(raw).ok_or(Refused::Malformed)?;
        let segment = String::from_utf8(bytes).map_err(|_| Refused::Malformed)?;
        if segment == "."
            || segment == ".."
            || segment.is_empty()
            || segment.contains(['/', '\\', '\0'])
        {
            return Err(Refused::Outside);
        }
        out.push(segment);
    }
    if path.is_empty() || path.ends_with('/') {
        out.push("index.html");
    }
    Ok((out, query))
}

/// Strict percent-decoding: `%` must be followed by two hex digits.
fn percent_decode(s: &str) -> Option<Vec<u8>> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = s.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    Some(out)
}

/// The Content-Security-Policy of a page's `<meta http-equiv>`, if any.
pub fn meta_policy(html: &str) -> Option<&str> {
    let key = "http-equiv=\"Content-Security-Policy\" content=\"";
    let start = html.find(key)? + key.len();
    let len = html[start..].find('"')?;
    Some(&html[start..start + len])
}

/// What `dir` answers to `method target`. `HEAD` gets the headers of a
/// `GET`; the writer leaves the body out.
pub fn respond(dir: &Path, method: &str, target: &str) -> Response {
    if method != "GET" && method != "HEAD" {
        let mut r = Response::text(405, "only GET and HEAD");
        r.headers.push(("Allow", "GET, HEAD".into()));
        return r;
    }
    let (relative, query) = match resolve(target) {
        Ok(found) => found,
        Err(Refused::Malformed) => return Response::text(400, "not a path"),
        Err(Refused::Outside) => return Response::text(403, "outside the bundle"),
    };
    let file = dir.join(&relative);
    match read_inside(dir, &file) {
        Some(body) => {
            let kind = content_type(&file);
            let policy = if kind.starts_with("text/html") {
                std::str::from_utf8(&body)
                    .ok()
                    .and_then(meta_policy)
                    .map(|p| format!("{p}; frame-ancestors 'none'"))
            } else {
                None
            };
            let mut r = Response::new(200, kind, body);
            if let Some(p) = policy {
                r.headers.push(("Content-Security-Policy", p));
            }
            r
        }
        None if is_route_like(target) => {
            // An app route typed as a path: the same route as a hash route.
            let route = route_path(target);
            let mut location = format!("/#{route}");
            if !query.is_empty() {
                location.push('?');
                location.push_str(query);
            }
            let mut r = Response::text(
                302,
                &format!("the app's routes are hash routes: {location}"),
            );
            r.headers.push(("Location", location));
            r
        }
        None => Response::text(404, "not found"),
    }
}

/// The path of a target without its query and trailing `/`.
fn route_path(target: &str) -> &str {
    target
        .split_once('?')
        .map_or(target, |(p, _)| p)
        .trim_end_matches('/')
}

/// Whether a target looks like an app route (`/check/o/r`, `/generate/`)
/// rather than a file: its last segment has no extension.
fn is_route_like(target: &str) -> bool {
    let route = route_path(target);
    let last = route.rsplit('/').next().unwrap_or("");
    !last.is_empty() && !last.contains('.')
}

/// The bytes of `file` if it is a regular file inside `dir` once links are
/// resolved.
fn read_inside(dir: &Path, file: &Path) -> Option<Vec<u8>> {
    let dir = dir.canonicalize().ok()?;
    let file = file.canonicalize().ok()?;
    if !file.starts_with(&dir) || !file.is_file() {
        return None;
    }
    std::fs::read(file).ok()
}

/// What the server shows: a bundle folder, or why there is none yet.
pub struct Site {
    served: RwLock<Result<PathBuf, String>>,
}

impl Site {
    /// A site with nothing to serve yet; `why` is shown meanwhile.
    pub fn waiting(why: &str) -> Arc<Site> {
        Arc::new(Site {
            served: RwLock::new(Err(why.to_string())),
        })
    }

    /// Serves `dir` from the next request on.
    pub fn publish(&self, dir: PathBuf) {
        *self.served.write().unwrap_or_else(|e| e.into_inner()) = Ok(dir);
    }

    /// Changes the note shown while there is no bundle (kept once there is).
    pub fn note(&self, why: &str) {
        let mut served = self.served.write().unwrap_or_else(|e| e.into_inner());
        if served.is_err() {
            *served = Err(why.to_string());
        }
    }

    /// The folder served now.
    pub fn current(&self) -> Option<PathBuf> {
        self.served
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .as_ref()
            .ok()
            .cloned()
    }

    fn answer(&self, method: &str, target: &str) -> Response {
        let served = self
            .served
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone();
        match served {
            Ok(dir) => respond(&dir, method, target),
            Err(why) => waiting_page(&why),
        }
    }
}

/// A page that reloads itself every few seconds until the bundle is there.
fn waiting_page(why: &str) -> Response {
    let html = format!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\" />\
         <meta http-equiv=\"refresh\" content=\"3\" /><title>ghcr-setup demo: building</title></head>\
         <body><p>{}</p><p>This page reloads by itself; the terminal says what is happening.</p></body></html>\n",
        why.replace('&', "&amp;").replace('<', "&lt;")
    );
    let mut r = Response::new(503, "text/html; charset=utf-8", html.into_bytes());
    r.headers.push((
        "Content-Security-Policy",
        "default-src 'none'; frame-ancestors 'none'".into(),
    ));
    r
}

/// Binds `127.0.0.1:port` (an error names the port) and answers from
/// `site` on a background thread, one short thread per connection.
pub fn start(port: u16, site: Arc<Site>) -> Result<u16, String> {
    let listener = TcpListener::bind(("127.0.0.1", port))
        .map_err(|e| format!("could not listen on 127.0.0.1:{port}: {e}"))?;
    let port = listener.local_addr().map_err(|e| e.to_string())?.port();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let site = Arc::clone(&site);
            std::thread::spawn(move || {
                let _ = handle(stream, &site);
            });
        }
    });
    Ok(port)
}

/// The most a request head may take; the bundle needs no request body.
const MAX_HEAD: usize = 16 * 1024;

/// Reads one request head, answers it and closes the connection.
fn handle(mut stream: TcpStream, site: &Site) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    stream.set_write_timeout(Some(Duration::from_secs(30)))?;
    let mut head = Vec::new();
    let mut buf = [0u8; 2048];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") {
        let n = stream.read(&mut buf)?;
        if n == 0 {
            return Ok(());
        }
        head.extend_from_slice(&buf[..n]);
        if head.len() > MAX_HEAD {
            return write(
                &mut stream,
                &Response::text(400, "request head too large"),
                false,
            );
        }
    }
    let text = String::from_utf8_lossy(&head);
    let line = text.lines().next().unwrap_or("");
    let mut parts = line.split(' ');
    let (method, target, version) = (parts.next(), parts.next(), parts.next());
    let response = match (method, target, version) {
        (Some(m), Some(t), Some(v)) if v.starts_with("HTTP/1.") && parts.next().is_none() => {
            site.answer(m, t)
        }
        _ => Response::text(400, "not an HTTP/1 request"),
    };
    write(&mut stream, &response, method != Some("HEAD"))
}

fn write(stream: &mut TcpStream, r: &Response, with_body: bool) -> std::io::Result<()> {
    let mut out = format!("HTTP/1.1 {} {}\r\n", r.status, reason(r.status));
    for (k, v) in &r.headers {
        out.push_str(&format!("{k}: {v}\r\n"));
    }
    out.push_str(&format!(
        "Content-Length: {}\r\nConnection: close\r\n\r\n",
        r.body.len()
    ));
    stream.write_all(out.as_bytes())?;
    if with_body {
        stream.write_all(&r.body)?;
    }
    stream.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A bundle-like folder under the system's temp folder, removed on drop.
    struct Dist(PathBuf);

    impl Drop for Dist {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    fn dist(name: &str) -> Dist {
        let base = std::env::temp_dir().join(format!("xtask-files-{name}-{}", std::process::id()));
        let dir = base.join("dist");
        std::fs::create_dir_all(dir.join("sub")).unwrap();
        std::fs::write(
            dir.join("index.html"),
            "<!doctype html><meta charset=\"utf-8\" />\n<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'self'; script-src 'self' 'wasm-unsafe-eval'\" />",
        )
        .unwrap();
        std::fs::write(dir.join("app-00ff.wasm"), b"\0asm\x01\0\0\0").unwrap();
        std::fs::write(dir.join("boot-1234.js"), "import x from './a.js';").unwrap();
        std::fs::write(dir.join("main-ab.css"), "body{}").unwrap();
        std::fs::write(dir.join("favicon.svg"), "<svg/>").unwrap();
        std::fs::write(dir.join("sub/index.html"), "<p>sub</p>").unwrap();
        // Beside the bundle, where a traversal would land.
        std::fs::write(base.join("secret.txt"), "not for the browser").unwrap();
        Dist(dir)
    }

    #[test]
    fn files_are_served_with_their_content_types() {
        let d = dist("types");
        for (target, kind) in [
            ("/", "text/html; charset=utf-8"),
            ("/index.html", "text/html; charset=utf-8"),
            ("/app-00ff.wasm", "application/wasm"),
            ("/boot-1234.js", "text/javascript; charset=utf-8"),
            ("/main-ab.css", "text/css; charset=utf-8"),
            ("/favicon.svg", "image/svg+xml"),
            ("/sub/", "text/html; charset=utf-8"),
        ] {
            let r = respond(&d.0, "GET", target);
            assert_eq!(r.status, 200, "{target}");
            assert_eq!(r.header("content-type"), Some(kind), "{target}");
            assert_eq!(r.header("x-content-type-options"), Some("nosniff"));
        }
        assert_eq!(
            respond(&d.0, "GET", "/app-00ff.wasm").body,
            b"\0asm\x01\0\0\0"
        );
        assert_eq!(
            respond(&d.0, "GET", "/index.html?v=1").status,
            200,
            "a query does not change the file"
        );
        assert_eq!(content_type(Path::new("x.bin")), "application/octet-stream");
        assert_eq!(content_type(Path::new("X.WASM")), "application/wasm");
    }

    #[test]
    fn html_carries_the_bundles_own_policy_as_a_header() {
        let d = dist("policy");
        let r = respond(&d.0, "GET", "/");
        assert_eq!(
            r.header("content-security-policy"),
            Some(
                "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; frame-ancestors 'none'"
            )
        );
        let wasm = respond(&d.0, "GET", "/app-00ff.wasm");
        assert_eq!(wasm.header("content-security-policy"), None);
        let page = respond(&d.0, "GET", "/sub/");
        assert_eq!(
            page.header("content-security-policy"),
            None,
            "no meta, no header"
        );
    }

    #[test]
    fn traversal_is_refused_in_every_spelling() {
        let d = dist("traversal");
        for target in [
            "/../secret.txt",
            "/sub/../../secret.txt",
            "/%2e%2e/secret.txt",
            "/%2E%2E/secret.txt",
            "/.%2e/secret.txt",
            "/sub/%2e%2e%2f%2e%2e%2fsecret.txt",
            "/..%2fsecret.txt",
            "/..%5csecret.txt",
            "/./index.html",
            "//etc/passwd",
            "/sub//index.html",
            "/index.html%00.js",
        ] {
            let r = respond(&d.0, "GET", target);
            assert_eq!(r.status, 403, "{target}");
            assert!(!String::from_utf8_lossy(&r.body).contains("not for the browser"));
        }
        for target in [
            "etc/passwd",
            "http://127.0.0.1:8080/../secret.txt",
            "*",
            "",
            "/%zz",
            "/%2",
            "/%ff",
        ] {
            assert_eq!(respond(&d.0, "GET", target).status, 400, "{target}");
        }
    }

    #[test]
    fn a_link_out_of_the_folder_is_not_followed() {
        let d = dist("link");
        let outside = d.0.parent().unwrap().join("secret.txt");
        std::os::unix::fs::symlink(&outside, d.0.join("leak.txt")).unwrap();
        assert_eq!(respond(&d.0, "GET", "/leak.txt").status, 404);
    }

    #[test]
    fn app_routes_typed_as_paths_go_to_their_hash_route() {
        let d = dist("routes");
        let r = respond(&d.0, "GET", "/check/octo/app?image=x");
        assert_eq!(r.status, 302);
        assert_eq!(r.header("location"), Some("/#/check/octo/app?image=x"));
        let r = respond(&d.0, "GET", "/generate/");
        assert_eq!(r.header("location"), Some("/#/generate"));
        assert_eq!(respond(&d.0, "HEAD", "/analyze").status, 302);
    }

    #[test]
    fn missing_assets_are_404() {
        let d = dist("missing");
        for target in [
            "/app-0000.wasm",
            "/boot.js",
            "/sub/none.css",
            "/nosuchdir/x.js",
        ] {
            let r = respond(&d.0, "GET", target);
            assert_eq!(r.status, 404, "{target}");
            assert_eq!(r.header("location"), None);
        }
    }

    #[test]
    fn only_get_and_head_are_answered() {
        let d = dist("methods");
        let r = respond(&d.0, "POST", "/");
        assert_eq!(r.status, 405);
        assert_eq!(r.header("allow"), Some("GET, HEAD"));
        assert_eq!(respond(&d.0, "HEAD", "/").status, 200);
    }

    #[test]
    fn the_server_answers_on_loopback_and_switches_bundles_whole() {
        let d = dist("socket");
        let site = Site::waiting("building the first bundle");
        let port = start(0, Arc::clone(&site)).unwrap();
        let get = |target: &str| {
            let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
            write!(s, "GET {target} HTTP/1.1\r\nHost: x\r\n\r\n").unwrap();
            let mut out = String::new();
            s.read_to_string(&mut out).unwrap();
            out
        };
        let waiting = get("/");
        assert!(waiting.starts_with("HTTP/1.1 503 "), "{waiting}");
        assert!(waiting.contains("building the first bundle"));
        site.publish(d.0.clone());
        let wasm = get("/app-00ff.wasm");
        assert!(wasm.starts_with("HTTP/1.1 200 OK\r\n"), "{wasm}");
        assert!(wasm.contains("Content-Type: application/wasm\r\n"));
        assert!(wasm.contains("Content-Length: 8\r\n"));
        assert!(get("/../secret.txt").starts_with("HTTP/1.1 403 "));
        let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
        s.write_all(b"nonsense\r\n\r\n").unwrap();
        let mut out = String::new();
        s.read_to_string(&mut out).unwrap();
        assert!(out.starts_with("HTTP/1.1 400 "), "{out}");
    }
}
