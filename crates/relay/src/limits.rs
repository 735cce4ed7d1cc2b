//! Fairness between clients: how many connections one client address may
//! hold, how often it may ask for a device code, how fast a sign-in may be
//! polled and how many sign-ins one address may poll.
//!
//! Everything here is pure: the time is always passed in as `now`, nothing
//! reads a clock or touches the network, so the rules are unit-tested in
//! virtual time. The server (`lib.rs`, `serve.rs`) holds one [`Limits`] and
//! one [`Connections`] behind a lock and asks them before doing any work.
//!
//! Rates are paced with the "theoretical arrival time" form of a token
//! bucket: each key remembers one instant, `due`, the time at which its
//! bucket would be full again. A request is let through when
//! `now + tolerance >= due`, and then `due` moves one interval on. The
//! tolerance is the bucket's depth: how far ahead of its pace a client may
//! get. An entry whose `due` has passed is a full bucket, exactly like no
//! entry at all, so it can be dropped at any time without changing a
//! decision; that is how memory stays bounded. When a table is full of live
//! entries the least recently used one is dropped (that client simply
//! starts with a full bucket again).
//!
//! Device codes are never stored: a sign-in is remembered by a keyed hash
//! of its device code (the key is random per process).

use std::collections::hash_map::RandomState;
use std::collections::HashMap;
use std::hash::{BuildHasher, Hash};
use std::net::{IpAddr, Ipv6Addr};
use std::time::{Duration, Instant};

/// Device-code requests one address may make back to back before the
/// interval applies (someone restarting the sign-in a few times).
pub const CODE_BURST: u32 = 3;
/// How long a polled sign-in counts against its address: GitHub's device
/// codes expire after 15 minutes.
pub const SIGN_IN_WINDOW: Duration = Duration::from_secs(15 * 60);
/// Entries each table keeps at most (addresses or sign-ins).
pub const MAX_TRACKED: usize = 10_000;

/// The client a request counts against: an IPv4 address, or the /64
/// network of an IPv6 address (one host usually owns a whole /64, so
/// counting single IPv6 addresses would let it take as many as it likes).
/// IPv4-mapped IPv6 addresses count as their IPv4 address.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ClientKey(IpAddr);

impl ClientKey {
    /// The key `addr` counts against.
    pub fn of(addr: IpAddr) -> Self {
        match addr {
            IpAddr::V4(v4) => ClientKey(IpAddr::V4(v4)),
            IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
                Some(v4) => ClientKey(IpAddr::V4(v4)),
                None => {
                    let s = v6.segments();
                    let network = Ipv6Addr::new(s[0], s[1], s[2], s[3], 0, 0, 0, 0);
                    ClientKey(IpAddr::V6(network))
                }
            },
        }
    }
}

/// The limits, as configured.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Policy {
    /// Connections one address may have open at once (at least 1).
    pub max_connections_per_address: usize,
    /// One device-code request per address per this interval, after a
    /// burst of [`CODE_BURST`]; zero turns the limit off.
    pub code_interval: Duration,
    /// One poll per device code per this interval (with half an interval
    /// of tolerance for network jitter); zero turns the limit off.
    pub poll_interval: Duration,
    /// Distinct device codes one address may poll within
    /// [`SIGN_IN_WINDOW`] (at least 1).
    pub sign_ins_per_address: usize,
    /// Entries each table keeps at most.
    pub max_tracked: usize,
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            max_connections_per_address: 8,
            code_interval: Duration::from_secs(10),
            poll_interval: Duration::from_secs(5),
            sign_ins_per_address: 5,
            max_tracked: MAX_TRACKED,
        }
    }
}

/// What the limits say about one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Forward it.
    Allow,
    /// Too many device-code requests from this address; it may ask again
    /// after `retry_after`.
    CodeTooSoon { retry_after: Duration },
    /// This sign-in was polled faster than `interval`: answer GitHub's
    /// `slow_down` with that interval.
    SlowDown { interval: Duration },
    /// This address already polls as many sign-ins as it may; a new one is
    /// possible after `retry_after`.
    TooManySignIns { retry_after: Duration },
}

/// A paced key: the instant its bucket is full again.
#[derive(Debug, Clone, Copy)]
struct Pace {
    due: Instant,
}

impl Pace {
    /// Lets a request through at `now` (moving `due` one `interval` on), or
    /// says how long until it would be let through.
    fn admit(
        slot: Option<&mut Pace>,
        now: Instant,
        interval: Duration,
        tolerance: Duration,
    ) -> Result<Pace, Duration> {
        let due = slot.map_or(now, |p| p.due.max(now));
        let earliest = due.checked_sub(tolerance).unwrap_or(now);
        if now >= earliest {
            Ok(Pace {
                due: due + interval,
            })
        } else {
            Err(earliest - now)
        }
    }
}

