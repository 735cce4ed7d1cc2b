//! The release bundle, built without Trunk so the wasm can be split.
//!
//! Steps, each a function below:
//! 1. `cargo build --release --features split` for wasm32, linked with
//!    `--emit-relocs` (the splitter needs the relocations) and Leptos's
//!    `erase_components` (smaller code), in its own target folder so the
//!    flags never rebuild the other builds;
//! 2. split at the `#[wasm_split]` points of `src/lazy.rs`
//!    (`wasm_split_cli_support`): a main module plus one chunk per
//!    on-demand page and shared chunks, and the JS loader that fetches them;
//! 3. `wasm-bindgen --target web` on the main module, keeping the exports
//!    the chunks import;
//! 4. `wasm-opt -Oz` on every wasm file;
//! 5. `index.html` made from the development one (its `data-trunk` links
//!    become plain ones), with a Content-Security-Policy, an external boot
//!    module (no inline script), the style sheets and the favicon;
//! 6. content-hashed file names, so a page only ever loads the chunks it was
//!    split with (a chunk hard-codes addresses of its own main module), and
//!    integrity hashes on what `index.html` links.
//!
//! What the first load fetches is listed in [`Bundle::first_load`]; the test
//! command holds it to [`FIRST_LOAD_BUDGET`].

use crate::cmd::{self, command, root, run};
use base64::Engine as _;
use sha2::{Digest, Sha256, Sha384};
use std::path::{Path, PathBuf};

/// The whole first load, gzip -9, in bytes (200 KB).
pub const FIRST_LOAD_BUDGET: usize = 200 * 1024;

const CRATE: &str = "ghcr-setup";
const BIN: &str = "ghcr-setup-web";
const LOADER: &str = "__wasm_split.js";
const BOOT: &str = "boot.js";
pub const WASM_TARGET: &str = "wasm32-unknown-unknown";
/// The same feature set the browsers we support have had for years.
const WASM_OPT_FLAGS: &[&str] = &[
    "-Oz",
    "--enable-bulk-memory",
    "--enable-nontrapping-float-to-int",
    "--enable-sign-ext",
    "--enable-mutable-globals",
    "--enable-reference-types",
    "--enable-multivalue",
];

/// A built bundle: where it is and which of its files a first visit fetches.
pub struct Bundle {
    pub dist: PathBuf,
    /// File names (relative to `dist`) every page load fetches.
    pub first_load: Vec<String>,
}

/// The cargo target folder of split builds.
pub fn target_dir() -> PathBuf {
    cmd::target().join("split")
}

/// The linked, unsplit wasm of the last build (with its name section).
pub fn raw_wasm() -> PathBuf {
    target_dir().join(format!("{WASM_TARGET}/release/{BIN}.wasm"))
}

/// The build-time settings this process was given (`GHCR_SETUP_*`), for
/// `cargo xtask dist`.
/// An empty value counts as unset (a CI variable that was never defined).
pub fn settings_from_env() -> Vec<(&'static str, String)> {
    SETTINGS
        .into_iter()
        .filter_map(|k| {
            std::env::var(k)
                .ok()
                .filter(|v| !v.is_empty())
                .map(|v| (k, v))
        })
        .collect()
}

/// The build-time settings the app reads (`src/config.rs`).
const SETTINGS: [&str; 4] = [
    "GHCR_SETUP_API_BASE",
    "GHCR_SETUP_RELAY_URL",
    "GHCR_SETUP_CLIENT_ID",
    "GHCR_SETUP_DEMO",
];

/// The main module of the last build, split but before wasm-bindgen and
/// wasm-opt: what the first load's wasm holds, with its function names.
pub fn main_module() -> PathBuf {
    target_dir().join(format!("{BIN}_split.wasm"))
}

