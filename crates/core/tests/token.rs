//! Tests of token kinds, scopes, the scope catalog, token notes and pasted
//! token validation.

use ghcr_setup_core::token::{
    missing, parse_pasted_token, required_scopes, scope_catalog, token_check, NoteLevel, Scope,
    Scopes, Secret, TokenInputError, TokenKind,
};

const CLASSIC: &str = "ghp_0123456789abcdefABCDEF0123456789abcd";

#[test]
fn secret_never_prints_its_value() {
    let secret = Secret::new(CLASSIC);
    assert_eq!(format!("{secret:?}"), "***");
    assert_eq!(format!("{secret}"), "***");
    assert_eq!(format!("{:?}", Some(secret.clone())), "Some(***)");
    assert_eq!(secret.expose(), CLASSIC);
}

#[test]
fn kinds_are_detected_by_prefix() {
    let cases = [
        ("ghp_abc", TokenKind::ClassicPat),
        ("github_pat_11ABC", TokenKind::FineGrainedPat),
        ("gho_abc", TokenKind::OAuth),
        ("ghu_abc", TokenKind::AppUser),
        ("ghs_abc", TokenKind::Installation),
        ("ghr_abc", TokenKind::Refresh),
        (
            "0123456789abcdef0123456789abcdef01234567",
            TokenKind::Unknown,
        ),
        ("GHP_abc", TokenKind::Unknown),
        ("", TokenKind::Unknown),
    ];
    for (token, kind) in cases {
        assert_eq!(TokenKind::detect(token), kind, "{token}");
    }
    assert_eq!(Secret::new("gho_x").kind(), TokenKind::OAuth);
}

#[test]
fn only_classic_style_tokens_reach_the_packages_api() {
    let supported: Vec<TokenKind> = [
        TokenKind::ClassicPat,
        TokenKind::FineGrainedPat,
        TokenKind::OAuth,
        TokenKind::AppUser,
        TokenKind::Installation,
        TokenKind::Refresh,
        TokenKind::Unknown,
    ]
    .into_iter()
    .filter(|kind| kind.packages_api_supported())
    .collect();
    assert_eq!(supported, vec![TokenKind::ClassicPat, TokenKind::OAuth]);
}

#[test]
fn labels_are_distinct() {
    let labels = [
        TokenKind::ClassicPat.label(),
        TokenKind::FineGrainedPat.label(),
        TokenKind::OAuth.label(),
        TokenKind::AppUser.label(),
        TokenKind::Installation.label(),
        TokenKind::Refresh.label(),
        TokenKind::Unknown.label(),
    ];
    let mut unique = labels.to_vec();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), labels.len());
    assert!(TokenKind::FineGrainedPat.label().contains("Fine-grained"));
}

#[test]
fn header_is_parsed_with_spaces_and_commas() {
    let scopes = Scopes::parse_header(" repo, read:org,,write:packages  gist, repo");
    assert_eq!(
        scopes.listed(),
        &[
            Scope::Repo,
            Scope::ReadOrg,
            Scope::WritePackages,
            Scope::Other("gist".into()),
        ]
    );
    assert!(Scopes::parse_header("").is_empty());
    assert!(Scopes::parse_header(" , ").is_empty());
}

#[test]
fn scope_round_trips_through_its_name() {
    for name in [
        "repo",
        "read:org",
        "read:packages",
        "write:packages",
        "workflow",
        "admin:org",
        "gist",
    ] {
        assert_eq!(Scope::parse(name).as_str(), name);
    }
}

#[test]
fn implications_follow_github() {
    let admin = Scopes::parse_header("admin:org");
    assert!(admin.has(&Scope::ReadOrg));
    assert!(admin.has(&Scope::AdminOrg));

    let write_org = Scopes::parse_header("write:org");
    assert!(write_org.has(&Scope::ReadOrg));
    assert!(!write_org.has(&Scope::AdminOrg));

    let write_packages = Scopes::parse_header("write:packages");
    assert!(write_packages.has(&Scope::ReadPackages));

    let repo = Scopes::parse_header("repo");
    assert!(
        !repo.has(&Scope::ReadPackages),
        "repo says nothing about packages"
    );
    assert!(!repo.has(&Scope::Workflow));
    assert!(repo.has_name("public_repo"));

    let read_org = Scopes::parse_header("read:org");
    assert!(
        !read_org.has(&Scope::AdminOrg),
        "narrow never implies broad"
    );
}

