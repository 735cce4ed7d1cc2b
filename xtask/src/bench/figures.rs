//! The browser figures `tests/e2e/bench.mjs` writes as JSON, read into
//! types, and the spread (median, min, max) of a figure over the runs.

use serde_json::Value;

/// Median, smallest and largest of a figure over the runs.
#[derive(Clone, Copy)]
pub struct Spread {
    pub median: f64,
    pub min: f64,
    pub max: f64,
}

impl Spread {
    /// The spread of `values`; `None` when there are none (or one is not a
    /// number).
    pub fn of(values: &[f64]) -> Option<Spread> {
        if values.is_empty() || values.iter().any(|v| !v.is_finite()) {
            return None;
        }
        let mut sorted = values.to_vec();
        sorted.sort_by(f64::total_cmp);
        let n = sorted.len();
        let median = if n % 2 == 1 {
            sorted[n / 2]
        } else {
            (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0
        };
        Some(Spread {
            median,
            min: sorted[0],
            max: sorted[n - 1],
        })
    }
}

/// What the fake GitHub and the page saw during one check or re-check.
pub struct ApiRun {
    /// From the click to the complete checklist, measured in the page.
    pub wall_ms: f64,
    /// API requests (preflights not counted).
    pub requests: f64,
    /// Of those, look-ups of the pinned actions' versions.
    pub pin_lookups: f64,
    /// Of those, answered `304 Not Modified`.
    pub not_modified: f64,
    /// CORS preflight requests (answered by the fake without added latency).
    pub preflights: f64,
    /// Most API requests the page had open at once (issued, not yet
    /// finished, some perhaps waiting for a connection).
    pub max_open: f64,
    /// Most API requests on the wire at once (sent, answer not yet complete),
    /// from each request's own timing.
    pub max_on_wire: f64,
    /// How many requests had that timing (the rest are not in `max_on_wire`).
    pub timed: f64,
    /// Primary rate-limit points the token spent.
    pub rate_spent: f64,
    /// Anonymous rate-limit points spent (the same address, no token).
    pub anon_rate_spent: f64,
}

/// A first visit straight to one address of the app.
pub struct DeepLink {
    pub name: String,
    pub hash: String,
    /// Navigation start → the page's `main h1`, per run.
    pub ms: Vec<f64>,
    /// Files fetched from the app's own origin.
    pub files: Vec<String>,
}

/// Everything the browser measured.
pub struct Figures {
    pub chromium: String,
    pub latency_ms: f64,
    pub repo: String,
    pub check: Vec<ApiRun>,
    pub recheck: Vec<ApiRun>,
    pub check_cpu: Vec<ApiRun>,
    pub recheck_cpu: Vec<ApiRun>,
    pub home_app_ms: Vec<f64>,
    pub home_counter_ms: Vec<f64>,
    pub deep_links: Vec<DeepLink>,
    pub counter_files: Vec<String>,
}

impl Figures {
    pub fn parse(text: &str) -> Result<Figures, String> {
        let v: Value =
            serde_json::from_str(text).map_err(|e| format!("the browser figures: {e}"))?;
        let runs = |key: &str| -> Result<Vec<ApiRun>, String> {
            array(&v, key)?.iter().map(ApiRun::parse).collect()
        };
        let home = field(&v, "home")?;
        Ok(Figures {
            chromium: string(&v, "chromium")?,
            latency_ms: number(&v, "latency_ms")?,
            repo: string(&v, "repo")?,
            check: runs("check")?,
            recheck: runs("recheck")?,
            check_cpu: runs("check_cpu")?,
            recheck_cpu: runs("recheck_cpu")?,
            home_app_ms: numbers(home, "app_ms")?,
            home_counter_ms: numbers(home, "counter_ms")?,
            deep_links: array(&v, "deep_links")?
                .iter()
                .map(DeepLink::parse)
                .collect::<Result<_, _>>()?,
            counter_files: strings(&v, "counter_files")?,
        })
    }
}

impl ApiRun {
    fn parse(v: &Value) -> Result<ApiRun, String> {
        Ok(ApiRun {
            wall_ms: number(v, "wall_ms")?,
            requests: number(v, "requests")?,
            pin_lookups: number(v, "pin_lookups")?,
            not_modified: number(v, "not_modified")?,
            preflights: number(v, "preflights")?,
            max_open: number(v, "max_open")?,
            max_on_wire: number(v, "max_on_wire")?,
            timed: number(v, "timed")?,
            rate_spent: number(v, "rate_spent")?,
            anon_rate_spent: number(v, "anon_rate_spent")?,
        })
    }
}

impl DeepLink {
    fn parse(v: &Value) -> Result<DeepLink, String> {
        Ok(DeepLink {
            name: string(v, "name")?,
            hash: string(v, "hash")?,
            ms: numbers(v, "ms")?,
            files: strings(v, "files")?,
        })
    }
}

fn field<'a>(v: &'a Value, key: &str) -> Result<&'a Value, String> {
    v.get(key)
        .ok_or_else(|| format!("the browser figures have no `{key}`"))
}