/// Builds the bundle into `dist` (emptied first) with the given build-time
/// settings (`GHCR_SETUP_*`).
pub fn build(dist: &Path, env: &[(&str, String)]) -> Result<Bundle, String> {
    println!(
        "== building the release bundle into {} (2-4 minutes the first time)",
        dist.display()
    );
    check_settings(env)?;
    compile(env)?;
    if dist.exists() {
        std::fs::remove_dir_all(dist).map_err(|e| format!("{}: {e}", dist.display()))?;
    }
    std::fs::create_dir_all(dist).map_err(|e| format!("{}: {e}", dist.display()))?;
    // Per process, so two builds at once never read each other's module.
    let split_main =
        std::env::temp_dir().join(format!("ghcr-setup-split-{}.wasm", std::process::id()));
    split(&raw_wasm(), dist, &split_main)?;
    bindgen(&split_main, dist)?;
    std::fs::copy(&split_main, main_module())
        .map_err(|e| format!("keeping the main module: {e}"))?;
    let _ = std::fs::remove_file(&split_main);
    optimize(dist)?;
    let page = Page::from_dev_index(
        &std::fs::read_to_string(root().join("index.html"))
            .map_err(|e| format!("index.html: {e}"))?,
    )?;
    for asset in page.styles.iter().chain(&page.copies) {
        let to = dist.join(file_name(asset));
        std::fs::copy(root().join(asset), &to).map_err(|e| format!("copying {asset}: {e}"))?;
    }
    write(
        dist,
        BOOT,
        &format!(
            "// Starts the app: loads the wasm-bindgen glue and its wasm.\n\
             import init from \"./{BIN}.js\";\n\
             init({{ module_or_path: new URL(\"./{BIN}_bg.wasm\", import.meta.url) }});\n"
        ),
    )?;
    let names = fingerprint(dist, &page)?;
    let csp = content_security_policy(env);
    write(dist, "index.html", &page.render(dist, &names, &csp)?)?;
    let mut first_load = vec![
        "index.html".to_string(),
        names.boot.clone(),
        names.glue.clone(),
        names.main_wasm.clone(),
    ];
    first_load.extend(names.loader.iter().cloned());
    first_load.extend(names.styles.iter().cloned());
    Ok(Bundle {
        dist: dist.to_path_buf(),
        first_load,
    })
}

fn compile(env: &[(&str, String)]) -> Result<(), String> {
    let mut c = cmd::cargo(&[
        "build",
        "--release",
        "--quiet",
        "--target",
        WASM_TARGET,
        "-p",
        CRATE,
        "--bin",
        BIN,
        "--features",
        "split",
    ]);
    // Target-scoped flags: plain RUSTFLAGS would reach build scripts and
    // proc macros built for the host, which cannot link with --emit-relocs.
    c.env("CARGO_TARGET_DIR", target_dir()).env(
        "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS",
        "-Clink-args=--emit-relocs --cfg erase_components",
    );
    // Only the settings given count, not whatever this shell has exported.
    for k in SETTINGS {
        c.env_remove(k);
    }
    for (k, v) in env {
        c.env(k, v);
    }
    run(c)
}

fn split(raw: &Path, dist: &Path, main_out: &Path) -> Result<(), String> {
    println!("  splitting {} at the on-demand pages", raw.display());
    let wasm = std::fs::read(raw).map_err(|e| format!("{}: {e}", raw.display()))?;
    let main_module = format!("./{BIN}.js");
    let link_name = format!("./{LOADER}");
    let mut options = wasm_split_cli_support::Options::new(&wasm);
    options.output_dir = dist;
    options.main_out_path = main_out;
    options.main_module = &main_module;
    options.link_name = &link_name;
    options.target.web();
    let out = wasm_split_cli_support::transform(options)
        .map_err(|e| format!("splitting the wasm failed: {e:?}"))?;
    println!(
        "  {} chunk(s) besides the main module",
        out.split_modules.len()
    );
    if out.split_modules.is_empty() {
        return Err("the splitter found no split point: was the `split` feature on?".into());
    }
    Ok(())
}

fn bindgen(main_module: &Path, dist: &Path) -> Result<(), String> {
    let input = main_module.display().to_string();
    let out = dist.display().to_string();
    run(command(
        "wasm-bindgen",
        &[
            "--target",
            "web",
            "--keep-lld-exports",
            "--no-demangle",
            "--no-typescript",
            "--weak-refs",
            "--out-name",
            BIN,
            "--out-dir",
            &out,
            &input,
        ],
    ))
}

