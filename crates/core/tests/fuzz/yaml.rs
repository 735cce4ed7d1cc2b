//! YAML-shaped text for the analyzer target, built from a small grammar:
//! block and flow mappings and sequences, plain, quoted and block scalars,
//! anchors, aliases, merge keys, tags, `${{ }}` expressions and long lines,
//! with keys drawn mostly from a workflow's vocabulary so that many inputs
//! get past "is this a workflow" into the rules. Also the hostile shapes:
//! nesting deeper than the analyzer's cap, alias bombs, and inputs at and
//! just over the 256 KiB limit.

use ghcr_setup_core::analyze::MAX_INPUT_BYTES;
use proptest::prelude::*;

/// A scalar, before rendering.
#[derive(Debug, Clone)]
pub enum Scalar {
    Plain(String),
    Single(String),
    Double(String),
    /// `|` or `>` block scalar with its chomping indicator.
    Block(char, &'static str, Vec<String>),
    Expr(&'static str),
    /// One character repeated: a long line.
    Long(char, usize),
}

/// A YAML node, before rendering.
#[derive(Debug, Clone)]
pub enum Node {
    Scalar(Scalar),
    Alias(u8),
    Anchored(u8, Box<Node>),
    Tagged(&'static str, Box<Node>),
    Map(Vec<(Key, Node)>, bool),
    Seq(Vec<Node>, bool),
}

/// A mapping key.
#[derive(Debug, Clone)]
pub enum Key {
    Word(&'static str),
    Scalar(Scalar),
    /// `<<` (a merge key).
    Merge,
    /// `? key` with a collection as key.
    Complex(Box<Node>),
}

/// Keys of a GitHub Actions workflow.
const WORDS: &[&str] = &[
    "on",
    "jobs",
    "name",
    "permissions",
    "env",
    "steps",
    "uses",
    "with",
    "run",
    "runs-on",
    "if",
    "needs",
    "strategy",
    "matrix",
    "include",
    "registry",
    "username",
    "password",
    "tags",
    "images",
    "push",
    "context",
    "file",
    "platforms",
    "cache-from",
    "cache-to",
    "packages",
    "contents",
    "id-token",
    "attestations",
    "push",
    "pull_request",
    "pull_request_target",
    "workflow_dispatch",
    "branches",
    "workflow_call",
    "secrets",
    "outputs",
    "id",
    "set",
    "targets",
    "labels",
    "group",
    "container",
    "services",
    "concurrency",
    "defaults",
    "shell",
    "IMAGE",
    "REGISTRY",
    "IMAGE_NAME",
];

/// Values a workflow's scalars often hold.
const VALUES: &[&str] = &[
    "ghcr.io",
    "ghcr.io/",
    "ghcr.io/o/r",
    "ghcr.io/O/R:latest",
    "docker.io",
    "write",
    "read",
    "read-all",
    "write-all",
    "none",
    "true",
    "false",
    "ubuntu-latest",
    "self-hosted",
    "main",
    "docker/login-action@v3",
    "docker/build-push-action@v6",
    "docker/metadata-action@902fa8ec7d6ecbf8d84d538b9b233a880e428804",
    "docker/setup-buildx-action@v3",
    "actions/checkout@v4",
    "./local-action",
    "docker://alpine:3",
    "o/r/.github/workflows/build.yml@main",
    "type=gha",
    "type=gha,mode=max",
    "docker push ghcr.io/$IMAGE",
    "echo $T | docker login ghcr.io -u x --password-stdin",
    "linux/amd64,linux/arm64",
    "*.tags=x",
    "~",
    "null",
    "",
    "0",
    "-1",
    "1e3",
    "0x1F",
    ".inf",
];

/// `${{ }}` expressions, whole and broken.
const EXPRS: &[&str] = &[
    "${{ github.repository }}",
    "${{ github.repository_owner }}",
    "${{ env.IMAGE }}",
    "${{ env.IMAGE_NAME }}",
    "${{ secrets.GITHUB_TOKEN }}",
    "${{ secrets.CR_PAT || secrets.GITHUB_TOKEN }}",
    "${{ github.actor }}",
    "${{ steps.meta.outputs.tags }}",
    "${{ matrix.image }}",
    "${{ github.event_name != 'pull_request' }}",
    "${{ fromJSON(needs.a.outputs.b) }}",
    "${{ env.A }}${{ env.B }}",
    "${{",
    "}}",
    "${{ ${{ }} }}",
    "${IMAGE,,}",
    "$(echo x)",
];

const TAGS: &[&str] = &[
    "!!str", "!!map", "!!seq", "!!binary", "!custom", "!<tag:x>", "!",
];

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => proptest::sample::select(VALUES).prop_map(str::to_string),
        2 => "[a-zA-Z0-9_./-]{1,16}",
        1 => any::<String>(),
        1 => "[ -~]{0,24}",
    ]
}

/// Any scalar.
pub fn scalar() -> impl Strategy<Value = Scalar> {
    prop_oneof![
        4 => text().prop_map(Scalar::Plain),
        2 => text().prop_map(Scalar::Single),
        2 => text().prop_map(Scalar::Double),
        1 => (
            prop_oneof![Just('|'), Just('>')],
            proptest::sample::select(&["", "-", "+", "2", "-1"][..]),
            proptest::collection::vec(text(), 0..4)
        )
            .prop_map(|(style, chomp, lines)| Scalar::Block(style, chomp, lines)),
        3 => proptest::sample::select(EXPRS).prop_map(Scalar::Expr),
        1 => (proptest::sample::select(&['a', ' ', '$', '{', '#', '\'', 'é'][..]), 1usize..70_000)
            .prop_map(|(c, n)| Scalar::Long(c, n)),
    ]
}

fn key() -> impl Strategy<Value = Key> {
    prop_oneof![
        6 => proptest::sample::select(WORDS).prop_map(Key::Word),
        1 => text().prop_map(|t| Key::Scalar(Scalar::Plain(t))),
        1 => text().prop_map(|t| Key::Scalar(Scalar::Double(t))),
        1 => proptest::sample::select(EXPRS).prop_map(|e| Key::Scalar(Scalar::Expr(e))),
        1 => Just(Key::Merge),
    ]
}

/// A node of the grammar, up to a modest depth.
pub fn node() -> impl Strategy<Value = Node> {
    let leaf = prop_oneof![
        8 => scalar().prop_map(Node::Scalar),
        2 => (0u8..4).prop_map(Node::Alias),
    ];
    leaf.prop_recursive(8, 96, 6, |inner| {
        prop_oneof![
            4 => (proptest::collection::vec((key(), inner.clone()), 0..6), any::<bool>())
                .prop_map(|(entries, flow)| Node::Map(entries, flow)),
            3 => (proptest::collection::vec(inner.clone(), 0..6), any::<bool>())
                .prop_map(|(items, flow)| Node::Seq(items, flow)),
            1 => (0u8..4, inner.clone()).prop_map(|(n, node)| Node::Anchored(n, Box::new(node))),
            1 => (proptest::sample::select(TAGS), inner.clone())
                .prop_map(|(tag, node)| Node::Tagged(tag, Box::new(node))),
            1 => (inner.clone(), inner).prop_map(|(k, v)| Node::Map(vec![(Key::Complex(Box::new(k)), v)], false)),
        ]
    })
}

/// A workflow-like document: a block mapping at the top, often with `on:`
/// and `jobs:`, its values drawn from [`node`].
pub fn document() -> impl Strategy<Value = String> {
    (
        any::<bool>(),
        prop_oneof![3 => Just(true), 1 => Just(false)],
        proptest::collection::vec((key(), node()), 0..8),
        proptest::collection::vec((proptest::sample::select(WORDS), node()), 0..4),
    )
        .prop_map(|(with_on, with_jobs, entries, jobs)| {
            let mut r = Renderer::default();
            if with_on {
                r.out.push_str("on: [push, pull_request]\n");
            }
            for (k, v) in &entries {
                r.entry(0, k, v);
            }
            if with_jobs {
                r.out.push_str("jobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n");
                for (k, v) in &jobs {
                    r.out.push_str("      - ");
                    r.entry(8, &Key::Word(k), v);
                }
                r.out.push_str("      - uses: docker/login-action@v3\n        with:\n          registry: ghcr.io\n");
            }
            r.out
        })
}

fn pad(out: &mut String, indent: usize) {
    out.extend(std::iter::repeat_n(' ', indent));
}

/// Whether `text` reads back as itself when written as a plain scalar.
fn plain_safe(text: &str) -> bool {
    let Some(first) = text.chars().next() else {
        return false;
    };
    !"-?:,[]{}#&*!|>'\"%@` ".contains(first)
        && !text.ends_with([' ', ':'])
        && !text.contains(": ")
        && !text.contains(" #")
        && !text.contains([',', '[', ']', '{', '}'])
        && text
            .chars()
            .all(|c| c == ' ' || (!c.is_control() && !c.is_whitespace() && c != '\u{feff}'))
}

/// Text fit for a line of a block scalar: printable, no line breaks.
fn block_line(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_control() || (c.is_whitespace() && c != ' ') || c == '\u{feff}' {
                ' '
            } else {
                c
            }
        })
        .collect::<String>()
        .trim_start()
        .to_string()
}