/// The sign-ins (keyed hashes of device codes) one address has polled, with
/// when each was last polled.
#[derive(Debug, Clone, Default)]
struct SignIns {
    codes: Vec<(u64, Instant)>,
}

impl SignIns {
    fn forget_expired(&mut self, now: Instant) {
        self.codes
            .retain(|(_, seen)| now.saturating_duration_since(*seen) < SIGN_IN_WINDOW);
    }
}

/// What a table needs to know to drop entries.
trait Tracked {
    /// Dropping it changes no decision.
    fn stale(&self, now: Instant) -> bool;
    /// When it was last used (older entries go first when a table is full).
    fn recency(&self) -> Option<Instant>;
}

impl Tracked for Pace {
    fn stale(&self, now: Instant) -> bool {
        self.due <= now
    }
    fn recency(&self) -> Option<Instant> {
        Some(self.due)
    }
}

impl Tracked for SignIns {
    fn stale(&self, now: Instant) -> bool {
        self.codes
            .iter()
            .all(|(_, seen)| now.saturating_duration_since(*seen) >= SIGN_IN_WINDOW)
    }
    fn recency(&self) -> Option<Instant> {
        self.codes.iter().map(|(_, seen)| *seen).max()
    }
}

/// A map that never holds more than `cap` entries.
#[derive(Debug)]
struct Table<K, V> {
    map: HashMap<K, V>,
    cap: usize,
}

impl<K: Hash + Eq + Copy, V: Tracked> Table<K, V> {
    fn new(cap: usize) -> Self {
        Table {
            map: HashMap::new(),
            cap: cap.max(1),
        }
    }

    /// Stores `value` under `key`, first making room if `key` is new and
    /// the table is full: stale entries go, then the least recently used.
    fn put(&mut self, key: K, value: V, now: Instant) {
        if !self.map.contains_key(&key) && self.map.len() >= self.cap {
            self.map.retain(|_, v| !v.stale(now));
            if self.map.len() >= self.cap {
                let oldest = self
                    .map
                    .iter()
                    .min_by_key(|(_, v)| v.recency())
                    .map(|(k, _)| *k);
                if let Some(oldest) = oldest {
                    self.map.remove(&oldest);
                }
            }
        }
        self.map.insert(key, value);
    }
}

/// The request limits' state: device-code pacing per address, poll pacing
/// per sign-in, and the sign-ins each address polls.
#[derive(Debug)]
pub struct Limits {
    policy: Policy,
    hasher: RandomState,
    codes: Table<ClientKey, Pace>,
    polls: Table<u64, Pace>,
    sign_ins: Table<ClientKey, SignIns>,
}

impl Limits {
    pub fn new(policy: Policy) -> Self {
        Limits {
            policy,
            hasher: RandomState::new(),
            codes: Table::new(policy.max_tracked),
            polls: Table::new(policy.max_tracked),
            sign_ins: Table::new(policy.max_tracked),
        }
    }

    /// The policy these limits apply.
    pub fn policy(&self) -> &Policy {
        &self.policy
    }

    /// A `POST /login/device/code` from `client` at `now`.
    pub fn device_code(&mut self, client: ClientKey, now: Instant) -> Verdict {
        let interval = self.policy.code_interval;
        if interval.is_zero() {
            return Verdict::Allow;
        }
        let tolerance = interval * (CODE_BURST - 1);
        match Pace::admit(self.codes.map.get_mut(&client), now, interval, tolerance) {
            Ok(pace) => {
                self.codes.put(client, pace, now);
                Verdict::Allow
            }
            Err(retry_after) => Verdict::CodeTooSoon { retry_after },
        }
    }

    /// A `POST /login/oauth/access_token` from `client` at `now` polling
    /// `device_code` (`None` when the body named none: that counts as one
    /// more sign-in of its own).
    pub fn poll(&mut self, client: ClientKey, device_code: Option<&str>, now: Instant) -> Verdict {
        let code = self.hasher.hash_one(device_code);
        let max = self.policy.sign_ins_per_address.max(1);
        let mut mine = self.sign_ins.map.remove(&client).unwrap_or_default();
        mine.forget_expired(now);
        let known = mine.codes.iter().any(|(c, _)| *c == code);
        let verdict = if !known && mine.codes.len() >= max {
            let oldest = mine.codes.iter().map(|(_, seen)| *seen).min();
            let retry_after = oldest.map_or(SIGN_IN_WINDOW, |seen| {
                (seen + SIGN_IN_WINDOW).saturating_duration_since(now)
            });
            Verdict::TooManySignIns { retry_after }
        } else {
            self.pace_poll(code, now)
        };
        if verdict == Verdict::Allow {
            mine.codes.retain(|(c, _)| *c != code);
            mine.codes.push((code, now));
        }
        if !mine.codes.is_empty() {
            self.sign_ins.put(client, mine, now);
        }
        verdict
    }

