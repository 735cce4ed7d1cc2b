//! Typed answers of the contents endpoint: a file (base64 content) or a
//! directory listing, and the commit answer of a write.

use serde::Deserialize;

use super::ApiError;

/// A file as `GET …/contents/{path}` returns it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct FileContent {
    pub path: String,
    /// The blob SHA, needed to update the file.
    pub sha: String,
    #[serde(default)]
    pub content: String,
    #[serde(default)]
    pub encoding: Option<String>,
    #[serde(default)]
    pub html_url: Option<String>,
}

impl FileContent {
    /// The file's text (base64 decoded; GitHub wraps lines).
    pub fn text(&self) -> Result<String, ApiError> {
        if self.encoding.as_deref().is_some_and(|e| e != "base64") {
            return Err(ApiError::Malformed(format!(
                "{} is sent with an encoding this tool does not read",
                self.path
            )));
        }
        let bytes = crate::encoding::decode(&self.content)
            .ok_or_else(|| ApiError::Malformed(format!("{} is not valid base64", self.path)))?;
        String::from_utf8(bytes)
            .map_err(|_| ApiError::Malformed(format!("{} is not UTF-8 text", self.path)))
    }
}

/// One entry of a directory listing.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct DirEntry {
    pub name: String,
    pub path: String,
    /// `file`, `dir`, `symlink` or `submodule`.
    #[serde(rename = "type")]
    pub kind: String,
}

/// What `GET …/contents/{path}` returned.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(untagged)]
pub enum Contents {
    Dir(Vec<DirEntry>),
    File(FileContent),
}
