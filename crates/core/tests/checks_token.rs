//! The "Token & account" checks, one scenario per outcome each can give,
//! with the wording snapshotted (`snapshots/checks_token__<id>.snap`).

use crate::support;

use ghcr_setup_core::api::{ApiError, ErrorBody};
use ghcr_setup_core::check::{FactKey, Status, Why};
use ghcr_setup_core::token::Scope;
use ghcr_setup_core::token::TokenKind;
use support::bodies;
use support::checklist::{case, not_found, scenarios, Fixture};

fn repo_with_role(admin: bool, maintain: bool, push: bool, triage: bool) -> String {
    format!(
        r#"{{"full_name":"acme/app","owner":{{"login":"acme","type":"Organization"}},"private":true,"visibility":"private","default_branch":"main","archived":false,"permissions":{{"admin":{admin},"maintain":{maintain},"push":{push},"triage":{triage},"pull":true}}}}"#
    )
}

fn sso(url: Option<&str>) -> ApiError {
    ApiError::SsoRequired {
        authorize_url: url.map(str::to_string),
    }
}

#[test]
fn identity() {
    use Status::*;
    let doc = scenarios(
        "identity",
        vec![
            case("classic token", Pass, Fixture::org()),
            case(
                "oauth token from the device flow",
                Pass,
                Fixture::org().token_kind(TokenKind::OAuth),
            ),
            case(
                "token without a known prefix",
                Pass,
                Fixture::org().token_kind(TokenKind::Unknown),
            ),
            case(
                "fine-grained token",
                Warn,
                Fixture::org().token_kind(TokenKind::FineGrainedPat),
            ),
            case(
                "github app user token",
                Warn,
                Fixture::org().token_kind(TokenKind::AppUser),
            ),
            case(
                "installation token",
                Warn,
                Fixture::org().token_kind(TokenKind::Installation),
            ),
            case(
                "refresh token",
                Fail,
                Fixture::org().token_kind(TokenKind::Refresh),
            ),
            case(
                "token refused (401)",
                Fail,
                Fixture::org().fail(
                    FactKey::User,
                    ApiError::BadCredentials(ErrorBody::default()),
                ),
            ),
            case(
                "github had a problem (5xx)",
                Unknown,
                Fixture::org().fail(FactKey::User, ApiError::Server { status: 503 }),
            ),
            case(
                "network error",
                Unknown,
                Fixture::org().fail(FactKey::User, ApiError::Network("offline".into())),
            ),
            case(
                "rate limited",
                Unknown,
                Fixture::org().fail(
                    FactKey::User,
                    ApiError::RateLimited {
                        reset_at_s: Some(1_795_698_000),
                        retry_after_s: None,
                        secondary: false,
                    },
                ),
            ),
            case(
                "account hidden (404: not GitHub's API, or a token that cannot read itself)",
                Unknown,
                Fixture::org().fail(FactKey::User, not_found()),
            ),
            case("pending", Pending, Fixture::org().pending(FactKey::User)),
        ],
    );
    insta::assert_snapshot!("identity", doc);
}

#[test]
fn token_scopes() {
    use Status::*;
    let doc = scenarios(
        "token-scopes",
        vec![
            case("every scope", Pass, Fixture::org()),
            case(
                "required scopes only",
                Pass,
                Fixture::org().scopes("repo, read:org, read:packages"),
            ),
            case(
                "broader scopes imply the required ones",
                Pass,
                Fixture::org().scopes("repo, admin:org, write:packages, workflow"),
            ),
            case(
                "read:packages and read:org missing",
                Fail,
                Fixture::org().scopes("repo, workflow"),
            ),
            case("no scopes at all", Fail, Fixture::org().scopes("")),
            case(
                "fine-grained token has no scopes",
                NotApplicable,
                Fixture::org().token_kind(TokenKind::FineGrainedPat),
            ),
            case(
                "github app user token has no scopes",
                NotApplicable,
                Fixture::org().token_kind(TokenKind::AppUser),
            ),
            case(
                "account unreadable",
                Unknown,
                Fixture::org().fail(FactKey::User, ApiError::Server { status: 500 }),
            ),
            case("pending", Pending, Fixture::org().pending(FactKey::User)),
        ],
    );
    insta::assert_snapshot!("token-scopes", doc);
}

