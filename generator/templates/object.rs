/// Implements `Deserialize` and `Serialize` for a model struct, from the list of its members.
///
/// Every struct in `models.rs` is followed by a call such as
///
/// ```text
/// crate::macros::object!(Pet {
///     "petName" => pet_name required,
///     "tag" => tag optional,
///     "owner" => owner nullable,
///     "legs" => legs default(4),
/// } rest additional_properties);
/// ```
///
/// Each member is `"wire name" => field kind`; the kind says what an absent member means and
/// when the member is written:
/// - `required`: absent is an error (`missing field`); always written;
/// - `optional`: absent is `None`; written unless `None`;
/// - `nullable`: required but may be `null`; absent reads as `None`, as with serde's derive;
///   always written, `None` as `null`;
/// - `default(value)`: absent is `value`; always written.
///
/// `rest field` names the map that keeps the members the schema does not declare; without it
/// (`additionalProperties: false`) such a member is an error (`unknown field`): dropping it
/// would lose what the server sent without a word, and an untagged union relies on the error
/// to tell its variants apart.
///
/// The call expands to three impls:
/// - [`FromMap`], whose `from_map` reads the members of a JSON object in any order: the value
///   of a declared member is decoded into an `Option` slot of its own ([`fill`]), any other
///   member goes to the rest map (or is refused), then each field is taken from its slot as
///   its kind says;
/// - `Deserialize`, which asks the deserializer for a map and hands it to `from_map`
///   ([`decode_object`]);
/// - `Serialize`, which writes the declared members in their order, then the rest.
///
/// Why a macro: serde's derive would write the same impls, but its expansion is several times
/// larger (a field enum with its own visitor, sequence decoding, duplicate checks): with
/// hundreds of models it made most of the crate's compile time. Unlike the derive, a repeated
/// member keeps its last value, and a JSON array is not read as a struct's members in order.
macro_rules! object {
    ($name:ident { $($wire:literal => $field:ident $kind:ident $(($default:expr))?),* $(,)? } $(rest $rest:ident)?) => {
        impl crate::macros::FromMap for $name {
            fn from_map<'de, A: serde::de::MapAccess<'de>>(mut map: A) -> Result<Self, A::Error> {
                // One slot per declared member, named after its field.
                $(let mut $field = None;)*
                $(let mut $rest = std::collections::BTreeMap::new();)?
                while let Some(key) = map.next_key::<crate::macros::Key<'de>>()? {
                    match &*key.0 {
                        $($wire => crate::macros::fill(&mut $field, &mut map),)*
                        _ => crate::macros::object!(@other map key [$($wire),*] $($rest)?),
                    }?
                }
                Ok(Self { $($field: crate::macros::object!(@take $kind $field $wire $($default)?),)* $($rest)? })
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                crate::macros::decode_object(deserializer, stringify!($name))
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                use serde::ser::SerializeMap;
                let mut map = serializer.serialize_map(None)?;
                $(crate::macros::object!(@put $kind map $wire self.$field);)*
                $(for (key, value) in &self.$rest {
                    map.serialize_entry(key, value)?;
                })?
                map.end()
            }
        }
    };
    // The rules below are the expansion's helpers, called back by `crate::macros::object!(@...)`.
    //
    // `@other`: a member the schema does not declare goes to the rest map, decoded as the
    // map's values are (through `fill` too, so that a crate whose structs have no members
    // still uses it)...
    (@other $map:ident $key:ident [$($wire:literal),*] $rest:ident) => {{
        let mut value = None;
        let decoded = crate::macros::fill(&mut value, &mut $map);
        $rest.extend(value.map(|value| ($key.0.into_owned(), value)));
        decoded
    }};
    // ...or, without a rest map, is refused, naming the members the schema declares.
    (@other $map:ident $key:ident [$($wire:literal),*]) => {
        Err(serde::de::Error::unknown_field(&$key.0, &[$($wire),*]))
    };
    // `@take`: a field's value from its slot, once the whole object is read.
    (@take required $value:ident $wire:literal) => {
        match $value {
            Some(value) => value,
            None => return Err(serde::de::Error::missing_field($wire)),
        }
    };
    (@take optional $value:ident $wire:literal) => {
        $value.unwrap_or_default()
    };
    (@take nullable $value:ident $wire:literal) => {
        $value.unwrap_or_default()
    };
    (@take default $value:ident $wire:literal $default:expr) => {
        $value.unwrap_or_else(|| $default)
    };
    // `@put`: writes a member; only an `optional` one is left out, when it is `None`.
    (@put optional $map:ident $wire:literal $value:expr) => {
        if let Some(value) = &$value {
            $map.serialize_entry($wire, value)?;
        }
    };
    (@put $kind:ident $map:ident $wire:literal $value:expr) => {
        $map.serialize_entry($wire, &$value)?;
    };
}

pub(crate) use object;

/// A member name, borrowed from the input when the deserializer can lend it (serde's own
/// `Cow<str>` impl always copies).
pub(crate) struct Key<'de>(pub(crate) std::borrow::Cow<'de, str>);

impl<'de> serde::Deserialize<'de> for Key<'de> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl<'de> serde::de::Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a member name")
            }
            fn visit_borrowed_str<E: serde::de::Error>(self, key: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(key.into()))
            }
            fn visit_str<E: serde::de::Error>(self, key: &str) -> Result<Key<'de>, E> {
                Ok(Key(key.to_owned().into()))
            }
            fn visit_string<E: serde::de::Error>(self, key: String) -> Result<Key<'de>, E> {
                Ok(Key(key.into()))
            }
        }
        deserializer.deserialize_str(KeyVisitor)
    }
}

/// A model decoded member by member, by [`object!`].
pub(crate) trait FromMap: Sized {
    fn from_map<'de, A: serde::de::MapAccess<'de>>(map: A) -> Result<Self, A::Error>;
}

/// Decodes a JSON object into `T`; `name` is the model's name, for error messages.
pub(crate) fn decode_object<'de, T: FromMap, D: serde::Deserializer<'de>>(
    deserializer: D,
    name: &'static str,
) -> Result<T, D::Error> {
    struct ObjectVisitor<T>(&'static str, std::marker::PhantomData<T>);
    impl<'de, T: FromMap> serde::de::Visitor<'de> for ObjectVisitor<T> {
        type Value = T;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            write!(f, "an object ({})", self.0)
        }
        fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
            T::from_map(map)
        }
    }
    deserializer.deserialize_map(ObjectVisitor(name, std::marker::PhantomData))
}

/// Decodes the value of the member just named into `slot`.
pub(crate) fn fill<'de, A: serde::de::MapAccess<'de>, T: serde::Deserialize<'de>>(
    slot: &mut Option<T>,
    map: &mut A,
) -> Result<(), A::Error> {
    *slot = Some(map.next_value()?);
    Ok(())
}
