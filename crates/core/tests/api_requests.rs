//! Tests of request building: endpoints, templates, encoding and headers.

use ghcr_setup_core::api::{
    build_request, normalize_base, BaseHead, Endpoint, GitRef, ENDPOINT_TEMPLATES,
};
use ghcr_setup_core::http::Method;
use ghcr_setup_core::names::{
    BranchName, CommitSha, ImageName, Login, RepoPath, RepoSlug, SecretName, WorkflowFileName,
};
use ghcr_setup_core::token::Secret;

fn repo(s: &str) -> RepoSlug {
    RepoSlug::parse(s).unwrap()
}

fn login(s: &str) -> Login {
    Login::parse(s).unwrap()
}

/// One value of every variant; the `match` fails to compile when a variant
/// is added without being listed here.
fn every_endpoint() -> Vec<Endpoint> {
    let r = repo("octo/app");
    let org = login("acme");
    let pkg = ImageName::parse("ghcr.io/acme/app").unwrap().package_name();
    let file = WorkflowFileName::docker_image();
    let all = vec![
        Endpoint::User,
        Endpoint::Repo { repo: r.clone() },
        Endpoint::Account {
            username: login("octo"),
        },
        Endpoint::OrgMembership { org: org.clone() },
        Endpoint::RepoActionsPermissions { repo: r.clone() },
        Endpoint::PutRepoActionsPermissions { repo: r.clone() },
        Endpoint::RepoSelectedActions { repo: r.clone() },
        Endpoint::PutRepoSelectedActions { repo: r.clone() },
        Endpoint::RepoWorkflowPermissions { repo: r.clone() },
        Endpoint::PutRepoWorkflowPermissions { repo: r.clone() },
        Endpoint::OrgActionsPermissions { org: org.clone() },
        Endpoint::PutOrgActionsPermissions { org: org.clone() },
        Endpoint::OrgSelectedActions { org: org.clone() },
        Endpoint::PutOrgSelectedActions { org: org.clone() },
        Endpoint::OrgWorkflowPermissions { org: org.clone() },
        Endpoint::PutOrgWorkflowPermissions { org: org.clone() },
        Endpoint::OrgSelfHostedRunnerPolicy { org: org.clone() },
        Endpoint::OrgSelfHostedRunnerRepos {
            org: org.clone(),
            per_page: 100,
        },
        Endpoint::RepoSecrets { repo: r.clone() },
        Endpoint::RepoOrgSecrets { repo: r.clone() },
        Endpoint::SecretsPublicKey { repo: r.clone() },
        Endpoint::PutSecret {
            repo: r.clone(),
            secret_name: SecretName::parse("GHCR_PAT").unwrap(),
        },
        Endpoint::RepoRunners { repo: r.clone() },
        Endpoint::OrgRunners { org: org.clone() },
        Endpoint::OrgPackage {
            org: org.clone(),
            package_name: pkg.clone(),
        },
        Endpoint::OwnPackage {
            package_name: pkg.clone(),
        },
        Endpoint::PublicUserPackage {
            username: login("octo"),
            package_name: pkg,
        },
        Endpoint::Contents {
            repo: r.clone(),
            path: file.repo_path(),
            at: None,
        },
        Endpoint::PutContents {
            repo: r.clone(),
            path: file.repo_path(),
        },
        Endpoint::GitRefHead {
            repo: r.clone(),
            git_ref: GitRef::Branch(BranchName::parse("main").unwrap()),
        },
        Endpoint::AnnotatedTag {
            repo: r.clone(),
            tag_sha: CommitSha::parse(&"a".repeat(40)).unwrap(),
        },
        Endpoint::PostRef { repo: r.clone() },
        Endpoint::Compare {
            repo: r.clone(),
            basehead: BaseHead {
                base: BranchName::parse("main").unwrap(),
                head: BranchName::parse("ghcr-setup/docker-image").unwrap(),
            },
        },
        Endpoint::OpenPulls {
            repo: r.clone(),
            head_owner: login("octo"),
            head_branch: BranchName::parse("ghcr-setup").unwrap(),
        },
        Endpoint::PostPull { repo: r.clone() },
        Endpoint::Workflow {
            repo: r.clone(),
            workflow_id: file.clone(),
        },
        Endpoint::WorkflowRuns {
            repo: r.clone(),
            workflow_id: file,
            per_page: 5,
        },
        Endpoint::Releases {
            repo: r,
            per_page: 10,
        },
    ];
    for ep in &all {
        match ep {
            Endpoint::User
            | Endpoint::Repo { .. }
            | Endpoint::Account { .. }
            | Endpoint::OrgMembership { .. }
            | Endpoint::RepoActionsPermissions { .. }
            | Endpoint::PutRepoActionsPermissions { .. }
            | Endpoint::RepoSelectedActions { .. }
            | Endpoint::PutRepoSelectedActions { .. }
            | Endpoint::RepoWorkflowPermissions { .. }
            | Endpoint::PutRepoWorkflowPermissions { .. }
            | Endpoint::OrgActionsPermissions { .. }
            | Endpoint::PutOrgActionsPermissions { .. }
            | Endpoint::OrgSelectedActions { .. }
            | Endpoint::PutOrgSelectedActions { .. }
            | Endpoint::OrgWorkflowPermissions { .. }
            | Endpoint::PutOrgWorkflowPermissions { .. }
            | Endpoint::OrgSelfHostedRunnerPolicy { .. }
            | Endpoint::OrgSelfHostedRunnerRepos { .. }
            | Endpoint::RepoSecrets { .. }
            | Endpoint::RepoOrgSecrets { .. }
            | Endpoint::SecretsPublicKey { .. }
            | Endpoint::PutSecret { .. }
            | Endpoint::RepoRunners { .. }
            | Endpoint::OrgRunners { .. }
            | Endpoint::OrgPackage { .. }
            | Endpoint::OwnPackage { .. }
            | Endpoint::PublicUserPackage { .. }
            | Endpoint::Contents { .. }
            | Endpoint::PutContents { .. }
            | Endpoint::GitRefHead { .. }
            | Endpoint::AnnotatedTag { .. }
            | Endpoint::PostRef { .. }
            | Endpoint::Compare { .. }
            | Endpoint::OpenPulls { .. }
            | Endpoint::PostPull { .. }
            | Endpoint::Workflow { .. }
            | Endpoint::WorkflowRuns { .. }
            | Endpoint::Releases { .. } => {}
        }
    }
    all
}

