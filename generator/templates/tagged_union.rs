/// Implements `Deserialize` for a union discriminated by a property: a known value selects
/// its variant (and a body that does not match that variant is an error); an unknown or
/// missing value keeps the raw JSON in the catch-all variant, so new kinds of values do not
/// break decoding. The enum is written out in `models.rs`, followed by
/// `crate::macros::tagged_union!(Name, "property" { "value" => Variant, ... } other Other);`;
/// it serialises with serde's derive (`untagged`), each variant writing its own property.
macro_rules! tagged_union {
    ($name:ident, $property:literal { $($value:literal => $variant:ident,)* } other $other:ident) => {
        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = serde_json::Value::deserialize(deserializer)?;
                match value.get($property).and_then(serde_json::Value::as_str) {
                    $(Some($value) => serde_json::from_value(value).map(Self::$variant).map_err(serde::de::Error::custom),)*
                    _ => Ok(Self::$other(value)),
                }
            }
        }
    };
}

pub(crate) use tagged_union;
