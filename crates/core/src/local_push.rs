//! Shell commands for pushing an image to ghcr.io from your own machine.
//!
//! These are the seed guide's "local push" steps with the person's values
//! filled in: sign in with a personal access token kept in `CR_PAT`, build,
//! tag with the lower-case ghcr.io name, push. Anything typed is shell-quoted.

use crate::names::ImageName;

/// Placeholder shown when the GitHub user name is not known.
pub const USER_PLACEHOLDER: &str = "<your-github-username>";

/// One command with a short label saying what it does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PushCommand {
    pub label: &'static str,
    pub command: String,
}

/// The commands, in order, for `image` and (when known) the GitHub user name.
pub fn commands(image: &ImageName, user: Option<&str>) -> Vec<PushCommand> {
    let user = match user.map(str::trim).filter(|u| !u.is_empty()) {
        Some(u) => shell_quote(u),
        None => USER_PLACEHOLDER.to_string(),
    };
    let local = local_name(image);
    let remote = shell_quote(&format!("{image}:latest"));
    vec![
        PushCommand {
            label: "Sign in to ghcr.io with the token in CR_PAT",
            command: format!("echo $CR_PAT | docker login ghcr.io -u {user} --password-stdin"),
        },
        PushCommand {
            label: "Build the image from the current directory",
            command: format!("docker build -t {local} ."),
        },
        PushCommand {
            label: "Tag it with its ghcr.io name",
            command: format!("docker tag {local} {remote}"),
        },
        PushCommand {
            label: "Push it",
            command: format!("docker push {remote}"),
        },
    ]
}

/// The last path component of the image, used as the local build tag.
fn local_name(image: &ImageName) -> String {
    let last = image.path().rsplit('/').next().unwrap_or("image");
    shell_quote(last)
}

/// Quote a word for POSIX shells; words of safe characters stay bare.
pub fn shell_quote(word: &str) -> String {
    let safe = |c: char| {
        c.is_ascii_alphanumeric()
            || matches!(c, '-' | '_' | '.' | '/' | ':' | '@' | '=' | '+' | ',')
    };
    if !word.is_empty() && word.chars().all(safe) {
        word.to_string()
    } else {
        format!("'{}'", word.replace('\'', r"'\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn image() -> ImageName {
        ImageName::parse("ghcr.io/kulzer-dental/kdc-experimental-image").unwrap()
    }

    #[test]
    fn placeholder_when_user_unknown() {
        let cmds = commands(&image(), None);
        assert_eq!(
            cmds.iter().map(|c| c.command.as_str()).collect::<Vec<_>>(),
            [
                "echo $CR_PAT | docker login ghcr.io -u <your-github-username> --password-stdin",
                "docker build -t kdc-experimental-image .",
                "docker tag kdc-experimental-image ghcr.io/kulzer-dental/kdc-experimental-image:latest",
                "docker push ghcr.io/kulzer-dental/kdc-experimental-image:latest",
            ]
        );
    }

    #[test]
    fn typed_user_is_quoted() {
        let cmds = commands(&image(), Some("octocat"));
        assert!(cmds[0].command.contains("-u octocat --password-stdin"));
        let cmds = commands(&image(), Some("a'b; rm -rf /"));
        assert_eq!(
            cmds[0].command,
            r"echo $CR_PAT | docker login ghcr.io -u 'a'\''b; rm -rf /' --password-stdin"
        );
    }

    #[test]
    fn shell_quote_cases() {
        assert_eq!(shell_quote("plain"), "plain");
        assert_eq!(shell_quote(""), "''");
        assert_eq!(shell_quote("$(x)"), "'$(x)'");
    }
}