/// Replaces every `{…}` of a template with `*`.
fn shape(template: &str) -> String {
    let mut out = String::new();
    let mut inside = false;
    for c in template.chars() {
        match c {
            '{' => {
                inside = true;
                out.push('*');
            }
            '}' => inside = false,
            _ if !inside => out.push(c),
            _ => {}
        }
    }
    out
}

#[test]
fn templates_list_matches_the_endpoints_exactly() {
    let built: Vec<(&str, &str)> = every_endpoint()
        .iter()
        .map(|ep| (ep.method().as_str(), ep.template()))
        .collect();
    assert_eq!(
        built,
        ENDPOINT_TEMPLATES.to_vec(),
        "one value per line of the list, in order"
    );
    let mut unique = built.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), built.len(), "no call is listed twice");
}

#[test]
fn every_placeholder_is_filled_and_paths_have_the_shape_of_their_template() {
    for ep in every_endpoint() {
        let path = ep.path();
        assert!(!path.contains('{') && !path.contains('}'), "{path}");
        let template = shape(ep.template());
        let path_parts: Vec<&str> = path.split('/').collect();
        let template_parts: Vec<&str> = template.split('/').collect();
        // `{path}`, `{ref}` and `{basehead}` may span several segments.
        if !template.ends_with("/contents/*")
            && !template.ends_with("/git/ref/*")
            && !template.ends_with("/compare/*")
        {
            assert_eq!(
                path_parts.len(),
                template_parts.len(),
                "{path} vs {template}"
            );
        }
        for (p, t) in path_parts.iter().zip(&template_parts) {
            assert!(*t == "*" || p == t, "{path} vs {template}");
        }
    }
}

#[test]
fn writes_are_the_puts_and_posts_of_the_table() {
    let writes: Vec<(Method, &str)> = every_endpoint()
        .iter()
        .filter(|ep| ep.method() != Method::Get)
        .map(|ep| (ep.method(), ep.template()))
        .collect();
    assert_eq!(writes.len(), 10);
    assert!(writes.iter().all(|(m, t)| match m {
        Method::Post => t.ends_with("/git/refs") || t.ends_with("/pulls"),
        Method::Put => true,
        _ => false,
    }));
}

