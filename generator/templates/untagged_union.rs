/// Implements `Deserialize` for a union without a discriminator: the variant, among those that
/// decode the value, that accounts for it best. `oneOf` means exactly one variant matches, but
/// open structs decode any object, so the first one to decode is not enough:
/// - a variant whose `{ "property" = "tag" }` (one-value enums it declares) the value
///   contradicts is not tried;
/// - `rest(field)` is a struct that keeps undeclared members in `field`: the fewer it keeps,
///   the better it fits (a struct that forbids them rejects them when decoding);
/// - `known(Enum Other)` is an open enum: a value it does not know fits worse than one it does;
/// - `any` takes anything, so it is taken only when nothing typed decodes;
/// - the first variant (in the spec's order) that fits perfectly wins, and ties go to the
///   earlier variant.
///
/// With `other Other`, a value no variant decodes is kept as JSON in that variant instead of
/// being refused, so that nothing the server sends is lost. Without it, the error says why each
/// variant failed.
///
/// serde's `#[serde(untagged)]` derive tries variants in order through its private buffer
/// type, with an expansion several times the size of this one; the value is buffered as JSON
/// here instead. The enum, written out in `models.rs`, keeps the derive for `Serialize` (which
/// needs no buffer) and is followed by `crate::macros::untagged_union!(Name { Variant, ... });`.
macro_rules! untagged_union {
    ($name:ident {
        $($variant:ident $({ $($property:literal = $tag:literal),* })? $($fit:ident $(($($how:tt)*))?)?),* $(,)?
    } $(other $other:ident)?) => {
        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = <serde_json::Value as serde::Deserialize>::deserialize(deserializer)?;
                let mut errors = Vec::new();
                // The best variant so far, with how many parts of the value it did not account for.
                let mut best: Option<(usize, Self)> = None;
                $(if best.as_ref().is_none_or(|(misfit, _)| *misfit > 0) {
                    let decoded = crate::macros::check_tags(&value, &[$($(($property, $tag)),*)?])
                        .and_then(|()| crate::macros::decode_variant(Self::$variant, &value));
                    match decoded {
                        Ok(decoded) => {
                            let misfit = crate::macros::untagged_union!(@misfit decoded $($fit $(($($how)*))?)?);
                            if best.as_ref().is_none_or(|(best, _)| misfit < *best) {
                                best = Some((misfit, Self::$variant(decoded)));
                            }
                        }
                        Err(error) => errors.push((stringify!($variant), error)),
                    }
                })*
                match best {
                    Some((_, decoded)) => Ok(decoded),
                    None => crate::macros::untagged_union!(@none $name value errors $($other)?),
                }
            }
        }
    };
    // `@misfit`: how badly a decoded variant accounts for the value (0: perfectly).
    (@misfit $decoded:ident) => {
        0
    };
    (@misfit $decoded:ident rest($field:ident)) => {
        $decoded.$field.len()
    };
    (@misfit $decoded:ident known($enum:ident $unknown:ident)) => {
        usize::from(matches!($decoded, $enum::$unknown(_)))
    };
    (@misfit $decoded:ident any) => {
        usize::MAX
    };
    // `@none`: no variant decodes the value; it is kept whole, or refused.
    (@none $name:ident $value:ident $errors:ident $other:ident) => {
        Ok(Self::$other($value))
    };
    // Written out here rather than in a function, which a crate whose unions all keep what
    // they cannot decode would not use.
    (@none $name:ident $value:ident $errors:ident) => {{
        let reasons: Vec<String> = $errors.iter().map(|(variant, error)| format!("{variant}: {error}")).collect();
        Err(serde::de::Error::custom(format_args!(
            "the value matches no variant of {} ({})",
            stringify!($name),
            reasons.join("; ")
        )))
    }};
}

pub(crate) use untagged_union;

/// Checks that `value` does not contradict the tags of a variant: each `(property, tag)` is a
/// property the variant declares with a single allowed value, which the value must have when
/// it has the property at all.
pub(crate) fn check_tags(value: &serde_json::Value, tags: &[(&str, &str)]) -> Result<(), serde_json::Error> {
    for (property, tag) in tags {
        match value.get(property) {
            Some(serde_json::Value::String(found)) if found == tag => {}
            None => {}
            Some(found) => {
                return Err(serde::de::Error::custom(format_args!("`{property}` is {found}, not \"{tag}\"")));
            }
        }
    }
    Ok(())
}

/// Decodes `value` as the type `variant` holds (named by the variant's constructor, so that the
/// decoded value's type is known before it is wrapped).
pub(crate) fn decode_variant<'v, T: serde::Deserialize<'v>, U>(
    variant: fn(T) -> U,
    value: &'v serde_json::Value,
) -> Result<T, serde_json::Error> {
    let _ = variant;
    T::deserialize(value)
}
