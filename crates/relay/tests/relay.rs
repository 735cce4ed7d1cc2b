//! End-to-end tests of the relay: a fake upstream on loopback, the relay in
//! process on port 0, and a real HTTP client in between.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use axum::Router;
use ghcr_setup_relay::{start, Config, LogSink, Origin, Server, Upstream};
use serde_json::{json, Value};

const PAGE: &str = "https://demo.example.github.io";
const SECRET_TOKEN: &str = "gho_SECRETTOKENabcdef0123456789";

/// A fake GitHub that echoes what it received and counts requests.
struct FakeUpstream {
    url: String,
    hits: Arc<AtomicUsize>,
}

async fn echo(
    path: &'static str,
    headers: HeaderMap,
    body: Bytes,
    hits: Arc<AtomicUsize>,
) -> (StatusCode, [(&'static str, &'static str); 1], String) {
    hits.fetch_add(1, Ordering::SeqCst);
    let text = String::from_utf8_lossy(&body).to_string();
    if text.contains("slow") {
        tokio::time::sleep(Duration::from_secs(5)).await;
    }
    let header = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_owned()
    };
    let answer = json!({
        "path": path,
        "accept": header("accept"),
        "content_type": header("content-type"),
        "origin": header("origin"),
        "body": text,
        "access_token": SECRET_TOKEN,
    });
    let status = if text.contains("teapot") {
        StatusCode::IM_A_TEAPOT
    } else {
        StatusCode::OK
    };
    (
        status,
        [("content-type", "application/json; charset=utf-8")],
        answer.to_string(),
    )
}

async fn fake_upstream() -> FakeUpstream {
    let hits = Arc::new(AtomicUsize::new(0));
    let (h1, h2) = (hits.clone(), hits.clone());
    let app = Router::new()
        .route(
            "/login/device/code",
            post(move |h: HeaderMap, b: Bytes| echo("/login/device/code", h, b, h1.clone())),
        )
        .route(
            "/login/oauth/access_token",
            post(move |h: HeaderMap, b: Bytes| echo("/login/oauth/access_token", h, b, h2.clone())),
        );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind upstream");
    let url = format!("http://{}", listener.local_addr().expect("addr"));
    tokio::spawn(async move { axum::serve(listener, app).await });
    FakeUpstream { url, hits }
}

struct Setup {
    relay: Server,
    upstream: FakeUpstream,
    logs: Arc<Mutex<Vec<String>>>,
    client: reqwest::Client,
}

async fn setup(timeout: Duration) -> Setup {
    setup_with(|config| config.timeout = timeout).await
}

/// A relay whose config `adjust` changes (limits, timeouts).
async fn setup_with(adjust: impl FnOnce(&mut Config)) -> Setup {
    let upstream = fake_upstream().await;
    let mut config = Config::loopback(
        Upstream::parse(&upstream.url).expect("upstream"),
        vec![Origin::parse(PAGE).expect("origin")],
    );
    adjust(&mut config);
    let logs = Arc::new(Mutex::new(Vec::new()));
    let sink_logs = logs.clone();
    let sink: LogSink = Arc::new(move |line| sink_logs.lock().expect("lock").push(line));
    let relay = start(config, sink).await.expect("relay starts");
    Setup {
        relay,
        upstream,
        logs,
        client: reqwest::Client::new(),
    }
}

fn acao(resp: &reqwest::Response) -> Option<String> {
    resp.headers()
        .get("access-control-allow-origin")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
}

