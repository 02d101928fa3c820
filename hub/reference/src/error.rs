//! What the reference service refuses: a refusal of the registry's kinds (who may, what
//! exists), or a file whose rows are wrong, each naming file, line and field (R20).

use tanba_domain::Msg;
use tanba_registry::RegistryError;
use tanba_store::StoreError;

/// At most this many row errors are reported for one file; the rest are counted.
pub const MAX_ROW_ERRORS: usize = 100;

/// One wrong row (or header) of an import file.
#[derive(Debug, Clone)]
pub struct RowError {
    /// The line in the file, from 1 (the header is line 1 when the file has no comments).
    pub line: u64,
    /// The column (`code`, `valid_from`, `name_kk`, an attribute).
    pub field: String,
    /// Stable machine code (`REFERENCE_DATE_INVALID`).
    pub code: &'static str,
    /// What is wrong and what to do; names the file, line and field.
    pub msg: Msg,
}

/// Why an import or a read was refused.
#[derive(Debug, Clone)]
pub enum ReferenceError {
    /// Forbidden, not found, invalid query, or the database is away.
    Refused(RegistryError),
    /// The file has wrong rows; nothing was imported.
    Rows {
        /// The file's name as given.
        file: String,
        /// The first [`MAX_ROW_ERRORS`] wrong rows, by line.
        errors: Vec<RowError>,
        /// How many more were found and not listed.
        more: usize,
    },
}

impl ReferenceError {
    /// The summary a person reads first: how many rows of which file are wrong.
    pub fn msg(&self) -> Msg {
        match self {
            ReferenceError::Refused(e) => e.msg.clone(),
            ReferenceError::Rows { file, errors, more } => Msg::new("reference-file-rejected")
                .with("file", file)
                .with_number("count", (errors.len() + more) as i64),
        }
    }

    /// The wrong rows, if that is why.
    pub fn rows(&self) -> &[RowError] {
        match self {
            ReferenceError::Refused(_) => &[],
            ReferenceError::Rows { errors, .. } => errors,
        }
    }

    /// The stable machine code.
    pub fn code(&self) -> &'static str {
        match self {
            ReferenceError::Refused(e) => e.code,
            ReferenceError::Rows { .. } => "REFERENCE_FILE_INVALID",
        }
    }
}

impl From<RegistryError> for ReferenceError {
    fn from(e: RegistryError) -> Self {
        ReferenceError::Refused(e)
    }
}

impl From<StoreError> for ReferenceError {
    fn from(e: StoreError) -> Self {
        ReferenceError::Refused(e.into())
    }
}

/// Collects row errors up to [`MAX_ROW_ERRORS`], counting the rest.
#[derive(Debug, Default)]
pub(crate) struct RowErrors {
    pub(crate) errors: Vec<RowError>,
    pub(crate) more: usize,
}

impl RowErrors {
    pub(crate) fn push(&mut self, error: RowError) {
        if self.errors.len() < MAX_ROW_ERRORS {
            self.errors.push(error);
        } else {
            self.more += 1;
        }
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.errors.is_empty()
    }

    /// The refusal of `file`, errors by line.
    pub(crate) fn into_error(mut self, file: &str) -> ReferenceError {
        self.errors.sort_by_key(|e| e.line);
        ReferenceError::Rows {
            file: file.to_owned(),
            errors: self.errors,
            more: self.more,
        }
    }
}

/// Where in a file something is wrong; makes the row's errors.
#[derive(Debug, Clone, Copy)]
pub(crate) struct At<'a> {
    pub(crate) file: &'a str,
    pub(crate) line: u64,
}

impl At<'_> {
    /// The error `code` at `field`: `msg` receives `file`, `line` and `field`.
    pub(crate) fn error(self, field: &str, code: &'static str, msg: Msg) -> RowError {
        RowError {
            line: self.line,
            field: field.to_owned(),
            code,
            msg: msg
                .with("file", self.file)
                .with("line", self.line)
                .with("field", field.to_owned()),
        }
    }
}
