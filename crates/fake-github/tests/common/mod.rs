//! Shared helpers of the fake's HTTP tests: start a scenario, call the REST
//! API with a token, read statuses, headers and JSON.

use fake_github::{start, Options, Scenario, Server};
use reqwest::{Client, Method, Response};
use serde_json::Value;

pub const DEMO: &str = "ghp_DEMOdemoDEMOdemoDEMOdemoDEMOdemo0000";
pub const MAINTAINER: &str = "ghp_DEMOmaintainerDEMOmaintainerDEMO0000";
pub const FINE: &str = "github_pat_DEMO_fineGrainedDemoToken0000000000";
pub const OAUTH: &str = "gho_DEMOoauthDEMOoauthDEMOoauthDEMOoa000";
pub const SSO: &str = "ghp_DEMOssoDEMOssoDEMOssoDEMOssoDEMO0000";
pub const APP_USER: &str = "ghu_DEMOappuserDEMOappuserDEMOapp0000000";
pub const INSTALLATION: &str = "ghs_DEMOinstallDEMOinstallDEMOins0000000";

/// A running fake and a client.
pub struct Fake {
    pub server: Server,
    pub http: Client,
}

/// The demo scenario after `change`.
pub async fn fake_with(change: impl FnOnce(&mut Scenario)) -> Fake {
    let mut scenario = Scenario::demo().expect("demo");
    change(&mut scenario);
    let server = start(Options::with(scenario)).await.expect("start");
    Fake {
        server,
        http: Client::new(),
    }
}

/// The demo scenario as shipped.
pub async fn demo() -> Fake {
    fake_with(|_| {}).await
}

impl Fake {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.server.url())
    }

    pub async fn call(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
    ) -> Response {
        let mut req = self.http.request(method, self.url(path));
        if let Some(t) = token {
            req = req.header("authorization", format!("Bearer {t}"));
        }
        if let Some(b) = body {
            req = req.json(&b);
        }
        req.send().await.expect("send")
    }

    pub async fn get(&self, path: &str, token: Option<&str>) -> Response {
        self.call(Method::GET, path, token, None).await
    }

    pub async fn status(&self, path: &str, token: Option<&str>) -> u16 {
        self.get(path, token).await.status().as_u16()
    }

    /// The JSON of a GET that must answer 200.
    pub async fn json(&self, path: &str, token: Option<&str>) -> Value {
        let resp = self.get(path, token).await;
        assert_eq!(resp.status(), 200, "GET {path}");
        resp.json().await.expect("json")
    }

    pub async fn put(&self, path: &str, token: Option<&str>, body: Value) -> Response {
        self.call(Method::PUT, path, token, Some(body)).await
    }

    pub async fn post(&self, path: &str, token: Option<&str>, body: Value) -> Response {
        self.call(Method::POST, path, token, Some(body)).await
    }
}

/// A response header as text.
pub fn header(resp: &Response, name: &str) -> Option<String> {
    resp.headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
}

/// Status and JSON body (null when empty) of a response.
pub async fn answer(resp: Response) -> (u16, Value) {
    let status = resp.status().as_u16();
    let text = resp.text().await.expect("body");
    let body = if text.is_empty() {
        Value::Null
    } else {
        serde_json::from_str(&text).expect("json body")
    };
    (status, body)
}

/// A body shaped like a libsodium sealed box, base64.
pub fn sealed_value() -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode([7u8; 64])
}
