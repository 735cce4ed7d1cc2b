//! The core's sealed box opens with libsodium itself (through PyNaCl, which
//! `cargo xtask test` installs): an implementation independent of the one
//! the core uses, so a mistake shared by both sides cannot pass.

use std::process::Command;

use ghcr_setup_core::encoding;
use ghcr_setup_core::seal::seal;

const PYTHON: &str = r#"
import base64, sys
from nacl.public import PrivateKey, SealedBox
if sys.argv[1] == "keypair":
    k = PrivateKey.generate()
    print(base64.b64encode(bytes(k)).decode(), base64.b64encode(bytes(k.public_key)).decode())
else:
    k = PrivateKey(base64.b64decode(sys.argv[2]))
    print(SealedBox(k).decrypt(base64.b64decode(sys.argv[3])).decode())
"#;

fn python(args: &[&str]) -> String {
    let out = Command::new("python3")
        .arg("-c")
        .arg(PYTHON)
        .args(args)
        .output()
        .expect("python3 runs");
    assert!(
        out.status.success(),
        "PyNaCl is needed for this test (`python3 -m pip install pynacl==1.5.0`; `cargo xtask test` installs it): {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

#[test]
fn libsodium_opens_what_the_core_seals() {
    let pair = python(&["keypair"]);
    let (secret, public) = pair.split_once(' ').expect("two keys");
    for (i, value) in [
        "ghp_SERVICEaccountTOKEN0000000000000000",
        "",
        "ü and spaces",
    ]
    .iter()
    .enumerate()
    {
        let mut entropy = [0u8; 32];
        entropy[0] = i as u8 + 1;
        entropy[31] = 0x5a;
        let sealed = seal(public, value.as_bytes(), entropy).expect("sealed");
        assert_eq!(encoding::decode(&sealed).unwrap().len(), 48 + value.len());
        assert_eq!(python(&["open", secret, &sealed]), *value);
    }
}
