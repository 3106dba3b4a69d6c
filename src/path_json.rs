//! Paths in JSON (a stamp's book, inputs and warnings), including those that are not UTF-8: as
//! a string when they are text, else as their bytes in hex, so a book in a Latin-1 folder keeps
//! its stamp instead of being rebuilt on every run.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A path as written: plain text, or bytes that are not UTF-8.
#[derive(Serialize, Deserialize)]
#[serde(untagged)]
enum Written {
    /// Most paths: text, as serde writes a path.
    Text(String),
    /// The path's bytes in hex.
    Bytes {
        /// Lowercase hex, two digits a byte.
        bytes_hex: String,
    },
}

/// Writes a path (`#[serde(with = "crate::path_json")]`).
pub fn serialize<S: Serializer>(path: &Path, s: S) -> Result<S::Ok, S::Error> {
    written(path).serialize(s)
}

/// Reads a path written by [`serialize`].
pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<PathBuf, D::Error> {
    read(Written::deserialize(d)?).ok_or_else(|| serde::de::Error::custom("not a path"))
}

/// The same for an optional path.
pub mod option {
    use super::*;

    /// Writes an optional path.
    pub fn serialize<S: Serializer>(path: &Option<PathBuf>, s: S) -> Result<S::Ok, S::Error> {
        path.as_deref().map(written).serialize(s)
    }

    /// Reads an optional path.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<PathBuf>, D::Error> {
        match Option::<Written>::deserialize(d)? {
            None => Ok(None),
            Some(w) => read(w).map(Some).ok_or_else(|| serde::de::Error::custom("not a path")),
        }
    }
}

fn written(path: &Path) -> Written {
    match path.to_str() {
        Some(text) => Written::Text(text.to_string()),
        None => Written::Bytes { bytes_hex: bytes(path).iter().map(|b| format!("{b:02x}")).collect() },
    }
}

fn read(w: Written) -> Option<PathBuf> {
    match w {
        Written::Text(text) => Some(PathBuf::from(text)),
        Written::Bytes { bytes_hex } => {
            let digits = bytes_hex.as_bytes();
            if digits.len() % 2 != 0 {
                return None;
            }
            let raw = digits
                .chunks(2)
                .map(|pair| u8::from_str_radix(std::str::from_utf8(pair).ok()?, 16).ok())
                .collect::<Option<Vec<u8>>>()?;
            from_bytes(raw)
        }
    }
}

/// A path's bytes: exact on Unix, where a path is any bytes.
#[cfg(unix)]
fn bytes(path: &Path) -> Vec<u8> {
    use std::os::unix::ffi::OsStrExt;
    path.as_os_str().as_bytes().to_vec()
}

/// Elsewhere a path that is not text is written lossily: it then names no file, and its stamp
/// matches nothing, which costs a rebuild but never keeps a wrong output.
#[cfg(not(unix))]
fn bytes(path: &Path) -> Vec<u8> {
    path.to_string_lossy().into_owned().into_bytes()
}

#[cfg(unix)]
fn from_bytes(raw: Vec<u8>) -> Option<PathBuf> {
    use std::os::unix::ffi::OsStringExt;
    Some(PathBuf::from(std::ffi::OsString::from_vec(raw)))
}

#[cfg(not(unix))]
fn from_bytes(raw: Vec<u8>) -> Option<PathBuf> {
    String::from_utf8(raw).ok().map(PathBuf::from)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Serialize, Deserialize, PartialEq, Debug)]
    struct Holder {
        #[serde(with = "super")]
        path: PathBuf,
        #[serde(with = "super::option")]
        real: Option<PathBuf>,
    }

    #[test]
    fn text_paths_stay_strings_and_others_come_back_byte_for_byte() {
        let text = Holder { path: PathBuf::from("books/café"), real: None };
        let json = serde_json::to_string(&text).unwrap();
        assert_eq!(json, r#"{"path":"books/café","real":null}"#);
        assert_eq!(serde_json::from_str::<Holder>(&json).unwrap(), text);
        #[cfg(unix)]
        {
            use std::os::unix::ffi::OsStrExt;
            let latin1 = PathBuf::from(std::ffi::OsStr::from_bytes(b"books/caf\xe9"));
            let held = Holder { path: latin1.clone(), real: Some(latin1) };
            let json = serde_json::to_string(&held).unwrap();
            assert!(json.contains(r#"{"bytes_hex":"626f6f6b732f636166e9"}"#), "{json}");
            assert_eq!(serde_json::from_str::<Holder>(&json).unwrap(), held);
        }
    }
}
