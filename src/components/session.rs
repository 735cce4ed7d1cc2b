//! Who is signed in, shared as context.
//!
//! The token lives in memory only. It is written to localStorage only when
//! the person ticks "Remember on this device" on a page allowed to (the core's
//! [`remember`] decides where, for how long, and which failures forget it),
//! and "Sign out" removes it from both. It is never put into a URL, the DOM
//! or the console.

use crate::browser;
use crate::config::Settings;
use crate::driver;
use ghcr_setup_core::api::{ApiError, Endpoint, EtagCache, User};
use ghcr_setup_core::check::Identity;
use ghcr_setup_core::remember::{self, Restored};
use ghcr_setup_core::token::{token_check, Scopes, Secret, TokenKind, TokenNote};
use leptos::prelude::*;

const TOKEN_KEY: &str = "ghcr-setup.token";

/// A verified sign-in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedIn {
    pub login: String,
    pub kind: TokenKind,
    /// `None` when GitHub sends no `X-OAuth-Scopes` (fine-grained and App tokens).
    pub scopes: Option<Scopes>,
    pub notes: Vec<TokenNote>,
    /// When the remembered token expires; `None`: kept in memory only.
    pub remembered_until_ms: Option<u64>,
}

/// Session state: the token (memory) and what GitHub said about it.
#[derive(Clone, Copy)]
pub struct Session {
    token: RwSignal<Option<Secret>>,
    pub user: RwSignal<Option<SignedIn>>,
    /// A remembered token is being verified at start-up.
    pub restoring: RwSignal<bool>,
    /// Why a remembered token could not be verified (offline, GitHub down):
    /// it is kept, and the sign-in panel offers to try again.
    pub restore_problem: RwSignal<Option<String>>,
    /// Conditional-request cache kept between checks (answers depend on the
    /// token, so it is emptied on every sign-in and sign-out).
    etags: StoredValue<EtagCache, LocalStorage>,
}

impl Session {
    pub fn login(&self) -> Option<String> {
        self.user.with(|u| u.as_ref().map(|u| u.login.clone()))
    }

    /// The token, if signed in, without subscribing to changes.
    pub fn token_untracked(&self) -> Option<Secret> {
        self.token.get_untracked()
    }

    /// The token, if signed in. A tracked read: an effect that calls this
    /// re-runs when the person signs in or out (the check page relies on it).
    pub fn token(&self) -> Option<Secret> {
        self.token.get()
    }

    pub fn is_signed_in(&self) -> bool {
        self.user.with(Option::is_some)
    }

    /// What the checklist engine needs to know about the signed-in token.
    pub fn identity(&self) -> Option<Identity> {
        self.user.with_untracked(|u| {
            u.as_ref().map(|u| Identity {
                login: Some(u.login.clone()),
                kind: u.kind,
                scopes: u.scopes.clone(),
            })
        })
    }

    /// The conditional-request cache of earlier checks (taken out).
    pub fn take_etags(&self) -> EtagCache {
        self.etags
            .try_update_value(std::mem::take)
            .unwrap_or_default()
    }

    /// Keeps a check's cache for the next one.
    pub fn keep_etags(&self, cache: EtagCache) {
        self.etags.set_value(cache);
    }

    /// Verifies `token` with `GET /user`; on success keeps it in memory (and
    /// in localStorage when `remember` and this page may remember).
    pub async fn sign_in(
        &self,
        settings: &Settings,
        token: Secret,
        remember: bool,
    ) -> Result<SignedIn, ApiError> {
        let now = browser::now_ms();
        let keep = remember.then(|| remember::encode(&token, now));
        self.verify(settings, token, keep).await
    }

    /// Verifies `token`; `keep` is what to store (`None`: memory only).
    async fn verify(
        &self,
        settings: &Settings,
        token: Secret,
        keep: Option<String>,
    ) -> Result<SignedIn, ApiError> {
        self.etags.set_value(EtagCache::new());
        let answer = driver::call(&settings.api_base, Some(&token), Endpoint::User, None).await?;
        let user: User = answer.parse()?;
        let kind = token.kind();
        let notes = token_check(kind, answer.scopes.as_ref().unwrap_or(&Scopes::default()));
        let now = browser::now_ms();
        let keep = keep.filter(|_| may_remember());
        let remembered_until_ms = match keep {
            Some(text) if browser::local_set(TOKEN_KEY, &text) => {
                match remember::decode(&text, now) {
                    Restored::Token { expires_ms, .. } => Some(expires_ms),
                    _ => None,
                }
            }
            _ => {
                browser::local_remove(TOKEN_KEY);
                None
            }
        };
        let signed = SignedIn {
            login: user.login,
            kind,
            scopes: answer.scopes,
            notes,
            remembered_until_ms,
        };
        self.token.set(Some(token));
        self.user.set(Some(signed.clone()));
        Ok(signed)
    }

    /// Verifies the remembered token again (at start-up, or when the
    /// person asks after it could not be verified). It is forgotten only
    /// when GitHub rejects it; expired or unreadable, it is removed unread.
    pub fn restore(&self) {
        let Some(saved) = browser::local_get(TOKEN_KEY) else {
            return;
        };
        let (token, expires_ms) = match remember::decode(&saved, browser::now_ms()) {
            Restored::Token { token, expires_ms } => (token, expires_ms),
            Restored::Expired | Restored::Unreadable => {
                browser::local_remove(TOKEN_KEY);
                return;
            }
        };
        let session = *self;
        session.restoring.set(true);
        session.restore_problem.set(None);
        let settings = Settings::load();
        leptos::task::spawn_local(async move {
            // The stored text is kept as it is: restoring does not extend the term.
            let keep = remember::encode_until(&token, expires_ms);
            match session.verify(&settings, token, Some(keep)).await {
                Ok(_) => {}
                Err(err) if remember::forget_after(&err) => session.sign_out(),
                Err(err) => session.restore_problem.set(Some(format!(
                    "Your remembered sign-in could not be checked: {}. It is still remembered; try again when GitHub can be reached.",
                    err.title().trim_end_matches('.')
                ))),
            }
            session.restoring.set(false);
        });
    }

    /// Forgets the token everywhere.
    pub fn sign_out(&self) {
        self.restore_problem.set(None);
        browser::local_remove(TOKEN_KEY);
        self.etags.set_value(EtagCache::new());
        self.token.set(None);
        self.user.set(None);
    }
}

/// Creates the session (restoring a remembered token) and provides it.
pub fn provide_session() {
    let session = Session {
        token: RwSignal::new(None),
        user: RwSignal::new(None),
        restoring: RwSignal::new(false),
        restore_problem: RwSignal::new(None),
        etags: StoredValue::new_local(EtagCache::new()),
    };
    provide_context(session);
    session.restore();
}

/// Whether this page may keep a token in storage (see
/// [`remember::remember_place`]).
pub fn may_remember() -> bool {
    remember::remember_place(&browser::current_url()).is_allowed()
}

pub fn use_session() -> Session {
    expect_context::<Session>()
}
