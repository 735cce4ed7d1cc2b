//! The build context and Dockerfile path of a docker/build-push-action step,
//! as paths inside the repository, so the Dockerfile can be fetched.
//!
//! build-push reads `file:` relative to the workspace (the repository root)
//! and defaults it to `{context}/Dockerfile`; without `context:` it builds
//! the repository itself (its Git context), i.e. the root. Git URLs,
//! `{{defaultContext}}` sub-directories, expressions and paths leaving the
//! repository are unknown.

/// `(context, dockerfile)` inside the repository; `None` where unknown.
pub(crate) fn build_paths(
    context: Option<&str>,
    file: Option<&str>,
) -> (Option<String>, Option<String>) {
    let context = match context.map(str::trim) {
        None | Some("") => Some(".".to_string()),
        Some(c) if is_remote(c) => None,
        Some(c) => normalize(c),
    };
    let dockerfile = match file.map(str::trim) {
        None | Some("") => context.as_deref().map(|c| join(c, "Dockerfile")),
        Some(f) if is_remote(f) || f == "-" => None,
        Some(f) => normalize(f).filter(|p| p != "."),
    };
    (context, dockerfile)
}

fn is_remote(path: &str) -> bool {
    path.contains("${{")
        || path.contains("{{defaultContext}}")
        || path.contains("://")
        || path.starts_with("git@")
        || path.ends_with(".git")
        || path.contains(".git#")
}

/// `./a//b/./c` → `a/b/c`; `.` for the root; `None` for absolute paths or ones leaving the repository.
fn normalize(path: &str) -> Option<String> {
    if path.starts_with('/') || path.starts_with('~') || path.contains('\\') {
        return None;
    }
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    Some(if parts.is_empty() {
        ".".to_string()
    } else {
        parts.join("/")
    })
}

fn join(dir: &str, file: &str) -> String {
    if dir == "." {
        file.to_string()
    } else {
        format!("{dir}/{file}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paths(context: Option<&str>, file: Option<&str>) -> (Option<String>, Option<String>) {
        build_paths(context, file)
    }

    fn known(context: &str, file: &str) -> (Option<String>, Option<String>) {
        (Some(context.to_string()), Some(file.to_string()))
    }

    #[test]
    fn defaults_and_relative_paths() {
        assert_eq!(paths(None, None), known(".", "Dockerfile"));
        assert_eq!(
            paths(Some("."), Some("./Dockerfile")),
            known(".", "Dockerfile")
        );
        assert_eq!(paths(Some("./app"), None), known("app", "app/Dockerfile"));
        assert_eq!(
            paths(Some("app/"), Some("docker/app.Dockerfile")),
            known("app", "docker/app.Dockerfile")
        );
        assert_eq!(paths(Some("./a/../b"), None), known("b", "b/Dockerfile"));
        assert_eq!(
            paths(None, Some("./build/Dockerfile")),
            known(".", "build/Dockerfile")
        );
    }

    #[test]
    fn unknowns() {
        assert_eq!(paths(Some("${{ matrix.dir }}"), None), (None, None));
        assert_eq!(
            paths(Some("https://github.com/o/r.git#main"), None),
            (None, None)
        );
        assert_eq!(paths(Some("{{defaultContext}}:app"), None), (None, None));
        assert_eq!(paths(Some("../other"), None), (None, None));
        assert_eq!(paths(Some("/abs"), None), (None, None));
        assert_eq!(
            paths(Some("."), Some("${{ env.FILE }}")),
            (Some(".".into()), None)
        );
        assert_eq!(paths(Some("."), Some("-")), (Some(".".into()), None));
    }
}
