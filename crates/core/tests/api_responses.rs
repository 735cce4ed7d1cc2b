//! Tests of answer handling: classification, rate limits, ETag cache,
//! retries and typed parsing.

use ghcr_setup_core::api::{
    classify, parse_json, ApiError, Classified, ErrorBody, ErrorDetail, EtagCache, OwnerKind,
    RateLimit, Repo, RetryPolicy, User, MAX_CONCURRENT_REQUESTS,
};
use ghcr_setup_core::http::HttpResponse;

fn resp(status: u16, headers: &[(&str, &str)], body: &str) -> HttpResponse {
    HttpResponse {
        status,
        headers: headers
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
        body: body.to_string(),
    }
}

fn body(message: &str) -> ErrorBody {
    ErrorBody {
        message: Some(message.to_string()),
        documentation_url: Some("https://docs.github.com/rest".to_string()),
        errors: vec![],
    }
}

fn github_error(message: &str) -> String {
    format!("{{\"message\":\"{message}\",\"documentation_url\":\"https://docs.github.com/rest\"}}")
}

const RESTRICTED: &str = "Although you appear to have the correct authorization credentials, the `octo-org` organization has enabled OAuth App access restrictions, meaning that data access to third-parties is limited.";

#[test]
fn statuses_and_headers_map_to_the_right_variant() {
    let cases: Vec<(HttpResponse, ApiError)> = vec![
        (
            resp(401, &[], &github_error("Bad credentials")),
            ApiError::BadCredentials(body("Bad credentials")),
        ),
        (
            resp(
                403,
                &[
                    ("X-OAuth-Scopes", "repo"),
                    ("X-Accepted-OAuth-Scopes", "read:packages"),
                ],
                &github_error("Resource not accessible"),
            ),
            ApiError::MissingScopes {
                needed: vec!["read:packages".into()],
                have: vec!["repo".into()],
            },
        ),
        (
            resp(
                403,
                &[
                    ("X-OAuth-Scopes", "repo, admin:org"),
                    ("X-Accepted-OAuth-Scopes", "read:org"),
                ],
                &github_error("Must have admin rights"),
            ),
            ApiError::Forbidden(body("Must have admin rights")),
        ),
        (
            resp(
                403,
                &[("X-Accepted-OAuth-Scopes", "read:packages")],
                &github_error("Denied"),
            ),
            ApiError::Forbidden(body("Denied")),
        ),
        (
            resp(
                403,
                &[(
                    "x-github-sso",
                    "required; url=https://github.com/orgs/acme/sso?authorization_request=AZ1",
                )],
                &github_error("Resource protected by organization SAML enforcement."),
            ),
            ApiError::SsoRequired {
                authorize_url: Some(
                    "https://github.com/orgs/acme/sso?authorization_request=AZ1".into(),
                ),
            },
        ),
        (
            resp(403, &[("X-GitHub-SSO", "required")], "{}"),
            ApiError::SsoRequired {
                authorize_url: None,
            },
        ),
        (
            resp(403, &[], &github_error(RESTRICTED)),
            ApiError::OAuthAppRestricted {
                org: Some("octo-org".into()),
            },
        ),
        (
            resp(
                403,
                &[
                    ("X-RateLimit-Remaining", "0"),
                    ("X-RateLimit-Reset", "1700000000"),
                ],
                &github_error("API rate limit exceeded for user ID 1."),
            ),
            ApiError::RateLimited {
                reset_at_s: Some(1_700_000_000),
                retry_after_s: None,
                secondary: false,
            },
        ),
        (
            resp(
                429,
                &[
                    ("X-RateLimit-Remaining", "0"),
                    ("X-RateLimit-Reset", "1700000001"),
                ],
                "",
            ),
            ApiError::RateLimited {
                reset_at_s: Some(1_700_000_001),
                retry_after_s: None,
                secondary: false,
            },
        ),
        (
            resp(
                403,
                &[("Retry-After", "30"), ("X-RateLimit-Remaining", "4000")],
                &github_error("You have exceeded a secondary rate limit."),
            ),
            ApiError::RateLimited {
                reset_at_s: None,
                retry_after_s: Some(30),
                secondary: true,
            },
        ),
        (
            resp(
                403,
                &[],
                &github_error(
                    "You have exceeded a secondary rate limit. Please wait a few minutes.",
                ),
            ),
            ApiError::RateLimited {
                reset_at_s: None,
                retry_after_s: None,
                secondary: true,
            },
        ),
        (
            resp(429, &[], ""),
            ApiError::RateLimited {
                reset_at_s: None,
                retry_after_s: None,
                secondary: true,
            },
        ),
        (
            resp(
                403,
                &[],
                &github_error("Must have admin rights to Repository."),
            ),
            ApiError::Forbidden(body("Must have admin rights to Repository.")),
        ),
        (
            resp(404, &[], &github_error("Not Found")),
            ApiError::NotFound(body("Not Found")),
        ),
        (
            resp(
                422,
                &[],
                r#"{"message":"Validation Failed","errors":[{"resource":"Ref","field":"ref","code":"already_exists"},"sha wasn't supplied."]}"#,
            ),
            ApiError::Validation(ErrorBody {
                message: Some("Validation Failed".into()),
                documentation_url: None,
                errors: vec![
                    ErrorDetail {
                        resource: Some("Ref".into()),
                        field: Some("ref".into()),
                        code: Some("already_exists".into()),
                        message: None,
                    },
                    ErrorDetail {
                        message: Some("sha wasn't supplied.".into()),
                        ..ErrorDetail::default()
                    },
                ],
            }),
        ),
        (resp(500, &[], ""), ApiError::Server { status: 500 }),
        (resp(503, &[], "<html>"), ApiError::Server { status: 503 }),
        (
            resp(409, &[], &github_error("is at abc but expected def")),
            ApiError::Unexpected {
                status: 409,
                body: body("is at abc but expected def"),
            },
        ),
        (
            resp(409, &[], &github_error("Git Repository is empty.")),
            ApiError::EmptyRepository,
        ),
        (
            resp(302, &[], ""),
            ApiError::Unexpected {
                status: 302,
                body: ErrorBody::default(),
            },
        ),
        (
            resp(400, &[], "not json"),
            ApiError::Unexpected {
                status: 400,
                body: ErrorBody::default(),
            },
        ),
    ];
    for (response, expected) in cases {
        assert_eq!(classify(&response), Err(expected), "{response:?}");
    }
}