/// Writes the grammar's nodes as YAML text, giving aliases only to anchors
/// already written (a forward alias is a syntax error, which the mutated
/// inputs already cover).
#[derive(Default)]
struct Renderer {
    out: String,
    defined: [bool; 4],
}

impl Renderer {
    fn alias(&mut self, n: u8) {
        if self.defined[usize::from(n % 4)] {
            self.out.push_str(&format!("*a{n}"));
        } else {
            self.out.push_str("null");
        }
    }

    fn key(&mut self, indent: usize, key: &Key) {
        match key {
            Key::Word(w) => self.out.push_str(w),
            Key::Scalar(s) => self.scalar(indent, s, true),
            Key::Merge => self.out.push_str("<<"),
            Key::Complex(node) => {
                self.out.push_str("? ");
                self.flow(node);
                self.out.push('\n');
                pad(&mut self.out, indent);
            }
        }
    }

    /// `key: value` in a block mapping whose entries sit at `indent`; the
    /// caller has already written the indentation of the first line.
    fn entry(&mut self, indent: usize, key: &Key, value: &Node) {
        self.key(indent, key);
        self.out.push(':');
        self.block_value(indent + 2, value);
    }

    /// A value after `key:` or `-`: on the same line when it is a scalar or
    /// a flow collection, else on the following lines at `indent`.
    fn block_value(&mut self, indent: usize, value: &Node) {
        match value {
            Node::Map(entries, false) if !entries.is_empty() => {
                self.out.push('\n');
                for (k, v) in entries {
                    pad(&mut self.out, indent);
                    self.entry(indent, k, v);
                }
            }
            Node::Seq(items, false) if !items.is_empty() => {
                self.out.push('\n');
                for item in items {
                    pad(&mut self.out, indent);
                    self.out.push('-');
                    self.block_value(indent + 2, item);
                }
            }
            Node::Anchored(_, inner) | Node::Tagged(_, inner)
                if matches!(**inner, Node::Alias(_)) =>
            {
                self.block_value(indent, inner);
            }
            Node::Anchored(n, inner) => {
                self.out.push_str(&format!(" &a{n}"));
                self.block_value(indent, inner);
                self.defined[usize::from(n % 4)] = true;
            }
            Node::Tagged(tag, inner) => {
                self.out.push(' ');
                self.out.push_str(tag);
                self.block_value(indent, inner);
            }
            Node::Scalar(s) => {
                self.out.push(' ');
                self.scalar(indent, s, false);
                self.out.push('\n');
            }
            other => {
                self.out.push(' ');
                self.flow(other);
                self.out.push('\n');
            }
        }
    }

