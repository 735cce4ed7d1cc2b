//! Tests of request building: endpoints, templates, encoding and headers.

use ghcr_setup_core::api::{
    build_request, encode_segment, normalize_base, Endpoint, ENDPOINT_TEMPLATES,
};
use ghcr_setup_core::http::Method;
use ghcr_setup_core::token::Secret;

fn s(text: &str) -> String {
    text.to_string()
}

/// One value of every variant; the `match` fails to compile when a variant
/// is added without being listed here.
fn every_endpoint() -> Vec<Endpoint> {
    let (o, r, org) = (s("octo"), s("app"), s("acme"));
    let all = vec![
        Endpoint::User,
        Endpoint::Repo {
            owner: o.clone(),
            repo: r.clone(),
        },
        Endpoint::OrgMembership { org: org.clone() },
        Endpoint::RepoActionsPermissions {
            owner: o.clone(),
            repo: r.clone(),
        },
        Endpoint::PutRepoActionsPermissions {
            owner: o.clone(),
            repo: r.clone(),
        },
        Endpoint::RepoSelectedActions {
            owner: o.clone(),
            repo: r.clone(),
        },
        Endpoint::RepoWorkflowPermissions {
            owner: o.clone(),
            repo: r.clone(),
        },
        Endpoint::PutRepoWorkflowPermissions {
            owner: o.clone(),
            repo: r.clone(),
        },
        Endpoint::OrgActionsPermissions { org: org.clone() },
        Endpoint::OrgWorkflowPermissions { org: org.clone() },
        Endpoint::OrgSelectedActions { org: org.clone() },
        Endpoint::RepoSecrets {
            owner: o.clone(),
            repo: r.clone(),
        },
        Endpoint::RepoSecret {
            owner: o.clone(),
            repo: r.clone(),
            name: s("GHCR_PAT"),
        },
        Endpoint::RepoOrgSecrets {
            owner: o.clone(),
            repo: r.clone(),
        },
        Endpoint::SecretsPublicKey {
            owner: o.clone(),
            repo: r.clone(),
        },
        Endpoint::PutSecret {
            owner: o.clone(),
            repo: r.clone(),
            name: s("GHCR_PAT"),
        },
        Endpoint::RepoRunners {
            owner: o.clone(),
            repo: r.clone(),
        },
        Endpoint::OrgRunners { org: org.clone() },
        Endpoint::OrgPackage {
            org: org.clone(),
            name: s("app"),
        },
        Endpoint::UserPackage { name: s("app") },
        Endpoint::UsersPackage {
            user: o.clone(),
            name: s("app"),
        },
        Endpoint::WorkflowFile {
            owner: o.clone(),
            repo: r.clone(),
            path: s(".github/workflows/docker-image.yml"),
        },
        Endpoint::PutContents {
            owner: o.clone(),
            repo: r.clone(),
            path: s(".github/workflows/docker-image.yml"),
        },
        Endpoint::BranchRef {
            owner: o.clone(),
            repo: r.clone(),
            branch: s("main"),
        },
        Endpoint::CreateRef {
            owner: o.clone(),
            repo: r.clone(),
        },
        Endpoint::CreatePull {
            owner: o.clone(),
            repo: r.clone(),
        },
        Endpoint::WorkflowRuns {
            owner: o,
            repo: r,
            file: s("docker-image.yml"),
            per_page: 5,
        },
        Endpoint::RateLimit,
    ];
    for ep in &all {
        match ep {
            Endpoint::User
            | Endpoint::Repo { .. }
            | Endpoint::OrgMembership { .. }
            | Endpoint::RepoActionsPermissions { .. }
            | Endpoint::PutRepoActionsPermissions { .. }
            | Endpoint::RepoSelectedActions { .. }
            | Endpoint::RepoWorkflowPermissions { .. }
            | Endpoint::PutRepoWorkflowPermissions { .. }
            | Endpoint::OrgActionsPermissions { .. }
            | Endpoint::OrgWorkflowPermissions { .. }
            | Endpoint::OrgSelectedActions { .. }
            | Endpoint::RepoSecrets { .. }
            | Endpoint::RepoSecret { .. }
            | Endpoint::RepoOrgSecrets { .. }
            | Endpoint::SecretsPublicKey { .. }
            | Endpoint::PutSecret { .. }
            | Endpoint::RepoRunners { .. }
            | Endpoint::OrgRunners { .. }
            | Endpoint::OrgPackage { .. }
            | Endpoint::UserPackage { .. }
            | Endpoint::UsersPackage { .. }
            | Endpoint::WorkflowFile { .. }
            | Endpoint::PutContents { .. }
            | Endpoint::BranchRef { .. }
            | Endpoint::CreateRef { .. }
            | Endpoint::CreatePull { .. }
            | Endpoint::WorkflowRuns { .. }
            | Endpoint::RateLimit => {}
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
    let mut built: Vec<(&str, &str)> = every_endpoint()
        .iter()
        .map(|ep| (ep.method().as_str(), ep.template()))
        .collect();
    built.sort();
    built.dedup();
    let mut listed = ENDPOINT_TEMPLATES.to_vec();
    listed.sort();
    assert_eq!(built, listed);
}

#[test]
fn paths_have_the_shape_of_their_template() {
    for ep in every_endpoint() {
        let path = ep.path();
        let template = shape(ep.template());
        let path_parts: Vec<&str> = path.split('/').collect();
        let template_parts: Vec<&str> = template.split('/').collect();
        // `{path}` and `{ref}` may span several segments.
        if !template.ends_with("/contents/*") && !template.ends_with("/git/ref/*") {
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
fn methods_match_the_table() {
    let writes: Vec<(Method, &str)> = every_endpoint()
        .iter()
        .filter(|ep| ep.method() != Method::Get)
        .map(|ep| (ep.method(), ep.template()))
        .collect();
    assert_eq!(
        writes,
        vec![
            (Method::Put, "/repos/{owner}/{repo}/actions/permissions"),
            (
                Method::Put,
                "/repos/{owner}/{repo}/actions/permissions/workflow"
            ),
            (
                Method::Put,
                "/repos/{owner}/{repo}/actions/secrets/{secret_name}"
            ),
            (Method::Put, "/repos/{owner}/{repo}/contents/{path}"),
            (Method::Post, "/repos/{owner}/{repo}/git/refs"),
            (Method::Post, "/repos/{owner}/{repo}/pulls"),
        ]
    );
}

#[test]
fn urls_for_common_endpoints() {
    let base = "https://api.github.com";
    let cases = [
        (Endpoint::User, "https://api.github.com/user"),
        (
            Endpoint::Repo {
                owner: s("Octo-Org"),
                repo: s("my.app"),
            },
            "https://api.github.com/repos/Octo-Org/my.app",
        ),
        (
            Endpoint::OrgPackage {
                org: s("acme"),
                name: s("app/worker"),
            },
            "https://api.github.com/orgs/acme/packages/container/app%2Fworker",
        ),
        (
            Endpoint::UsersPackage {
                user: s("octo"),
                name: s("app"),
            },
            "https://api.github.com/users/octo/packages/container/app",
        ),
        (
            Endpoint::WorkflowFile {
                owner: s("o"),
                repo: s("r"),
                path: s("/.github/workflows/docker image.yml"),
            },
            "https://api.github.com/repos/o/r/contents/.github/workflows/docker%20image.yml",
        ),
        (
            Endpoint::BranchRef {
                owner: s("o"),
                repo: s("r"),
                branch: s("feature/ghcr"),
            },
            "https://api.github.com/repos/o/r/git/ref/heads/feature/ghcr",
        ),
        (
            Endpoint::WorkflowRuns {
                owner: s("o"),
                repo: s("r"),
                file: s("docker-image.yml"),
                per_page: 3,
            },
            "https://api.github.com/repos/o/r/actions/workflows/docker-image.yml/runs?per_page=3",
        ),
        (
            Endpoint::RepoSecret {
                owner: s("o"),
                repo: s("r"),
                name: s("A B"),
            },
            "https://api.github.com/repos/o/r/actions/secrets/A%20B",
        ),
    ];
    for (ep, url) in cases {
        assert_eq!(ep.url(base), url);
    }
}

#[test]
fn odd_names_are_percent_encoded() {
    assert_eq!(encode_segment("a b/c?d#e%f"), "a%20b%2Fc%3Fd%23e%25f");
    assert_eq!(encode_segment("ok-._~AZaz09"), "ok-._~AZaz09");
    assert_eq!(encode_segment("é"), "%C3%A9");
    assert_eq!(encode_segment(".."), "..");
    let ep = Endpoint::Repo {
        owner: s("a/b"),
        repo: s("../x"),
    };
    assert_eq!(ep.path(), "/repos/a%2Fb/..%2Fx");
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
    let ep = Endpoint::RateLimit;
    assert_eq!(
        ep.url("https://ghe.example.com/api/v3/"),
        "https://ghe.example.com/api/v3/rate_limit"
    );
    assert_eq!(
        ep.url("http://127.0.0.1:9999"),
        "http://127.0.0.1:9999/rate_limit"
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

    let anonymous = build_request(
        "https://api.github.com",
        &Endpoint::RateLimit,
        None,
        None,
        None,
    );
    assert_eq!(header(&anonymous, "Authorization"), None);
    assert_eq!(header(&anonymous, "If-None-Match"), None);
    assert_eq!(anonymous.headers.len(), 1);

    let put = build_request(
        "https://api.github.com",
        &Endpoint::PutSecret {
            owner: s("o"),
            repo: s("r"),
            name: s("GHCR_PAT"),
        },
        Some(&token),
        None,
        Some(s("{\"encrypted_value\":\"x\",\"key_id\":\"1\"}")),
    );
    assert_eq!(put.method, Method::Put);
    assert_eq!(header(&put, "Content-Type"), Some("application/json"));
    assert!(put.body.is_some());
}
