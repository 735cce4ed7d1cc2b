//! The token-secret fix: read the repository's public key, seal the verified
//! token with it (the value never leaves this step unsealed), and create or
//! replace the secret. The token and the entropy are dropped as soon as the
//! sealed value exists.

use serde::Serialize;

use super::{refusal, Role, Step};
use crate::api::actions::SecretsPublicKey;
use crate::api::{ApiError, Endpoint};
use crate::engine::Success;
use crate::names::{RepoSlug, SecretName};
use crate::seal::{seal, ENTROPY_BYTES};
use crate::token::Secret;

#[derive(Serialize)]
struct PutSecretBody<'a> {
    encrypted_value: &'a str,
    key_id: &'a str,
}

/// Creates or replaces one repository secret.
pub(crate) struct SecretExec {
    repo: RepoSlug,
    name: SecretName,
    value: Option<Secret>,
    entropy: Option<[u8; ENTROPY_BYTES]>,
    sent_put: bool,
}

impl std::fmt::Debug for SecretExec {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SecretExec")
            .field("repo", &self.repo)
            .field("name", &self.name)
            .field("value", &self.value.as_ref().map(|_| "***"))
            .finish()
    }
}

impl SecretExec {
    pub(crate) fn new(
        repo: &RepoSlug,
        name: SecretName,
        value: Secret,
        entropy: [u8; ENTROPY_BYTES],
    ) -> Self {
        SecretExec {
            repo: repo.clone(),
            name,
            value: Some(value),
            entropy: Some(entropy),
            sent_put: false,
        }
    }

    pub(crate) fn start(&mut self) -> Step {
        Step::Send(
            Endpoint::SecretsPublicKey {
                repo: self.repo.clone(),
            },
            None,
        )
    }

    pub(crate) fn answered(&mut self, result: Result<Success, ApiError>) -> Step {
        let what = format!("store the secret `{}`", self.name);
        let success = match result {
            Ok(s) => s,
            Err(err) => {
                self.forget();
                return Step::failed(refusal(&err, &what, Role::Writer));
            }
        };
        if self.sent_put {
            return Step::ok(if success.status == 201 {
                format!("Created the repository secret `{}` in {}. The token was sealed in this browser and then forgotten.", self.name, self.repo)
            } else {
                format!("Replaced the repository secret `{}` in {}. The token was sealed in this browser and then forgotten.", self.name, self.repo)
            });
        }
        let key: SecretsPublicKey = match success.parse() {
            Ok(k) => k,
            Err(err) => {
                self.forget();
                return Step::failed(refusal(&err, &what, Role::Writer));
            }
        };
        let (Some(value), Some(entropy)) = (self.value.take(), self.entropy.take()) else {
            return Step::failed("The token to store is no longer in memory; verify it again.");
        };
        let sealed = seal(&key.key, value.expose().as_bytes(), entropy);
        drop(value);
        match sealed {
            Ok(encrypted_value) => {
                self.sent_put = true;
                let body = serde_json::to_string(&PutSecretBody {
                    encrypted_value: &encrypted_value,
                    key_id: &key.key_id,
                })
                .ok();
                Step::Send(
                    Endpoint::PutSecret {
                        repo: self.repo.clone(),
                        secret_name: self.name.clone(),
                    },
                    body,
                )
            }
            Err(err) => Step::failed(format!("The secret was not stored: {err}.")),
        }
    }

    fn forget(&mut self) {
        self.value = None;
        self.entropy = None;
    }
}
