//! Fuzz target `env-chains`: workflows whose `env:` values refer to each
//! other — fan-outs, self-references, cycles, chains deeper than the
//! analyzer follows, in every scope and reference form (`${{ env.X }}`,
//! `${{ env['X'] }}`, `$X`, `${X}`) — read from many places (registries,
//! tags, `docker push`/`login` commands), up to the 256 KiB input cap.
//! Filled in without a budget, a few KiB of these grow to gigabytes.
//!
//! Each case must end (watchdog) and stay under a fixed memory ceiling;
//! `analyze` and `summarize` must agree: both read the workflow, or the
//! summary is refused as too large to expand and the analyzer's only
//! finding says so (the rules fill in more than the summary, so they may
//! pass the budget alone: then too, that finding is the only one).

use ghcr_setup_core::analyze::{
    analyze, summarize, AnalyzeError, MAX_INPUT_BYTES, TOO_LARGE_TO_ANALYZE,
};
use proptest::prelude::*;

use super::harness::{sized, Target, MIB};

/// Cases in a plain `cargo test` run.
const DEFAULT_CASES: u32 = 100;

/// Most memory one case may use: the expansion budget allows 64 KiB per
/// value and 16 MiB filled in over a whole analysis; a 256 KiB workflow's
/// tree and summary take a few MiB more. Without the budget one case would
/// take gigabytes.
const MEMORY_CEILING: usize = 96 * MIB;

/// How one variable refers to another.
#[derive(Debug, Clone, Copy)]
enum Form {
    Dotted,
    Spaced,
    Indexed,
    Shell,
    Braced,
}

impl Form {
    fn render(self, name: &str) -> String {
        match self {
            Form::Dotted => format!("${{{{env.{name}}}}}"),
            Form::Spaced => format!("${{{{ env.{name} }}}}"),
            Form::Indexed => format!("${{{{ env['{name}'] }}}}"),
            Form::Shell => format!("${name}"),
            Form::Braced => format!("${{{name}}}"),
        }
    }
}

fn form() -> impl Strategy<Value = Form> {
    prop_oneof![
        4 => Just(Form::Spaced),
        2 => Just(Form::Dotted),
        1 => Just(Form::Indexed),
        1 => Just(Form::Shell),
        1 => Just(Form::Braced),
    ]
}

/// Where a level's variables are defined.
#[derive(Debug, Clone, Copy)]
enum Scope {
    Workflow,
    Job,
    Step,
}

/// One variable: its level, scope and the references it holds.
#[derive(Debug, Clone)]
struct Var {
    scope: Scope,
    /// `(level referred to, form, times)`; a level at or above its own makes
    /// a cycle.
    refs: Vec<(usize, Form, usize)>,
    /// Literal text between references.
    filler: String,
}

#[derive(Debug, Clone)]
struct Chain {
    base: usize,
    vars: Vec<Var>,
    /// How many publishing steps read the top variable.
    readers: usize,
    /// Repeat the whole job this many times (bigger inputs, more reads).
    jobs: usize,
}

fn var(levels: usize) -> impl Strategy<Value = Var> {
    (
        prop_oneof![Just(Scope::Workflow), Just(Scope::Job), Just(Scope::Step)],
        proptest::collection::vec(
            (
                0..levels + 1,
                form(),
                prop_oneof![3 => 1usize..4, 1 => 1usize..300],
            ),
            1..4,
        ),
        "[a-z/:.-]{0,12}",
    )
        .prop_map(|(scope, refs, filler)| Var {
            scope,
            refs,
            filler,
        })
}

fn chain() -> impl Strategy<Value = Chain> {
    (1usize..8)
        .prop_flat_map(|levels| {
            (
                0usize..4_000,
                proptest::collection::vec(var(levels), levels..=levels),
                1usize..40,
                1usize..30,
            )
        })
        .prop_map(|(base, vars, readers, jobs)| Chain {
            base,
            vars,
            readers,
            jobs,
        })
}