    fn pace_poll(&mut self, code: u64, now: Instant) -> Verdict {
        let interval = self.policy.poll_interval;
        if interval.is_zero() {
            return Verdict::Allow;
        }
        match Pace::admit(self.polls.map.get_mut(&code), now, interval, interval / 2) {
            Ok(pace) => {
                self.polls.put(code, pace, now);
                Verdict::Allow
            }
            Err(_) => Verdict::SlowDown { interval },
        }
    }

    /// Entries held, over all tables (for tests of the memory bound).
    pub fn tracked(&self) -> usize {
        self.codes.map.len() + self.polls.map.len() + self.sign_ins.map.len()
    }
}

/// Open connections per client address. An entry exists only while its
/// address has a connection open, so the table is bounded by the number of
/// connections the server accepts at once.
#[derive(Debug)]
pub struct Connections {
    per_address: usize,
    open: HashMap<ClientKey, usize>,
}

impl Connections {
    pub fn new(per_address: usize) -> Self {
        Connections {
            per_address: per_address.max(1),
            open: HashMap::new(),
        }
    }

    /// Counts a new connection from `client`, or refuses it (`false`) when
    /// that address already has as many open as it may.
    pub fn open(&mut self, client: ClientKey) -> bool {
        let count = self.open.entry(client).or_insert(0);
        if *count >= self.per_address {
            return false;
        }
        *count += 1;
        true
    }

    /// A connection from `client` ended.
    pub fn close(&mut self, client: ClientKey) {
        if let Some(count) = self.open.get_mut(&client) {
            *count = count.saturating_sub(1);
            if *count == 0 {
                self.open.remove(&client);
            }
        }
    }