    fn flow(&mut self, node: &Node) {
        match node {
            Node::Scalar(s) => self.scalar(0, s, true),
            Node::Alias(n) => self.alias(*n),
            Node::Anchored(_, inner) | Node::Tagged(_, inner)
                if matches!(**inner, Node::Alias(_)) =>
            {
                self.flow(inner);
            }
            Node::Anchored(n, inner) => {
                self.out.push_str(&format!("&a{n} "));
                self.flow(inner);
                self.defined[usize::from(n % 4)] = true;
            }
            Node::Tagged(tag, inner) => {
                self.out.push_str(tag);
                self.out.push(' ');
                self.flow(inner);
            }
            Node::Map(entries, _) => {
                self.out.push('{');
                for (i, (k, v)) in entries.iter().enumerate() {
                    if i > 0 {
                        self.out.push_str(", ");
                    }
                    match k {
                        Key::Word(w) => self.out.push_str(w),
                        Key::Merge => self.out.push_str("<<"),
                        Key::Scalar(s) => self.scalar(0, s, true),
                        Key::Complex(node) => {
                            self.out.push_str("? ");
                            self.flow(node);
                        }
                    }
                    self.out.push_str(": ");
                    self.flow(v);
                }
                self.out.push('}');
            }
            Node::Seq(items, _) => {
                self.out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        self.out.push_str(", ");
                    }
                    self.flow(item);
                }
                self.out.push(']');
            }
        }
    }

    /// A scalar; `inline` inside flow collections and keys, where block
    /// scalars cannot go and plain text must be quoted more often.
    fn scalar(&mut self, indent: usize, scalar: &Scalar, inline: bool) {
        let out = &mut self.out;
        match scalar {
            Scalar::Plain(t) if plain_safe(t) => out.push_str(t),
            Scalar::Expr(e) if !inline && plain_safe(e) => out.push_str(e),
            Scalar::Long(c @ ('a' | 'é'), n) => out.extend(std::iter::repeat_n(*c, *n)),
            Scalar::Single(t) if !t.contains(|c: char| c.is_control() || c == '\u{feff}') => {
                out.push('\'');
                out.push_str(&t.replace('\'', "''"));
                out.push('\'');
            }
            Scalar::Block(style, chomp, lines) if !inline => {
                out.push(*style);
                out.push_str(chomp);
                for line in lines {
                    out.push('\n');
                    pad(out, indent);
                    out.push_str(&block_line(line));
                }
            }
            Scalar::Plain(t) | Scalar::Single(t) | Scalar::Double(t) => {
                out.push('"');
                out.push_str(&escape_double(t));
                out.push('"');
            }
            Scalar::Expr(e) => {
                out.push('"');
                out.push_str(&escape_double(e));
                out.push('"');
            }
            Scalar::Block(_, _, lines) => {
                out.push('"');
                out.push_str(&escape_double(&lines.join(" ")));
                out.push('"');
            }
            Scalar::Long(c, n) => {
                out.push('"');
                out.push_str(&escape_double(&c.to_string()).repeat(*n));
                out.push('"');
            }
        }
    }
}