#[test]
fn successes_are_fresh_or_not_modified() {
    let ok = resp(200, &[("etag", "\"v1\"")], "{\"login\":\"octo\"}");
    assert_eq!(
        classify(&ok),
        Ok(Classified::Fresh {
            status: 200,
            body: "{\"login\":\"octo\"}".into(),
            etag: Some("\"v1\"".into())
        })
    );
    assert_eq!(
        classify(&resp(204, &[], "")),
        Ok(Classified::Fresh {
            status: 204,
            body: String::new(),
            etag: None
        })
    );
    assert_eq!(classify(&resp(304, &[], "")), Ok(Classified::NotModified));
    // An SSO header on a success (partial results) is not an error.
    assert!(classify(&resp(
        200,
        &[("X-GitHub-SSO", "partial-results; organizations=1")],
        "[]"
    ))
    .is_ok());
}

#[test]
fn every_error_has_a_title_and_advice() {
    let errors = [
        ApiError::BadCredentials(ErrorBody::default()),
        ApiError::MissingScopes {
            needed: vec!["repo".into()],
            have: vec![],
        },
        ApiError::SsoRequired {
            authorize_url: Some("https://sso".into()),
        },
        ApiError::OAuthAppRestricted {
            org: Some("acme".into()),
        },
        ApiError::RateLimited {
            reset_at_s: Some(1),
            retry_after_s: None,
            secondary: false,
        },
        ApiError::RateLimited {
            reset_at_s: None,
            retry_after_s: Some(7),
            secondary: true,
        },
        ApiError::Forbidden(ErrorBody::default()),
        ApiError::NotFound(ErrorBody::default()),
        ApiError::Validation(ErrorBody::default()),
        ApiError::Server { status: 502 },
        ApiError::Network("refused".into()),
        ApiError::Timeout,
        ApiError::Malformed("x".into()),
        ApiError::Unexpected {
            status: 409,
            body: ErrorBody::default(),
        },
        ApiError::EmptyRepository,
    ];
    let mut advice: Vec<String> = errors.iter().map(ApiError::what_to_do).collect();
    advice.sort();
    advice.dedup();
    assert_eq!(advice.len(), errors.len(), "advice must be specific");
    for error in &errors {
        assert!(!error.title().is_empty());
    }
    assert_eq!(
        ApiError::NotFound(ErrorBody::default()).what_to_do(),
        "GitHub answers 404 both for a repository that does not exist and for one your token cannot see. Check the name, or sign in with the `repo` scope."
    );
    assert!(errors[2].what_to_do().contains("https://sso"));
    assert!(errors[5].what_to_do().contains("7 seconds"));
    assert!(errors[1].what_to_do().contains("`repo`"));
    assert_eq!(errors[1].title(), "The token lacks the `repo` scope");
    // Advice is read once the retries are over: nothing may promise that
    // the check goes on by itself.
    for error in &errors {
        assert!(
            !error.what_to_do().contains("by itself"),
            "{}",
            error.what_to_do()
        );
    }
    assert!(errors[5].what_to_do().contains("re-check"));
    assert!(
        !errors[8].title().contains("data sent"),
        "a 422 on a read sent no data"
    );
    assert!(errors[3].title().contains("acme"));
}