#[test]
fn urls_for_common_endpoints() {
    let base = "https://api.github.com";
    let cases = [
        (Endpoint::User, "https://api.github.com/user"),
        (
            Endpoint::Repo {
                repo: repo("Octo-Org/my.app"),
            },
            "https://api.github.com/repos/Octo-Org/my.app",
        ),
        (
            Endpoint::OrgPackage {
                org: login("acme"),
                package_name: ImageName::parse("ghcr.io/acme/app/worker")
                    .unwrap()
                    .package_name(),
            },
            "https://api.github.com/orgs/acme/packages/container/app%2Fworker",
        ),
        (
            Endpoint::PublicUserPackage {
                username: login("octo"),
                package_name: ImageName::parse("ghcr.io/octo/app").unwrap().package_name(),
            },
            "https://api.github.com/users/octo/packages/container/app",
        ),
        (
            Endpoint::Contents {
                repo: repo("o/r"),
                path: RepoPath::parse("./.github/workflows/docker+image.yml").unwrap(),
                at: None,
            },
            "https://api.github.com/repos/o/r/contents/.github/workflows/docker%2Bimage.yml",
        ),
        (
            Endpoint::GitRefHead {
                repo: repo("o/r"),
                git_ref: GitRef::Branch(BranchName::parse("feature/ghcr").unwrap()),
            },
            "https://api.github.com/repos/o/r/git/ref/heads/feature/ghcr",
        ),
        (
            Endpoint::GitRefHead {
                repo: repo("docker/login-action"),
                git_ref: GitRef::Tag(BranchName::parse("v4.1.0").unwrap()),
            },
            "https://api.github.com/repos/docker/login-action/git/ref/tags/v4.1.0",
        ),
        (
            Endpoint::WorkflowRuns {
                repo: repo("o/r"),
                workflow_id: WorkflowFileName::docker_image(),
                per_page: 3,
            },
            "https://api.github.com/repos/o/r/actions/workflows/docker-image.yml/runs?per_page=3",
        ),
        (
            Endpoint::OpenPulls {
                repo: repo("o/r"),
                head_owner: login("o"),
                head_branch: BranchName::parse("ghcr-setup/workflow").unwrap(),
            },
            "https://api.github.com/repos/o/r/pulls?head=o%3Aghcr-setup%2Fworkflow&state=open",
        ),
        (
            Endpoint::PutSecret {
                repo: repo("o/r"),
                secret_name: SecretName::parse("local_runner_fallback_token").unwrap(),
            },
            "https://api.github.com/repos/o/r/actions/secrets/LOCAL_RUNNER_FALLBACK_TOKEN",
        ),
    ];
    for (ep, url) in cases {
        assert_eq!(ep.url(base), url);
    }
    assert_eq!(
        Endpoint::Repo { repo: repo("o/r") }.describe(),
        "GET /repos/o/r"
    );
}

#[test]
fn bases_are_normalized() {
    assert_eq!(
        normalize_base("https://api.github.com/"),
        "https://api.github.com"
    );
    assert_eq!(
        normalize_base(" https://ghe.example.com/api/v3// "),
        "https://ghe.example.com/api/v3"
    );
    assert_eq!(normalize_base(""), "https://api.github.com");
    assert_eq!(
        Endpoint::User.url("https://ghe.example.com/api/v3/"),
        "https://ghe.example.com/api/v3/user"
    );
    assert_eq!(
        Endpoint::User.url("http://127.0.0.1:9999"),
        "http://127.0.0.1:9999/user"
    );
}

fn header<'a>(req: &'a ghcr_setup_core::http::HttpRequest, name: &str) -> Option<&'a str> {
    req.headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

#[test]
fn request_headers() {
    let token = Secret::new("ghp_secretvalue");
    let req = build_request(
        "https://api.github.com/",
        &Endpoint::User,
        Some(&token),
        Some("W/\"abc\""),
        None,
    );
    assert_eq!(req.method, Method::Get);
    assert_eq!(req.url, "https://api.github.com/user");
    assert_eq!(header(&req, "Accept"), Some("application/vnd.github+json"));
    assert_eq!(
        header(&req, "Authorization"),
        Some("Bearer ghp_secretvalue")
    );
    assert_eq!(header(&req, "If-None-Match"), Some("W/\"abc\""));
    assert_eq!(header(&req, "Content-Type"), None);
    assert_eq!(header(&req, "X-GitHub-Api-Version"), None);
    assert!(!format!("{req:?}").contains("ghp_secretvalue"));

    let anonymous = build_request("https://api.github.com", &Endpoint::User, None, None, None);
    assert_eq!(header(&anonymous, "Authorization"), None);
    assert_eq!(header(&anonymous, "If-None-Match"), None);
    assert_eq!(anonymous.headers.len(), 1);

    let put = build_request(
        "https://api.github.com",
        &Endpoint::PutSecret {
            repo: repo("o/r"),
            secret_name: SecretName::parse("GHCR_PAT").unwrap(),
        },
        Some(&token),
        None,
        Some("{\"encrypted_value\":\"x\",\"key_id\":\"1\"}".into()),
    );
    assert_eq!(put.method, Method::Put);
    assert_eq!(header(&put, "Content-Type"), Some("application/json"));
    assert!(put.body.is_some());
}