#[test]
fn missing_lists_exactly_the_absent_scopes() {
    let have = Scopes::parse_header("repo, admin:org");
    assert_eq!(
        missing(&have, &required_scopes()),
        vec![Scope::ReadPackages]
    );
    let all = Scopes::parse_header("repo, read:org, write:packages");
    assert!(missing(&all, &required_scopes()).is_empty());
    assert_eq!(
        missing(&Scopes::default(), &[Scope::Workflow, Scope::Repo]),
        vec![Scope::Workflow, Scope::Repo]
    );
}

#[test]
fn catalog_marks_required_and_optional_scopes() {
    let required: Vec<&str> = scope_catalog()
        .iter()
        .filter(|info| info.required)
        .map(|info| info.name)
        .collect();
    let optional: Vec<&str> = scope_catalog()
        .iter()
        .filter(|info| !info.required)
        .map(|info| info.name)
        .collect();
    assert_eq!(required, vec!["repo", "read:org", "read:packages"]);
    assert_eq!(optional, vec!["workflow", "admin:org"]);
    for info in scope_catalog() {
        assert_eq!(info.scope.as_str(), info.name);
        assert!(!info.why.is_empty() && !info.why.contains('\n'));
        assert!(!info.used_by.is_empty());
    }
}

#[test]
fn fine_grained_token_is_told_packages_are_unknown() {
    let notes = token_check(TokenKind::FineGrainedPat, &Scopes::default());
    assert!(notes.iter().any(|note| note.message
        == "Package checks will be shown as unknown: GitHub's Packages API accepts only classic tokens (ghp_) or OAuth tokens."));
    assert!(
        !notes
            .iter()
            .any(|note| note.message.contains("Missing scope")),
        "fine-grained tokens have no scopes to miss"
    );
}

#[test]
fn missing_scopes_are_listed_against_their_checks() {
    let notes = token_check(TokenKind::OAuth, &Scopes::parse_header("repo, read:org"));
    let messages: Vec<&str> = notes.iter().map(|n| n.message.as_str()).collect();
    assert_eq!(notes.len(), 3, "{messages:?}");
    let packages = notes
        .iter()
        .find(|n| n.message.contains("`read:packages`"))
        .expect("read:packages note");
    assert_eq!(packages.level, NoteLevel::Warning);
    assert!(packages.message.contains("Package"));
    let workflow = notes
        .iter()
        .find(|n| n.message.contains("`workflow`"))
        .expect("workflow note");
    assert_eq!(workflow.level, NoteLevel::Info);
}

#[test]
fn complete_classic_token_has_no_notes() {
    let scopes = Scopes::parse_header("repo, admin:org, write:packages, workflow");
    assert!(token_check(TokenKind::ClassicPat, &scopes).is_empty());
}

#[test]
fn refresh_token_is_a_problem() {
    let notes = token_check(TokenKind::Refresh, &Scopes::default());
    assert_eq!(notes.len(), 1);
    assert_eq!(notes[0].level, NoteLevel::Problem);
}

#[test]
fn pasted_token_is_trimmed_and_accepted() {
    let secret = parse_pasted_token(&format!("  {CLASSIC}\n")).expect("valid");
    assert_eq!(secret.expose(), CLASSIC);
    let fine = "github_pat_11AAAAAAA0aaaaaaaaaaaa_bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";
    assert_eq!(
        parse_pasted_token(fine).map(|s| s.kind()),
        Ok(TokenKind::FineGrainedPat)
    );
}

#[test]
fn pasted_token_shape_errors_are_specific() {
    let cases = [
        ("", TokenInputError::Empty),
        ("   \n", TokenInputError::Empty),
        (
            &format!("Bearer {CLASSIC}") as &str,
            TokenInputError::HasAuthScheme,
        ),
        (&format!("token {CLASSIC}"), TokenInputError::HasAuthScheme),
        (
            "ghp_0123456789 abcdefABCDEF0123456789abcd",
            TokenInputError::ContainsWhitespace,
        ),
        (
            "https://github.com/settings/tokens",
            TokenInputError::BadCharacters,
        ),
        (
            "ghp_0123456789abcdef-ABCDEF0123456789abcd",
            TokenInputError::BadCharacters,
        ),
        ("ghp_short", TokenInputError::TooShort),
        (&"a".repeat(300), TokenInputError::TooLong),
    ];
    for (input, expected) in cases {
        assert_eq!(parse_pasted_token(input), Err(expected), "{input:?}");
        assert!(!expected.message().is_empty());
    }
}
