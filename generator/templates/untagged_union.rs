/// Implements `Deserialize` for a union without a discriminator: the first variant, in the
/// spec's order, that decodes the value wins.
///
/// serde's `#[serde(untagged)]` derive does the same through its private buffer type, with an
/// expansion several times the size of this one; the value is buffered as JSON here instead.
macro_rules! untagged_union {
    ($name:ident { $($variant:ident),* $(,)? }) => {
        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = <serde_json::Value as serde::Deserialize>::deserialize(deserializer)?;
                $(if let Ok(decoded) = serde::Deserialize::deserialize(&value).map(Self::$variant) {
                    return Ok(decoded);
                })*
                Err(serde::de::Error::custom(concat!("the value matches no variant of ", stringify!($name))))
            }
        }
    };
}

pub(crate) use untagged_union;
