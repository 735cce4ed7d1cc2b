//! The checklist as a share link and as Markdown, made by the core exactly as
//! the web page makes them; only the compression (raw DEFLATE, what the
//! browser's `CompressionStream("deflate-raw")` writes and reads) is done here.

use ghcr_setup_core::check::suggested_options;
use ghcr_setup_core::check::Run;
use ghcr_setup_core::encoding::encode_url;
use ghcr_setup_core::share::{private_names, share_url, Snapshot};

/// The snapshot of a finished run; `hide_names` leaves runner and secret names out.
pub fn snapshot(run: &Run, at: u64, hide_names: bool) -> Snapshot {
    let target = run.target();
    let hidden = if hide_names {
        private_names(run.facts())
    } else {
        Vec::new()
    };
    let options = suggested_options(run.facts(), target).options.to_query();
    Snapshot::new(
        target.repo.as_str(),
        target.image.as_ref().map(|i| i.as_str()),
        at,
        &options,
        &run.items(at),
        &hidden,
    )
}

/// The link to `app_url` (the web app's address) that shows `snapshot`.
pub fn link(app_url: &str, snapshot: &Snapshot) -> String {
    let packed = miniz_oxide::deflate::compress_to_vec(&snapshot.to_json(), 9);
    share_url(app_url, &encode_url(&packed))
}