fn escape_double(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 || c == '\u{7f}' => {
                out.push_str(&format!("\\x{:02x}", c as u32))
            }
            c => out.push(c),
        }
    }
    out
}

/// Nesting `depth` levels deep, each level a block or flow collection:
/// past the analyzer's cap of 64 it must be refused, not overflow the stack.
pub fn deep() -> impl Strategy<Value = String> {
    (1usize..400, proptest::collection::vec(0u8..4, 1..8)).prop_map(|(depth, styles)| {
        let mut out = String::from("jobs:\n");
        let mut closers = String::new();
        let mut indent = 2usize;
        let mut flow = false;
        for level in 0..depth {
            let style = styles[level % styles.len()];
            if flow || style >= 2 {
                out.push_str(if style % 2 == 0 { "[" } else { "{k: " });
                closers.insert(0, if style % 2 == 0 { ']' } else { '}' });
                flow = true;
            } else if style == 0 {
                pad(&mut out, indent);
                out.push_str(&format!("k{level}:\n"));
                indent += 1;
            } else {
                pad(&mut out, indent);
                out.push_str("-\n");
                indent += 2;
            }
        }
        if !flow {
            pad(&mut out, indent);
        }
        out.push('x');
        out.push_str(&closers);
        out.push('\n');
        out
    })
}

/// Anchors that refer to anchors `levels` deep, `width` times each: expanded
/// it would be `width^levels` nodes; the analyzer must not expand it.
pub fn alias_bomb() -> impl Strategy<Value = String> {
    (1usize..40, 2usize..24, 0u8..4).prop_map(|(levels, width, place)| {
        let mut out = String::from("on: push\n");
        out.push_str(&format!("x0: &a0 [{}]\n", vec!["lol"; width].join(", ")));
        for i in 1..levels {
            let refs = vec![format!("*a{}", i - 1); width].join(", ");
            out.push_str(&format!("x{i}: &a{i} [{refs}]\n"));
        }
        let last = format!("*a{}", levels - 1);
        match place {
            0 => out.push_str(&format!("jobs: {last}\n")),
            1 => out.push_str(&format!(
                "env: {{<<: {last}}}\njobs:\n  j:\n    runs-on: {last}\n    steps: {last}\n"
            )),
            2 => out.push_str(&format!(
                "jobs:\n  j:\n    <<: {last}\n    permissions: {last}\n    steps:\n      - uses: {last}\n        with: {last}\n      - <<: {last}\n"
            )),
            _ => out.push_str(&format!("jobs: {{j: {{steps: [{last}, {last}], env: {last}}}}}\n")),
        }
        out
    })
}