/// `wasm-opt` with the release flags on every wasm file in `dist`, in place.
pub fn optimize(dist: &Path) -> Result<(), String> {
    for file in list(dist)? {
        if !file.ends_with(".wasm") {
            continue;
        }
        let path = dist.join(&file).display().to_string();
        // -q: the name sections rustc writes carry a subsection binaryen
        // does not know, and it says so for every file.
        let mut args: Vec<&str> = WASM_OPT_FLAGS.to_vec();
        args.push("-q");
        args.extend([path.as_str(), "-o", path.as_str()]);
        let mut c = command("wasm-opt", &args);
        c.stdout(std::process::Stdio::null());
        run(c)?;
    }
    Ok(())
}

/// Hosts the page may connect to: its own, the API base (GitHub's unless
/// set) and the relay it was built for. The sign-in page's Advanced panel
/// refuses other hosts with this reason (`src/config.rs`,
/// `allowed_by_policy`). A demo build also allows any loopback port, where
/// the fake GitHub may run.
fn content_security_policy(env: &[(&str, String)]) -> String {
    let setting = |key: &str| env.iter().find(|(k, _)| *k == key).map(|(_, v)| v.as_str());
    let mut connect = vec!["'self'".to_string()];
    connect.push(origin(
        setting("GHCR_SETUP_API_BASE").unwrap_or("https://api.github.com"),
    ));
    if let Some(relay) = setting("GHCR_SETUP_RELAY_URL").filter(|r| !r.is_empty()) {
        connect.push(origin(relay));
    }
    if setting("GHCR_SETUP_DEMO").is_some() {
        connect
            .retain(|c| !c.starts_with("http://127.0.0.1:") && !c.starts_with("http://localhost:"));
        connect.push("http://127.0.0.1:*".into());
        connect.push("http://localhost:*".into());
    }
    connect.dedup();
    format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; \
         img-src 'self'; connect-src {}; object-src 'none'; base-uri 'none'; form-action 'none'",
        connect.join(" ")
    )
}

/// Refuses build-time settings that are not what the app can use, before
/// anything is built: each one ends up in the wasm and the addresses in the
/// page's security policy, so a quote, a space, a `;` or an odd scheme would
/// change the page rather than fail it.
pub fn check_settings(env: &[(&str, String)]) -> Result<(), String> {
    for (name, value) in env {
        match *name {
            "GHCR_SETUP_API_BASE" | "GHCR_SETUP_RELAY_URL" => check_address(name, value)?,
            "GHCR_SETUP_CLIENT_ID" => {
                let plausible = !value.is_empty()
                    && value.len() <= 64
                    && value.chars().all(|c| c.is_ascii_alphanumeric());
                if !plausible {
                    return Err(format!(
                        "{name}={value:?} is not an OAuth App client id (letters and digits, as GitHub shows it, e.g. Ov23li…)"
                    ));
                }
            }
            "GHCR_SETUP_DEMO" => {
                if !matches!(value.as_str(), "1" | "true") {
                    return Err(format!(
                        "{name}={value:?}: set it to 1 for a demo build, or leave it unset"
                    ));
                }
            }
            other => return Err(format!("{other} is not a build-time setting of the app")),
        }
    }
    Ok(())
}

