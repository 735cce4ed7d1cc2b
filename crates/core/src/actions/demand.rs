//! Which actions to resolve on demand: the known actions a workflow uses
//! that have not been asked about yet.
//!
//! The page resolves the generator's actions on every visit and nothing
//! more, because an anonymous visitor has 60 requests an hour. When a pasted
//! workflow uses other known actions (`actions/cache`, `actions/deploy-pages`,
//! …), only those are resolved, once per visit each: a workflow that uses
//! nothing new costs no request, and the whole visit can never ask about more
//! than [`Action::COUNT`] actions.

use super::Action;
use crate::analyze;

/// The known actions among `uses` (`owner/repo[/path]`, any case) that are
/// not in `asked`, each once, in table order.
pub fn to_resolve<'a>(uses: impl IntoIterator<Item = &'a str>, asked: &[Action]) -> Vec<Action> {
    let mut wanted: Vec<Action> = uses
        .into_iter()
        .filter_map(Action::from_name)
        .filter(|a| !asked.contains(a))
        .collect();
    wanted.sort_unstable();
    wanted.dedup();
    wanted
}

/// [`to_resolve`] for the `uses:` of a workflow's YAML. Text that is not a
/// readable workflow names no action, so it asks for nothing.
pub fn to_resolve_for_workflow(yaml: &str, asked: &[Action]) -> Vec<Action> {
    let Ok(summary) = analyze::summarize(yaml) else {
        return Vec::new();
    };
    let names: Vec<String> = summary.actions.iter().map(|a| a.name()).collect();
    to_resolve(names.iter().map(String::as_str), asked)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::actions::GENERATOR_ACTIONS;

    #[test]
    fn only_known_actions_not_yet_asked_each_once() {
        let uses = [
            "actions/checkout",
            "Actions/Cache/restore",
            "actions/cache",
            "someone/else",
            "actions/deploy-pages",
            "actions",
        ];
        assert_eq!(
            to_resolve(uses, &GENERATOR_ACTIONS),
            vec![Action::DeployPages, Action::Cache]
        );
        assert_eq!(
            to_resolve(uses, &[]),
            vec![Action::Checkout, Action::DeployPages, Action::Cache]
        );
        assert!(to_resolve(uses, &Action::ALL).is_empty());
        assert!(to_resolve([], &[]).is_empty());
    }
}
