//! Small reusable components, one per file.

pub mod checklist;
pub mod code_view;
pub mod copy_button;
pub mod demo_repos;
pub mod device_sign_in;
pub mod error_message;
pub mod field_error;
pub mod header;
pub mod icons;
pub mod maintainer_panel;
pub mod option_field;
pub mod page_focus;
pub mod pins_note;
pub mod push_commands;
pub mod rich_text;
pub mod session;
pub mod sign_in_panel;
pub mod token_paste;