/// An API or relay address: `https://host[:port][/path]`, or plain `http`
/// on loopback only; host, port and path in plain URL characters.
fn check_address(name: &str, value: &str) -> Result<(), String> {
    let refuse = |why: &str| Err(format!("{name}={value:?} {why}"));
    let Some((scheme, rest)) = value.split_once("://") else {
        return refuse("is not an address (it needs https://)");
    };
    let (authority, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    let (host, port) = match authority.rsplit_once(':') {
        Some((h, p)) => (h, Some(p)),
        None => (authority, None),
    };
    let host_ok = !host.is_empty()
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.');
    if !host_ok {
        return refuse("does not name a host in plain letters, digits, dots and hyphens");
    }
    if port.is_some_and(|p| p.is_empty() || p.len() > 5 || !p.chars().all(|c| c.is_ascii_digit())) {
        return refuse("has a port that is not a number");
    }
    let path_ok = path
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "/-._~%".contains(c));
    if !path_ok {
        return refuse(
            "has a path with characters an address does not need (a query, a quote, a space…)",
        );
    }
    let loopback = matches!(host, "127.0.0.1" | "localhost");
    match scheme {
        "https" => Ok(()),
        "http" if loopback => Ok(()),
        "http" => {
            refuse("uses plain http, which is allowed only on loopback (127.0.0.1, localhost)")
        }
        _ => refuse("must start with https://"),
    }
}

/// `value`, if it can stand in a double-quoted HTML attribute as it is.
fn attribute(value: &str) -> Result<&str, String> {
    if value
        .chars()
        .any(|c| matches!(c, '"' | '<' | '>' | '&') || c.is_control())
    {
        return Err(format!(
            "{value:?} cannot be written into the page as it is"
        ));
    }
    Ok(value)
}

/// `scheme://host[:port]` of a URL.
fn origin(url: &str) -> String {
    let after_scheme = url.find("://").map_or(0, |i| i + 3);
    let end = url[after_scheme..]
        .find('/')
        .map_or(url.len(), |i| after_scheme + i);
    url[..end].to_string()
}

/// The development `index.html`, read for what the release page keeps.
struct Page {
    /// The head without Trunk's links, up to `</head>`.
    head: String,
    /// The rest, from `</head>`.
    tail: String,
    /// Style sheets, in order (`data-trunk rel="css"`).
    styles: Vec<String>,
    /// Files copied as they are (`data-trunk rel="copy-file"`).
    copies: Vec<String>,
}

impl Page {
    fn from_dev_index(html: &str) -> Result<Page, String> {
        let mut rest = html;
        let mut kept = String::new();
        let mut styles = Vec::new();
        let mut copies = Vec::new();
        while let Some(start) = rest.find("<link data-trunk") {
            kept.push_str(&rest[..start]);
            let end = rest[start..]
                .find("/>")
                .map(|i| start + i + 2)
                .ok_or("index.html: a data-trunk link is not closed with />")?;
            let tag = &rest[start..end];
            match (attr(tag, "rel"), attr(tag, "href")) {
                (Some("css"), Some(href)) => styles.push(href.to_string()),
                (Some("copy-file"), Some(href)) => copies.push(href.to_string()),
                (Some("rust"), _) => {}
                _ => return Err(format!("index.html: unexpected Trunk link {tag}")),
            }
            rest = &rest[end..];
            // Drop the rest of the line the link stood on.
            if let Some(nl) = rest.find('\n') {
                if rest[..nl].trim().is_empty() {
                    rest = &rest[nl + 1..];
                    kept = kept.trim_end_matches([' ', '\t']).to_string();
                }
            }
        }
        kept.push_str(rest);
        let split_at = kept.find("</head>").ok_or("index.html: no </head>")?;
        Ok(Page {
            head: kept[..split_at].trim_end().to_string(),
            tail: kept[split_at..].to_string(),
            styles,
            copies,
        })
    }