#[tokio::test]
async fn allowed_origin_device_code_is_forwarded_with_headers() {
    let s = setup(Duration::from_secs(5)).await;
    let resp = s
        .client
        .post(format!("{}/login/device/code", s.relay.url()))
        .header("origin", PAGE)
        .header("content-type", "application/x-www-form-urlencoded")
        .body("client_id=abc&scope=repo%20read%3Aorg")
        .send()
        .await
        .expect("send");
    assert_eq!(resp.status(), 200);
    assert_eq!(acao(&resp).as_deref(), Some(PAGE));
    assert_eq!(resp.headers()["vary"], "Origin");
    assert_eq!(
        resp.headers()["connection"],
        "close",
        "one request per connection"
    );
    assert_eq!(
        resp.headers()["content-type"],
        "application/json; charset=utf-8"
    );
    let body: Value = resp.json().await.expect("json");
    assert_eq!(body["path"], "/login/device/code");
    assert_eq!(body["accept"], "application/json");
    assert_eq!(body["content_type"], "application/x-www-form-urlencoded");
    assert_eq!(body["body"], "client_id=abc&scope=repo%20read%3Aorg");
    assert_eq!(
        body["origin"], "",
        "the browser's Origin is not passed to GitHub"
    );
    assert_eq!(s.upstream.hits.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn allowed_origin_access_token_json_and_status_pass_through() {
    let s = setup(Duration::from_secs(5)).await;
    let sent = r#"{"client_id":"abc","device_code":"dc","grant_type":"teapot"}"#;
    let resp = s
        .client
        .post(format!("{}/login/oauth/access_token", s.relay.url()))
        .header("origin", PAGE)
        .header("content-type", "application/json")
        .header("accept", "text/html")
        .body(sent)
        .send()
        .await
        .expect("send");
    assert_eq!(resp.status(), 418, "upstream status is passed back");
    assert_eq!(acao(&resp).as_deref(), Some(PAGE));
    let body: Value = resp.json().await.expect("json");
    assert_eq!(body["path"], "/login/oauth/access_token");
    assert_eq!(
        body["accept"], "application/json",
        "relay always asks for JSON"
    );
    assert_eq!(body["content_type"], "application/json");
    assert_eq!(body["body"], sent);
}

#[tokio::test]
async fn wrong_origin_is_refused_without_cors_and_not_forwarded() {
    let s = setup(Duration::from_secs(5)).await;
    for origin in [
        Some("https://evil.example"),
        Some("https://demo.example.github.io.evil.example"),
        None,
    ] {
        let mut req = s
            .client
            .post(format!("{}/login/device/code", s.relay.url()))
            .header("content-type", "application/json")
            .body("{}");
        if let Some(o) = origin {
            req = req.header("origin", o);
        }
        let resp = req.send().await.expect("send");
        assert_eq!(resp.status(), 403, "origin {origin:?}");
        assert_eq!(acao(&resp), None);
        let body: Value = resp.json().await.expect("json");
        assert!(body["error"]
            .as_str()
            .is_some_and(|e| e.starts_with("origin_")));
        assert!(body["message"].as_str().is_some_and(|m| !m.is_empty()));
    }
    assert_eq!(s.upstream.hits.load(Ordering::SeqCst), 0);
}

#[tokio::test]
async fn preflight_allowed_and_disallowed() {
    let s = setup(Duration::from_secs(5)).await;
    let preflight = |origin: &'static str| {
        s.client
            .request(
                reqwest::Method::OPTIONS,
                format!("{}/login/oauth/access_token", s.relay.url()),
            )
            .header("origin", origin)
            .header("access-control-request-method", "POST")
            .header("access-control-request-headers", "content-type")
            .send()
    };
    let ok = preflight(PAGE).await.expect("send");
    assert_eq!(ok.status(), 204);
    assert_eq!(acao(&ok).as_deref(), Some(PAGE));
    assert_eq!(
        ok.headers()["access-control-allow-methods"],
        "POST, OPTIONS"
    );
    assert_eq!(
        ok.headers()["access-control-allow-headers"],
        "content-type, accept"
    );
    assert_eq!(ok.headers()["vary"], "Origin");

    let bad = preflight("https://evil.example").await.expect("send");
    assert_eq!(bad.status(), 403);
    assert_eq!(acao(&bad), None);
    assert!(bad.headers().get("access-control-allow-methods").is_none());
    assert_eq!(s.upstream.hits.load(Ordering::SeqCst), 0);
}

#[tokio::test]
async fn unknown_path_404_wrong_method_405_health_ok() {
    let s = setup(Duration::from_secs(5)).await;
    let resp = s
        .client
        .post(format!("{}/user", s.relay.url()))
        .header("origin", PAGE)
        .send()
        .await
        .expect("send");
    assert_eq!(resp.status(), 404);
    let body: Value = resp.json().await.expect("json");
    assert_eq!(body["error"], "not_found");

    let resp = s
        .client
        .get(format!("{}/login/device/code", s.relay.url()))
        .header("origin", PAGE)
        .send()
        .await
        .expect("send");
    assert_eq!(resp.status(), 405);
    assert_eq!(resp.headers()["allow"], "POST, OPTIONS");
    let body: Value = resp.json().await.expect("json");
    assert_eq!(body["error"], "method_not_allowed");

    let resp = s
        .client
        .get(format!("{}/healthz", s.relay.url()))
        .send()
        .await
        .expect("send");
    assert_eq!(resp.status(), 200);
    assert_eq!(resp.text().await.expect("text"), "ok");
    assert_eq!(s.upstream.hits.load(Ordering::SeqCst), 0);
}

#[tokio::test]
async fn big_body_is_413_and_not_forwarded() {
    let s = setup(Duration::from_secs(5)).await;
    let big = format!("client_id={}", "x".repeat(5000));
    let resp = s
        .client
        .post(format!("{}/login/device/code", s.relay.url()))
        .header("origin", PAGE)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(big)
        .send()
        .await
        .expect("send");
    assert_eq!(resp.status(), 413);
    assert_eq!(
        acao(&resp).as_deref(),
        Some(PAGE),
        "the page can read the reason"
    );
    let body: Value = resp.json().await.expect("json");
    assert_eq!(body["error"], "body_too_large");

    // A chunked body without Content-Length is capped as well.
    let status_line = chunked_post(&s.relay, 6).await;
    assert!(status_line.starts_with("HTTP/1.1 413"), "{status_line}");
    assert_eq!(s.upstream.hits.load(Ordering::SeqCst), 0);
}

/// Posts `kib` KiB as a chunked body over raw TCP; returns the status line.
async fn chunked_post(relay: &Server, kib: usize) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut tcp = tokio::net::TcpStream::connect(relay.addr())
        .await
        .expect("connect");
    let head = format!(
        "POST /login/device/code HTTP/1.1\r\nHost: {}\r\nOrigin: {PAGE}\r\n\
         Content-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\n\r\n",
        relay.addr()
    );
    tcp.write_all(head.as_bytes()).await.expect("write head");
    for _ in 0..kib {
        let chunk = format!("400\r\n{}\r\n", "a".repeat(1024));
        if tcp.write_all(chunk.as_bytes()).await.is_err() {
            break; // the relay may stop reading once the cap is hit
        }
    }
    let _ = tcp.write_all(b"0\r\n\r\n").await;
    let mut answer = vec![0u8; 512];
    let n = tcp.read(&mut answer).await.expect("read");
    String::from_utf8_lossy(&answer[..n])
        .lines()
        .next()
        .unwrap_or("")
        .to_owned()
}

