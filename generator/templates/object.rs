/// Implements `Serialize` and `Deserialize` for a model struct, from the list of its members:
/// `"wire" => field kind`, where kind is `required`, `optional` (omitted when `None`),
/// `nullable` (required but may be `null`: written even when `None`) or `default(value)`
/// (filled in when absent), then `rest field` for the map that keeps undeclared members.
///
/// serde's derive would do the same, but its expansion is several times larger (a field
/// enum with its own visitor, sequence decoding, duplicate checks): with hundreds of models
/// it made most of the crate's compile time. Unlike the derive, a repeated member keeps its
/// last value, and a JSON array is not read as a struct's members in order.
macro_rules! object {
    ($name:ident { $($wire:literal => $field:ident $kind:ident $(($default:expr))?),* $(,)? } $(rest $rest:ident)?) => {
        impl crate::macros::FromMap for $name {
            fn from_map<'de, A: serde::de::MapAccess<'de>>(mut map: A) -> Result<Self, A::Error> {
                $(let mut $field = None;)*
                $(let mut $rest = std::collections::BTreeMap::new();)?
                while let Some(key) = map.next_key::<crate::macros::Key<'de>>()? {
                    match &*key.0 {
                        $($wire => crate::macros::fill(&mut $field, &mut map),)*
                        _ => crate::macros::object!(@other map key $($rest)?),
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
    // Through `fill` too, so that a crate whose structs have no members still uses it.
    (@other $map:ident $key:ident $rest:ident) => {{
        let mut value = None;
        let decoded = crate::macros::fill(&mut value, &mut $map);
        $rest.extend(value.map(|value| ($key.0.into_owned(), value)));
        decoded
    }};
    (@other $map:ident $key:ident) => {
        crate::macros::fill(&mut None::<serde::de::IgnoredAny>, &mut $map)
    };
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