    fn render(&self, dist: &Path, names: &Names, csp: &str) -> Result<String, String> {
        let sri = |name: &str| -> Result<String, String> {
            let bytes = std::fs::read(dist.join(name)).map_err(|e| format!("{name}: {e}"))?;
            Ok(format!(
                "sha384-{}",
                base64::engine::general_purpose::STANDARD.encode(Sha384::digest(&bytes))
            ))
        };
        let mut out = String::new();
        // The policy must come before anything it governs.
        let head = self.head.replacen(
            "<meta charset=\"utf-8\" />",
            &format!(
                "<meta charset=\"utf-8\" />\n    <meta http-equiv=\"Content-Security-Policy\" content=\"{}\" />",
                attribute(csp)?
            ),
            1,
        );
        if head == self.head {
            return Err("index.html: no <meta charset=\"utf-8\" /> to put the policy after".into());
        }
        out.push_str(&head);
        out.push('\n');
        for style in &names.styles {
            out.push_str(&format!(
                "    <link rel=\"stylesheet\" href=\"./{}\" integrity=\"{}\" />\n",
                attribute(style)?,
                sri(style)?
            ));
        }
        for module in std::iter::once(&names.glue).chain(&names.loader) {
            out.push_str(&format!(
                "    <link rel=\"modulepreload\" href=\"./{}\" integrity=\"{}\" />\n",
                attribute(module)?,
                sri(module)?
            ));
        }
        out.push_str(&format!(
            "    <link rel=\"preload\" href=\"./{}\" as=\"fetch\" type=\"application/wasm\" crossorigin />\n",
            attribute(&names.main_wasm)?
        ));
        out.push_str(&format!(
            "    <script type=\"module\" src=\"./{}\" integrity=\"{}\"></script>\n  ",
            attribute(&names.boot)?,
            sri(&names.boot)?
        ));
        out.push_str(&self.tail);
        Ok(out)
    }
}

/// The value of `name="…"` in a tag.
fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let key = format!(" {name}=\"");
    let start = tag.find(&key)? + key.len();
    let len = tag[start..].find('"')?;
    Some(&tag[start..start + len])
}

fn file_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

/// The hashed names of the files `index.html` and the boot module refer to.
struct Names {
    glue: String,
    loader: Option<String>,
    main_wasm: String,
    boot: String,
    styles: Vec<String>,
}

/// Sixteen hex digits of SHA-256 over `parts`.
fn short_hash(parts: &[&[u8]]) -> String {
    let mut h = Sha256::new();
    for p in parts {
        h.update(p);
    }
    h.finalize()[..8]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// `stem.ext` → `stem-HASH.ext`.
fn hashed(name: &str, hash: &str) -> String {
    match name.rsplit_once('.') {
        Some((stem, ext)) => format!("{stem}-{hash}.{ext}"),
        None => format!("{name}-{hash}"),
    }
}

/// Renames every file but `index.html` and the favicon to a content-hashed
/// name and rewrites each reference; a reference that is not where it is
/// expected stops the build (a silent miss would ship a broken link).
fn fingerprint(dist: &Path, page: &Page) -> Result<Names, String> {
    let glue_name = format!("{BIN}.js");
    let main_wasm = format!("{BIN}_bg.wasm");
    let mut glue = read(dist, &glue_name)?;
    let mut boot = read(dist, BOOT)?;
    let has_loader = dist.join(LOADER).exists();
    let mut loader = if has_loader {
        read(dist, LOADER)?
    } else {
        String::new()
    };

    // Wasm files first: their names appear in the scripts.
    let mut main_wasm_hashed = String::new();
    for file in list(dist)? {
        if !file.ends_with(".wasm") {
            continue;
        }
        let bytes = std::fs::read(dist.join(&file)).map_err(|e| format!("{file}: {e}"))?;
        let new = hashed(&file, &short_hash(&[&bytes]));
        rename(dist, &file, &new)?;
        let quoted = (format!("\"./{file}\""), format!("\"./{new}\""));
        if file == main_wasm {
            boot = replace_required(&boot, &quoted.0, &quoted.1, BOOT)?;
            // The glue's own default, used when init() is called without a path.
            glue = glue.replace(&format!("'{file}'"), &format!("'{new}'"));
            main_wasm_hashed = new;
        } else {
            loader = replace_required(&loader, &quoted.0, &quoted.1, LOADER)?;
        }
    }

    // The glue and the loader import each other: one hash over both. The
    // glue's import-object key "./__wasm_split.js" names the wasm's import
    // module and stays; only `from` specifiers change.
    let pair = short_hash(&[glue.as_bytes(), loader.as_bytes()]);
    let glue_new = hashed(&glue_name, &pair);
    let loader_new = hashed(LOADER, &pair);
    if has_loader {
        glue = replace_import(&glue, LOADER, &loader_new, &glue_name)?;
        loader = replace_import(&loader, &glue_name, &glue_new, LOADER)?;
        write(dist, &loader_new, &loader)?;
        remove(dist, LOADER)?;
    }
    write(dist, &glue_new, &glue)?;
    remove(dist, &glue_name)?;

    boot = replace_required(
        &boot,
        &format!("\"./{glue_name}\""),
        &format!("\"./{glue_new}\""),
        BOOT,
    )?;
    let boot_new = hashed(BOOT, &short_hash(&[boot.as_bytes()]));
    write(dist, &boot_new, &boot)?;
    remove(dist, BOOT)?;

    let mut styles = Vec::new();
    for style in &page.styles {
        let name = file_name(style);
        let bytes = std::fs::read(dist.join(name)).map_err(|e| format!("{name}: {e}"))?;
        let new = hashed(name, &short_hash(&[&bytes]));
        rename(dist, name, &new)?;
        styles.push(new);
    }
    Ok(Names {
        glue: glue_new,
        loader: has_loader.then_some(loader_new),
        main_wasm: main_wasm_hashed,
        boot: boot_new,
        styles,
    })
}

/// Rewrites `from "./{old}"` (either quote) to the new name.
fn replace_import(text: &str, old: &str, new: &str, file: &str) -> Result<String, String> {
    let mut out = text.to_string();
    let mut found = false;
    for q in ['"', '\''] {
        let from = format!("from {q}./{old}{q}");
        if out.contains(&from) {
            found = true;
            out = out.replace(&from, &format!("from {q}./{new}{q}"));
        }
    }
    if found {
        Ok(out)
    } else {
        Err(format!("{file}: no import from ./{old}"))
    }
}

fn replace_required(text: &str, from: &str, to: &str, file: &str) -> Result<String, String> {
    if text.contains(from) {
        Ok(text.replace(from, to))
    } else {
        Err(format!("{file}: expected reference {from} not found"))
    }
}

fn list(dir: &Path) -> Result<Vec<String>, String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(|e| e.ok())
        .filter(|e| e.path().is_file())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    Ok(names)
}

