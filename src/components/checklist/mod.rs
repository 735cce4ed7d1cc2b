//! The checklist's pieces: the status badge, the summary bar, one row per
//! check, and the workflow panel that closes the Workflow group.

pub mod check_row;
pub mod fix_context;
pub mod fix_panel;
pub mod share_dialog;
pub mod status_badge;
pub mod summary_bar;
pub mod verify_token;
pub mod workflow_panel;
