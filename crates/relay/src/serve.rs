//! Accepting connections with the limits an open relay needs:
//!
//! - at most `max_connections` at once, and at most
//!   `max_connections_per_address` from one client address (an IPv6 client
//!   counts by its /64), so one client cannot take every slot;
//! - each connection carries one request (no keep-alive) and lives at most
//!   `connection_lifetime`, whatever it is doing;
//! - a header read timeout, so a client trickling its request line cannot
//!   hold a connection open.
//!
//! A connection over a limit is not served: it gets a JSON refusal that says
//! why, with CORS for an allow-listed origin so the page can read it (from
//! the `refusals` routers, given a short time to send its request), or —
//! when even the refusal slots are taken — a raw answer written at once.
//! Each connection is served by hyper's HTTP/1 server.

use std::net::IpAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::io::AsyncWriteExt;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::Semaphore;
use tokio::task::JoinSet;

use crate::limits::{ClientKey, Connections};
use crate::LogSink;

/// How long the relay spends telling an over-limit client it is busy when
/// it answers without reading the request.
const REFUSAL_WRITE_TIMEOUT: Duration = Duration::from_secs(1);
/// How long an over-limit client has to send its request headers (so its
/// refusal can carry CORS), and how long that connection may live at all.
const REFUSAL_HEADER_TIMEOUT: Duration = Duration::from_secs(2);
const REFUSAL_LIFETIME: Duration = Duration::from_secs(3);
/// Pause after a failed accept (e.g. out of file descriptors).
const ACCEPT_BACKOFF: Duration = Duration::from_millis(50);

/// The connection limits.
#[derive(Debug, Clone, Copy)]
pub struct Settings {
    pub header_timeout: Duration,
    pub max_connections: usize,
    pub max_connections_per_address: usize,
    pub connection_lifetime: Duration,
    /// Over-limit connections served a full (CORS) refusal at once; beyond
    /// them the refusal is written raw and the connection closed.
    pub refusal_slots: usize,
}

/// The client address a request came from, put in every request's
/// extensions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Peer(pub IpAddr);

/// Why a connection is not served.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// Every connection slot is taken.
    Busy,
    /// This client address already has as many connections as it may.
    PerAddress,
}

impl Refusal {
    pub fn status(self) -> u16 {
        match self {
            Refusal::Busy => 503,
            Refusal::PerAddress => 429,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Refusal::Busy => "too_many_connections",
            Refusal::PerAddress => "too_many_connections",
        }
    }

    pub fn message(self) -> &'static str {
        match self {
            Refusal::Busy => "The relay is busy. Try again in a moment.",
            Refusal::PerAddress => {
                "Too many connections from your address are open at once. Try again in a moment."
            }
        }
    }

    fn reason(self) -> &'static str {
        match self {
            Refusal::Busy => "503 Service Unavailable",
            Refusal::PerAddress => "429 Too Many Requests",
        }
    }
}

/// Routers answering over-limit connections, one per [`Refusal`].
#[derive(Clone)]
pub struct Refusals {
    pub busy: Router,
    pub per_address: Router,
}

/// The raw refusal (HTTP/1.1, then close), for when even a refusal slot is
/// not free. It cannot carry CORS: the request was never read.
fn raw_answer(refusal: Refusal) -> String {
    let body = serde_json::json!({
        "error": refusal.code(),
        "error_description": refusal.message(),
        "message": refusal.message(),
    })
    .to_string();
    format!(
        "HTTP/1.1 {}\r\ncontent-type: application/json\r\n\
         retry-after: 1\r\ncache-control: no-store\r\nconnection: close\r\n\
         content-length: {}\r\n\r\n{body}",
        refusal.reason(),
        body.len()
    )
}

async fn refuse_raw(mut stream: TcpStream, refusal: Refusal) {
    let answer = raw_answer(refusal);
    let _ = tokio::time::timeout(REFUSAL_WRITE_TIMEOUT, async {
        stream.write_all(answer.as_bytes()).await?;
        stream.shutdown().await
    })
    .await;
}

