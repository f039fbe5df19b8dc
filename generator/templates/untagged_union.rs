/// Implements `Deserialize` for a union without a discriminator: the first variant, in the
/// spec's order, that decodes the value wins. When none does, the error says why each failed.
///
/// serde's `#[serde(untagged)]` derive does the same through its private buffer type, with an
/// expansion several times the size of this one; the value is buffered as JSON here instead.
/// The enum, written out in `models.rs`, keeps the derive for `Serialize` (which needs no
/// buffer) and is followed by `crate::macros::untagged_union!(Name { Variant, ... });`.
macro_rules! untagged_union {
    ($name:ident { $($variant:ident),* $(,)? }) => {
        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = <serde_json::Value as serde::Deserialize>::deserialize(deserializer)?;
                let mut errors = Vec::new();
                $(match serde::Deserialize::deserialize(&value).map(Self::$variant) {
                    Ok(decoded) => return Ok(decoded),
                    Err(error) => errors.push((stringify!($variant), error)),
                })*
                Err(crate::macros::no_variant_matches(stringify!($name), &errors))
            }
        }
    };
}

pub(crate) use untagged_union;

/// The error of a value that no variant of the union `name` decodes.
pub(crate) fn no_variant_matches<E: serde::de::Error>(name: &str, errors: &[(&str, serde_json::Error)]) -> E {
    let reasons: Vec<String> = errors.iter().map(|(variant, error)| format!("{variant}: {error}")).collect();
    E::custom(format_args!("the value matches no variant of {name} ({})", reasons.join("; ")))
}