#[tokio::test]
async fn slow_upstream_gives_504_within_timeout() {
    let s = setup(Duration::from_secs(1)).await;
    let started = Instant::now();
    let resp = s
        .client
        .post(format!("{}/login/oauth/access_token", s.relay.url()))
        .header("origin", PAGE)
        .header("content-type", "application/x-www-form-urlencoded")
        .body("device_code=slow")
        .send()
        .await
        .expect("send");
    let elapsed = started.elapsed();
    assert_eq!(resp.status(), 504);
    assert!(elapsed < Duration::from_millis(2500), "took {elapsed:?}");
    assert!(elapsed >= Duration::from_millis(900), "took {elapsed:?}");
    assert_eq!(acao(&resp).as_deref(), Some(PAGE));
    let body: Value = resp.json().await.expect("json");
    assert_eq!(body["error"], "upstream_timeout");
}

#[tokio::test]
async fn unreachable_upstream_gives_502() {
    // Bind and drop a listener to get a port nobody answers on.
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        l.local_addr().expect("addr").port()
    };
    let config = Config::loopback(
        Upstream::parse(&format!("http://127.0.0.1:{port}")).expect("upstream"),
        vec![Origin::parse(PAGE).expect("origin")],
    );
    let relay = start(config, Arc::new(|_| {})).await.expect("start");
    let resp = reqwest::Client::new()
        .post(format!("{}/login/device/code", relay.url()))
        .header("origin", PAGE)
        .header("content-type", "application/json")
        .body("{}")
        .send()
        .await
        .expect("send");
    assert_eq!(resp.status(), 502);
}

#[tokio::test]
async fn logs_hold_no_bodies_tokens_or_codes() {
    let s = setup(Duration::from_secs(5)).await;
    let resp = s
        .client
        .post(format!(
            "{}/login/oauth/access_token?code=QUERYSECRET",
            s.relay.url()
        ))
        .header("origin", PAGE)
        .header("content-type", "application/x-www-form-urlencoded")
        .body("client_id=abc&device_code=DEVICECODESECRET&grant_type=x")
        .send()
        .await
        .expect("send");
    assert_eq!(resp.status(), 200);
    let text = resp.text().await.expect("text");
    assert!(text.contains(SECRET_TOKEN), "the page still gets the token");
    let logs = s.logs.lock().expect("lock").clone();
    assert_eq!(logs.len(), 1, "{logs:?}");
    let line = &logs[0];
    assert!(
        line.starts_with("POST /login/oauth/access_token 200 "),
        "{line}"
    );
    assert!(line.ends_with("ms"), "{line}");
    for secret in [
        SECRET_TOKEN,
        "DEVICECODESECRET",
        "QUERYSECRET",
        "client_id",
        PAGE,
    ] {
        assert!(!line.contains(secret), "log line leaks {secret}: {line}");
    }
}

/// What a raw connection saw: the first line the relay sent (empty when it
/// closed without answering) and how long that took.
struct Outcome {
    status_line: String,
    after: Duration,
}

/// Sends `head` at once, then `trickle` one byte every 100 ms (for at most
/// 8 s), while reading; returns when the relay answers or closes.
async fn trickle(relay: &Server, head: String, trickle: &'static [u8]) -> Outcome {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let started = Instant::now();
    let tcp = tokio::net::TcpStream::connect(relay.addr())
        .await
        .expect("connect");
    let (mut reader, mut writer) = tcp.into_split();
    let writing = tokio::spawn(async move {
        if writer.write_all(head.as_bytes()).await.is_err() {
            return;
        }
        for byte in trickle.iter().cycle().take(80) {
            tokio::time::sleep(Duration::from_millis(100)).await;
            if writer.write_all(&[*byte]).await.is_err() {
                return;
            }
        }
    });
    let mut answer = vec![0u8; 1024];
    let read = tokio::time::timeout(Duration::from_secs(10), reader.read(&mut answer)).await;
    writing.abort();
    let n = match read {
        Ok(Ok(n)) => n,
        Ok(Err(_)) => 0,
        Err(_) => panic!("the relay kept a trickling connection open for 10 s"),
    };
    Outcome {
        status_line: String::from_utf8_lossy(&answer[..n])
            .lines()
            .next()
            .unwrap_or("")
            .to_owned(),
        after: started.elapsed(),
    }
}