fn number(v: &Value, key: &str) -> Result<f64, String> {
    field(v, key)?
        .as_f64()
        .ok_or_else(|| format!("`{key}` in the browser figures is not a number"))
}

fn string(v: &Value, key: &str) -> Result<String, String> {
    field(v, key)?
        .as_str()
        .map(str::to_string)
        .ok_or_else(|| format!("`{key}` in the browser figures is not text"))
}

fn array<'a>(v: &'a Value, key: &str) -> Result<&'a Vec<Value>, String> {
    field(v, key)?
        .as_array()
        .ok_or_else(|| format!("`{key}` in the browser figures is not a list"))
}

fn numbers(v: &Value, key: &str) -> Result<Vec<f64>, String> {
    array(v, key)?
        .iter()
        .map(|n| {
            n.as_f64()
                .ok_or_else(|| format!("`{key}` in the browser figures holds a non-number"))
        })
        .collect()
}

fn strings(v: &Value, key: &str) -> Result<Vec<String>, String> {
    array(v, key)?
        .iter()
        .map(|n| {
            n.as_str()
                .map(str::to_string)
                .ok_or_else(|| format!("`{key}` in the browser figures holds a non-text"))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spread_takes_the_middle_or_the_mean_of_the_two_middles() {
        let odd = Spread::of(&[5.0, 1.0, 3.0]).unwrap();
        assert_eq!((odd.median, odd.min, odd.max), (3.0, 1.0, 5.0));
        let even = Spread::of(&[4.0, 1.0, 2.0, 10.0]).unwrap();
        assert_eq!((even.median, even.min, even.max), (3.0, 1.0, 10.0));
        assert!(Spread::of(&[]).is_none());
        assert!(Spread::of(&[1.0, f64::NAN]).is_none());
    }

    const RUN: &str = r#"{"wall_ms": 1458.2, "requests": 31, "pin_lookups": 7, "not_modified": 0,
        "preflights": 31, "max_open": 10, "max_on_wire": 6, "timed": 31, "rate_spent": 31, "anon_rate_spent": 0}"#;

    fn sample(without: &str) -> String {
        let fields = [
            ("chromium", r#""140.0""#.to_string()),
            ("latency_ms", "200".into()),
            ("repo", r#""demo-org/ready-app""#.into()),
            ("check", format!("[{RUN}]")),
            ("recheck", format!("[{RUN}]")),
            ("check_cpu", format!("[{RUN}]")),
            ("recheck_cpu", format!("[{RUN}]")),
            ("home", r#"{"app_ms": [300.5, 310], "counter_ms": [80]}"#.into()),
            (
                "deep_links",
                r##"[{"name": "check", "hash": "#/check/a/b", "ms": [400], "files": ["index.html"]}]"##.into(),
            ),
            ("counter_files", r#"["index.html"]"#.into()),
        ];
        let body: Vec<String> = fields
            .iter()
            .filter(|(k, _)| *k != without)
            .map(|(k, v)| format!("\"{k}\": {v}"))
            .collect();
        format!("{{{}}}", body.join(", "))
    }

    #[test]
    fn figures_are_read_and_a_missing_field_is_named() {
        let f = Figures::parse(&sample("")).unwrap();
        assert_eq!(f.latency_ms, 200.0);
        assert_eq!(f.check[0].wall_ms, 1458.2);
        assert_eq!(f.recheck_cpu[0].max_on_wire, 6.0);
        assert_eq!(f.home_app_ms, [300.5, 310.0]);
        assert_eq!(f.deep_links[0].files, ["index.html"]);
        for key in ["latency_ms", "recheck", "home", "counter_files"] {
            let err = Figures::parse(&sample(key)).err().unwrap_or_default();
            assert!(err.contains(key), "{key}: {err}");
        }
        let err = Figures::parse(&sample("").replace("1458.2", "\"slow\""))
            .err()
            .unwrap_or_default();
        assert!(err.contains("wall_ms"), "{err}");
        assert!(Figures::parse("not json").is_err());
    }
}