/// What fills an input up to the size limit.
#[derive(Debug, Clone, Copy)]
pub enum Filler {
    /// The seed workflow's jobs, renamed, again and again.
    Jobs,
    /// Thousands of anchors and aliases to them.
    Aliases,
    /// One very long line.
    LongLine,
    /// Many tiny flow items on few lines.
    FlowItems,
    /// Many `${{ }}` in `env:` values.
    Expressions,
    /// Deeply nested flow collections side by side.
    Nested,
}

/// A text of exactly `target` bytes (at, under or just over
/// [`MAX_INPUT_BYTES`]) made of `filler`, starting from `seed`: a head, the
/// filler's unit as often as it fits, a tail that keeps it a workflow, and
/// a comment that pads it to the byte.
pub fn fill(seed: &str, filler: Filler, target: usize) -> String {
    let jobs = seed.split_once("jobs:\n").map_or(seed, |(_, jobs)| jobs);
    let (head, tail): (&str, String) = match filler {
        Filler::Jobs => ("on: push\njobs:\n", String::new()),
        Filler::Aliases => ("on: push\nx: &a0 [lol]\n", String::new()),
        Filler::LongLine => (
            "on: push\njobs: {j: {runs-on: x, steps: [{run: '",
            "'}]}}\n".into(),
        ),
        Filler::FlowItems => ("on: push\njobs:\n  j:\n    runs-on: [", "a]\n".into()),
        Filler::Expressions => (
            "on: push\nenv:\n",
            "jobs:\n  j:\n    runs-on: x\n    steps:\n      - run: docker push ghcr.io/$E0\n"
                .into(),
        ),
        Filler::Nested => ("on: push\njobs:\n  j:\n    steps:\n", String::new()),
    };
    let mut out = String::with_capacity(target + 1_024);
    out.push_str(head);
    let mut i = 0usize;
    loop {
        let unit = match filler {
            Filler::Jobs => jobs.replacen("  ", &format!("  j{i}"), 1),
            Filler::Aliases => format!("x{i}: &a{} [*a{i}, *a{i}, *a{i}]\n", i + 1),
            Filler::LongLine => "docker push ghcr.io/O/R ".to_string(),
            Filler::FlowItems if i % 2_000 == 1_999 => "a,\n      ".to_string(),
            Filler::FlowItems => "a,".to_string(),
            Filler::Expressions => format!(
                "  E{i}: ${{{{ env.E{} }}}}/${{{{ github.repository }}}}\n",
                i + 1
            ),
            Filler::Nested => format!("      - run: {}x{}\n", "[".repeat(55), "]".repeat(55)),
        };
        let last = match filler {
            Filler::Aliases => format!("jobs: *a{i}\n"),
            _ => tail.clone(),
        };
        if out.len() + unit.len() + last.len() > target {
            out.push_str(&last);
            break;
        }
        out.push_str(&unit);
        i += 1;
    }
    let missing = target.saturating_sub(out.len());
    match missing {
        0 => {}
        1 => out.push('\n'),
        n => {
            out.push('#');
            out.extend(std::iter::repeat_n('x', n - 2));
            out.push('\n');
        }
    }
    out
}

/// Inputs at the size limit: exactly [`MAX_INPUT_BYTES`] give or take a few
/// KiB, from every filler.
pub fn huge(seed: String) -> impl Strategy<Value = String> {
    let filler = prop_oneof![
        Just(Filler::Jobs),
        Just(Filler::Aliases),
        Just(Filler::LongLine),
        Just(Filler::FlowItems),
        Just(Filler::Expressions),
        Just(Filler::Nested),
    ];
    let target = prop_oneof![
        Just(MAX_INPUT_BYTES),
        Just(MAX_INPUT_BYTES + 1),
        (MAX_INPUT_BYTES - 8_192)..(MAX_INPUT_BYTES + 4_096),
    ];
    (filler, target).prop_map(move |(filler, target)| fill(&seed, filler, target))
}