#[tokio::test]
async fn trickled_headers_are_cut_off() {
    let s = setup_with(|c| c.header_timeout = Duration::from_secs(1)).await;
    let head = "POST /login/device/code HTTP/1.1\r\nHost: relay\r\nX-Slow: ".to_owned();
    let outcome = trickle(&s.relay, head, b"a").await;
    assert!(
        outcome.after < Duration::from_secs(3),
        "connection stayed open {:?}",
        outcome.after
    );
    assert!(
        outcome.status_line.is_empty() || outcome.status_line.starts_with("HTTP/1.1 408"),
        "{}",
        outcome.status_line
    );
    assert_eq!(s.upstream.hits.load(Ordering::SeqCst), 0);
}

#[tokio::test]
async fn trickled_body_gets_408() {
    let s = setup_with(|c| c.body_timeout = Duration::from_secs(1)).await;
    let head = format!(
        "POST /login/device/code HTTP/1.1\r\nHost: relay\r\nOrigin: {PAGE}\r\n\
         Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 200\r\n\r\nclient_id="
    );
    let outcome = trickle(&s.relay, head, b"x").await;
    assert!(
        outcome.status_line.starts_with("HTTP/1.1 408"),
        "{}",
        outcome.status_line
    );
    assert!(
        outcome.after < Duration::from_secs(3),
        "took {:?}",
        outcome.after
    );
    assert_eq!(s.upstream.hits.load(Ordering::SeqCst), 0);
}

#[tokio::test]
async fn connections_beyond_the_cap_are_refused_then_served_again() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let s = setup_with(|c| c.max_connections = 2).await;
    let mut held = Vec::new();
    for _ in 0..2 {
        let mut tcp = tokio::net::TcpStream::connect(s.relay.addr())
            .await
            .expect("connect");
        tcp.write_all(b"POST /login/device/code HTTP/1.1\r\nHost: relay\r\n")
            .await
            .expect("write");
        held.push(tcp);
    }
    // Give the relay a moment to accept both.
    tokio::time::sleep(Duration::from_millis(200)).await;
    let mut extra = tokio::net::TcpStream::connect(s.relay.addr())
        .await
        .expect("connect");
    let request =
        format!("POST /login/device/code HTTP/1.1\r\nHost: relay\r\nOrigin: {PAGE}\r\n\r\n");
    extra.write_all(request.as_bytes()).await.expect("write");
    let mut answer = String::new();
    tokio::time::timeout(Duration::from_secs(3), extra.read_to_string(&mut answer))
        .await
        .expect("the relay answers at once")
        .expect("read");
    assert!(answer.starts_with("HTTP/1.1 503"), "{answer}");
    assert!(answer.contains("too_many_connections"), "{answer}");
    assert!(
        answer
            .to_ascii_lowercase()
            .contains(&format!("access-control-allow-origin: {PAGE}")),
        "the page can read why: {answer}"
    );

    drop(held);
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let resp = s
            .client
            .get(format!("{}/healthz", s.relay.url()))
            .send()
            .await
            .expect("send");
        if resp.status() == 200 {
            break;
        }
        assert!(Instant::now() < deadline, "slots were not released");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// A client whose connections come from `ip` (any 127.x address reaches
/// the relay on 127.0.0.1 over loopback).
fn client_from(ip: [u8; 4]) -> reqwest::Client {
    reqwest::Client::builder()
        .local_address(std::net::IpAddr::from(ip))
        .build()
        .expect("client")
}

/// POSTs a form `body` to `path` from the allowed page.
async fn post_form(
    client: &reqwest::Client,
    relay: &Server,
    path: &str,
    body: &str,
) -> reqwest::Response {
    client
        .post(format!("{}{path}", relay.url()))
        .header("origin", PAGE)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(body.to_owned())
        .send()
        .await
        .expect("send")
}

/// Opens `n` connections from 127.0.0.1 that send half a request and wait.
async fn hold_connections(relay: &Server, n: usize) -> Vec<tokio::net::TcpStream> {
    use tokio::io::AsyncWriteExt;
    let mut held = Vec::new();
    for _ in 0..n {
        let mut tcp = tokio::net::TcpStream::connect(relay.addr())
            .await
            .expect("connect");
        tcp.write_all(b"POST /login/device/code HTTP/1.1\r\nHost: relay\r\n")
            .await
            .expect("write");
        held.push(tcp);
    }
    held
}

