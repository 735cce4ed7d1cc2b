//! The checklist as a share link, made by the core exactly as the web page
//! makes it ([`ghcr_setup_core::check::Run::snapshot`]); only the compression
//! (raw DEFLATE, what the browser's `CompressionStream("deflate-raw")` writes
//! and reads) is done here.

use ghcr_setup_core::encoding::encode_url;
use ghcr_setup_core::share::{share_url, Snapshot};

/// The link to `app_url` (the web app's address) that shows `snapshot`.
pub fn link(app_url: &str, snapshot: &Snapshot) -> String {
    let packed = miniz_oxide::deflate::compress_to_vec(&snapshot.to_json(), 9);
    share_url(app_url, &encode_url(&packed))
}
