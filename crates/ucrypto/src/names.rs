//! The names of this crate's enums, defined once and read both ways.
//!
//! Every user-facing spelling of a value (a CLI choice, a Python argument, a line of `--help`,
//! a word in an error message) comes from one `named!` table next to the enum, the way
//! rustls derives value-to-name and name-to-value from one `enum_builder!`. The adapters map
//! to these names at their edge and never spell them again.

use crate::error::Error;

/// An enum whose every value has one canonical name and a one-line description.
pub trait Named: Copy + PartialEq + Sized + 'static {
    /// Every value, in the order they are offered to users.
    const ALL: &'static [Self];

    /// The canonical name: what users type and what messages print.
    fn name(self) -> &'static str;

    /// One line for help texts.
    fn description(self) -> &'static str;

    /// The value with this canonical name.
    #[must_use]
    fn from_name(name: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|v| v.name() == name)
    }

    /// What a value of this enum is, for messages: "mode", "padding".
    const KIND: &'static str;

    /// The value named `name`.
    ///
    /// # Errors
    /// [`Error::UnknownName`] listing the names there are.
    fn parse(name: &str) -> Result<Self, Error> {
        Self::from_name(name).ok_or_else(|| Error::UnknownName {
            kind: Self::KIND,
            given: clip(name),
            choices: Self::choices("'"),
        })
    }

    /// The names of every value joined for a message, each between `quote`s:
    /// `'a', 'b' or 'c'`.
    #[must_use]
    fn choices(quote: &str) -> String {
        either(
            Self::ALL
                .iter()
                .map(|v| format!("{quote}{}{quote}", v.name())),
        )
    }
}

/// Items joined for a sentence: `a`, `a or b`, `a, b or c`.
pub fn either(items: impl IntoIterator<Item = String>) -> String {
    let items: Vec<String> = items.into_iter().collect();
    match items.split_last() {
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
        None => String::new(),
    }
}

/// At most this many characters of a rejected name are repeated back.
const ECHO_LIMIT: usize = 40;

/// Text from a user, cut short (to 40 characters) so that a message never repeats a long
/// argument whole.
pub fn clip(text: &str) -> String {
    match text.char_indices().nth(ECHO_LIMIT) {
        Some((at, _)) => format!("{}...", &text[..at]),
        None => text.to_owned(),
    }
}

/// Implements [`Named`] (and `Display`, as the name) for an enum from one table:
/// `Type, "kind" { Variant => ("name", "description"), ... }`.
macro_rules! named {
    ($ty:ty, $kind:literal { $($variant:ident => ($name:literal, $desc:literal)),+ $(,)? }) => {
        impl $crate::names::Named for $ty {
            const ALL: &'static [Self] = &[$(Self::$variant),+];
            const KIND: &'static str = $kind;

            fn name(self) -> &'static str {
                match self {
                    $(Self::$variant => $name),+
                }
            }

            fn description(self) -> &'static str {
                match self {
                    $(Self::$variant => $desc),+
                }
            }
        }

        impl core::fmt::Display for $ty {
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                f.write_str($crate::names::Named::name(*self))
            }
        }
    };
}
pub(crate) use named;

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::Named;
    use crate::aes::Mode;
    use crate::rsa::Padding;

    fn round_trip<T: Named + core::fmt::Debug>() {
        for &v in T::ALL {
            assert_eq!(T::from_name(v.name()), Some(v));
            assert!(!v.description().is_empty());
        }
        assert_eq!(T::from_name("no such name"), None);
    }

    #[test]
    fn every_name_reads_back() {
        round_trip::<Mode>();
        round_trip::<Padding>();
        round_trip::<crate::aes::BlockPadding>();
        round_trip::<crate::aes::Engine>();
        round_trip::<crate::aes::CpuClass>();
        round_trip::<crate::rsa::KeySize>();
        round_trip::<crate::rsa::KeyFormat>();
        round_trip::<crate::jwt::Form>();
    }

    #[test]
    fn choices_read_as_a_sentence() {
        assert_eq!(Padding::choices("'"), "'pkcs1v15' or 'oaep'");
        assert_eq!(Mode::choices(""), "ecb, cbc, cfb8, cfb128 or ctr");
        let err = Padding::parse(&"x".repeat(1000)).unwrap_err().to_string();
        assert!(
            err.starts_with("padding must be 'pkcs1v15' or 'oaep', not \"xxx"),
            "{err}"
        );
        assert!(err.len() < 120, "a long name is echoed whole: {err}");
    }
}
