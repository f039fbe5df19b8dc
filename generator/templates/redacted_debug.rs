/// Implements `Debug` for a model with secret members (passwords, client secrets, keys,
/// tokens): each is written `<redacted>` (or `None`), so that logging a request body or a
/// response does not leak them. The struct is followed by
/// `crate::macros::redacted_debug!(Name { "field" => field shown, "password" => password secret, ... });`,
/// with its additional-members map `shown`.
macro_rules! redacted_debug {
    ($name:ident { $($label:literal => $field:ident $kind:ident),* $(,)? }) => {
        impl std::fmt::Debug for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.debug_struct(stringify!($name))
                    $(.field($label, crate::macros::redacted_debug!(@ $kind self.$field)))*
                    .finish()
            }
        }
    };
    (@ shown $value:expr) => {
        &$value
    };
    (@ secret $value:expr) => {
        &crate::macros::Redacted(&$value)
    };
}

pub(crate) use redacted_debug;

/// A secret as `Debug` shows it: whether it is there, never what it is.
pub(crate) struct Redacted<'a, T>(pub &'a T);

impl std::fmt::Debug for Redacted<'_, String> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("<redacted>")
    }
}

impl std::fmt::Debug for Redacted<'_, Option<String>> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.0 {
            Some(_) => f.write_str("Some(<redacted>)"),
            None => f.write_str("None"),
        }
    }
}