#[test]
fn validation_advice_quotes_github() {
    let error = classify(&resp(
        422,
        &[],
        r#"{"message":"Validation Failed","errors":[{"resource":"Ref","code":"already_exists","message":"Reference already exists"}]}"#,
    ))
    .expect_err("422");
    assert!(
        error.what_to_do().contains("Reference already exists"),
        "{}",
        error.what_to_do()
    );
}

#[test]
fn rate_limit_headers_are_read() {
    let r = resp(
        200,
        &[
            ("x-ratelimit-limit", "5000"),
            ("x-ratelimit-remaining", "4990"),
            ("x-ratelimit-used", "10"),
            ("x-ratelimit-reset", "1700000000"),
            ("x-ratelimit-resource", "core"),
        ],
        "",
    );
    let limit = RateLimit::from_headers(&r).expect("headers present");
    assert_eq!(
        limit,
        RateLimit {
            limit: 5000,
            remaining: 4990,
            used: 10,
            reset_s: 1_700_000_000,
            resource: Some("core".into())
        }
    );
    assert_eq!(limit.seconds_until_reset(1_699_999_940_500), 60);
    assert_eq!(limit.seconds_until_reset(1_800_000_000_000), 0);

    let partial = resp(
        200,
        &[
            ("X-RateLimit-Limit", "60"),
            ("X-RateLimit-Remaining", "59"),
            ("X-RateLimit-Reset", "5"),
        ],
        "",
    );
    let limit = RateLimit::from_headers(&partial).expect("enough headers");
    assert_eq!((limit.used, limit.resource), (1, None));

    assert_eq!(RateLimit::from_headers(&resp(200, &[], "")), None);
    assert_eq!(
        RateLimit::from_headers(&resp(
            200,
            &[
                ("X-RateLimit-Limit", "x"),
                ("X-RateLimit-Remaining", "1"),
                ("X-RateLimit-Reset", "5")
            ],
            ""
        )),
        None
    );
}

#[test]
fn etag_cache_answers_not_modified_from_memory() {
    let url = "https://api.github.com/repos/o/r";
    let mut cache = EtagCache::new();
    assert_eq!(cache.etag_for(url), None);
    assert!(matches!(
        cache.resolve(url, &resp(304, &[], "")),
        Err(ApiError::Malformed(_))
    ));

    let fresh = resp(200, &[("ETag", "\"v1\"")], "first");
    assert_eq!(cache.resolve(url, &fresh), Ok("first".to_string()));
    assert_eq!(cache.etag_for(url), Some("\"v1\""));
    assert_eq!(
        cache.resolve(url, &resp(304, &[], "")),
        Ok("first".to_string())
    );

    let newer = resp(200, &[("ETag", "\"v2\"")], "second");
    assert_eq!(cache.resolve(url, &newer), Ok("second".to_string()));
    assert_eq!(cache.etag_for(url), Some("\"v2\""));
    assert_eq!(
        cache.resolve(url, &resp(304, &[], "")),
        Ok("second".to_string())
    );

    // Errors pass through and leave the cache alone.
    assert!(matches!(
        cache.resolve(url, &resp(404, &[], "")),
        Err(ApiError::NotFound(_))
    ));
    assert_eq!(cache.etag_for(url), Some("\"v2\""));

    // A fresh answer without ETag replaces the stale entry.
    assert_eq!(
        cache.resolve(url, &resp(200, &[], "third")),
        Ok("third".to_string())
    );
    assert_eq!(cache.etag_for(url), None);

    let other = "https://api.github.com/user";
    cache
        .resolve(other, &resp(200, &[("ETag", "\"u\"")], "me"))
        .expect("ok");
    assert_eq!(cache.len(), 1);
    cache.clear();
    assert!(cache.is_empty());
}

