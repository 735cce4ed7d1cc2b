//! The one piece the fake GitHub and the relay share, because there it is
//! truly the same code: a server bound to an address and running in a
//! background task (its real address when port 0 was asked for, its base
//! URL, waiting for it, stopping it when dropped), and reading a request's
//! `Origin`. Everything else about the two servers differs on purpose.

use std::future::Future;
use std::io;
use std::net::SocketAddr;

use http::{header, HeaderMap};
use tokio::net::TcpListener;
use tokio::task::JoinHandle;

/// Binds `listen`; the listener and the address actually bound.
pub async fn bind(listen: SocketAddr) -> io::Result<(TcpListener, SocketAddr)> {
    let listener = TcpListener::bind(listen).await?;
    let addr = listener.local_addr()?;
    Ok((listener, addr))
}

/// A server running in a background task; stops when dropped.
pub struct Running {
    addr: SocketAddr,
    task: Option<JoinHandle<io::Result<()>>>,
}

impl Running {
    /// Runs `serve` (which serves on `addr`) in a background task.
    pub fn spawn<F>(addr: SocketAddr, serve: F) -> Running
    where
        F: Future<Output = io::Result<()>> + Send + 'static,
    {
        Running {
            addr,
            task: Some(tokio::spawn(serve)),
        }
    }

    /// The address actually bound (the real port when 0 was asked for).
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://ADDR`, the server's base URL.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Waits until the server stops (it normally runs until dropped).
    pub async fn wait(mut self) -> io::Result<()> {
        match self.task.take() {
            Some(task) => task.await.unwrap_or_else(|e| Err(io::Error::other(e))),
            None => Ok(()),
        }
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        if let Some(task) = &self.task {
            task.abort();
        }
    }
}

/// The request's `Origin` header, when it is readable text.
pub fn origin(headers: &HeaderMap) -> Option<String> {
    headers
        .get(header::ORIGIN)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    #[tokio::test]
    async fn a_running_server_reports_its_real_port_and_stops_when_dropped() {
        let (listener, addr) = bind("127.0.0.1:0".parse().unwrap()).await.unwrap();
        assert_ne!(addr.port(), 0);
        let running = Running::spawn(addr, async move {
            loop {
                let (mut conn, _) = listener.accept().await?;
                conn.write_all(b"hi").await?;
            }
        });
        assert_eq!(running.url(), format!("http://{addr}"));
        let mut conn = tokio::net::TcpStream::connect(addr).await.unwrap();
        let mut got = [0u8; 2];
        conn.read_exact(&mut got).await.unwrap();
        assert_eq!(&got, b"hi");
        drop(running);
        // The task is aborted: the listener closes and new connections fail.
        let mut refused = false;
        for _ in 0..50 {
            if tokio::net::TcpStream::connect(addr).await.is_err() {
                refused = true;
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
        assert!(refused, "still accepting after drop");
    }

    #[tokio::test]
    async fn wait_returns_what_the_server_returned() {
        let addr: SocketAddr = "127.0.0.1:9".parse().unwrap();
        let running = Running::spawn(addr, async { Err(io::Error::other("stopped")) });
        assert_eq!(running.wait().await.unwrap_err().to_string(), "stopped");
    }

    #[test]
    fn origin_is_read_only_when_it_is_text() {
        let mut headers = HeaderMap::new();
        assert_eq!(origin(&headers), None);
        headers.insert(header::ORIGIN, "http://127.0.0.1:8080".parse().unwrap());
        assert_eq!(origin(&headers).as_deref(), Some("http://127.0.0.1:8080"));
        headers.insert(
            header::ORIGIN,
            http::HeaderValue::from_bytes(b"\xff").unwrap(),
        );
        assert_eq!(origin(&headers), None);
    }
}