/// The workflow's YAML; cut to the input cap at a line end.
fn render(c: &Chain) -> String {
    let name = |level: usize| format!("V{level}");
    let define = |level: usize, v: &Var| {
        let mut value = String::new();
        for (to, form, times) in &v.refs {
            for _ in 0..*times {
                value.push_str(&form.render(&name(*to)));
                value.push_str(&v.filler);
            }
        }
        format!("{}: '{}'\n", name(level + 1), value.replace('\'', "''"))
    };
    let in_scope = |scope: Scope, indent: &str| {
        let mut out = String::new();
        for (level, v) in c.vars.iter().enumerate() {
            if matches!(
                (scope, v.scope),
                (Scope::Workflow, Scope::Workflow)
                    | (Scope::Job, Scope::Job)
                    | (Scope::Step, Scope::Step)
            ) {
                out.push_str(indent);
                out.push_str(&define(level, v));
            }
        }
        out
    };
    let top = name(c.vars.len());
    let mut yaml = format!(
        "on: push\npermissions:\n  contents: read\nenv:\n  V0: '{}'\n{}jobs:\n",
        "x".repeat(c.base),
        in_scope(Scope::Workflow, "  ")
    );
    for j in 0..c.jobs {
        yaml.push_str(&format!(
            "  j{j}:\n    runs-on: ubuntu-latest\n    permissions:\n      packages: write\n    env:\n      J: '1'\n{}    steps:\n",
            in_scope(Scope::Job, "      ")
        ));
        let step_env = in_scope(Scope::Step, "          ");
        for r in 0..c.readers {
            let (with, run) = match r % 4 {
                0 => (
                    format!("          registry: ${{{{ env.{top} }}}}\n          password: ${{{{ secrets.GITHUB_TOKEN }}}}\n"),
                    "docker/login-action@v4",
                ),
                1 => (
                    format!("          push: true\n          tags: ghcr.io/${{{{ env.{top} }}}}:1,ghcr.io/o/${{{{ env.{top} }}}}\n"),
                    "docker/build-push-action@v7",
                ),
                2 => (
                    format!("          images: ghcr.io/${{{{ env.{top} }}}}\n"),
                    "docker/metadata-action@v5",
                ),
                _ => (String::new(), ""),
            };
            if run.is_empty() {
                yaml.push_str(&format!(
                    "      - env:\n          S: '1'\n{step_env}        run: |\n          docker login ${top} -p ${top}\n          docker push ghcr.io/${top}:${{{top}}} ghcr.io/${{{{ env.{top} }}}}\n"
                ));
            } else {
                yaml.push_str(&format!(
                    "      - uses: {run}\n        env:\n          S: '1'\n{step_env}        with:\n{with}"
                ));
            }
        }
    }
    if yaml.len() > MAX_INPUT_BYTES {
        let cut = yaml[..MAX_INPUT_BYTES].rfind('\n').map_or(0, |i| i + 1);
        yaml.truncate(cut);
    }
    yaml
}

pub fn run() {
    let target = Target::new("env-chains");
    target.run(DEFAULT_CASES, chain(), |c| {
        let text = render(&c);
        let what = sized("env chain", text.len());
        let ((analyzed, summarized), cost) =
            target.case(what, || text.clone(), || (analyze(&text), summarize(&text)));
        prop_assert!(
            cost.peak_bytes <= MEMORY_CEILING,
            "{} MiB for a {}-byte input",
            cost.peak_bytes / MIB,
            text.len()
        );
        match (&summarized, &analyzed) {
            (Err(AnalyzeError::TooLargeToExpand { .. }), Ok(findings)) => {
                target.tally("too-large-to-expand");
                prop_assert_eq!(findings.len(), 1);
                prop_assert_eq!(findings[0].rule, TOO_LARGE_TO_ANALYZE);
            }
            (Ok(_), Ok(findings)) => {
                // The rules fill in more than the summary does, so they
                // alone may pass the budget; then that is the only finding.
                let over = findings.iter().any(|f| f.rule == TOO_LARGE_TO_ANALYZE);
                target.tally(if over { "rules-too-large" } else { "read" });
                prop_assert!(!over || findings.len() == 1, "{:?}", findings);
            }
            (Err(s), Err(a)) => {
                target.tally("refused");
                prop_assert_eq!(s, a);
            }
            (s, a) => prop_assert!(
                false,
                "summarize {:?} but analyze {:?}",
                s.as_ref().err(),
                a.as_ref().err()
            ),
        }
        Ok(())
    });
}