#[test]
fn retry_policy_retries_only_what_may_pass() {
    let policy = RetryPolicy::default();
    let server = ApiError::Server { status: 502 };
    assert_eq!(policy.delay_for(1, &server), Some(1_000));
    assert_eq!(policy.delay_for(2, &server), Some(2_000));
    assert_eq!(policy.delay_for(3, &server), None, "three attempts in all");
    assert_eq!(
        policy.delay_for(1, &ApiError::Network("x".into())),
        Some(1_000)
    );
    assert_eq!(policy.delay_for(2, &ApiError::Timeout), Some(2_000));

    let secondary = ApiError::RateLimited {
        reset_at_s: None,
        retry_after_s: Some(42),
        secondary: true,
    };
    assert_eq!(policy.delay_for(1, &secondary), Some(42_000));
    let secondary_blind = ApiError::RateLimited {
        reset_at_s: None,
        retry_after_s: None,
        secondary: true,
    };
    assert_eq!(policy.delay_for(1, &secondary_blind), Some(60_000));
    let primary = ApiError::RateLimited {
        reset_at_s: Some(10),
        retry_after_s: None,
        secondary: false,
    };
    assert_eq!(policy.delay_for(1, &primary), None);

    for error in [
        ApiError::BadCredentials(ErrorBody::default()),
        ApiError::NotFound(ErrorBody::default()),
        ApiError::Forbidden(ErrorBody::default()),
        ApiError::Validation(ErrorBody::default()),
        ApiError::MissingScopes {
            needed: vec![],
            have: vec![],
        },
        ApiError::SsoRequired {
            authorize_url: None,
        },
        ApiError::OAuthAppRestricted { org: None },
        ApiError::Malformed("m".into()),
        ApiError::Unexpected {
            status: 409,
            body: ErrorBody::default(),
        },
    ] {
        assert_eq!(policy.delay_for(1, &error), None, "{error:?}");
    }

    let long = RetryPolicy {
        max_attempts: 40,
        ..RetryPolicy::default()
    };
    assert_eq!(
        long.delay_for(39, &server),
        Some(long.max_delay_ms),
        "capped"
    );
    assert_eq!(policy.delay_for(0, &server), None);
    assert!(
        (8..=100).contains(&MAX_CONCURRENT_REQUESTS),
        "within GitHub's 100 and wide enough for one wave"
    );
}

#[test]
fn typed_answers_tolerate_extra_fields() {
    let user: User =
        parse_json(r#"{"login":"octo","id":1,"name":null,"type":"User","site_admin":false}"#)
            .expect("user");
    assert_eq!(user.login, "octo");
    assert_eq!(user.name, None);
    assert_eq!(user.kind.as_deref(), Some("User"));

    let repo: Repo = parse_json(
        r#"{"full_name":"acme/app","owner":{"login":"acme","type":"Organization","id":2},
            "private":true,"visibility":"private","default_branch":"main","archived":false,
            "permissions":{"admin":false,"maintain":true,"push":true,"triage":true,"pull":true},
            "topics":[]}"#,
    )
    .expect("repo");
    assert!(repo.owned_by_org());
    assert_eq!(repo.owner.kind, OwnerKind::Organization);
    let permissions = repo.permissions.expect("permissions");
    assert!(!permissions.admin && permissions.push && permissions.maintain == Some(true));

    let minimal: Repo = parse_json(
        r#"{"full_name":"o/r","owner":{"login":"o","type":"Bot"},"private":false,"default_branch":"trunk","archived":true}"#,
    )
    .expect("minimal repo");
    assert_eq!(minimal.owner.kind, OwnerKind::Other);
    assert_eq!((minimal.visibility, minimal.permissions), (None, None));
}

#[test]
fn typed_answers_reject_missing_fields() {
    let missing_login = parse_json::<User>(r#"{"id":1}"#);
    assert!(
        matches!(&missing_login, Err(ApiError::Malformed(m)) if m.contains("login")),
        "{missing_login:?}"
    );
    let missing_branch = parse_json::<Repo>(
        r#"{"full_name":"o/r","owner":{"login":"o","type":"User"},"private":false,"archived":false}"#,
    );
    assert!(matches!(&missing_branch, Err(ApiError::Malformed(m)) if m.contains("default_branch")));
    assert!(matches!(
        parse_json::<User>("<html>"),
        Err(ApiError::Malformed(_))
    ));
}
