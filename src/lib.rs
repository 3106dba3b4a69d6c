//! folio turns a Markdown manuscript into an EPUB 3 and a print-ready PDF.
//!
//! # Pipeline
//! - **Reading** ([`manuscript`]): a folder with `book.toml` or one Markdown file with YAML front
//!   matter becomes a [`model::Book`]; problems become [`diag::Diagnostic`]s with file and line.
//! - **The model** ([`model`]): typed metadata, sections with roles, blocks and inlines, and
//!   checked assets. It is the only thing writers see.
//! - **Writing** ([`epub`]): the model becomes EPUB bytes. The typesetter and PDF writer read the
//!   same model.
//! - **Output** ([`output`]): files are written whole or not at all.
//! - **Books and catalogues** ([`pipeline`], [`catalogue`], [`stamp`], [`report`], [`watch`]):
//!   one book through every stage; many books in parallel, skipped when unchanged, reported as
//!   JSON; rebuilt on change while an author writes.
//!
//! The library prints nothing; the `folio` binary reports.

pub mod catalogue;
pub mod cover;
pub mod coverage;
pub mod diag;
pub mod epub;
pub mod fonts;
pub mod init;
pub mod labels;
pub mod layout;
pub mod manuscript;
pub mod model;
pub mod output;
pub mod path_json;
pub mod pdf;
pub mod pipeline;
pub mod report;
pub mod stamp;
pub mod typeset;
pub mod watch;
