//! The fake's in-memory state: the (mutable) scenario, device codes, injected
//! faults and the request log, shared by all handlers behind one mutex.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use crate::scenario::{splitmix, Scenario};

/// Requests per hour for an authenticated user (GitHub's primary limit).
pub const RATE_LIMIT: u64 = 5000;
/// Requests per hour for unauthenticated callers.
pub const ANON_RATE_LIMIT: u64 = 60;

/// Handle to the shared state, cheap to clone into handlers.
#[derive(Clone)]
pub struct App(pub Arc<Shared>);

/// State that never changes after start plus the locked world.
pub struct Shared {
    /// The scenario as loaded (restored by `POST /_fake/reset`).
    pub initial: Scenario,
    /// `http://127.0.0.1:PORT`, used in `url` fields and the device page URL.
    pub base_url: String,
    /// Latency added to every non-control request.
    pub latency: Duration,
    /// Unix time (seconds) of the rate-limit window's reset.
    pub rate_reset: u64,
    world: Mutex<World>,
}

impl App {
    /// Creates the state for `scenario` served at `base_url`.
    pub fn new(scenario: Scenario, base_url: String, latency: Duration) -> Self {
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0);
        App(Arc::new(Shared {
            world: Mutex::new(World::new(scenario.clone())),
            initial: scenario,
            base_url,
            latency,
            rate_reset: now + 3600,
        }))
    }

    /// Locks the world; a poisoned lock is recovered (state stays usable).
    pub fn world(&self) -> MutexGuard<'_, World> {
        self.0.world.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Restores the initial scenario and forgets codes, faults and the log.
    pub fn reset(&self) {
        *self.world() = World::new(self.0.initial.clone());
    }

    /// The base URL of this fake.
    pub fn base(&self) -> &str {
        &self.0.base_url
    }
}

/// Everything that changes while the fake runs.
pub struct World {
    pub scenario: Scenario,
    pub devices: Vec<DeviceCode>,
    pub faults: Vec<Fault>,
    pub log: Vec<LogEntry>,
    /// Counter feeding deterministic codes, tokens, SHAs and ids.
    pub counter: u64,
    /// Rate-limit use per user login ("" for anonymous callers).
    pub rate_used: BTreeMap<String, u64>,
}

impl World {
    fn new(scenario: Scenario) -> Self {
        World {
            scenario,
            devices: Vec::new(),
            faults: Vec::new(),
            log: Vec::new(),
            counter: 0,
            rate_used: BTreeMap::new(),
        }
    }

    /// The next value of the deterministic generator.
    pub fn next_random(&mut self) -> u64 {
        self.counter += 1;
        splitmix(self.counter ^ 0x005e_ed0f_f4ce)
    }

    /// `len` deterministic characters drawn from `alphabet`.
    pub fn random_chars(&mut self, alphabet: &[u8], len: usize) -> String {
        let mut out = String::with_capacity(len);
        let mut bits = self.next_random();
        for i in 0..len {
            if i % 8 == 7 {
                bits = self.next_random();
            }
            let index = (bits % alphabet.len() as u64) as usize;
            bits /= alphabet.len() as u64;
            out.push(char::from(alphabet.get(index).copied().unwrap_or(b'A')));
        }
        out
    }
}

/// Where a device code is in its life.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DeviceStatus {
    Pending,
    Approved {
        token: String,
    },
    Denied,
    /// The token was handed out; the code cannot be used again.
    Consumed,
}

/// A device code issued by `POST /login/device/code`.
#[derive(Debug, Clone)]
pub struct DeviceCode {
    pub device_code: String,
    pub user_code: String,
    pub client_id: String,
    pub scopes: Vec<String>,
    pub created: Instant,
    pub expires_in: Duration,
    pub interval: u64,
    pub last_poll: Option<Instant>,
    pub status: DeviceStatus,
}

impl DeviceCode {
    /// Whether the code is past its lifetime at `now`.
    pub fn expired(&self, now: Instant) -> bool {
        now.duration_since(self.created) >= self.expires_in
    }
}

/// An injected fault (`POST /_fake/faults`).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fault {
    /// Only requests with this method (any when absent).
    #[serde(default)]
    pub method: Option<String>,
    /// Requests whose path starts with this.
    pub path_prefix: String,
    /// Answer with this status instead of the real answer (latency only when absent).
    #[serde(default)]
    pub status: Option<u16>,
    /// Headers of the injected answer.
    #[serde(default)]
    pub headers: BTreeMap<String, String>,
    /// Body of the injected answer: a JSON string is sent as text, anything else as JSON.
    #[serde(default)]
    pub body: Option<serde_json::Value>,
    /// Delay before answering.
    #[serde(default)]
    pub latency_ms: Option<u64>,
    /// How many requests it applies to (forever when absent).
    #[serde(default)]
    pub times: Option<u32>,
    /// The request is carried out first and only its answer is replaced:
    /// a write whose answer was lost (GitHub made the change, the caller
    /// saw `status`).
    #[serde(default)]
    pub after: bool,
}

impl Fault {
    /// Whether this fault applies to a request.
    pub fn matches(&self, method: &str, path: &str) -> bool {
        let method_ok = self
            .method
            .as_deref()
            .is_none_or(|m| m.eq_ignore_ascii_case(method));
        method_ok && path.starts_with(&self.path_prefix) && self.times != Some(0)
    }
}

/// One line of `GET /_fake/log`. Never holds a token.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct LogEntry {
    pub method: String,
    pub path: String,
    pub status: u16,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub origin: Option<String>,
    pub has_auth: bool,
}
