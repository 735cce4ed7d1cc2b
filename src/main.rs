//! Entry point of the web app: installs the panic hook (so a bug shows as a
//! console message, never a silent blank page) and mounts the root component.

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(ghcr_setup::app::App);
}