fn read(dir: &Path, name: &str) -> Result<String, String> {
    std::fs::read_to_string(dir.join(name)).map_err(|e| format!("{name}: {e}"))
}

fn write(dir: &Path, name: &str, text: &str) -> Result<(), String> {
    std::fs::write(dir.join(name), text).map_err(|e| format!("{name}: {e}"))
}

fn rename(dir: &Path, from: &str, to: &str) -> Result<(), String> {
    std::fs::rename(dir.join(from), dir.join(to)).map_err(|e| format!("{from}: {e}"))
}

fn remove(dir: &Path, name: &str) -> Result<(), String> {
    std::fs::remove_file(dir.join(name)).map_err(|e| format!("{name}: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    const DEV: &str = "<!doctype html>\n<html>\n  <head>\n    <meta charset=\"utf-8\" />\n    <title>t</title>\n    <link data-trunk rel=\"rust\" data-bin=\"x\"\n      data-wasm-opt=\"z\" />\n    <link data-trunk rel=\"css\" href=\"style/main.css\" />\n    <link data-trunk rel=\"copy-file\" href=\"public/favicon.svg\" />\n    <link rel=\"icon\" href=\"favicon.svg\" />\n  </head>\n  <body></body>\n</html>\n";

    #[test]
    fn trunk_links_are_read_and_dropped() {
        let page = Page::from_dev_index(DEV).unwrap();
        assert_eq!(page.styles, ["style/main.css"]);
        assert_eq!(page.copies, ["public/favicon.svg"]);
        assert!(!page.head.contains("data-trunk"), "{}", page.head);
        assert!(page.head.contains("<link rel=\"icon\""));
        assert!(page.tail.starts_with("</head>"));
    }

    #[test]
    fn policy_allows_only_the_hosts_built_in() {
        let live = content_security_policy(&[]);
        assert!(
            live.contains("connect-src 'self' https://api.github.com;"),
            "{live}"
        );
        assert!(live.contains("script-src 'self' 'wasm-unsafe-eval';"));
        assert!(!live.contains("'unsafe-inline'") && !live.contains("'unsafe-eval'"));
        let pages = content_security_policy(&[
            (
                "GHCR_SETUP_API_BASE",
                "https://ghe.example.com/api/v3".into(),
            ),
            ("GHCR_SETUP_RELAY_URL", "https://relay.example.org/".into()),
        ]);
        assert!(
            pages.contains("connect-src 'self' https://ghe.example.com https://relay.example.org;"),
            "{pages}"
        );
        let demo = content_security_policy(&[
            ("GHCR_SETUP_API_BASE", "http://127.0.0.1:8787".into()),
            ("GHCR_SETUP_RELAY_URL", "http://127.0.0.1:8788/".into()),
            ("GHCR_SETUP_DEMO", "1".into()),
        ]);
        assert!(
            demo.contains("connect-src 'self' http://127.0.0.1:* http://localhost:*;"),
            "{demo}"
        );
    }

    #[test]
    fn settings_that_would_change_the_page_are_refused_before_building() {
        let one = |k: &'static str, v: &str| check_settings(&[(k, v.to_string())]);
        for fine in [
            "https://api.github.com",
            "https://ghe.example.com/api/v3",
            "https://relay.example.org/",
            "http://127.0.0.1:8787",
            "http://localhost:8788/relay",
        ] {
            assert_eq!(one("GHCR_SETUP_API_BASE", fine), Ok(()), "{fine}");
        }
        for (bad, why) in [
            ("https://x.example; script-src *", "host"),
            ("https://x.example/\" onload=\"", "path"),
            ("https://x.example/a b", "path"),
            ("https://x.example/?q=1", "path"),
            ("http://x.example", "only on loopback"),
            ("javascript://x", "https://"),
            ("api.github.com", "https://"),
            ("https://x.example:80a", "port"),
            ("https://:443", "host"),
        ] {
            let err = one("GHCR_SETUP_RELAY_URL", bad).unwrap_err();
            assert!(
                err.contains(why) && err.contains("GHCR_SETUP_RELAY_URL"),
                "{bad}: {err}"
            );
        }
        assert_eq!(one("GHCR_SETUP_CLIENT_ID", "Ov23liDEMOdemo000000"), Ok(()));
        assert!(one("GHCR_SETUP_CLIENT_ID", "Ov23\"><script>").is_err());
        assert!(one("GHCR_SETUP_CLIENT_ID", "").is_err());
        assert_eq!(one("GHCR_SETUP_DEMO", "1"), Ok(()));
        assert!(one("GHCR_SETUP_DEMO", "yes please").is_err());
        assert!(one("GHCR_SETUP_OTHER", "1").is_err());
        // What the test command and the demo build with passes.
        assert_eq!(check_settings(&crate::serve::demo_env(1, 2)), Ok(()));
    }

    #[test]
    fn a_value_that_would_leave_its_attribute_is_refused() {
        assert_eq!(attribute("app-1a2b.css"), Ok("app-1a2b.css"));
        for bad in ["a\"b", "a<b", "a>b", "a&b", "a\nb"] {
            assert!(attribute(bad).is_err(), "{bad:?}");
        }
        let policy = content_security_policy(&crate::serve::demo_env(1, 2));
        assert_eq!(attribute(&policy), Ok(policy.as_str()));
    }

    #[test]
    fn imports_are_rewritten_in_either_quote_style() {
        let js = "import { a } from './x.js';\nconst k = { \"./x.js\": 1 };";
        let out = replace_import(js, "x.js", "x-1.js", "f").unwrap();
        assert!(out.contains("from './x-1.js'"));
        assert!(out.contains("\"./x.js\": 1"), "import-object keys stay");
        assert!(replace_import(js, "y.js", "y-1.js", "f").is_err());
    }

    #[test]
    fn hashed_names_keep_the_extension() {
        assert_eq!(hashed("a_bg.wasm", "00ff"), "a_bg-00ff.wasm");
        assert_eq!(
            origin("http://127.0.0.1:8788/relay"),
            "http://127.0.0.1:8788"
        );
    }
}