/// Serves one request on `stream` with `router`: no keep-alive, headers
/// within `header_timeout`, the whole connection within `lifetime`.
async fn serve_one(
    stream: TcpStream,
    router: Router,
    peer: IpAddr,
    header_timeout: Duration,
    lifetime: Duration,
) {
    let service = TowerToHyperService::new(router.layer(axum::Extension(Peer(peer))));
    let mut builder = http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .keep_alive(false)
        .header_read_timeout(header_timeout);
    let connection = builder.serve_connection(TokioIo::new(stream), service);
    // Past the lifetime the connection future is dropped, which closes it.
    let _ = tokio::time::timeout(lifetime, connection).await;
}

/// A connection counted against its address until dropped.
struct Counted {
    connections: Arc<Mutex<Connections>>,
    client: ClientKey,
}

impl Drop for Counted {
    fn drop(&mut self) {
        if let Ok(mut open) = self.connections.lock() {
            open.close(self.client);
        }
    }
}

/// Serves `router` on `listener` until the task is dropped; dropping it
/// also ends every open connection.
pub async fn serve(
    listener: TcpListener,
    router: Router,
    refusals: Refusals,
    settings: Settings,
    log: LogSink,
) {
    let permits = Arc::new(Semaphore::new(settings.max_connections.max(1)));
    let refusal_permits = Arc::new(Semaphore::new(settings.refusal_slots));
    let connections = Arc::new(Mutex::new(Connections::new(
        settings.max_connections_per_address,
    )));
    let mut tasks = JoinSet::new();
    loop {
        while tasks.try_join_next().is_some() {}
        let (stream, peer) = match listener.accept().await {
            Ok(accepted) => accepted,
            Err(_) => {
                tokio::time::sleep(ACCEPT_BACKOFF).await;
                continue;
            }
        };
        let client = ClientKey::of(peer.ip());
        let refusal = match permits.clone().try_acquire_owned() {
            Err(_) => Err(Refusal::Busy),
            Ok(permit) => {
                let opened = connections.lock().map(|mut c| c.open(client));
                if opened.unwrap_or(false) {
                    Ok((
                        permit,
                        Counted {
                            connections: connections.clone(),
                            client,
                        },
                    ))
                } else {
                    Err(Refusal::PerAddress)
                }
            }
        };
        match refusal {
            Ok((permit, counted)) => {
                let router = router.clone();
                tasks.spawn(async move {
                    serve_one(
                        stream,
                        router,
                        peer.ip(),
                        settings.header_timeout,
                        settings.connection_lifetime,
                    )
                    .await;
                    drop(counted);
                    drop(permit);
                });
            }
            Err(refusal) => match refusal_permits.clone().try_acquire_owned() {
                Ok(permit) => {
                    let router = match refusal {
                        Refusal::Busy => refusals.busy.clone(),
                        Refusal::PerAddress => refusals.per_address.clone(),
                    };
                    tasks.spawn(async move {
                        serve_one(
                            stream,
                            router,
                            peer.ip(),
                            REFUSAL_HEADER_TIMEOUT,
                            REFUSAL_LIFETIME,
                        )
                        .await;
                        drop(permit);
                    });
                }
                Err(_) => {
                    log(format!(
                        "connection refused {} {} unread",
                        refusal.status(),
                        refusal.code()
                    ));
                    tasks.spawn(refuse_raw(stream, refusal));
                }
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_refusals_are_complete_json_answers() {
        for refusal in [Refusal::Busy, Refusal::PerAddress] {
            let answer = raw_answer(refusal);
            let (head, body) = answer.split_once("\r\n\r\n").expect("head and body");
            assert!(head.starts_with(&format!("HTTP/1.1 {} ", refusal.status())));
            assert!(head.contains(&format!("content-length: {}", body.len())));
            let json: serde_json::Value = serde_json::from_str(body).expect("json");
            assert_eq!(json["error"], refusal.code());
            assert_eq!(json["error_description"], refusal.message());
        }
    }
}