    /// Addresses with a connection open.
    pub fn addresses(&self) -> usize {
        self.open.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(start: Instant, ms: u64) -> Instant {
        start + Duration::from_millis(ms)
    }

    fn client(last: u8) -> ClientKey {
        ClientKey::of(IpAddr::from([192, 0, 2, last]))
    }

    fn policy() -> Policy {
        Policy {
            max_connections_per_address: 2,
            code_interval: Duration::from_secs(10),
            poll_interval: Duration::from_secs(5),
            sign_ins_per_address: 2,
            max_tracked: MAX_TRACKED,
        }
    }

    #[test]
    fn ipv6_counts_by_network_and_mapped_v4_as_v4() {
        let a: IpAddr = "2001:db8:1:2::1".parse().unwrap();
        let b: IpAddr = "2001:db8:1:2:ffff::9".parse().unwrap();
        let c: IpAddr = "2001:db8:1:3::1".parse().unwrap();
        assert_eq!(ClientKey::of(a), ClientKey::of(b));
        assert_ne!(ClientKey::of(a), ClientKey::of(c));
        let mapped: IpAddr = "::ffff:192.0.2.7".parse().unwrap();
        assert_eq!(ClientKey::of(mapped), client(7));
    }

    #[test]
    fn device_codes_allow_a_burst_then_one_per_interval() {
        let t = Instant::now();
        let mut limits = Limits::new(policy());
        for _ in 0..CODE_BURST {
            assert_eq!(limits.device_code(client(1), t), Verdict::Allow);
        }
        match limits.device_code(client(1), t) {
            Verdict::CodeTooSoon { retry_after } => {
                assert_eq!(retry_after, Duration::from_secs(10))
            }
            other => panic!("{other:?}"),
        }
        // Another address has its own bucket.
        assert_eq!(limits.device_code(client(2), t), Verdict::Allow);
        // One more after an interval, and only one.
        assert!(matches!(
            limits.device_code(client(1), at(t, 9_999)),
            Verdict::CodeTooSoon { .. }
        ));
        assert_eq!(limits.device_code(client(1), at(t, 10_000)), Verdict::Allow);
        assert!(matches!(
            limits.device_code(client(1), at(t, 10_000)),
            Verdict::CodeTooSoon { .. }
        ));
    }

    #[test]
    fn zero_code_interval_is_no_limit() {
        let t = Instant::now();
        let mut limits = Limits::new(Policy {
            code_interval: Duration::ZERO,
            ..policy()
        });
        for _ in 0..100 {
            assert_eq!(limits.device_code(client(1), t), Verdict::Allow);
        }
        assert_eq!(limits.tracked(), 0);
    }

    #[test]
    fn polls_faster_than_the_interval_get_slow_down() {
        let t = Instant::now();
        let mut limits = Limits::new(policy());
        let slow = Verdict::SlowDown {
            interval: Duration::from_secs(5),
        };
        assert_eq!(limits.poll(client(1), Some("dc1"), t), Verdict::Allow);
        assert_eq!(limits.poll(client(1), Some("dc1"), at(t, 100)), slow);
        assert_eq!(limits.poll(client(1), Some("dc1"), at(t, 2_000)), slow);
        // Half an interval of jitter is tolerated...
        assert_eq!(
            limits.poll(client(1), Some("dc1"), at(t, 2_500)),
            Verdict::Allow
        );
        // ...but not twice in a row: the pace is kept on average.
        assert_eq!(limits.poll(client(1), Some("dc1"), at(t, 5_000)), slow);
        assert_eq!(
            limits.poll(client(1), Some("dc1"), at(t, 7_500)),
            Verdict::Allow
        );
        // Polling at the interval is always fine.
        for i in 2..20 {
            assert_eq!(
                limits.poll(client(1), Some("dc1"), at(t, 7_500 + i * 5_000)),
                Verdict::Allow
            );
        }
    }

    #[test]
    fn a_sign_in_is_paced_whichever_address_polls_it() {
        let t = Instant::now();
        let mut limits = Limits::new(policy());
        assert_eq!(limits.poll(client(1), Some("dc1"), t), Verdict::Allow);
        assert!(matches!(
            limits.poll(client(2), Some("dc1"), at(t, 10)),
            Verdict::SlowDown { .. }
        ));
        // A different sign-in is paced on its own.
        assert_eq!(
            limits.poll(client(1), Some("dc2"), at(t, 10)),
            Verdict::Allow
        );
    }

    #[test]
    fn one_address_polls_only_so_many_sign_ins() {
        let t = Instant::now();
        let mut limits = Limits::new(policy());
        assert_eq!(limits.poll(client(1), Some("a"), t), Verdict::Allow);
        assert_eq!(limits.poll(client(1), None, at(t, 1_000)), Verdict::Allow);
        match limits.poll(client(1), Some("c"), at(t, 2_000)) {
            Verdict::TooManySignIns { retry_after } => {
                assert_eq!(retry_after, SIGN_IN_WINDOW - Duration::from_secs(2))
            }
            other => panic!("{other:?}"),
        }
        // The ones it has go on; another address may start its own.
        assert_eq!(
            limits.poll(client(1), Some("a"), at(t, 5_000)),
            Verdict::Allow
        );
        assert_eq!(
            limits.poll(client(2), Some("c"), at(t, 5_000)),
            Verdict::Allow
        );
        // Once a sign-in has not been polled for the window, it no longer counts.
        let later = t + SIGN_IN_WINDOW + Duration::from_secs(1);
        assert_eq!(limits.poll(client(1), Some("d"), later), Verdict::Allow);
    }

    #[test]
    fn refused_polls_do_not_count_as_sign_ins() {
        let t = Instant::now();
        let mut limits = Limits::new(policy());
        assert_eq!(limits.poll(client(2), Some("x"), t), Verdict::Allow);
        // client 1 polls x too fast: refused, and x is not one of its sign-ins.
        assert!(matches!(
            limits.poll(client(1), Some("x"), t),
            Verdict::SlowDown { .. }
        ));
        assert_eq!(limits.poll(client(1), Some("a"), t), Verdict::Allow);
        assert_eq!(limits.poll(client(1), Some("b"), t), Verdict::Allow);
    }

    #[test]
    fn memory_is_bounded_and_stale_entries_go_first() {
        let t = Instant::now();
        let mut limits = Limits::new(Policy {
            max_tracked: 4,
            sign_ins_per_address: 1000,
            ..policy()
        });
        for i in 0..50u8 {
            limits.device_code(client(i), at(t, u64::from(i)));
            limits.poll(client(i), Some(&format!("code{i}")), at(t, u64::from(i)));
            assert!(limits.tracked() <= 12, "{}", limits.tracked());
        }
        // A full table keeps its newest entries: the last client is still
        // paced, the first one was dropped (and starts afresh).
        assert!(matches!(
            limits.poll(client(49), Some("code49"), at(t, 60)),
            Verdict::SlowDown { .. }
        ));
        assert_eq!(
            limits.poll(client(0), Some("code0"), at(t, 60)),
            Verdict::Allow
        );
    }

    #[test]
    fn connections_are_counted_per_address_and_released() {
        let mut open = Connections::new(2);
        assert!(open.open(client(1)));
        assert!(open.open(client(1)));
        assert!(!open.open(client(1)), "a third one from the same address");
        assert!(open.open(client(2)), "another address is not affected");
        open.close(client(1));
        assert!(open.open(client(1)), "a freed slot can be used again");
        open.close(client(1));
        open.close(client(1));
        open.close(client(2));
        assert_eq!(open.addresses(), 0, "closed addresses are forgotten");
    }
}