#[tokio::test]
async fn one_address_cannot_hold_every_connection() {
    let s = setup_with(|c| c.policy.max_connections_per_address = 3).await;
    let held = hold_connections(&s.relay, 3).await;
    // The same address is refused, and told why in a way the page can read.
    let resp = post_form(
        &client_from([127, 0, 0, 1]),
        &s.relay,
        "/login/device/code",
        "client_id=a",
    )
    .await;
    assert_eq!(resp.status(), 429);
    assert_eq!(acao(&resp).as_deref(), Some(PAGE));
    assert_eq!(resp.headers()["retry-after"], "1");
    let body: Value = resp.json().await.expect("json");
    assert_eq!(body["error"], "too_many_connections");
    assert!(body["error_description"]
        .as_str()
        .is_some_and(|m| m.contains("your address")));
    // Another address is served meanwhile.
    let resp = post_form(
        &client_from([127, 0, 0, 2]),
        &s.relay,
        "/login/device/code",
        "client_id=a",
    )
    .await;
    assert_eq!(resp.status(), 200);
    assert_eq!(
        s.upstream.hits.load(Ordering::SeqCst),
        1,
        "the refused one was not forwarded"
    );
    // Once the held connections close, the first address is served again.
    drop(held);
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let resp = post_form(
            &client_from([127, 0, 0, 1]),
            &s.relay,
            "/login/device/code",
            "client_id=a",
        )
        .await;
        if resp.status() == 200 {
            break;
        }
        assert_eq!(resp.status(), 429);
        assert!(
            Instant::now() < deadline,
            "the address's slots were not released"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test]
async fn device_code_requests_are_paced_per_address() {
    let s = setup_with(|c| c.policy.code_interval = Duration::from_secs(60)).await;
    let first = client_from([127, 0, 0, 1]);
    for _ in 0..ghcr_setup_relay::limits::CODE_BURST {
        let resp = post_form(&first, &s.relay, "/login/device/code", "client_id=a").await;
        assert_eq!(resp.status(), 200);
    }
    let resp = post_form(&first, &s.relay, "/login/device/code", "client_id=a").await;
    assert_eq!(resp.status(), 429);
    assert_eq!(acao(&resp).as_deref(), Some(PAGE));
    let wait: u64 = resp.headers()["retry-after"]
        .to_str()
        .expect("text")
        .parse()
        .expect("seconds");
    assert!((1..=60).contains(&wait), "{wait}");
    let body: Value = resp.json().await.expect("json");
    assert_eq!(body["error"], "too_many_device_codes");
    assert!(body["error_description"]
        .as_str()
        .is_some_and(|m| !m.is_empty()));
    let burst = ghcr_setup_relay::limits::CODE_BURST as usize;
    assert_eq!(s.upstream.hits.load(Ordering::SeqCst), burst);
    // Another address is not affected.
    let resp = post_form(
        &client_from([127, 0, 0, 2]),
        &s.relay,
        "/login/device/code",
        "client_id=a",
    )
    .await;
    assert_eq!(resp.status(), 200);
}

#[tokio::test]
async fn fast_polls_get_slow_down_and_sign_ins_per_address_are_bounded() {
    let s = setup_with(|c| {
        c.policy.poll_interval = Duration::from_secs(60);
        c.policy.sign_ins_per_address = 2;
    })
    .await;
    let first = client_from([127, 0, 0, 1]);
    let poll = |client: reqwest::Client, code: &'static str| {
        let relay_url = s.relay.url();
        async move {
            client
                .post(format!("{relay_url}/login/oauth/access_token"))
                .header("origin", PAGE)
                .header("content-type", "application/json")
                .body(json!({"client_id": "a", "device_code": code, "grant_type": "g"}).to_string())
                .send()
                .await
                .expect("send")
        }
    };
    let resp = poll(first.clone(), "dc1").await;
    assert_eq!(resp.status(), 200);
    assert_eq!(
        resp.json::<Value>().await.expect("json")["path"],
        "/login/oauth/access_token"
    );
    // Straight away again: GitHub's slow_down, as the device flow defines it.
    let resp = poll(first.clone(), "dc1").await;
    assert_eq!(resp.status(), 200);
    assert_eq!(acao(&resp).as_deref(), Some(PAGE));
    let body: Value = resp.json().await.expect("json");
    assert_eq!(body["error"], "slow_down");
    assert_eq!(body["interval"], 60);
    assert!(body["error_description"]
        .as_str()
        .is_some_and(|m| !m.is_empty()));
    assert_eq!(
        s.upstream.hits.load(Ordering::SeqCst),
        1,
        "the fast poll was not forwarded"
    );
    // A second sign-in from the same address is fine, a third is not.
    assert_eq!(poll(first.clone(), "dc2").await.status(), 200);
    let resp = poll(first.clone(), "dc3").await;
    assert_eq!(resp.status(), 429);
    assert!(resp.headers().contains_key("retry-after"));
    assert_eq!(acao(&resp).as_deref(), Some(PAGE));
    assert_eq!(
        resp.json::<Value>().await.expect("json")["error"],
        "too_many_sign_ins"
    );
    // Another address may poll its own sign-in.
    let resp = poll(client_from([127, 0, 0, 2]), "dc3").await;
    assert!(resp.json::<Value>().await.expect("json")["path"].is_string());
    assert_eq!(s.upstream.hits.load(Ordering::SeqCst), 3);
}

