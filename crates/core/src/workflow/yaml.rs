//! Writing YAML text: scalar quoting and an indented line builder.
//!
//! Every value a person typed goes through [`quote`], so no input can end a
//! scalar early, start a comment, or become a mapping key.

/// Quote any string as a YAML scalar that parses back to exactly that string.
///
/// Printable text uses the single-quoted style (`'` doubled); text with
/// control or line-breaking characters uses the double-quoted style with escapes.
pub fn quote(value: &str) -> String {
    if value.chars().all(is_plain_printable) {
        format!("'{}'", value.replace('\'', "''"))
    } else {
        double_quote(value)
    }
}

/// Characters that stand for themselves inside a single-quoted scalar.
fn is_plain_printable(c: char) -> bool {
    let line_break = matches!(c, '\u{85}' | '\u{2028}' | '\u{2029}');
    let non_printable = matches!(c, '\u{feff}' | '\u{fffe}' | '\u{ffff}');
    !c.is_control() && !line_break && !non_printable
}

fn double_quote(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('"');
    for c in value.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if is_plain_printable(c) => out.push(c),
            c if (c as u32) <= 0xFFFF => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push_str(&format!("\\U{:08X}", c as u32)),
        }
    }
    out.push('"');
    out
}

/// Builds YAML text line by line with two-space indentation.
#[derive(Debug, Default)]
pub struct Lines {
    text: String,
}

impl Lines {
    /// A line at `level` levels of indentation.
    pub fn line(&mut self, level: usize, content: &str) {
        for _ in 0..level {
            self.text.push_str("  ");
        }
        self.text.push_str(content);
        self.text.push('\n');
    }

    /// A `# comment` line at `level`.
    pub fn comment(&mut self, level: usize, content: &str) {
        self.line(level, &format!("# {content}"));
    }

    /// An empty line.
    pub fn blank(&mut self) {
        self.text.push('\n');
    }

    /// The finished text.
    pub fn finish(self) -> String {
        self.text
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use yaml_rust2::YamlLoader;

    fn round_trip(value: &str) -> Option<String> {
        let doc = format!("k: {}\n", quote(value));
        let docs = YamlLoader::load_from_str(&doc).ok()?;
        docs.first()?["k"].as_str().map(str::to_string)
    }

    #[test]
    fn quoting_survives_hostile_text() {
        for v in [
            "",
            "a",
            "it's",
            "''",
            "#x",
            "a: b",
            "- x",
            "${{ secrets.X }}",
            "\n",
            "a\nb",
            "tab\there",
            "\"",
            "\\",
            "\u{85}",
            "\u{2028}",
            "\u{feff}x",
            "\u{7}",
            "😀",
            " lead",
            "trail ",
            "null",
            "true",
            "*a",
            "&a",
            "!t",
        ] {
            assert_eq!(round_trip(v).as_deref(), Some(v), "{v:?} -> {}", quote(v));
        }
    }

    proptest::proptest! {
        #[test]
        fn quote_round_trips_any_string(v in "\\PC*|.*|[\\x00-\\x7f]*") {
            proptest::prop_assert_eq!(round_trip(&v), Some(v.clone()));
        }
    }
}
