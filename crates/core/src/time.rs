//! Dates as GitHub writes them (`2025-04-02T08:00:00Z`), read into Unix
//! milliseconds without a date library. The core never reads a clock: "now"
//! is always passed in.

/// Milliseconds in a day.
pub const DAY_MS: u64 = 86_400_000;

/// Days since 1970-01-01 of a proleptic Gregorian date (valid for years ≥ 1970).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Reads `YYYY-MM-DDTHH:MM:SS` followed by `Z`, `+00:00` or fractional
/// seconds, as UTC; `None` for anything else (other offsets included).
pub fn parse_utc(text: &str) -> Option<u64> {
    let t = text.trim();
    let b = t.as_bytes();
    if b.len() < 19 || b[4] != b'-' || b[7] != b'-' || !matches!(b[10], b'T' | b't' | b' ') {
        return None;
    }
    if b[13] != b':' || b[16] != b':' {
        return None;
    }
    let num = |range: std::ops::Range<usize>| -> Option<i64> {
        let s = t.get(range)?;
        s.bytes()
            .all(|c| c.is_ascii_digit())
            .then(|| s.parse().ok())
            .flatten()
    };
    let (year, month, day) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let (hour, minute, second) = (num(11..13)?, num(14..16)?, num(17..19)?);
    let rest = t.get(19..)?;
    let rest = match rest.strip_prefix('.') {
        Some(frac) => frac.trim_start_matches(|c: char| c.is_ascii_digit()),
        None => rest,
    };
    if !matches!(rest, "Z" | "z" | "+00:00" | "") {
        return None;
    }
    let valid = year >= 1970
        && (1..=12).contains(&month)
        && (1..=31).contains(&day)
        && hour < 24
        && minute < 60
        && second < 61;
    if !valid {
        return None;
    }
    let days = days_from_civil(year, month, day);
    let secs = days * 86_400 + hour * 3_600 + minute * 60 + second;
    u64::try_from(secs).ok().map(|s| s * 1000)
}

/// The civil date of a day count since 1970-01-01.
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// `2026-11-26 16:47 UTC` for Unix milliseconds.
pub fn format_utc(ms: u64) -> String {
    let secs = i64::try_from(ms / 1000).unwrap_or(i64::MAX / 2);
    let (days, rest) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02} {:02}:{:02} UTC",
        rest / 3_600,
        rest % 3_600 / 60
    )
}

/// `2026-11-26`: the UTC calendar day of Unix milliseconds.
pub fn format_utc_date(ms: u64) -> String {
    let days = i64::try_from(ms / DAY_MS).unwrap_or(i64::MAX / 2);
    let (y, m, d) = civil_from_days(days);
    format!("{y:04}-{m:02}-{d:02}")
}

/// Whole days from `then_ms` to `now_ms` (0 when `then` is in the future).
pub fn days_between(then_ms: u64, now_ms: u64) -> u64 {
    now_ms.saturating_sub(then_ms) / DAY_MS
}

/// The date part `YYYY-MM-DD` of an RFC 3339 text, if it has one.
pub fn date_part(text: &str) -> &str {
    text.get(..10).unwrap_or(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_dates() {
        assert_eq!(parse_utc("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(parse_utc("2025-04-02T08:00:00Z"), Some(1_743_580_800_000));
        assert_eq!(
            parse_utc("2024-02-29T23:59:59.123Z"),
            Some(1_709_251_199_000)
        );
        assert_eq!(
            parse_utc("2026-11-26T00:00:00+00:00"),
            Some(1_795_651_200_000)
        );
    }

    #[test]
    fn refuses_garbage_without_panicking() {
        for bad in [
            "",
            "2025",
            "2025-13-01T00:00:00Z",
            "2025-04-02T08:00:00+02:00",
            "yyyy-mm-ddThh:mm:ssZ",
            "2025-04-02T08:00",
            "é025-04-02T08:00:00Z",
        ] {
            assert_eq!(parse_utc(bad), None, "{bad}");
        }
    }

    #[test]
    fn formats_and_reads_back() {
        assert_eq!(format_utc(0), "1970-01-01 00:00 UTC");
        assert_eq!(format_utc(1_795_653_420_000), "2026-11-26 00:37 UTC");
        for ms in [0u64, 951_782_400_000, 1_709_251_199_000, 4_102_444_800_000] {
            let text = format_utc(ms);
            let iso = format!("{}T{}:00Z", &text[..10], &text[11..16]);
            assert_eq!(parse_utc(&iso), Some(ms - ms % 60_000), "{text}");
        }
    }

    #[test]
    fn days() {
        assert_eq!(days_between(0, 3 * DAY_MS + 5), 3);
        assert_eq!(days_between(10, 0), 0);
    }
}
