//! A read-only code view with line numbers and light YAML highlighting
//! (keys, quoted strings, comments). Line numbers come from CSS counters so
//! copying the text never copies them.

use leptos::prelude::*;

/// One highlighted piece of a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    pub class: &'static str,
    pub text: String,
}

/// Splits one YAML line into highlighted tokens. Plain text has class "".
pub fn highlight_line(line: &str) -> Vec<Token> {
    let comment_at = comment_start(line);
    let (code, comment) = line.split_at(comment_at.unwrap_or(line.len()));
    let mut out = Vec::new();
    let indent_len = code.len() - code.trim_start().len();
    let (indent, rest) = code.split_at(indent_len);
    let (dash, rest) = match rest.strip_prefix("- ") {
        Some(r) => (&code[indent_len..indent_len + 2], r),
        None => ("", rest),
    };
    push(&mut out, "", &format!("{indent}{dash}"));
    let key_len = rest.find(':').filter(|&i| {
        i > 0
            && rest[..i]
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | '/'))
            && rest[i + 1..].chars().next().is_none_or(|c| c == ' ')
    });
    let value = match key_len {
        Some(i) => {
            push(&mut out, "tok-key", &rest[..i]);
            push(&mut out, "", ":");
            &rest[i + 1..]
        }
        None => rest,
    };
    let trimmed = value.trim_start();
    if trimmed.starts_with('\'') || trimmed.starts_with('"') {
        let lead = &value[..value.len() - trimmed.len()];
        push(&mut out, "", lead);
        push(&mut out, "tok-str", trimmed);
    } else {
        push(&mut out, "", value);
    }
    push(&mut out, "tok-comment", comment);
    out
}

fn push(out: &mut Vec<Token>, class: &'static str, text: &str) {
    if !text.is_empty() {
        out.push(Token {
            class,
            text: text.to_string(),
        });
    }
}

/// Byte index of a `#` that starts a comment (at line start or after a space,
/// outside quotes).
fn comment_start(line: &str) -> Option<usize> {
    let mut quote: Option<char> = None;
    let mut prev = ' ';
    for (i, c) in line.char_indices() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == '\'' || c == '"' => quote = Some(c),
            None if c == '#' && (prev == ' ' || i == 0) => return Some(i),
            None => {}
        }
        prev = c;
    }
    None
}

/// Shows `text` with line numbers. `label` names the region for screen readers.
#[component]
pub fn CodeView(#[prop(into)] text: Signal<String>, label: &'static str) -> impl IntoView {
    view! {
        <pre class="code" tabindex="0" role="region" aria-label=label>
            <code>
                {move || text.with(|t| t.lines().map(|line| {
                    let tokens = highlight_line(line);
                    view! {
                        <span class="ln">
                            {tokens.into_iter().map(|t| if t.class.is_empty() {
                                view! { <span>{t.text}</span> }.into_any()
                            } else {
                                view! { <span class=t.class>{t.text}</span> }.into_any()
                            }).collect_view()}
                            "\n"
                        </span>
                    }
                }).collect_view())}
            </code>
        </pre>
    }
}
