//! Where the bytes of the release wasm go: function body sizes read from the
//! code section, named by the name section (present in cargo's output, before
//! wasm-bindgen and wasm-opt strip it), demangled and grouped by crate. The
//! figures are before wasm-opt, so they show proportions, not final sizes.

use std::collections::BTreeMap;
use std::path::Path;

use wasmparser::{Name, Parser, Payload};

/// The crate a demangled Rust symbol belongs to: for `<A as B>::f` the crate
/// of `A`; otherwise the first path segment.
fn crate_of(symbol: &str) -> String {
    if symbol.starts_with("__wbindgen_describe") {
        return "(wasm-bindgen descriptors, removed before shipping)".into();
    }
    let s = symbol
        .trim_start_matches('<')
        .trim_start_matches('&')
        .trim_start_matches("mut ");
    // `<T as tachys::…>`: a generic receiver; the trait's crate is the better guess.
    let s = match s.split_once(" as ") {
        Some((receiver, rest)) if receiver.len() <= 2 => rest,
        _ => s,
    };
    let first = s.split("::").next().unwrap_or(s);
    let name: String = first
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect();
    if name.is_empty() || !s.contains("::") {
        "(other)".into()
    } else {
        name
    }
}

/// Prints the crates and functions that take the most code bytes in `wasm`.
pub fn report(wasm: &Path, top: usize) -> Result<(), String> {
    let bytes = std::fs::read(wasm).map_err(|e| format!("{}: {e}", wasm.display()))?;
    let mut imported = 0u32;
    let mut bodies: Vec<usize> = Vec::new();
    let mut names: BTreeMap<u32, String> = BTreeMap::new();
    let mut data = 0usize;
    for payload in Parser::new(0).parse_all(&bytes) {
        match payload.map_err(|e| e.to_string())? {
            Payload::ImportSection(s) => {
                for import in s {
                    if matches!(
                        import.map_err(|e| e.to_string())?.ty,
                        wasmparser::TypeRef::Func(_)
                    ) {
                        imported += 1;
                    }
                }
            }
            Payload::CodeSectionEntry(body) => bodies.push(body.range().len()),
            Payload::DataSection(s) => {
                for d in s {
                    data += d.map_err(|e| e.to_string())?.data.len();
                }
            }
            Payload::CustomSection(c) if c.name() == "name" => {
                let reader = wasmparser::NameSectionReader::new(wasmparser::BinaryReader::new(
                    c.data(),
                    c.data_offset(),
                ));
                for sub in reader {
                    if let Ok(Name::Function(map)) = sub {
                        for naming in map.into_iter().flatten() {
                            names.insert(naming.index, naming.name.to_string());
                        }
                    }
                }
            }
            _ => {}
        }
    }
    if names.is_empty() {
        return Err(format!(
            "{} has no name section to attribute code to",
            wasm.display()
        ));
    }
    let mut by_crate: BTreeMap<String, usize> = BTreeMap::new();
    let mut functions: Vec<(usize, String)> = Vec::new();
    for (i, size) in bodies.iter().enumerate() {
        let index = imported + i as u32;
        let raw = names.get(&index).cloned().unwrap_or_default();
        let symbol = format!("{:#}", rustc_demangle::demangle(&raw));
        *by_crate.entry(crate_of(&symbol)).or_default() += size;
        functions.push((*size, symbol));
    }
    let code: usize = bodies.iter().sum();
    let mut crates: Vec<(usize, String)> = by_crate.into_iter().map(|(c, s)| (s, c)).collect();
    crates.sort_by(|a, b| b.cmp(a));
    functions.sort_by(|a, b| b.cmp(a));
    println!(
        "\nwhere the wasm's bytes go (cargo's output before wasm-bindgen/wasm-opt: {code} B of code in {} functions, {data} B of data)",
        bodies.len()
    );
    println!("{:>10} {:>6}  crate", "code B", "share");
    for (size, name) in crates.iter().take(top) {
        println!(
            "{size:>10} {:>5.1}%  {name}",
            100.0 * *size as f64 / code.max(1) as f64
        );
    }
    println!("{:>10} {:>6}  largest functions", "code B", "");
    for (size, name) in functions.iter().take(top) {
        let shown: String = name.chars().take(110).collect();
        println!("{size:>10}         {shown}");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::crate_of;

    #[test]
    fn crates_of_symbols() {
        assert_eq!(
            crate_of("ghcr_setup_core::check::run::Run::replan"),
            "ghcr_setup_core"
        );
        assert_eq!(
            crate_of("<tachys::view::any_view::AnyView as core::fmt::Debug>::fmt"),
            "tachys"
        );
        assert_eq!(crate_of("memcpy"), "(other)");
        assert_eq!(crate_of("<T as tachys::view::Render>::build"), "tachys");
    }
}
