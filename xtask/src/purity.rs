//! Enforces the core crate's invariant: `ghcr-setup-core` depends on no web
//! crate. Reads `cargo metadata` and walks the core's normal (non-dev)
//! dependency graph for every target.

use crate::cmd::command;
use serde_json::Value;
use std::collections::{BTreeSet, HashMap};

/// Crates that must never be reachable from the core.
const FORBIDDEN: &[&str] = &[
    "leptos",
    "web-sys",
    "js-sys",
    "wasm-bindgen",
    "wasm-bindgen-futures",
    "gloo-net",
    "gloo-timers",
    "gloo-utils",
    "reqwest",
    "tokio",
    "hyper",
    "axum",
];

pub fn check() -> Result<(), String> {
    let out = command("cargo", &["metadata", "--format-version", "1", "--locked"])
        .output()
        .map_err(|e| format!("cargo metadata: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "cargo metadata failed: {}",
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    let meta: Value =
        serde_json::from_slice(&out.stdout).map_err(|e| format!("cargo metadata output: {e}"))?;
    let reached = core_closure(&meta)?;
    let bad: Vec<&String> = reached
        .iter()
        .filter(|name| FORBIDDEN.contains(&name.as_str()))
        .collect();
    if bad.is_empty() {
        println!(
            "  ok  ghcr-setup-core reaches {} crates, none of them a web or network crate",
            reached.len()
        );
        Ok(())
    } else {
        Err(format!(
            "ghcr-setup-core must stay pure, but depends on: {}",
            bad.iter()
                .map(|s| s.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ))
    }
}

/// Names of every package reachable from ghcr-setup-core by normal dependencies.
fn core_closure(meta: &Value) -> Result<BTreeSet<String>, String> {
    let packages = meta["packages"]
        .as_array()
        .ok_or("no packages in metadata")?;
    let names: HashMap<&str, &str> = packages
        .iter()
        .filter_map(|p| Some((p["id"].as_str()?, p["name"].as_str()?)))
        .collect();
    let nodes = meta["resolve"]["nodes"]
        .as_array()
        .ok_or("no resolve graph in metadata")?;
    let edges: HashMap<&str, Vec<&str>> = nodes
        .iter()
        .filter_map(|n| {
            let id = n["id"].as_str()?;
            let deps = n["deps"]
                .as_array()?
                .iter()
                .filter(|d| {
                    d["dep_kinds"]
                        .as_array()
                        .is_some_and(|kinds| kinds.iter().any(|k| k["kind"].is_null()))
                })
                .filter_map(|d| d["pkg"].as_str())
                .collect();
            Some((id, deps))
        })
        .collect();
    let start = names
        .iter()
        .find(|(_, name)| **name == "ghcr-setup-core")
        .map(|(id, _)| *id)
        .ok_or("ghcr-setup-core not found in the workspace")?;
    let mut seen = BTreeSet::new();
    let mut stack = vec![start];
    let mut reached = BTreeSet::new();
    while let Some(id) = stack.pop() {
        if !seen.insert(id) {
            continue;
        }
        if id != start {
            if let Some(name) = names.get(id) {
                reached.insert((*name).to_string());
            }
        }
        if let Some(next) = edges.get(id) {
            stack.extend(next.iter().copied());
        }
    }
    Ok(reached)
}