#[tokio::test]
async fn only_allowed_client_ids_are_forwarded() {
    let s = setup_with(|c| {
        c.allow_client_ids = vec![ghcr_setup_relay::ClientId::parse("Iv1.good").expect("id")]
    })
    .await;
    let resp = post_form(
        &s.client,
        &s.relay,
        "/login/device/code",
        "client_id=Iv1.good&scope=repo",
    )
    .await;
    assert_eq!(resp.status(), 200);
    for body in [
        "client_id=Iv1.bad&scope=repo",
        "scope=repo",
        "client_id=Iv1.goo",
        "client_id=Iv1.good%00",
    ] {
        let resp = post_form(&s.client, &s.relay, "/login/device/code", body).await;
        assert_eq!(resp.status(), 403, "{body}");
        assert_eq!(acao(&resp).as_deref(), Some(PAGE));
        let answer: Value = resp.json().await.expect("json");
        assert_eq!(answer["error"], "client_id_not_allowed");
        assert!(answer["error_description"]
            .as_str()
            .is_some_and(|m| m.contains("--allow-client-id")));
    }
    // A body naming two client ids is refused whatever they are.
    let resp = post_form(
        &s.client,
        &s.relay,
        "/login/oauth/access_token",
        "client_id=Iv1.good&client_id=Iv1.bad",
    )
    .await;
    assert_eq!(resp.status(), 400);
    assert_eq!(
        resp.json::<Value>().await.expect("json")["error"],
        "repeated_field"
    );
    // JSON bodies are read the same way.
    let resp = s
        .client
        .post(format!("{}/login/oauth/access_token", s.relay.url()))
        .header("origin", PAGE)
        .header("content-type", "application/json")
        .body(r#"{"client_id":"Iv1.evil","device_code":"x"}"#)
        .send()
        .await
        .expect("send");
    assert_eq!(resp.status(), 403);
    assert_eq!(
        s.upstream.hits.load(Ordering::SeqCst),
        1,
        "only the allowed one went upstream"
    );
}

#[tokio::test]
async fn a_connection_is_closed_after_its_lifetime() {
    // The upstream takes 5 s and the upstream timeout is 10 s, so without a
    // lifetime the page would get GitHub's 200 after 5 s.
    let s = setup_with(|c| c.connection_lifetime = Duration::from_secs(1)).await;
    let started = Instant::now();
    let sent = s
        .client
        .post(format!("{}/login/oauth/access_token", s.relay.url()))
        .header("origin", PAGE)
        .header("content-type", "application/x-www-form-urlencoded")
        .body("device_code=slow")
        .send()
        .await;
    assert!(sent.is_err(), "closed without an answer: {sent:?}");
    assert!(
        started.elapsed() < Duration::from_secs(4),
        "{:?}",
        started.elapsed()
    );
}

// ---- Logs during an attack: the real binary, its stdout and stderr ----

const DEVICE_CODE: &str = "3584d83530557fdd1f46af8289938c8ef79f9dc5";
const USER_CODE: &str = "WDJB-MJHT";
const ACCESS_TOKEN: &str = "gho_16C7e42F292c6912E7710c838347Ae178B4a";
const GOOD_CLIENT: &str = "Iv1.goodclient";

/// A stub GitHub for the device flow: hands out [`DEVICE_CODE`] and
/// [`USER_CODE`], and [`ACCESS_TOKEN`] for a poll of that code.
async fn device_flow_upstream() -> String {
    let app = Router::new()
        .route(
            "/login/device/code",
            post(|| async {
                json_answer(json!({
                    "device_code": DEVICE_CODE,
                    "user_code": USER_CODE,
                    "verification_uri": "https://github.com/login/device",
                    "expires_in": 900,
                    "interval": 5,
                }))
            }),
        )
        .route(
            "/login/oauth/access_token",
            post(|body: Bytes| async move {
                let body = String::from_utf8_lossy(&body).to_string();
                if body.contains(DEVICE_CODE) {
                    json_answer(json!({
                        "access_token": ACCESS_TOKEN,
                        "token_type": "bearer",
                        "scope": "repo,workflow",
                    }))
                } else {
                    json_answer(json!({
                        "error": "authorization_pending",
                        "error_description": format!("pending for {body}"),
                    }))
                }
            }),
        );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind upstream");
    let url = format!("http://{}", listener.local_addr().expect("addr"));
    tokio::spawn(async move { axum::serve(listener, app).await });
    url
}

fn json_answer(value: Value) -> ([(&'static str, &'static str); 1], String) {
    ([("content-type", "application/json")], value.to_string())
}

/// The relay binary, with its output collected line by line.
struct RelayProcess {
    child: std::process::Child,
    url: String,
    lines: Arc<Mutex<Vec<String>>>,
    readers: Vec<std::thread::JoinHandle<()>>,
}

fn spawn_relay(args: &[&str]) -> RelayProcess {
    use std::io::BufRead;
    use std::process::{Command, Stdio};
    let mut child = Command::new(env!("CARGO_BIN_EXE_ghcr-setup-relay"))
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start the relay binary");
    let lines = Arc::new(Mutex::new(Vec::new()));
    let (first_tx, first_rx) = std::sync::mpsc::channel();
    let stdout = child.stdout.take().expect("stdout");
    let stderr = child.stderr.take().expect("stderr");
    let out_lines = lines.clone();
    let err_lines = lines.clone();
    let readers = vec![
        std::thread::spawn(move || {
            for line in std::io::BufReader::new(stdout)
                .lines()
                .map_while(Result::ok)
            {
                let _ = first_tx.send(line.clone());
                out_lines.lock().expect("lock").push(line);
            }
        }),
        std::thread::spawn(move || {
            for line in std::io::BufReader::new(stderr)
                .lines()
                .map_while(Result::ok)
            {
                err_lines.lock().expect("lock").push(line);
            }
        }),
    ];
    let first = first_rx
        .recv_timeout(Duration::from_secs(30))
        .expect("the relay says where it listens");
    let url = first
        .strip_prefix("relay listening on ")
        .expect("the listening line")
        .to_owned();
    RelayProcess {
        child,
        url,
        lines,
        readers,
    }
}

impl RelayProcess {
    /// Stops the relay and returns everything it wrote.
    fn finish(mut self) -> Vec<String> {
        let _ = self.child.kill();
        let _ = self.child.wait();
        for reader in self.readers.drain(..) {
            reader.join().expect("reader");
        }
        let lines = self.lines.lock().expect("lock").clone();
        lines
    }
}

/// Whether `line` is made only of fixed words and numbers: the start-up
/// lines, a request line or a connection refusal.
fn is_fixed_words(line: &str, relay_url: &str, upstream: &str) -> bool {
    if line == format!("relay listening on {relay_url}")
        || line == format!("forwarding to {upstream}")
    {
        return true;
    }
    let parts: Vec<&str> = line.split(' ').collect();
    let word = |w: &str| !w.is_empty() && w.chars().all(|c| c.is_ascii_lowercase() || c == '_');
    let number = |w: &str| w.len() == 3 && w.chars().all(|c| c.is_ascii_digit());
    match parts.as_slice() {
        ["connection", "refused", status, code, "unread"] => number(status) && word(code),
        [method, path, status, outcome, took] => {
            [
                "GET", "HEAD", "POST", "OPTIONS", "PUT", "DELETE", "PATCH", "OTHER",
            ]
            .contains(method)
                && [
                    "/login/device/code",
                    "/login/oauth/access_token",
                    "/healthz",
                    "(other)",
                ]
                .contains(path)
                && number(status)
                && word(outcome)
                && took
                    .strip_suffix("ms")
                    .is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
        }
        _ => false,
    }
}

#[tokio::test]
async fn logs_during_an_attack_hold_no_body_code_or_token() {
    use tokio::io::AsyncWriteExt;
    let upstream = device_flow_upstream().await;
    let relay = spawn_relay(&[
        "--listen",
        "127.0.0.1:0",
        "--upstream",
        &upstream,
        "--allow-origin",
        PAGE,
        "--allow-client-id",
        GOOD_CLIENT,
        "--max-connections-per-address",
        "4",
        "--code-interval-secs",
        "60",
        "--poll-interval-secs",
        "60",
        "--sign-ins-per-address",
        "3",
    ]);
    let base = relay.url.clone();
    let client = reqwest::Client::new();
    let send = |path: &str, content_type: &str, body: String| {
        client
            .post(format!("{base}{path}"))
            .header("origin", PAGE)
            .header("content-type", content_type)
            .header(
                "authorization",
                "Bearer gho_HEADERSECRETxxxxxxxxxxxxxxxxxxxx",
            )
            .header("cookie", "session=COOKIESECRET")
            .body(body)
            .send()
    };
    let form = "application/x-www-form-urlencoded";

    // Client ids that are not allowed, one carrying a would-be secret.
    for id in ["Iv1.BADCLIENTSECRET", "gho_BADCLIENTTOKEN"] {
        let resp = send(
            "/login/device/code",
            form,
            format!("client_id={id}&scope=repo"),
        )
        .await
        .expect("send");
        assert_eq!(resp.status(), 403);
    }
    // A real sign-in: the device code, then the token.
    let resp = send(
        "/login/device/code",
        form,
        format!("client_id={GOOD_CLIENT}&scope=repo"),
    )
    .await
    .expect("send");
    let code: Value = resp.json().await.expect("json");
    assert_eq!(code["device_code"], DEVICE_CODE);
    assert_eq!(code["user_code"], USER_CODE);
    let poll = format!(
        "client_id={GOOD_CLIENT}&device_code={DEVICE_CODE}&grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Adevice_code"
    );
    let resp = send("/login/oauth/access_token", form, poll.clone())
        .await
        .expect("send");
    let token: Value = resp.json().await.expect("json");
    assert_eq!(
        token["access_token"], ACCESS_TOKEN,
        "the exchange went through"
    );
    // Rapid polls of the same code: slow_down, not forwarded.
    for _ in 0..10 {
        let resp = send("/login/oauth/access_token", form, poll.clone())
            .await
            .expect("send");
        let body: Value = resp.json().await.expect("json");
        assert_eq!(body["error"], "slow_down");
    }
    // Polls of made-up codes (the user code among them) until the address
    // may poll no more sign-ins; JSON bodies too.
    for fake in [
        USER_CODE,
        "POLLSECRETONE",
        "POLLSECRETTWO",
        "POLLSECRETTHREE",
    ] {
        let body = json!({"client_id": GOOD_CLIENT, "device_code": fake, "token": ACCESS_TOKEN});
        let resp = send(
            "/login/oauth/access_token",
            "application/json",
            body.to_string(),
        )
        .await
        .expect("send");
        assert!(
            resp.status() == 200 || resp.status() == 429,
            "{}",
            resp.status()
        );
    }
    // A body repeating the client id, secrets in the path and the query, an
    // odd method.
    let resp = send(
        "/login/device/code",
        form,
        format!("client_id={GOOD_CLIENT}&client_id=REPEATSECRET"),
    )
    .await
    .expect("send");
    assert_eq!(resp.status(), 400);
    let resp = send(
        &format!("/login/oauth/access_token/{ACCESS_TOKEN}"),
        form,
        String::new(),
    )
    .await
    .expect("send");
    assert_eq!(resp.status(), 404);
    let resp = send(
        &format!("/login/oauth/access_token?device_code={DEVICE_CODE}"),
        form,
        poll.clone(),
    )
    .await
    .expect("send");
    assert_eq!(resp.status(), 200);
    let odd = reqwest::Method::from_bytes(b"METHODSECRET").expect("method");
    let resp = client
        .request(odd, format!("{base}/healthz"))
        .send()
        .await
        .expect("send");
    assert_eq!(resp.status(), 405);
    // Many connections from one address: the ones over its share are
    // refused. They come from 127.0.0.3, which has had no connection yet
    // (so none still closing), and hold half a request each.
    let addr: std::net::SocketAddr = base.trim_start_matches("http://").parse().expect("addr");
    let flooder = std::net::IpAddr::from([127, 0, 0, 3]);
    let mut held = Vec::new();
    for _ in 0..4 {
        let socket = tokio::net::TcpSocket::new_v4().expect("socket");
        socket.bind((flooder, 0).into()).expect("bind 127.0.0.3");
        let mut tcp = socket.connect(addr).await.expect("connect");
        tcp.write_all(
            b"POST /login/device/code HTTP/1.1\r\nHost: relay\r\nX-Secret: HELDSECRET\r\n",
        )
        .await
        .expect("write");
        held.push(tcp);
    }
    let flood = client_from([127, 0, 0, 3]);
    for _ in 0..4 {
        let resp = flood
            .post(format!("{base}/login/oauth/access_token"))
            .header("origin", PAGE)
            .header("content-type", form)
            .body(poll.clone())
            .send()
            .await
            .expect("send");
        assert_eq!(resp.status(), 429);
    }
    drop(held);

    let lines = relay.finish();
    assert!(lines.len() > 20, "{lines:?}");
    for line in &lines {
        assert!(
            is_fixed_words(line, &base, &upstream),
            "not fixed words and numbers: {line}"
        );
        for secret in [
            DEVICE_CODE,
            USER_CODE,
            ACCESS_TOKEN,
            "gho_",
            "SECRET",
            GOOD_CLIENT,
            "goodclient",
            "urn",
            PAGE,
        ] {
            assert!(!line.contains(secret), "a log line holds {secret}: {line}");
        }
    }
    let outcomes: Vec<&str> = lines.iter().filter_map(|l| l.split(' ').nth(3)).collect();
    for expected in [
        "client_id_not_allowed",
        "forwarded",
        "slow_down",
        "too_many_sign_ins",
        "repeated_field",
        "not_found",
        "method_not_allowed",
        "too_many_connections",
    ] {
        assert!(outcomes.contains(&expected), "no {expected} in {lines:?}");
    }
}

#[tokio::test]
async fn behind_a_proxy_the_forwarded_address_is_the_client() {
    let s = setup_with(|c| {
        c.policy.code_interval = Duration::from_secs(60);
        c.client_address_header = Some(axum::http::HeaderName::from_static("x-forwarded-for"));
    })
    .await;
    let from = |address: &'static str| {
        s.client
            .post(format!("{}/login/device/code", s.relay.url()))
            .header("origin", PAGE)
            .header("content-type", "application/x-www-form-urlencoded")
            .header("x-forwarded-for", address)
            .body("client_id=a")
            .send()
    };
    for _ in 0..ghcr_setup_relay::limits::CODE_BURST {
        assert_eq!(from("203.0.113.1").await.expect("send").status(), 200);
    }
    // The same client again, even if it writes another address first.
    let resp = from("198.51.100.7, 203.0.113.1").await.expect("send");
    assert_eq!(resp.status(), 429);
    // Another client behind the same proxy has its own pace.
    assert_eq!(from("203.0.113.2").await.expect("send").status(), 200);
}

#[tokio::test]
async fn with_no_refusal_slot_free_the_refusal_is_written_at_once() {
    use tokio::io::AsyncReadExt;
    let s = setup_with(|c| {
        c.max_connections = 1;
        c.refusal_slots = 0;
    })
    .await;
    let _held = hold_connections(&s.relay, 1).await;
    // This connection sends nothing: the answer comes without a request.
    let mut extra = tokio::net::TcpStream::connect(s.relay.addr())
        .await
        .expect("connect");
    let mut answer = String::new();
    tokio::time::timeout(Duration::from_secs(3), extra.read_to_string(&mut answer))
        .await
        .expect("the relay answers at once")
        .expect("read");
    assert!(answer.starts_with("HTTP/1.1 503"), "{answer}");
    let body = answer.split_once("\r\n\r\n").expect("a body").1;
    let body: Value = serde_json::from_str(body).expect("json");
    assert_eq!(body["error"], "too_many_connections");
    let logs = s.logs.lock().expect("lock").clone();
    assert_eq!(
        logs,
        ["connection refused 503 too_many_connections unread"],
        "{logs:?}"
    );
}
