//! Sealing a secret for GitHub: a libsodium sealed box (`crypto_box_seal`:
//! X25519 + XSalsa20-Poly1305, with an ephemeral key pair whose secret half
//! is thrown away) to the repository's public key, as GitHub's secrets API
//! requires. The randomness comes from the caller — the browser's
//! `crypto.getRandomValues`, the CLI's OS — so the core stays free of any
//! platform source of entropy.

use crypto_box::aead::rand_core::{CryptoRng, Error, RngCore};
use crypto_box::PublicKey;

use crate::encoding;

/// Bytes of entropy a seal needs (the ephemeral secret key).
pub const ENTROPY_BYTES: usize = 32;

/// Why a value could not be sealed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SealError {
    /// The repository's public key is not 32 bytes of base64.
    BadPublicKey,
    /// The cipher refused (never expected for valid input).
    Cipher,
}

impl std::fmt::Display for SealError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SealError::BadPublicKey => f.write_str(
                "GitHub's public key for secrets could not be read (expected 32 bytes of base64)",
            ),
            SealError::Cipher => f.write_str("the secret could not be sealed"),
        }
    }
}

/// Hands out the caller's bytes once; refuses to repeat them.
struct GivenBytes {
    bytes: [u8; ENTROPY_BYTES],
    used: usize,
}

impl RngCore for GivenBytes {
    fn next_u32(&mut self) -> u32 {
        let mut b = [0u8; 4];
        self.fill_bytes(&mut b);
        u32::from_le_bytes(b)
    }

    fn next_u64(&mut self) -> u64 {
        let mut b = [0u8; 8];
        self.fill_bytes(&mut b);
        u64::from_le_bytes(b)
    }

    fn fill_bytes(&mut self, dest: &mut [u8]) {
        let _ = self.try_fill_bytes(dest);
    }

    fn try_fill_bytes(&mut self, dest: &mut [u8]) -> Result<(), Error> {
        let end = self.used + dest.len();
        let src = self.bytes.get(self.used..end).ok_or_else(|| {
            Error::from(
                core::num::NonZeroU32::new(Error::CUSTOM_START)
                    .unwrap_or(core::num::NonZeroU32::MIN),
            )
        })?;
        dest.copy_from_slice(src);
        self.used = end;
        Ok(())
    }
}

impl CryptoRng for GivenBytes {}

impl Drop for GivenBytes {
    fn drop(&mut self) {
        self.bytes = [0; ENTROPY_BYTES];
    }
}

/// Seals `value` to the base64 public key GitHub gave (`key` of
/// `GET …/actions/secrets/public-key`), using `entropy` for the ephemeral
/// key; returns the base64 `encrypted_value` to PUT.
pub fn seal(
    public_key_b64: &str,
    value: &[u8],
    entropy: [u8; ENTROPY_BYTES],
) -> Result<String, SealError> {
    let key = encoding::decode(public_key_b64).ok_or(SealError::BadPublicKey)?;
    let key: [u8; 32] = key.try_into().map_err(|_| SealError::BadPublicKey)?;
    let public = PublicKey::from_bytes(key);
    let mut rng = GivenBytes {
        bytes: entropy,
        used: 0,
    };
    let sealed = public
        .seal(&mut rng, value)
        .map_err(|_| SealError::Cipher)?;
    Ok(encoding::encode(&sealed))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crypto_box::SecretKey;

    #[test]
    fn opens_with_the_matching_secret_key_and_not_another() {
        let secret = SecretKey::from_bytes([7u8; 32]);
        let public = encoding::encode(secret.public_key().as_bytes());
        let sealed = seal(&public, b"ghp_example", [9u8; 32]).unwrap();
        let bytes = encoding::decode(&sealed).unwrap();
        assert_eq!(bytes.len(), 32 + 16 + b"ghp_example".len());
        assert_eq!(secret.unseal(&bytes).unwrap(), b"ghp_example");
        let other = SecretKey::from_bytes([8u8; 32]);
        assert!(other.unseal(&bytes).is_err());
    }

    #[test]
    fn refuses_a_bad_key() {
        assert_eq!(
            seal("not base64!", b"x", [1; 32]),
            Err(SealError::BadPublicKey)
        );
        assert_eq!(
            seal(&encoding::encode(&[1; 31]), b"x", [1; 32]),
            Err(SealError::BadPublicKey)
        );
    }
}