#[test]
fn repo_access() {
    use Status::*;
    let role = |admin, maintain, push, triage| {
        Fixture::org().ok(
            FactKey::Repo,
            &repo_with_role(admin, maintain, push, triage),
        )
    };
    let archived = bodies::repo("acme/app", true, false, true)
        .replace("\"archived\":false", "\"archived\":true");
    let no_permissions = r#"{"full_name":"acme/app","owner":{"login":"acme","type":"Organization"},"private":false,"default_branch":"trunk","archived":false}"#;
    let doc = scenarios(
        "repo-access",
        vec![
            case("admin of an organization repository", Pass, Fixture::org()),
            case("admin of your own repository", Pass, Fixture::personal()),
            case(
                "admin, but the organization has not approved the app",
                Warn,
                Fixture::org().token_kind(TokenKind::OAuth).fail(
                    FactKey::RepoActions,
                    ApiError::OAuthAppRestricted {
                        org: Some("acme".into()),
                    },
                ),
            ),
            case("maintain", Warn, role(false, true, true, true)),
            case("write", Warn, role(false, false, true, true)),
            case("triage", Fail, role(false, false, false, true)),
            case("read", Fail, role(false, false, false, false)),
            case(
                "no permissions reported",
                Unknown,
                Fixture::org().ok(FactKey::Repo, no_permissions),
            ),
            case(
                "archived",
                Fail,
                Fixture::org().ok(FactKey::Repo, &archived),
            ),
            case(
                "not found or invisible",
                Fail,
                Fixture::org().fail(FactKey::Repo, not_found()),
            ),
            case(
                "repo scope missing (403 naming the scope)",
                Fail,
                Fixture::org().fail(
                    FactKey::Repo,
                    ApiError::MissingScopes {
                        needed: vec!["repo".into()],
                        have: vec!["read:org".into()],
                    },
                ),
            ),
            case(
                "token not authorized for sso",
                Fail,
                Fixture::org().fail(
                    FactKey::Repo,
                    sso(Some(
                        "https://github.com/orgs/acme/sso?authorization_request=1",
                    )),
                ),
            ),
            case(
                "github had a problem (5xx)",
                Unknown,
                Fixture::org().fail(FactKey::Repo, ApiError::Server { status: 502 }),
            ),
            case(
                "answer unreadable",
                Unknown,
                Fixture::org().fail(
                    FactKey::Repo,
                    ApiError::Malformed("missing field `owner`".into()),
                ),
            ),
            case("pending", Pending, Fixture::org().pending(FactKey::Repo)),
        ],
    );
    insta::assert_snapshot!("repo-access", doc);
}

#[test]
fn org_role() {
    use Status::*;
    let invited = r#"{"state":"pending","role":"member"}"#;
    let doc = scenarios(
        "org-role",
        vec![
            case("owner", Pass, Fixture::org()),
            case(
                "owner, but the organization has not approved the app",
                Warn,
                Fixture::org().token_kind(TokenKind::OAuth).fail(
                    FactKey::OrgActions,
                    ApiError::OAuthAppRestricted {
                        org: Some("acme".into()),
                    },
                ),
            ),
            case(
                "member",
                Pass,
                Fixture::org().ok(FactKey::Membership, &bodies::membership("member")),
            ),
            case(
                "invitation not accepted",
                Warn,
                Fixture::org().ok(FactKey::Membership, invited),
            ),
            case(
                "outside collaborator (404)",
                Pass,
                Fixture::org().fail(FactKey::Membership, not_found()),
            ),
            case("personal repository", NotApplicable, Fixture::personal()),
            case(
                "read:org missing",
                Unknown,
                Fixture::org().skipped(FactKey::Membership, Why::MissingScope(Scope::ReadOrg)),
            ),
            case(
                "sso not authorized",
                Unknown,
                Fixture::org().fail(FactKey::Membership, sso(None)),
            ),
            case(
                "repository unreadable",
                Unknown,
                Fixture::org().fail(FactKey::Repo, ApiError::Server { status: 500 }),
            ),
            case(
                "repository hidden (404)",
                Unknown,
                Fixture::org().fail(FactKey::Repo, not_found()),
            ),
            case(
                "membership pending",
                Pending,
                Fixture::org().waiting(FactKey::Membership),
            ),
            case(
                "repository pending",
                Pending,
                Fixture::org().pending(FactKey::Repo),
            ),
        ],
    );
    insta::assert_snapshot!("org-role", doc);
}

#[test]
fn org_access() {
    use Status::*;
    let doc = scenarios(
        "org-access",
        vec![
            case("nothing refused", Pass, Fixture::org()),
            case(
                "nothing refused, org facts skipped for scopes",
                Pass,
                Fixture::org()
                    .scopes("repo, read:org, read:packages")
                    .skipped(FactKey::OrgActions, Why::MissingScope(Scope::AdminOrg)),
            ),
            case(
                "oauth app restrictions",
                Fail,
                Fixture::org()
                    .token_kind(TokenKind::OAuth)
                    .fail(
                        FactKey::Membership,
                        ApiError::OAuthAppRestricted {
                            org: Some("acme".into()),
                        },
                    )
                    .fail(
                        FactKey::OrgActions,
                        ApiError::OAuthAppRestricted {
                            org: Some("acme".into()),
                        },
                    ),
            ),
            case(
                "sso with an authorization link",
                Fail,
                Fixture::org().fail(
                    FactKey::OrgActions,
                    sso(Some(
                        "https://github.com/orgs/acme/sso?authorization_request=1",
                    )),
                ),
            ),
            case(
                "sso without a link, classic token",
                Fail,
                Fixture::org().fail(FactKey::Package, sso(None)),
            ),
            case(
                "sso without a link, oauth token",
                Fail,
                Fixture::org()
                    .token_kind(TokenKind::OAuth)
                    .fail(FactKey::Package, sso(None)),
            ),
            case("personal repository", NotApplicable, Fixture::personal()),
            case(
                "repository unreadable",
                Unknown,
                Fixture::org().fail(FactKey::Repo, ApiError::Timeout),
            ),
            case(
                "package pending",
                Pending,
                Fixture::org().pending(FactKey::Package),
            ),
        ],
    );
    insta::assert_snapshot!("org-access", doc);
}
